"""Simplified and traditional characters: the conversion, the search keywords, one entity.

The browser tests that type one script and find the other are in tests/test_browser.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from statement_site.corpus import load_corpus
from statement_site.hanzi import other_forms, simplified
from statement_site.model import Dictionary, Entity, EntityKind
from statement_site.render import render
from statement_site.search import add_keywords, keywords, script_keywords
from statement_site.tag import find_mentions
from statement_site.vocabulary import read_dictionary

from .conftest import CORPUS, STATEMENT

TRADITIONAL_ID = "traditional-statement"
# A short statement in traditional characters (Taiwan's forms: 為, 裡), numbered 一、二、三、
TRADITIONAL_SOURCE = """中華人民共和國和某國聯合聲明
一、雙方重申，臺灣問題是中國內政，某國堅定奉行一個中國政策，支持中華人民共和國政府。
二、雙方同意加強經濟合作，擴大貿易往來，推動經濟社會發展。
三、雙方認為，氣候變化是全人類面臨的共同挑戰，同意在這裡繼續合作。
"""
TRADITIONAL_DOCUMENT = """title: 中華人民共和國和某國聯合聲明
kind: joint-statement
parties: [中華人民共和國, 某國]
date: 2023-05-01
place: 北京
source: 測試
language: zh
"""


def write_traditional(corpus: Path) -> None:
    """The traditional statement as a document folder of ``corpus``."""
    folder = corpus / TRADITIONAL_ID
    folder.mkdir()
    (folder / "document.yml").write_text(TRADITIONAL_DOCUMENT, encoding="utf-8")
    (folder / "source.zh.txt").write_text(TRADITIONAL_SOURCE, encoding="utf-8")


def both_scripts_corpus(tmp_path: Path) -> Path:
    """The bundled (simplified) corpus with the traditional statement beside it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    write_traditional(corpus)
    return corpus


# --- the conversion -----------------------------------------------------------------------


def test_simplified_converts_traditional_character_for_character() -> None:
    text = "臺灣問題，中華人民共和國、經濟和這裡"
    assert simplified(text) == "台湾问题，中华人民共和国、经济和这里"
    assert len(simplified(text)) == len(text)


def test_simplified_leaves_the_bundled_statement_as_it_is() -> None:
    text = STATEMENT.read_text(encoding="utf-8")
    assert simplified(text) == text


def test_other_forms_go_both_ways_and_include_regional_variants() -> None:
    assert other_forms(["台湾问题"]) == ["臺灣問題", "台灣問題"]  # OpenCC / Hong Kong
    assert other_forms(["臺灣問題", "經濟"])[:2] == ["台湾问题", "经济"]
    assert "為" in other_forms(["为"])  # Taiwan's form, not only OpenCC's
    # nothing for words the same in both scripts, Latin words, or a form already given
    assert other_forms(["巴基斯坦", "CPEC", "", "中國", "中国"]) == []


# --- the keywords -------------------------------------------------------------------------


def words_of(text: str) -> list[str]:
    import jieba

    return list(jieba.cut_for_search(text))


def test_script_keywords_of_a_simplified_clause_are_its_traditional_words() -> None:
    china = Entity(id="中国", name="中国", kind=EntityKind.PLACE, en="China")
    words = keywords("巴方在台湾问题上支持中国经济发展。", [china], Dictionary(), words_of)
    assert "巴方" in words and "China" in words
    assert not {"臺灣", "中國"} & set(words)  # the other script has a field of its own
    forms = script_keywords(words)
    assert {"臺灣", "問題", "中國", "經濟", "發展"} <= set(forms)
    assert not set(forms) & set(words) and len(forms) == len(set(forms))


def test_keywords_of_a_traditional_clause_hold_its_simplified_words() -> None:
    words = keywords("雙方重申，臺灣問題是中國內政。", [], Dictionary(), words_of)
    assert {"台湾", "问题", "中国", "双方", "重申"} <= set(words)


def test_add_keywords_gives_each_field_its_words() -> None:
    index = {"config": {"fields": {"title": {"boost": 5}}}, "docs": [{"location": "a/1/"}]}
    added = add_keywords(index, {"a/1/": {"keywords": ["台湾", "问题"], "other_script": ["臺灣"]}})
    assert added["docs"] == [
        {"location": "a/1/", "keywords": "台湾\u200b问题", "other_script": "臺灣"}
    ]
    assert added["config"]["fields"] == {
        "title": {"boost": 5},
        "keywords": {"boost": 1.0},
        "other_script": {"boost": 0.05},
    }


# --- one entity in both scripts -----------------------------------------------------------


def dictionary() -> Dictionary:
    return read_dictionary(CORPUS / "dictionary.yml")


def test_a_traditional_name_is_the_dictionary_entity_printed_as_it_stands() -> None:
    found = find_mentions("臺灣問題是中國內政，中華人民共和國政府", dictionary())
    mentions = [(mention.text, entity.name) for mention, entity in found]
    assert ("臺灣", "台湾") in mentions
    assert ("中國", "中国") in mentions
    assert ("中華人民共和國", "中国") in mentions  # the dictionary's alias 中华人民共和国


def test_a_name_found_by_rule_is_grouped_under_its_simplified_form() -> None:
    found = find_mentions("雙方落實《聯合國憲章》。", dictionary())
    mention, entity = found[0]
    assert (mention.text, entity.id) == ("聯合國憲章", "联合国宪章")


def test_one_entity_page_lists_both_scripts(tmp_path: Path) -> None:
    corpus = load_corpus(both_scripts_corpus(tmp_path))
    pages = render(corpus, "zh")
    china = pages["entities/place/china.md"]
    assert "中國" in china and "中華人民共和國" in china  # both spellings, one page
    assert f"../../{TRADITIONAL_ID}/1.md" in china
    assert "../../2022-11-02-china-pakistan-joint-statement/7.md" in china
    assert not [path for path in pages if path.startswith("entities/place/") and "中國" in path]


@pytest.mark.parametrize("name", ["臺灣", "中國"])
def test_no_entity_page_for_a_traditional_spelling(tmp_path: Path, name: str) -> None:
    corpus = load_corpus(both_scripts_corpus(tmp_path))
    entities = {e.name for entry in corpus if entry.tagging for e in entry.tagging.entities}
    assert name not in entities and simplified(name) in entities
