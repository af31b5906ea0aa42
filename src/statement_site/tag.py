"""Tagging: the topics of each clause and the entities it names.

    tag(document, vocabulary, dictionary) -> Tagging

Topics come from the vocabulary's rules alone (``topics.yml``), each with its evidence: the words
of the clause that matched. A rule's word matches its synonyms and an entity's other forms from the
domain dictionary too.

Entities are found in four passes over each clause, earlier passes winning where spans overlap:
  1. the dictionary's names and aliases, longest first (夏巴兹总理 -> 夏巴兹·谢里夫);
  2. titles in 《》, which name documents (《巴黎协定》);
  3. dates, by rule, normalised to ISO 8601 (2022年11月1日至2日 -> 2022-11-01/2022-11-02,
     2023年上半年 -> the period 2023-01/2023-06);
  4. jieba's part-of-speech tags for names not in the dictionary: places (ns) and organisations
     (nt) of two characters or more, and people (nr) only when a title follows (…总统, …外长),
     since jieba tags many ordinary words as personal names. The dictionary's `ignore` words are
     never names.
A mention of an entity that is ``part_of`` a larger one mentions the larger one too.
Every pass reads the clause in simplified characters (``hanzi.simplified``, position for
position), so a name printed in traditional characters (中國, 中華人民共和國) is the same entity as
in simplified, named by its simplified form; its mention keeps the words as printed.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from statement_site.hanzi import simplified
from statement_site.model import (
    ClauseTags,
    Dictionary,
    Document,
    Entity,
    EntityKind,
    Mention,
    Tagging,
    TopicTag,
    Vocabulary,
)
from statement_site.texts import MONTHS

Segmenter = Callable[[str], Sequence[tuple[str, str]]]  # text -> [(word, part of speech)]

TITLED = re.compile(
    r"(?:主席|副主席|总统|副总统|总理|副总理|委员长|首相|国王|外长|部长|秘书长|大使)"
)
# Characters of foreign names written in Chinese (托卡耶夫, 拉马福萨, 苏比安托): jieba cuts such
# names apart, so a run of them next to a title (…总统, 总统…) is read as one name.
TRANSLITERATION = (
    "阿埃艾爱安昂奥巴拜班邦保贝本比彼宾波伯布查达戴丹道德迪蒂杜多厄恩法菲费芬弗福盖甘冈戈格古"
    "哈海汉豪赫亨胡霍基吉加贾杰金卡凯坎康柯科克肯库拉莱赖兰朗劳勒雷里利莉林隆卢鲁路伦罗洛马迈"
    "曼梅蒙米敏莫姆穆纳奈南内尼努诺帕潘佩皮普齐奇恰乔切琼萨塞桑瑟森沙莎什舍斯松苏索塔泰坦特提"
    "图托瓦万威维温沃乌伍西希谢辛休雅亚扬耶伊因尤约扎泽詹兹佐夫茨尔·"
)
FOREIGN_NAME = re.compile(
    rf"(?P<before>[{TRANSLITERATION}]{{2,12}})(?={TITLED.pattern})|"
    rf"{TITLED.pattern}(?P<after>[{TRANSLITERATION}]{{2,12}})"
)
BOOK_TITLE = re.compile(r"《([^《》\n]{1,60})》")
POS_KINDS = {"ns": EntityKind.PLACE, "nt": EntityKind.ORGANIZATION}
PERSON_TAGS = {"nr", "nrfg", "nrt"}
# jieba tags many foreign places as names (哈萨克斯坦/nrt): a name with a place's ending is a place
PLACE_ENDING = re.compile(r"(?:斯坦|尼亚|利亚|兰|国|省|市|州|岛|港|湾|洲)$")

# Dates, most specific first, a year of four digits exactly (not the end of 99999年). Each gives
# (ISO form, English form) from the match.
_D = r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日"
DATE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(_D + r"至(\d{1,2})月(\d{1,2})日"), "range"),  # 2022年11月30日至12月2日
    (re.compile(_D + r"至(\d{1,2})日"), "days"),  # 2022年11月1日至2日
    (re.compile(_D), "day"),  # 2022年10月27日
    (re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月"), "month"),  # 2023年5月
    (re.compile(r"(?<!\d)(\d{4})年(上半年|下半年|年初|年底|年内)"), "period"),  # 2023年上半年
    (re.compile(r"(?<!\d)(\d{4})年至(\d{4})年"), "years"),  # 2022年至2023年
    (re.compile(r"(?<!\d)(\d{4})年"), "year"),  # 2027年
)
PERIODS = {
    "上半年": ("01", "06", "first half of"),
    "下半年": ("07", "12", "second half of"),
    "年初": ("01", "03", "early"),
    "年底": ("10", "12", "late"),
    "年内": ("01", "12", "within"),
}
# jieba.posseg's own blocks (its re_han_internal): it cuts each on its own
JIEBA_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
RARE_CANDIDATE = re.compile(r"[\u4E00-\u9FD5]")
USER_WORD_FREQUENCY = 100000  # high enough that jieba keeps a dictionary word whole


# -- Topics ----------------------------------------------------------------------------------


def tag_topics(text: str, vocabulary: Vocabulary, dictionary: Dictionary) -> tuple[TopicTag, ...]:
    """The topics of a clause's ``text``, in the vocabulary's order, each with its evidence."""
    tags = []
    for topic in vocabulary.topics:
        evidence: list[str] = []
        for rule in topic.rules:
            if any(_found(word, text, dictionary) for word in rule.unless):
                continue
            found_all = [_found(word, text, dictionary) for word in rule.all]
            found_any = [hit for word in rule.any if (hit := _found(word, text, dictionary))]
            if not all(found_all):
                continue
            if rule.any and len(found_any) < rule.min:
                continue
            for hits in (*found_all, *found_any):
                evidence += [hit for hit in hits if hit not in evidence]
        if evidence:
            evidence.sort(key=text.find)
            tags.append(TopicTag(topic.id, tuple(evidence)))
    return tuple(tags)


def _found(word: str, text: str, dictionary: Dictionary) -> list[str]:
    """The forms of ``word`` that occur in ``text``, leaving out forms inside a longer found one."""
    hits = [form for form in dictionary.forms(word) if form in text]
    return [hit for hit in hits if not any(hit != other and hit in other for other in hits)]


# -- Entities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    entity: Entity


def find_mentions(
    text: str, dictionary: Dictionary, segment: Segmenter | None = None
) -> list[tuple[Mention, Entity]]:
    """The entities named in ``text`` with the words that name them, in the order they appear."""
    taken: list[_Span] = []
    # Which characters a mention (or a plain word of the dictionary) already covers: checking a
    # span costs its length, whatever the number of mentions before it.
    covered = bytearray(len(text))

    def free(start: int, end: int) -> bool:
        return not any(covered[start:end])

    def take(start: int, end: int, entity: Entity | None) -> None:
        covered[start:end] = b"\x01" * (end - start)
        if entity is not None:  # None: a plain word, 发展中国家 holds no 中国
            taken.append(_Span(start, end, entity))

    # Names are looked for in the text in simplified characters, position for position, so a
    # traditional 中國 is the entity 中国; the mention keeps the words as printed.
    folded = simplified(text)
    found = _dictionary_matches(text, dictionary)
    if folded != text:
        found = [*found, *_dictionary_matches(folded, dictionary)]
        found = sorted(dict.fromkeys(found), key=_longest_first)
    for start, end, entity in found:
        if free(start, end):
            take(start, end, entity)
    by_name = dictionary.by_form
    for match in BOOK_TITLE.finditer(folded):
        name = match.group(1).strip()
        if free(match.start(1), match.end(1)) and name:
            entity = by_name.get(name) or Entity(id=name, name=name, kind=EntityKind.DOCUMENT)
            take(match.start(1), match.end(1), entity)
    for start, end, entity in date_matches(text):
        if free(start, end):
            take(start, end, entity)
    ignore = set(dictionary.ignore)
    for match in FOREIGN_NAME.finditer(folded):
        name = match.group("before") or match.group("after")
        start = match.start("before") if match.group("before") else match.start("after")
        if name not in ignore and free(start, start + len(name)):
            take(start, start + len(name), Entity(id=name, name=name, kind=EntityKind.PERSON))
    if segment is not None:
        offset = 0
        for word, flag in segment(folded):
            start, end = offset, offset + len(word)
            offset = end
            kind = POS_KINDS.get(flag)
            if flag in PERSON_TAGS and TITLED.match(text, end):
                kind = EntityKind.PERSON
            elif flag in PERSON_TAGS and len(word) >= 3 and PLACE_ENDING.search(word):
                kind = EntityKind.PLACE
            if kind is None or len(word) < 2 or word in ignore or not free(start, end):
                continue
            if not re.fullmatch(r"[\u4e00-\u9fff·]+", word):
                continue
            take(start, end, Entity(id=word, name=word, kind=kind))
    taken.sort(key=lambda span: span.start)
    result: list[tuple[Mention, Entity]] = []
    for span in taken:
        words = text[span.start : span.end]
        result.append((Mention(span.entity.id, words, span.start), span.entity))
        parent = span.entity.part_of
        while parent is not None and parent in by_name:
            whole = by_name[parent]
            result.append((Mention(whole.id, words, span.start), whole))
            parent = whole.part_of
    return result


def _dictionary_matches(text: str, dictionary: Dictionary) -> list[tuple[int, int, Entity | None]]:
    """Every occurrence of a name, an alias or a plain word (entity None), the longest first."""
    matches: list[tuple[int, int, Entity | None]] = []
    forms: dict[str, Entity | None] = {word: None for word in dictionary.words}
    forms.update(dictionary.by_form)
    for form, entity in forms.items():
        start = text.find(form)
        while start != -1:
            matches.append((start, start + len(form), entity))
            start = text.find(form, start + 1)
    matches.sort(key=_longest_first)
    return matches


def _longest_first(match: tuple[int, int, Entity | None]) -> tuple[int, int]:
    return -(match[1] - match[0]), match[0]  # then leftmost


def date_matches(text: str) -> list[tuple[int, int, Entity]]:
    """Dates in ``text`` as entities whose id is their ISO 8601 form."""
    found: list[tuple[int, int, Entity]] = []
    # the characters of dates found, and of refused ones: 2022年2月30日 is no date, nor a month
    covered = bytearray(len(text))
    for pattern, shape in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(covered[match.start() : match.end()]):
                continue
            covered[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            iso, en = _iso(shape, match.groups())
            if iso is not None:
                entity = Entity(id=iso, name=match.group(0), kind=EntityKind.DATE, en=en)
                found.append((match.start(), match.end(), entity))
    return found


def _iso(shape: str, groups: Sequence[str]) -> tuple[str | None, str]:
    def day(year: str, month: str, d: str) -> dt.date | None:
        try:
            return dt.date(int(year), int(month), int(d))
        except ValueError:
            return None

    if shape in ("range", "days"):
        year, month, first = groups[0], groups[1], groups[2]
        end_month, last = (groups[3], groups[4]) if shape == "range" else (month, groups[3])
        start, end = day(year, month, first), day(year, end_month, last)
        if start is None or end is None or end < start:
            return None, ""
        if start.month == end.month:
            en = f"{start.day}–{end.day} {MONTHS[start.month - 1]} {start.year}"
        else:
            en = f"{start.day} {MONTHS[start.month - 1]} – {end.day} {MONTHS[end.month - 1]} {year}"
        return f"{start.isoformat()}/{end.isoformat()}", en
    if shape == "day":
        date = day(*groups[:3])
        if date is None:
            return None, ""
        return date.isoformat(), f"{date.day} {MONTHS[date.month - 1]} {date.year}"
    if shape == "month":
        number = int(groups[1])
        if not 1 <= number <= 12:
            return None, ""
        return f"{groups[0]}-{number:02d}", f"{MONTHS[number - 1]} {groups[0]}"
    if shape == "period":
        year, part = groups
        first, last, words = PERIODS[part]
        return f"{year}-{first}/{year}-{last}", f"{words} {year}"
    if shape == "years":
        first, last = groups
        if int(last) < int(first):
            return None, ""
        return f"{first}/{last}", f"{first}–{last}"
    return groups[0], groups[0]


# -- The whole document ----------------------------------------------------------------------


def tag(
    document: Document,
    vocabulary: Vocabulary | None,
    dictionary: Dictionary,
    segment: Segmenter | None = None,
    overrides: dict[int, tuple[str, ...]] | None = None,
) -> Tagging:
    """Topics and mentions of every clause, and the entities they name (first mention first).

    ``overrides`` (an editor's topic list for some clauses) replaces the rules' topics there.
    """
    clauses = []
    entities: dict[str, Entity] = {}
    for clause in document.clauses:
        # the rules' words are simplified: a traditional text is read in simplified characters
        topics = tag_topics(simplified(clause.text), vocabulary, dictionary) if vocabulary else ()
        if overrides and clause.number in overrides:
            topics = tuple(TopicTag(t, (), by="editor") for t in overrides[clause.number])
        mentions = []
        for mention, entity in find_mentions(clause.text, dictionary, segment):
            entities.setdefault(entity.id, entity)
            mentions.append(mention)
        clauses.append(ClauseTags(clause.number, topics, tuple(mentions)))
    return Tagging(tuple(clauses), tuple(entities.values()))


def jieba_words(dictionary: Dictionary) -> list[str]:
    """Every word of the dictionary jieba must keep whole: names, aliases, synonyms, words."""
    words = [form for entity in dictionary.entities for form in (entity.name, *entity.aliases)]
    words += [word for group in dictionary.synonyms for word in group]
    words += dictionary.words
    return [word for word in dict.fromkeys(words) if not word.isascii()]


def jieba_user_dictionary(dictionary: Dictionary) -> str:
    """jieba's user dictionary (``jieba_dict_user`` of Material's search): ``word freq tag``."""
    tags = {EntityKind.PERSON: "nr", EntityKind.PLACE: "ns", EntityKind.ORGANIZATION: "nt"}
    tag_of = {form: tags.get(e.kind, "nz") for form, e in dictionary.by_form.items()}
    lines = [
        f"{word} {USER_WORD_FREQUENCY} {tag_of.get(word, 'n')}" for word in jieba_words(dictionary)
    ]
    return "\n".join(lines) + "\n"


def jieba_segmenter(words: Iterable[str]) -> Segmenter:
    """jieba's part-of-speech segmenter that keeps ``words`` (the dictionary's forms) whole."""

    import jieba
    import jieba.posseg

    from statement_site.cache import use_for_jieba

    use_for_jieba(jieba)
    jieba.setLogLevel(logging.WARNING)
    for word in words:
        jieba.add_word(word, freq=USER_WORD_FREQUENCY)

    known = jieba.posseg.char_state_tab_P  # the characters its part-of-speech model has seen

    def segment(text: str) -> list[tuple[str, str]]:
        if all(ch in known for ch in RARE_CANDIDATE.findall(text)):
            return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text)]
        # A character the model has not seen costs its HMM every state (8 ms a character, an
        # hour for a long run of rare characters): the runs that hold one are cut without it.
        found = []
        for block in JIEBA_BLOCK.split(text):
            hmm = all(ch in known for ch in RARE_CANDIDATE.findall(block))
            found += [(pair.word, pair.flag) for pair in jieba.posseg.cut(block, HMM=hmm)]
        return found

    return segment
