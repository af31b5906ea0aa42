"""Reading the corpus's controlled vocabulary (``topics.yml``) and domain dictionary
(``dictionary.yml``).

Both are validated as a whole: every problem (an unknown key, a duplicate id, an empty rule, a
word that is not text) is collected with its file, line and column, and all are raised at once
in a ``MetadataError``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from statement_site import limits
from statement_site.model import Dictionary, Entity, EntityKind, Rule, Topic, Vocabulary
from statement_site.yamlfile import Checker, Path_, read_yaml

TOPICS_FILE = "topics.yml"
DICTIONARY_FILE = "dictionary.yml"
TOPIC_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
TOPIC_KEYS = {
    "id": "a short id, the topic's URL: belt-and-road",
    "zh": "the label in Chinese: 一带一路与经济走廊",
    "en": "the label in English: Belt and Road and economic corridors",
    "definition": "one line that says what the topic covers",
    "definition_en": "the definition in English",
    "rules": "a list of rules such as {any: [一带一路, 经济走廊]}",
}
OPTIONAL_TOPIC_KEYS = {"definition_en"}
RULE_KEYS = ("any", "all", "unless", "min")
ENTITY_KEYS = ("name", "kind", "en", "aliases", "part_of")
DICTIONARY_KEYS = ("entities", "synonyms", "words", "ignore")
LISTED_KINDS = [kind.value for kind in EntityKind if kind is not EntityKind.DATE]


def read_vocabulary(path: Path, within: Path | None = None) -> Vocabulary:
    """The topics of ``path``, in their order (``within``: the corpus, which it must not leave)."""
    data = read_yaml(path, within)
    check = Checker(data)
    root = data.value
    if not check.mapping(root, (), ("topics",), "the file") or not isinstance(
        root.get("topics"), list
    ):
        check.add(("topics",), "expected `topics:` with a list of topics")
        check.raise_if_any()
    if len(root["topics"]) > limits.TOPICS:
        check.add(
            ("topics",), f"{len(root['topics'])} topics, more than the limit of {limits.TOPICS}"
        )
        check.raise_if_any()
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(root["topics"]):
        where: Path_ = ("topics", i)
        if not check.mapping(item, where, tuple(TOPIC_KEYS), f"topic {i + 1}"):
            continue
        name = item.get("id")
        entry = f"topic {name!r}" if isinstance(name, str) else f"topic {i + 1}"
        for key, help_ in TOPIC_KEYS.items():
            if key not in item and key not in OPTIONAL_TOPIC_KEYS:
                check.add(where, f"{entry}: missing key {key!r}: {help_}")
        topic_id = (
            check.text(item.get("id"), (*where, "id"), f"{entry}: id", limits.NAME_CHARACTERS)
            if "id" in item
            else ""
        )
        if topic_id and not TOPIC_ID.fullmatch(topic_id):
            check.add((*where, "id"), f"{entry}: an id is lower-case letters, digits and '-'")
        elif topic_id == "index":  # /topics/index/ would be the overview of all topics
            check.add((*where, "id"), f"{entry}: 'index' is the name of the topics' overview")
        if topic_id in seen:
            check.add(
                (*where, "id"), f"{entry}: duplicate id (first used by topic {seen[topic_id]})"
            )
        elif topic_id:
            seen[topic_id] = i + 1
        labels = {
            key: check.text(
                item.get(key), (*where, key), f"{entry}: {key}", limits.VALUE_CHARACTERS
            )
            for key in ("zh", "en", "definition")
            if key in item
        }
        definition_en = (
            check.text(
                item["definition_en"],
                (*where, "definition_en"),
                f"{entry}: definition_en",
                limits.VALUE_CHARACTERS,
            )
            if "definition_en" in item
            else labels.get("definition", "")
        )
        rules = (
            _rules(check, item.get("rules"), (*where, "rules"), entry) if "rules" in item else ()
        )
        topics.append(
            Topic(
                id=topic_id,
                zh=labels.get("zh", ""),
                en=labels.get("en", ""),
                definition=labels.get("definition", ""),
                definition_en=definition_en,
                rules=rules,
            )
        )
    if not topics:
        check.add(("topics",), "the vocabulary has no topics")
    check.raise_if_any()
    return Vocabulary(tuple(topics), path=str(path))


def _rules(check: Checker, value: Any, where: Path_, entry: str) -> tuple[Rule, ...]:
    if not isinstance(value, list) or not value:
        check.add(where, f"{entry}: rules must be a non-empty list of rules")
        return ()
    rules = []
    for i, item in enumerate(value):
        at: Path_ = (*where, i)
        what = f"{entry}: rule {i + 1}"
        if not check.mapping(item, at, RULE_KEYS, what):
            continue
        any_ = check.words(item.get("any"), (*at, "any"), f"{what}: any", limits.NAME_CHARACTERS)
        all_ = check.words(item.get("all"), (*at, "all"), f"{what}: all", limits.NAME_CHARACTERS)
        unless = check.words(
            item.get("unless"), (*at, "unless"), f"{what}: unless", limits.NAME_CHARACTERS
        )
        minimum = item.get("min", 1)
        if not any_ and not all_:
            check.add(at, f"{what} is empty: give it `any:` or `all:` words")
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            check.add((*at, "min"), f"{what}: min must be a whole number from 1, not {minimum!r}")
            minimum = 1
        elif any_ and minimum > len(any_):
            check.add((*at, "min"), f"{what}: min {minimum} is more than the {len(any_)} words")
        rules.append(Rule(any=any_, all=all_, unless=unless, min=minimum))
    return tuple(rules)


def read_dictionary(path: Path, within: Path | None = None) -> Dictionary:
    """The names, synonyms and words of ``path`` (``within``: the corpus, not to be left)."""
    data = read_yaml(path, within)
    check = Checker(data)
    root = data.value if data.value is not None else {}
    if not check.mapping(root, (), DICTIONARY_KEYS, "the file"):
        check.raise_if_any()
    entries = sum(len(v) for v in root.values() if isinstance(v, list))
    if entries > limits.DICTIONARY_ENTRIES:
        check.add((), f"{entries:,} entries, more than the limit of {limits.DICTIONARY_ENTRIES:,}")
        check.raise_if_any()
    entities: list[Entity] = []
    owner: dict[str, str] = {}  # each form names one entity
    raw_entities = root.get("entities") or []
    if not isinstance(raw_entities, list):
        check.add(("entities",), "entities must be a list")
        raw_entities = []
    for i, item in enumerate(raw_entities):
        where: Path_ = ("entities", i)
        if not check.mapping(item, where, ENTITY_KEYS, f"entity {i + 1}"):
            continue
        name = check.text(
            item.get("name"), (*where, "name"), f"entity {i + 1}: name", limits.NAME_CHARACTERS
        )
        entry = f"entity {name!r}" if name else f"entity {i + 1}"
        kind = item.get("kind")
        if kind not in LISTED_KINDS:
            check.add((*where, "kind"), f"{entry}: kind must be one of {', '.join(LISTED_KINDS)}")
            kind = EntityKind.ORGANIZATION.value
        en = (
            check.text(item["en"], (*where, "en"), f"{entry}: en", limits.NAME_CHARACTERS)
            if "en" in item
            else None
        )
        aliases = check.words(
            item.get("aliases"), (*where, "aliases"), f"{entry}: aliases", limits.NAME_CHARACTERS
        )
        for form in (name, *aliases):
            if form in owner and owner[form] != name:
                check.add(where, f"{entry}: {form!r} already names entity {owner[form]!r}")
            elif form:
                owner[form] = name
        part_of = item.get("part_of")
        if part_of is not None:
            part_of = check.text(
                part_of, (*where, "part_of"), f"{entry}: part_of", limits.NAME_CHARACTERS
            )
        entities.append(
            Entity(
                id=name,
                name=name,
                kind=EntityKind(kind),
                en=en or None,
                aliases=aliases,
                part_of=part_of or None,
            )
        )
    names = {entity.name for entity in entities}
    for i, entity in enumerate(entities):
        if entity.part_of and entity.part_of not in names:
            check.add(
                ("entities", i, "part_of"),
                f"entity {entity.name!r}: part_of {entity.part_of!r} is not an entity's name",
            )
    synonyms: list[tuple[str, ...]] = []
    raw_synonyms = root.get("synonyms") or []
    if not isinstance(raw_synonyms, list):
        check.add(("synonyms",), "synonyms must be a list of groups of words")
        raw_synonyms = []
    for i, group in enumerate(raw_synonyms):
        words = check.words(
            group, ("synonyms", i), f"synonym group {i + 1}", limits.NAME_CHARACTERS
        )
        if isinstance(group, list) and len(words) < 2:
            check.add(("synonyms", i), f"synonym group {i + 1} needs at least two words")
        synonyms.append(words)
    words = check.words(root.get("words"), ("words",), "words", limits.NAME_CHARACTERS)
    ignore = check.words(root.get("ignore"), ("ignore",), "ignore", limits.NAME_CHARACTERS)
    check.raise_if_any()
    return Dictionary(
        entities=tuple(entities),
        synonyms=tuple(synonyms),
        words=words,
        ignore=ignore,
        path=str(path),
    )
