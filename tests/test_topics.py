"""Topics and entities: the vocabulary and dictionary files, the tagger, the entity extractor."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from statement_site.corpus import load_corpus
from statement_site.errors import MetadataError
from statement_site.model import Corpus, Dictionary, EntityKind
from statement_site.tag import date_matches, find_mentions, jieba_segmenter, jieba_words, tag_topics
from statement_site.vocabulary import read_dictionary, read_vocabulary

from .conftest import CORPUS, STATEMENT_ID

EVAL = Path(__file__).parent / "data" / "eval"
ISSUE_TOPICS = [  # the vocabulary the project was asked for: id, 中文, English
    ("leaders", "高层交往", "Leaders' exchanges"),
    ("partnership", "战略伙伴关系", "Strategic partnership"),
    ("dialogue", "对话与磋商机制", "Dialogue mechanisms"),
    ("belt-and-road", "一带一路与经济走廊", "Belt and Road and economic corridors"),
    ("infrastructure", "基础设施与互联互通", "Infrastructure and connectivity"),
    ("trade", "经贸与投资", "Trade, investment and industry"),
    ("energy-climate", "能源、气候与环境", "Energy, climate and environment"),
    ("disaster-relief", "救灾与重建", "Disaster relief and reconstruction"),
    ("development", "减贫与发展", "Poverty reduction and development"),
    ("people", "人文交流", "People-to-people exchanges"),
    ("security", "安全、防务与反恐", "Security, defence and counter-terrorism"),
    ("regional", "地区问题", "Regional issues"),
    ("multilateral", "多边合作与全球治理", "Multilateralism and global governance"),
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus(CORPUS)


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return read_dictionary(CORPUS / "dictionary.yml")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the vocabulary -------------------------------------------------------------------------


def test_a_vocabulary_that_is_not_yaml_is_refused_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path / "topics.yml", "topics:\n  - id: [\n")
    with pytest.raises(MetadataError) as error:
        read_vocabulary(path)
    (problem,) = error.value.problems
    # libyaml and PyYAML word it differently: the place and the kind of problem are what count
    assert str(problem).startswith(f"{path}:3:1: not valid YAML: ")


def test_the_bundled_vocabulary_is_the_one_asked_for() -> None:
    vocabulary = read_vocabulary(CORPUS / "topics.yml")
    assert [(t.id, t.zh, t.en) for t in vocabulary.topics] == ISSUE_TOPICS
    assert all(t.definition and t.definition_en and t.rules for t in vocabulary.topics)


GOOD_TOPIC = "  - id: trade\n    zh: 经贸\n    en: Trade\n    definition: 贸易\n    rules:\n"


@pytest.mark.parametrize(
    ("text", "messages"),
    [
        (
            "topics:\n" + GOOD_TOPIC + "      - any: [贸易]\n    colour: red\n",
            ["8:5: topic 1: unknown key 'colour' (known: id, zh, en, definition, definition_en, "
             "rules)"],
        ),
        (
            "topics:\n" + GOOD_TOPIC + "      - any: [贸易]\n"
            + GOOD_TOPIC + "      - any: [投资]\n",
            ["8:9: topic 'trade': duplicate id (first used by topic 1)"],
        ),
        (
            "topics:\n" + GOOD_TOPIC + "      - unless: [贸易]\n",
            ["7:9: topic 'trade': rule 1 is empty: give it `any:` or `all:` words"],
        ),
        (
            "topics:\n" + GOOD_TOPIC + "      - any: []\n",
            ["7:9: topic 'trade': rule 1 is empty: give it `any:` or `all:` words"],
        ),
        (
            "topics:\n  - id: Trade Topic\n    zh: 经贸\n    rules: [{any: [贸易], min: 2}]\n",
            ["2:5: topic 'Trade Topic': missing key 'en': the label in English: Belt and Road "
             "and economic corridors",
             "2:5: topic 'Trade Topic': missing key 'definition': one line that says what the "
             "topic covers",
             "2:9: topic 'Trade Topic': an id is lower-case letters, digits and '-'",
             "4:30: topic 'Trade Topic': rule 1: min 2 is more than the 1 words"],
        ),
        ("topics: []\n", ["1:1: the vocabulary has no topics"]),
    ],
)  # fmt: skip
def test_a_bad_vocabulary_is_refused_with_the_file_and_entry(
    tmp_path: Path, text: str, messages: list[str]
) -> None:
    path = write(tmp_path / "topics.yml", text)
    with pytest.raises(MetadataError) as error:
        read_vocabulary(path)
    got = [str(problem) for problem in error.value.problems]
    assert got == [f"{path}:{message}" for message in messages]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("entities:\n  - {name: 北京, kind: city}\n",
         "2:22: entity '北京': kind must be one of person, place, organization, document"),
        ("entities:\n  - {name: 北京, kind: place, aliases: [京]}\n"
         "  - {name: 南京, kind: place, aliases: [京]}\n",
         "3:5: entity '南京': '京' already names entity '北京'"),
        ("entities:\n  - {name: 巴黎协定, kind: document, part_of: 公约}\n",
         "2:43: entity '巴黎协定': part_of '公约' is not an entity's name"),
        ("synonyms:\n  - [洪灾]\n", "2:5: synonym group 1 needs at least two words"),
        ("entities:\n  - {name: 北京, kind: place, capital: true}\n",
         "2:29: entity 1: unknown key 'capital' (known: name, kind, en, aliases, part_of)"),
        ("terms: []\n",
         "1:1: the file: unknown key 'terms' (known: entities, synonyms, words, ignore)"),
    ],
)  # fmt: skip
def test_a_bad_dictionary_is_refused_with_the_file_and_entry(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path / "dictionary.yml", text)
    with pytest.raises(MetadataError) as error:
        read_dictionary(path)
    assert [str(problem) for problem in error.value.problems] == [f"{path}:{message}"]


# --- the tagger -----------------------------------------------------------------------------


def _reading(path: Path) -> list[tuple[str, str, set[str], set[str]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data["clauses"]
    if isinstance(items, dict):  # the bundled statement: by clause number
        text = (CORPUS / STATEMENT_ID / "source.zh.txt").read_text(encoding="utf-8")
        del text
        return [
            (str(n), "", set(item["topics"]), set(item.get("optional", [])))
            for n, item in items.items()
        ]
    return [
        (item["text"][:20], item["text"], set(item["topics"]), set(item.get("optional", [])))
        for item in items
    ]


def test_every_clause_has_the_topics_a_careful_reader_gives_it_and_no_other(
    corpus: Corpus,
) -> None:
    """tests/data/eval/topics-reading.yaml is a reading of the 47 clauses made without the rules."""
    entry = corpus.entries[0]
    assert entry.tagging is not None
    wrong = []
    for number, _, wanted, optional in _reading(EVAL / "topics-reading.yaml"):
        got = {tag.topic for tag in entry.tagging.of(int(number)).topics}
        if not wanted <= got <= wanted | optional:
            wrong.append((number, sorted(wanted - got), sorted(got - wanted - optional)))
    assert wrong == []


def test_the_same_rules_tag_statements_they_have_never_seen(dictionary: Dictionary) -> None:
    """Clauses in the style of other joint statements, read by the same careful reader."""
    vocabulary = read_vocabulary(CORPUS / "topics.yml")
    items = _reading(EVAL / "other-statements.yaml")
    assert len(items) >= 30
    wrong = []
    for name, text, wanted, optional in items:
        got = {tag.topic for tag in tag_topics(text, vocabulary, dictionary)}
        if not wanted <= got <= wanted | optional:
            wrong.append((name, sorted(wanted - got), sorted(got - wanted - optional)))
    assert wrong == []


def test_each_topic_keeps_the_words_that_gave_it(corpus: Corpus) -> None:
    entry = corpus.entries[0]
    assert entry.tagging is not None
    for clause in entry.document.clauses:
        for tag in entry.tagging.of(clause.number).topics:
            assert tag.evidence and all(word in clause.text for word in tag.evidence)
            assert tag.by == "rules"
    fifteen = {t.topic: t.evidence for t in entry.tagging.of(15).topics}
    assert fifteen == {"belt-and-road": ("中巴经济走廊", "走廊"),
                       "infrastructure": ("瓜达尔港", "互联互通")}  # fmt: skip


def test_a_rule_word_matches_its_synonyms_and_an_entitys_other_forms(
    dictionary: Dictionary,
) -> None:
    vocabulary = read_vocabulary(CORPUS / "topics.yml")
    flood = tag_topics("该国近日遭受严重洪灾。", vocabulary, dictionary)
    assert [(t.topic, t.evidence) for t in flood] == [("disaster-relief", ("洪灾",))]
    sco = tag_topics("双方愿在上合组织框架内加强协作。", vocabulary, dictionary)
    assert [(t.topic, t.evidence) for t in sco] == [("multilateral", ("上合组织",))]


def test_a_word_in_a_list_of_fields_is_not_a_topic(dictionary: Dictionary) -> None:
    vocabulary = read_vocabulary(CORPUS / "topics.yml")
    listed = tag_topics("推动政治、安全、经贸、互联互通、人文等领域合作。", vocabulary, dictionary)
    assert "infrastructure" not in {t.topic for t in listed}


# --- entities -------------------------------------------------------------------------------


def test_names_come_out_whole_and_short_forms_map_to_one_entity(corpus: Corpus) -> None:
    entry = corpus.entries[0]
    assert entry.tagging is not None
    one = [(m.entity, m.text) for m in entry.tagging.of(1).mentions]
    assert ("夏巴兹·谢里夫", "夏巴兹·谢里夫") in one and ("夏巴兹·谢里夫", "夏巴兹总理") in one
    assert entry.tagging.entity("夏巴兹·谢里夫").en == "Shehbaz Sharif"
    twenty_three = [(m.entity, m.text) for m in entry.tagging.of(23).mentions]
    assert ("中巴自由贸易协定", "中巴自贸协定") in twenty_three
    three = {m.entity for m in entry.tagging.of(3).mentions}
    assert {"中国共产党第二十次全国代表大会", "中国共产党"} <= three


def test_every_person_place_organisation_and_document_of_the_statement(corpus: Corpus) -> None:
    entry = corpus.entries[0]
    assert entry.tagging is not None
    by_kind: dict[EntityKind, set[str]] = {}
    for entity in entry.tagging.entities:
        by_kind.setdefault(entity.kind, set()).add(entity.name)
    assert by_kind[EntityKind.PERSON] == {"夏巴兹·谢里夫", "习近平", "李克强", "栗战书"}
    assert {"瓜达尔港", "卡拉奇", "阿富汗", "伊斯兰堡", "红其拉甫口岸", "克什米尔", "乌兹别克斯坦",
            "南亚"} <= by_kind[EntityKind.PLACE]  # fmt: skip
    assert {"上海合作组织", "全球发展倡议", "全球安全倡议", "中巴经济走廊", "联合国",
            "贝娜齐尔收入支持计划"} <= by_kind[EntityKind.ORGANIZATION]  # fmt: skip
    assert {"中巴产业合作框架协议", "中巴自由贸易协定第二阶段议定书", "四方过境运输协议",
            "联合国宪章", "联合国气候变化框架公约", "巴黎协定",
            } <= by_kind[EntityKind.DOCUMENT]  # fmt: skip
    # No word that only contains a name: 发展中国家 (44) names no country.
    forty_four = {m.entity for m in entry.tagging.of(44).mentions}
    assert "中国" not in forty_four
    # Every mention is the text at its place in the clause.
    for tags in entry.tagging.clauses:
        text = entry.document.clause(tags.number).text
        for mention in tags.mentions:
            assert text[mention.start : mention.start + len(mention.text)] == mention.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("于2022年11月1日至2日访问", [("2022-11-01/2022-11-02", "2022年11月1日至2日")]),
        ("于2022年11月30日至12月2日", [("2022-11-30/2022-12-02", "2022年11月30日至12月2日")]),
        ("会议于2022年10月27日召开", [("2022-10-27", "2022年10月27日")]),
        ("同意于2023年上半年举行", [("2023-01/2023-06", "2023年上半年")]),
        ("2022年至2023年举办", [("2022/2023", "2022年至2023年")]),
        ("顺延至2027年", [("2027", "2027年")]),
        ("2024年5月", [("2024-05", "2024年5月")]),
        ("2022年2月30日", []),  # no such day: not a date
        ("10周年", []),
    ],
)
def test_dates_are_normalised_to_iso_8601(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(entity.id, entity.name) for _, _, entity in date_matches(text)] == expected


def test_names_not_in_the_dictionary_come_from_jieba_and_the_rules(
    dictionary: Dictionary,
) -> None:
    segment = jieba_segmenter(jieba_words(dictionary))
    text = "托卡耶夫总统祝贺双方签署《中哈投资保护协定》，欢迎哈萨克斯坦成为对话伙伴。"
    found = {(entity.name, entity.kind) for _, entity in find_mentions(text, dictionary, segment)}
    assert ("托卡耶夫", EntityKind.PERSON) in found  # a name next to a title, jieba cuts it
    assert ("中哈投资保护协定", EntityKind.DOCUMENT) in found  # in 《》
    assert ("哈萨克斯坦", EntityKind.PLACE) in found  # jieba's ns
    assert not any(name in ("祝贺", "双方") for name, _ in found)  # jieba's nr, no title after


def test_a_part_mentions_the_whole(corpus: Corpus) -> None:
    entry = corpus.entries[0]
    assert entry.tagging is not None
    twenty_two = {m.entity for m in entry.tagging.of(22).mentions}
    assert {"中巴自由贸易协定第二阶段议定书", "中巴自由贸易协定"} <= twenty_two
