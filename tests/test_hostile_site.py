"""A corpus with markup in every field a user writes: no page of the built site, in either
language, holds a live script, an event-handler attribute or a ``javascript:`` URL, and the real
search box in Chromium shows the payloads as text."""

from __future__ import annotations

import datetime as dt
import gzip
import html.parser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import CORPUS, build_site, make_project, serve
from .test_browser import search

# Each payload carries the marker XSS: no script the site runs and no attribute may hold it.
PAYLOADS = (
    '<script>window.__xss=1;alert("XSS1")</script>',
    '<img src=x onerror="window.__xss=2">XSS2',
    "[XSS3](javascript:window.__xss=3)",
    '<a href="javascript:window.__xss=4">XSS4</a>',
    '" onmouseover="window.__xss=5" x="XSS5',
    "<svg/onload=window.__xss=6>XSS6",
    "</div><script>window.__xss=7</script>XSS7",
    "{{ config }} {% raw %} XSS8 | a | b |",
    "<!-- XSS9 --> ]]> &lt;script&gt; *XSS10* `XSS11` ---",
    "<iframe src=javascript:window.__xss=12>XSS12</iframe>",
)
PAYLOAD = " ".join(PAYLOADS)
DOC_ID = "2024-01-01-hostile-statement"


def _hostile_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    folder = corpus / DOC_ID
    folder.mkdir()
    metadata = {
        "title": f"恶意声明 {PAYLOADS[0]}",
        "title_en": f"Hostile statement {PAYLOADS[1]}",
        "kind": "joint-statement",
        "parties": [f"甲国 {PAYLOADS[2]}", f"乙国 {PAYLOADS[4]}"],
        "date": "2024-01-01",
        "place": f"北京 {PAYLOADS[5]}",
        "source": f"新华社 {PAYLOADS[6]}",
        "source_url": "https://example.org/a?b=1&c=%3Cscript%3E&d='x'",
        "language": "zh",
    }
    (folder / "document.yml").write_text(
        yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8"
    )
    clauses = "\n".join(
        f"{label}、双方同意{payload}瓜达尔港合作。"
        for label, payload in zip("一二三四五六七八九十", PAYLOADS, strict=True)
    )
    text = (
        f"恶意声明标题{PAYLOADS[3]}\n"
        f"双方发表声明如下{PAYLOADS[7]}：\n"
        f"{clauses}\n"
        f"二〇二四年一月一日于北京{PAYLOADS[8]}\n"
        f"（新华社北京1月1日电{PAYLOADS[9]}）\n"
    )
    (folder / "source.zh.txt").write_text(text, encoding="utf-8")
    en = {
        "language": "en",
        "title": f"Hostile statement {PAYLOADS[0]}",
        "source": f"(Xinhua {PAYLOADS[1]})",
        "clauses": {
            n: {"heading": f"H{n} {PAYLOADS[n - 1]}", "text": f"The sides agreed {PAYLOAD}."}
            for n in range(1, 11)
        },
    }
    (folder / "en.yml").write_text(yaml.safe_dump(en, allow_unicode=True), encoding="utf-8")
    zh = {"clauses": {n: {"heading": f"标题{PAYLOADS[-n]}"} for n in range(1, 11)}}
    (folder / "zh.yml").write_text(yaml.safe_dump(zh, allow_unicode=True), encoding="utf-8")
    dictionary = yaml.safe_load((corpus / "dictionary.yml").read_text(encoding="utf-8"))
    dictionary["entities"].append(
        {"name": "合作区<b>", "kind": "place", "en": 'Zone <script>window.__xss=13</script>"'}
    )
    (corpus / "dictionary.yml").write_text(
        yaml.safe_dump(dictionary, allow_unicode=True), encoding="utf-8"
    )
    topics = yaml.safe_load((corpus / "topics.yml").read_text(encoding="utf-8"))
    topics["topics"][0]["definition"] += PAYLOADS[0]
    topics["topics"][0]["definition_en"] = "Def " + PAYLOADS[1]
    (corpus / "topics.yml").write_text(yaml.safe_dump(topics, allow_unicode=True), "utf-8")
    return corpus


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    corpus = _hostile_corpus(tmp)
    return build_site(make_project(tmp, corpus=corpus))


class _LiveMarkup(html.parser.HTMLParser):
    """Collects what would run: scripts with a marker, on* attributes, javascript: URLs."""

    URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "srcdoc")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in self.URL_ATTRIBUTES and value is not None:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:text/html", "vbscript:")):
                    self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("script", "iframe", "object", "embed"):
            sources = [value or "" for name, value in attrs if name == "src"]
            if tag != "script":
                self.found.append(f"<{tag}>")
            elif any("//" in source or ":" in source for source in sources):
                self.found.append(f"<script src={sources}>")
            self.in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and ("XSS" in data or "__xss" in data):
            self.found.append(f"<script>{data[:80]}</script>")


def test_every_field_is_in_the_site_and_no_page_has_live_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 100
    hostile_pages = [p for p in pages if DOC_ID in str(p)]
    assert len(hostile_pages) >= 2 * 12  # both languages: document, parallel, 10 clauses
    found: dict[str, list[str]] = {}
    for page in pages:
        parser = _LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.found:
            found[str(page.relative_to(hostile_site))] = parser.found
    assert found == {}
    # The payloads are shown as the characters they are, in both languages.
    for path in (f"{DOC_ID}/3/index.html", f"en/{DOC_ID}/3/index.html", f"{DOC_ID}/index.html"):
        text = (hostile_site / path).read_text(encoding="utf-8")
        assert "XSS3" in text and "&lt;" not in text.split("XSS3")[0][-5:]
    document = (hostile_site / DOC_ID / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/a?b=1&amp;c=%3Cscript%3E&amp;d=&#x27;x&#x27;"' in document


def test_the_search_indexes_hold_the_payloads_only_as_text(hostile_site: Path) -> None:
    """Material shows an index entry's title and text as HTML: they must hold no live markup."""
    shown = 0
    for index_path in (
        hostile_site / "search/search_index.json",
        hostile_site / "en/search/search_index.json",
    ):
        index = json.loads(index_path.read_text(encoding="utf-8"))
        for doc in index["docs"]:
            for field in ("title", "text", "keywords"):
                parser = _LiveMarkup()
                parser.feed(doc.get(field, ""))
                assert parser.found == [], (doc["location"], field)
                shown += "XSS" in doc.get(field, "")
    assert shown > 10


@pytest.mark.browser
def test_no_payload_runs_in_the_browser_on_pages_or_in_search(
    hostile_site: Path, browser: Any
) -> None:
    with serve(hostile_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        try:
            for path in (
                f"{DOC_ID}/",
                f"{DOC_ID}/3/",
                f"{DOC_ID}/parallel/",
                f"en/{DOC_ID}/5/",
                "entities/place/",
                "topics/",
                "",
            ):
                page.goto(f"{url}/{path}")
                page.wait_for_load_state("load")
                page.mouse.move(300, 300)
                assert page.evaluate("window.__xss") is None, path
            for site, query in (("", "瓜达尔港"), ("en/", "onmouseover")):
                page.goto(f"{url}/{site}{DOC_ID}/1/")
                items = search(page, query)
                assert any("XSS" in text for text in items.all_inner_texts()), query
                assert page.evaluate("window.__xss") is None, query
                assert page.locator(".md-search-result script").count() == 0
            assert dialogs == []
        finally:
            context.close()


def test_a_build_writes_nothing_to_the_shared_temporary_folder_and_honours_source_date_epoch(
    tmp_path: Path,
) -> None:
    """jieba's cache and the user dictionary go to the private cache folder; a planted link in
    the temporary folder is never followed; SOURCE_DATE_EPOCH is the only date in the site."""
    project = make_project(tmp_path)
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    for name in ("jieba.cache", "statement-site-jieba-0123456789abcdef.txt"):
        os.symlink(victim, shared_tmp / name)
    cache = tmp_path / "cache"
    env = {**os.environ, "TMPDIR": str(shared_tmp), "STATEMENT_SITE_CACHE": str(cache),
           "SOURCE_DATE_EPOCH": "978307200"}  # fmt: skip  # 2001-01-01
    result = subprocess.run(
        [sys.executable, "-m", "statement_site.cli", "build", "-f", str(project / "mkdocs.yml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in shared_tmp.iterdir()) == [
        "jieba.cache",
        "statement-site-jieba-0123456789abcdef.txt",
    ]
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    cached = sorted(p.name for p in cache.iterdir())
    assert ".jieba.cache" in cached and ".statement-site-cache" in cached
    assert any(name.startswith(".jieba-user-") for name in cached)
    assert oct(cache.stat().st_mode & 0o777) == "0o700"
    site = project / "site"
    today = dt.date.today().isoformat()
    with gzip.open(site / "sitemap.xml.gz") as sitemap:
        assert sitemap.read() == (site / "sitemap.xml").read_bytes()
    assert (site / "sitemap.xml.gz").read_bytes()[4:8] == (978307200).to_bytes(4, "little")
    for page in site.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".xml", ".json"):
            assert today not in page.read_text(encoding="utf-8"), page
