"""From the bytes of a source file to text, never to mojibake.

UTF-8 with or without a byte-order mark is the default. A UTF-16 file is recognised by its
byte-order mark. A file that is not UTF-8 is decoded as GB18030 (which includes GBK and GB2312)
only if the result reads as Chinese text; anything else is an error that names the first byte
that could not be read. An explicit encoding is used as given, and its errors are reported the
same way. Binary data (NUL bytes or other control characters) is refused.
"""

from __future__ import annotations

import codecs
import unicodedata

from statement_site.errors import DecodeError, position_of

ALLOWED_CONTROLS = "\t\n\r\x0b\x0c"


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read with."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise DecodeError(name, 1, 1, f"unknown encoding {encoding!r}", encoding) from None
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
        line, column = _byte_position(data, nul, "utf-8")
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
    _refuse_binary(text, name)
    return text, "utf-8"


def _strict(data: bytes, name: str, codec: str, message: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise _decode_error(data, name, error, message) from None


def _decode_error(data: bytes, name: str, error: UnicodeDecodeError, message: str) -> DecodeError:
    bad = data[error.start : max(error.end, error.start + 1)][:4]
    line, column = _byte_position(data, error.start, error.encoding)
    shown = " ".join(f"0x{byte:02x}" for byte in bad)
    return DecodeError(name, line, column, f"{message}: byte {shown}", shown)


def _byte_position(data: bytes, offset: int, encoding: str) -> tuple[int, int]:
    """The line and column of the character that byte ``offset`` starts."""
    before = data[:offset].decode(encoding if "16" not in encoding else "utf-16", "replace")
    if before.startswith("\ufeff"):
        before = before[1:]
    return position_of(before, len(before))


def _refuse_binary(text: str, name: str) -> None:
    for offset, ch in enumerate(text):
        if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS and ch != "\x85":
            line, column = position_of(text, offset)
            raise DecodeError(
                name,
                line,
                column,
                f"binary data, not text: control character U+{ord(ch):04X}",
                repr(ch),
            )


def _reads_as_chinese(text: str) -> bool:
    """True if the non-ASCII characters of ``text`` are mostly CJK ideographs and punctuation."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return True
    cjk = sum(
        1
        for ch in wide
        if "\u4e00" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or "\u3400" <= ch <= "\u4dbf"
        or ch in "“”‘’—…·"
    )
    return cjk >= 0.9 * len(wide)
