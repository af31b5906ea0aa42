"""Hostile and careless input: every case ends in a located message, never a traceback, a hang,
a read outside the corpus or a file the build was not meant to touch."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from statement_site import limits
from statement_site.corpus import check_id, load_corpus, load_entry, read_metadata, url_problem
from statement_site.decode import decode
from statement_site.errors import (
    CorpusError,
    DecodeError,
    InvalidDocuments,
    MetadataError,
    ParseError,
    SourceError,
)
from statement_site.model import Dictionary, Entity, EntityKind
from statement_site.parse import parse
from statement_site.tag import find_mentions, jieba_segmenter
from statement_site.vocabulary import read_dictionary, read_vocabulary

from .test_metadata import SOURCE, VALID, document, write

ROOT = Path(__file__).resolve().parent.parent
TOPICS = (ROOT / "corpus" / "topics.yml").read_text(encoding="utf-8")

# A YAML alias bomb: nine levels of nine aliases, 387,420,489 strings once expanded.
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{b}: &{b} [*{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}, *{a}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def message(error: pytest.ExceptionInfo[Exception]) -> str:
    return str(error.value)


# -- Addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (
            "https://x.org/><script>alert(1)</script>",
            "the character '>' must be percent-encoded (%3E)",
        ),
        ("https://x.org/a|b|c", "the character '|' must be percent-encoded (%7C)"),
        (
            'https://x.org/"onmouseover="alert(1)',
            "the character '\"' must be percent-encoded (%22)",
        ),
        ("https://x.org/a b", "it holds a space or an invisible character (U+0020)"),
        ("https://x.org/a\u200bb", "it holds a space or an invisible character (U+200B)"),
        ("javascript:alert(1)", "only http:// and https:// addresses are allowed"),
        ("data:text/html,hi", "only http:// and https:// addresses are allowed"),
        ("ftp://x.org/a", "only http:// and https:// addresses are allowed"),
        ("https:///path", "no host name after //"),
        (
            "https://x.org:port/",
            "not an address: Port could not be cast to integer value as 'port'",
        ),
        ("https://[::1/", "not an address: Invalid IPv6 URL"),
        ("https://x.org/" + "a" * limits.VALUE_CHARACTERS, "longer than 2,000 characters"),
    ],
)
def test_an_address_that_is_not_a_plain_http_link_is_refused(url: str, problem: str) -> None:
    assert url_problem(url) == problem


@pytest.mark.parametrize(
    "url",
    [
        "https://www.fmprc.gov.cn/zyxw/202211/t20221102_10795609.shtml",
        "http://example.org/a?b=1&c=%3Cx%3E#frag",
        "https://user@example.org:8443/path/",
    ],
)
def test_an_ordinary_address_is_accepted(url: str) -> None:
    assert url_problem(url) is None


def test_a_script_in_source_url_is_refused_where_it_stands(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID + "source_url: https://x.org/><script>\n")
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:10:13: key 'source_url': expected an http(s) address, got "
        "'https://x.org/><script>': the character '>' must be percent-encoded (%3E)"
    )


# -- YAML: aliases, depth, duplicate keys, sizes ----------------------------------------------


def test_an_alias_bomb_in_document_yml_is_refused_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID + "title_en: &t x\nplace2: *t\n")
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (f"{path}:11:9: YAML aliases (*t) are not allowed: write the value out")
    path = write(tmp_path / "bomb" / "document.yml", BOMB)
    started = time.monotonic()
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == f"{path}:2:8: YAML aliases (*a) are not allowed: write the value out"
    assert len(message(info)) < 300  # the message never holds the expanded value
    assert time.monotonic() - started < 10  # a hang guard, not a speed test


@pytest.mark.parametrize("name", ["topics.yml", "dictionary.yml", "en.yml"])
def test_an_alias_bomb_in_any_yaml_file_is_refused(tmp_path: Path, name: str) -> None:
    folder = document(tmp_path / "corpus" / "doc")
    path = write(
        (tmp_path / "corpus" / name) if name != "en.yml" else folder / name,
        BOMB,
    )
    with pytest.raises(MetadataError) as info:
        if name == "topics.yml":
            read_vocabulary(path)
        elif name == "dictionary.yml":
            read_dictionary(path)
        else:
            load_entry(folder)
    assert message(info) == f"{path}:2:8: YAML aliases (*a) are not allowed: write the value out"


def test_lists_nested_too_deep_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "dictionary.yml", "words: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(MetadataError) as info:
        read_dictionary(path)
    assert message(info) == f"{path}:1:27: lists and mappings nested more than 20 deep"


def test_a_key_given_twice_in_document_yml_names_both_places(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID + "place: 北京\n")
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:10:1: not valid YAML: duplicate key 'place' (first at line 7, column 1)"
    )


def test_a_yaml_file_over_the_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = write(tmp_path / "topics.yml", "topics:\n" + "#" * limits.YAML_BYTES + "\n")
    with pytest.raises(MetadataError) as info:
        read_vocabulary(path)
    assert message(info) == f"{path}:1:1: the file is larger than the limit of 4 MB for this file"


# -- Sizes of the text -----------------------------------------------------------------------


def test_a_source_over_the_limit_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    folder = document(tmp_path / "doc", source="一、" + "甲" * (limits.SOURCE_BYTES // 3 + 1))
    with pytest.raises(SourceError) as info:
        load_entry(folder)
    assert message(info) == (
        f"{folder / 'source.zh.txt'}:1:1: the file is larger than the limit of 4 MB for this file"
    )


def test_a_clause_over_the_limit_is_refused_before_it_is_tagged(tmp_path: Path) -> None:
    long = "双方同意" * (limits.CLAUSE_CHARACTERS // 4 + 1)
    folder = document(tmp_path / "doc", source=f"标题\n一、{long}\n二、双方同意。\n")
    with pytest.raises(SourceError) as info:
        load_entry(folder)
    assert message(info) == (
        f"{folder / 'source.zh.txt'}:2:3: clause 1 has 50,004 characters, more than the limit "
        "of 50,000: is the text missing its clause numbers?"
    )


def test_a_title_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", VALID.replace("title: 中华", "title: " + "长" * 600))
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == f"{path}:1:8: key 'title': 612 characters, more than the limit of 500"


def test_too_many_topics_are_refused(tmp_path: Path) -> None:
    topic = "  - {id: t%d, zh: 甲, en: A, definition: 甲, rules: [{any: [甲]}]}\n"
    path = write(
        tmp_path / "topics.yml",
        "topics:\n" + "".join(topic % i for i in range(limits.TOPICS + 1)),
    )
    with pytest.raises(MetadataError) as info:
        read_vocabulary(path)
    assert message(info) == f"{path}:1:1: 101 topics, more than the limit of 100"


def test_a_dictionary_name_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dictionary.yml", f"entities:\n  - name: {'名' * 300}\n    kind: place\n"
    )
    with pytest.raises(MetadataError) as info:
        read_dictionary(path)
    assert message(info) == (
        f"{path}:2:11: entity 1: name: 300 characters, more than the limit of 100"
    )


def test_finding_mentions_is_not_quadratic_in_their_number() -> None:
    """20,000 mentions in 80 KB took 70 s when every new one was checked against all before."""
    dictionary = Dictionary(entities=(Entity("瓜达尔港", "瓜达尔港", EntityKind.PLACE),))
    text = "瓜达尔港" * 20_000
    started = time.monotonic()
    mentions = find_mentions(text, dictionary)
    assert len(mentions) == 20_000
    assert time.monotonic() - started < 20  # a hang guard, not a speed test


def test_rare_characters_do_not_stall_the_part_of_speech_cut() -> None:
    """jieba's HMM tries every state for a character it has never seen: 8 ms a character."""
    rare = "".join(chr(0x9FA0 + i % 5) + chr(0x4E02 + i % 7) for i in range(5_000))
    segment = jieba_segmenter([])
    started = time.monotonic()
    words = segment("双方同意加强合作。" + rare)
    assert "".join(word for word, _ in words) == "双方同意加强合作。" + rare
    assert time.monotonic() - started < 20  # a hang guard: it took 80 s before


# -- Special files and links -----------------------------------------------------------------


def test_a_source_that_links_to_an_endless_device_is_refused(tmp_path: Path) -> None:
    folder = document(tmp_path / "corpus" / "doc", source=None)
    os.symlink("/dev/zero", folder / "source.zh.txt")
    with pytest.raises(SourceError) as info:
        load_entry(folder)
    assert message(info) == (
        f"{folder / 'source.zh.txt'}:1:1: a link to a file outside the corpus "
        f"({tmp_path / 'corpus'}): copy the file into the corpus instead; nothing outside it "
        "is read"
    )


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    folder = document(tmp_path / "corpus" / "doc", source=None)
    os.mkfifo(folder / "source.zh.txt")
    with pytest.raises(SourceError) as info:
        load_entry(folder)
    assert (
        message(info) == f"{folder / 'source.zh.txt'}:1:1: not a regular file: a FIFO (named pipe)"
    )


def test_a_link_out_of_the_corpus_is_refused_and_its_content_never_shown(tmp_path: Path) -> None:
    secret = write(tmp_path / "outside" / "secret.txt", "root:x:0:0:secret\n")
    folder = document(tmp_path / "corpus" / "doc", source=None)
    os.symlink(secret, folder / "source.zh.txt")
    with pytest.raises(SourceError) as info:
        load_entry(folder)
    assert "root:x" not in message(info) and "secret" not in message(info)
    assert "a link to a file outside the corpus" in message(info)


def test_a_document_folder_linked_from_outside_is_refused(tmp_path: Path) -> None:
    outside = document(tmp_path / "elsewhere" / "doc")
    (tmp_path / "corpus").mkdir()
    os.symlink(outside, tmp_path / "corpus" / "doc")
    with pytest.raises(InvalidDocuments) as info:
        load_corpus(tmp_path / "corpus")
    assert message(info).startswith(f"{tmp_path / 'corpus' / 'doc' / 'document.yml'}:1:1: a link")


def test_links_inside_the_corpus_are_followed(tmp_path: Path) -> None:
    folder = document(tmp_path / "corpus" / "doc", source=None)
    write(tmp_path / "corpus" / "texts" / "a.txt", SOURCE)
    os.symlink(tmp_path / "corpus" / "texts" / "a.txt", folder / "source.zh.txt")
    assert len(load_entry(folder).document.clauses) == 2


def test_a_folder_named_like_a_vocabulary_file_is_refused_with_that_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    document(corpus / "doc")
    (corpus / "topics.yml").mkdir()
    with pytest.raises(MetadataError) as info:
        load_corpus(corpus)
    assert message(info) == f"{corpus / 'topics.yml'}:1:1: not a regular file: a folder"


# -- Names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["en", "topics", "entities", "assets", "search", "sitemap.xml", "404.html"]
)
def test_a_document_folder_may_not_take_a_name_of_the_site(tmp_path: Path, name: str) -> None:
    with pytest.raises(CorpusError) as info:
        check_id(tmp_path / name, ["en", "about"])
    assert message(info) == (
        f"{tmp_path / name}: {name!r} is a name the site uses for its own pages; a document "
        "folder may not be named 404.html, about, assets, en, entities, search, sitemap.xml, "
        "sitemap.xml.gz, tags.json, topics: rename the folder"
    )


def test_a_document_folder_name_too_long_for_a_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CorpusError) as info:
        check_id(tmp_path / ("a" * 101))
    assert "at most 100 of them" in message(info)


def test_hidden_folders_are_not_documents_unless_they_hold_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    document(corpus / "doc")
    (corpus / ".git").mkdir()
    assert [entry.id for entry in load_corpus(corpus)] == ["doc"]
    document(corpus / "...")
    with pytest.raises(InvalidDocuments) as info:
        load_corpus(corpus)
    assert message(info).startswith(f"{corpus / '...'}: a document folder's name is its URL")


# -- Encodings and invisible characters ------------------------------------------------------


@pytest.mark.parametrize("encoding", ["base64", "rot13", "zlib", "hex", "bz2", "uu"])
def test_an_encoding_that_is_no_text_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "document.yml", VALID + f"encoding: {encoding}\n")
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:10:11: key 'encoding': expected the name of a text encoding such as utf-8, "
        f"gb18030 or big5, got {encoding!r}"
    )
    with pytest.raises(DecodeError) as decode_info:
        decode(b"abc", "source.txt", encoding)
    assert message(decode_info) == (
        f"source.txt:1:1: {encoding!r} is not a text encoding (such as utf-8, gb18030 or big5)"
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_not_called_binary(codec: str) -> None:
    data = SOURCE.encode(codec)
    with pytest.raises(DecodeError) as info:
        decode(data, "source.txt")
    assert message(info) == (
        f"source.txt:1:1: reads as {codec.upper()} text without a byte-order mark: save it "
        f"with a byte-order mark, or give the encoding ({codec}: --encoding {codec}, or "
        f"encoding: {codec} in document.yml)"
    )
    assert decode(data, "source.txt", codec)[0] == SOURCE


def test_an_invisible_character_that_breaks_a_label_is_named() -> None:
    with pytest.raises(ParseError) as info:
        parse("标题\n一、双方同意。\n二\u200b、双方认为。\n三、双方决定。\n", "source.txt")
    assert message(info) == (
        'source.txt:4:1: clause 二、 (2) is missing: 一、 (1) is followed by 三、 (3): "三、双方'
        '决定。" (the text holds an invisible character, U+200B ZERO WIDTH SPACE, at line 3, '
        "column 2: it can break a clause's label)"
    )


def test_the_bundled_corpus_still_loads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    loaded = load_corpus(corpus, ["en", "about"])
    assert [len(entry.document.clauses) for entry in loaded] == [47]


# -- Found by a second, adversarial reading --------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ('"北\\u0000京"', "U+0000"),
        ('"x\\e[31mRED"', "U+001B"),
        ('"\\u202eevil"', "U+202E"),
    ],
)
def test_a_control_or_direction_character_in_a_yaml_value_is_refused(
    tmp_path: Path, value: str, problem: str
) -> None:
    path = write(tmp_path / "document.yml", VALID.replace("place: 西安", f"place: {value}"))
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:7:8: not valid YAML: a value holds the character {problem}, a control or a "
        "mark that reverses the direction of text, which no value may hold"
    )


@pytest.mark.parametrize(
    ("text", "where", "tag"),
    [
        (
            "parties: !!python/object/apply:os.system [ls]\n",
            "1:10",
            "python/object/apply:os.system",
        ),
        ("parties: !!omap [{a: 1}]\n", "1:10", "omap"),
        ("title: !!binary aGVsbG8=\n", "1:8", "binary"),
    ],
)
def test_yaml_tags_are_refused_even_on_lists(
    tmp_path: Path, text: str, where: str, tag: str
) -> None:
    path = write(tmp_path / "document.yml", text)
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:{where}: YAML tags (tag:yaml.org,2002:{tag}) are not allowed: write a plain value"
    )


def test_a_line_separator_yaml_would_count_as_a_line_break_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "document.yml", "# 注释\u2028说明\n" + VALID)
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info) == (
        f"{path}:1:5: the character U+2028 (a line or paragraph separator that YAML reads as a "
        "line break): remove it"
    )


def test_a_flood_of_problems_is_cut_with_a_count(tmp_path: Path) -> None:
    folder = document(tmp_path / "corpus" / "doc")
    clauses = "".join(f"  {n}: {{text: x}}\n" for n in range(3, 1003))
    write(folder / "en.yml", "clauses:\n" + clauses)
    with pytest.raises(MetadataError) as info:
        load_entry(folder)
    lines = message(info).splitlines()
    assert len(lines) == 101
    assert lines[-1] == "… and 901 more problems"


def test_a_topic_may_not_take_the_overviews_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "topics.yml",
        "topics:\n  - {id: index, zh: 甲, en: A, definition: 甲, rules: [{any: [甲]}]}\n",
    )
    with pytest.raises(MetadataError) as info:
        read_vocabulary(path)
    assert (
        message(info) == f"{path}:2:10: topic 'index': 'index' is the name of the topics' overview"
    )


def test_an_entity_whose_url_would_be_index_gets_another() -> None:
    from statement_site.render import entity_slug

    entity = Entity("Index", "Index", EntityKind.PLACE, en="Index")
    assert entity_slug(entity).startswith("index-") and len(entity_slug(entity)) == 14


@pytest.mark.parametrize("name", ["index.html", "feed.xml", "data.json", "notes.txt", "a.yml"])
def test_a_document_folder_named_like_a_file_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(CorpusError) as info:
        check_id(tmp_path / name)
    assert message(info) == (
        f"{tmp_path / name}: a document folder's name is its URL, and {name!r} reads as a "
        "file's name (the site has files such as index.html and sitemap.xml): rename the folder"
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "link to /dev/zero", "dangling link"])
def test_a_language_file_that_is_no_regular_file_is_refused(tmp_path: Path, kind: str) -> None:
    folder = document(tmp_path / "corpus" / "doc")
    path = folder / "en.yml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to /dev/zero":
        os.symlink("/dev/zero", path)
    else:
        os.symlink(tmp_path / "nowhere.yml", path)
    with pytest.raises(MetadataError) as info:
        load_entry(folder)
    assert message(info).startswith(f"{path}:1:1: ")


@pytest.mark.parametrize("name", ["EN.yml", "en.yaml", "notes.yml"])
def test_a_yaml_file_that_is_no_language_file_is_refused(tmp_path: Path, name: str) -> None:
    folder = document(tmp_path / "corpus" / "doc")
    write(folder / name, "clauses: {}\n")
    with pytest.raises(CorpusError) as info:
        load_entry(folder)
    assert message(info) == (
        f"{folder / name}: not a file of a document folder: its files are document.yml, the "
        "source text and the language files, named <lang>.yml (en.yml, zh-Hant.yml)"
    )


@pytest.mark.parametrize("name", ["2023-01-01-new-statement.txt", "notes.md", "topics.yaml"])
def test_a_document_left_at_the_top_of_the_corpus_is_refused(tmp_path: Path, name: str) -> None:
    corpus = tmp_path / "corpus"
    document(corpus / "doc")
    write(corpus / name, SOURCE)
    with pytest.raises(CorpusError) as info:
        load_corpus(corpus)
    assert message(info).startswith(f"{corpus / name}: a file at the top of the corpus is not read")


def test_a_five_digit_year_is_no_date() -> None:
    from statement_site.tag import date_matches

    assert date_matches("99999年1月1日至2日") == []


def test_a_cache_folder_others_can_read_is_neither_used_nor_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from statement_site import cache

    corpus = tmp_path / "corpus"
    corpus.mkdir(mode=0o755)
    corpus.chmod(0o755)
    mine = tmp_path / "mine"  # private, but not made by the program: under umask 077
    mine.mkdir(mode=0o700)
    (mine / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.setenv("STATEMENT_SITE_CACHE", str(mine))
    cache.cache_dir.cache_clear()
    assert cache.cache_dir() != mine
    assert [p.name for p in mine.iterdir()] == ["notes.txt"]
    monkeypatch.setenv("STATEMENT_SITE_CACHE", str(corpus))
    cache.cache_dir.cache_clear()
    try:
        used = cache.cache_dir()
        cache.write_cached("x.txt", "x")
        assert used != corpus and oct(used.stat().st_mode & 0o777) == "0o700"
        assert list(corpus.iterdir()) == [] and oct(corpus.stat().st_mode & 0o777) == "0o755"
        private = tmp_path / "private"
        monkeypatch.setenv("STATEMENT_SITE_CACHE", str(private))
        cache.cache_dir.cache_clear()
        assert cache.cache_dir() == private
        assert oct(private.stat().st_mode & 0o777) == "0o700"
    finally:
        cache.cache_dir.cache_clear()


def test_a_mark_that_reverses_the_text_in_a_source_is_refused() -> None:
    with pytest.raises(DecodeError) as info:
        decode("标题\n一、双方\u202e同意。\n".encode(), "source.txt")
    assert message(info) == (
        "source.txt:2:5: the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) reverses the "
        "direction of the text around it: remove it"
    )


@pytest.mark.parametrize("value", ["1" * 5000, "!!int x", "!!timestamp 2022-99", "!!bool maybe"])
def test_a_value_yaml_cannot_read_is_an_error_at_its_place(tmp_path: Path, value: str) -> None:
    path = write(tmp_path / "document.yml", VALID.replace("place: 西安", f"place: {value}"))
    with pytest.raises(MetadataError) as info:
        read_metadata(path)
    assert message(info).startswith(f"{path}:7:8: not valid YAML: cannot read this value (")


def test_messages_never_carry_terminal_escapes() -> None:
    from statement_site.errors import printable

    assert printable("a\x1b]0;PWNED\x07\x1b[31mred\u202e\n\tok") == (
        "a\\x1b]0;PWNED\\x07\\x1b[31mred\\u202e\n\tok"
    )
