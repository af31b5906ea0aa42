"""Unit tests of the parser: statement_site.parse.parse.

Each requirement of the parser has a test here: numbering styles and large numbers, separators,
titles, preambles, headings, closing parts and source lines, enumerations inside clauses, the
false positives of real texts, and the exact error messages (``FILE:LINE:COL: message``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from statement_site.errors import ParseError, SourceError
from statement_site.model import Document, PartKind
from statement_site.numerals import to_chinese
from statement_site.parse import parse

ROOT = Path(__file__).resolve().parent.parent
CORPUS_TEXT = ROOT / "corpus" / "2022-11-02-china-pakistan-joint-statement" / "source.zh.txt"


def check_lossless(text: str, document: Document) -> None:
    assert "".join(part.text for part in document.parts) == text
    position = 0
    for part in document.parts:
        assert part.start == position, part
        assert part.text, part
        position = part.end
    assert position == len(text)
    for part in document.parts:
        if part.kind is PartKind.SPACE:
            assert not part.text.strip("\ufeff \t\r\n\u3000"), part


def parsed(text: str) -> Document:
    document = parse(text, "t.txt")
    check_lossless(text, document)
    return document


def texts(document: Document) -> list[str]:
    return [clause.text for clause in document.clauses]


def labels(document: Document) -> list[str]:
    return [clause.label for clause in document.clauses]


def kinds(document: Document) -> list[tuple[str, str]]:
    return [(part.kind.value, part.text) for part in document.parts]


def error_of(text: str, name: str = "t.txt") -> str:
    with pytest.raises(ParseError) as caught:
        parse(text, name)
    return str(caught.value)


# --- the bundled statement ---------------------------------------------------------------------


def test_bundled_statement() -> None:
    with CORPUS_TEXT.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    document = parsed(text)
    assert document.title == "中华人民共和国和巴基斯坦伊斯兰共和国联合声明"
    assert [c.number for c in document.clauses] == list(range(1, 48))
    assert labels(document)[:3] == ["一、", "二、", "三、"]
    assert labels(document)[-2:] == ["四十六、", "四十七、"]
    assert {c.style for c in document.clauses} == {"paragraph"}
    assert document.clauses[0].text.startswith(
        "巴基斯坦伊斯兰共和国总理夏巴兹·谢里夫于2022年11月1日"
    )
    assert document.clauses[-1].text.endswith("以及执法安全等领域。")
    assert document.sources == ("（新华社北京11月2日电）",)
    assert document.source == "（新华社北京11月2日电）"
    assert document.preamble == ()
    assert document.closing == ()
    # Clauses are separated by two ideographic spaces on one line.
    spaces = {p.text for p in document.parts if p.kind is PartKind.SPACE}
    assert spaces == {"\u3000\u3000"}
    assert not any("、" in t[:4] and t[0] in "一二三四五六七八九十" for t in texts(document))


def corpus_text() -> str:
    with CORPUS_TEXT.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize(
    "separator",
    ["\n", "\r\n", "\n\n", "\r\n\r\n", "\n\u3000\u3000", ""],
    ids=["lf", "crlf", "blank-lines", "crlf-blank-lines", "indented", "run-on"],
)
def test_bundled_statement_separated_otherwise(separator: str) -> None:
    original = parse(corpus_text(), "source.zh.txt")
    text = corpus_text().replace("\u3000\u3000", separator)  # even the title runs on with ""
    document = parsed(text)
    assert document.title == original.title
    assert document.clauses == original.clauses
    assert document.sources == ("（新华社北京11月2日电）",)


@pytest.mark.parametrize(
    ("separator", "where"),
    [("\u3000\u3000", "1:1464"), ("\n", "17:1"), ("\r\n", "17:1"), ("", "1:1432")],
    ids=["ideographic", "lf", "crlf", "run-on"],
)
def test_bundled_statement_without_clause_15(separator: str, where: str) -> None:
    text = corpus_text().replace("\u3000\u3000", separator).replace("十五、", "", 1)
    assert error_of(text, "source.zh.txt") == (
        f"source.zh.txt:{where}: clause 十五、 (15) is missing: 十四、 (14) is followed by 十六、 "
        '(16): "十六、根据两国领导人关于加快推进中巴经济走廊农业…"'
    )


def test_bundled_statement_with_a_duplicate_and_a_swap() -> None:
    text = corpus_text().replace("\u3000\u3000", "\n")
    assert error_of(text.replace("十六、", "十五、", 1), "s.txt") == (
        "s.txt:17:1: duplicate clause 十五、 (15): clause 15 is already at line 16, column 1: "
        '"十五、根据两国领导人关于加快推进中巴经济走廊农业…"'
    )
    swapped = text.replace("十六、", "@", 1).replace("十七、", "十六、", 1).replace("@", "十七、")
    assert error_of(swapped, "s.txt") == (
        "s.txt:17:1: clause 十七、 (17) is out of order: it comes before 十六、 (16) at line 18, "
        'column 1: "十七、根据两国领导人关于加快推进中巴经济走廊农业…"'
    )


def test_error_run_on_title_and_a_gap() -> None:
    assert error_of("联合声明一、甲。三、丙。") == (
        't.txt:1:9: clause 二、 (2) is missing: 一、 (1) is followed by 三、 (3): "三、丙。"'
    )


def test_parse_is_pure_and_repeatable() -> None:
    text = "联合声明\n一、甲。\n二、乙。\n"
    assert parse(text, "a.txt") == parse(text, "b.txt")


# --- numbering ---------------------------------------------------------------------------------


def test_paragraph_numbers_past_99() -> None:
    text = "联合声明\n" + "".join(f"{to_chinese(n)}、第{n}段的内容。\n" for n in range(1, 241))
    document = parsed(text)
    assert len(document.clauses) == 240
    assert document.clause(99).label == "九十九、"
    assert document.clause(100).label == "一百、"
    assert document.clause(101).label == "一百零一、"
    assert document.clause(110).label == "一百一十、"
    assert document.clause(240).label == "二百四十、"
    assert document.clause(240).text == "第240段的内容。"
    assert [c.number for c in document.clauses] == list(range(1, 241))


def test_article_numbers_past_99_run_on() -> None:
    text = "协定" + "".join(f"第{to_chinese(n)}条　内容{n}。" for n in range(1, 121))
    document = parsed(text)
    assert len(document.clauses) == 120
    assert document.clause(101).label == "第一百零一条"
    assert document.clause(120).text == "内容120。"


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("条约\n第一条　甲。\n第二条　乙。", "article", ["第一条", "第二条"]),
        ("条约\n第1条 甲。\n第2条 乙。", "article", ["第1条", "第2条"]),
        ("声明\n一、甲。\n二、乙。", "paragraph", ["一、", "二、"]),
        ("声明\n（一）甲。\n（二）乙。", "item", ["（一）", "（二）"]),
        ("声明\n(一)甲。\n(二)乙。", "item", ["(一)", "(二)"]),
        ("声明\n1. 甲。\n2. 乙。", "arabic", ["1.", "2."]),
        ("声明\n1．甲。\n2．乙。", "arabic", ["1．", "2．"]),
        ("声明\n（1）甲。\n（2）乙。", "arabic-item", ["（1）", "（2）"]),
    ],
)
def test_numbering_styles(text: str, style: str, expected: list[str]) -> None:
    document = parsed(text)
    assert labels(document) == expected
    assert {c.style for c in document.clauses} == {style}
    assert texts(document) == ["甲。", "乙。"]


def test_higher_style_wins_over_items_before_it() -> None:
    # An article text whose preamble is itself numbered 一、二、 is still numbered by articles.
    text = (
        "条约\n缔约双方：\n一、忆及甲；\n二、忆及乙；\n达成协议如下：\n第一条　甲。\n第二条　乙。"
    )
    document = parsed(text)
    assert labels(document) == ["第一条", "第二条"]
    assert document.preamble == ("缔约双方：", "一、忆及甲；", "二、忆及乙；", "达成协议如下：")


def test_items_inside_paragraphs() -> None:
    text = "声明\n一、政治领域\n（一）甲；\n（二）乙。\n二、经济领域\n（一）丙。"
    document = parsed(text)
    assert labels(document) == ["一、", "二、"]
    assert texts(document) == ["政治领域\n（一）甲；\n（二）乙。", "经济领域\n（一）丙。"]


# --- a treaty of articles ----------------------------------------------------------------------

TREATY = """中华人民共和国和俄罗斯联邦睦邻友好合作条约
缔约双方，
忆及两国人民友好交往的悠久历史，
确信发展两国睦邻友好关系符合两国人民的根本利益，
达成协议如下：
第一条　缔约双方在相互尊重主权和领土完整的基础上，长期全面地发展两国睦邻友好关系。
第二条　缔约双方同意在下列领域开展合作：
（一）经贸合作；
（二）人文交流。
根据本条约第五条的规定，缔约双方定期举行磋商。
第三条　本条约须经批准，自互换批准书之日起生效。
本条约于二〇〇一年七月十六日在莫斯科签订，一式两份，每份均用中文和俄文写成，两种文本同等作准。
中华人民共和国代表　　　俄罗斯联邦代表
（签字）　　　（签字）
"""


def test_treaty_of_articles() -> None:
    document = parsed(TREATY)
    assert document.title == "中华人民共和国和俄罗斯联邦睦邻友好合作条约"
    assert document.preamble == (
        "缔约双方，",
        "忆及两国人民友好交往的悠久历史，",
        "确信发展两国睦邻友好关系符合两国人民的根本利益，",
        "达成协议如下：",
    )
    assert labels(document) == ["第一条", "第二条", "第三条"]
    assert document.clause(2).text == (
        "缔约双方同意在下列领域开展合作：\n（一）经贸合作；\n（二）人文交流。\n"
        "根据本条约第五条的规定，缔约双方定期举行磋商。"
    )
    assert document.clause(2).paragraphs == (
        "缔约双方同意在下列领域开展合作：",
        "（一）经贸合作；",
        "（二）人文交流。",
        "根据本条约第五条的规定，缔约双方定期举行磋商。",
    )
    # The signing sentence belongs to the last article; the signature lines are the closing.
    assert document.clause(3).text == (
        "本条约须经批准，自互换批准书之日起生效。\n"
        "本条约于二〇〇一年七月十六日在莫斯科签订，一式两份，每份均用中文和俄文写成，"
        "两种文本同等作准。"
    )
    assert document.closing == ("中华人民共和国代表　　　俄罗斯联邦代表", "（签字）　　　（签字）")
    assert document.sources == ()
    assert kinds(document)[-6:] == [
        ("clause", document.clause(3).text),
        ("space", "\n"),
        ("closing", "中华人民共和国代表　　　俄罗斯联邦代表"),
        ("space", "\n"),
        ("closing", "（签字）　　　（签字）"),
        ("space", "\n"),
    ]


def test_treaty_positions() -> None:
    document = parsed(TREATY)
    assert (document.clause(1).position.line, document.clause(1).position.column) == (6, 1)
    assert (document.clause(3).position.line, document.clause(3).position.column) == (11, 1)


def test_signature_lines_ending_with_a_colon_are_closing() -> None:
    text = (
        "条约\n第一条　甲。\n第二条　本条约于二〇〇一年七月十六日在莫斯科签订，一式两份。\n"
        "中华人民共和国代表：　　　俄罗斯联邦代表：\n（签字）　　　（签字）"
    )
    document = parsed(text)
    assert document.clause(2).text == "本条约于二〇〇一年七月十六日在莫斯科签订，一式两份。"
    assert document.closing == (
        "中华人民共和国代表：　　　俄罗斯联邦代表：",
        "（签字）　　　（签字）",
    )


def test_last_article_with_unpunctuated_items_and_a_colon() -> None:
    text = (
        "条约\n第一条　甲。\n第二条　合作领域包括：\n（一）经济\n（二）文化\n"
        "缔约双方同意：\n1. 定期会晤；\n2. 交换信息。\n"
        "本条约自签字之日起生效。\n中华人民共和国代表\n二〇二〇年一月十日于北京"
    )
    document = parsed(text)
    assert document.clause(2).text == (
        "合作领域包括：\n（一）经济\n（二）文化\n缔约双方同意：\n1. 定期会晤；\n2. 交换信息。\n"
        "本条约自签字之日起生效。"
    )
    assert document.closing == ("中华人民共和国代表", "二〇二〇年一月十日于北京")


def test_closing_of_a_text_on_one_line_is_one_part_a_paragraph() -> None:
    text = "声明　　一、甲。　　二、乙。　　中华人民共和国　　巴基斯坦伊斯兰共和国"
    document = parsed(text)
    assert document.closing == ("中华人民共和国", "巴基斯坦伊斯兰共和国")


def test_title_on_two_lines_and_labels_on_lines_of_their_own() -> None:
    text = (
        "中华人民共和国和俄罗斯联邦\n睦邻友好合作条约\n\n缔约双方，\n达成协议如下：\n"
        "第一条\n　　缔约双方发展睦邻友好关系。\n第二条\n　　缔约双方定期磋商。\n"
    )
    document = parsed(text)
    assert document.title == "中华人民共和国和俄罗斯联邦睦邻友好合作条约"
    assert kinds(document)[0] == ("title", "中华人民共和国和俄罗斯联邦\n睦邻友好合作条约")
    assert document.preamble == ("缔约双方，", "达成协议如下：")
    assert texts(document) == ["缔约双方发展睦邻友好关系。", "缔约双方定期磋商。"]


def test_a_line_after_a_whole_title_is_preamble() -> None:
    document = parsed("中华人民共和国和巴基斯坦联合声明\n双方声明如下\n一、甲。\n二、乙。")
    assert document.title == "中华人民共和国和巴基斯坦联合声明"
    assert document.preamble == ("双方声明如下",)


def test_title_after_a_dateline_lead_in() -> None:
    text = (
        "　　新华社北京11月2日电　中华人民共和国和巴基斯坦联合声明全文如下：\n"
        "　　中华人民共和国和巴基斯坦联合声明\n　　一、甲。\n　　二、乙。"
    )
    document = parsed(text)
    assert document.title == "中华人民共和国和巴基斯坦联合声明"
    assert document.sources == ("新华社北京11月2日电",)
    assert document.preamble == ("中华人民共和国和巴基斯坦联合声明全文如下：",)
    assert kinds(document)[:4] == [
        ("space", "　　"),
        ("source", "新华社北京11月2日电"),
        ("space", "　"),
        ("preamble", "中华人民共和国和巴基斯坦联合声明全文如下："),
    ]


def test_agreement_without_a_title() -> None:
    text = "缔约双方，\n为加强合作，\n达成协议如下：\n第一条　甲。\n第二条　乙。\n"
    document = parsed(text)
    assert document.title == ""
    assert document.preamble == ("缔约双方，", "为加强合作，", "达成协议如下：")
    assert texts(document) == ["甲。", "乙。"]


def test_no_title_no_preamble() -> None:
    document = parsed("一、甲。\n二、乙。")
    assert document.title == ""
    assert document.preamble == ()
    assert kinds(document)[0] == ("label", "一、")


# --- headings ----------------------------------------------------------------------------------


def test_chapters_are_headings_and_sections() -> None:
    text = (
        "条约\n第一章　总则\n第一条　甲。\n第二条　乙。\n"
        "第二章　合作\n本章规定合作事项。\n第三条　丙。\n"
    )
    document = parsed(text)
    assert [c.section for c in document.clauses] == ["第一章　总则", "第一章　总则", "第二章　合作"]
    assert [t for k, t in kinds(document) if k == "heading"] == ["第一章　总则", "第二章　合作"]
    assert texts(document) == ["甲。", "乙。", "丙。"]
    # An introduction under a heading is kept, but is not the preamble of the text.
    assert ("preamble", "本章规定合作事项。") in kinds(document)
    assert document.preamble == ()


def test_heading_name_after_two_ideographic_spaces() -> None:
    document = parsed("条约\n第一章　　总则\n第一条　甲。\n第二条　乙。")
    assert document.clause(1).section == "第一章　　总则"
    assert document.title == "条约"


def test_a_sentence_that_starts_with_a_chapter_reference_is_no_heading() -> None:
    text = "条约\n第一条　甲。\n第二条　乙。\n第二章所述的措施，由缔约双方另行商定。\n第三条　丙。"
    document = parsed(text)
    assert document.clause(2).text == "乙。\n第二章所述的措施，由缔约双方另行商定。"
    assert document.clause(3).section is None


def test_sections_of_a_statement() -> None:
    text = "声明\n第一部分　政治\n一、甲。\n二、乙。\n第二部分　经济\n三、丙。"
    document = parsed(text)
    assert [c.section for c in document.clauses] == ["第一部分　政治"] * 2 + ["第二部分　经济"]


# --- separators --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "separator",
    ["\u3000\u3000", "\n", "\r\n", "\n\n", "\r\n\r\n", "\n\u3000\u3000", "\u3000", " ", ""],
    ids=[
        "ideographic",
        "lf",
        "crlf",
        "blank-line",
        "crlf-blank",
        "indent",
        "one-space",
        "ascii",
        "none",
    ],
)
def test_separators(separator: str) -> None:
    text = separator.join(
        ["一、双方同意加强合作。", "二、双方同意扩大贸易。", "三、双方同意深化交流。"]
    )
    document = parsed("联合声明\n" + text)
    assert texts(document) == ["双方同意加强合作。", "双方同意扩大贸易。", "双方同意深化交流。"]


def test_mixed_separators_and_a_lost_line_break() -> None:
    text = "声明\n一、甲。\n二、乙。三、丙。\r\n四、丁。\u3000\u3000五、戊。六、己。"
    document = parsed(text)
    assert texts(document) == ["甲。", "乙。", "丙。", "丁。", "戊。", "己。"]


def test_run_on_after_other_sentence_ends() -> None:
    text = "声明\n一、双方满意！二、双方同意？三、“双方同意。”四、双方同意。"
    document = parsed(text)
    assert texts(document) == ["双方满意！", "双方同意？", "“双方同意。”", "双方同意。"]


def test_crlf_text_with_blank_lines() -> None:
    text = "联合声明\r\n\r\n序言。\r\n\r\n一、甲。\r\n\r\n二、乙。\r\n\r\n（完）\r\n"
    document = parsed(text)
    assert document.title == "联合声明"
    assert document.preamble == ("序言。",)
    assert texts(document) == ["甲。", "乙。"]
    assert document.sources == ("（完）",)
    assert ("space", "\r\n\r\n") in kinds(document)


def test_multi_paragraph_clause_with_crlf_keeps_its_breaks() -> None:
    document = parsed("条约\r\n第一条　甲。\r\n乙。\r\n第二条　丙。\r\n")
    assert texts(document) == ["甲。\r\n乙。", "丙。"]
    assert document.clause(1).paragraphs == ("甲。", "乙。")


def test_byte_order_mark_is_space() -> None:
    document = parsed("\ufeff联合声明\n一、甲。\n二、乙。")
    assert document.title == "联合声明"
    assert kinds(document)[0] == ("space", "\ufeff")


# --- title, source lines, end marks ------------------------------------------------------------


def test_title_running_into_the_first_clause() -> None:
    document = parsed("联合声明一、甲。二、乙。")
    assert document.title == "联合声明"
    assert texts(document) == ["甲。", "乙。"]


def test_title_with_tongyi_running_into_the_first_clause() -> None:
    document = parsed("关于建设统一、开放市场的联合声明一、甲。二、乙。")
    assert document.title == "关于建设统一、开放市场的联合声明"
    assert texts(document) == ["甲。", "乙。"]


def test_title_running_into_a_first_clause_with_an_enumeration() -> None:
    document = parsed("联合声明一、双方同意：一、甲；二、乙。二、丙。")
    assert document.title == "联合声明"
    assert texts(document) == ["双方同意：一、甲；二、乙。", "丙。"]


@pytest.mark.parametrize(
    ("ending", "sources"),
    [
        ("\u3000\u3000（新华社北京11月2日电）", ("（新华社北京11月2日电）",)),
        ("\n（新华社北京11月2日电）\n", ("（新华社北京11月2日电）",)),
        ("（新华社北京11月2日电）", ("（新华社北京11月2日电）",)),
        ("（完）", ("（完）",)),
        ("\n（完）", ("（完）",)),
        ("\r\n（全文完）\r\n", ("（全文完）",)),
        ("(完)", ("(完)",)),
        ("\n新华社北京11月2日电", ("新华社北京11月2日电",)),
        ("\n来源：外交部网站", ("来源：外交部网站",)),
        ("（新华社北京11月2日电）\n（完）", ("（新华社北京11月2日电）", "（完）")),
        ("（新华社北京11月2日电）（完）", ("（新华社北京11月2日电）", "（完）")),
    ],
)
def test_source_lines_are_not_glued_to_the_last_clause(
    ending: str, sources: tuple[str, ...]
) -> None:
    document = parsed("联合声明\n一、甲。\n二、双方同意加强在各领域。" + ending)
    assert document.clause(2).text == "双方同意加强在各领域。"
    assert document.sources == sources
    assert document.closing == ()


def test_a_bracket_inside_the_last_clause_is_not_a_source() -> None:
    document = parsed("声明\n一、甲。\n二、双方签署了协定（见附件）。")
    assert document.clause(2).text == "双方签署了协定（见附件）。"
    assert document.sources == ()


def test_dateline_before_the_title() -> None:
    document = parsed("新华社北京11月2日电\n联合声明\n一、甲。\n二、乙。\n（完）")
    assert document.title == "联合声明"
    assert document.sources == ("新华社北京11月2日电", "（完）")
    assert document.source == "新华社北京11月2日电"


def test_dateline_after_the_title() -> None:
    document = parsed("联合声明\n（新华社北京11月2日电）\n一、甲。\n二、乙。")
    assert document.title == "联合声明"
    assert document.preamble == ()
    assert document.sources == ("（新华社北京11月2日电）",)


def test_closing_then_source() -> None:
    document = parsed("声明\n一、甲。\n二、乙。\n二〇二二年十一月二日于北京\n（完）")
    assert document.closing == ("二〇二二年十一月二日于北京",)
    assert document.sources == ("（完）",)


def test_part_kinds_of_a_small_statement() -> None:
    document = parsed("联合声明\n序言。\n一、甲。　　二、乙。（完）\n")
    assert kinds(document) == [
        ("title", "联合声明"),
        ("space", "\n"),
        ("preamble", "序言。"),
        ("space", "\n"),
        ("label", "一、"),
        ("clause", "甲。"),
        ("space", "\u3000\u3000"),
        ("label", "二、"),
        ("clause", "乙。"),
        ("source", "（完）"),
        ("space", "\n"),
    ]
    assert [p.clause for p in document.parts if p.kind is PartKind.LABEL] == [1, 2]


# --- enumerations inside clauses ---------------------------------------------------------------

FIVE = "双方同意：一、加强政治互信；二、扩大经贸合作；三、深化人文交流。"


@pytest.mark.parametrize("separator", ["\n", "\u3000\u3000", "", "\r\n\r\n"])
def test_enumeration_inside_clause_five(separator: str) -> None:
    clauses = ["甲。", "乙。", "丙。", "丁。", FIVE, "己。", "庚。"]
    text = "声明\n" + separator.join(f"{to_chinese(n)}、{t}" for n, t in enumerate(clauses, 1))
    document = parsed(text)
    assert texts(document) == clauses


def test_enumeration_on_lines_of_its_own() -> None:
    text = (
        "声明\n一、甲。\n二、乙。\n三、丙。\n四、丁。\n五、双方同意：\n一、加强政治互信；\n"
        "二、扩大经贸合作；\n三、深化人文交流。\n六、己。"
    )
    document = parsed(text)
    assert (
        document.clause(5).text
        == "双方同意：\n一、加强政治互信；\n二、扩大经贸合作；\n三、深化人文交流。"
    )
    assert document.clause(6).text == "己。"


@pytest.mark.parametrize("separator", ["\n", ""])
def test_enumeration_that_counts_past_the_next_clause(separator: str) -> None:
    five = "双方同意：一、a；二、b；三、c；四、d；五、e；六、f；七、g。"
    clauses = ["甲。", "乙。", "丙。", "丁。", five, "己。", "庚。"]
    text = "声明\n" + separator.join(f"{to_chinese(n)}、{t}" for n, t in enumerate(clauses, 1))
    assert texts(parsed(text)) == clauses


def test_enumeration_after_a_sentence_inside_a_run_on_clause() -> None:
    text = "声明\n一、甲。二、双方同意以下几点。一、加强合作。二、扩大贸易。三、丙。"
    assert texts(parsed(text)) == ["甲。", "双方同意以下几点。一、加强合作。二、扩大贸易。", "丙。"]


def test_enumeration_in_the_only_clause() -> None:
    document = parsed("声明\n一、双方同意：一、加强合作；二、扩大贸易。")
    assert texts(document) == ["双方同意：一、加强合作；二、扩大贸易。"]


def test_enumeration_in_the_preamble() -> None:
    text = "声明\n双方回顾：一、两国建交；二、两国合作。\n一、甲。\n二、乙。"
    document = parsed(text)
    assert document.preamble == ("双方回顾：一、两国建交；二、两国合作。",)
    assert texts(document) == ["甲。", "乙。"]


def test_first_clause_after_a_colon() -> None:
    document = parsed("声明\n双方声明如下：一、甲。\n二、乙。\n三、丙。")
    assert document.preamble == ("双方声明如下：",)
    assert texts(document) == ["甲。", "乙。", "丙。"]


# --- false positives of real texts -------------------------------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        "回顾了二、三十年来的合作",
        "第一、二批项目",
        "建设统一、开放的市场",
        "贸易额达1.5亿美元",
        "于2022年11月1日至2日访问",
        "三、四月间举行会议",
        "两国第一、二产业",
        "第1、2项目",
    ],
)
@pytest.mark.parametrize("separator", ["\n", ""])
def test_words_that_look_like_labels(phrase: str, separator: str) -> None:
    clauses = [f"双方{phrase}。", f"双方{phrase}。", "丙。"]
    text = "声明\n" + separator.join(f"{to_chinese(n)}、{t}" for n, t in enumerate(clauses, 1))
    assert texts(parsed(text)) == clauses


def test_range_after_a_sentence_where_clause_two_is_expected() -> None:
    text = "声明\n一、两国友谊源远流长。二、三十年来，两国关系稳步发展。二、双方同意加强合作。"
    assert texts(parsed(text)) == [
        "两国友谊源远流长。二、三十年来，两国关系稳步发展。",
        "双方同意加强合作。",
    ]


def test_range_at_the_start_of_a_line_inside_a_clause() -> None:
    text = "声明\n一、甲。\n二、两国关系在过去\n二、三十年里稳步发展。\n三、丙。"
    assert texts(parsed(text)) == ["甲。", "两国关系在过去\n二、三十年里稳步发展。", "丙。"]


def test_a_clause_that_starts_with_a_range_is_a_clause() -> None:
    text = "声明\n一、甲。\n二、三十年来两国关系稳步发展。\n三、丙。"
    assert texts(parsed(text)) == ["甲。", "三十年来两国关系稳步发展。", "丙。"]


def test_references_to_articles_inside_articles() -> None:
    text = (
        "协定\n第一条　甲。\n第二条　根据本协定第五条的规定，双方相互协助。\n"
        "第五条所述的协助，应以书面形式提出。\n第三条　依照第一条和第二条，以及第二条第一款。\n"
        "第四条　本协定第一条至第三条。第五条规定的事项另行商定。\n第五条　戊。"
    )
    document = parsed(text)
    assert labels(document) == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    assert (
        document.clause(2).text
        == "根据本协定第五条的规定，双方相互协助。\n第五条所述的协助，应以书面形式提出。"
    )
    assert document.clause(4).text == "本协定第一条至第三条。第五条规定的事项另行商定。"


def test_article_label_followed_by_a_word_that_a_reference_could_start_with() -> None:
    document = parsed("协定\n第一条和平共处是两国关系的基础。\n第二条中方支持。")
    assert texts(document) == ["和平共处是两国关系的基础。", "中方支持。"]


def test_item_line_inside_an_article() -> None:
    text = "协定\n第一条　甲。\n第二条　乙。\n（一）项下的请求应以书面形式提出。\n第三条　丙。"
    assert parsed(text).clause(2).text == "乙。\n（一）项下的请求应以书面形式提出。"


def test_preamble_with_a_pause_mark_inside_a_sentence() -> None:
    text = (
        "联合声明\n双方回顾了两国关系统一、稳定的发展，以及第一、二阶段的合作。\n一、甲。\n二、乙。"
    )
    document = parsed(text)
    assert document.preamble == ("双方回顾了两国关系统一、稳定的发展，以及第一、二阶段的合作。",)
    assert texts(document) == ["甲。", "乙。"]


def test_markdown_and_html_characters_are_text() -> None:
    clauses = ["*重要* <b>合作</b> & [链接](x) `代码` # 标题。", "| 表格 | _斜体_ \\ 。"]
    text = "声明\n" + "\n".join(f"{to_chinese(n)}、{t}" for n, t in enumerate(clauses, 1))
    assert texts(parsed(text)) == clauses


# --- errors: whole messages --------------------------------------------------------------------

STATEMENT = ["联合声明", "一、双方同意加强合作。", "二、双方同意扩大贸易。", "{}", ""]


def lines(*rows: str, newline: str = "\n") -> str:
    return newline.join(rows)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_error_gap(newline: str) -> None:
    text = lines(
        "联合声明",
        "一、双方同意加强合作。",
        "二、双方同意扩大贸易。",
        "四、双方同意深化交流。",
        "",
        newline=newline,
    )
    assert error_of(text) == (
        "t.txt:4:1: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、双方同意深化交流。"'
    )


def test_error_gap_on_one_line() -> None:
    text = "联合声明　　一、双方同意加强合作。　　二、双方同意扩大贸易。　　四、双方同意深化交流。"
    assert error_of(text) == (
        "t.txt:1:33: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、双方同意深化交流。"'
    )


def test_error_gap_run_on_on_line_two() -> None:
    text = "联合声明\n一、双方同意加强合作。二、双方同意扩大贸易。四、双方同意深化交流。"
    assert error_of(text) == (
        "t.txt:2:23: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、双方同意深化交流。"'
    )


def test_error_gap_glued_in_a_text_of_lines() -> None:
    text = (
        "联合声明\n一、双方同意加强合作。\n二、双方同意扩大贸易。四、双方同意深化交流。\n"
        "五、双方同意。"
    )
    assert error_of(text) == (
        "t.txt:3:12: clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "
        '"四、双方同意深化交流。"'
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_error_gap_of_articles(newline: str) -> None:
    text = lines(
        "条约", "　　第一条　甲。", "　　第二条　乙。", "　　第四条　丁。", newline=newline
    )
    assert error_of(text, "treaty.txt") == (
        "treaty.txt:4:3: clause 第三条 (3) is missing: 第二条 (2) is followed by 第四条 (4): "
        '"第四条　丁。"'
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_error_duplicate(newline: str) -> None:
    text = lines(
        "联合声明",
        "一、双方同意加强合作。",
        "二、双方同意扩大贸易。",
        "二、双方同意深化交流。",
        newline=newline,
    )
    assert error_of(text) == (
        "t.txt:4:1: duplicate clause 二、 (2): clause 2 is already at line 3, column 1: "
        '"二、双方同意深化交流。"'
    )


def test_error_duplicate_article() -> None:
    text = "条约\n第一条　甲。\n第二条　乙。\n第二条　丙。\n"
    assert error_of(text) == (
        "t.txt:4:1: duplicate clause 第二条 (2): clause 2 is already at line 3, column 1: "
        '"第二条　丙。"'
    )


def test_error_duplicate_first_clause() -> None:
    text = "联合声明\n一、甲。\n二、乙。\n一、丙。\n三、丁。\n"
    assert error_of(text) == (
        't.txt:4:1: duplicate clause 一、 (1): clause 1 is already at line 2, column 1: "一、丙。"'
    )


def test_error_out_of_order_before() -> None:
    text = "联合声明\n一、甲。\n二、乙。\n四、丁。\n三、丙。\n"
    assert error_of(text) == (
        "t.txt:4:1: clause 四、 (4) is out of order: it comes before 三、 (3) at line 5, column 1: "
        '"四、丁。"'
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_error_out_of_order_after(newline: str) -> None:
    text = lines("联合声明", "一、甲。", "二、乙。", "三、丙。", "二、丁。", newline=newline)
    assert error_of(text) == (
        "t.txt:5:1: clause 二、 (2) is out of order: it comes after 三、 (3), and clause 2 is "
        'already at line 3, column 1: "二、丁。"'
    )


def test_error_empty() -> None:
    assert error_of("") == "t.txt:1:1: empty document: the file has no text"


@pytest.mark.parametrize("text", ["\n", "\u3000\u3000", " \r\n\t\n", "\ufeff"])
def test_error_whitespace_only(text: str) -> None:
    assert error_of(text) == "t.txt:1:1: empty document: the file has only whitespace"


def test_error_title_only() -> None:
    assert error_of("中华人民共和国和巴基斯坦伊斯兰共和国联合声明\n") == (
        "t.txt:1:1: no numbered clauses found (expected 一、… or 第一条…): "
        '"中华人民共和国和巴基斯坦伊斯兰共和国联合声明"'
    )


def test_error_title_only_crlf_after_a_blank_line() -> None:
    assert error_of("\r\n关于建设统一、开放市场的联合声明\r\n") == (
        "t.txt:2:1: no numbered clauses found (expected 一、… or 第一条…): "
        '"关于建设统一、开放市场的联合声明"'
    )


def test_error_title_and_preamble_only() -> None:
    text = "联合声明\n双方回顾了两国关系统一、稳定的发展。\n"
    assert error_of(text) == (
        't.txt:1:1: no numbered clauses found (expected 一、… or 第一条…): "联合声明"'
    )


def test_error_long_excerpt_is_shortened() -> None:
    text = "中华人民共和国政府和巴基斯坦伊斯兰共和国政府关于全面战略合作的联合声明"
    assert error_of(text) == (
        "t.txt:1:1: no numbered clauses found (expected 一、… or 第一条…): "
        '"中华人民共和国政府和巴基斯坦伊斯兰共和国政府关于…"'
    )


def test_error_numbering_starts_at_two() -> None:
    assert error_of("联合声明\n二、甲。\n三、乙。\n") == (
        't.txt:2:1: numbering starts at 二、 (2), not at 一、 (1): "二、甲。"'
    )


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_error_label_without_text(newline: str) -> None:
    text = lines("联合声明", "一、甲。", "二、", "三、丙。", "", newline=newline)
    assert error_of(text) == 't.txt:3:1: clause 二、 has no text: "二、"'


def test_error_last_label_without_text() -> None:
    assert (
        error_of("联合声明\n一、甲。\n二、乙。\n三、\n")
        == 't.txt:4:1: clause 三、 has no text: "三、"'
    )


def test_error_label_without_text_on_one_line() -> None:
    assert error_of("联合声明　　一、甲。　　二、　　三、丙。") == (
        't.txt:1:13: clause 二、 has no text: "二、　　三、丙。"'
    )


def test_error_article_without_text() -> None:
    assert error_of("条约\n第一条　甲。\n第二条　\n第三条　丙。") == (
        't.txt:3:1: clause 第二条 has no text: "第二条　"'
    )


def test_error_last_label_with_only_a_source_line() -> None:
    assert (
        error_of("联合声明\n一、甲。\n二、（完）")
        == 't.txt:3:1: clause 二、 has no text: "二、（完）"'
    )


def test_error_numbering_restarts_after_a_heading() -> None:
    text = "联合声明\n第一部分　政治\n一、甲。\n二、乙。\n第二部分　经济\n一、丙。\n二、丁。\n"
    assert error_of(text) == (
        't.txt:6:1: numbering starts again at 一、 after the heading "第二部分　经济" '
        '(number the clauses on through the whole text): "一、丙。"'
    )


def test_error_carries_its_place() -> None:
    with pytest.raises(ParseError) as caught:
        parse("联合声明\r\n一、甲。\r\n二、乙。\r\n四、丁。\r\n", "dir/file.txt")
    error = caught.value
    assert isinstance(error, SourceError)
    assert isinstance(error, ValueError)
    assert (error.file, error.line, error.column) == ("dir/file.txt", 4, 1)
    assert error.text == "四、丁。"
    assert (
        error.message == 'clause 三、 (3) is missing: 二、 (2) is followed by 四、 (4): "四、丁。"'
    )


def test_error_gap_is_not_hidden_by_an_enumeration() -> None:
    # Without clause 二, the enumeration inside clause 1 must not pass for the numbering.
    text = "声明\n一、甲。双方同意：一、a；二、b。\n三、丙。"
    assert error_of(text) == (
        't.txt:3:1: clause 二、 (2) is missing: 一、 (1) is followed by 三、 (3): "三、丙。"'
    )


def test_error_label_right_after_a_label_in_a_run_on_text() -> None:
    assert (
        error_of("声明\n一、甲。二、三、丙。")
        == 't.txt:2:5: clause 二、 has no text: "二、三、丙。"'
    )


def test_error_article_right_after_an_article() -> None:
    assert error_of("条约\n第一条　甲。第二条第三条　丙。") == (
        't.txt:2:7: clause 第二条 has no text: "第二条第三条　丙。"'
    )


def test_a_list_of_numerals_inside_a_word_is_text() -> None:
    assert texts(parsed("声明\n一、第一、二、三产业。\n二、乙。")) == ["第一、二、三产业。", "乙。"]


@pytest.mark.parametrize(
    ("separator", "where"),
    [("\n", "7:1"), ("\u3000\u3000", "2:58"), ("", "2:48")],
    ids=["lf", "ideographic", "run-on"],
)
def test_error_gap_after_an_enumeration_that_counts_up_to_it(separator: str, where: str) -> None:
    # Clause 六 is missing; the enumeration inside clause 五 ends at 六, and 七 is no item 7.
    five = "双方同意：一、a；二、b；三、c；四、d；五、e；六、f。"
    clauses = ["一、甲。", "二、乙。", "三、丙。", "四、丁。", f"五、{five}", "七、庚。"]
    assert error_of("声明\n" + separator.join(clauses)) == (
        f't.txt:{where}: clause 六、 (6) is missing: 五、 (5) is followed by 七、 (7): "七、庚。"'
    )
