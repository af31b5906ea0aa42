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
from functools import cached_property


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
    # an editor's topics for some clauses (clause number: topic ids), instead of the rules'
    topics: dict[int, tuple[str, ...]] = field(default_factory=dict, compare=False)
    topics_line: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True)
class Entry:
    """A document of the corpus: its id (the folder name), metadata and parsed text."""

    id: str
    metadata: Metadata
    document: Document
    source_path: str = field(compare=False)
    tagging: Tagging | None = None  # topics and entities; None before tagging
    translations: tuple[Translation, ...] = ()  # <lang>.yml files, the original's headings too

    def translation(self, language: str) -> Translation | None:
        for translation in self.translations:
            if translation.language == language:
                return translation
        return None


@dataclass(frozen=True)
class Refused:
    """A document left out of the corpus: its id (folder name) and every message about it."""

    id: str
    messages: tuple[str, ...]


@dataclass(frozen=True)
class Corpus:
    entries: tuple[Entry, ...]
    vocabulary: Vocabulary | None = None
    dictionary: Dictionary | None = None
    refused: tuple[Refused, ...] = ()  # documents left out by ``skip_invalid``

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


# -- Topics and entities ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """One way a topic shows in a clause: ``min`` of the ``any`` words, all the ``all`` words,
    none of the ``unless`` words."""

    any: tuple[str, ...] = ()
    all: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    min: int = 1


@dataclass(frozen=True)
class Topic:
    id: str
    zh: str  # the label in Chinese: 经贸与投资
    en: str  # the label in English: Trade, investment and industry
    definition: str
    definition_en: str
    rules: tuple[Rule, ...] = field(repr=False)


class EntityKind(str, Enum):
    PERSON = "person"
    PLACE = "place"
    ORGANIZATION = "organization"  # organisations, mechanisms, initiatives, projects, events
    DOCUMENT = "document"  # agreements and other documents, 《…》
    DATE = "date"


ENTITY_KINDS: dict[EntityKind, tuple[str, str]] = {
    EntityKind.PERSON: ("人物", "People"),
    EntityKind.PLACE: ("地点", "Places"),
    EntityKind.ORGANIZATION: ("组织、机制与倡议", "Organisations and initiatives"),
    EntityKind.DOCUMENT: ("文件与协定", "Documents and agreements"),
    EntityKind.DATE: ("日期", "Dates"),
}


@dataclass(frozen=True)
class Entity:
    """A named thing. ``id`` is its URL slug: a date's ISO form, or the name itself."""

    id: str
    name: str  # the canonical form: 夏巴兹·谢里夫, 2022-11-01/2022-11-02 is 2022年11月1日至2日
    kind: EntityKind
    en: str | None = None
    aliases: tuple[str, ...] = ()
    part_of: str | None = None  # the name of a larger entity a mention of this one mentions too


@dataclass(frozen=True)
class Dictionary:
    """The domain dictionary (``dictionary.yml``): names, synonyms, words jieba keeps whole."""

    entities: tuple[Entity, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()
    words: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    path: str = field(default="", compare=False)

    def forms(self, word: str) -> tuple[str, ...]:
        """``word`` and every form that means the same: its synonyms, an entity's aliases."""
        return self._forms.get(word, (word,))

    @cached_property
    def _forms(self) -> dict[str, tuple[str, ...]]:
        groups = [*self.synonyms, *((e.name, *e.aliases) for e in self.entities)]
        forms: dict[str, list[str]] = {}
        for group in groups:
            for word in group:
                known = forms.setdefault(word, [word])
                known += [w for w in group if w not in known]
        return {word: tuple(known) for word, known in forms.items()}

    @cached_property
    def by_form(self) -> dict[str, Entity]:
        """The entity each name and alias names."""
        found: dict[str, Entity] = {}
        for entity in self.entities:
            for form in (entity.name, *entity.aliases):
                found.setdefault(form, entity)
        return found


@dataclass(frozen=True)
class Vocabulary:
    """The controlled vocabulary of topics (``topics.yml``), in its order."""

    topics: tuple[Topic, ...]
    path: str = field(default="", compare=False)

    def topic(self, topic_id: str) -> Topic:
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(topic_id)


@dataclass(frozen=True)
class TopicTag:
    """A topic given to a clause, with the words of the clause that gave it."""

    topic: str  # a Topic.id
    evidence: tuple[str, ...]
    by: str = "rules"  # "rules", or "editor" for an override in document.yml


@dataclass(frozen=True)
class Mention:
    """An entity named in a clause: the words as printed, where they start in the clause text."""

    entity: str  # an Entity.id
    text: str
    start: int


@dataclass(frozen=True)
class ClauseTags:
    number: int
    topics: tuple[TopicTag, ...]
    mentions: tuple[Mention, ...]

    @property
    def entities(self) -> tuple[str, ...]:
        """The ids of the entities named, in order of first mention, each once."""
        return tuple(dict.fromkeys(m.entity for m in self.mentions))


@dataclass(frozen=True)
class Tagging:
    """Topics and entities of every clause of a document."""

    clauses: tuple[ClauseTags, ...]
    entities: tuple[Entity, ...]  # every entity mentioned, dictionary ones and those found by rule

    def of(self, number: int) -> ClauseTags:
        return self.clauses[number - 1]

    def entity(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)


# -- Translations and curated headings -------------------------------------------------------


@dataclass(frozen=True)
class ClauseTranslation:
    number: int
    heading: str | None  # a curated short heading: 瓜达尔港 / Gwadar Port
    text: str | None  # None: not translated yet (the page shows the original with a notice)


@dataclass(frozen=True)
class Translation:
    """A document's clause-aligned file for one language (``<lang>.yml``): in the original
    language, its curated short headings; in another language, a translation."""

    language: str
    title: str | None
    source: str | None
    clauses: tuple[ClauseTranslation, ...]
    path: str = field(default="", compare=False)

    def clause(self, number: int) -> ClauseTranslation | None:
        if 1 <= number <= len(self.clauses):
            return self.clauses[number - 1]
        return None
