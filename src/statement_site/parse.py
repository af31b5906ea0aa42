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
of a sentence (。二、) for texts whose clauses run on. A label inside a word (统一、, 第一、二批,
根据第五条的规定) or a range after a sentence (。二、三十年来) is not a candidate; a range or a
reference at the start of a line (第五条所述的…) is a clause only where that number is expected.

The first clause is a candidate numbered 1, the likeliest first: the clearest numbering (where
it or the 2 after it begins a line, else follows a sentence, else a colon), then the higher style
(第一条 before 一、, 一、 before （一）, whatever comes first in the text), then one that has a 2
after it, then the earlier place; inside a word only for a title that runs straight into its
first clause (联合声明一、…), and then the last such label before clause 2 (not 统一、). A
candidate numbered 1 after a clause 2, 3… of its style or a higher one is never the first clause.
The likeliest is tried, then those of its style before it (it was then an enumeration inside
the first clause: 联合声明一、双方同意：一、…；二、…。二、), until one gives a well-formed
sequence; if none does, the likeliest one's error is raised.

From the first clause, the candidates of its style are walked in order; the next clause is the
next number. If any clause 2 begins a line or follows whitespace, clauses are taken to be
separated that way, and run-on candidates are enumerations inside clauses, unless a run of them
continues the numbering up to the next clause that begins a line (a lost line break: "…。十六、");
a run-on label after a sentence that skips a number is reported. A candidate numbered 1 opens an
enumeration inside the current clause, which then counts up on its own with labels of the same
kind, run-on or at line starts (五、双方同意：一、…；二、…。六、); when its next item has the
number of the next clause, it is the clause unless it follows a semicolon or another candidate
with that number comes before the next enumeration. An enumeration of one item is a duplicate
clause 1, and a 1 at the start of a line after a chapter heading is numbering that starts again:
both are reported.

Around the clauses. Paragraphs are separated by line breaks or by two ideographic spaces. Before
the first clause: the title is the first paragraph unless it reads as a sentence (缔约双方，), or
after an introduction (新华社北京11月2日电　…全文如下：, whose dateline is a source) the first
line that ends with a document's name; a title may run on over the next lines until one ends
with a document's name (``Document.title`` joins them). Then preamble paragraphs, headings
(第一章　总则) and datelines. Between clauses: headings, and introductions under them. After the
last clause: it goes on while its paragraphs end a sentence, begin with an item label, or end
with a colon before such a paragraph (本条约于……签订。 is still the last article); then the
closing paragraphs (signature lines, one part a line), then source lines and end marks, also one
glued to the end of the last sentence (…领域。（新华社北京11月2日电）).
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum

from statement_site.errors import ParseError, excerpt, position_of
from statement_site.model import Clause, Document, Part, PartKind, Position
from statement_site.numerals import to_int
from statement_site.patterns import (
    CLOSERS,
    CONTINUES,
    DATELINE_LEAD,
    DOCUMENT_NAME,
    ENUMERATION_END,
    GLUED_SOURCE_OPENERS,
    HEADING,
    HEADING_LABEL,
    INLINE_SPACE,
    INTRODUCES,
    LINE_BREAKS,
    NOT_TITLE,
    NUMBERING,
    PARAGRAPH_BREAK,
    RANGE,
    SENTENCE_END,
    Numbering,
    is_source_line,
)

MAX_ATTEMPTS = 8  # first clauses tried before giving up with the first one's error
MAX_TITLE_LINES = 3  # a title may run over this many lines


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
    doubtful: bool = False  # a range (二、三十年) or reference (第五条所述): a clause only where
    # one is expected

    def strong(self) -> bool:
        return self.boundary >= Boundary.SPACE


Span = tuple[int, int]


def parse(text: str, name: str = "<text>", *, encoding: str = "utf-8") -> Document:
    """Parse ``text`` (from the file ``name``, for error messages) into a ``Document``.

    A text that cannot be read names the place; if it holds an invisible character (a zero-width
    space inside a label, 二\u200b、, breaks the label), the message says where the first one is.
    """
    if not text:
        raise ParseError(name, 1, 1, "empty document: the file has no text", "")
    if _is_blank(text):
        raise ParseError(name, 1, 1, "empty document: the file has only whitespace", "")
    try:
        return _parse(text, name, encoding)
    except ParseError as error:
        raise _with_invisible(text, error) from None


def _with_invisible(text: str, error: ParseError) -> ParseError:
    found = next((i for i, ch in enumerate(text) if _invisible(ch)), None)
    if found is None:
        return error
    ch = text[found]
    line, column = position_of(text, found)
    name = unicodedata.name(ch, "an invisible character")
    hint = (
        f" (the text holds an invisible character, U+{ord(ch):04X} {name}, at line {line}, "
        f"column {column}: it can break a clause's label)"
    )
    return ParseError(error.file, error.line, error.column, error.message + hint, error.text)


def _invisible(ch: str) -> bool:
    """A character that shows nothing: a format character such as U+200B or U+2060 (the byte
    order mark of a file is gone by now)."""
    return unicodedata.category(ch) == "Cf"


def _parse(text: str, name: str, encoding: str) -> Document:
    candidates = _candidates(text)
    options = _first_options(candidates)
    if not options:
        raise _no_clauses(text, name, candidates)
    # After the likeliest first clause, only labels of its style before it are tried (it was
    # then an enumeration inside the first clause): a text whose numbering is broken must not
    # be read as another numbering that happens to be whole, an enumeration inside a clause.
    likeliest = options[0]
    options = [likeliest] + [
        option
        for option in options[1:]
        if option.style is likeliest.style and option.start < likeliest.start
    ]
    errors: list[ParseError] = []
    for first in options[:MAX_ATTEMPTS]:
        try:
            starts = _walk(text, name, first, candidates)
            return _assemble(text, name, encoding, starts)
        except ParseError as error:
            errors.append(error)
    raise errors[0]


def _is_space(ch: str) -> bool:
    return ch.isspace() or ch in INLINE_SPACE


def _is_blank(text: str) -> bool:
    return all(_is_space(ch) for ch in text)


def _error(text: str, name: str, offset: int, message: str) -> ParseError:
    line, column = position_of(text, offset)
    shown = excerpt(text[offset:])
    return ParseError(name, line, column, f'{message}: "{shown}"', shown)


def _label(text: str, candidate: _Candidate) -> str:
    return text[candidate.start : candidate.end]


def _where(text: str, candidate: _Candidate) -> str:
    line, column = position_of(text, candidate.start)
    return f"line {line}, column {column}"


# --- candidates --------------------------------------------------------------------------------


def _boundary(text: str, start: int) -> Boundary:
    i = start
    while i > 0 and text[i - 1] in INLINE_SPACE:
        i -= 1
    if i == 0 or text[i - 1] in LINE_BREAKS:
        return Boundary.LINE
    if i < start:
        return Boundary.SPACE
    # Look through closing quotes and brackets: …。”三、
    j = i - 1
    while j > 0 and text[j] in CLOSERS:
        j -= 1
    before = text[j]
    if before in SENTENCE_END:
        return Boundary.SENTENCE
    if before in ENUMERATION_END:
        return Boundary.ENUMERATION
    return Boundary.NONE


def _is_range(text: str, start: int) -> bool:
    """Whether the label at ``start`` is the first half of a range such as 二、三十年."""
    match = RANGE.match(text, start)
    if match is None:
        return False
    return to_int(match.group("b")) == (to_int(match.group("a")) or 0) + 1


def _candidates(text: str) -> list[_Candidate]:
    found: dict[int, _Candidate] = {}
    for style in NUMBERING:
        for match in style.label.finditer(text):
            number = style.number(match)
            if number is None or match.start() in found:
                continue
            boundary = _boundary(text, match.start())
            doubtful = False
            if _is_range(text, match.start()):
                doubtful = True
                if boundary < Boundary.SPACE:
                    boundary = Boundary.NONE  # …。二、三十年来 is a sentence, not clause 2
            elif style.reference is not None and style.reference.match(text, match.end()):
                doubtful = True  # 第五条所述的… at the start of a line
            found[match.start()] = _Candidate(
                match.start(), match.end(), number, style, boundary, doubtful
            )
    ordered = [found[start] for start in sorted(found)]
    # A label right after another one stands where that one stands: in 。二、三、丙。 clause 二
    # has no text (but 第一、二批 stays inside a word).
    for index in range(1, len(ordered)):
        previous, candidate = ordered[index - 1], ordered[index]
        if candidate.start == previous.end and candidate.boundary < previous.boundary:
            ordered[index] = replace(candidate, boundary=previous.boundary)
    return ordered


# --- the first clause --------------------------------------------------------------------------


def _rank(style: Numbering) -> int:
    return NUMBERING.index(style)


def _first_options(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates that may be clause 1, the likeliest first."""
    # Where the first label numbered 2 or more of each rank or a higher one stands: a candidate
    # numbered 1 after it is an enumeration inside a clause, never the first clause.
    nowhere = candidates[-1].start + 1 if candidates else 0
    settled = [nowhere] * len(NUMBERING)
    for c in candidates:
        if c.number >= 2 and c.boundary >= Boundary.SENTENCE and not c.doubtful:
            for rank in range(_rank(c.style), len(NUMBERING)):
                settled[rank] = min(settled[rank], c.start)
    # For each style, its 2s that follow a boundary (in order) and where its last clear label
    # numbered 2 or more stands: looked up, not searched, for each candidate numbered 1.
    twos_of: dict[str, list[_Candidate]] = {}
    last_clear: dict[str, int] = {}
    for d in candidates:
        if d.number == 2 and d.boundary > Boundary.NONE:
            twos_of.setdefault(d.style.name, []).append(d)  # in the order of the text
        if d.number >= 2 and d.boundary >= Boundary.SENTENCE and not d.doubtful:
            last_clear[d.style.name] = d.start
    keyed: list[tuple[tuple[int, int, int, int, int], _Candidate]] = []
    for c in candidates:
        if c.number != 1 or c.start > settled[_rank(c.style)]:
            continue
        twos = twos_of.get(c.style.name, [])
        after = bisect.bisect_right(twos, c.start, key=lambda d: d.start)
        two = twos[after] if after < len(twos) else None
        inside_word = c.boundary == Boundary.NONE
        if inside_word and last_clear.get(c.style.name, -1) <= c.start:
            continue  # only a title that runs into its first clause: 联合声明一、…。二、…
        # How clearly this is a numbering: by the stronger of its own boundary and its 2's.
        strength = max(c.boundary, two.boundary if two else Boundary.NONE)
        level = 0 if strength >= Boundary.SPACE else 3 - int(strength)
        # Among labels inside a word, the last one before clause 2 (统一、…声明一、).
        place = -c.start if inside_word else c.start
        keyed.append(((level, _rank(c.style), int(two is None), int(inside_word), place), c))
    return [c for _, c in sorted(keyed, key=lambda item: item[0])]


def _no_clauses(text: str, name: str, candidates: list[_Candidate]) -> ParseError:
    numbered = [c for c in candidates if c.strong() and not c.doubtful]
    if numbered:
        first = numbered[0]
        return _error(
            text,
            name,
            first.start,
            f"numbering starts at {_label(text, first)} ({first.number}), "
            f"not at {first.style.write(1)} (1)",
        )
    offset = next(i for i, ch in enumerate(text) if not _is_space(ch))
    return _error(text, name, offset, "no numbered clauses found (expected 一、… or 第一条…)")


# --- the sequence walk -------------------------------------------------------------------------


def _walk(
    text: str, name: str, first: _Candidate, candidates: list[_Candidate]
) -> list[_Candidate]:
    """The labels of the clauses, from ``first`` on; raises ``ParseError`` on a broken sequence."""
    same = [
        c
        for c in candidates
        if c.style is first.style and c.start > first.start and c.boundary > Boundary.NONE
    ]
    by_lines = any(c.number == 2 and c.strong() for c in same)
    chosen = [first]
    inner: int | None = None  # the next number of an enumeration inside the current clause
    opener: _Candidate | None = None  # the label numbered 1 that opened it
    separated: Boundary | None = None  # what stands before its item 2: ；or 。
    run_on: int | None = None  # the same for a run-on enumeration in a text of lines…
    run_on_separated: Boundary | None = None  # …and what stands before its item 2

    def close_enumeration() -> None:
        # An enumeration of one item is no enumeration: it is clause 1 again.
        nonlocal inner, opener, separated
        if opener is not None and inner == 2:
            raise _duplicate(text, name, opener, chosen[0])
        inner, opener, separated = None, None, None

    def accept(candidate: _Candidate) -> None:
        nonlocal run_on, run_on_separated
        close_enumeration()
        chosen.append(candidate)
        run_on, run_on_separated = None, None

    # Where the last label of each number stands that is no reference (第五条所述): a reference
    # past the next number is passed over only if that number still comes.
    last_label = {c.number: i for i, c in enumerate(same) if not c.doubtful}
    index = 0
    while index < len(same):
        candidate = same[index]
        index += 1
        expected = chosen[-1].number + 1
        number = candidate.number
        if by_lines and not candidate.strong():
            # In a text whose clauses begin lines, a run-on label is an enumeration, unless the
            # numbering runs on from it to the next clause that begins a line: "…。十六、" then a
            # 十七、 line is clause 16 whose line break was lost.
            if number == expected and candidate.boundary == Boundary.SENTENCE:
                chain, after = _chain(same, index - 1, expected)
                following = same[after] if after < len(same) else None
                if following is None or following.number == expected + len(chain):
                    for link in chain:
                        accept(link)
                    index = same.index(chain[-1]) + 1
                    continue
            if (
                run_on is not None
                and number == run_on
                and (number <= expected or run_on_separated in (None, candidate.boundary))
            ):
                if run_on == 2:
                    run_on_separated = candidate.boundary
                run_on += 1
            elif number == 1:
                run_on, run_on_separated = 2, None
            elif (
                number > expected
                and candidate.boundary == Boundary.SENTENCE
                and not candidate.doubtful
            ):
                # "…。第四条" where 第三条 was expected, with no enumeration to explain it.
                raise _misplaced(text, name, chosen[-1], candidate, same[index:], expected, True)
            continue
        if candidate.doubtful and number != expected and number != inner:
            if number > expected and candidate.strong() and last_label.get(expected, -1) < index:
                # 第九条和平稳定… at the start of a line where 第八条 never comes: the label of
                # clause 9 after a gap, not a reference; merging it would lose a clause.
                raise _misplaced(
                    text, name, chosen[-1], candidate, same[index:], expected, by_lines
                )
            continue  # a line that starts with 二、三十年…
        # An enumeration opened by a run-on label goes on with run-on labels (：一、…；二、), one
        # opened at the start of a line with lines: a clause 三、 after a gap is no item 3.
        # Its items are separated alike: past the next clause's number, "…；六、…。七、" is
        # clause 七 after a gap, not item 7.
        if (
            inner is not None
            and number == inner
            and candidate.strong() == _strong(opener)
            and (number <= expected or separated in (None, candidate.boundary))
        ):
            if number == expected and _starts_clause(same, index, candidate, by_lines):
                accept(candidate)
            else:
                if inner == 2:
                    separated = candidate.boundary
                inner += 1
            continue
        if number == expected:
            accept(candidate)
        elif number == 1:
            _check_restart(text, name, chosen[-1], candidate)
            close_enumeration()
            inner, opener = 2, candidate
        elif number > expected:
            raise _misplaced(text, name, chosen[-1], candidate, same[index:], expected, by_lines)
        elif number == expected - 1:
            raise _duplicate(text, name, candidate, chosen[-1])
        else:
            earlier = chosen[number - 1]
            raise _error(
                text,
                name,
                candidate.start,
                f"clause {_label(text, candidate)} ({number}) is out of order: it comes after "
                f"{_label(text, chosen[-1])} ({chosen[-1].number}), and clause {number} is "
                f"already at {_where(text, earlier)}",
            )
    close_enumeration()
    return chosen


def _strong(candidate: _Candidate | None) -> bool:
    return candidate is not None and candidate.strong()


def _chain(same: list[_Candidate], index: int, expected: int) -> tuple[list[_Candidate], int]:
    """The run-on labels from ``index`` that continue the numbering, and the next strong one."""
    chain: list[_Candidate] = []
    position = index
    while position < len(same) and not same[position].strong():
        candidate = same[position]
        if candidate.boundary == Boundary.SENTENCE and candidate.number == expected + len(chain):
            chain.append(candidate)
        position += 1
    return chain, position


def _starts_clause(
    same: list[_Candidate], index: int, candidate: _Candidate, by_lines: bool
) -> bool:
    """Whether ``candidate``, both the next item of an enumeration and the next clause, is the
    clause: not after a semicolon, and no other label with its number before the next
    enumeration."""
    if candidate.boundary == Boundary.ENUMERATION:
        return False
    for later in same[index:]:
        if by_lines and not later.strong():
            continue
        if later.number == candidate.number:
            return False
        if later.number == 1:
            return True
    return True


def _check_restart(text: str, name: str, previous: _Candidate, candidate: _Candidate) -> None:
    """A label numbered 1 that begins a line after a heading starts the numbering again."""
    if not candidate.strong():
        return
    headings = _heading_spans(text)  # looked up: a clause may hold thousands of 1s
    first = bisect.bisect_left(headings, previous.end, key=lambda span: span[0])
    for a, b in headings[first:]:
        if b > candidate.start:
            break
        if HEADING.fullmatch(text[a:b]):
            raise _error(
                text,
                name,
                candidate.start,
                f'numbering starts again at {_label(text, candidate)} after the heading "'
                f'{text[a:b]}" (number the clauses on through the whole text)',
            )


def _duplicate(text: str, name: str, candidate: _Candidate, earlier: _Candidate) -> ParseError:
    return _error(
        text,
        name,
        candidate.start,
        f"duplicate clause {_label(text, candidate)} ({candidate.number}): clause "
        f"{candidate.number} is already at {_where(text, earlier)}",
    )


def _misplaced(
    text: str,
    name: str,
    previous: _Candidate,
    candidate: _Candidate,
    rest: list[_Candidate],
    expected: int,
    by_lines: bool,
) -> ParseError:
    missing = candidate.style.write(expected)
    found = _label(text, candidate)
    later = next(
        (c for c in rest if c.number == expected and (c.strong() or not by_lines)),
        None,
    )
    if later is not None:
        return _error(
            text,
            name,
            candidate.start,
            f"clause {found} ({candidate.number}) is out of order: it comes before "
            f"{_label(text, later)} ({expected}) at {_where(text, later)}",
        )
    return _error(
        text,
        name,
        candidate.start,
        f"clause {missing} ({expected}) is missing: {_label(text, previous)} "
        f"({previous.number}) is followed by {found} ({candidate.number})",
    )


# --- parts -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _heading_spans(text: str) -> list[Span]:
    """The paragraphs of ``text`` that are headings (第二章　合作), in order."""
    return [(a, b) for a, b in _paragraphs(text, 0, len(text)) if HEADING.fullmatch(text[a:b])]


def _paragraphs(text: str, start: int, end: int) -> list[Span]:
    """The spans of the paragraphs between ``start`` and ``end``, without surrounding space."""
    spans: list[Span] = []
    position = start
    for match in PARAGRAPH_BREAK.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    # A span may still have whitespace at its ends (a single ideographic space): trim it.
    trimmed: list[Span] = []
    for a, b in spans:
        while a < b and _is_space(text[a]):
            a += 1
        while b > a and _is_space(text[b - 1]):
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return _join_headings(text, trimmed)


def _same_line(text: str, a: int, b: int) -> bool:
    return not any(ch in LINE_BREAKS for ch in text[a:b])


def _join_headings(text: str, spans: list[Span]) -> list[Span]:
    """A heading label and its name on the same line are one paragraph: 第一章　　总则."""
    joined: list[Span] = []
    for a, b in spans:
        if joined:
            c, d = joined[-1]
            if (
                HEADING_LABEL.fullmatch(text[c:d])
                and _same_line(text, d, a)
                and HEADING.fullmatch(text[c:b])
            ):
                joined[-1] = (c, b)
                continue
        joined.append((a, b))
    return joined


def _is_heading(text: str, span: Span) -> bool:
    return HEADING.fullmatch(text[span[0] : span[1]]) is not None


def _is_source(text: str, span: Span) -> bool:
    return is_source_line(text[span[0] : span[1]])


def _starts_with_label(text: str, start: int) -> bool:
    """Whether an item label begins the paragraph at ``start``: （一）, 1., 一、"""
    for style in NUMBERING:
        match = style.label.match(text, start)
        if match is not None and style.number(match) is not None:
            return True
    return False


def _continues(text: str, paragraphs: list[Span], index: int) -> bool:
    """Whether a paragraph after the first of the last clause still belongs to it: it ends a
    sentence or begins with an item label, or it ends with a colon (缔约双方同意：) and so do the
    paragraphs up to one that does (not 中华人民共和国代表：, a signature line)."""
    for a, b in paragraphs[index:]:
        if _is_source(text, (a, b)) or _is_heading(text, (a, b)):
            return False
        paragraph = text[a:b]
        if CONTINUES.search(paragraph) or _starts_with_label(text, a):
            return True
        if not INTRODUCES.search(paragraph):
            return False
    return False


def _glued_sources(text: str, a: int, b: int) -> list[int]:
    """Where source lines glued to the end of a paragraph begin: …领域。（新华社北京11月2日电）"""
    for position in range(a + 1, b):
        if text[position] in GLUED_SOURCE_OPENERS and text[position - 1] in SENTENCE_END + "”’」』":
            starts = _source_run(text, position, b)
            if starts:
                return starts
    return []


def _source_run(text: str, start: int, end: int) -> list[int]:
    """The starts of source lines that make up ``text[start:end]`` exactly, or []."""
    if is_source_line(text[start:end]):
        return [start]
    for position in range(start + 1, end):
        if text[position] in GLUED_SOURCE_OPENERS and is_source_line(text[start:position]):
            rest = _source_run(text, position, end)
            if rest:
                return [start, *rest]
    return []


def _closing_lines(text: str, after: int, spans: list[Span]) -> list[Span]:
    """Closing paragraphs on one line are one part (中华人民共和国代表　　　俄罗斯联邦代表), when
    the closing part starts on a line of its own (not in a text that is all one line)."""
    if not spans or _same_line(text, after, spans[-1][1]):
        return spans
    lines: list[Span] = []
    for a, b in spans:
        if lines and _same_line(text, lines[-1][1], a):
            lines[-1] = (lines[-1][0], b)
        else:
            lines.append((a, b))
    return lines


Spans = list[tuple[PartKind, int, int, int | None]]


def _front_paragraphs(text: str, end: int) -> list[Span]:
    """The paragraphs before the first clause, with a dateline split off the first one."""
    paragraphs = _paragraphs(text, 0, end)
    if paragraphs:
        a, b = paragraphs[0]
        lead = DATELINE_LEAD.match(text, a, b)
        if lead is not None:
            rest = lead.end()
            while rest < b and _is_space(text[rest]):
                rest += 1
            if rest < b:
                paragraphs[:1] = [(a, lead.end()), (rest, b)]
    return paragraphs


def _title_lines(text: str, paragraphs: list[Span], first: int) -> int:
    """The last paragraph of a title that starts at ``first`` and may go on over the next lines
    until one ends with a document's name (中华人民共和国和俄罗斯联邦 / 睦邻友好合作条约)."""
    last = first
    while not DOCUMENT_NAME.search(text[paragraphs[last][0] : paragraphs[last][1]]):
        following = last + 1
        if following >= len(paragraphs) or following - first > MAX_TITLE_LINES - 1:
            return first
        a, b = paragraphs[following]
        if (
            text.count("\n", paragraphs[last][1], a) != 1
            or NOT_TITLE.search(text[a:b])
            or _is_heading(text, (a, b))
            or _is_source(text, (a, b))
        ):
            return first
        last = following
    return last


def _title(text: str, paragraphs: list[Span]) -> tuple[int, int] | None:
    """The first and last paragraph of the title, if the text has one: the first paragraph that
    does not read as a sentence, or one that ends with a document's name after an introduction
    (新华社北京11月2日电　…联合声明全文如下：)."""
    lead_in = False
    for index, span in enumerate(paragraphs):
        if _is_heading(text, span) or _is_source(text, span):
            continue
        paragraph = text[span[0] : span[1]]
        if NOT_TITLE.search(paragraph):
            if not INTRODUCES.search(paragraph):
                return None  # a text that opens with its preamble (缔约双方，) has no title
            lead_in = True
            continue
        last = _title_lines(text, paragraphs, index)
        if lead_in and not DOCUMENT_NAME.search(text[paragraphs[last][0] : paragraphs[last][1]]):
            return None
        return index, last
    return None


def _assemble_front(
    text: str, paragraphs: list[Span], add: Callable[[PartKind, Span], None]
) -> None:
    """Before the first clause: the title, preamble paragraphs, headings and datelines."""
    title = _title(text, paragraphs)
    if title is not None:
        first, last = title
        add(PartKind.TITLE, (paragraphs[first][0], paragraphs[last][1]))
    for index, span in enumerate(paragraphs):
        if title is not None and title[0] <= index <= title[1]:
            continue
        if _is_heading(text, span):
            add(PartKind.HEADING, span)
        elif _is_source(text, span):
            add(PartKind.SOURCE, span)
        else:
            add(PartKind.PREAMBLE, span)


def _assemble(text: str, name: str, encoding: str, starts: list[_Candidate]) -> Document:
    spans: Spans = []

    def add(kind: PartKind, span: Span, clause: int | None = None) -> None:
        spans.append((kind, span[0], span[1], clause))

    _assemble_front(text, _front_paragraphs(text, starts[0].start), add)

    for index, start in enumerate(starts):
        last = index == len(starts) - 1
        region_end = len(text) if last else starts[index + 1].start
        add(PartKind.LABEL, (start.start, start.end), start.number)
        paragraphs = _paragraphs(text, start.end, region_end)
        sources: list[Span] = []
        if last:
            # Source lines at the end, and one glued to the sentence before: …领域。（完）
            while paragraphs and _is_source(text, paragraphs[-1]):
                sources.insert(0, paragraphs.pop())
            if paragraphs:
                a, b = paragraphs[-1]
                glued = _glued_sources(text, a, b)
                if glued:
                    paragraphs[-1] = (a, glued[0])
                    sources[:0] = zip(glued, [*glued[1:], b], strict=True)
        if not paragraphs or _is_heading(text, paragraphs[0]):
            raise _error(text, name, start.start, f"clause {_label(text, start)} has no text")
        size = 1
        if last:
            while size < len(paragraphs) and _continues(text, paragraphs, size):
                size += 1
        else:
            while size < len(paragraphs) and not _is_heading(text, paragraphs[size]):
                size += 1
        add(PartKind.CLAUSE, (paragraphs[0][0], paragraphs[size - 1][1]), start.number)
        tail = paragraphs[size:]
        if not last:
            for span in tail:  # a heading, and an introduction under it
                add(PartKind.HEADING if _is_heading(text, span) else PartKind.PREAMBLE, span)
            continue
        for span in _closing_lines(text, paragraphs[size - 1][1], tail):
            add(PartKind.CLOSING, span)
        for span in sources:
            add(PartKind.SOURCE, span)
    return _document(text, name, encoding, spans, starts)


def _one_line(title: str) -> str:
    """A title printed on two lines, as one: 中华人民共和国和俄罗斯联邦睦邻友好合作条约."""
    lines = [line.strip("".join({*INLINE_SPACE, " "})) for line in title.splitlines()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        if joined[-1:].isascii() and joined[-1:].isalnum() and line[:1].isascii():
            joined += " "
        joined += line
    return joined


def _document(
    text: str,
    name: str,
    encoding: str,
    spans: Spans,
    starts: list[_Candidate],
) -> Document:
    parts: list[Part] = []
    position = 0
    for kind, a, b, clause in sorted(spans, key=lambda span: span[1]):
        if a > position:
            gap = text[position:a]
            if not _is_blank(gap):  # every character must be accounted for: a parser bug
                raise AssertionError(f"{name}: unaccounted text at {position}: {gap!r}")
            parts.append(Part(PartKind.SPACE, gap, position))
        parts.append(Part(kind, text[a:b], a, clause))
        position = b
    if position < len(text):
        gap = text[position:]
        if not _is_blank(gap):
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
        title=_one_line(next((p.text for p in parts if p.kind is PartKind.TITLE), "")),
        preamble=texts(PartKind.PREAMBLE, before=starts[0].start),
        clauses=tuple(clauses),
        closing=texts(PartKind.CLOSING),
        sources=texts(PartKind.SOURCE),
        parts=tuple(parts),
        encoding=encoding,
    )
