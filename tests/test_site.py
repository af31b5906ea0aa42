"""The built site: the English site at /en/, topics, entities, parallel view, search index."""

from __future__ import annotations

import contextlib
import html as html_module
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from statement_site.cli import main
from statement_site.corpus import load_corpus
from statement_site.render import topic_counts

from .conftest import CORPUS, STATEMENT_ID, make_project

HAN = re.compile(r"[\u4e00-\u9fff]")
# Interface words of the Chinese pages that must not appear on an English page.
CHINESE_INTERFACE = ["引用", "永久链接", "在全文中查看", "目录", "主题", "提及", "条款目录", "首页",
                     "搜索", "跳转至", "切换到"]  # fmt: skip


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(site: Path, path: str) -> str:
    """The page's content, without the navigation around it."""
    found = re.search(r"<article.*?</article>", page(site, path), re.S)
    assert found is not None
    return found.group(0)


def visible_text(html: str) -> str:
    """The text a reader sees in the page's body, without scripts, styles and attributes."""
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style|svg)\b.*?</\1>", "", body, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    return data


# --- the English site -----------------------------------------------------------------------


def test_the_english_site_has_every_page_under_en(built_site: Path) -> None:
    for path in ["", STATEMENT_ID, f"{STATEMENT_ID}/parallel", "topics", "topics/trade",
                 "entities", "entities/place/gwadar-port",
                 *(f"{STATEMENT_ID}/{n}" for n in range(1, 48))]:  # fmt: skip
        assert (built_site / "en" / path / "index.html").is_file(), path


def test_html_lang_is_right_on_every_page(built_site: Path) -> None:
    pages = list(built_site.rglob("index.html"))
    assert len(pages) > 2 * 60
    for path in pages:
        head = path.read_text(encoding="utf-8")[:200]
        english = path.relative_to(built_site).parts[0] == "en"
        assert f'<html lang="{"en" if english else "zh"}"' in head, path


def test_an_english_clause_page_is_english_and_says_it_is_a_translation(built_site: Path) -> None:
    html = page(built_site, f"en/{STATEMENT_ID}/15")
    assert "<title>15 · Gwadar Port - Treaties and Joint Statements</title>" in html
    assert (
        "Gwadar Port is the centrepiece project of the China&#45;Pakistan Economic Corridor"
        in (html)
        or "Gwadar Port is the centrepiece project of the China-Pakistan Economic Corridor" in html
    )
    text = visible_text(html)
    assert "Unofficial translation by the statement-site project" in text
    assert "paragraph 15 of 47" in text
    for word in CHINESE_INTERFACE:
        assert word not in text, word
    # Topics and names in English, linked.
    assert 'href="../../topics/infrastructure/"' in html
    assert ">Infrastructure and connectivity<" in html
    assert ">Gwadar Port</a>" in html and 'href="../../entities/place/gwadar-port/"' in html


def test_no_english_page_shows_chinese_interface_text(built_site: Path) -> None:
    pages = list((built_site / "en").rglob("index.html"))
    assert len(pages) > 60
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        for word in CHINESE_INTERFACE:
            assert word not in text, (path, word)
        # and every English page says that it is a translation
        assert "Unofficial translation by the statement-site project" in text, path


def test_the_language_switch_leads_to_the_same_page(built_site: Path) -> None:
    zh = page(built_site, f"{STATEMENT_ID}/15")
    en = page(built_site, f"en/{STATEMENT_ID}/15")
    assert f'href="../../en/{STATEMENT_ID}/15/" hreflang="en"' in zh
    assert f'href="../../../{STATEMENT_ID}/15/" hreflang="zh-Hans"' in en
    assert 'href="en/" hreflang="en"' in page(built_site, "")


def test_each_language_has_its_own_search_index(built_site: Path) -> None:
    zh, en = index(built_site), index(built_site / "en")
    assert zh["config"]["lang"] == ["zh"] and en["config"]["lang"] == ["en"]
    assert "stemmer" in en["config"]["pipeline"]
    zh_pages = {doc["location"] for doc in zh["docs"]}
    en_pages = {doc["location"] for doc in en["docs"]}
    assert f"{STATEMENT_ID}/15/" in zh_pages and f"{STATEMENT_ID}/15/" in en_pages
    assert not any(location.startswith("en/") for location in zh_pages)
    for doc in en["docs"]:  # English pages only: no Chinese text in the English index
        assert not HAN.search(doc["title"] + doc["text"]), doc["location"]
    clause = next(doc for doc in zh["docs"] if doc["location"] == f"{STATEMENT_ID}/15/")
    assert "Gwadar Port is" not in clause["text"] and "瓜达尔港" in clause["text"]


# --- topics and entities --------------------------------------------------------------------


def test_the_topics_overview_counts_every_topics_clauses(built_site: Path) -> None:
    counts = topic_counts(load_corpus(CORPUS))
    html = page(built_site, "topics")
    rows = re.findall(
        r'<a href="([a-z-]+)/">([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td[^>]*>(\d+)<', html
    )
    assert {topic: int(n) for topic, _, n in rows} == counts
    assert len(rows) == 13 and all(n > 0 for n in counts.values())


def test_a_topic_page_lists_its_clauses_in_order(built_site: Path) -> None:
    corpus = load_corpus(CORPUS)
    entry = corpus.entries[0]
    assert entry.tagging is not None
    wanted = [
        t.number for t in entry.tagging.clauses if any(x.topic == "regional" for x in t.topics)
    ]
    for lang, prefix in (("zh", ""), ("en", "en/")):
        html = article(built_site, f"{prefix}topics/regional")
        listed = [int(n) for n in re.findall(rf'href="../../{STATEMENT_ID}/(\d+)/"', html)]
        assert listed == wanted, lang
    assert wanted == [34, 35, 36]


def test_clause_pages_link_their_topics_and_entities(built_site: Path) -> None:
    html = page(built_site, f"{STATEMENT_ID}/35")
    tags = re.findall(r'<a href="([^"]+)" class="md-tag">([^<]+)</a>', html)
    assert ("../../topics/regional/#tag:地区问题", "地区问题") in tags
    assert 'href="../../entities/place/afghanistan/">阿富汗</a>' in html
    assert 'href="../../entities/place/uzbekistan/">乌兹别克斯坦</a>' in html


def test_an_entity_page_lists_the_clauses_that_mention_it(built_site: Path) -> None:
    html = article(built_site, "entities/person/shehbaz-sharif")
    listed = [int(n) for n in re.findall(rf'href="../../../{STATEMENT_ID}/(\d+)/"', html)]
    assert listed == [1, 2, 3, 4, 8, 9, 12, 28, 46]
    assert "又作" in html and "夏巴兹总理" in html
    dates = page(built_site, "entities/date")
    date = html_module.unescape(page(built_site, "entities/date/2022-11-01--2022-11-02"))
    assert "ISO 8601：2022-11-01/2022-11-02" in date
    assert dates.index("2022年10月27日") < dates.index("2023年上半年")


def test_the_document_page_shows_the_topics_beside_each_clause(built_site: Path) -> None:
    html = page(built_site, STATEMENT_ID)
    item = re.search(r'<li><a href="15/">十五、 瓜达尔港</a>(.*?)</li>', html, re.S)
    assert item is not None
    assert re.findall(r">([^<>]+)</a>", item.group(1)) == [
        "一带一路与经济走廊",
        "基础设施与互联互通",
    ]


# --- the parallel view ----------------------------------------------------------------------


def test_the_parallel_view_has_a_row_per_clause_with_both_languages(built_site: Path) -> None:
    corpus = load_corpus(CORPUS)
    english = corpus.entries[0].translation("en")
    assert english is not None
    for prefix in ("", "en/"):
        html = page(built_site, f"{prefix}{STATEMENT_ID}/parallel")
        rows = re.findall(
            r'<div class="ss-row" id="row-(\d+)"[^>]*>(.*?)</div>\s*</div>', html, re.S
        )
        assert [int(n) for n, _ in rows] == list(range(1, 48))
        for number, row in rows:
            cells = re.findall(r'<div class="ss-cell" lang="([^"]+)"', row)
            assert cells == ["zh-Hans", "en"], number
            assert f'href="../{number}/"' in row
        assert (
            "Gwadar Port is the centrepiece" in html and "瓜达尔港是中巴经济走廊的龙头项目" in html
        )


# --- search ---------------------------------------------------------------------------------


def test_the_search_index_keeps_names_whole_and_bridges_short_forms(built_site: Path) -> None:
    docs = {doc["location"]: doc for doc in index(built_site)["docs"]}
    fifteen = docs[f"{STATEMENT_ID}/15/"]["text"].split("\u200b")
    assert "瓜达尔港" in fifteen  # the domain dictionary reached jieba_dict_user
    one = docs[f"{STATEMENT_ID}/1/"]["text"].split("\u200b")
    assert "夏巴兹" in one and "夏" not in one
    keywords = {location: doc.get("keywords", "").split("\u200b") for location, doc in docs.items()}
    assert "中巴自贸协定" in keywords[f"{STATEMENT_ID}/22/"]  # the text says 中巴自由贸易协定
    assert "中巴自由贸易协定" in keywords[f"{STATEMENT_ID}/23/"]  # the text says 中巴自贸协定
    assert "二十大" in keywords[f"{STATEMENT_ID}/3/"]
    assert "洪灾" in keywords[f"{STATEMENT_ID}/8/"]  # 洪涝灾害
    assert "脱贫" in keywords[f"{STATEMENT_ID}/26/"]  # 减贫
    assert "援助" in keywords[f"{STATEMENT_ID}/36/"]  # inside jieba's 经济援助
    assert index(built_site)["config"]["fields"]["keywords"] == {"boost": 1.0}


def test_the_search_worker_is_patched_in_both_sites(built_site: Path) -> None:
    for root in (built_site, built_site / "en"):
        workers = list((root / "assets/javascripts/workers").glob("search.*.min.js"))
        assert len(workers) == 1
        js = workers[0].read_text(encoding="utf-8")
        assert "statement-site: longest match" in js and '].join("* ")' not in js
        assert "lunr.stemmer(new lunr.Token(" in js


# --- translations missing -------------------------------------------------------------------


@pytest.fixture(scope="module")
def half_translated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled corpus with clauses 3 and 4 of the English translation left out."""
    tmp = tmp_path_factory.mktemp("half")
    corpus = tmp / "corpus"
    shutil.copytree(CORPUS, corpus)
    path = corpus / STATEMENT_ID / "en.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["clauses"][3] = {"heading": data["clauses"][3]["heading"]}
    data["clauses"][4] = None
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    project = make_project(tmp, corpus)
    site = project / "site"
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert main(["build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]) == 0
    return site, err.getvalue()


def test_a_missing_translation_shows_the_original_with_a_notice(
    half_translated: tuple[Path, str],
) -> None:
    site, log = half_translated
    html = page(site, f"en/{STATEMENT_ID}/4")
    assert "This clause has not been translated yet: the Chinese original is shown." in html
    assert '<div class="ss-clause" lang="zh-Hans">' in html
    assert "四、</span>中国领导人对夏巴兹总理长期坚定致力于中巴友好表示赞赏" in html
    assert "<title>4 · " in html  # the Chinese heading stands in: 致力于中巴友好
    three = page(site, f"en/{STATEMENT_ID}/3")
    assert "<title>3 · 20th CPC National Congress" in three  # the curated heading is kept
    parallel = page(site, f"en/{STATEMENT_ID}/parallel")
    assert parallel.count("ss-cell ss-untranslated") == 2
    assert (
        f"{STATEMENT_ID}: 2 of 47 clauses have no en translation (3, 4); their en pages show "
        "the original with a notice\n" in log
    )


def test_check_reports_each_languages_coverage(
    capsys: pytest.CaptureFixture[str], half_translated: tuple[Path, str]
) -> None:
    site, _ = half_translated
    folder = site.parent / "corpus" / STATEMENT_ID
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "  en:       translated 45/47, headings 46/47, untranslated: 3, 4" in out
    assert "  zh:       headings 47/47 (original)" in out
