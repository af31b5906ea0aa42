"""Errors that say where.

Library code raises these; only the CLI turns them into ``FILE:LINE:COL: message`` and an exit
status. Every error carries the file, the line and column (counted from 1, in characters) and the
offending text, so a reader can go straight to the place.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

EXCERPT_LENGTH = 24
MAX_PROBLEMS = 100  # problems of one file shown; the rest are counted


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The start of ``text`` on one line, shortened with an ellipsis when longer than ``limit``."""
    lines = text.splitlines()  # every line break: \n, \r, \v, \f, U+0085, U+2028 …
    line = lines[0] if lines else ""
    return line if len(line) <= limit else line[:limit] + "…"


def position_of(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``offset`` in ``text``; CRLF and LF both end a line."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class SourceError(ValueError):
    """A problem at one place of one file."""

    def __init__(self, file: str, line: int, column: int, message: str, text: str = "") -> None:
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.text = text  # the offending text
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ParseError(SourceError):
    """The text of a document cannot be split into its clauses without losing or merging one."""


class DecodeError(SourceError):
    """The bytes of a file are not text in a known encoding."""


class MetadataError(ValueError):
    """One or more problems in a document's metadata file, all reported at once."""

    def __init__(self, problems: Sequence[SourceError]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        shown = [str(problem) for problem in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:  # a file of 100,000 wrong entries: the first ones
            shown.append(f"… and {len(self.problems) - MAX_PROBLEMS:,} more problems")
        return "\n".join(shown)


class CorpusError(ValueError):
    """The corpus folder as a whole is wrong (missing, empty, or a document without a text)."""


class InvalidDocuments(ValueError):
    """One or more documents of a corpus cannot be published: every message of every one.

    ``refused`` holds ``model.Refused`` values (the folder's name and its messages); ``total`` is
    the number of documents in the corpus.
    """

    def __init__(self, refused: Sequence[Any], total: int) -> None:
        self.refused = tuple(refused)
        self.total = total
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [message for document in self.refused for message in document.messages]
        valid = self.total - len(self.refused)
        if valid:  # the others could be published: say how
            lines.append(
                f"{len(self.refused)} of {self.total} documents refused; `statement-site build "
                f"--skip-invalid` publishes the other {valid}"
            )
        return "\n".join(lines)


# Controls (ESC starts a terminal's escape sequences) and marks that reverse the direction of
# text, in a message: a file named with them must not recolour or retitle the reader's terminal.
_UNPRINTABLE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0),
                 *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}  # fmt: skip


def printable(message: str) -> str:
    """``message`` as it may be printed to a terminal: its lines, with every control character
    but the line break and the tab written as an escape (\\x1b)."""
    return message.translate(_UNPRINTABLE)
