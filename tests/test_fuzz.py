"""Fuzzing the inputs a user writes: document.yml, the language files, topics.yml,
dictionary.yml and the source text, as bytes and as text.

Whatever the input, reading it ends in a value or in an error that says where
(``FILE:LINE:COL: message`` on every line), within a stated bound (hypothesis' deadline per
example), and a parsed text still covers every character. Text that reaches a page renders to
HTML without a live script, event handler or ``javascript:`` URL.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statement_site.corpus import load_entry, read_metadata
from statement_site.decode import decode
from statement_site.errors import CorpusError, MetadataError, SourceError
from statement_site.model import Clause, Corpus, Entry, Metadata
from statement_site.parse import parse
from statement_site.render import render_clause
from statement_site.texts import TEXTS
from statement_site.vocabulary import read_dictionary, read_vocabulary

from .test_hostile_site import _LiveMarkup

BOUND = dt.timedelta(seconds=5)  # no example may take longer: a hang is a failure
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "120")),  # more for a long local run
    deadline=BOUND,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LOCATED = re.compile(r"^.+:\d+:\d+: .+$")
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]

# Characters that matter to YAML, Markdown, HTML, the parser and the decoder.
SPECIAL = (
    "&*!|>{}[]:#%@`'\"\\,?-<=/;\n\t\r \u3000\u200b\u2060\ufeff\x00\x01\x85\u2028"
    "一二三十百、．.（）()第条條章节編附件ArticlePARTANNEX123１２３《》——"
)
text_pieces = st.text(alphabet=st.sampled_from(SPECIAL) | st.characters(), max_size=40)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.dates()
    | text_pieces
    | st.sampled_from(["2022-11-02", "2022-13-45", "zh", "en", "utf-8", "base64", "treaty"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(scalars, inner, max_size=4),
    max_leaves=12,
)


def located(error: Exception) -> None:
    """Every line of the message says where."""
    for line in str(error).splitlines():
        assert LOCATED.match(line), line


def _yaml_text(data: Any, noise: str, at: int) -> str:
    try:
        text = yaml.safe_dump(data, allow_unicode=True)
    except yaml.YAMLError:
        text = str(data)
    at = at % (len(text) + 1)
    return text[:at] + noise + text[at:]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


METADATA_KEYS = ["title", "kind", "parties", "date", "place", "source", "language",
                 "source_url", "text", "encoding", "topics", "title_en"]  # fmt: skip


@FUZZ
@given(
    data=st.dictionaries(st.sampled_from(METADATA_KEYS) | text_pieces, values, max_size=12),
    noise=text_pieces,
    at=st.integers(0, 10_000),
)
def test_document_yml_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, data: dict[Any, Any], noise: str, at: int
) -> None:
    path = _write(tmp_path_factory.mktemp("doc") / "document.yml", _yaml_text(data, noise, at))
    try:
        metadata, _ = read_metadata(path)
    except (MetadataError, SourceError) as error:
        located(error)
    else:
        assert isinstance(metadata, Metadata)


@FUZZ
@given(data=values, noise=text_pieces, at=st.integers(0, 10_000))
def test_topics_and_dictionary_never_crash(
    tmp_path_factory: pytest.TempPathFactory, data: Any, noise: str, at: int
) -> None:
    folder = tmp_path_factory.mktemp("vocabulary")
    for name, read in (("topics.yml", read_vocabulary), ("dictionary.yml", read_dictionary)):
        wrapped = {"topics": data} if name == "topics.yml" else {"entities": data}
        path = _write(folder / name, _yaml_text(wrapped, noise, at))
        try:
            read(path)
        except (MetadataError, SourceError) as error:
            located(error)


VALID_METADATA = """\
title: 联合声明
kind: joint-statement
parties: [甲国, 乙国]
date: 2023-05-18
place: 西安
source: 新华社
language: zh
"""
labels = st.sampled_from(["一、", "二、", "三、", "第一条", "第二条", "1.", "（一）", "\n", "　"])
source_texts = st.lists(labels | text_pieces, min_size=1, max_size=30).map("".join)


@FUZZ
@given(source=source_texts, translation=values, noise=text_pieces, at=st.integers(0, 10_000))
def test_a_document_folder_never_crashes(
    tmp_path_factory: pytest.TempPathFactory, source: str, translation: Any, noise: str, at: int
) -> None:
    folder = tmp_path_factory.mktemp("corpus") / "doc"
    _write(folder / "document.yml", VALID_METADATA)
    _write(folder / "source.zh.txt", source)
    _write(folder / "en.yml", _yaml_text({"clauses": translation}, noise, at))
    try:
        entry = load_entry(folder)
    except (MetadataError, SourceError) as error:
        located(error)
    except CorpusError as error:
        assert str(error).startswith(str(folder))
    else:
        assert "".join(part.text for part in entry.document.parts) == entry.document.text


@FUZZ
@given(data=st.binary(max_size=300) | source_texts.map(lambda t: t.encode("utf-8", "replace")))
def test_any_bytes_decode_and_parse_or_say_where(data: bytes) -> None:
    for encoding in (None, "utf-8", "gb18030", "big5", "utf-16"):
        try:
            text, _ = decode(data, "source.txt", encoding)
            document = parse(text, "source.txt")
        except SourceError as error:
            located(error)
        else:
            assert "".join(part.text for part in document.parts) == text


@FUZZ
@given(text=text_pieces.filter(str.strip), heading=text_pieces.filter(str.strip))
def test_clause_text_never_renders_live_markup(text: str, heading: str) -> None:
    from dataclasses import replace

    from statement_site.model import ClauseTranslation, Translation

    metadata = Metadata(
        title=f"标题{heading}", kind="treaty", parties=(heading,), date=dt.date(2024, 1, 1),
        place=heading, source=heading, language="zh", title_en=heading,
    )  # fmt: skip
    document = parse("标题\n一、双方同意。\n", "t.txt")
    clause = Clause(1, "一、", f"{text}<script>window.x=1</script>", "paragraph")
    document = replace(document, clauses=(clause,))
    translation = Translation("en", heading, heading, (ClauseTranslation(1, heading, text),))
    entry = Entry("doc", metadata, document, "t.txt", translations=(translation,))
    for lang in ("zh", "en"):
        page = render_clause(Corpus((entry,)), entry, clause, TEXTS[lang])
        body = page.split("---\n", 2)[-1]
        parser = _LiveMarkup()
        parser.feed(markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS))
        assert parser.found == []
