"""Every pattern the parser knows, in one commented table each.

A new numbering style is one line in ``NUMBERING`` and one test; a new kind of source line is one
line in ``SOURCE_LINES``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from statement_site.numerals import CHARACTERS, to_chinese, to_int

CN = f"[{CHARACTERS}]+"  # a run of Chinese numeral characters, checked by numerals.to_int


def _arabic(numeral: str) -> int | None:
    value = int(numeral)
    return value if value > 0 and not numeral.startswith("0") else None


def _any_numeral(numeral: str) -> int | None:
    return _arabic(numeral) if numeral.isdigit() else to_int(numeral)


@dataclass(frozen=True)
class Numbering:
    """A way of numbering clauses: how a label looks, how to read its number, how to write one."""

    name: str
    label: re.Pattern[str]  # matches a whole label; the group "n" holds the numeral
    value: Callable[[str], int | None]
    write: Callable[[int], str]  # the label for a number, for error messages

    def number(self, match: re.Match[str]) -> int | None:
        return self.value(match.group("n"))


# Order matters: at one place the first style that matches wins (第一条 before 一、).
NUMBERING: tuple[Numbering, ...] = (
    # 第一条 … 第二十一条 (articles of a treaty or agreement; also 第1条)
    Numbering("article", re.compile(rf"第(?P<n>{CN}|[0-9]{{1,4}})条"), _any_numeral,
              lambda n: f"第{to_chinese(n)}条"),
    # 一、 … 四十七、 … 一百零一、 (numbered paragraphs of a joint statement)
    Numbering("paragraph", re.compile(rf"(?P<n>{CN})、"), to_int, lambda n: f"{to_chinese(n)}、"),
    # （一） … （十二） (items; the top level of some statements)
    Numbering("item", re.compile(rf"[（(](?P<n>{CN})[）)]"), to_int, lambda n: f"（{to_chinese(n)}）"),
    # 1. 1． 1、 (arabic numbering; not 1.5)
    Numbering("arabic", re.compile(r"(?P<n>[0-9]{1,4})(?:[.．、](?![0-9]))"), _arabic,
              lambda n: f"{n}."),
    # （1） (1)
    Numbering("arabic-item", re.compile(r"[（(](?P<n>[0-9]{1,4})[）)]"), _arabic,
              lambda n: f"（{n}）"),
)  # fmt: skip

# A chapter or section heading on a line of its own: 第一章　总则, 第二节 合作, 第三部分
HEADING = re.compile(rf"第(?:{CN}|[0-9]{{1,4}})(?:章|节|编|部分)(?![^\S\r\n]*[，,。；;])[^\r\n]*")

# Whitespace on a line (U+3000 is the ideographic space that indents Chinese paragraphs).
INLINE_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\ufeff"
LINE_BREAKS = "\r\n\u2028\u2029\x0b\x0c\x85"

# A paragraph break: whitespace holding a line break, or two or more ideographic spaces (the
# way a text copied from a web page often separates its paragraphs on one line).
PARAGRAPH_BREAK = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]\s*|\s*\u3000{2,}\s*")

# A label may follow these without any whitespace (a text whose clauses run on): 。二、
SENTENCE_END = "。！!？?"
# …and these only inside a clause, for an enumeration: 同意：一、…；二、…
ENUMERATION_END = "；;：:"
CLOSERS = "”’」』）)】》\"'"

# A paragraph that ends like this continues the text; one that does not (a signature line,
# a place and date) starts the closing part after the last clause.
CONTINUES = re.compile(r"[。；;！!？?：:…][”’」』）)】\"']*$")

# Source lines and end marks after the last clause (or, for a dateline, before the first).
SOURCE_LINES: tuple[re.Pattern[str], ...] = (
    # （新华社北京11月2日电）, （中新社…电）, （人民日报…电）
    re.compile(r"[（(][^（）()\r\n]{0,40}?(?:社|报|台|网|记者)[^（）()\r\n]{0,30}?电[）)]"),
    # 新华社北京11月2日电 as a line of its own
    re.compile(r"[^\s（）()，。]{1,12}(?:社|报|台|网)[^\s（）()，。]{0,20}?电"),
    # （完）, （全文完）
    re.compile(r"[（(](?:全文)?完[）)]"),
    # 来源：外交部网站, （来源：新华网）
    re.compile(r"[（(]?(?:来源|出处|资料来源|Source)[:：][^\r\n]{1,80}?[）)]?"),
)


def is_source_line(paragraph: str) -> bool:
    return any(pattern.fullmatch(paragraph) for pattern in SOURCE_LINES)
