"""The real MkDocs build (strict) through the plugin, and mkdocs serve rebuilding on an edit."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import CORPUS, ROOT, STATEMENT_ID, build_site, make_project

EXAMPLE_TREATY = Path(__file__).parent / "data" / "example-treaty"


def site_files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_the_bundled_statement_builds_a_page_per_clause(built_site: Path) -> None:
    for number in range(1, 48):
        page = built_site / STATEMENT_ID / str(number) / "index.html"
        assert page.is_file(), page
    assert not (built_site / STATEMENT_ID / "48").exists()
    assert (built_site / STATEMENT_ID / "index.html").is_file()
    assert (built_site / "index.html").is_file()
    assert (built_site / "assets" / "statement-site.css").is_file()


def test_clause_page_has_label_text_document_name_and_its_place(built_site: Path) -> None:
    page = (built_site / STATEMENT_ID / "15" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in page
    assert "<title>十五 · 瓜达尔港 - 条约与联合声明</title>" in page  # the curated heading
    assert (
        '<span class="ss-label ss-label-paragraph">十五、</span>双方认为，瓜达尔港是中巴经济走廊'
        in page
    )
    assert "中华人民共和国和巴基斯坦伊斯兰共和国联合声明" in page
    assert 'href="../14/"' in page and 'href="../16/"' in page
    assert 'href="../#para_15"' in page
    # The navigation marks where the reader is.
    active = re.findall(r"<a [^>]*md-nav__link--active[^>]*>(.*?)</a>", page, re.S)
    assert len(active) == 1 and "十五 · 瓜达尔港" in active[0]


def test_navigation_lists_clauses_in_number_order(built_site: Path) -> None:
    page = (built_site / STATEMENT_ID / "index.html").read_text(encoding="utf-8")
    nav = page[
        page.index('class="md-nav md-nav--primary"') : page.index(
            "</nav>", page.index("md-nav--primary")
        )
    ]
    numbers = [int(n) for n in re.findall(r'href="(?:\./)?(\d+)/"', nav)]
    assert numbers == list(range(1, 48))


def test_search_index_is_segmented_with_jieba_and_has_every_clause(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]
    assert "\\u200b" in index["config"]["separator"]
    locations = {doc["location"] for doc in index["docs"]}
    for number in range(1, 48):
        assert f"{STATEMENT_ID}/{number}/" in locations
    clause = next(doc for doc in index["docs"] if doc["location"] == f"{STATEMENT_ID}/15/")
    assert "\u200b推进\u200b" in clause["text"]  # segmented by jieba at build time
    # Only the clause itself is indexed on its page, not the name of its document.
    assert "联合声明" not in clause["text"].replace("\u200b", "")
    # The home page and the document's lists and full text do not compete with the clauses.
    assert "" not in locations
    document_text = " ".join(
        d["text"] for d in index["docs"] if d["location"].startswith(f"{STATEMENT_ID}/#")
    )
    assert "瓜达尔港" not in document_text.replace("\u200b", "")


def test_site_configuration_keeps_readers_private_and_reads_chinese() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    assert config["theme"]["language"] == "zh"
    search = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)
    assert search["lang"] == "zh"
    assert re.search(search["separator"], "\u200b")
    assert config["strict"] is True


def test_no_built_file_names_another_host_to_load(built_site: Path) -> None:
    for path in built_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<(script|link|img|iframe|source|video|audio)\b[^>]*>", html):
            tag = match.group(0)
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (path, tag)
    for path in [*built_site.rglob("*.css"), *built_site.rglob("*.js")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path


def test_a_second_document_dropped_into_the_corpus_builds_too(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(EXAMPLE_TREATY, corpus / "2001-07-16-example-treaty")
    site = build_site(make_project(tmp_path, corpus=corpus))
    for number in range(1, 6):
        assert (site / "2001-07-16-example-treaty" / str(number) / "index.html").is_file()
    article = (site / "2001-07-16-example-treaty" / "3" / "index.html").read_text(encoding="utf-8")
    assert "第三条" in article and "（一）经贸与投资；" in article and "第二章　合作" in article
    home = (site / "index.html").read_text(encoding="utf-8")
    # Newest first.
    assert home.index("中华人民共和国和巴基斯坦伊斯兰共和国联合声明") < home.index(
        "睦邻友好合作条约"
    )
    document = (site / "2001-07-16-example-treaty" / "index.html").read_text(encoding="utf-8")
    assert "忆及两国人民之间的传统友谊" in document and "（签字）" in document


def test_hand_written_pages_win_and_docs_is_never_written(tmp_path: Path) -> None:
    hand_written = "# 我的第十五条\n\n手写的页面。\n"
    project = make_project(
        tmp_path, docs={f"{STATEMENT_ID}/15.md": hand_written, "notes.md": "# 笔记\n\n说明。\n"}
    )
    before = site_files(project / "docs")
    site = build_site(project)
    assert site_files(project / "docs") == before
    page = (site / STATEMENT_ID / "15" / "index.html").read_text(encoding="utf-8")
    assert "手写的页面。" in page and "瓜达尔港是中巴经济走廊" not in page
    assert (site / "notes" / "index.html").is_file()
    assert "笔记" in (site / "index.html").read_text(encoding="utf-8")  # in the navigation


def test_plain_mkdocs_build_stops_on_a_bad_text_before_touching_the_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path)
    source = project / "corpus" / STATEMENT_ID / "source.zh.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("三、夏巴兹总理祝贺", "四、夏巴兹总理祝贺", 1), encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site", encoding="utf-8")
    config = load_config(str(project / "mkdocs.yml"))
    with pytest.raises(Abort):
        build(config)
    column = text.index("三、夏巴兹总理祝贺") + 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [
        f"{source}:1:{column}: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、夏巴兹总理祝贺中国共产党第二十次全国代表大会…"'
    ]
    assert (site / "index.html").read_text(encoding="utf-8") == "the previous site"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_corpus_file_is_saved(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "statement_site.cli", "serve", "-f", str(project / "mkdocs.yml"),
         "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/{STATEMENT_ID}/15/"
    try:
        assert _wait_for(url, "瓜达尔港", 90), "mkdocs serve did not come up"
        source = project / "corpus" / STATEMENT_ID / "source.zh.txt"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("龙头项目", "龙头工程", 1), encoding="utf-8")
        assert _wait_for(url, "龙头工程", 90), "the edit did not reach the served page"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("topics.yml", "  - id: trade\n", "  - id: leaders\n",
         "topics.yml:{line}:9: topic 'leaders': duplicate id (first used by topic 1)"),
        ("dictionary.yml", "kind: person, en: Xi Jinping", "kind: people, en: Xi Jinping",
         "dictionary.yml:{line}:23: entity '习近平': kind must be one of person, place, "
         "organization, document"),
        (f"{STATEMENT_ID}/en.yml", "  15:\n", "  51:\n",
         f"{STATEMENT_ID}/en.yml:{{line}}:3: clause 51: the document has 47 clauses "
         "(extra clause)"),
    ],
)  # fmt: skip
def test_a_bad_vocabulary_dictionary_or_translation_stops_the_build_and_keeps_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], file: str, old: str, new: str, message: str
) -> None:
    from statement_site.cli import main

    project = make_project(tmp_path)
    site = project / "site"
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = project / "corpus" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    message = message.replace("{line}", str(line))
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"{project / 'corpus'}/{message}" in err.splitlines()
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_document_without_a_translation_shows_its_original_on_the_english_site(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(EXAMPLE_TREATY, corpus / "2001-07-16-example-treaty")
    site = build_site(make_project(tmp_path, corpus=corpus))
    english = (site / "en" / "2001-07-16-example-treaty" / "3" / "index.html").read_text("utf-8")
    assert "This clause has not been translated yet: the Chinese original is shown." in english
    assert "第三条" in english and '<html lang="en"' in english
    assert "<title>Article 3 · " in english
    assert not (site / "en" / "2001-07-16-example-treaty" / "parallel").exists()
