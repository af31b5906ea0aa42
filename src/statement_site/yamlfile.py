"""YAML data files that remember where each value stands, for errors that say where.

    data = read_yaml(Path("corpus/topics.yml"))
    data.value["topics"][3]["id"]                       # the plain Python value
    data.problem(("topics", 3, "id"), "duplicate id")   # -> SourceError at that entry's line

Every value's line and column (from 1) are kept by its path of keys and list indexes. A file that
cannot be read, is not UTF-8 or is not valid YAML raises ``MetadataError`` with its place.

Hostile files are refused before any value is built: a file over ``limits.YAML_BYTES``, not a
regular file or (given ``within``) a link out of the corpus (see ``files.read_bytes``); an alias
(``*name``: an alias bomb expands a few lines into gigabytes); lists and mappings nested deeper
than ``limits.YAML_DEPTH``; a key given twice (PyYAML would keep the last silently), reported at
both places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statement_site.decode import decode
from statement_site.errors import DecodeError, MetadataError, SourceError, position_of
from statement_site.files import read_bytes
from statement_site.limits import YAML_BYTES, YAML_DEPTH

# libyaml's parser when PyYAML has it (the same nodes and marks, several times faster)
FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Key = str | int
Path_ = tuple[Key, ...]


@dataclass(frozen=True)
class YamlFile:
    path: str
    value: Any
    marks: dict[Path_, tuple[int, int]] = field(repr=False)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)
    # where each value itself starts (``marks`` points a block's errors at its key)
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict, repr=False)

    def at(self, where: Path_) -> tuple[int, int]:
        """The line and column of the value at ``where``, or of its nearest enclosing value."""
        while where not in self.marks and where:
            where = where[:-1]
        return self.marks.get(where, (1, 1))

    def problem(
        self, where: Path_, message: str, text: str = "", at_key: bool = False
    ) -> SourceError:
        """An error at the value of ``where`` (at its key with ``at_key``)."""
        line, column = (
            self.key_marks[where] if at_key and where in self.key_marks else self.at(where)
        )
        return SourceError(self.path, line, column, message, text)


class Loader(yaml.SafeLoader):
    """SafeLoader that leaves an impossible date (2022-13-02) as text for a check to report."""


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)  # type: ignore[arg-type]
    except ValueError:
        return loader.construct_scalar(node)  # type: ignore[arg-type]


Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def read_text(path: Path, within: Path | None = None) -> str:
    """A YAML file's text: UTF-8 (a BOM is dropped), or an error at the offending byte."""
    name = str(path)
    try:
        data = read_bytes(path, YAML_BYTES, within)
    except SourceError as error:
        raise MetadataError([error]) from None
    try:
        source, _ = decode(data, name, "utf-8")
    except DecodeError as error:  # the line, column and byte, as for a source text
        raise MetadataError([error]) from None
    return source


def not_yaml(name: str, error: yaml.YAMLError, source: str = "") -> MetadataError:
    """PyYAML's error as ours: the file, the line and column, and the problem, on one line."""
    mark = getattr(error, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    if isinstance(error, yaml.reader.ReaderError):  # a character YAML does not allow
        line, column = position_of(source, error.position)
        character = error.character
        code = ord(character) if isinstance(character, str) else character
        problem = f"the character U+{code:04X} is not allowed in YAML ({error.reason})"
    problem = " ".join(str(problem).split())
    return MetadataError([SourceError(name, line, column, f"not valid YAML: {problem}")])


def read_yaml(path: Path, within: Path | None = None) -> YamlFile:
    """The YAML file ``path`` (inside ``within``, when given), every value with its place."""
    name = str(path)
    source = read_text(path, within)
    marks: dict[Path_, tuple[int, int]] = {}
    key_marks: dict[Path_, tuple[int, int]] = {}
    try:
        _refuse_unsafe_structure(name, source)
        node = yaml.compose(source, Loader=FAST_LOADER)
        loader = Loader("")
        value_marks: dict[Path_, tuple[int, int]] = {}
        value = (
            _convert(node, (), _Marks(marks, key_marks, value_marks), loader)
            if node is not None
            else None
        )
    except yaml.YAMLError as error:
        raise not_yaml(name, error, source) from None
    except RecursionError:  # not reached within YAML_DEPTH; a last guard, never a traceback
        raise MetadataError([SourceError(name, 1, 1, "nested too deeply")]) from None
    return YamlFile(name, value, marks, key_marks, value_marks)


# The tags a value may carry (implicitly, as YAML reads plain values, or written out)
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null",
                                                  "timestamp", "map", "seq")}  # fmt: skip
# Characters YAML reads as line breaks where editors show none: they would shift every line
# number after them, and can change what the file means.
YAML_LINE_BREAKS = "\x85\u2028\u2029"
# Characters no value may hold: controls (NUL, ESC, BEL …; a tab and a line break are text) and
# the invisible marks that reverse the direction of the text around them.
BAD_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _refuse_unsafe_structure(name: str, source: str) -> None:
    """Refuse, from the text and the parser's events alone: YAML's extra line breaks, an alias,
    a tag other than the plain ones (!!omap, !!python/…), nesting deeper than YAML_DEPTH."""
    extra = next((i for i, ch in enumerate(source) if ch in YAML_LINE_BREAKS), None)
    if extra is not None:
        line, column = position_of(source, extra)
        raise MetadataError([SourceError(
            name, line, column, f"the character U+{ord(source[extra]):04X} (a line or paragraph "
            "separator that YAML reads as a line break): remove it")])  # fmt: skip
    depth = 0
    for event in yaml.parse(source, Loader=FAST_LOADER):
        problem = None
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.AliasEvent):
            problem = f"YAML aliases (*{event.anchor}) are not allowed: write the value out"
        elif tag is not None and tag not in PLAIN_TAGS and tag != "!":
            problem = f"YAML tags ({tag}) are not allowed: write a plain value"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_DEPTH:
                problem = f"lists and mappings nested more than {YAML_DEPTH} deep"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if problem is not None:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise MetadataError([SourceError(name, line, column, problem)])


@dataclass(frozen=True)
class _Marks:
    at: dict[Path_, tuple[int, int]]  # where errors about a value point
    keys: dict[Path_, tuple[int, int]]
    values: dict[Path_, tuple[int, int]]


def _convert(node: yaml.Node, where: Path_, marks: _Marks, loader: yaml.SafeLoader) -> Any:
    start = (node.start_mark.line + 1, node.start_mark.column + 1)
    marks.at[where] = marks.values[where] = start
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = str(key)
            inner: Path_ = (*where, key)
            if key in result:
                line, column = marks.keys[inner]
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {shown(key)} (first at line {line}, column {column})",
                    problem_mark=key_node.start_mark,
                )
            key_mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            marks.keys[inner] = key_mark
            result[key] = _convert(value_node, inner, marks, loader)
            if isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                marks.at[inner] = key_mark  # a block's errors point at its key, where one looks
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*where, i), marks, loader) for i, item in enumerate(node.value)]
    value = _scalar(loader, node)
    if isinstance(value, str) and (bad := BAD_CHARACTERS.search(value)):
        ch = bad.group(0)
        raise yaml.MarkedYAMLError(
            problem=f"a value holds the character U+{ord(ch):04X}, a control or a mark that "
            "reverses the direction of text, which no value may hold",
            problem_mark=node.start_mark,
        )
    return value


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A value as PyYAML reads it; one it cannot read (an integer of 5,000 digits, ``!!int x``)
    is an error at its place, never a traceback."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise yaml.MarkedYAMLError(
            problem=f"cannot read this value ({' '.join(str(error).split())[:80]})",
            problem_mark=node.start_mark,
        ) from None


class Checker:
    """Collects the problems of one file, each at its place; raises them all at once."""

    def __init__(self, data: YamlFile) -> None:
        self.data = data
        self.problems: list[SourceError] = []

    def add(self, where: Path_, message: str, at_key: bool = False) -> None:
        self.problems.append(self.data.problem(where, message, at_key=at_key))

    def text(self, value: Any, where: Path_, what: str, limit: int | None = None) -> str:
        """Non-empty text, of at most ``limit`` characters when one is given."""
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"{what} must be non-empty text, not {shown(value)}")
            return ""
        if limit is not None and len(value.strip()) > limit:
            self.add(where, f"{what}: {len(value.strip()):,} characters, more than the limit of "
                     f"{limit:,}")  # fmt: skip
            return ""
        return value.strip()

    def optional_text(
        self, value: Any, where: Path_, what: str, limit: int | None = None
    ) -> str | None:
        """Text that may be left out (None); when given, it must not be empty."""
        return None if value is None else (self.text(value, where, what, limit) or None)

    def words(
        self, value: Any, where: Path_, what: str, limit: int | None = None
    ) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f"{what} must be a list of words, not {shown(value)}")
            return ()
        return tuple(
            word
            for i, item in enumerate(value)
            if (word := self.text(item, (*where, i), f"{what}[{i}]", limit))
        )

    def mapping(self, value: Any, where: Path_, keys: tuple[str, ...], what: str) -> bool:
        if not isinstance(value, dict):
            self.add(where, f"{what} must be a mapping with keys {', '.join(keys)}")
            return False
        for key in value:
            if key not in keys:
                self.add(
                    (*where, key),
                    f"{what}: unknown key {shown(key)} (known: {', '.join(keys)})",
                    True,
                )
        return True

    def raise_if_any(self) -> None:
        if self.problems:
            raise MetadataError(self.problems)


def shown(value: Any, limit: int = 60, typed: bool = False) -> str:
    """A value as a message shows it: quoted, never longer than ``limit`` characters; with
    ``typed``, a value that is not text says its type: 3 (int)."""
    if value is None:
        return "nothing"
    text = repr(value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return f"{text} ({type(value).__name__})" if typed and not isinstance(value, str) else text
