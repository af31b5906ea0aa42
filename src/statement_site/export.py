"""The parsed document as data: ``json`` (the export format the README documents) and ``csv``
(one row per clause). One module for every format, used by the command line.

A CSV file is opened by spreadsheets, which run a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return as a formula (``=HYPERLINK(…)``, ``=cmd|…``). As OWASP
recommends for CSV injection, such a cell is written with a leading apostrophe (``'=1+1``), which
spreadsheets show as text; every cell is quoted. The JSON keeps the text exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from statement_site.model import Clause, Document, Entry, Metadata, Vocabulary
from statement_site.render import heading, short_heading

CSV_COLUMNS = ("number", "label", "heading", "text", "topics", "entities")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clause_heading(entry: Entry | None, clause: Clause) -> str:
    """The clause's heading in its original language (automatic outside a document folder)."""
    if entry is None:
        return short_heading(clause)
    return heading(entry, clause, entry.metadata.language)


def as_json(
    document: Document,
    metadata: Metadata | None,
    document_id: str | None,
    entry: Entry | None = None,
    vocabulary: Vocabulary | None = None,
) -> Any:
    """The parsed document as JSON data (the format of ``statement-site export``)."""
    return {
        "id": document_id,
        "title": document.title,
        "source": document.source,
        "metadata": None
        if metadata is None
        else {
            "title": metadata.title,
            "title_en": metadata.title_en,
            "kind": metadata.kind,
            "parties": list(metadata.parties),
            "date": metadata.date.isoformat(),
            "place": metadata.place,
            "source": metadata.source,
            "source_url": metadata.source_url,
            "language": metadata.language,
        },
        "preamble": list(document.preamble),
        "clauses": [
            {
                "number": clause.number,
                "label": clause.label,
                "text": clause.text,
                "heading": clause_heading(entry, clause),
                "paragraphs": list(clause.paragraphs),
                "section": clause.section,
                "style": clause.style,
                "line": clause.position.line,
                "column": clause.position.column,
                "url": f"{document_id}/{clause.number}/" if document_id else None,
                **_tags_json(entry, clause, vocabulary),
                **_translations_json(entry, clause),
            }
            for clause in document.clauses
        ],
        "closing": list(document.closing),
        "sources": list(document.sources),
        "encoding": document.encoding,
    }


def _tags_json(entry: Entry | None, clause: Clause, vocabulary: Vocabulary | None) -> Any:
    if entry is None or entry.tagging is None:
        return {}
    tags = entry.tagging.of(clause.number)
    topics = []
    for tag in tags.topics:
        topic = vocabulary.topic(tag.topic) if vocabulary else None
        topics.append(
            {
                "id": tag.topic,
                "label": topic.zh if topic else None,
                "label_en": topic.en if topic else None,
                "evidence": list(tag.evidence),
                "by": tag.by,
            }
        )
    entities = []
    for entity_id in tags.entities:
        entity = entry.tagging.entity(entity_id)
        entities.append(
            {
                "id": entity.id,
                "name": entity.name,
                "kind": entity.kind.value,
                "en": entity.en,
                "mentions": [
                    {"text": m.text, "offset": m.start}
                    for m in tags.mentions
                    if m.entity == entity_id
                ],
            }
        )
    return {"topics": topics, "entities": entities}


def _translations_json(entry: Entry | None, clause: Clause) -> Any:
    if entry is None:
        return {}
    translations = {}
    for translation in entry.translations:
        if translation.language == entry.metadata.language:
            continue
        found = translation.clause(clause.number)
        translations[translation.language] = {
            "heading": heading(entry, clause, translation.language),
            "text": found.text if found else None,
        }
    return {"translations": translations}


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as the text it is: a formula's first character is escaped."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def as_csv(document: Document, entry: Entry | None = None) -> str:
    """One row per clause: number, label, heading, text, topic ids, entity ids."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for clause in document.clauses:
        tags = entry.tagging.of(clause.number) if entry and entry.tagging else None
        row: Iterable[object] = (
            clause.number,
            clause.label,
            clause_heading(entry, clause),
            clause.text,
            " ".join(t.topic for t in tags.topics) if tags else "",
            " ".join(tags.entities) if tags else "",
        )
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()
