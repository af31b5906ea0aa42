"""From the bytes of a source file to its text: detection, explicit encodings and errors.

Every error is checked as a whole message, ``FILE:LINE:COL: message``, like tomli's
tests/test_error.py: the place and the offending bytes are part of the contract.
"""

from __future__ import annotations

import codecs
import string
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from statement_site.decode import decode
from statement_site.errors import DecodeError

ROOT = Path(__file__).resolve().parent.parent
STATEMENT = ROOT / "corpus" / "2022-11-02-china-pakistan-joint-statement" / "source.zh.txt"
TEXT = STATEMENT.read_text(encoding="utf-8")
TITLE = "中华人民共和国和巴基斯坦伊斯兰共和国联合声明"

# Eight bytes from random.Random(0), each 0x80-0xFF: valid GB18030, but rare characters, not
# the common Chinese of a document, and not UTF-8.
RANDOM_HIGH_BYTES = bytes.fromhex("e2eb8ac2fce7cdfadbb7a3c8a398c0a5cf9992d4f899daef")


def decode_error(data: bytes, name: str = "source.txt", encoding: str | None = None) -> str:
    with pytest.raises(DecodeError) as info:
        decode(data, name, encoding)
    return str(info.value)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- the bundled statement in each encoding ---------------------------------------------------


def test_the_bundled_statement_is_what_the_tests_expect() -> None:
    assert TEXT.startswith(TITLE)
    assert len(TEXT) == 4253


def test_utf8_without_bom() -> None:
    assert decode(TEXT.encode("utf-8"), "source.txt") == (TEXT, "utf-8")


def test_utf8_with_bom_drops_the_bom() -> None:
    text, encoding = decode(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "source.txt")
    assert (text, encoding) == (TEXT, "utf-8-sig")
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
    ],
    ids=["little-endian", "big-endian"],
)
def test_utf16_with_bom(data: bytes) -> None:
    assert decode(data, "source.txt") == (TEXT, "utf-16")


def test_gb18030_is_detected() -> None:
    data = TEXT.encode("gb18030")
    assert decode(data, "source.txt") == (TEXT, "gb18030")


def test_gb18030_bytes_are_not_accepted_as_utf8() -> None:
    data = TEXT.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_error(data, "source.txt", "utf-8") == (
        "source.txt:1:1: cannot decode as utf-8: byte 0xd6"
    )
    assert decode(data, "source.txt")[1] != "utf-8"


def test_gbk_given_explicitly() -> None:
    assert decode(TEXT.encode("gbk"), "source.txt", "gbk") == (TEXT, "gbk")


def test_gb18030_given_explicitly() -> None:
    assert decode(TEXT.encode("gb18030"), "source.txt", "gb18030") == (TEXT, "gb18030")


def test_utf8_given_explicitly_accepts_a_bom() -> None:
    data = codecs.BOM_UTF8 + TEXT.encode("utf-8")
    assert decode(data, "source.txt", "utf-8") == (TEXT, "utf-8")


# --- errors name the file, the line, the column and the bytes ---------------------------------


def test_gb18030_forced_as_utf8_names_the_first_bad_byte() -> None:
    # 一 is D2 BB in GB18030, which happens to be UTF-8 too (U+04BB, one character): the first
    # byte that is not UTF-8 is A1, of 、 (A1 A2), at line 2, column 2.
    data = "Joint statement\n一、中".encode("gb18030")
    assert decode_error(data, "statement.txt", "utf-8") == (
        "statement.txt:2:2: cannot decode as utf-8: byte 0xa1"
    )


def test_gb18030_forced_as_utf8_on_a_later_line() -> None:
    data = "title\nab\ncd中文".encode("gb18030")
    assert decode_error(data, "statement.txt", "utf-8") == (
        "statement.txt:3:3: cannot decode as utf-8: byte 0xd6"
    )


def test_utf8_error_after_a_bom_is_placed_in_the_file() -> None:
    # The utf-8-sig codec counts from after the BOM; the error must not.
    data = codecs.BOM_UTF8 + "中文\n".encode() + b"\xff"
    assert decode_error(data) == "source.txt:2:1: cannot decode as UTF-8: byte 0xff"
    assert decode_error(data, encoding="utf-8") == (
        "source.txt:2:1: cannot decode as utf-8: byte 0xff"
    )


def test_explicit_gbk_error_names_the_byte() -> None:
    data = "中文\n第二行".encode("gbk") + b"\xff"
    assert decode_error(data, encoding="gbk") == "source.txt:2:4: cannot decode as gbk: byte 0xff"


def test_utf16_error_names_the_bytes() -> None:
    data = codecs.BOM_UTF16_LE + "ab\ncd".encode("utf-16-le") + b"\x00\xdc"  # a lone surrogate
    assert decode_error(data) == "source.txt:2:3: cannot decode as UTF-16: byte 0x00 0xdc"


def test_explicit_utf16_be_error_counts_lines() -> None:
    data = "ab\ncd".encode("utf-16-be") + b"\xdc\x00"
    assert decode_error(data, encoding="utf-16-be") == (
        "source.txt:2:3: cannot decode as utf-16-be: byte 0xdc 0x00"
    )


def test_unknown_encoding() -> None:
    assert decode_error(b"text", encoding="no-such-encoding") == (
        "source.txt:1:1: 'no-such-encoding' is not a text encoding (such as utf-8, gb18030 or big5)"
    )


def test_png_header_is_binary() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(DecodeError) as info:
        decode(data, "picture.png")
    error = info.value
    assert str(error) == "picture.png:3:1: binary data, not text: a NUL byte (0x00)"
    assert (error.file, error.line, error.column, error.text) == ("picture.png", 3, 1, "\x00")


def test_nul_bytes_are_binary() -> None:
    assert decode_error(b"abc\ndef\x00\x00ghi") == (
        "source.txt:2:4: binary data, not text: a NUL byte (0x00)"
    )


def test_nul_byte_column_counts_gb18030_characters() -> None:
    data = "中文\n第二行".encode("gb18030") + b"\x00"
    assert decode_error(data) == "source.txt:2:4: binary data, not text: a NUL byte (0x00)"


def test_control_character_is_binary() -> None:
    data = "标题\n一、同意\x01。".encode()
    with pytest.raises(DecodeError) as info:
        decode(data, "source.txt")
    assert str(info.value) == ("source.txt:2:5: binary data, not text: control character U+0001")
    assert info.value.text == "\x01"


def test_control_character_in_gb18030_text() -> None:
    data = "中文\n第二行\x01".encode("gb18030")
    assert decode_error(data) == ("source.txt:2:4: binary data, not text: control character U+0001")


def test_control_character_in_utf16_text() -> None:
    data = "中文\x1b".encode("utf-16")
    assert decode_error(data) == ("source.txt:1:3: binary data, not text: control character U+001B")


def test_control_character_with_explicit_encoding() -> None:
    data = "中文\x7f".encode("gbk")
    assert decode_error(data, encoding="gbk") == (
        "source.txt:1:3: binary data, not text: control character U+007F"
    )


def test_text_controls_are_allowed() -> None:
    text = "标题\r\n一、同意。\t\x0b\x0c二、同意。\n"
    assert decode(text.encode(), "source.txt") == (text, "utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            RANDOM_HIGH_BYTES,
            "random.bin:1:1: cannot decode as UTF-8 or GB18030: byte 0xe2",
        ),
        (
            b"abc\n\x80\x81\xfe\xff",
            "random.bin:2:1: cannot decode as UTF-8 or GB18030: byte 0x80",
        ),
        (
            # private-use characters in GB18030, never in a document
            b"\xaa\xa1\xaa\xa2\xaa\xa3",
            "random.bin:1:1: cannot decode as UTF-8 or GB18030: byte 0xaa",
        ),
        (
            # Latin-1 is valid GB18030 here (h閘lo w鰎ld) but not Chinese: no mojibake
            "héllo wörld".encode("latin-1"),
            "random.bin:1:2: cannot decode as UTF-8 or GB18030: byte 0xe9",
        ),
        (
            # UTF-16 without a byte-order mark is valid GB18030 here (-N噀), but not Chinese
            "中文".encode("utf-16-le"),
            "random.bin:1:3: cannot decode as UTF-8 or GB18030: byte 0x87",
        ),
    ],
    ids=["random-high-bytes", "invalid-everywhere", "private-use", "latin-1", "utf-16-no-bom"],
)
def test_undecodable_input(data: bytes, message: str) -> None:
    assert not is_utf8(data)
    assert decode_error(data, "random.bin") == message


def test_random_high_bytes_are_valid_gb18030_but_refused() -> None:
    # The check above is not just GB18030's: these bytes decode, yet are not Chinese text.
    assert len(RANDOM_HIGH_BYTES.decode("gb18030")) == 12
    assert all(byte >= 0x80 for byte in RANDOM_HIGH_BYTES)


def test_empty_input_is_empty_text() -> None:
    assert decode(b"", "source.txt") == ("", "utf-8")


# --- never mojibake ---------------------------------------------------------------------------

ALPHABET = sorted(set(TEXT) | set(string.printable))
chinese_text = st.text(alphabet=ALPHABET, max_size=200)


@given(chinese_text)
@example(TEXT)
@example("二、同意。\n")
@example("·")  # C2 B7: also GB18030 for 路; refused, never guessed (see below)
def test_utf8_text_decodes_to_itself(text: str) -> None:
    data = text.encode("utf-8")
    try:
        assert decode(data, "source.txt") == (text, "utf-8")
    except DecodeError as error:  # a few bytes that read as GB18030 Chinese too
        assert not text.isascii() and data.decode("gb18030") != text
        assert "reads as UTF-8" in str(error) and "and as GB18030" in str(error)
    # With the document's language, never refused and never mojibake.
    assert decode(data, "source.txt", language="en")[0] == text


@given(chinese_text)
@example(TEXT)
def test_utf8_with_bom_text_decodes_to_itself(text: str) -> None:
    assert decode(codecs.BOM_UTF8 + text.encode("utf-8"), "source.txt") == (text, "utf-8-sig")


@given(chinese_text)
@example(TEXT)
@example("二、同意。\n")
def test_gb18030_text_decodes_to_itself(text: str) -> None:
    data = text.encode("gb18030")
    # Bytes that are also valid UTF-8 are read as UTF-8, by design; for Chinese text that happens
    # only for very short texts (see test_short_gb18030_text_that_is_also_utf8 below).
    assume(text.isascii() or not is_utf8(data))
    decoded, encoding = decode(data, "source.txt")
    assert decoded == text
    assert encoding == ("utf-8" if text.isascii() else "gb18030")


@given(chinese_text)
def test_gb18030_given_explicitly_decodes_to_itself(text: str) -> None:
    assert decode(text.encode("gb18030"), "source.txt", "gb18030") == (text, "gb18030")


def test_short_gb18030_text_that_is_also_utf8_follows_the_documents_language() -> None:
    # 一 in GB18030 is D2 BB, which is also UTF-8 for U+04BB (һ).
    data = "一".encode("gb18030")
    assert decode(data, "source.txt", language="zh") == ("一", "gb18030")
    assert decode(data, "source.txt", language="ru") == ("һ", "utf-8")


def test_short_gb18030_text_that_is_also_utf8_is_refused_without_a_language() -> None:
    with pytest.raises(DecodeError) as raised:
        decode("一一".encode("gb18030"), "source.txt")
    assert str(raised.value) == (
        'source.txt:1:1: reads as UTF-8 ("һһ") and as GB18030 ("一一"): give the encoding '
        "(--encoding, or encoding: in document.yml) or the language (language: in document.yml)"
    )


@pytest.mark.parametrize("text", ["Côte d’Ivoire", "café", "naïve résumé", "Zürich", "Привет"])
def test_utf8_text_in_other_scripts_is_read_as_utf8(text: str) -> None:
    assert decode(text.encode(), "source.txt") == (text, "utf-8")
