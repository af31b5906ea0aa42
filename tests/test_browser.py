"""End to end in headless Chromium: what a reader sees in the built site and its Material search.

No mocks: the sites are built with the real ``mkdocs build --strict`` (through the CLI, see
``conftest.build_site``), served over HTTP on 127.0.0.1 and driven with Playwright.
"""

from __future__ import annotations

import functools
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from statement_site.corpus import load_entry

from .conftest import CORPUS, ROOT, STATEMENT_ID, build_site, make_project, serve

pytestmark = pytest.mark.browser

WAIT = 10_000  # ms: the bound of every wait for the page or the search
DOCUMENT = f"/{STATEMENT_ID}/"
LAST = 47
ZWSP = "\u200b"


def clause_path(number: int) -> str:
    return f"{DOCUMENT}{number}/"


@functools.cache
def _statement() -> Any:
    return load_entry(CORPUS / STATEMENT_ID).document


def clause_text(number: int) -> str:
    """The words of a clause of the bundled statement, as the parser reads them."""
    return "".join(_statement().clause(number).paragraphs)


def expect(*args: Any, **kwargs: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(*args, **kwargs)


def search(page: Any, query: str) -> Any:
    """Type ``query`` into Material's search box as a reader does; the result items.

    Material reads the query on ``keyup``. Playwright enters characters that are not on the
    keyboard layout (all of Chinese) with an ``input`` event and no key events, as an input
    method does; a reader's input method is committed with a real key, whose release Material
    sees. ``End`` is that key here: it fires ``keydown``/``keyup`` and leaves the query as it is.
    """
    box = page.locator("input.md-search__input")
    box.click()
    expect(box).to_be_focused(timeout=WAIT)
    box.press_sequentially(query)
    box.press("End")
    expect(box).to_have_value(query)
    items = page.locator(".md-search-result__item")
    expect(items.first).to_be_visible(timeout=WAIT)
    return items


def path_of(url: str) -> str:
    return urlsplit(url).path


# --- serving a second site ------------------------------------------------------------------


@pytest.fixture(scope="session")
def project_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's whole site (the corpus and the hand-written docs/, with /about/)."""
    docs = {
        str(path.relative_to(ROOT / "docs")): path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "docs").rglob("*.md"))
    }
    project = make_project(tmp_path_factory.mktemp("project-site"), docs=docs)
    for path in (ROOT / "docs").rglob("*"):  # images and other assets of the docs, as they are
        if path.is_file() and path.suffix != ".md":
            target = project / "docs" / path.relative_to(ROOT / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    with serve(build_site(project)) as url:
        yield url


# --- a corpus whose clauses hold Markdown, HTML and template syntax ------------------------

HOSTILE_ID = "hostile-statement"
HOSTILE_SOURCE = """测试联合声明
一、双方认为<script>alert(1)</script>不应执行。
二、双方认为<img src=x onerror=alert(2)>不应显示为图片。
三、双方认为[x](javascript:alert(3))不是链接。
四、双方认为{{ config }}不是模板。
五、双方认为*bold*不是粗体。
六、双方认为：
# not a heading
这一行仍属第六段。
七、双方认为：
| a | b |
| --- | --- |
这一行仍属第七段。
八、双方同意如下：
---
这一行仍属第八段。
九、双方同意本声明最后一段<script>alert(9)</script>。
"""
# What each clause page must show as text, character for character.
HOSTILE_TEXT = {
    1: ["<script>alert(1)</script>"],
    2: ["<img src=x onerror=alert(2)>"],
    3: ["[x](javascript:alert(3))"],
    4: ["{{ config }}"],
    5: ["*bold*"],
    6: ["# not a heading", "这一行仍属第六段。"],
    7: ["| a | b |", "| --- | --- |", "这一行仍属第七段。"],
    8: ["---", "这一行仍属第八段。"],
    9: ["<script>alert(9)</script>"],
}


@pytest.fixture(scope="session")
def hostile_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    folder = corpus / HOSTILE_ID
    folder.mkdir()
    shutil.copy(CORPUS / STATEMENT_ID / "document.yml", folder / "document.yml")
    (folder / "source.zh.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    site = build_site(make_project(tmp_path_factory.mktemp("hostile"), corpus=corpus))
    with serve(site) as url:
        yield url


def record_dialogs(page: Any) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def assert_inert(page: Any) -> None:
    """Nothing of the clauses became markup: no script, image, javascript: link, heading…"""
    scripts = page.evaluate("[...document.querySelectorAll('script')].map(s => s.textContent)")
    assert not [s for s in scripts if "alert(" in s], "a clause became a <script> element"
    assert page.locator('img[src="x"]').count() == 0, "a clause became an <img> element"
    hrefs = page.evaluate(
        "[...document.querySelectorAll('[href], [src], [action], [formaction]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action')"
        " || e.getAttribute('formaction') || '')"
    )
    scripted = [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert scripted == [], f"javascript: URLs in the page: {scripted}"
    handlers = page.evaluate(
        "[...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == [], f"event handler attributes in the page: {handlers}"
    text = page.locator(".md-content")
    headings = text.locator("h1, h2, h3, h4, h5, h6").filter(has_text="not a heading")
    assert headings.count() == 0, "'# not a heading' became a heading"
    assert text.locator("em, strong").filter(has_text="bold").count() == 0, "*bold* became bold"
    for container in (".ss-clause", ".ss-full-text"):
        markup = page.locator(f"{container} :is(table, hr, h1, h2, h3, h4, h5, h6, img)")
        assert markup.count() == 0, "a clause became a table, rule, heading or image"


# --- 1. search ---------------------------------------------------------------------------


def test_search_finds_gwadar_in_clause_15(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    items = search(page, "瓜达尔港")
    first = items.first.locator("a.md-search-result__link").first
    href = first.get_attribute("href")
    assert href is not None
    assert path_of(urljoin(page.url, href)) == clause_path(15), href

    first.click()
    page.wait_for_url(re.compile(re.escape(site_url + clause_path(15))), timeout=WAIT)
    assert path_of(page.url) == clause_path(15)
    expect(page.locator("h1").first).to_contain_text("十五")
    expect(page.locator(".ss-clause")).to_contain_text("瓜达尔港")
    expect(page.locator(".ss-clause")).to_contain_text(clause_text(15))


# --- 2. previous and next -------------------------------------------------------------------


def test_previous_and_next_links(page: Any, site_url: str) -> None:
    page.goto(site_url + clause_path(15))
    page.locator(".ss-pager a.ss-next").click()
    page.wait_for_url(site_url + clause_path(16), timeout=WAIT)
    expect(page.locator("h1").first).to_contain_text("十六")
    expect(page.locator(".ss-clause")).to_contain_text(clause_text(16))

    page.locator(".ss-pager a.ss-previous").click()
    page.wait_for_url(site_url + clause_path(15), timeout=WAIT)
    page.locator(".ss-pager a.ss-previous").click()
    page.wait_for_url(site_url + clause_path(14), timeout=WAIT)
    expect(page.locator("h1").first).to_contain_text("十四")
    expect(page.locator(".ss-clause")).to_contain_text(clause_text(14))
    expect(page.locator('.ss-pager a[rel="prev"]')).to_have_attribute("href", "../13/")
    expect(page.locator('.ss-pager a[rel="next"]')).to_have_attribute("href", "../15/")

    page.goto(site_url + clause_path(1))
    expect(page.locator(".ss-pager")).to_be_visible()
    assert page.locator(".ss-pager a.ss-previous").count() == 0
    expect(page.locator(".ss-pager a.ss-next")).to_have_attribute("href", "../2/")

    page.goto(site_url + clause_path(LAST))
    expect(page.locator(".ss-pager")).to_be_visible()
    assert page.locator(".ss-pager a.ss-next").count() == 0
    expect(page.locator(".ss-pager a.ss-previous")).to_have_attribute("href", f"../{LAST - 1}/")


# --- 3. permanent URLs and anchors ------------------------------------------------------------


def test_permanent_url_and_anchor(page: Any, site_url: str) -> None:
    response = page.goto(site_url + clause_path(15))
    assert response is not None and response.status == 200
    expect(page.locator(".ss-clause")).to_contain_text(clause_text(15))

    response = page.goto(site_url + DOCUMENT + "#para_15")
    assert response is not None and response.status == 200
    paragraph = page.locator("#para_15")
    expect(paragraph).to_have_count(1)
    expect(paragraph).to_contain_text(clause_text(15))
    expect(page.locator("#para_15:target")).to_have_count(1)
    expect(paragraph).to_be_in_viewport(timeout=WAIT)

    links = page.locator(".ss-clause-list li > a:first-child")
    expect(links).to_have_count(LAST)
    targets = [
        path_of(urljoin(page.url, href or ""))
        for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    assert targets == [clause_path(n) for n in range(1, LAST + 1)]
    for number in range(1, LAST + 1):
        expect(page.locator(f"#para_{number}")).to_have_count(1)


# --- 4. clauses are text, never markup --------------------------------------------------------


def test_markup_in_clauses_is_shown_as_text(page: Any, hostile_site_url: str) -> None:
    dialogs = record_dialogs(page)
    for number, expected in HOSTILE_TEXT.items():
        response = page.goto(f"{hostile_site_url}/{HOSTILE_ID}/{number}/")
        assert response is not None and response.status == 200
        page.wait_for_load_state("load")
        clause = page.locator(".ss-clause")
        expect(clause).to_be_visible()
        text = clause.inner_text()
        for literal in expected:
            assert literal in text, f"clause {number}: {literal!r} not shown in {text!r}"
        assert_inert(page)
    page.goto(f"{hostile_site_url}/{HOSTILE_ID}/1/")
    assert "<script>aler" in page.title()

    page.goto(f"{hostile_site_url}/{HOSTILE_ID}/")
    page.wait_for_load_state("load")
    labels = "一二三四五六七八九"
    for line in HOSTILE_SOURCE.splitlines():
        if line[:1] in labels and line[1:2] == "、":  # a clause's first line: its #para_<n>
            expect(page.locator(f"#para_{labels.index(line[0]) + 1}")).to_have_text(line)
    full_text = page.locator(".ss-full-text").inner_text()
    for expected in HOSTILE_TEXT.values():
        for literal in expected:
            assert literal in full_text, f"{literal!r} not shown in the full text"
    assert_inert(page)
    assert dialogs == [], f"a clause ran script: {dialogs}"


def test_markup_in_clauses_is_text_in_search_results(page: Any, hostile_site_url: str) -> None:
    dialogs = record_dialogs(page)
    page.goto(f"{hostile_site_url}/{HOSTILE_ID}/")
    items = search(page, "onerror")
    expect(items.first).to_contain_text("<img src=x onerror=alert(2)>")
    page.locator("input.md-search__input").fill("")
    items = search(page, "config")
    expect(items.first).to_contain_text("{{ config }}")
    assert_inert(page)
    assert dialogs == [], f"a search result ran script: {dialogs}"


# --- 5. no request to another host -----------------------------------------------------------


def test_no_request_to_another_host(page: Any, project_site_url: str) -> None:
    for paths, query in (
        (("/", DOCUMENT, clause_path(15), "/about/", f"{DOCUMENT}parallel/", "/topics/",
          "/entities/"), "瓜达尔港"),
        (("/en/", f"/en{clause_path(15)}", "/en/about/"), "Gwadar"),
    ):  # fmt: skip
        for path in paths:
            response = page.goto(project_site_url + path)
            assert response is not None and response.status == 200, path
            page.wait_for_load_state("networkidle", timeout=WAIT)
        search(page, query)
        page.wait_for_load_state("networkidle", timeout=WAIT)

    requested = list(page.requested_urls)
    indexes = [url for url in requested if "search_index.json" in url]
    assert any("/en/search/" in url for url in indexes), "the English search did not run"
    assert any("/en/" not in url for url in indexes), "the Chinese search did not run"
    foreign = [
        url
        for url in requested
        if not url.startswith(project_site_url + "/") and not url.startswith("data:")
    ]
    assert foreign == [], f"requests to another host: {foreign}"


class _Resources(HTMLParser):
    """The URLs a page makes the browser load (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
            self.urls.append(values.get("src") or "")
        elif tag == "link" and (values.get("rel") or "") != "canonical":
            self.urls.append(values.get("href") or "")


def test_built_files_load_nothing_from_another_host(built_site: Path) -> None:
    files = [p for p in built_site.rglob("*") if p.suffix in (".html", ".css", ".js")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for host in ("fonts.googleapis", "fonts.gstatic"):
            assert host not in text, f"{path.relative_to(built_site)} refers to {host}"
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(text)
            remote = [u for u in parser.urls if re.match(r"(?i)^(?:[a-z]+:)?//", u)]
            assert remote == [], f"{path.relative_to(built_site)} loads {remote}"


# --- 6. no zero-width spaces in what a reader sees ------------------------------------------


def test_page_titles_have_no_zero_width_space(page: Any, site_url: str) -> None:
    page.goto(site_url + clause_path(15))
    assert ZWSP not in page.title()
    assert ZWSP not in page.locator("h1").first.inner_text()
    assert ZWSP not in page.locator(".ss-clause").inner_text()


def test_search_result_titles_have_no_zero_width_space(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    search(page, "瓜达尔港")
    titles = page.locator(".md-search-result__article :is(h1, h2)").all_inner_texts()
    assert titles
    assert [t for t in titles if ZWSP in t] == [], f"titles with U+200B: {titles!r}"
    # Nor in the snippets, which a reader may select and copy.
    shown = page.locator(".md-search-result__list").inner_text()
    assert "瓜达尔" in shown and ZWSP not in shown


# --- 7. light and dark ------------------------------------------------------------------------


def test_palette_toggle_switches_to_dark(page: Any, site_url: str) -> None:
    page.goto(site_url + clause_path(15))
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle = page.locator("form[data-md-component=palette] label.md-header__button:visible")
    expect(toggle).to_have_count(1)
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate", timeout=WAIT)
    page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default", timeout=WAIT)


# --- 8. print -------------------------------------------------------------------------------


def test_print_shows_the_clause_without_navigation(page: Any, site_url: str) -> None:
    page.goto(site_url + clause_path(15))
    pager = page.locator(".ss-pager")
    navigation = page.locator(".md-sidebar--primary")
    clause = page.locator(".ss-clause")
    expect(pager).to_be_visible()
    expect(navigation).to_be_visible()

    page.emulate_media(media="print")
    expect(pager).to_be_hidden(timeout=WAIT)
    expect(navigation).to_be_hidden(timeout=WAIT)
    expect(page.locator(".md-header")).to_be_hidden(timeout=WAIT)
    expect(clause).to_be_visible()
    expect(clause).to_contain_text(clause_text(15))


# --- across scripts: simplified and traditional characters --------------------------------


@pytest.fixture(scope="session")
def scripts_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled (simplified) statement and a short traditional one in one corpus."""
    from .test_scripts import both_scripts_corpus

    corpus = both_scripts_corpus(tmp_path_factory.mktemp("scripts-corpus"))
    with serve(build_site(make_project(tmp_path_factory.mktemp("scripts"), corpus=corpus))) as url:
        yield url


def result_paths(page: Any, query: str) -> list[str]:
    """The paths of the results of ``query`` typed into the search box, best first."""
    search(page, query)
    links = page.locator(".md-search-result__list > .md-search-result__item > a")
    return [path_of(href) for href in links.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(
    ("query", "clause", "rank"),
    [
        ("台湾问题", "/traditional-statement/1/", 5),  # simplified, finds the traditional text
        ("全人类面临", "/traditional-statement/3/", 1),
        ("瓜達爾港", clause_path(15), 1),  # traditional, finds the simplified text
        ("臺灣問題", clause_path(7), 5),
        ("中巴經濟走廊", clause_path(15), 5),
    ],
)
def test_search_crosses_scripts(
    browser: Any, scripts_site_url: str, query: str, clause: str, rank: int
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(scripts_site_url + "/")
        paths = result_paths(page, query)
        assert clause in paths[:rank], f"{query}: {paths[:8]}"
    finally:
        context.close()
