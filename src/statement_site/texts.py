"""The interface text of the generated pages, in each language of the site.

Every word a page shows that does not come from a document is here, so the English site has no
Chinese interface text and a new interface language is one more table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from statement_site.model import ENTITY_KINDS, KINDS, Clause, EntityKind
from statement_site.numerals import to_chinese

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Texts:
    lang: str
    home: str
    home_heading: str
    home_intro: str
    documents: str
    clauses_n: str  # "{n} 条"
    kind_column: str
    content_column: str
    title_en: str
    title_zh: str
    kind: str
    parties: str
    date: str
    place: str
    source: str
    original_language: str
    clauses: str
    source_link: str
    clause_list: str
    full_text: str
    cite: str
    permalink: str
    in_full_text: str
    contents: str
    pager_label: str
    of_n: str  # "，共 {n} 条"
    topics: str
    topics_intro: str
    topic_column: str
    definition_column: str
    count_column: str
    no_topics: str
    mentions: str
    entities: str
    entities_intro: str
    entity_column: str
    also: str  # "又作"
    in_english: str
    in_chinese: str
    mentioned_in: str
    parallel: str
    parallel_intro: str
    translation_notice: str
    missing_notice: str
    section_link: str  # the title of a heading's permalink
    separator: str  # between items of a list in running text
    list_separator: str

    def kind_name(self, kind: str) -> str:
        names = KINDS.get(kind, (kind, kind))
        return names[0] if self.lang == "zh" else names[1]

    def entity_kind(self, kind: EntityKind) -> str:
        names = ENTITY_KINDS[kind]
        return names[0] if self.lang == "zh" else names[1]

    def day(self, day: dt.date) -> str:
        if self.lang == "zh":
            return f"{day.year}年{day.month}月{day.day}日"
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"

    def number(self, clause: Clause) -> str:
        """The clause's number as a reader says it: 十五 / 15, 第三条 / Article 3."""
        if self.lang == "zh":
            return to_chinese(clause.number) if clause.style != "article" else clause.label
        return f"Article {clause.number}" if clause.style == "article" else str(clause.number)

    def cited_as(self, clause: Clause) -> str:
        """第十五段 / paragraph 15, 第三条 / Article 3."""
        if self.lang == "zh":
            pattern = CITED_AS_ZH.get(clause.style, "第{n}段")
            return pattern.format(n=to_chinese(clause.number))
        pattern = CITED_AS_EN.get(clause.style, "paragraph {n}")
        return pattern.format(n=clause.number)


# What a clause is called when cited, by numbering style: 第十五段, 第三条, 第（二）项
CITED_AS_ZH = {"article": "第{n}条", "paragraph": "第{n}段", "item": "第{n}项", "arabic": "第{n}段",
               "arabic-item": "第{n}项"}  # fmt: skip
CITED_AS_EN = {"article": "Article {n}", "paragraph": "paragraph {n}", "item": "item {n}",
               "arabic": "paragraph {n}", "arabic-item": "item {n}"}  # fmt: skip

ZH = Texts(
    lang="zh",
    home="首页",
    home_heading="条约与联合声明",
    home_intro="逐条阅读、检索和引用条约与联合声明的全文。每一条都有自己的永久链接。",
    documents="文件",
    clauses_n="{n} 条",
    kind_column="项目",
    content_column="内容",
    title_en="英文标题",
    title_zh="中文标题",
    kind="文件类型",
    parties="各方",
    date="日期",
    place="地点",
    source="来源",
    original_language="原文语言",
    clauses="条款",
    source_link="原文链接",
    clause_list="条款目录",
    full_text="全文",
    cite="引用",
    permalink="永久链接",
    in_full_text="在全文中查看",
    contents="目录",
    pager_label="上一条与下一条",
    of_n="，共 {n} 条",
    topics="主题",
    topics_intro="每一条按受控主题词表标注主题（依据词表规则自动标注，见各条的依据）。",
    topic_column="主题",
    definition_column="说明",
    count_column="条数",
    no_topics="（无）",
    mentions="提及",
    entities="人名、地名与机构",
    entities_intro="各条提及的人物、地点、组织与倡议、文件和日期。",
    entity_column="名称",
    also="又作",
    in_english="英文",
    in_chinese="中文",
    mentioned_in="提及的条款",
    parallel="中英对照",
    parallel_intro="中文原文与英文译文逐条对照。英文为非官方译文，以中文发布文本为准。",
    translation_notice="",
    missing_notice="",
    section_link="本节链接",
    separator="、",
    list_separator=" · ",
)

EN = Texts(
    lang="en",
    home="Home",
    home_heading="Treaties and joint statements",
    home_intro="Read, search and cite treaties and joint statements clause by clause. "
    "Every clause has its own permanent link.",
    documents="Documents",
    clauses_n="{n} clauses",
    kind_column="Item",
    content_column="Content",
    title_en="Title in English",
    title_zh="Title in Chinese",
    kind="Type",
    parties="Parties",
    date="Date",
    place="Place",
    source="Source",
    original_language="Original language",
    clauses="Clauses",
    source_link="Original",
    clause_list="Clauses",
    full_text="Full text",
    cite="Cite",
    permalink="Permanent link",
    in_full_text="View in the full text",
    contents="Contents",
    pager_label="Previous and next clause",
    of_n=" of {n}",
    topics="Topics",
    topics_intro="Every clause is tagged with topics from a controlled vocabulary, by the "
    "vocabulary's rules (each clause shows the words that gave a topic).",
    topic_column="Topic",
    definition_column="Covers",
    count_column="Clauses",
    no_topics="(none)",
    mentions="Mentions",
    entities="People, places and organisations",
    entities_intro="The people, places, organisations and initiatives, documents and dates the "
    "clauses mention.",
    entity_column="Name",
    also="Also",
    in_english="English",
    in_chinese="Chinese",
    mentioned_in="Clauses that mention it",
    parallel="Chinese and English",
    parallel_intro="The Chinese original and the English translation, clause by clause. The "
    "English is an unofficial translation; the published Chinese text is authoritative.",
    translation_notice="Unofficial translation by the statement-site project. The Chinese text "
    "is the published one.",
    missing_notice="This clause has not been translated yet: the Chinese original is shown.",
    section_link="Link to this section",
    separator=", ",
    list_separator=" · ",
)

TEXTS = {"zh": ZH, "en": EN}
