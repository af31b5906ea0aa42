"""A corpus, not a document: every problem of every document at once; ``--skip-invalid``
publishes the valid documents and lists the refused ones; by default the site is kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statement_site.cli import main
from statement_site.corpus import load_corpus
from statement_site.errors import InvalidDocuments

from .conftest import CORPUS, STATEMENT_ID, make_project
from .test_build import EXAMPLE_TREATY, site_files
from .test_metadata import VALID, document, write

TREATY_ID = "2001-07-16-example-treaty"


def _corpus(root: Path) -> Path:
    """The bundled corpus, the example treaty, and two broken documents."""
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(EXAMPLE_TREATY, corpus / TREATY_ID)
    document(corpus / "2023-05-18-bad-date", VALID.replace("2023-05-18", "2023-13-45"))
    document(
        corpus / "2023-05-19-bad-text",
        source="标题\n一、双方同意。\n三、双方认为。\n",
    )
    write(corpus / "2023-05-19-bad-text" / "en.yml", "clauses: {1: {text: x}, 7: {text: y}}\n")
    return corpus


def test_every_problem_of_every_document_is_reported_at_once(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    with pytest.raises(InvalidDocuments) as info:
        load_corpus(corpus)
    bad_date = corpus / "2023-05-18-bad-date" / "document.yml"
    bad_text = corpus / "2023-05-19-bad-text" / "source.zh.txt"
    assert str(info.value).splitlines() == [
        f"{bad_date}:6:7: key 'date': expected a date written YYYY-MM-DD, got '2023-13-45'",
        f'{bad_text}:3:1: clause 二、 (2) is missing: 一、 (1) is followed by 三、 (3): "三、双方'
        '认为。"',
        "2 of 4 documents refused; `statement-site build --skip-invalid` publishes the other 2",
    ]
    assert [document.id for document in info.value.refused] == [
        "2023-05-18-bad-date",
        "2023-05-19-bad-text",
    ]


def test_skip_invalid_keeps_the_valid_documents_and_lists_the_others(tmp_path: Path) -> None:
    loaded = load_corpus(_corpus(tmp_path), skip_invalid=True)
    assert [entry.id for entry in loaded] == [STATEMENT_ID, TREATY_ID]
    assert [document.id for document in loaded.refused] == [
        "2023-05-18-bad-date",
        "2023-05-19-bad-text",
    ]


def test_with_no_valid_document_skip_invalid_refuses_too(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    document(corpus / "2023-05-18-bad-date", VALID.replace("2023-05-18", "2023-13-45"))
    with pytest.raises(InvalidDocuments) as info:
        load_corpus(corpus, skip_invalid=True)
    assert len(str(info.value).splitlines()) == 1  # no "publishes the other 0"


def test_build_refuses_by_default_and_keeps_the_site_then_skip_invalid_publishes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    config = str(project / "mkdocs.yml")
    assert main(["build", "-f", config]) == 0
    before = site_files(project / "site")
    shutil.rmtree(project / "corpus")
    _corpus(project)
    capsys.readouterr()
    assert main(["build", "-f", config]) == 1
    err = capsys.readouterr().err
    assert "2023-05-18-bad-date/document.yml:6:7: key 'date'" in err
    assert "2023-05-19-bad-text/source.zh.txt:3:1: clause 二、 (2) is missing" in err
    assert "2 of 4 documents refused; `statement-site build --skip-invalid`" in err
    assert site_files(project / "site") == before

    assert main(["build", "-f", config, "--skip-invalid"]) == 0
    err = capsys.readouterr().err
    assert "2 of 4 documents refused and left out of the site:" in err
    assert "  " + str(project / "corpus/2023-05-18-bad-date/document.yml") + ":6:7:" in err
    site = project / "site"
    assert (site / TREATY_ID / "1" / "index.html").is_file()
    assert (site / "en" / TREATY_ID / "1" / "index.html").is_file()
    assert not (site / "2023-05-18-bad-date").exists()
    assert not (site / "2023-05-19-bad-text").exists()
    assert "2023-05-19-bad-text" not in (site / "index.html").read_text(encoding="utf-8")
