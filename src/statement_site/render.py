"""From a parsed corpus to Markdown pages: ``render(corpus) -> {path: markdown}``.

Pure: no I/O. The paths are relative to MkDocs' ``docs_dir`` and give the permanent URLs

    index.md                  /                   the documents of the corpus
    <id>/index.md             /<id>/              metadata, the list of clauses, the full text
    <id>/<n>.md               /<id>/<n>/          one clause (n = its number, no padding)

Every character that comes from a source text goes through ``literal``, which writes ASCII
punctuation as numeric character references: Markdown and HTML in a clause (``*``, ``#``, ``|``,
``<script>``, ``[x](javascript:…)``, ``{{ }}``, a line ``---``) render as the characters they are
and never change a page's structure. The same input always gives byte-identical pages.
"""

from __future__ import annotations

import re
import string

import yaml

from statement_site.model import KINDS, Clause, Corpus, Document, Entry, Metadata, PartKind
from statement_site.numerals import to_chinese

HEADING_LENGTH = 16  # characters of an automatic short heading, before the ellipsis
_ESCAPED = {ord(ch): f"&#{ord(ch)};" for ch in string.punctuation}
LANGUAGES = {
    "zh": "中文",
    "en": "英文",
    "ru": "俄文",
    "fr": "法文",
    "ar": "阿拉伯文",
    "es": "西班牙文",
}
# What a clause is called when cited, by numbering style: 第十五段, 第三条, 第（二）项
CITED_AS = {"article": "第{n}条", "paragraph": "第{n}段", "item": "第{n}项", "arabic": "第{n}段",
            "arabic-item": "第{n}项"}  # fmt: skip
# An opening phrase that says who speaks, skipped by the automatic heading: 双方认为，
# 两国领导人重申，访问期间，
LEAD_IN = re.compile(
    r".{0,8}(?:认为|同意|重申|强调|注意到|认识到|表示|指出|宣布|决定|承诺|欢迎|期间|以来)$"
)


def literal(text: str) -> str:
    """``text`` as Markdown (inline or block) and HTML that shows exactly these characters."""
    return " ".join(text.splitlines()).translate(_ESCAPED)


def front_matter(**fields: object) -> str:
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n"


def short_heading(clause: Clause, limit: int = HEADING_LENGTH) -> str:
    """An automatic short heading: the clause's first phrase, past a short lead-in."""
    text = clause.paragraphs[0] if clause.paragraphs else clause.text.strip()
    phrases = [p for p in _split_phrases(text) if p]
    if len(phrases) > 1 and LEAD_IN.fullmatch(phrases[0]):
        phrases = phrases[1:]
    phrase = phrases[0] if phrases else text
    return phrase if len(phrase) <= limit else phrase[:limit] + "…"


def _split_phrases(text: str) -> list[str]:
    phrases: list[str] = []
    current: list[str] = []
    for ch in text:
        if ch in "，。；：！？,;:!?":
            phrases.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    phrases.append("".join(current).strip())
    return phrases


def clause_number(clause: Clause) -> str:
    """The clause's number as a reader says it: 十五 (for 十五、), 第三条 (for 第三条)."""
    return to_chinese(clause.number) if clause.style != "article" else clause.label


def cited_as(clause: Clause) -> str:
    pattern = CITED_AS.get(clause.style, "第{n}段")
    return pattern.format(n=to_chinese(clause.number))


def clause_title(clause: Clause) -> str:
    """The clause's page title, in plain text: 十五 · 瓜达尔港是中巴经济走廊的龙头项目…"""
    return f"{clause_number(clause)} · {short_heading(clause)}"


def chinese_date(metadata: Metadata) -> str:
    day = metadata.date
    return f"{day.year}年{day.month}月{day.day}日"


def render(corpus: Corpus) -> dict[str, str]:
    """Every generated page of the site, by its path under ``docs_dir``."""
    pages = {"index.md": render_home(corpus)}
    for entry in corpus:
        pages[f"{entry.id}/index.md"] = render_document(entry)
        for clause in entry.document.clauses:
            pages[f"{entry.id}/{clause.number}.md"] = render_clause(entry, clause)
    return pages


def render_home(corpus: Corpus) -> str:
    lines = [
        front_matter(title="首页", search={"exclude": True}),
        "# 条约与联合声明\n",
        "逐条阅读、检索和引用条约与联合声明的全文。每一条都有自己的永久链接。\n",
        f"## 文件（{len(corpus)}） {{ #documents }}\n",
    ]
    for entry in corpus:
        metadata = entry.metadata
        facts = " · ".join(
            [
                chinese_date(metadata),
                KINDS[metadata.kind][0],
                "、".join(literal(party) for party in metadata.parties),
                f"{len(entry.document.clauses)} 条",
            ]
        )
        lines.append(f"- [{literal(metadata.title)}]({entry.id}/index.md)  \n  {facts}")
    return "\n".join(lines) + "\n"


def _metadata_table(entry: Entry) -> list[str]:
    metadata, document = entry.metadata, entry.document
    rows = [
        ("文件类型", KINDS[metadata.kind][0]),
        ("各方", "、".join(literal(party) for party in metadata.parties)),
        ("日期", f"{chinese_date(metadata)}（{metadata.date.isoformat()}）"),
        ("地点", literal(metadata.place)),
        ("来源", literal(metadata.source)),
        ("原文语言", LANGUAGES.get(metadata.language, literal(metadata.language))),
        ("条款", f"{len(document.clauses)} 条"),
    ]
    if metadata.title_en:
        rows.insert(0, ("英文标题", literal(metadata.title_en)))
    if metadata.source_url:
        rows.append(("原文链接", f"<{metadata.source_url}>"))
    table = ["| 项目 | 内容 |", "| --- | --- |"]
    table += [f"| {key} | {value} |" for key, value in rows]
    return table


def render_document(entry: Entry) -> str:
    metadata, document = entry.metadata, entry.document
    lines = [
        front_matter(title=literal(metadata.title), description=literal(_description(entry))),
        f"# {literal(metadata.title)} {{ #title }}\n",
        *_metadata_table(entry),
        "",
        "## 条款目录 { #clauses }\n",
        '<div class="ss-clause-list" data-search-exclude markdown>\n',
    ]
    for clause in document.clauses:
        lines.append(
            f"- [{literal(clause.label)} {literal(short_heading(clause))}]({clause.number}.md)"
        )
    lines += ["\n</div>\n", "## 全文 { #full-text }\n", *_full_text(document)]
    return "\n".join(lines) + "\n"


def _description(entry: Entry) -> str:
    metadata = entry.metadata
    total = len(entry.document.clauses)
    return (
        f"{metadata.title}（{chinese_date(metadata)}，{metadata.place}），共 {total} 条，逐条全文。"
    )


def _full_text(document: Document) -> list[str]:
    """The whole text in order, with the anchor ``#para_<n>`` on each clause."""
    lines = ['<div class="ss-full-text" data-search-exclude markdown>\n']
    for part in document.parts:
        text = part.text.strip()
        if part.kind is PartKind.TITLE:  # a title over two lines is one title
            lines.append(f"{literal(document.title)}\n{{: .ss-text-title }}\n")
        elif part.kind is PartKind.HEADING:
            lines.append(f"{literal(text)}\n{{: .ss-text-heading }}\n")
        elif part.kind in (PartKind.PREAMBLE, PartKind.CLOSING):
            lines.append(f"{literal(text)}\n{{: .ss-text-{part.kind.value} }}\n")
        elif part.kind is PartKind.SOURCE:
            lines.append(f"{literal(text)}\n{{: .ss-text-source }}\n")
        elif part.kind is PartKind.CLAUSE:
            assert part.clause is not None
            clause = document.clause(part.clause)
            label = (
                f"[{literal(clause.label)}]({clause.number}.md)"
                f"{{ .ss-label .ss-label-{clause.style} }}"
            )
            paragraphs = clause.paragraphs or (clause.text.strip(),)
            lines.append(f"{label}{literal(paragraphs[0])}")
            lines.append(f"{{: #para_{clause.number} .ss-para }}\n")
            for paragraph in paragraphs[1:]:
                lines.append(f"{literal(paragraph)}\n{{: .ss-para-continued }}\n")
    lines.append("</div>")
    return lines


def render_clause(entry: Entry, clause: Clause) -> str:
    metadata, document = entry.metadata, entry.document
    total = len(document.clauses)
    title = clause_title(clause)
    lines = [
        front_matter(
            title=literal(title),
            description=literal(f"{metadata.title} {cited_as(clause)}：{short_heading(clause)}"),
        ),
        f"# {literal(title)} {{ #clause }}\n",
        f"[{literal(metadata.title)}](index.md) · {chinese_date(metadata)} · "
        f"{cited_as(clause)}，共 {total} 条"
        + (f" · {literal(clause.section)}" if clause.section else "")
        + "\n{: .ss-context data-search-exclude }\n",
        '<div class="ss-clause" markdown>\n',
    ]
    paragraphs = clause.paragraphs or (clause.text.strip(),)
    label = f'<span class="ss-label ss-label-{clause.style}">{literal(clause.label)}</span>'
    lines.append(f"{label}{literal(paragraphs[0])}\n")
    lines += [f"{literal(paragraph)}\n" for paragraph in paragraphs[1:]]
    lines.append("</div>\n")
    lines += _citation(entry, clause)
    lines += _pager(document, clause)
    return "\n".join(lines) + "\n"


def _citation(entry: Entry, clause: Clause) -> list[str]:
    metadata = entry.metadata
    citation = (
        f"《{metadata.title}》（{chinese_date(metadata)}，{metadata.place}）{cited_as(clause)}"
    )
    return [
        '<div class="ss-cite" data-search-exclude markdown>\n',
        f"**引用** {literal(citation)}。"
        f" [永久链接]({clause.number}.md){{ .ss-permalink }}"
        f" · [在全文中查看](index.md#para_{clause.number})\n",
        "</div>\n",
    ]


def _pager(document: Document, clause: Clause) -> list[str]:
    links = []
    if clause.number > 1:
        previous = document.clause(clause.number - 1)
        links.append(
            f"[← {literal(clause_title(previous))}]({previous.number}.md)"
            '{ .ss-previous rel="prev" }'
        )
    links.append("[目录](index.md#clauses){ .ss-contents }")
    if clause.number < len(document.clauses):
        following = document.clause(clause.number + 1)
        links.append(
            f"[{literal(clause_title(following))} →]({following.number}.md)"
            '{ .ss-next rel="next" }'
        )
    return [
        '<nav class="ss-pager" aria-label="上一条与下一条" data-search-exclude markdown>\n',
        " ".join(links) + "\n",
        "</nav>",
    ]
