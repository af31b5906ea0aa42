"""The command line: ``statement-site check | export | build | serve``.

The only module that turns errors into exit statuses: a problem in a source text or metadata file
is printed as ``FILE:LINE:COL: message`` (one line per problem) with exit status 1, and no
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from statement_site import __version__
from statement_site.corpus import METADATA_FILE, read_metadata
from statement_site.decode import decode
from statement_site.errors import CorpusError, MetadataError, SourceError
from statement_site.model import Clause, Document, Entry, Metadata, Vocabulary
from statement_site.parse import parse
from statement_site.render import heading, short_heading

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem that ends a command with a one-line message and a non-zero exit status."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        result: int = args.run(args)
        return result
    except (SourceError, MetadataError, CorpusError, CommandError) as error:
        print(str(error), file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # statement-site export … | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:  # an unreadable input, an output in a missing folder
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}", file=sys.stderr)
        return EXIT_INPUT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="statement-site",
        description="Turn treaty texts and joint statements into clause-by-clause, searchable "
        "websites.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="parse and validate a source text, and list its clauses",
        description="Parse a source text (or a document folder, with its document.yml), check "
        "that its clauses are numbered 1..n without gaps or duplicates, and list them. Exit "
        "status 1 and FILE:LINE:COL: message if something is wrong.",
    )
    check.add_argument("path", type=Path, metavar="FILE", help="a source text or document folder")
    check.add_argument("--encoding", help="the text's encoding (default: detect)")
    check.set_defaults(run=_check)

    export = commands.add_parser(
        "export",
        help="write the parsed document as JSON or CSV",
        description="Write the parsed document: JSON {title, source, metadata, clauses: "
        "[{number, label, text, heading}]} or CSV with one row per clause.",
    )
    export.add_argument("path", type=Path, metavar="FILE", help="a source text or document folder")
    export.add_argument("--format", choices=("json", "csv"), default="json")
    export.add_argument("--encoding", help="the text's encoding (default: detect)")
    export.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    export.set_defaults(run=_export)

    build = commands.add_parser(
        "build",
        help="build the site from the corpus",
        description="Render every document of the corpus and build the site with MkDocs, in "
        "strict mode. The site is built beside the old one and replaces it only when the build "
        "succeeds: a bad source text leaves the previous site as it was.",
    )
    build.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("-d", "--site-dir", type=Path, help="default: site_dir of mkdocs.yml")
    build.add_argument("--no-strict", action="store_true", help="do not fail on warnings")
    build.set_defaults(run=_build)

    serve = commands.add_parser(
        "serve",
        help="serve the site locally, rebuilding on every change of the corpus",
        description="Serve the site at http://127.0.0.1:8000/ and rebuild it whenever a file "
        "of the corpus or of docs/ changes.",
    )
    serve.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    serve.set_defaults(run=_serve)
    return parser


@dataclass(frozen=True)
class _Source:
    document: Document
    metadata: Metadata | None
    entry: Entry | None  # a document folder: tagged, with its language files
    vocabulary: Vocabulary | None


def _source(path: Path, encoding: str | None) -> _Source:
    """Parse ``path`` (a text, or a document folder); with its metadata if the folder has one."""
    from statement_site.corpus import load_tagged_entry, source_file

    if not path.exists():
        raise CommandError(f"{path}: no such file")
    folder = path if path.is_dir() else path.parent
    metadata_path = folder / METADATA_FILE
    if path.is_dir() and metadata_path.is_file() and encoding is None:
        entry, vocabulary = load_tagged_entry(path)
        return _Source(entry.document, entry.metadata, entry, vocabulary)
    metadata, raw = (None, {}) if not metadata_path.is_file() else read_metadata(metadata_path)
    if path.is_dir():
        path = source_file(path, raw)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    language = metadata.language if metadata is not None else None
    text, used = decode(
        path.read_bytes(), str(path), encoding or raw.get("encoding"), language=language
    )
    return _Source(parse(text, str(path), encoding=used), metadata, None, None)


def _check(args: argparse.Namespace) -> int:
    source = _source(args.path, args.encoding)
    document, metadata, entry = source.document, source.metadata, source.entry
    clauses = document.clauses
    out = sys.stdout
    print(
        f"{args.path}: {len(clauses)} clauses ({clauses[0].label} … {clauses[-1].label}), "
        f"{document.encoding}",
        file=out,
    )
    print(f"  title:    {document.title or '(none)'}", file=out)
    if metadata is not None:
        print(
            f"  metadata: {metadata.kind}, {metadata.date.isoformat()}, {metadata.place}", file=out
        )
    if entry is not None:
        for line in _coverage(entry):
            print(f"  {line}", file=out)
    for paragraph in document.preamble:
        print(f"  preamble: {_short(paragraph, 40)}", file=out)
    for clause in clauses:
        heading = _heading(entry, clause)
        topics = ""
        if entry is not None and entry.tagging is not None and source.vocabulary is not None:
            ids = [t.topic for t in entry.tagging.of(clause.number).topics]
            topics = f"  [{', '.join(ids) or 'no topic'}]"
        print(
            f"  {clause.number:>4}  {clause.label:<8} {heading}  "
            f"({len(clause.text)} characters){topics}",
            file=out,
        )
    for paragraph in document.closing:
        print(f"  closing:  {_short(paragraph, 40)}", file=out)
    print(f"  source:   {document.source or '(none)'}", file=out)
    return EXIT_OK


def _coverage(entry: Entry) -> list[str]:
    """Each language file's coverage: translated clauses and curated headings."""
    total = len(entry.document.clauses)
    lines = []
    for translation in entry.translations:
        headings = sum(1 for c in translation.clauses if c.heading)
        if translation.language == entry.metadata.language:
            lines.append(f"{translation.language}:       headings {headings}/{total} (original)")
            continue
        texts = sum(1 for c in translation.clauses if c.text)
        missing = [str(c.number) for c in translation.clauses if not c.text]
        note = f", untranslated: {', '.join(missing)}" if missing else ""
        lines.append(
            f"{translation.language}:       translated {texts}/{total}, headings {headings}/{total}"
            + note
        )
    return lines


def _heading(entry: Entry | None, clause: Clause) -> str:
    if entry is None:
        return short_heading(clause)
    return heading(entry, clause, entry.metadata.language)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


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
                "heading": _heading(entry, clause),
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


CSV_COLUMNS = ("number", "label", "heading", "text", "topics", "entities")


def _export(args: argparse.Namespace) -> int:
    source = _source(args.path, args.encoding)
    document, metadata, entry = source.document, source.metadata, source.entry
    folder = args.path if args.path.is_dir() else args.path.parent
    document_id = folder.name if metadata is not None else None
    with _output(args.output) as out:
        if args.format == "json":
            data = as_json(document, metadata, document_id, entry, source.vocabulary)
            json.dump(data, out, ensure_ascii=False, indent=2)
            out.write("\n")
        else:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            for clause in document.clauses:
                tags = entry.tagging.of(clause.number) if entry and entry.tagging else None
                writer.writerow(
                    (
                        clause.number,
                        clause.label,
                        _heading(entry, clause),
                        clause.text,
                        " ".join(t.topic for t in tags.topics) if tags else "",
                        " ".join(tags.entities) if tags else "",
                    )
                )
    return EXIT_OK


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def _quiet_mkdocs() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class _MkDocsLog(logging.Handler):
    """MkDocs' warnings, printed on standard error, and its errors, kept for the exit message.

    MkDocs logs the message of an error that stops a build (a plugin's ``FILE:LINE:COL:
    message``, a configuration error) and raises an ``Abort`` that only says it aborted.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:  # as MkDocs' own CLI shows them; to the sys.stderr of now, not of the first build
            print(f"{record.levelname:<7} -  {message}", file=sys.stderr)


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[_MkDocsLog]:
    logger = logging.getLogger("mkdocs")
    handler = _MkDocsLog()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _build(args: argparse.Namespace) -> int:
    _quiet_mkdocs()
    with _mkdocs_log() as log:
        return _build_site(args, log)


def _build_site(args: argparse.Namespace, log: _MkDocsLog) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not args.config_file.is_file():
        raise CommandError(f"{args.config_file}: no such file")
    try:
        # The site folder is given to MkDocs before it validates the configuration, so that a
        # site folder that contains docs_dir (or is inside it) is refused, as by mkdocs build.
        config = load_config(
            str(args.config_file),
            strict=not args.no_strict,
            site_dir=str(args.site_dir.resolve()) if args.site_dir else None,
        )
    except (ConfigurationError, Abort) as error:
        message = "\n".join(log.errors) or str(error)
        raise CommandError(f"{args.config_file}: {message}") from None
    site = Path(config.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-", dir=site.parent))
    config.site_dir = str(staging)
    try:
        build(config)
    except (Abort, ConfigurationError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        if log.errors:  # a BuildError (a bad source text or metadata file): its message alone
            raise CommandError("\n".join(log.errors)) from None
        raise CommandError(f"build failed, {site} left as it was: {error}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _replace(site, staging)
    plugin = config.plugins.get("statement-site")
    for line in getattr(plugin, "translation_report", list)():
        print(line, file=sys.stderr)
    print(f"built {site}", file=sys.stderr)
    return EXIT_OK


def _replace(site: Path, staging: Path) -> None:
    """Put the new site in place of the old one, by renames in the same folder."""
    staging.chmod(0o755)
    old = site.with_name(f".{site.name}-old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def _serve(args: argparse.Namespace) -> int:
    _quiet_mkdocs()
    from mkdocs.commands.serve import serve

    serve(config_file=str(args.config_file), dev_addr=args.dev_addr, livereload=True)
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
