"""Split the text of a treaty or joint statement into its title, clauses and closing parts.

``parse(text, name)`` is pure: it reads nothing and writes nothing. Its contract:

* Lossless. The parts of the result cover the text exactly; every character is in the title, a
  preamble paragraph, a heading, a clause label, a clause, a closing paragraph, a source line, or
  the whitespace between them.
* Malformed input is reported, never silently under-parsed: a missing, duplicated or misplaced
  clause number, an empty clause, an empty or title-only text raise ``ParseError`` with the file,
  line, column and the offending text.

How clauses are found. A *candidate* is a label of one of the numbering styles of
``patterns.NUMBERING`` at a boundary: the start of a line, after whitespace, or right after the end
of a sentence (。二、) for texts whose clauses run on. The style of the first candidate numbered 1
is the document's clause style (第一条 before 一、, 一、 before （一）); other styles are numbering
inside clauses. If clause 2 begins a line or follows whitespace, clauses are taken to be separated
that way and run-on candidates are enumerations inside clauses. Walking the candidates in order,
the next clause is the next number; a candidate numbered 1 opens an enumeration inside the current
clause, which may then count up on its own (五、双方同意：一、…；二、…。六、).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from statement_site.errors import ParseError, excerpt, position_of
from statement_site.model import Clause, Document, Part, PartKind, Position
from statement_site.patterns import (
    CONTINUES,
    ENUMERATION_END,
    HEADING,
    INLINE_SPACE,
    LINE_BREAKS,
    NUMBERING,
    PARAGRAPH_BREAK,
    SENTENCE_END,
    SOURCE_LINES,
    Numbering,
    is_source_line,
)


class Boundary(IntEnum):
    """What stands before a label; higher is a stronger sign of a new clause."""

    NONE = 0  # inside a word: 统一、, 第一、二批
    ENUMERATION = 1  # after ；or ：, as in 同意：一、…；二、…
    SENTENCE = 2  # after 。！？, as in …关系。三、…
    SPACE = 3  # after whitespace on the same line
    LINE = 4  # at the start of a line or of the text


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    number: int
    style: Numbering
    boundary: Boundary

    def strong(self) -> bool:
        return self.boundary >= Boundary.SPACE


def parse(text: str, name: str = "<text>", *, encoding: str = "utf-8") -> Document:
    """Parse ``text`` (from the file ``name``, for error messages) into a ``Document``."""
    if not text.strip():
        raise ParseError(name, 1, 1, "empty document: the file has no text", text)
    candidates = _candidates(text)
    first = _first_clause(text, name, candidates)
    starts = _select(text, name, [c for c in candidates if c.style is first.style], first)
    return _assemble(text, name, encoding, starts)


def _error(text: str, name: str, offset: int, message: str) -> ParseError:
    line, column = position_of(text, offset)
    shown = excerpt(text[offset:])
    return ParseError(name, line, column, f'{message}: "{shown}"', shown)


def _boundary(text: str, start: int) -> Boundary:
    i = start
    while i > 0 and text[i - 1] in INLINE_SPACE:
        i -= 1
    if i == 0 or text[i - 1] in LINE_BREAKS:
        return Boundary.LINE
    if i < start:
        return Boundary.SPACE
    before = text[i - 1]
    # Look through a closing quote or bracket: …。”三、
    j = i - 1
    while j > 0 and text[j] in "”’」』】\"'":
        j -= 1
        before = text[j]
    if before in SENTENCE_END:
        return Boundary.SENTENCE
    if before in ENUMERATION_END:
        return Boundary.ENUMERATION
    return Boundary.NONE


def _candidates(text: str) -> list[_Candidate]:
    found: dict[int, _Candidate] = {}
    for style in NUMBERING:
        for match in style.label.finditer(text):
            number = style.number(match)
            if number is None or match.start() in found:
                continue
            boundary = _boundary(text, match.start())
            found[match.start()] = _Candidate(
                match.start(), match.end(), number, style, boundary
            )
    return [found[start] for start in sorted(found)]


def _label(text: str, candidate: _Candidate) -> str:
    return text[candidate.start : candidate.end]


def _first_clause(text: str, name: str, candidates: list[_Candidate]) -> _Candidate:
    # The first candidate numbered 1, preferring a clear boundary; a text that runs on from its
    # title straight into 一、 has none, so a label inside a word is the last resort.
    for at_least in (Boundary.SPACE, Boundary.SENTENCE, Boundary.NONE):
        for candidate in candidates:
            if candidate.number == 1 and candidate.boundary >= at_least:
                if at_least == Boundary.NONE and candidate.boundary == Boundary.ENUMERATION:
                    continue
                return candidate
    numbered = [c for c in candidates if c.strong()]
    if numbered:
        first = numbered[0]
        raise _error(
            text,
            name,
            first.start,
            f"numbering starts at {_label(text, first)} ({first.number}), "
            f"not at {first.style.write(1)} (1)",
        )
    raise _error(text, name, 0, "no numbered clauses found (expected 一、… or 第一条…)")


def _select(
    text: str, name: str, candidates: list[_Candidate], first: _Candidate
) -> list[_Candidate]:
    later = [c for c in candidates if c.start > first.start]
    by_lines = first.strong() and any(c.number == 2 and c.strong() for c in later)
    chosen = [first]
    inner: int | None = None  # the next number of an enumeration inside the current clause
    pending: _Candidate | None = None  # a run-on label that may be a clause in a spaced text

    def accept(candidate: _Candidate) -> None:
        nonlocal inner, pending
        chosen.append(candidate)
        inner = None
        pending = None

    for index, candidate in enumerate(later):
        expected = chosen[-1].number + 1
        number = candidate.number
        if candidate.boundary == Boundary.NONE:
            continue
        if by_lines and not candidate.strong():
            # In a text whose clauses begin lines, a run-on label is an enumeration, unless a
            # clause whose line break was lost sits there: "…。十六、" followed by a 十七、 line.
            if number == expected and candidate.boundary == Boundary.SENTENCE:
                pending = candidate
            continue
        if number == expected:
            accept(candidate)
        elif pending is not None and number == expected + 1:
            accept(pending)
            accept(candidate)
        elif number == 1:
            inner = 2
        elif inner is not None and number == inner:
            inner += 1
        elif number > expected:
            raise _misplaced(text, name, chosen[-1], candidate, later[index + 1 :], expected)
        elif number == expected - 1:
            previous = chosen[-1]
            line, column = position_of(text, previous.start)
            raise _error(
                text,
                name,
                candidate.start,
                f"duplicate clause {_label(text, candidate)} ({number}): "
                f"clause {number} is already at line {line}, column {column}",
            )
        else:
            earlier = chosen[number - 1]
            line, column = position_of(text, earlier.start)
            raise _error(
                text,
                name,
                candidate.start,
                f"clause {_label(text, candidate)} ({number}) is out of order: it comes after "
                f"{_label(text, chosen[-1])} ({chosen[-1].number}), and clause {number} is "
                f"already at line {line}, column {column}",
            )
    return chosen


def _misplaced(
    text: str,
    name: str,
    previous: _Candidate,
    candidate: _Candidate,
    rest: list[_Candidate],
    expected: int,
) -> ParseError:
    missing = candidate.style.write(expected)
    found = _label(text, candidate)
    later = next((c for c in rest if c.number == expected and c.boundary > Boundary.NONE), None)
    if later is not None:
        line, column = position_of(text, later.start)
        return _error(
            text,
            name,
            candidate.start,
            f"clause {found} ({candidate.number}) is out of order: it comes before "
            f"{_label(text, later)} ({expected}) at line {line}, column {column}",
        )
    return _error(
        text,
        name,
        candidate.start,
        f"clause {missing} ({expected}) is missing: {_label(text, previous)} "
        f"({previous.number}) is followed by {found} ({candidate.number})",
    )


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the paragraphs between ``start`` and ``end``, without surrounding space."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in PARAGRAPH_BREAK.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    # A span may still have whitespace at its ends (a single ideographic space): trim it.
    trimmed = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _trailing_source(text: str, start: int, end: int) -> int | None:
    """Where a source line glued to the end of the last paragraph begins: …领域。（完）"""
    for pattern in SOURCE_LINES:
        if not pattern.pattern.startswith(("[（(]", r"[（(]")):
            continue  # only bracketed source lines can be told apart without a break
        for match in pattern.finditer(text, start, end):
            if match.end() == end and match.start() > start:
                if text[match.start() - 1] in SENTENCE_END + "”’」』":
                    return match.start()
    return None


def _assemble(text: str, name: str, encoding: str, starts: list[_Candidate]) -> Document:
    spans: list[tuple[PartKind, int, int, int | None]] = []

    def add(kind: PartKind, a: int, b: int, clause: int | None = None) -> None:
        spans.append((kind, a, b, clause))

    # Before the first clause: the title, then preamble paragraphs, headings and datelines.
    title = ""
    for a, b in _paragraphs(text, 0, starts[0].start):
        paragraph = text[a:b]
        if HEADING.fullmatch(paragraph):
            add(PartKind.HEADING, a, b)
        elif is_source_line(paragraph) and not title:
            add(PartKind.SOURCE, a, b)
        elif not title:
            title = paragraph
            add(PartKind.TITLE, a, b)
        else:
            add(PartKind.PREAMBLE, a, b)

    for index, start in enumerate(starts):
        last = index == len(starts) - 1
        region_end = len(text) if last else starts[index + 1].start
        add(PartKind.LABEL, start.start, start.end, start.number)
        paragraphs = _paragraphs(text, start.end, region_end)
        if not paragraphs:
            raise _error(text, name, start.start, f"clause {_label(text, start)} has no text")
        body = [paragraphs[0]]
        rest = paragraphs[1:]
        if last:
            rest, tail = _split_tail(text, rest, body)
        else:
            tail = []
        for position, (a, b) in enumerate(rest):
            if HEADING.fullmatch(text[a:b]) or (last and not CONTINUES.search(text[a:b])):
                tail = rest[position:] + tail
                break
            body.append((a, b))
        add(PartKind.CLAUSE, body[0][0], body[-1][1], start.number)
        for a, b in tail:
            paragraph = text[a:b]
            if HEADING.fullmatch(paragraph) and not last:
                add(PartKind.HEADING, a, b)
            elif last and is_source_line(paragraph) and all(
                is_source_line(text[c:d]) for c, d in tail if c >= a
            ):
                add(PartKind.SOURCE, a, b)
            elif last:
                add(PartKind.CLOSING, a, b)
            else:
                add(PartKind.PREAMBLE, a, b)  # an introduction under a heading
    return _document(text, name, encoding, spans, starts)


def _split_tail(
    text: str, rest: list[tuple[int, int]], body: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Split a source line glued to the end of the last clause off its paragraph."""
    last_paragraph = rest[-1] if rest else body[-1]
    glued = _trailing_source(text, *last_paragraph)
    if glued is None:
        return rest, []
    kept = (last_paragraph[0], glued)
    if rest:
        return [*rest[:-1], kept], [(glued, last_paragraph[1])]
    body[-1] = kept
    return [], [(glued, last_paragraph[1])]


def _document(
    text: str,
    name: str,
    encoding: str,
    spans: list[tuple[PartKind, int, int, int | None]],
    starts: list[_Candidate],
) -> Document:
    parts: list[Part] = []
    position = 0
    for kind, a, b, clause in sorted(spans, key=lambda span: span[1]):
        if a > position:
            gap = text[position:a]
            if gap.strip():  # every character must be accounted for: this is a parser bug
                raise AssertionError(f"{name}: unaccounted text at {position}: {gap!r}")
            parts.append(Part(PartKind.SPACE, gap, position))
        parts.append(Part(kind, text[a:b], a, clause))
        position = b
    if position < len(text):
        gap = text[position:]
        if gap.strip():
            raise AssertionError(f"{name}: unaccounted text at {position}: {gap!r}")
        parts.append(Part(PartKind.SPACE, gap, position))

    clauses: list[Clause] = []
    section: str | None = None
    for part in parts:
        if part.kind is PartKind.HEADING:
            section = part.text
        elif part.kind is PartKind.CLAUSE:
            assert part.clause is not None
            start = starts[part.clause - 1]
            line, column = position_of(text, start.start)
            clauses.append(
                Clause(
                    number=part.clause,
                    label=_label(text, start),
                    text=part.text,
                    style=start.style.name,
                    section=section,
                    position=Position(line, column),
                )
            )

    def texts(kind: PartKind, before: int = len(text)) -> tuple[str, ...]:
        return tuple(p.text for p in parts if p.kind is kind and p.start < before)

    return Document(
        text=text,
        title=next((p.text for p in parts if p.kind is PartKind.TITLE), ""),
        preamble=texts(PartKind.PREAMBLE, before=starts[0].start),
        clauses=tuple(clauses),
        closing=texts(PartKind.CLOSING),
        sources=texts(PartKind.SOURCE),
        parts=tuple(parts),
        encoding=encoding,
    )
