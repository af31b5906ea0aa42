"""Property tests of the parser on generated documents.

Each example is a document built from known pieces: an optional title, an optional preamble, N
clauses numbered 一、 or 第一条 whose text is random Chinese and ASCII (markdown and HTML
characters included) with inner enumerations and the false positives of real texts (二、三十年,
第一、二批, 统一、开放, 1.5亿, 第五条的规定, 2022年11月1日至2日), joined by random separators; then
optional closing lines and source lines. The parse must give the pieces back, and its parts must
cover the text exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from statement_site.model import PartKind
from statement_site.numerals import to_chinese
from statement_site.parse import parse

# Words without numeral characters, 第, or the characters of a source line (社 报 台 网 电).
HAN_WORDS = (
    "双方",
    "同意",
    "加强",
    "合作",
    "推动",
    "发展",
    "关系",
    "领域",
    "交流",
    "经济",
    "贸易",
    "文化",
    "人民",
    "友好",
    "互利共赢",
    "和平稳定",
    "安全",
    "国家",
    "政府",
    "总理",
    "主席",
    "会谈",
    "访问",
    "基础设施",
    "《联合国宪章》",
    "“全球发展倡议”",
    "（以下简称“缔约双方”）",
    "，",
)
# Markdown, HTML and other ASCII, without "." (1. is a label) and without whitespace at the ends.
ASCII = "abcXYZ019*_#<>&[]`|~-+=/\\{}!?\"'"
# Text of real documents that looks like a label but is not one.
FALSE_POSITIVES = (
    "二、三十年",
    "第一、二批",
    "统一、开放",
    "1.5亿",
    "根据本协定第五条的规定",
    "2022年11月1日至2日",
    "三、四月间",
    "第二章所述",
)

SEPARATORS = ("\u3000\u3000", "\n", "\r\n", "\n\n", "\n\u3000\u3000", "")
BREAKS = ("\n", "\r\n", "\n\n", "\n\u3000\u3000")  # between paragraphs of one clause
CLOSING_LINES = (
    "中华人民共和国代表\u3000\u3000\u3000俄罗斯联邦代表",
    "（签字）\u3000\u3000\u3000（签字）",
    "二〇〇一年七月十六日于莫斯科",
    "中华人民共和国政府\u3000\u3000\u3000巴基斯坦伊斯兰共和国政府",
)
SOURCES = ("（新华社北京11月2日电）", "（完）", "（全文完）", "（新华社伊斯兰堡11月2日电）")


@dataclass(frozen=True)
class Generated:
    text: str
    style: str
    title: str
    preamble: tuple[str, ...]
    labels: tuple[str, ...]
    label_starts: tuple[int, ...]  # where each label is in the text
    clauses: tuple[str, ...]
    closing: tuple[str, ...]
    sources: tuple[str, ...]


ascii_words = st.text(alphabet=ASCII, min_size=1, max_size=6)
words = st.one_of(
    st.sampled_from(HAN_WORDS),
    st.sampled_from(HAN_WORDS),
    ascii_words,
    st.sampled_from(FALSE_POSITIVES),
)


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """A run of words that starts with a Chinese word (a label never starts a paragraph)."""
    first = draw(st.sampled_from(HAN_WORDS[:-1]))
    return first + "".join(draw(st.lists(words, max_size=6)))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    return "".join(draw(phrases()) + "。" for _ in range(draw(st.integers(1, 3))))


@st.composite
def enumeration(draw: st.DrawFn) -> str:
    """An enumeration inside a clause: 双方同意：一、…；二、…。"""
    items = draw(st.lists(phrases(), min_size=2, max_size=6))
    body = "；".join(f"{to_chinese(n)}、{item}" for n, item in enumerate(items, 1))
    return f"{draw(phrases())}：{body}。"


@st.composite
def items(draw: st.DrawFn, br: str) -> str:
    """Items on lines of their own inside an article: …如下：\\n（一）…；\\n（二）…。"""
    entries = draw(st.lists(phrases(), min_size=2, max_size=4))
    lines = [f"（{to_chinese(n)}）{entry}；" for n, entry in enumerate(entries, 1)]
    lines[-1] = lines[-1][:-1] + "。"
    return f"{draw(phrases())}：" + br + br.join(lines)


@st.composite
def clause_texts(draw: st.DrawFn, style: str) -> str:
    br = draw(st.sampled_from((*BREAKS, "\u3000\u3000")))
    paragraphs = [draw(sentences())]
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(("sentences", "enumeration", "items")))
        if kind == "enumeration":
            paragraphs.append(draw(enumeration()))
        elif kind == "items" and style == "article" and br != "\u3000\u3000":
            paragraphs.append(draw(items(br)))
        else:
            paragraphs.append(draw(sentences()))
    if draw(st.booleans()):  # an enumeration run on inside the first paragraph
        paragraphs[0] += draw(enumeration())
    return br.join(paragraphs)


@st.composite
def documents(draw: st.DrawFn) -> Generated:
    style = draw(st.sampled_from(("paragraph", "article")))
    count = draw(st.one_of(st.integers(1, 12), st.integers(95, 130)))
    pieces: list[str] = []

    title = ""
    if draw(st.integers(0, 3)):  # a title ends like one, not with punctuation (then: a preamble)
        title = draw(phrases()) + draw(st.sampled_from(("联合声明", "条约", "协定", "Statement")))
    if title:
        pieces += [title, draw(st.sampled_from(SEPARATORS[:-1]))]

    preamble: list[str] = []
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            ending = draw(st.sampled_from(("，", "：", "。")))
            preamble.append(draw(phrases()) + ending)
        pieces += ["\n".join(preamble), draw(st.sampled_from(SEPARATORS[:-1]))]

    labels: list[str] = []
    label_starts: list[int] = []
    texts: list[str] = []
    for number in range(1, count + 1):
        if style == "paragraph":
            label = f"{to_chinese(number)}、"
            after = ""
        else:
            label = f"第{to_chinese(number)}条"
            after = draw(st.sampled_from(("\u3000", "")))
        text = draw(clause_texts(style))
        labels.append(label)
        label_starts.append(len("".join(pieces)))
        texts.append(text)
        pieces += [label, after, text]
        if number < count:
            pieces.append(draw(st.sampled_from(SEPARATORS)))

    closing = draw(st.lists(st.sampled_from(CLOSING_LINES), max_size=3))
    if closing:
        line_break = draw(st.sampled_from(("\n", "\r\n")))
        pieces += [draw(st.sampled_from(("\n", "\r\n", "\n\n"))), line_break.join(closing)]

    sources = draw(st.lists(st.sampled_from(SOURCES), max_size=2))
    if sources:
        if closing or len(sources) > 1:
            separator = draw(st.sampled_from(BREAKS))
        else:
            separator = draw(st.sampled_from(SEPARATORS))  # "" glues it: …领域。（完）
        pieces += [separator, "\n".join(sources)]
    pieces.append(draw(st.sampled_from(("", "\n", "\r\n"))))

    return Generated(
        text="".join(pieces),
        style=style,
        title=title,
        preamble=tuple(preamble),
        labels=tuple(labels),
        label_starts=tuple(label_starts),
        clauses=tuple(texts),
        closing=tuple(closing),
        sources=tuple(sources),
    )


@settings(max_examples=200, deadline=None)
@given(documents())
def test_generated_documents_parse_back(generated: Generated) -> None:
    text = generated.text
    document = parse(text, "generated.txt")

    # Lossless and contiguous.
    assert "".join(part.text for part in document.parts) == text
    position = 0
    for part in document.parts:
        assert part.start == position
        assert part.text
        position = part.end
    assert position == len(text)
    for part in document.parts:
        if part.kind is PartKind.SPACE:
            assert not part.text.strip()

    # The pieces come back.
    assert document.title == generated.title
    assert document.preamble == generated.preamble
    assert [c.number for c in document.clauses] == list(range(1, len(generated.labels) + 1))
    assert tuple(c.label for c in document.clauses) == generated.labels
    assert tuple(c.text for c in document.clauses) == generated.clauses
    assert {c.style for c in document.clauses} == {generated.style}
    assert document.closing == generated.closing
    assert document.sources == generated.sources


@settings(max_examples=100, deadline=None)
@given(documents(), st.data())
def test_a_gap_is_an_error(generated: Generated, data: st.DataObject) -> None:
    """Dropping the label of one clause (not the first) is always reported."""
    count = len(generated.labels)
    if count < 3:
        return
    dropped = data.draw(st.integers(2, count - 1))
    label = generated.labels[dropped - 1]
    at = generated.label_starts[dropped - 1]
    assert generated.text[at : at + len(label)] == label
    broken = generated.text[:at] + generated.text[at + len(label) :]
    try:
        parse(broken, "broken.txt")
    except ValueError as error:
        assert str(error).startswith("broken.txt:")
    else:
        raise AssertionError(f"no error for a text without {label}")
