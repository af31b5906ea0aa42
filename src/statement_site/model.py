"""The domain objects: a parsed document, its clauses and its parts.

Every object is a small frozen dataclass. Source positions are kept for error messages and
anchors but take no part in equality (``compare=False``), so two parses of the same words compare
equal wherever the words sit in a file.

The parse is lossless: ``Document.parts`` cover the decoded text from its first to its last
character, in order, without overlap. Joining their texts gives the text back exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum


class PartKind(str, Enum):
    """What a stretch of the source text is."""

    TITLE = "title"
    PREAMBLE = "preamble"  # text between the title and the first clause
    HEADING = "heading"  # a chapter or section heading between clauses (第一章　总则)
    LABEL = "label"  # a clause's number label (一、, 第一条)
    CLAUSE = "clause"  # a clause's words, without its label
    CLOSING = "closing"  # text after the last clause: a signature block, a place and date
    SOURCE = "source"  # the trailing source line or dateline: （新华社北京11月2日电）, （完）
    SPACE = "space"  # whitespace that separates the parts above


@dataclass(frozen=True)
class Position:
    """A place in a source file; ``line`` and ``column`` count from 1, in characters."""

    line: int
    column: int


@dataclass(frozen=True)
class Part:
    """One contiguous stretch of the source text."""

    kind: PartKind
    text: str
    start: int = field(compare=False)  # offset in the decoded text
    clause: int | None = None  # the clause number, for LABEL and CLAUSE parts

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Clause:
    """A numbered clause (a paragraph ``一、…`` or an article ``第一条…``)."""

    number: int
    label: str  # the label as printed: "十五、", "第二十一条"
    text: str  # the clause's words without the label; paragraphs inside it are kept
    style: str  # the numbering style's name, see ``patterns.NUMBERING``
    section: str | None = None  # the heading the clause stands under, if any
    position: Position = field(default=Position(1, 1), compare=False, repr=False)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The clause's paragraphs, without the whitespace that separates or indents them."""
        return tuple(line.strip() for line in self.text.splitlines() if line.strip())


@dataclass(frozen=True)
class Document:
    """A parsed source text."""

    text: str  # the decoded text; the parts cover it exactly
    title: str  # "" when the text has none
    preamble: tuple[str, ...]  # paragraphs between the title and the first clause
    clauses: tuple[Clause, ...]
    closing: tuple[str, ...]  # paragraphs after the last clause: signatures, place and date
    sources: tuple[str, ...]  # source lines and end marks as printed: （新华社北京11月2日电）
    parts: tuple[Part, ...] = field(repr=False)
    encoding: str = "utf-8"

    @property
    def source(self) -> str | None:
        """The first source line (the dateline), brackets included, if the text has one."""
        return self.sources[0] if self.sources else None

    def clause(self, number: int) -> Clause:
        """The clause numbered ``number`` (clauses are numbered 1..n without gaps)."""
        if not 1 <= number <= len(self.clauses):
            raise KeyError(number)
        return self.clauses[number - 1]


KINDS: dict[str, tuple[str, str]] = {
    # id: (中文, English)
    "joint-statement": ("联合声明", "Joint statement"),
    "joint-communique": ("联合公报", "Joint communiqué"),
    "declaration": ("宣言", "Declaration"),
    "treaty": ("条约", "Treaty"),
    "agreement": ("协定", "Agreement"),
    "memorandum": ("谅解备忘录", "Memorandum of understanding"),
    "action-plan": ("行动计划", "Action plan"),
    "other": ("其他文件", "Other document"),
}


@dataclass(frozen=True)
class Metadata:
    """What a reader needs to know about a document, from its ``document.yml``."""

    title: str
    kind: str  # a key of KINDS
    parties: tuple[str, ...]
    date: dt.date
    place: str
    source: str  # the dateline or publisher, e.g. 新华社北京11月2日电
    language: str  # the original language, e.g. zh
    title_en: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class Entry:
    """A document of the corpus: its id (the folder name), metadata and parsed text."""

    id: str
    metadata: Metadata
    document: Document
    source_path: str = field(compare=False)


@dataclass(frozen=True)
class Corpus:
    entries: tuple[Entry, ...]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)
