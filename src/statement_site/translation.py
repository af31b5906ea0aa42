"""Clause-aligned language files: ``corpus/<id>/<lang>.yml``.

    language: en
    title: Joint Statement between …
    source: (Xinhua News Agency, Beijing, 2 November)
    clauses:
      1:
        heading: Official visit
        text: >-
          Prime Minister Shehbaz Sharif …

In the document's original language the file holds only the curated short headings (the text is
the published source, never a copy). In another language it is a translation: every clause of the
document must be there, numbered 1..n in order; a clause whose ``text`` is left out is not yet
translated, and its page shows the original with a notice. A missing, extra or misnumbered clause,
or an unknown key, is an error that names the file and the entry.
"""

from __future__ import annotations

import re
from pathlib import Path

from statement_site import limits
from statement_site.errors import CorpusError, MetadataError
from statement_site.model import ClauseTranslation, Document, Translation
from statement_site.yamlfile import Checker, Path_, read_yaml, shown

LANGUAGE_FILE = re.compile(r"([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.yml")
FILE_KEYS = ("language", "title", "source", "clauses")
CLAUSE_KEYS = ("heading", "text")


def language_files(folder: Path) -> list[tuple[str, Path]]:
    """The language files of a document folder, by language: zh.yml, en.yml …

    Anything named so is one (a folder or a FIFO named en.yml is then refused as not a regular
    file, never silently passed over); any other YAML file but document.yml (EN.yml, en.yaml,
    notes.yml) is refused, as it would otherwise be left out without a word.
    """
    found = []
    for path in sorted(folder.iterdir()):
        match = LANGUAGE_FILE.fullmatch(path.name)
        if match:
            found.append((match.group(1), path))
        elif re.search(r"\.ya?ml$", path.name, re.IGNORECASE) and path.name != "document.yml":
            raise CorpusError(
                f"{path}: not a file of a document folder: its files are document.yml, the "
                "source text and the language files, named <lang>.yml (en.yml, zh-Hant.yml)"
            )
    return found


def read_translation(
    path: Path, document: Document, original: str, within: Path | None = None
) -> Translation:
    """The language file ``path`` for ``document``, whose original language is ``original``
    (``within``: the corpus folder, which the file must not leave)."""
    data = read_yaml(path, within)
    language = path.name.removesuffix(".yml")
    is_original = language == original
    check = Checker(data)

    def add(where: Path_, message: str) -> None:  # at the entry's key, where a reader looks
        check.add(where, message, at_key=where[-1:] != ("clauses",))

    root = data.value
    if not isinstance(root, dict):
        raise MetadataError(
            [data.problem((), "expected a mapping with keys " + ", ".join(FILE_KEYS))]
        )
    for key in root:
        if key not in FILE_KEYS:
            add((key,), f"unknown key {shown(key)} (known keys: {', '.join(FILE_KEYS)})")
    if root.get("language", language) != language:
        add(("language",), f"language {root.get('language')!r} differs from the file's name")
    title = check.optional_text(root.get("title"), ("title",), "title", limits.TITLE_CHARACTERS)
    source = check.optional_text(root.get("source"), ("source",), "source", limits.VALUE_CHARACTERS)
    if is_original and (title or source):
        add(("title",) if title else ("source",), "the original language's file holds headings "
            "only: its title and source line are those of the published text")  # fmt: skip
    raw = root.get("clauses")
    total = len(document.clauses)
    clauses: list[ClauseTranslation] = []
    if not isinstance(raw, dict):
        add(("clauses",), f"expected `clauses:` with the document's {total} clauses, numbered 1..")
        raw = {}
    expected = 1
    for key, value in raw.items():
        where: Path_ = ("clauses", key)
        if not isinstance(key, int) or isinstance(key, bool):
            add(where, f"clause {shown(key)}: a clause is numbered by a whole number (1..{total})")
            continue
        if key > total or key < 1:
            add(where, f"clause {key}: the document has {total} clauses (extra clause)")
            continue
        if key < expected:
            add(where, f"clause {key}: expected clause {expected} here (out of order)")
        elif key > expected:
            add(
                where,
                f"clause {key}: expected clause {expected} here (clause {expected} is missing)",
            )
            expected = key + 1
        else:
            expected += 1
        entry = f"clause {key}"
        if value is None:
            value = {}
        if not isinstance(value, dict):
            add(where, f"{entry}: expected heading: and text:")
            continue
        check.mapping(value, where, CLAUSE_KEYS, entry)
        heading = check.optional_text(
            value.get("heading"),
            (*where, "heading"),
            f"{entry}: heading",
            limits.HEADING_CHARACTERS,
        )
        text = check.optional_text(
            value.get("text"), (*where, "text"), f"{entry}: text", limits.CLAUSE_CHARACTERS
        )
        if is_original and text:
            add((*where, "text"), f"{entry}: the original's text is the source file, not a copy")
            text = None
        clauses.append(ClauseTranslation(key, heading, text))
    if expected <= total and isinstance(root.get("clauses"), dict):
        numbers = ", ".join(str(n) for n in range(expected, total + 1))
        add(("clauses",), f"missing clause(s) {numbers}: the document has {total} clauses")
    check.raise_if_any()
    clauses.sort(key=lambda clause: clause.number)
    return Translation(language, title, source, tuple(clauses), str(path))
