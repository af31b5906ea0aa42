"""The corpus: one folder per document, each with its source text and a ``document.yml``.

    corpus/
      2022-11-02-china-pakistan-joint-statement/
        document.yml      what a reader needs to know: title, kind, parties, date, place, source …
        source.zh.txt     the published text, verbatim

The folder's name is the document's id and its permanent URL (``/<id>/``). Adding a document is
adding a folder. Every problem in a ``document.yml`` is reported at once, each with the file, the
line and column, and the key.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from statement_site.decode import decode
from statement_site.errors import CorpusError, MetadataError, SourceError
from statement_site.model import KINDS, Corpus, Dictionary, Entry, Metadata, Vocabulary
from statement_site.parse import parse
from statement_site.tag import Segmenter, jieba_segmenter, jieba_words, tag
from statement_site.translation import language_files, read_translation
from statement_site.vocabulary import (
    DICTIONARY_FILE,
    TOPICS_FILE,
    read_dictionary,
    read_vocabulary,
)
from statement_site.yamlfile import not_yaml, read_text

METADATA_FILE = "document.yml"
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves an impossible date (2022-13-02) as text for the check to report."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


@dataclass(frozen=True)
class _Key:
    required: bool
    check: Callable[[Any], str | None]  # a problem, or None
    help: str


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected a non-empty text, got {_shown(value)}"
    return None


def _as_date(value: Any) -> dt.date | None:
    """A date, also when quoted ("2022-11-02"); None if ``value`` is not one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _date(value: Any) -> str | None:
    if _as_date(value) is not None:
        return None
    return f"expected a date written YYYY-MM-DD, got {_shown(value)}"


def _kind(value: Any) -> str | None:
    if value in KINDS:
        return None
    return f"expected one of {', '.join(KINDS)}, got {_shown(value)}"


def _parties(value: Any) -> str | None:
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, str) and item.strip() for item in value)
    ):
        return None
    return f"expected a list of one or more names, got {_shown(value)}"


def _language(value: Any) -> str | None:
    if isinstance(value, str) and LANGUAGE.fullmatch(value):
        return None
    return f"expected a language code such as zh or en, got {_shown(value)}"


def _url(value: Any) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"https?://\S+", value):
        return None
    return f"expected an http(s) address, got {_shown(value)}"


def _encoding(value: Any) -> str | None:
    if isinstance(value, str) and value:
        try:
            codecs.lookup(value)
        except LookupError:
            pass
        else:
            return None
    return f"expected the name of an encoding such as utf-8 or gb18030, got {_shown(value)}"


def _file_name(value: Any) -> str | None:
    if isinstance(value, str) and value and "/" not in value and "\\" not in value:
        return None
    return f"expected a file name in the document's folder, got {_shown(value)}"


def _topics(value: Any) -> str | None:
    if isinstance(value, dict) and all(
        isinstance(number, int)
        and not isinstance(number, bool)
        and number > 0
        and isinstance(ids, list)
        and all(isinstance(i, str) for i in ids)
        for number, ids in value.items()
    ):
        return None
    return f"expected clause numbers with lists of topic ids ({{3: [trade]}}), got {_shown(value)}"


KEYS: dict[str, _Key] = {
    "title": _Key(True, _text, "the document's title as published"),
    "title_en": _Key(False, _text, "the title in English"),
    "kind": _Key(True, _kind, "joint-statement, treaty, agreement …"),
    "parties": _Key(True, _parties, "the parties, as a list"),
    "date": _Key(True, _date, "the date of signature or publication, YYYY-MM-DD"),
    "place": _Key(True, _text, "where it was signed or issued"),
    "source": _Key(True, _text, "the dateline or publisher, e.g. 新华社北京11月2日电"),
    "source_url": _Key(False, _url, "where the published text can be found"),
    "language": _Key(True, _language, "the language of the source text, e.g. zh"),
    "text": _Key(False, _file_name, "the source text's file name (default: the one *.txt)"),
    "encoding": _Key(False, _encoding, "the source text's encoding (default: detected)"),
    "topics": _Key(False, _topics, "an editor's topics for some clauses, instead of the rules'"),
}


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} ({type(value).__name__})"


def read_metadata(path: Path) -> tuple[Metadata, dict[str, Any]]:
    """The metadata in ``path`` and its raw mapping (for the keys ``text`` and ``encoding``)."""
    name = str(path)
    source = read_text(path)
    try:
        node = yaml.compose(source, Loader=_Loader)
        raw = yaml.load(source, Loader=_Loader)
    except yaml.YAMLError as error:
        raise not_yaml(name, error) from None
    if not isinstance(raw, dict) or not isinstance(node, yaml.MappingNode):
        raise MetadataError(
            [SourceError(name, 1, 1, "expected a mapping of keys such as title:, kind:, date:")]
        )

    where: dict[str, tuple[int, int]] = {}
    for key_node, value_node in node.value:
        mark = value_node.start_mark
        where[str(key_node.value)] = (mark.line + 1, mark.column + 1)
        if str(key_node.value) not in KEYS:
            where[str(key_node.value)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )

    problems: list[SourceError] = []
    for key, value in raw.items():
        line, column = where.get(str(key), (1, 1))
        spec = KEYS.get(str(key))
        if spec is None:
            problems.append(
                SourceError(
                    name, line, column, f"unknown key {key!r} (known keys: {', '.join(KEYS)})"
                )
            )
            continue
        problem = spec.check(value)
        if problem:
            problems.append(SourceError(name, line, column, f"key {key!r}: {problem}"))
    for key, spec in KEYS.items():
        if spec.required and key not in raw:
            problems.append(SourceError(name, 1, 1, f"missing key {key!r}: {spec.help}"))
    if problems:
        raise MetadataError(problems)

    metadata = Metadata(
        title=raw["title"].strip(),
        kind=raw["kind"],
        parties=tuple(party.strip() for party in raw["parties"]),
        date=_date_of(raw["date"]),
        place=raw["place"].strip(),
        source=raw["source"].strip(),
        language=raw["language"],
        title_en=raw.get("title_en"),
        source_url=raw.get("source_url"),
        topics={n: tuple(ids) for n, ids in (raw.get("topics") or {}).items()},
    )
    if metadata.topics:
        metadata = replace(metadata, topics_line=where["topics"][0])
    return metadata, raw


def _date_of(value: Any) -> dt.date:
    date = _as_date(value)
    assert date is not None  # checked by _date
    return date


def source_file(folder: Path, raw: dict[str, Any]) -> Path:
    """The source text of a document folder: the key ``text``, or its only ``*.txt`` file."""
    if "text" in raw:
        path = folder / str(raw["text"])
        if not path.is_file():
            raise CorpusError(f"{folder / METADATA_FILE}: key 'text': no file {path}")
        return path
    texts = sorted(folder.glob("*.txt"))
    if len(texts) != 1:
        found = ", ".join(p.name for p in texts) or "none"
        raise CorpusError(
            f"{folder}: expected one source text (*.txt) or a key 'text' in {METADATA_FILE}; "
            f"found {found}"
        )
    return texts[0]


def load_entry(folder: Path) -> Entry:
    """Read, validate and parse one document folder."""
    if not ID.fullmatch(folder.name):
        raise CorpusError(
            f"{folder}: a document folder's name is its URL: use lower-case letters, digits, "
            "'-', '.' and '_' (e.g. 2022-11-02-china-pakistan-joint-statement)"
        )
    metadata_path = folder / METADATA_FILE
    if not metadata_path.is_file():
        raise CorpusError(f"{folder}: no {METADATA_FILE} (every document folder needs one)")
    metadata, raw = read_metadata(metadata_path)
    path = source_file(folder, raw)
    text, encoding = decode(
        path.read_bytes(), str(path), raw.get("encoding"), language=metadata.language
    )
    document = parse(text, str(path), encoding=encoding)
    translations = tuple(
        read_translation(file, document, metadata.language) for _, file in language_files(folder)
    )
    return Entry(
        id=folder.name,
        metadata=metadata,
        document=document,
        source_path=str(path),
        translations=translations,
    )


def read_knowledge(root: Path) -> tuple[Vocabulary | None, Dictionary]:
    """The corpus's vocabulary of topics and domain dictionary, where it has them."""
    vocabulary_path, dictionary_path = root / TOPICS_FILE, root / DICTIONARY_FILE
    vocabulary = read_vocabulary(vocabulary_path) if vocabulary_path.is_file() else None
    dictionary = (
        read_dictionary(dictionary_path) if dictionary_path.is_file() else Dictionary(path="")
    )
    return vocabulary, dictionary


def _tagged(
    entry: Entry, vocabulary: Vocabulary | None, dictionary: Dictionary, segment: Segmenter
) -> Entry:
    """``entry`` with its topics and entities; an editor's topics must be in the vocabulary."""
    overrides = entry.metadata.topics
    known = {topic.id for topic in vocabulary.topics} if vocabulary else set()
    total = len(entry.document.clauses)
    messages = []
    for number, ids in overrides.items():
        if number > total:
            messages.append(f"clause {number}: the document has {total} clauses")
        for topic in ids:
            if topic not in known:
                messages.append(f"clause {number}: no topic {topic!r} in the corpus's topics.yml")
    if messages:
        where = str(Path(entry.source_path).parent / METADATA_FILE)
        line = entry.metadata.topics_line
        raise MetadataError([SourceError(where, line, 1, f"key 'topics': {m}") for m in messages])
    tagging = tag(entry.document, vocabulary, dictionary, segment, overrides or None)
    return replace(entry, tagging=tagging)


def load_tagged_entry(folder: Path) -> tuple[Entry, Vocabulary | None]:
    """One document folder, tagged with the vocabulary and dictionary of its corpus."""
    vocabulary, dictionary = read_knowledge(folder.parent)
    segment = jieba_segmenter(jieba_words(dictionary))
    return _tagged(load_entry(folder), vocabulary, dictionary, segment), vocabulary


def load_corpus(root: Path) -> Corpus:
    """Every document folder under ``root``, newest first (then by id)."""
    if not root.is_dir():
        raise CorpusError(f"{root}: no corpus folder")
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    if not folders:
        raise CorpusError(f"{root}: the corpus has no document folders")
    entries = [load_entry(folder) for folder in folders]
    entries.sort(key=lambda entry: entry.id)
    entries.sort(key=lambda entry: entry.metadata.date, reverse=True)
    vocabulary, dictionary = read_knowledge(root)
    segment = jieba_segmenter(jieba_words(dictionary))
    tagged = tuple(_tagged(entry, vocabulary, dictionary, segment) for entry in entries)
    return Corpus(tagged, vocabulary, dictionary)
