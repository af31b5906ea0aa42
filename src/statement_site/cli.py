"""The command line: ``statement-site check | export | build | serve``.

The only module that turns errors into exit statuses: a problem in a source text or metadata file
is printed as ``FILE:LINE:COL: message`` (one line per problem) with exit status 1, and no
traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from statement_site import __version__, limits, publish
from statement_site.corpus import METADATA_FILE, check_sizes, read_metadata
from statement_site.decode import decode
from statement_site.errors import CorpusError, MetadataError, SourceError, printable
from statement_site.export import as_csv, as_json, clause_heading
from statement_site.files import read_bytes
from statement_site.model import Document, Entry, Metadata, Vocabulary
from statement_site.parse import parse
from statement_site.serve import MkDocsLog, mkdocs_log

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
        print(printable(str(error)), file=sys.stderr)
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
    build.add_argument(
        "--skip-invalid",
        action="store_true",
        help="publish the valid documents and list the refused ones with their errors "
        "(default: a refused document fails the build and the site is left as it was)",
    )
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
    if not path.is_file() and not path.is_dir():
        raise CommandError(f"{path}: not a regular file")
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
    data = read_bytes(path, limits.SOURCE_BYTES)
    text, used = decode(data, str(path), encoding or raw.get("encoding"), language=language)
    document = parse(text, str(path), encoding=used)
    check_sizes(document, str(path))
    return _Source(document, metadata, None, None)


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
        heading = clause_heading(entry, clause)
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


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _export(args: argparse.Namespace) -> int:
    if args.output is not None:
        _check_output(args.path, args.output)
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
            out.write(as_csv(document, entry))
    return EXIT_OK


def _check_output(source: Path, output: Path) -> None:
    """Refuse an output that would overwrite the input or a file of a document folder."""
    target = output.resolve()
    folder = source.resolve() if source.is_dir() else source.resolve().parent
    if target == source.resolve() or (target.parent / METADATA_FILE).exists():
        raise CommandError(
            f"{output}: refusing to write the export over the text it reads or into a document "
            f"folder ({folder}): give an output elsewhere"
        )
    if target.is_dir():
        raise CommandError(f"{output}: a folder, not a file to write")
    if target.is_file() and target.suffix.lower() not in (".json", ".csv"):
        raise CommandError(
            f"{output}: refusing to replace a file that is no export (.json or .csv): give an "
            "output elsewhere"
        )


@contextlib.contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    buffer = io.StringIO()
    yield buffer
    # Written beside it and renamed into place: a hard link to another file (a source text) is
    # replaced, never written through, and a reader never sees half an export.
    temporary = ""
    try:
        if path.exists() and not path.is_file():  # /dev/full, a FIFO: written as they are
            path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
            return
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(buffer.getvalue())
        os.replace(temporary, path)
        temporary = ""
    except OSError as error:
        raise CommandError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _quiet_mkdocs() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _build(args: argparse.Namespace) -> int:
    _quiet_mkdocs()
    with mkdocs_log() as log:
        return _build_site(args, log)


def _build_site(args: argparse.Namespace, log: MkDocsLog) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from statement_site.plugin import StatementSitePlugin

    if not args.config_file.is_file():
        what = "not a regular file" if args.config_file.exists() else "no such file"
        raise CommandError(f"{args.config_file}: {what}")
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
    project = Path(config.config_file_path or args.config_file).resolve().parent
    plugin = config.plugins.get("statement-site")
    corpus = project / plugin.config.corpus if isinstance(plugin, StatementSitePlugin) else None
    if args.skip_invalid and isinstance(plugin, StatementSitePlugin):
        plugin.config["skip_invalid"] = True

    def waiting(lock: Path) -> None:
        print(
            f"statement-site build: waiting for another build of {publish.shown(site)} to "
            f"finish (it holds {publish.shown(lock, folder=False)})",
            file=sys.stderr,
            flush=True,
        )

    try:
        # Refused before anything is built or deleted: the corpus, docs or project folder, or a
        # folder that holds files no build of this site wrote.
        publish.check_site_dir(site, corpus=corpus, docs=Path(config.docs_dir), project=project)
        with publish.staged(site, on_wait=waiting) as staging:
            config.site_dir = str(staging)
            try:
                build(config)
            except (Abort, ConfigurationError) as error:
                if log.errors:  # a BuildError (a bad source text or metadata file): its message
                    raise CommandError("\n".join(log.errors)) from None
                raise CommandError(f"build failed, {site} left as it was: {error}") from None
    except publish.PublishError as error:
        raise CommandError(str(error)) from None
    for line in getattr(plugin, "refused_report", list)():
        print(line, file=sys.stderr)
    for line in getattr(plugin, "translation_report", list)():
        print(line, file=sys.stderr)
    print(f"built {site}", file=sys.stderr)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    _quiet_mkdocs()
    from statement_site.serve import serve

    return serve(args.config_file, args.dev_addr, sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
