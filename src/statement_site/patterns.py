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
    # What may follow the label right away when it is a reference inside a sentence, not a label;
    # such a label is a clause only where the next clause is expected.
    reference: re.Pattern[str] | None = None

    def number(self, match: re.Match[str]) -> int | None:
        return self.value(match.group("n"))


# What follows 第五条 when it is a reference: 第五条的规定, 第五条所述, 第五条中, 第五条第二款,
# 第五条和第六条, 第五条至第七条, 第五条、第六条, 第五条规定. A label is mostly followed by a space,
# a line break or the first word of the article, which may start with these too (第四条中方…).
ARTICLE_REFERENCE = re.compile(r"[的之所中第款项和或及与、至规以并等]")

# Order matters twice: at one place the first style that matches wins (第一条 before 一、), and
# when two styles both could number the clauses the earlier one is the higher level (the usual
# order of Chinese official documents: 第一条 > 一、 > （一） > 1. > （1）).
NUMBERING: tuple[Numbering, ...] = (
    # 第一条 … 第二十一条 (articles of a treaty or agreement; also 第1条)
    Numbering("article", re.compile(rf"第(?P<n>{CN}|[0-9]{{1,4}})条"), _any_numeral,
              lambda n: f"第{to_chinese(n)}条", ARTICLE_REFERENCE),
    # 一、 … 四十七、 … 一百零一、 (numbered paragraphs of a joint statement)
    Numbering("paragraph", re.compile(rf"(?P<n>{CN})、"), to_int, lambda n: f"{to_chinese(n)}、"),
    # （一） … （十二） (items; the top level of some statements)
    Numbering("item", re.compile(rf"[（(](?P<n>{CN})[）)]"), to_int,
              lambda n: f"（{to_chinese(n)}）"),
    # 1. 1． 1、 (arabic numbering; not 1.5)
    Numbering("arabic", re.compile(r"(?P<n>[0-9]{1,4})(?:[.．、](?![0-9]))"), _arabic,
              lambda n: f"{n}."),
    # （1） (1)
    Numbering("arabic-item", re.compile(r"[（(](?P<n>[0-9]{1,4})[）)]"), _arabic,
              lambda n: f"（{n}）"),
)  # fmt: skip

# An approximate number written with a pause mark, not a label: 二、三十年 (twenty or thirty
# years), 三、四月间, 一、二批, 九、十月. It is a range when the second digit is the first plus one
# (checked by the parser) and a unit or a measure word follows it.
RANGE = re.compile(
    r"(?P<a>[一二三四五六七八九])、(?P<b>[二三四五六七八九十])"
    r"(?=[十百千万亿年月日天周岁个只名位人家次批项种类倍条款多余])"
)

# A chapter or section heading on a line of its own: 第一章　总则, 第二节 合作, 第三部分. Not a
# sentence that starts with a reference (第二章所述的措施，…): no punctuation, a short name.
HEADING = re.compile(
    rf"第(?:{CN}|[0-9]{{1,4}})(?:章|节|编|部分)(?![的之所中第规和或及与至])"
    r"(?:[^\S\r\n]*[^\s，,。；;：:！!？?、][^\r\n，,。；;：:！!？?]{0,40})?"
)
# A heading's label alone; its name may follow after two ideographic spaces: 第一章　　总则
HEADING_LABEL = re.compile(rf"第(?:{CN}|[0-9]{{1,4}})(?:章|节|编|部分)")

# Whitespace on a line (U+3000 is the ideographic space that indents Chinese paragraphs; U+FEFF
# is a byte order mark left at the start of a file).
INLINE_SPACE = " \t\u3000\u00a0\u2002\u2003\u2009\ufeff"
LINE_BREAKS = "\r\n\u2028\u2029\x0b\x0c\x85"

# A paragraph break: whitespace holding a line break, or two or more ideographic spaces (the
# way a text copied from a web page often separates its paragraphs on one line).
PARAGRAPH_BREAK = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]\s*|\s*\u3000{2,}\s*")

# A label may follow these without any whitespace (a text whose clauses run on): 。二、
SENTENCE_END = "。！!？?"
# …and these only inside a clause, for an enumeration: 同意：一、…；二、…
ENUMERATION_END = "；;：:"
# Closing quotes and brackets, looked through to find the end of a sentence: …。”二、
CLOSERS = "”’」』）)】》\"'"

# A paragraph that ends like this continues the text; one that does not (a signature line,
# a place and date) starts the closing part after the last clause.
CONTINUES = re.compile(r"[。；;！!？?…][”’」』）)】》\"']*$")
# A paragraph that ends with a colon continues the text if the paragraph after it does: an
# introduction to items (缔约双方同意：), not a signature line (中华人民共和国代表：).
INTRODUCES = re.compile(r"[：:][”’」』）)】》\"']*$")

# A paragraph that ends like this, or holds a full stop, reads as a sentence: a preamble
# (缔约双方，) or an introduction (…全文如下：), not a title.
NOT_TITLE = re.compile(r"[，,。；;：:！!？?][”’」』）)】》\"']*$|。")

# The last words of a document's name: a title line that does not end with one may go on on the
# next line (中华人民共和国和俄罗斯联邦 / 睦邻友好合作条约), and a line that ends with one is the
# title after a lead-in (新华社北京11月2日电　…联合声明全文如下：).
DOCUMENT_NAME = re.compile(
    r"(?:声明|公报|宣言|条约|协定|协议|议定书|备忘录|计划|纲要|纪要|公约|宪章|换文|文件|倡议)"
    r"[”’」』）)】》\"']*$"
)

# A dateline that opens the first paragraph, before a space: 新华社北京11月2日电　…全文如下：
DATELINE_LEAD = re.compile(
    r"[^\s（）()，。：:]{1,12}(?:社|报|台|网)[^\s（）()，。：:]{0,20}?电(?=[ \u3000])"
)

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

# A source line glued to the end of the last clause (…领域。（新华社北京11月2日电）) is told apart
# only when it opens with one of these right after the end of a sentence.
GLUED_SOURCE_OPENERS = "（("


def is_source_line(paragraph: str) -> bool:
    return any(pattern.fullmatch(paragraph) for pattern in SOURCE_LINES)
