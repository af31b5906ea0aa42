"""YAML data files that remember where each value stands, for errors that say where.

    data = read_yaml(Path("corpus/topics.yml"))
    data.value["topics"][3]["id"]                       # the plain Python value
    data.problem(("topics", 3, "id"), "duplicate id")   # -> SourceError at that entry's line

Every value's line and column (from 1) are kept by its path of keys and list indexes. A file that
cannot be read, is not UTF-8 or is not valid YAML raises ``MetadataError`` with its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from statement_site.decode import decode
from statement_site.errors import DecodeError, MetadataError, SourceError

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


def read_text(path: Path) -> str:
    """A YAML file's text: UTF-8 (a BOM is dropped), or an error at the offending byte."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MetadataError([SourceError(name, 1, 1, f"cannot read: {error}")]) from None
    try:
        source, _ = decode(data, name, "utf-8")
    except DecodeError as error:  # the line, column and byte, as for a source text
        raise MetadataError([error]) from None
    return source


def not_yaml(name: str, error: yaml.YAMLError) -> MetadataError:
    """PyYAML's error as ours: the file, the line and column, and the problem."""
    mark = getattr(error, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    return MetadataError([SourceError(name, line, column, f"not valid YAML: {problem}")])


def read_yaml(path: Path) -> YamlFile:
    name = str(path)
    source = read_text(path)
    marks: dict[Path_, tuple[int, int]] = {}
    key_marks: dict[Path_, tuple[int, int]] = {}
    try:
        node = yaml.compose(source, Loader=FAST_LOADER)
        loader = yaml.SafeLoader("")
        value = _convert(node, (), marks, key_marks, loader) if node is not None else None
    except yaml.YAMLError as error:
        raise not_yaml(name, error) from None
    return YamlFile(name, value, marks, key_marks)


def _convert(
    node: yaml.Node,
    where: Path_,
    marks: dict[Path_, tuple[int, int]],
    key_marks: dict[Path_, tuple[int, int]],
    loader: yaml.SafeLoader,
) -> Any:
    marks[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = str(key)
            if key in result:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            inner: Path_ = (*where, key)
            key_marks[inner] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _convert(value_node, inner, marks, key_marks, loader)
            if isinstance(value_node, (yaml.MappingNode, yaml.SequenceNode)):
                # a block's errors point at its key, where the reader looks for the entry
                marks[inner] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*where, i), marks, key_marks, loader)
            for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)


class Checker:
    """Collects the problems of one file, each at its place; raises them all at once."""

    def __init__(self, data: YamlFile) -> None:
        self.data = data
        self.problems: list[SourceError] = []

    def add(self, where: Path_, message: str, at_key: bool = False) -> None:
        self.problems.append(self.data.problem(where, message, at_key=at_key))

    def text(self, value: Any, where: Path_, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"{what} must be non-empty text, not {_shown(value)}")
            return ""
        return value.strip()

    def optional_text(self, value: Any, where: Path_, what: str) -> str | None:
        """Text that may be left out (None); when given, it must not be empty."""
        return None if value is None else (self.text(value, where, what) or None)

    def words(self, value: Any, where: Path_, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            self.add(where, f"{what} must be a list of words, not {_shown(value)}")
            return ()
        return tuple(
            word
            for i, item in enumerate(value)
            if (word := self.text(item, (*where, i), f"{what}[{i}]"))
        )

    def mapping(self, value: Any, where: Path_, keys: tuple[str, ...], what: str) -> bool:
        if not isinstance(value, dict):
            self.add(where, f"{what} must be a mapping with keys {', '.join(keys)}")
            return False
        for key in value:
            if key not in keys:
                self.add(
                    (*where, key), f"{what}: unknown key {key!r} (known: {', '.join(keys)})", True
                )
        return True

    def raise_if_any(self) -> None:
        if self.problems:
            raise MetadataError(self.problems)


def _shown(value: Any) -> str:
    return "nothing" if value is None else repr(value)
