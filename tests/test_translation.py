"""Language files (<lang>.yml): the English translation, the curated headings, their validation;
and an editor's topics in document.yml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from statement_site.corpus import load_corpus, load_entry, load_tagged_entry
from statement_site.errors import InvalidDocuments, MetadataError
from statement_site.render import clause_title, heading, short_heading_en
from statement_site.translation import read_translation

from .conftest import CORPUS, STATEMENT_ID

FOLDER = CORPUS / STATEMENT_ID


def test_the_bundled_statement_is_translated_whole_with_headings_in_both_languages() -> None:
    entry = load_entry(FOLDER)
    english, chinese = entry.translation("en"), entry.translation("zh")
    assert english is not None and chinese is not None
    assert [c.number for c in english.clauses] == list(range(1, 48))
    assert all(c.text and c.heading for c in english.clauses)
    assert all(c.heading and c.text is None for c in chinese.clauses)
    assert english.title == (
        "Joint Statement between the People's Republic of China and the Islamic Republic of "
        "Pakistan"
    )
    assert english.source == "(Xinhua News Agency, Beijing, 2 November)"
    fifteen = entry.document.clause(15)
    assert clause_title(entry, fifteen, "zh") == "十五 · 瓜达尔港"
    assert clause_title(entry, fifteen, "en") == "15 · Gwadar Port"
    # Headings are distinct, so the navigation tells the clauses apart.
    for translation in (english, chinese):
        headings = [c.heading for c in translation.clauses]
        assert len(set(headings)) == 47


@pytest.mark.parametrize(
    "name",
    ["Shehbaz Sharif", "Gwadar Port", "Karachi", "Khunjerab", "China-Pakistan Economic Corridor",
     "Shanghai Cooperation Organisation", "Benazir Income Support Programme",
     "Global Development Initiative", "Xi Jinping", "Li Keqiang"],
)  # fmt: skip
def test_names_are_as_they_are_used_in_english(name: str) -> None:
    english = load_entry(FOLDER).translation("en")
    assert english is not None
    assert any(name in (c.text or "") for c in english.clauses)


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / STATEMENT_ID
    shutil.copytree(FOLDER, target)
    return target


def _clauses(numbers: list[int], text: str = "Text.") -> str:
    lines = ["language: en", "clauses:"]
    for n in numbers:
        lines += [f"  {n}:", f"    heading: Heading {n}", f"    text: {text}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("numbers", "messages"),
    [
        (list(range(1, 47)), ["2:1: missing clause(s) 47: the document has 47 clauses"]),
        ([*range(1, 48), 48], ["144:3: clause 48: the document has 47 clauses (extra clause)"]),
        ([1, 2, 4, *range(5, 48)], ["9:3: clause 4: expected clause 3 here (clause 3 is missing)"]),
        ([1, 3, 2, *range(4, 48)],
         ["6:3: clause 3: expected clause 2 here (clause 2 is missing)",
          "9:3: clause 2: expected clause 4 here (out of order)"]),
    ],
)  # fmt: skip
def test_a_missing_extra_or_misnumbered_clause_names_the_file_and_entry(
    folder: Path, numbers: list[int], messages: list[str]
) -> None:
    path = _write(folder, "en.yml", _clauses(numbers))
    document = load_entry(FOLDER).document
    with pytest.raises(MetadataError) as error:
        read_translation(path, document, "zh")
    assert [str(p) for p in error.value.problems] == [f"{path}:{m}" for m in messages]


def test_unknown_keys_and_copies_of_the_original_are_refused(folder: Path) -> None:
    document = load_entry(FOLDER).document
    text = _clauses(list(range(1, 48))) + "notes: x\n"
    text = text.replace("    heading: Heading 5\n", "    heading: Heading 5\n    summary: no\n")
    en = _write(folder, "en.yml", text)
    with pytest.raises(MetadataError) as error:
        read_translation(en, document, "zh")
    assert [str(p) for p in error.value.problems] == [
        f"{en}:145:1: unknown key 'notes' (known keys: language, title, source, clauses)",
        f"{en}:17:5: clause 5: unknown key 'summary' (known: heading, text)",
    ]
    zh = _write(folder, "zh.yml", "language: zh\ntitle: 标题\nclauses:\n" + "".join(
        f"  {n}:\n    heading: 标题{n}\n" + ("    text: 抄录\n" if n == 2 else "")
        for n in range(1, 48)))  # fmt: skip
    with pytest.raises(MetadataError) as error:
        read_translation(zh, document, "zh")
    assert [str(p) for p in error.value.problems] == [
        f"{zh}:2:1: the original language's file holds headings only: its title and source line "
        "are those of the published text",
        f"{zh}:8:5: clause 2: the original's text is the source file, not a copy",
    ]


def test_a_clause_given_twice_is_refused(folder: Path) -> None:
    text = _clauses(list(range(1, 48))) + "  7:\n    heading: Again\n"
    path = _write(folder, "en.yml", text)
    with pytest.raises(MetadataError) as error:
        read_translation(path, load_entry(FOLDER).document, "zh")
    assert [str(p) for p in error.value.problems] == [
        f"{path}:144:3: not valid YAML: duplicate key 7 (first at line 21, column 3)"
    ]


def test_a_clause_without_text_is_untranslated_and_keeps_its_place(folder: Path) -> None:
    data = yaml.safe_load((folder / "en.yml").read_text(encoding="utf-8"))
    data["clauses"][7] = None
    (folder / "en.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    entry = load_entry(folder)
    english = entry.translation("en")
    assert english is not None and english.clause(7) is not None
    assert english.clause(7).text is None  # type: ignore[union-attr]
    # The Chinese curated heading stands in for the English one.
    assert heading(entry, entry.document.clause(7), "en") == "核心利益"


def test_an_automatic_english_heading_reads_well() -> None:
    assert (
        short_heading_en(
            "The two sides agreed to further strengthen cooperation in agriculture and mining, and "
            "to open new flights."
        )
        == "Further strengthen cooperation in agriculture…"
    )
    assert short_heading_en("During the visit, the two sides signed ten agreements.") == (
        "The two sides signed ten agreements"
    )


# --- an editor's topics ---------------------------------------------------------------------


def test_an_editors_topics_replace_the_rules_for_that_clause(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    metadata = corpus / STATEMENT_ID / "document.yml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + "topics:\n  15: [trade]\n", encoding="utf-8"
    )
    entry, _ = load_tagged_entry(corpus / STATEMENT_ID)
    assert entry.tagging is not None
    tags = entry.tagging.of(15).topics
    assert [(t.topic, t.by, t.evidence) for t in tags] == [("trade", "editor", ())]
    assert [t.topic for t in entry.tagging.of(14).topics] == [
        t.topic
        for t in load_corpus(CORPUS).entries[0].tagging.of(14).topics  # type: ignore[union-attr]
    ]


def test_an_editors_unknown_topic_is_refused_with_its_place(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    metadata = corpus / STATEMENT_ID / "document.yml"
    lines = len(metadata.read_text(encoding="utf-8").splitlines())
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + "topics:\n  15: [tarde]\n  48: [trade]\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidDocuments) as error:
        load_corpus(corpus)
    assert str(error.value).splitlines() == [
        f"{metadata}:{lines + 2}:1: key 'topics': clause 15: no topic 'tarde' in the corpus's "
        "topics.yml",
        f"{metadata}:{lines + 2}:1: key 'topics': clause 48: the document has 47 clauses",
    ]


def test_an_editors_topics_must_be_lists_by_clause_number(tmp_path: Path) -> None:
    folder = tmp_path / STATEMENT_ID
    shutil.copytree(FOLDER, folder)
    metadata = folder / "document.yml"
    lines = len(metadata.read_text(encoding="utf-8").splitlines())
    metadata.write_text(
        metadata.read_text(encoding="utf-8") + "topics:\n  15: trade\n", encoding="utf-8"
    )
    with pytest.raises(MetadataError) as error:
        load_entry(folder)
    assert [str(p) for p in error.value.problems] == [
        f"{metadata}:{lines + 2}:3: key 'topics': expected clause numbers with lists of topic ids "
        "({3: [trade]}), got {15: 'trade'} (dict)"
    ]
