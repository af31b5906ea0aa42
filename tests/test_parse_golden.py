"""Golden-file tests of the parser: tests/data/parse/NAME.txt is parsed and compared, as a diff,
with NAME.expected.json beside it (the title, preamble, clauses, closing, sources and every part).

After a deliberate change to the parser, rewrite the expected files with ``scripts/regen-golden``
(or ``.venv/bin/python tests/test_parse_golden.py [NAME.txt ...]``) and review the diff. The
regeneration also writes the generated inputs (``GENERATED``), such as a statement of 101 clauses.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from statement_site.model import Document
from statement_site.numerals import to_chinese
from statement_site.parse import parse

DATA = Path(__file__).parent / "data" / "parse"


def expected_path(source: Path) -> Path:
    return source.with_name(source.name.removesuffix(".txt") + ".expected.json")


def structure(document: Document) -> dict[str, object]:
    """What a golden file records of a parse."""
    return {
        "title": document.title,
        "preamble": list(document.preamble),
        "clauses": [
            [clause.number, clause.label, clause.style, clause.section, clause.text]
            for clause in document.clauses
        ],
        "closing": list(document.closing),
        "sources": list(document.sources),
        "parts": [[part.kind.value, part.text] for part in document.parts],
    }


def render(source: Path) -> str:
    # newline="" keeps CRLF inputs as they are on disk.
    with source.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    document = parse(text, source.name)
    return json.dumps(structure(document), ensure_ascii=False, indent=1) + "\n"


# --- generated inputs --------------------------------------------------------------------------

_TOPICS = (
    "双方同意加强{}领域的交流与合作，推动务实合作取得更多成果。",
    "双方欢迎在{}方面取得的进展，同意继续保持密切沟通。",
    "双方一致认为，深化{}合作符合两国人民的共同利益。",
    "双方同意建立{}合作机制，定期举行会议。",
)
_FIELDS = ("经贸", "投资", "金融", "能源", "交通", "农业", "科技", "教育", "文化", "卫生", "旅游")


def statement_of_101_clauses() -> str:
    """A statement numbered up to 一百零一、, one clause a line, with a dateline at the end."""
    lines = ["中华人民共和国和某国关于全面战略合作的联合声明"]
    for number in range(1, 102):
        sentence = _TOPICS[number % len(_TOPICS)].format(_FIELDS[number % len(_FIELDS)])
        lines.append(f"　　{to_chinese(number)}、{sentence}")
    lines.append("（新华社北京11月2日电）")
    return "\n".join(lines) + "\n"


GENERATED: dict[str, Callable[[], str]] = {
    "statement-101-clauses.txt": statement_of_101_clauses,
}


# --- tests -------------------------------------------------------------------------------------

SOURCES = sorted(DATA.glob("*.txt"))


def test_golden_files_exist() -> None:
    assert len(SOURCES) >= 8
    missing = [source.name for source in SOURCES if not expected_path(source).exists()]
    assert not missing, f"no .expected.json for {missing}: run scripts/regen-golden"


@pytest.mark.parametrize("source", SOURCES, ids=[source.stem for source in SOURCES])
def test_golden(source: Path) -> None:
    expected_file = expected_path(source)
    if not expected_file.exists():
        pytest.fail(f"{expected_file.name} is missing: run scripts/regen-golden")
    expected = expected_file.read_text(encoding="utf-8")
    actual = render(source)
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{expected_file.name} (expected)",
                tofile=f"{source.name} (parsed now)",
            )
        )
        pytest.fail(f"the parse of {source.name} differs from its golden file:\n{diff}")


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_inputs_are_current(name: str) -> None:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        assert handle.read() == GENERATED[name](), f"run scripts/regen-golden to rewrite {name}"


def test_golden_parts_are_lossless() -> None:
    for source in SOURCES:
        with source.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        document = parse(text, source.name)
        assert "".join(part.text for part in document.parts) == text, source.name


# --- regeneration ------------------------------------------------------------------------------


def regenerate(names: list[str]) -> int:
    """Write the generated inputs, then the expected file of each input (or of ``names``)."""
    for name, generate in GENERATED.items():
        path = DATA / name
        if names and name not in names:
            continue
        old_text = None
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                old_text = handle.read()
        if old_text != generate():
            with path.open("w", encoding="utf-8", newline="") as handle:
                handle.write(generate())
            print(f"wrote {path}")
    sources = sorted(DATA.glob("*.txt"))
    if names:
        sources = [source for source in sources if source.name in names]
        unknown = sorted(set(names) - {source.name for source in sources})
        if unknown:
            print(f"no such input in {DATA}: {', '.join(unknown)}", file=sys.stderr)
            return 2
    for source in sources:
        target = expected_path(source)
        rendered = render(source)
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if rendered != old:
            target.write_text(rendered, encoding="utf-8")
            print(f"{'updated' if old is not None else 'created'} {target}")
    return 0


if __name__ == "__main__":
    sys.exit(regenerate(sys.argv[1:]))
