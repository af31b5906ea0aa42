"""From the bytes of a source file to text, never to mojibake.

UTF-8 with or without a byte-order mark is the default. A UTF-16 file is recognised by its
byte-order mark. A file that is not UTF-8 is decoded as GB18030 (which includes GBK and GB2312)
only if the result reads as Chinese text; anything else is an error that names the first byte
that could not be read. An explicit encoding is used as given, and its errors are reported the
same way. Binary data (NUL bytes or other control characters) is refused.

A few bytes can be both: GB18030 for 一 (D2 BB) is also UTF-8 for U+04BB. When a file's UTF-8
reading has no Chinese character at all while its GB18030 reading is Chinese, the document's
language decides (``language="zh"``: GB18030; another language: UTF-8); with no language given,
the file is refused with both readings shown, so that it is never silently read as mojibake.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata

from statement_site.errors import DecodeError, excerpt, position_of

ALLOWED_CONTROLS = "\t\n\r\x0b\x0c"


def decode(
    data: bytes, name: str, encoding: str | None = None, language: str | None = None
) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with.

    ``language`` (e.g. ``zh`` from a document's metadata) settles a file that reads both as
    UTF-8 and as Chinese in GB18030.
    """
    if encoding is not None:
        codec = text_encoding(encoding)
        if codec is None:
            raise DecodeError(
                name,
                1,
                1,
                f"{encoding[:40]!r} is not a text encoding (such as utf-8, gb18030 or big5)",
                encoding[:40],
            )
        if codec == "utf-8":
            codec = "utf-8-sig"
        text = _strict(data, name, codec, f"cannot decode as {encoding}")
        _refuse_binary(text, name)
        return text, encoding

    if data.startswith(codecs.BOM_UTF8):
        text = _strict(data, name, "utf-8-sig", "cannot decode as UTF-8")
        _refuse_binary(text, name)
        return text, "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _strict(data, name, "utf-16", "cannot decode as UTF-16")
        _refuse_binary(text, name)
        return text, "utf-16"

    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            raise DecodeError(
                name,
                1,
                1,
                f"reads as {utf16.upper()} text without a byte-order mark: save it with a "
                f"byte-order mark, or give the encoding ({utf16}: --encoding {utf16}, or "
                f"encoding: {utf16} in document.yml)",
                "",
            )
        line, column = _byte_position(data, nul, None)
        raise DecodeError(name, line, column, "binary data, not text: a NUL byte (0x00)", "\x00")

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            text = ""
        if text and _reads_as_chinese(text):
            _refuse_binary(text, name)
            return text, "gb18030"
        raise _decode_error(data, name, utf8_error, "cannot decode as UTF-8 or GB18030") from None
    if not text.isascii() and not any(_cjk(ch) for ch in text) and not _latin_words(text):
        gb18030 = _gb18030_reading(data)
        if gb18030 is not None:
            if language is not None and language.lower().startswith("zh"):
                _refuse_binary(gb18030, name)
                return gb18030, "gb18030"
            if language is None:
                raise DecodeError(
                    name,
                    1,
                    1,
                    f'reads as UTF-8 ("{excerpt(text, 12)}") and as GB18030 '
                    f'("{excerpt(gb18030, 12)}"): give the encoding (--encoding, or encoding: '
                    "in document.yml) or the language (language: in document.yml)",
                    excerpt(text, 12),
                )
    _refuse_binary(text, name)
    return text, "utf-8"


def text_encoding(encoding: str) -> str | None:
    """The codec's name if ``encoding`` names a text encoding; None for an unknown name and for
    the codecs that turn bytes into bytes or text into text (base64, zlib, hex, rot13)."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, TypeError, ValueError):
        return None
    # What bytes.decode itself checks: "'base64' is not a text encoding"
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _utf16_without_bom(data: bytes) -> str | None:
    """utf-16-le or utf-16-be if ``data`` reads as text in it: ASCII letters and white space, or
    common Chinese, with no control character; else None."""
    if len(data) % 2:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        ascii_text = all(ch.isprintable() or ch in ALLOWED_CONTROLS for ch in text if ch.isascii())
        if text and ascii_text and any(ch.isspace() for ch in text) and _reads_as_chinese(text):
            return codec
    return None


def _latin_words(text: str) -> bool:
    """True if every non-ASCII character is an accented Latin letter inside a word: Zürich."""
    for index, ch in enumerate(text):
        if ch.isascii():
            continue
        if not ("\u00c0" <= ch <= "\u024f" and ch.isalpha()):
            return False
        neighbours = text[max(0, index - 1) : index] + text[index + 1 : index + 2]
        if not any(n.isascii() and n.isalpha() for n in neighbours):
            return False
    return True


def _gb18030_reading(data: bytes) -> str | None:
    """``data`` as GB18030, if that reads as Chinese text."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if any(_cjk(ch) for ch in text) and _reads_as_chinese(text) else None


def _cjk(ch: str) -> bool:
    """A CJK ideograph or CJK punctuation."""
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def _strict(data: bytes, name: str, codec: str, message: str) -> str:
    skip = 0
    if codec == "utf-8-sig":
        # The utf-8-sig codec counts error offsets from after the byte-order mark: decode the
        # rest as UTF-8 so that the offsets, and the byte and position reported, are the file's.
        codec, skip = "utf-8", len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode(codec)
    except UnicodeDecodeError as error:
        raise _decode_error(data, name, error, message, skip) from None


def _decode_error(
    data: bytes, name: str, error: UnicodeDecodeError, message: str, skip: int = 0
) -> DecodeError:
    start, end = skip + error.start, skip + error.end
    bad = data[start : max(end, start + 1)][:4]
    line, column = _byte_position(data, start, error.encoding)
    shown = " ".join(f"0x{byte:02x}" for byte in bad)
    return DecodeError(name, line, column, f"{message}: byte {shown}", shown)


def _byte_position(data: bytes, offset: int, encoding: str | None) -> tuple[int, int]:
    """The line and column of the character that byte ``offset`` starts.

    Without an ``encoding``, the bytes before ``offset`` are read as UTF-8 if they are UTF-8
    and as GB18030 otherwise, so that a column counts characters, not bytes.
    """
    prefix = data[:offset]
    if encoding is None:
        try:
            before = prefix.decode("utf-8")
        except UnicodeDecodeError:
            before = prefix.decode("gb18030", "replace")
    else:
        before = prefix.decode(encoding, "replace")
    if before.startswith("\ufeff"):
        before = before[1:]
    return position_of(before, len(before))


# Marks that reverse the direction of the text around them (the "Trojan source" characters):
# a published text shows them to no one, but they reorder what a reader sees.
DIRECTION_OVERRIDES = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _refuse_binary(text: str, name: str) -> None:
    for offset, ch in enumerate(text):
        if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS and ch != "\x85":
            line, column = position_of(text, offset)
            raise DecodeError(
                name,
                line,
                column,
                f"binary data, not text: control character U+{ord(ch):04X}",
                ch,
            )
        if ch in DIRECTION_OVERRIDES:
            line, column = position_of(text, offset)
            raise DecodeError(
                name,
                line,
                column,
                f"the invisible character U+{ord(ch):04X} ({unicodedata.name(ch)}) reverses the "
                "direction of the text around it: remove it",
                ch,
            )


def _reads_as_chinese(text: str) -> bool:
    """True if the non-ASCII characters of ``text`` are mostly common Chinese characters.

    Common means CJK ideographs and punctuation of GB2312, the characters of everyday
    simplified Chinese: other text (Latin-1 such as ``héllo``, UTF-16 without a byte-order
    mark, random bytes) read as GB18030 gives rare ideographs of the GBK extension, whose second
    byte is an ASCII letter, and is not taken for Chinese.
    """
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    common = sum(1 for ch in wide if _common_chinese(ch))
    return common >= 0.9 * len(wide)


@functools.lru_cache(maxsize=8192)
def _common_chinese(ch: str) -> bool:
    if ch in "“”‘’—…·":
        return True
    if not (
        "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u3400" <= ch <= "\u4dbf"
    ):
        return False
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
