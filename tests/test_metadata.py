"""A document's ``document.yml`` and the corpus folder: every problem says where, all at once."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from statement_site.corpus import load_corpus, load_entry, read_metadata
from statement_site.errors import (
    CorpusError,
    DecodeError,
    InvalidDocuments,
    MetadataError,
    ParseError,
)
from statement_site.model import Metadata

ROOT = Path(__file__).resolve().parent.parent
STATEMENT_ID = "2022-11-02-china-pakistan-joint-statement"
BUNDLED = ROOT / "corpus" / STATEMENT_ID

KNOWN_KEYS = (
    "title, title_en, kind, parties, date, place, source, source_url, language, text, encoding, "
    "topics"
)
KINDS = (
    "joint-statement, joint-communique, declaration, treaty, agreement, memorandum, "
    "action-plan, other"
)

VALID = """\
title: 中华人民共和国和某国联合声明
kind: joint-statement
parties:
  - 中华人民共和国
  - 某国
date: 2023-05-18
place: 西安
source: 新华社西安5月18日电
language: zh
"""
SOURCE = "中华人民共和国和某国联合声明\n一、双方同意加强合作。\n二、双方同意保持沟通。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def document(folder: Path, metadata: str = VALID, source: str | None = SOURCE) -> Path:
    """A document folder with ``document.yml`` and, unless None, ``source.zh.txt``."""
    write(folder / "document.yml", metadata)
    if source is not None:
        write(folder / "source.zh.txt", source)
    return folder


def problems(path: Path) -> list[str]:
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    error = info.value
    assert str(error) == "\n".join(str(problem) for problem in error.problems)
    return [str(problem) for problem in error.problems]


def replaced(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new)


# --- a valid file ------------------------------------------------------------------------------


def test_the_bundled_metadata() -> None:
    metadata, raw = read_metadata(BUNDLED / "document.yml")
    assert metadata == Metadata(
        title="中华人民共和国和巴基斯坦伊斯兰共和国联合声明",
        kind="joint-statement",
        parties=("中华人民共和国", "巴基斯坦伊斯兰共和国"),
        date=dt.date(2022, 11, 2),
        place="北京",
        source="新华社北京11月2日电",
        language="zh",
        title_en="Joint Statement between the People's Republic of China and the Islamic "
        "Republic of Pakistan",
        source_url=None,
    )
    assert "text" not in raw


def test_valid_file_loads(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID)
    metadata, _ = read_metadata(path)
    assert metadata == Metadata(
        title="中华人民共和国和某国联合声明",
        kind="joint-statement",
        parties=("中华人民共和国", "某国"),
        date=dt.date(2023, 5, 18),
        place="西安",
        source="新华社西安5月18日电",
        language="zh",
    )


def test_optional_keys_load(tmp_path: Path) -> None:
    path = write(
        tmp_path / "document.yml",
        VALID
        + "title_en: Joint Statement\n"
        + "source_url: https://example.org/statement\n"
        + "text: source.zh.txt\n"
        + "encoding: gb18030\n",
    )
    metadata, raw = read_metadata(path)
    assert metadata.title_en == "Joint Statement"
    assert metadata.source_url == "https://example.org/statement"
    assert (raw["text"], raw["encoding"]) == ("source.zh.txt", "gb18030")


def test_quoted_date_is_a_date(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("date: 2023-05-18", 'date: "2023-05-18"'))
    metadata, _ = read_metadata(path)
    assert metadata.date == dt.date(2023, 5, 18)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "document.yml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert read_metadata(path)[0].place == "西安"


# --- each problem, with its place and key ------------------------------------------------------


def test_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID + "colour: red\n")
    assert problems(path) == [
        f"{path}:10:1: unknown key 'colour' (known keys: {KNOWN_KEYS})",
    ]


MISSING = {
    "title": "the document's title as published",
    "kind": "joint-statement, treaty, agreement …",
    "parties": "the parties, as a list",
    "date": "the date of signature or publication, YYYY-MM-DD",
    "place": "where it was signed or issued",
    "source": "the dateline or publisher, e.g. 新华社北京11月2日电",
    "language": "the language of the source text, e.g. zh",
}


@pytest.mark.parametrize("key", list(MISSING))
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    removed = (f"{key}:", "  - ") if key == "parties" else (f"{key}:",)
    kept = [line for line in VALID.splitlines(keepends=True) if not line.startswith(removed)]
    path = write(tmp_path / "document.yml", "".join(kept))
    assert problems(path) == [f"{path}:1:1: missing key '{key}': {MISSING[key]}"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "title: 中华人民共和国和某国联合声明",
            "title: 42",
            "1:8: key 'title': expected a non-empty text, got 42 (int)",
        ),
        (
            "title: 中华人民共和国和某国联合声明",
            "title:",
            "1:7: key 'title': expected a non-empty text, got nothing",
        ),
        (
            "place: 西安",
            "place: [西安]",
            "7:8: key 'place': expected a non-empty text, got ['西安'] (list)",
        ),
        (
            "parties:\n  - 中华人民共和国\n  - 某国",
            "parties: 中华人民共和国",
            "3:10: key 'parties': expected a list of one or more names, got '中华人民共和国'",
        ),
        (
            "  - 某国",
            "  - 7",
            "4:3: key 'parties': expected a list of one or more names, got "
            "['中华人民共和国', 7] (list)",
        ),
        (
            "language: zh",
            "language: Chinese",
            "9:11: key 'language': expected a language code such as zh or en, got 'Chinese'",
        ),
        (
            "date: 2023-05-18",
            "date: 18 May 2023",
            "6:7: key 'date': expected a date written YYYY-MM-DD, got '18 May 2023'",
        ),
        (
            "date: 2023-05-18",
            "date: 2023-05-18 10:00:00",
            "6:7: key 'date': expected a date "
            "written YYYY-MM-DD, got datetime.datetime(2023, 5, 18, 10, 0) (datetime)",
        ),
    ],
    ids=[
        "title-int",
        "title-empty",
        "place-list",
        "parties-text",
        "party-int",
        "language",
        "date-text",
        "date-time",
    ],
)
def test_wrong_type(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = write(tmp_path / "document.yml", replaced(old, new))
    assert problems(path) == [f"{path}:{message}"]


def test_wrong_type_of_optional_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path / "document.yml",
        VALID + "source_url: example.org\ntext: texts/source.txt\nencoding: chinese-ish\n",
    )
    assert problems(path) == [
        f"{path}:10:13: key 'source_url': expected an http(s) address, got 'example.org': only "
        "http:// and https:// addresses are allowed",
        f"{path}:11:7: key 'text': expected a file name in the document's folder, got "
        "'texts/source.txt'",
        f"{path}:12:11: key 'encoding': expected the name of a text encoding such as utf-8, "
        "gb18030 or big5, got 'chinese-ish'",
    ]


def test_invalid_date(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("date: 2023-05-18", "date: 2022-13-02"))
    assert problems(path) == [
        f"{path}:6:7: key 'date': expected a date written YYYY-MM-DD, got '2022-13-02'"
    ]


def test_invalid_quoted_date(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("date: 2023-05-18", 'date: "2022-02-30"'))
    assert problems(path) == [
        f"{path}:6:7: key 'date': expected a date written YYYY-MM-DD, got '2022-02-30'"
    ]


def test_kind_not_in_the_list(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("kind: joint-statement", "kind: communique"))
    assert problems(path) == [f"{path}:2:7: key 'kind': expected one of {KINDS}, got 'communique'"]


def test_empty_parties(tmp_path: Path) -> None:
    path = write(
        tmp_path / "document.yml",
        replaced("parties:\n  - 中华人民共和国\n  - 某国", "parties: []"),
    )
    assert problems(path) == [
        f"{path}:3:10: key 'parties': expected a list of one or more names, got [] (list)"
    ]


def test_yaml_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("place: 西安", "place: [西安\nlanguage: zh"))
    assert problems(path) == [f"{path}:8:9: not valid YAML: did not find expected ',' or ']'"]


def test_yaml_indentation_error(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", replaced("place: 西安", "place: 西安\n  region: 陕西"))
    assert problems(path) == [
        f"{path}:8:9: not valid YAML: mapping values are not allowed in this context"
    ]


@pytest.mark.parametrize(
    "text",
    ["- title\n- kind\n", "中华人民共和国和某国联合声明\n", "", "# only a comment\n"],
    ids=["list", "text", "empty", "comment"],
)
def test_not_a_mapping(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "document.yml", text)
    assert problems(path) == [
        f"{path}:1:1: expected a mapping of keys such as title:, kind:, date:"
    ]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "document.yml"
    path.write_bytes(VALID.encode("gb18030"))
    assert problems(path) == [f"{path}:1:8: cannot decode as utf-8: byte 0xd6"]


def test_binary_metadata_file(tmp_path: Path) -> None:
    path = tmp_path / "document.yml"
    path.write_bytes(b"title: x\nkind: \x00\n")
    assert problems(path) == [f"{path}:2:7: binary data, not text: control character U+0000"]


def test_several_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = """\
title: 联合声明
kind: communique
parties: []
date: 2022-13-02
place: 西安
colour: red
language: zh
"""
    path = write(tmp_path / "document.yml", text)
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    error = info.value
    expected = [
        f"{path}:2:7: key 'kind': expected one of {KINDS}, got 'communique'",
        f"{path}:3:10: key 'parties': expected a list of one or more names, got [] (list)",
        f"{path}:4:7: key 'date': expected a date written YYYY-MM-DD, got '2022-13-02'",
        f"{path}:6:1: unknown key 'colour' (known keys: {KNOWN_KEYS})",
        f"{path}:1:1: missing key 'source': the dateline or publisher, e.g. 新华社北京11月2日电",
    ]
    assert [str(problem) for problem in error.problems] == expected
    assert str(error) == "\n".join(expected)
    assert [(p.file, p.line, p.column) for p in error.problems] == [
        (str(path), 2, 7),
        (str(path), 3, 10),
        (str(path), 4, 7),
        (str(path), 6, 1),
        (str(path), 1, 1),
    ]


# --- document folders --------------------------------------------------------------------------


def test_bundled_document_loads() -> None:
    entry = load_entry(BUNDLED)
    assert entry.id == STATEMENT_ID
    assert entry.metadata.date == dt.date(2022, 11, 2)
    assert len(entry.document.clauses) == 47
    assert entry.source_path == str(BUNDLED / "source.zh.txt")


def test_folder_without_document_yml(tmp_path: Path) -> None:
    folder = tmp_path / "2023-05-18-statement"
    write(folder / "source.zh.txt", SOURCE)
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert str(info.value) == f"{folder}: no document.yml (every document folder needs one)"


def test_folder_without_text(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", source=None)
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder}: expected one source text (*.txt) or a key 'text' in document.yml; found none"
    )


def test_folder_with_two_texts_and_no_text_key(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement")
    write(folder / "source.en.txt", "Joint Statement\n1. Both sides agree.\n")
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder}: expected one source text (*.txt) or a key 'text' in document.yml; "
        "found source.en.txt, source.zh.txt"
    )


def test_text_key_chooses_among_texts(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", VALID + "text: source.zh.txt\n")
    write(folder / "notes.txt", "not a statement")
    entry = load_entry(folder)
    assert entry.source_path == str(folder / "source.zh.txt")
    assert [clause.text for clause in entry.document.clauses] == [
        "双方同意加强合作。",
        "双方同意保持沟通。",
    ]


def test_text_key_names_a_missing_file(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", VALID + "text: statement.txt\n")
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder / 'document.yml'}: key 'text': no file {folder / 'statement.txt'}"
    )


@pytest.mark.parametrize("name", ["China Pakistan", "Statement-2023", "-statement", "声明"])
def test_folder_name_that_is_not_an_id(tmp_path: Path, name: str) -> None:
    folder = document(tmp_path / name)
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder}: a document folder's name is its URL: use lower-case letters, digits, "
        "'-', '.' and '_', at most 100 of them, starting with a letter or digit (e.g. "
        "2022-11-02-china-pakistan-joint-statement)"
    )


def test_encoding_key_is_used(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", VALID + "encoding: gbk\n", source=None)
    (folder / "source.zh.txt").write_bytes(SOURCE.encode("gbk"))
    entry = load_entry(folder)
    assert entry.document.encoding == "gbk"
    assert entry.document.text == SOURCE


def test_gb18030_text_is_detected(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", source=None)
    (folder / "source.zh.txt").write_bytes(SOURCE.encode("gb18030"))
    assert load_entry(folder).document.encoding == "gb18030"


def test_bad_source_text_is_a_parse_error(tmp_path: Path) -> None:
    folder = document(
        tmp_path / "2023-05-18-statement", source="联合声明\n一、同意。\n三、同意。\n"
    )
    with pytest.raises(ParseError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder / 'source.zh.txt'}:3:1: clause 二、 (2) is missing: 一、 (1) is followed by "
        '三、 (3): "三、同意。"'
    )


def test_binary_source_text_is_a_decode_error(tmp_path: Path) -> None:
    folder = document(tmp_path / "2023-05-18-statement", source=None)
    (folder / "source.zh.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(DecodeError) as info:
        load_entry(folder)
    assert str(info.value) == (
        f"{folder / 'source.zh.txt'}:3:1: binary data, not text: a NUL byte (0x00)"
    )


# --- the corpus --------------------------------------------------------------------------------


def test_load_corpus_orders_documents_newest_first(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name, date in [
        ("b-2021", "2021-01-01"),
        ("a-2023", "2023-05-18"),
        ("c-2023", "2023-05-18"),
        ("d-2022", "2022-06-30"),
    ]:
        document(corpus / name, replaced("date: 2023-05-18", f"date: {date}"))
    shutil.copytree(BUNDLED, corpus / STATEMENT_ID)
    (corpus / ".hidden").mkdir()
    write(corpus / "README.txt", "not a document")
    loaded = load_corpus(corpus)
    assert [entry.id for entry in loaded] == ["a-2023", "c-2023", STATEMENT_ID, "d-2022", "b-2021"]
    assert len(loaded) == 5


def test_load_corpus_without_a_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path / "corpus")
    assert str(info.value) == f"{tmp_path / 'corpus'}: no corpus folder"


def test_load_corpus_without_documents(tmp_path: Path) -> None:
    (tmp_path / "corpus" / ".git").mkdir(parents=True)
    with pytest.raises(CorpusError) as info:
        load_corpus(tmp_path / "corpus")
    assert str(info.value) == f"{tmp_path / 'corpus'}: the corpus has no document folders"


def test_load_corpus_reports_a_bad_document(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    document(corpus / "a-2023")
    path = write(corpus / "b-2023" / "document.yml", replaced("kind: joint-statement", "kind: x"))
    write(corpus / "b-2023" / "source.zh.txt", SOURCE)
    with pytest.raises(InvalidDocuments) as info:
        load_corpus(corpus)
    assert str(info.value).splitlines() == [
        f"{path}:2:7: key 'kind': expected one of {KINDS}, got 'x'",
        "1 of 2 documents refused; `statement-site build --skip-invalid` publishes the other 1",
    ]
