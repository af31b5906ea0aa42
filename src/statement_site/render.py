"""From a tagged corpus to Markdown pages: ``render(corpus, lang) -> {path: markdown}``.

Pure: no I/O. The paths are relative to the language's root (``/`` for the original language,
``/en/`` for English) and give the permanent URLs

    index.md                    /                   the documents of the corpus
    <id>/index.md               /<id>/              metadata, clauses with their topics, text
    <id>/<n>.md                 /<id>/<n>/          one clause (n = its number, no padding)
    <id>/parallel.md            /<id>/parallel/     original and translation side by side
    topics/index.md             /topics/            every topic with its number of clauses
    topics/<topic>.md           /topics/<topic>/    the clauses of a topic (Material's tags listing)
    entities/index.md           /entities/          the kinds of entity, with their numbers
    entities/<kind>.md          /entities/<kind>/   the entities of a kind
    entities/<kind>/<slug>.md   /entities/<kind>/<slug>/   the clauses that mention an entity

Every character that comes from a source text goes through ``literal``, which writes ASCII
punctuation as numeric character references: Markdown and HTML in a clause (``*``, ``#``, ``|``,
``<script>``, ``[x](javascript:…)``, ``{{ }}``, a line ``---``) render as the characters they are
and never change a page's structure. The same input always gives byte-identical pages.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, replace

import yaml

from statement_site.hanzi import simplified
from statement_site.model import (
    Clause,
    Corpus,
    Document,
    Entity,
    EntityKind,
    Entry,
    PartKind,
    Topic,
)
from statement_site.texts import TEXTS, Texts

SLUG_CHARACTERS = 60  # an entity's URL segment, before the hash that keeps a cut one unique
HEADING_LENGTH = 16  # characters of an automatic short heading, before the ellipsis
HEADING_LENGTH_EN = 48  # characters of an automatic English heading, before the ellipsis
_ESCAPED = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
LANGUAGES = {
    "zh": ("中文", "Chinese"),
    "en": ("英文", "English"),
    "ru": ("俄文", "Russian"),
    "fr": ("法文", "French"),
    "ar": ("阿拉伯文", "Arabic"),
    "es": ("西班牙文", "Spanish"),
}
HTML_LANG = {"zh": "zh-Hans", "en": "en"}
# An opening phrase that says who speaks, skipped by the automatic heading: 双方认为，
# 两国领导人重申，访问期间，
LEAD_IN = re.compile(
    r".{0,8}(?:认为|同意|重申|强调|注意到|认识到|表示|指出|宣布|决定|承诺|欢迎|期间|以来)$"
)
# The same in English: "The two sides agreed that", "During the visit,"
LEAD_IN_EN = re.compile(
    r"^(?:(?:the )?(?:two|both) (?:sides|leaders|countries)|china|pakistan|the chinese side|"
    r"the pakistani side|during the visit)"
    r"(?:[^,.;]{0,40}? that|[^,.;]{0,30}?(?: agreed| decided| undertook| pledged| resolved|"
    r" will continue| expressed (?:their |its )?readiness) to|,)\s+",
    re.IGNORECASE,
)


def literal(text: str) -> str:
    """``text`` as Markdown (inline or block) and HTML that shows exactly these characters."""
    return " ".join(text.splitlines()).translate(_ESCAPED)


def link(url: str) -> str:
    """An address from a user's file as a link that shows it: escaped in the attribute and in
    the text, so that no character of it can end the element or a table cell (``|``)."""
    href = html.escape(url, quote=True).replace("|", "%7C")
    return f'<a href="{href}" rel="noopener">{literal(url)}</a>'


def front_matter(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n"


# -- Headings and titles ---------------------------------------------------------------------


def short_heading(clause: Clause, limit: int = HEADING_LENGTH) -> str:
    """An automatic short heading: the clause's first phrase, past a short lead-in."""
    text = clause.paragraphs[0] if clause.paragraphs else clause.text.strip()
    phrases = [p for p in _split_phrases(text) if p]
    if len(phrases) > 1 and LEAD_IN.fullmatch(phrases[0]):
        phrases = phrases[1:]
    phrase = phrases[0] if phrases else text
    return phrase if len(phrase) <= limit else phrase[:limit] + "…"


def short_heading_en(text: str, limit: int = HEADING_LENGTH_EN) -> str:
    """An automatic English heading: the first clause of the first sentence, past a lead-in,
    cut at a word."""
    sentence = re.split(r"(?<=[.;:])\s", text.strip(), maxsplit=1)[0].rstrip(".;:")
    sentence = LEAD_IN_EN.sub("", sentence, count=1)
    sentence = sentence[:1].upper() + sentence[1:]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;: ")
    return cut + "…"


def _split_phrases(text: str) -> list[str]:
    phrases: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in "，。；：！？,;:!?":
            phrases.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    phrases.append("".join(current).strip())
    return phrases


def heading(entry: Entry, clause: Clause, lang: str) -> str:
    """The clause's short heading in ``lang``: the curated one, else an automatic one."""
    translation = entry.translation(lang)
    curated = translation.clause(clause.number) if translation else None
    if curated is not None and curated.heading:
        return curated.heading
    if lang != entry.metadata.language and curated is not None and curated.text:
        return short_heading_en(curated.text) if lang == "en" else curated.text[:HEADING_LENGTH]
    if lang != entry.metadata.language:  # untranslated: the original's heading
        return heading(entry, clause, entry.metadata.language)
    return short_heading(clause)


def clause_title(entry: Entry, clause: Clause, lang: str = "zh") -> str:
    """The clause's page title, in plain text: 十五 · 瓜达尔港 / 15 · Gwadar Port."""
    return f"{TEXTS[lang].number(clause)} · {heading(entry, clause, lang)}"


def translated_text(entry: Entry, clause: Clause, lang: str) -> str | None:
    """The clause's text in ``lang``: the source in the original language, else the
    translation (None when it is missing)."""
    if lang == entry.metadata.language:
        return clause.text
    translation = entry.translation(lang)
    found = translation.clause(clause.number) if translation else None
    return found.text if found else None


def document_title(entry: Entry, lang: str) -> str:
    if lang == entry.metadata.language:
        return entry.metadata.title
    translation = entry.translation(lang)
    if translation and translation.title:
        return translation.title
    if lang == "en" and entry.metadata.title_en:
        return entry.metadata.title_en
    return entry.metadata.title


def has_translation(entry: Entry, lang: str) -> bool:
    translation = entry.translation(lang)
    return translation is not None and any(c.text for c in translation.clauses)


def parallel_language(entry: Entry, lang: str) -> str | None:
    """The language the parallel view of ``entry`` sets beside the original, on the site in
    ``lang``: that language, or on the original's site the first one translated; None: no view."""
    original = entry.metadata.language
    if lang != original:
        return lang if has_translation(entry, lang) else None
    return next((other for other in TEXTS if other != original and has_translation(entry, other)),
                None)  # fmt: skip


def has_entities(corpus: Corpus) -> bool:
    return any(entry.tagging and entry.tagging.entities for entry in corpus)


def missing_translations(entry: Entry, lang: str) -> list[int]:
    """The clauses with no text in ``lang`` (none in the original language)."""
    return [
        clause.number
        for clause in entry.document.clauses
        if translated_text(entry, clause, lang) is None
    ]


# -- Slugs -----------------------------------------------------------------------------------


def entity_slug(entity: Entity) -> str:
    """The entity's URL segment: gwadar-port, 2022-11-01--2022-11-02, or the name; a long one is
    cut and made unique by a hash of the whole (a file name has at most 255 bytes)."""
    if entity.kind is EntityKind.DATE:
        slug = entity.id.replace("/", "--")
    else:
        base = entity.en if entity.en else entity.name
        slug = re.sub(r"[^\w]+", "-", base.lower()).strip("-") or "entity"
    if len(slug) > SLUG_CHARACTERS:
        slug = slug[:SLUG_CHARACTERS].rstrip("-") + "-" + _digest(entity.id)
    if slug == "index":  # entities/<kind>/index.md would be the list of the kind
        slug = f"index-{_digest(entity.id)}"
    return slug


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True)
class EntityUrls:
    """One URL per entity of the corpus: two entities whose names give the same segment
    (Gwadar Port, Gwadar-Port) never share a page. The entity of the dictionary (then the first
    by id) keeps the plain segment; the others get a hash of their id after it."""

    slugs: dict[tuple[EntityKind, str], str]

    def slug(self, entity: Entity) -> str:
        return self.slugs.get((entity.kind, entity.id)) or entity_slug(entity)

    def path(self, entity: Entity) -> str:
        return f"entities/{entity.kind.value}/{self.slug(entity)}.md"


def entity_urls(corpus: Corpus) -> EntityUrls:
    known = {entity.id for entity in corpus.dictionary.entities} if corpus.dictionary else set()
    groups: dict[tuple[EntityKind, str], set[str]] = {}
    for entry in corpus:
        for entity in entry.tagging.entities if entry.tagging else ():
            groups.setdefault((entity.kind, entity_slug(entity)), set()).add(entity.id)
    slugs: dict[tuple[EntityKind, str], str] = {}
    for (kind, slug), ids in groups.items():
        for rank, entity_id in enumerate(sorted(ids, key=lambda i: (i not in known, i))):
            slugs[(kind, entity_id)] = slug if rank == 0 else f"{slug}-{_digest(entity_id)}"
    return EntityUrls(slugs)


def entity_name(entity: Entity, lang: str) -> str:
    if entity.kind is EntityKind.DATE:
        return entity.id if lang != "zh" else entity.name
    return entity.en if lang == "en" and entity.en else entity.name


def topic_label(topic: Topic, lang: str) -> str:
    return topic.zh if lang == "zh" else topic.en


# -- The site --------------------------------------------------------------------------------


def render(corpus: Corpus, lang: str = "zh") -> dict[str, str]:
    """Every generated page of the site in ``lang``, by its path under the language's root."""
    t = TEXTS[lang]
    urls = entity_urls(corpus)
    pages = {"index.md": render_home(corpus, t)}
    for entry in corpus:
        pages[f"{entry.id}/index.md"] = render_document(corpus, entry, t)
        for clause in entry.document.clauses:
            pages[f"{entry.id}/{clause.number}.md"] = render_clause(corpus, entry, clause, t, urls)
        other = parallel_language(entry, t.lang)
        if other is not None:
            pages[f"{entry.id}/parallel.md"] = render_parallel(entry, other, t)
    if corpus.vocabulary is not None:
        pages["topics/index.md"] = render_topics(corpus, t)
        for topic in corpus.vocabulary.topics:
            pages[f"topics/{topic.id}.md"] = render_topic(topic, t)
    if has_entities(corpus):
        pages.update(render_entities(corpus, t, urls))
    return pages


def _escape_all(items: Iterable[str]) -> str:
    return "、".join(literal(item) for item in items)


def render_home(corpus: Corpus, t: Texts) -> str:
    lines = [
        front_matter(title=t.home, search={"exclude": True}),
        f"# {t.home_heading}\n",
        f"{t.home_intro}\n",
        f"## {t.documents}（{len(corpus)}） {{ #documents }}\n"
        if t.lang == "zh"
        else f"## {t.documents} ({len(corpus)}) {{ #documents }}\n",
    ]
    for entry in corpus:
        metadata = entry.metadata
        facts = [
            t.day(metadata.date),
            t.kind_name(metadata.kind),
            _escape_all(metadata.parties) if t.lang == "zh" else literal(metadata.title),
            t.clauses_n.format(n=len(entry.document.clauses)),
        ]
        if parallel_language(entry, t.lang) is not None:
            facts.append(f"[{t.parallel}]({entry.id}/parallel.md)")
        lines.append(
            f"- [{literal(document_title(entry, t.lang))}]({entry.id}/index.md)  \n"
            f"  {t.list_separator.join(facts)}"
        )
    links = []
    if corpus.vocabulary is not None:
        links.append(f"[{t.topics}](topics/index.md)")
    if has_entities(corpus):
        links.append(f"[{t.entities}](entities/index.md)")
    if links:
        lines.append("\n" + t.list_separator.join(links))
    return "\n".join(lines) + "\n"


def in_language(corpus: Corpus, text: str, lang: str) -> str:
    """A name of the metadata (a party, a place) in ``lang``, from the dictionary's English
    names; as it is when the dictionary does not know it."""
    if lang != "en" or corpus.dictionary is None:
        return text
    for entity in corpus.dictionary.entities:
        if entity.en and text in (entity.name, *entity.aliases):
            return entity.en
    return text


def _original(text: str, lang: str) -> str:
    """Words in the original language on a translation's page: marked, and not indexed."""
    return f'<span lang="{HTML_LANG.get(lang, lang)}" data-search-exclude>{literal(text)}</span>'


def _metadata_table(corpus: Corpus, entry: Entry, t: Texts) -> list[str]:
    metadata, document = entry.metadata, entry.document
    language = LANGUAGES.get(metadata.language, (metadata.language, metadata.language))
    translation = entry.translation(t.lang)
    if t.lang == metadata.language:
        parties = _escape_all(metadata.parties)
        place, source = literal(metadata.place), literal(metadata.source)
    else:
        parties = t.separator.join(
            literal(in_language(corpus, party, t.lang)) for party in metadata.parties
        )
        place = literal(in_language(corpus, metadata.place, t.lang))
        source = (
            literal(translation.source)
            if translation and translation.source
            else _original(metadata.source, metadata.language)
        )
    rows = [
        (t.kind, t.kind_name(metadata.kind)),
        (t.parties, parties),
        (t.date, f"{t.day(metadata.date)}（{metadata.date.isoformat()}）"
         if t.lang == "zh" else f"{t.day(metadata.date)} ({metadata.date.isoformat()})"),
        (t.place, place),
        (t.source, source),
        (t.original_language, language[0] if t.lang == "zh" else language[1]),
        (t.clauses, t.clauses_n.format(n=len(document.clauses))),
    ]  # fmt: skip
    if t.lang != metadata.language:
        rows.insert(0, (t.title_zh, _original(metadata.title, metadata.language)))
    elif metadata.title_en:
        rows.insert(0, (t.title_en, literal(metadata.title_en)))
    if metadata.source_url:
        rows.append((t.source_link, link(metadata.source_url)))
    table = [f"| {t.kind_column} | {t.content_column} |", "| --- | --- |"]
    table += [f"| {key} | {value} |" for key, value in rows]
    return table


def _topic_links(corpus: Corpus, entry: Entry, clause: Clause, t: Texts, up: str) -> str:
    if corpus.vocabulary is None or entry.tagging is None:
        return ""
    links = [
        f"[{literal(topic_label(corpus.vocabulary.topic(tag.topic), t.lang))}]"
        f"({up}topics/{tag.topic}.md)"
        for tag in entry.tagging.of(clause.number).topics
    ]
    return t.list_separator.join(links)


def _notice(entry: Entry, t: Texts) -> list[str]:
    if t.lang == entry.metadata.language or not t.translation_notice:
        return []
    return [f'!!! info "{t.translation_notice}"\n']


def render_document(corpus: Corpus, entry: Entry, t: Texts) -> str:
    metadata, document = entry.metadata, entry.document
    title = document_title(entry, t.lang)
    lines = [
        front_matter(title=literal(title), description=literal(_description(entry, t))),
        f"# {literal(title)} {{ #title }}\n",
        *_notice(entry, t),
        *_metadata_table(corpus, entry, t),
        "",
    ]
    if parallel_language(entry, t.lang) is not None:
        lines.append(f"[{t.parallel}](parallel.md){{ .ss-parallel-link }}\n")
    lines += [
        f"## {t.clause_list} {{ #clauses }}\n",
        '<div class="ss-clause-list" data-search-exclude markdown>\n',
    ]
    for clause in document.clauses:
        label = clause.label if t.lang == metadata.language else t.number(clause) + "."
        item = f"- [{literal(label)} {literal(heading(entry, clause, t.lang))}]({clause.number}.md)"
        topics = _topic_links(corpus, entry, clause, t, "../")
        if topics:
            item += f' <span class="ss-topics" markdown>{topics}</span>'
        lines.append(item)
    lines += ["\n</div>\n", f"## {t.full_text} {{ #full-text }}\n"]
    if t.lang == metadata.language:
        lines += _full_text(document)
    else:
        lines += _translated_full_text(entry, t)
    return "\n".join(lines) + "\n"


def _description(entry: Entry, t: Texts) -> str:
    metadata = entry.metadata
    total = len(entry.document.clauses)
    if t.lang == "zh":
        day = t.day(metadata.date)
        return f"{metadata.title}（{day}，{metadata.place}），共 {total} 条，逐条全文。"
    return (
        f"{document_title(entry, t.lang)} ({t.day(metadata.date)}), {total} clauses, "
        "clause by clause."
    )


def _full_text(document: Document) -> list[str]:
    """The whole text in order, with the anchor ``#para_<n>`` on each clause."""
    lines = ['<div class="ss-full-text" data-search-exclude markdown>\n']
    for part in document.parts:
        text = part.text.strip()
        if part.kind is PartKind.TITLE:  # a title over two lines is one title
            lines.append(f"{literal(document.title)}\n{{: .ss-text-title }}\n")
        elif part.kind is PartKind.HEADING:
            lines.append(f"{literal(text)}\n{{: .ss-text-heading }}\n")
        elif part.kind in (PartKind.PREAMBLE, PartKind.CLOSING):
            lines.append(f"{literal(text)}\n{{: .ss-text-{part.kind.value} }}\n")
        elif part.kind is PartKind.SOURCE:
            lines.append(f"{literal(text)}\n{{: .ss-text-source }}\n")
        elif part.kind is PartKind.CLAUSE:
            assert part.clause is not None
            clause = document.clause(part.clause)
            label = (
                f"[{literal(clause.label)}]({clause.number}.md)"
                f"{{ .ss-label .ss-label-{clause.style} }}"
            )
            paragraphs = clause.paragraphs or (clause.text.strip(),)
            lines.append(f"{label}{literal(paragraphs[0])}")
            lines.append(f"{{: #para_{clause.number} .ss-para }}\n")
            for paragraph in paragraphs[1:]:
                lines.append(f"{literal(paragraph)}\n{{: .ss-para-continued }}\n")
    lines.append("</div>")
    return lines


def _translated_full_text(entry: Entry, t: Texts) -> list[str]:
    """The translation in order, ``#para_<n>`` on each clause; an untranslated clause shows the
    original, marked with its language."""
    original = entry.metadata.language
    translation = entry.translation(t.lang)
    lines = ['<div class="ss-full-text" data-search-exclude markdown>\n']
    lines.append(f"{literal(document_title(entry, t.lang))}\n{{: .ss-text-title }}\n")
    for clause in entry.document.clauses:
        text = translated_text(entry, clause, t.lang)
        shown = text if text is not None else clause.text.strip()
        lang_attr = "" if text is not None else f' lang="{HTML_LANG.get(original, original)}"'
        label = f"[{t.number(clause)}.]({clause.number}.md){{ .ss-label }}"
        lines.append(f"{label} {literal(shown)}")
        lines.append(f"{{: #para_{clause.number} .ss-para{lang_attr} }}\n")
    source = translation.source if translation and translation.source else entry.document.source
    if source:
        lines.append(f"{literal(source)}\n{{: .ss-text-source }}\n")
    lines.append("</div>")
    return lines


def render_clause(
    corpus: Corpus, entry: Entry, clause: Clause, t: Texts, urls: EntityUrls | None = None
) -> str:
    metadata, document = entry.metadata, entry.document
    total = len(document.clauses)
    title = clause_title(entry, clause, t.lang)
    title_of_document = document_title(entry, t.lang)
    meta: dict[str, object] = {
        "title": literal(title),
        "description": literal(
            f"{title_of_document} {t.cited_as(clause)}："
            if t.lang == "zh"
            else f"{title_of_document}, {t.cited_as(clause)}: "
        )
        + literal(heading(entry, clause, t.lang)),
    }
    if corpus.vocabulary is not None and entry.tagging is not None:
        meta["tags"] = [
            literal(topic_label(corpus.vocabulary.topic(tag.topic), t.lang))
            for tag in entry.tagging.of(clause.number).topics
        ]
    of_n = t.of_n.format(n=total)
    lines = [
        front_matter(**meta),
        f"# {literal(title)} {{ #clause }}\n",
        f"[{literal(title_of_document)}](index.md) · {t.day(metadata.date)} · "
        f"{t.cited_as(clause)}{of_n}"
        + (f" · {literal(clause.section)}" if clause.section else "")
        + "\n{: .ss-context data-search-exclude }\n",
    ]
    text = translated_text(entry, clause, t.lang)
    if t.lang == metadata.language:
        lines.append('<div class="ss-clause" markdown>\n')
        paragraphs = clause.paragraphs or (clause.text.strip(),)
        label = f'<span class="ss-label ss-label-{clause.style}">{literal(clause.label)}</span>'
        lines.append(f"{label}{literal(paragraphs[0])}\n")
        lines += [f"{literal(paragraph)}\n" for paragraph in paragraphs[1:]]
    elif text is not None:
        lines.append(f'!!! info "{t.translation_notice}"\n')
        lines.append('<div class="ss-clause" markdown>\n')
        lines.append(f'<span class="ss-label">{t.number(clause)}.</span> {literal(text)}\n')
    else:
        lines.append(f'!!! warning "{t.missing_notice}"\n')
        original = HTML_LANG.get(metadata.language, metadata.language)
        lines.append(f'<div class="ss-clause" lang="{original}" markdown>\n')
        label = f'<span class="ss-label ss-label-{clause.style}">{literal(clause.label)}</span>'
        lines.append(f"{label}{literal(clause.text.strip())}\n")
    lines.append("</div>\n")
    lines += _facets(corpus, entry, clause, t, urls or entity_urls(corpus))
    lines += _citation(corpus, entry, clause, t)
    lines += _pager(entry, clause, t)
    return "\n".join(lines) + "\n"


def _facets(corpus: Corpus, entry: Entry, clause: Clause, t: Texts, urls: EntityUrls) -> list[str]:
    """The clause's topics, with the words that gave each, and the entities it mentions."""
    if entry.tagging is None:
        return []
    tags = entry.tagging.of(clause.number)
    lines = ['<div class="ss-facets" data-search-exclude markdown>\n']
    if corpus.vocabulary is not None:
        items = []
        for tag in tags.topics:
            topic = corpus.vocabulary.topic(tag.topic)
            link = f"[{literal(topic_label(topic, t.lang))}](../topics/{topic.id}.md)"
            if tag.evidence:
                evidence = t.separator.join(literal(word) for word in tag.evidence)
                link += (
                    f'<span class="ss-evidence">（{evidence}）</span>'
                    if t.lang == "zh"
                    else (f'<span class="ss-evidence" lang="zh-Hans"> ({evidence})</span>')
                )
            items.append(link)
        shown = t.list_separator.join(items) if items else t.no_topics
        lines.append(
            f"**{t.topics}** {shown}\n" if t.lang == "zh" else f"**{t.topics}:** {shown}\n"
        )
    groups: dict[EntityKind, list[str]] = {}
    for entity_id in tags.entities:
        entity = entry.tagging.entity(entity_id)
        link = f"[{literal(entity_name(entity, t.lang))}](../{urls.path(entity)})"
        groups.setdefault(entity.kind, []).append(link)
    if groups:
        parts = [
            f"{t.entity_kind(kind)}：{t.separator.join(links)}"
            if t.lang == "zh"
            else f"{t.entity_kind(kind)}: {t.separator.join(links)}"
            for kind in EntityKind
            if (links := groups.get(kind))
        ]
        joiner = "；" if t.lang == "zh" else "; "
        lines.append(
            f"**{t.mentions}** {joiner.join(parts)}\n"
            if t.lang == "zh"
            else f"**{t.mentions}:** {joiner.join(parts)}\n"
        )
    lines.append("</div>\n")
    return lines


def _citation(corpus: Corpus, entry: Entry, clause: Clause, t: Texts) -> list[str]:
    metadata = entry.metadata
    if t.lang == "zh":
        day = t.day(metadata.date)
        citation = f"《{metadata.title}》（{day}，{metadata.place}）{t.cited_as(clause)}。"
        label = f"**{t.cite}** "
    else:
        citation = (
            f"{document_title(entry, t.lang)} ({in_language(corpus, metadata.place, t.lang)}, "
            f"{t.day(metadata.date)}), "
            f"{t.cited_as(clause)}."
        )
        label = f"**{t.cite}:** "
    return [
        '<div class="ss-cite" data-search-exclude markdown>\n',
        f"{label}{literal(citation)}"
        f" [{t.permalink}]({clause.number}.md){{ .ss-permalink }}"
        f" · [{t.in_full_text}](index.md#para_{clause.number})\n",
        "</div>\n",
    ]


def _pager(entry: Entry, clause: Clause, t: Texts) -> list[str]:
    document = entry.document
    links = []
    if clause.number > 1:
        previous = document.clause(clause.number - 1)
        links.append(
            f"[← {literal(clause_title(entry, previous, t.lang))}]({previous.number}.md)"
            '{ .ss-previous rel="prev" }'
        )
    links.append(f"[{t.contents}](index.md#clauses){{ .ss-contents }}")
    if clause.number < len(document.clauses):
        following = document.clause(clause.number + 1)
        links.append(
            f"[{literal(clause_title(entry, following, t.lang))} →]({following.number}.md)"
            '{ .ss-next rel="next" }'
        )
    return [
        f'<nav class="ss-pager" aria-label="{t.pager_label}" data-search-exclude markdown>\n',
        " ".join(links) + "\n",
        "</nav>",
    ]


# -- Parallel view ---------------------------------------------------------------------------


def render_parallel(entry: Entry, other: str, t: Texts) -> str:
    """The original and its ``other`` language side by side, a row per clause, each row
    linking its page."""
    original = entry.metadata.language
    columns = [original, other]
    title = f"{t.parallel} · {document_title(entry, t.lang)}"
    names = {
        lang: LANGUAGES.get(lang, (lang, lang))[0 if t.lang == "zh" else 1] for lang in columns
    }
    lines = [
        front_matter(title=literal(title), search={"exclude": True}, hide=["toc"]),
        f"# {literal(title)} {{ #parallel }}\n",
        f"{t.parallel_intro}\n",
        '<div class="ss-parallel" role="table" aria-label="' + literal(title) + '" markdown>\n',
        '<div class="ss-row ss-row-head" role="row" markdown>\n',
        *[
            f'<div class="ss-cell" role="columnheader" markdown>\n\n{names[lang]}\n\n</div>\n'
            for lang in columns
        ],
        "</div>\n",
    ]
    for clause in entry.document.clauses:
        lines.append(f'<div class="ss-row" id="row-{clause.number}" role="row" markdown>\n')
        for lang in columns:
            text = translated_text(entry, clause, lang)
            html_lang = HTML_LANG.get(lang, lang)
            if text is None:
                shown, html_lang = clause.text.strip(), HTML_LANG.get(original, original)
                css = "ss-cell ss-untranslated"
            else:
                shown, css = text.strip(), "ss-cell"
            label = clause.label if lang == original else f"{clause.number}."
            lines.append(f'<div class="{css}" lang="{html_lang}" role="cell" markdown>\n')
            lines.append(
                f"[{literal(label)}]({clause.number}.md){{ .ss-label }} "
                f"{literal(' '.join(shown.split()) if lang != original else shown)}\n"
            )
            lines.append("</div>\n")
        lines.append("</div>\n")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


# -- Topics ----------------------------------------------------------------------------------


def topic_counts(corpus: Corpus) -> dict[str, int]:
    counts = {topic.id: 0 for topic in corpus.vocabulary.topics} if corpus.vocabulary else {}
    for entry in corpus:
        if entry.tagging is None:
            continue
        for tags in entry.tagging.clauses:
            for tag in tags.topics:
                counts[tag.topic] = counts.get(tag.topic, 0) + 1
    return counts


def render_topics(corpus: Corpus, t: Texts) -> str:
    assert corpus.vocabulary is not None
    counts = topic_counts(corpus)
    lines = [
        front_matter(title=t.topics, search={"exclude": True}),
        f"# {t.topics}\n",
        f"{t.topics_intro}\n",
        f"| {t.topic_column} | {t.definition_column} | {t.count_column} |",
        "| --- | --- | ---: |",
    ]
    for topic in corpus.vocabulary.topics:
        definition = topic.definition if t.lang == "zh" else topic.definition_en
        lines.append(
            f"| [{literal(topic_label(topic, t.lang))}]({topic.id}.md) | {literal(definition)} "
            f"| {counts.get(topic.id, 0)} |"
        )
    return "\n".join(lines) + "\n"


def render_topic(topic: Topic, t: Texts) -> str:
    label = topic_label(topic, t.lang)
    definition = topic.definition if t.lang == "zh" else topic.definition_en
    directive = yaml.safe_dump({"include": [literal(label)]}, allow_unicode=True,
                               default_flow_style=True).strip()  # fmt: skip
    return (
        front_matter(title=literal(label), search={"exclude": True})
        + f"# {literal(label)}\n\n{literal(definition)}\n\n"
        + f"<!-- material/tags {directive} -->\n"
    )


# -- Entities --------------------------------------------------------------------------------


def _mentions(
    corpus: Corpus, urls: EntityUrls
) -> dict[str, tuple[Entity, list[tuple[Entry, Clause]]]]:
    """Every entity of the corpus with the clauses that mention it, in corpus order. A name
    printed in the other script (中國 for 中国) is one more alias of the entity."""
    found: dict[str, tuple[Entity, list[tuple[Entry, Clause]]]] = {}
    for entry in corpus:
        if entry.tagging is None:
            continue
        for tags in entry.tagging.clauses:
            for entity_id in tags.entities:
                entity = entry.tagging.entity(entity_id)
                key = urls.path(entity)
                found.setdefault(key, (entity, []))[1].append(
                    (entry, entry.document.clause(tags.number))
                )
            for mention in tags.mentions:
                entity, clauses = found[urls.path(entry.tagging.entity(mention.entity))]
                names = (entity.name, *entity.aliases)
                if mention.text not in names and simplified(mention.text) in names:
                    spelled = replace(entity, aliases=(*entity.aliases, mention.text))
                    found[urls.path(entity)] = (spelled, clauses)
    return found


def _sorted_entities(
    items: list[tuple[Entity, list[tuple[Entry, Clause]]]], kind: EntityKind
) -> list[tuple[Entity, list[tuple[Entry, Clause]]]]:
    if kind is EntityKind.DATE:
        return sorted(items, key=lambda item: item[0].id)
    return sorted(items, key=lambda item: (-len(item[1]), item[0].name))  # most mentioned first


def render_entities(corpus: Corpus, t: Texts, urls: EntityUrls) -> dict[str, str]:
    mentions = _mentions(corpus, urls)
    by_kind: dict[EntityKind, list[tuple[Entity, list[tuple[Entry, Clause]]]]] = {}
    for entity, clauses in mentions.values():
        by_kind.setdefault(entity.kind, []).append((entity, clauses))
    pages: dict[str, str] = {}
    index = [
        front_matter(title=t.entities, search={"exclude": True}),
        f"# {t.entities}\n",
        f"{t.entities_intro}\n",
    ]
    for kind in EntityKind:
        items = by_kind.get(kind)
        if not items:
            continue
        index.append(f"- [{t.entity_kind(kind)}]({kind.value}.md) ({len(items)})")
        pages[f"entities/{kind.value}.md"] = _render_kind(
            kind, _sorted_entities(items, kind), t, urls
        )
        for entity, clauses in items:
            pages[urls.path(entity)] = _render_entity(entity, clauses, t)
    pages["entities/index.md"] = "\n".join(index) + "\n"
    return dict(sorted(pages.items(), key=lambda item: item[0].count("/")))


def _render_kind(
    kind: EntityKind,
    items: list[tuple[Entity, list[tuple[Entry, Clause]]]],
    t: Texts,
    urls: EntityUrls,
) -> str:
    lines = [
        front_matter(title=t.entity_kind(kind), search={"exclude": True}),
        f"# {t.entity_kind(kind)}\n",
        f"| {t.entity_column} | {t.in_english if t.lang == 'zh' else t.in_chinese} "
        f"| {t.count_column} |",
        "| --- | --- | ---: |",
    ]
    for entity, clauses in items:
        other = entity.en if t.lang == "zh" else entity.name
        name = entity_name(entity, t.lang)
        lines.append(
            f"| [{literal(name)}]({kind.value}/{urls.slug(entity)}.md) | "
            f"{literal(other or '')} | {len(clauses)} |"
        )
    return "\n".join(lines) + "\n"


def _render_entity(entity: Entity, clauses: list[tuple[Entry, Clause]], t: Texts) -> str:
    name = entity_name(entity, t.lang)
    lines = [
        front_matter(title=literal(name), search={"exclude": True}),
        f"# {literal(name)}\n",
    ]
    facts = [f"[{t.entity_kind(entity.kind)}](../{entity.kind.value}.md)"]
    if t.lang == "zh" and entity.en:
        facts.append(f"{t.in_english}：{literal(entity.en)}")
    if t.lang != "zh":
        facts.append(f'{t.in_chinese}: <span lang="zh-Hans">{literal(entity.name)}</span>')
    if entity.kind is EntityKind.DATE and t.lang == "zh":
        facts.append(f"ISO 8601：{literal(entity.id)}")
    aliases = [alias for alias in entity.aliases if alias.isascii() == (t.lang != "zh")]
    if aliases:
        shown = t.separator.join(literal(alias) for alias in aliases)
        facts.append(f"{t.also}：{shown}" if t.lang == "zh" else f"{t.also}: {shown}")
    lines.append(t.list_separator.join(facts) + "\n")
    lines.append(f"## {t.mentioned_in} ({len(clauses)})\n")
    for entry, clause in clauses:
        lines.append(
            f"- [{literal(clause_title(entry, clause, t.lang))}]"
            f"(../../{entry.id}/{clause.number}.md) · {literal(document_title(entry, t.lang))}"
        )
    return "\n".join(lines) + "\n"
