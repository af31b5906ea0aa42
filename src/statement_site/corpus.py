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

import datetime as dt
import re
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from statement_site import limits
from statement_site.decode import decode, text_encoding
from statement_site.errors import (
    CorpusError,
    InvalidDocuments,
    MetadataError,
    SourceError,
    excerpt,
    position_of,
)
from statement_site.files import read_bytes
from statement_site.model import (
    KINDS,
    Corpus,
    Dictionary,
    Document,
    Entry,
    Metadata,
    PartKind,
    Refused,
    Vocabulary,
)
from statement_site.parse import parse
from statement_site.tag import Segmenter, jieba_segmenter, jieba_words, tag
from statement_site.translation import language_files, read_translation
from statement_site.vocabulary import (
    DICTIONARY_FILE,
    TOPICS_FILE,
    read_dictionary,
    read_vocabulary,
)
from statement_site.yamlfile import read_yaml, shown

METADATA_FILE = "document.yml"
Progress = Callable[[int, int], None]  # (documents done, documents in all)
ID = re.compile(r"[a-z0-9][a-z0-9._-]*")
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
# The site's own paths at the root of every language's site: a document folder of that name would
# lose pages to them silently. The plugin adds the translation languages (en: the English site)
# and the names at the top of docs/ (about: the hand-written About page).
RESERVED = ("404.html", "assets", "entities", "search", "sitemap.xml", "sitemap.xml.gz",
            "tags.json", "topics")  # fmt: skip
# A folder name that reads as a file's: /<id>/ beside the site's own files (index.html)
FILE_LIKE = re.compile(
    r"\.(?:html?|xml|json|gz|txt|md|ya?ml|js|css|png|jpe?g|gif|svg|ico|pdf|zip|csv)$"
)
# A file at the top of the corpus that looks like a document put in the wrong place
STRAY_DOCUMENT = re.compile(r"\.(?:txt|md|ya?ml)$")
README = re.compile(r"(?:README|LICENSE|COPYING)\b", re.IGNORECASE)  # the corpus's own notes
# Characters that are never part of an address as written in a document.yml: percent-encode them.
URL_FORBIDDEN = set('<>"`{}|\\^')


@dataclass(frozen=True)
class _Key:
    required: bool
    check: Callable[[Any], str | None]  # a problem, or None
    help: str


def _text(value: Any, limit: int = limits.VALUE_CHARACTERS) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected a non-empty text, got {_shown(value)}"
    if len(value) > limit:
        return f"{len(value):,} characters, more than the limit of {limit:,}"
    return None


def _title(value: Any) -> str | None:
    return _text(value, limits.TITLE_CHARACTERS)


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
    if isinstance(value, str) and value in KINDS:
        return None
    return f"expected one of {', '.join(KINDS)}, got {_shown(value)}"


def _parties(value: Any) -> str | None:
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, str) and item.strip() for item in value)
    ):
        long = next((item for item in value if len(item) > limits.VALUE_CHARACTERS), None)
        return None if long is None else f"a party: {_text(long)}"
    return f"expected a list of one or more names, got {_shown(value)}"


def _language(value: Any) -> str | None:
    if isinstance(value, str) and LANGUAGE.fullmatch(value):
        return None
    return f"expected a language code such as zh or en, got {_shown(value)}"


def _url(value: Any) -> str | None:
    expected = f"expected an http(s) address, got {_shown(value)}"
    if not isinstance(value, str):
        return expected
    problem = url_problem(value)
    return f"{expected}: {problem}" if problem else None


def url_problem(url: str) -> str | None:
    """Why ``url`` is not an address a page may link to (http or https, to a host), or None."""
    if len(url) > limits.VALUE_CHARACTERS:
        return f"longer than {limits.VALUE_CHARACTERS:,} characters"
    for ch in url:
        if ch.isspace() or not ch.isprintable():
            return f"it holds a space or an invisible character (U+{ord(ch):04X})"
        if ch in URL_FORBIDDEN:
            return f"the character {ch!r} must be percent-encoded (%{ord(ch):02X})"
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as error:
        return f"not an address: {error}"
    if parts.scheme not in ("http", "https"):
        return "only http:// and https:// addresses are allowed"
    if not host:
        return "no host name after //"
    return None


def _encoding(value: Any) -> str | None:
    if isinstance(value, str) and value and text_encoding(value) is not None:
        return None
    return (
        f"expected the name of a text encoding such as utf-8, gb18030 or big5, got {_shown(value)}"
    )


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
    "title": _Key(True, _title, "the document's title as published"),
    "title_en": _Key(False, _title, "the title in English"),
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
    return shown(value, typed=True)


def read_metadata(path: Path, within: Path | None = None) -> tuple[Metadata, dict[str, Any]]:
    """The metadata in ``path`` and its raw mapping (for the keys ``text`` and ``encoding``).

    ``within``: the corpus folder, which the file (links followed) must not leave.
    """
    name = str(path)
    data = read_yaml(path, within)
    raw = data.value
    if not isinstance(raw, dict):
        raise MetadataError(
            [SourceError(name, 1, 1, "expected a mapping of keys such as title:, kind:, date:")]
        )
    # a known key's problem is in its value; an unknown key is the problem itself
    where = {
        str(key): data.value_marks[(key,)] if str(key) in KEYS else data.key_marks[(key,)]
        for key in raw
    }

    problems: list[SourceError] = []
    for key, value in raw.items():
        line, column = where.get(str(key), (1, 1))
        spec = KEYS.get(str(key))
        if spec is None:
            problems.append(
                SourceError(
                    name, line, column, f"unknown key {_shown(key)} (known keys: {', '.join(KEYS)})"
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


def check_id(folder: Path, reserved: Iterable[str] = ()) -> None:
    """Refuse a document folder whose name cannot be its URL."""
    name = folder.name
    if not ID.fullmatch(name) or len(name) > limits.ID_CHARACTERS:
        raise CorpusError(
            f"{folder}: a document folder's name is its URL: use lower-case letters, digits, "
            f"'-', '.' and '_', at most {limits.ID_CHARACTERS} of them, starting with a letter "
            "or digit (e.g. 2022-11-02-china-pakistan-joint-statement)"
        )
    names = sorted({*RESERVED, *reserved})
    if name in names:
        raise CorpusError(
            f"{folder}: {name!r} is a name the site uses for its own pages; a document folder "
            f"may not be named {', '.join(names)}: rename the folder"
        )
    if FILE_LIKE.search(name):
        raise CorpusError(
            f"{folder}: a document folder's name is its URL, and {name!r} reads as a file's "
            "name (the site has files such as index.html and sitemap.xml): rename the folder"
        )


def load_entry(folder: Path, root: Path | None = None) -> Entry:
    """Read, validate and parse one document folder; its files must not leave ``root`` (the
    corpus folder; default: the folder's parent)."""
    root = folder.parent if root is None else root
    check_id(folder)
    metadata_path = folder / METADATA_FILE
    if not metadata_path.exists():
        raise CorpusError(f"{folder}: no {METADATA_FILE} (every document folder needs one)")
    metadata, raw = read_metadata(metadata_path, root)
    path = source_file(folder, raw)
    data = read_bytes(path, limits.SOURCE_BYTES, root)
    text, encoding = decode(data, str(path), raw.get("encoding"), language=metadata.language)
    document = parse(text, str(path), encoding=encoding)
    check_sizes(document, str(path))
    translations = tuple(
        read_translation(file, document, metadata.language, root)
        for _, file in language_files(folder)
    )
    return Entry(
        id=folder.name,
        metadata=metadata,
        document=document,
        source_path=str(path),
        translations=translations,
    )


def check_sizes(document: Document, name: str) -> None:
    """Refuse a parsed text whose title or a clause is past the limits, before it is tagged."""
    for part in document.parts:
        limit = {PartKind.TITLE: limits.TITLE_CHARACTERS, PartKind.CLAUSE:
                 limits.CLAUSE_CHARACTERS}.get(part.kind)  # fmt: skip
        if limit is not None and len(part.text.strip()) > limit:
            line, column = position_of(document.text, part.start)
            what = "the title" if part.kind is PartKind.TITLE else f"clause {part.clause}"
            raise SourceError(
                name,
                line,
                column,
                f"{what} has {len(part.text.strip()):,} characters, more than the limit of "
                f"{limit:,}: is the text missing its clause numbers?",
                excerpt(part.text.strip()),
            )


def read_knowledge(root: Path) -> tuple[Vocabulary | None, Dictionary]:
    """The corpus's vocabulary of topics and domain dictionary, where it has them."""
    vocabulary_path, dictionary_path = root / TOPICS_FILE, root / DICTIONARY_FILE
    vocabulary = read_vocabulary(vocabulary_path, root) if _present(vocabulary_path) else None
    dictionary = (
        read_dictionary(dictionary_path, root) if _present(dictionary_path) else Dictionary(path="")
    )
    return vocabulary, dictionary


def _present(path: Path) -> bool:
    """True if ``path`` is there (a file, or something that is refused as not one)."""
    return path.exists() or path.is_symlink()


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


def load_corpus(
    root: Path,
    reserved: Iterable[str] = (),
    progress: Progress | None = None,
    skip_invalid: bool = False,
) -> Corpus:
    """Every document folder under ``root``, newest first (then by id).

    Every document is read and checked, and the problems of all of them are reported together:
    ``InvalidDocuments`` lists every refused document with all its messages. With
    ``skip_invalid`` the valid documents are the corpus and the refused ones are listed in
    ``Corpus.refused`` (if none is valid, the error is raised all the same). A problem of the
    corpus as a whole (no folder, ``topics.yml``, ``dictionary.yml``) is raised at once.

    ``reserved``: names of the site's own paths besides ``RESERVED`` (the translations'
    languages, the top of docs/), which no document folder may have. ``progress`` is called
    with the number of documents read so far and the total.
    """
    if not root.is_dir():
        raise CorpusError(f"{root}: no corpus folder")
    # A hidden folder (.git) is no document, unless it holds a document.yml: then its name is
    # refused rather than the document silently left out.
    folders = [
        p
        for p in sorted(root.iterdir())
        if p.is_dir()
        and p.name not in (TOPICS_FILE, DICTIONARY_FILE)
        and (not p.name.startswith(".") or (p / METADATA_FILE).exists())
    ]
    if not folders:
        raise CorpusError(f"{root}: the corpus has no document folders")
    for path in sorted(root.iterdir()):
        if (
            not path.is_dir()
            and STRAY_DOCUMENT.search(path.name)
            and path.name not in (TOPICS_FILE, DICTIONARY_FILE)
            and not path.name.startswith(".")
            and not README.match(path.name)
        ):
            raise CorpusError(
                f"{path}: a file at the top of the corpus is not read: a document is a folder, "
                f"{root}/<id>/ with its {METADATA_FILE} and its text; the corpus's own files are "
                f"{TOPICS_FILE} and {DICTIONARY_FILE}"
            )
    vocabulary, dictionary = read_knowledge(root)
    segment = jieba_segmenter(jieba_words(dictionary))
    entries = []
    refused = []
    for done, folder in enumerate(folders, 1):
        try:
            check_id(folder, reserved)
            entries.append(_tagged(load_entry(folder, root), vocabulary, dictionary, segment))
        except (SourceError, MetadataError, CorpusError) as error:
            refused.append(Refused(folder.name, tuple(str(error).splitlines())))
        if progress is not None:
            progress(done, len(folders))
    if refused and (not skip_invalid or not entries):
        raise InvalidDocuments(tuple(refused), len(folders))
    entries.sort(key=lambda entry: entry.id)
    entries.sort(key=lambda entry: entry.metadata.date, reverse=True)
    return Corpus(tuple(entries), vocabulary, dictionary, tuple(refused))
