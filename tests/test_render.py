"""The renderer: golden pages, literal text through the real Markdown, determinism."""

from __future__ import annotations

import datetime as dt
import html.parser
import os
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from statement_site.corpus import load_corpus
from statement_site.model import Corpus, Entry, Metadata
from statement_site.parse import parse
from statement_site.render import literal, render, short_heading

from .conftest import CORPUS, ROOT, STATEMENT_ID

GOLDEN = Path(__file__).parent / "data" / "render"
TOPIC_IDS = ["leaders", "partnership", "dialogue", "belt-and-road", "infrastructure", "trade",
             "energy-climate", "disaster-relief", "development", "people", "security",
             "regional", "multilateral"]  # fmt: skip
REGENERATE = os.environ.get("REGENERATE_GOLDEN") == "1"
MARKDOWN_EXTENSIONS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))[
    "markdown_extensions"
]


def to_html(page: str) -> str:
    """A generated page through Python-Markdown with the site's extensions, as MkDocs does."""
    assert page.startswith("---\n")
    body = page.split("\n---\n", 1)[1]
    extensions = []
    configs = {}
    for item in MARKDOWN_EXTENSIONS:
        if isinstance(item, dict):
            (name, config), *_ = item.items()
            extensions.append(name)
            configs[name] = config
        else:
            extensions.append(item)
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(body)


def front(page: str) -> dict[str, object]:
    data = yaml.safe_load(page.split("---\n", 2)[1])
    assert isinstance(data, dict)
    return data


class TextOf(html.parser.HTMLParser):
    """The text inside the elements with a given class, and the tags inside them."""

    def __init__(self, css_class: str) -> None:
        super().__init__(convert_charrefs=True)
        self.css_class = css_class
        self.depth = 0
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += 1
        elif self.css_class in classes:
            self.depth = 1
        if self.depth:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def text_of(page_html: str, css_class: str) -> tuple[str, list[tuple[str, dict[str, str | None]]]]:
    parser = TextOf(css_class)
    parser.feed(page_html)
    return "".join(parser.text), parser.tags


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def pages(corpus: Corpus) -> dict[str, str]:
    return render(corpus)


def one_document(text: str, title: str = "测试文件") -> Corpus:
    metadata = Metadata(
        title=title,
        kind="joint-statement",
        parties=("甲方", "乙方"),
        date=dt.date(2024, 1, 2),
        place="北京",
        source="新华社北京1月2日电",
        language="zh",
    )
    entry = Entry("test-document", metadata, parse(text, "test.txt"), "test.txt")
    return Corpus((entry,))


def test_a_page_per_clause_a_document_page_and_a_home_page(pages: dict[str, str]) -> None:
    expected = {"index.md", f"{STATEMENT_ID}/index.md", f"{STATEMENT_ID}/parallel.md"}
    expected |= {f"{STATEMENT_ID}/{n}.md" for n in range(1, 48)}
    expected |= {"topics/index.md"} | {f"topics/{t}.md" for t in TOPIC_IDS}
    assert set(pages) - expected == {p for p in pages if p.startswith("entities/")}
    assert expected <= set(pages)
    assert {"entities/index.md", "entities/person.md", "entities/place.md", "entities/date.md",
            "entities/person/shehbaz-sharif.md", "entities/place/gwadar-port.md",
            "entities/date/2022-11-01--2022-11-02.md"} <= set(pages)  # fmt: skip


@pytest.mark.parametrize(
    "path",
    ["index.md", f"{STATEMENT_ID}/index.md", *(f"{STATEMENT_ID}/{n}.md" for n in (1, 15, 47))],
)
def test_golden_pages_of_the_bundled_statement(pages: dict[str, str], path: str) -> None:
    golden = GOLDEN / "statement" / path
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[path], encoding="utf-8")
    assert pages[path] == golden.read_text(encoding="utf-8"), "regenerate: scripts/regen-golden"


def test_rendering_is_deterministic(corpus: Corpus) -> None:
    first = render(corpus)
    again = render(load_corpus(CORPUS))
    assert first == again
    assert list(first) == list(again)


def test_every_clause_page_shows_its_label_and_text_literally(
    corpus: Corpus, pages: dict[str, str]
) -> None:
    for clause in corpus.entries[0].document.clauses:
        page_html = to_html(pages[f"{STATEMENT_ID}/{clause.number}.md"])
        shown, _ = text_of(page_html, "ss-clause")
        assert shown.strip() == clause.label + clause.text


def test_the_full_text_has_an_anchor_per_clause(corpus: Corpus, pages: dict[str, str]) -> None:
    page_html = to_html(pages[f"{STATEMENT_ID}/index.md"])
    full_text, tags = text_of(page_html, "ss-full-text")
    ids = [attrs.get("id") for _, attrs in tags if (attrs.get("id") or "").startswith("para_")]
    assert ids == [f"para_{n}" for n in range(1, 48)]
    document = corpus.entries[0].document
    # Every non-space character of the source is in the full text, in order.
    assert "".join(full_text.split()) == "".join(document.text.split())


def test_clause_pages_link_previous_and_next(pages: dict[str, str]) -> None:
    first = to_html(pages[f"{STATEMENT_ID}/1.md"])
    middle = to_html(pages[f"{STATEMENT_ID}/15.md"])
    last = to_html(pages[f"{STATEMENT_ID}/47.md"])
    assert 'href="14.md"' in middle and 'href="16.md"' in middle
    assert 'rel="prev"' not in first and 'href="2.md"' in first
    assert 'rel="next"' not in last and 'href="46.md"' in last


def test_titles_are_plain_text_that_html_shows_as_written() -> None:
    corpus = one_document("标题\n一、<b>粗</b> & “引”。\n二、第二条。\n")
    pages = render(corpus)
    title = front(pages["test-document/1.md"])["title"]
    assert isinstance(title, str)
    assert "<" not in title and "&#60;b&#62;" in title
    assert html.unescape(title) == "一 · <b>粗</b> & “引”"


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "{{ config }}",
    "{% raw %}",
    "*强调* __粗__ `代码`",
    "# 不是标题",
    "| a | b |",
    "---",
    "===",
    "1. 不是列表",
    "- 也不是",
    "> 不是引用",
    "    四个空格",
    "<!-- 注释 -->",
    "&amp; &lt; &#60;",
    "\\*反斜杠\\*",
    "{: #id .class }",
    "[^1]: 脚注",
    ":smile:",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markdown_and_html_in_a_clause_render_as_text(hostile: str) -> None:
    text = f"标题\n一、甲方认为，{hostile}是一段文字。\n{hostile}\n仍属第一条。\n二、第二条。\n"
    corpus = one_document(text)
    clause = corpus.entries[0].document.clauses[0]
    pages = render(corpus)
    for path in ("test-document/1.md", "test-document/index.md"):
        page_html = to_html(pages[path])
        assert "<script" not in page_html and "<img" not in page_html
        assert 'href="javascript' not in page_html
    shown, tags = text_of(to_html(pages["test-document/1.md"]), "ss-clause")
    assert "".join(shown.split()) == "".join((clause.label + clause.text).split())
    assert {tag for tag, _ in tags} <= {"div", "p", "span"}


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("甲乙丙丁的是了中巴<>&\"'*_`#|[](){}!-=+.:;~^\\/ \t")),
        min_size=1,
        max_size=40,
    )
)
def test_any_characters_in_a_clause_are_shown_exactly(words: str) -> None:
    text = f"标题\n一、{words}。\n二、第二条。\n"
    corpus = one_document(text)
    clause = corpus.entries[0].document.clauses[0]
    page_html = to_html(render(corpus)["test-document/1.md"])
    shown, tags = text_of(page_html, "ss-clause")
    assert "".join(shown.split()) == "".join((clause.label + clause.text).split())
    assert {tag for tag, _ in tags} <= {"div", "p", "span"}


def test_literal_escapes_every_ascii_punctuation_mark() -> None:
    assert literal("a<b>&c") == "a&#60;b&#62;&#38;c"
    assert literal("中文，标点。") == "中文，标点。"
    assert literal("两行\n文字") == "两行 文字"


def test_short_headings_skip_a_lead_in_and_stay_short(corpus: Corpus) -> None:
    clauses = corpus.entries[0].document.clauses
    assert short_heading(clauses[14]) == "瓜达尔港是中巴经济走廊的龙头项目…"  # 双方认为，
    assert short_heading(clauses[1]) == "习近平主席会见夏巴兹总理"  # 访问期间，
    assert short_heading(clauses[34]) == "关于阿富汗问题"
    assert all(len(short_heading(clause)) <= 17 for clause in clauses)


def test_home_page_lists_every_document_in_corpus_order(tmp_path: Path) -> None:
    older = one_document("旧文件\n一、甲。\n二、乙。\n").entries[0]
    newer = Entry(
        "newer",
        Metadata("新文件", "treaty", ("甲",), dt.date(2025, 5, 5), "上海", "来源", "zh"),
        parse("新文件\n第一条　甲。\n第二条　乙。\n", "n.txt"),
        "n.txt",
    )
    home = to_html(render(Corpus((newer, older)))["index.md"])
    assert home.index("新文件") < home.index("测试文件")
    assert 'href="newer/index.md"' in home and 'href="test-document/index.md"' in home
