"""Chinese script conversion: simplified and traditional characters (OpenCC's tables).

The one place that knows how the two scripts of Chinese map onto each other; the tagger and the
search ask it, and nothing else converts:

- ``simplified(text)``: the text in simplified characters (OpenCC ``t2s``, phrases first), with
  exactly one character for each character of ``text``, so that a position in one is the same
  position in the other (the tagger finds names in it and keeps the words as printed). Simplified
  text comes back unchanged.
- ``other_forms(words)``: for each word, its spellings in the other script that differ from it:
  the simplified form of a traditional word, and the traditional forms of a simplified word, as
  OpenCC writes them (``s2t``: 爲 衆 裏), as Taiwan does (``s2tw``: 為 眾 裡) and as Hong Kong does
  (``s2hk``: 台灣). The search adds them to a clause's hidden keywords, so that 台湾问题 finds
  臺灣問題 and back.

The tables are the plain-text dictionaries inside the ``opencc-purepy`` wheel (read with
importlib.resources; nothing is downloaded). Each direction is loaded once, on first use, and only
the tables it needs: ``t2s`` in about 50 ms, ``s2t`` in about half a second (its phrase table is
1 MB). A missing or empty table is an error (``ScriptTableError``), never a conversion that
silently changes nothing: opencc-purepy itself only records such a failure.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from importlib import resources
from typing import Any

# OpenCC's dictionary slots and their files, for each direction; opencc-purepy reads slots it is
# not given as empty.
TO_SIMPLIFIED = {"ts_characters": "TSCharacters.txt", "ts_phrases": "TSPhrases.txt"}
TO_TRADITIONAL = {
    "st_characters": "STCharacters.txt",
    "st_phrases": "STPhrases.txt",
    "tw_variants": "TWVariants.txt",
    "hk_variants": "HKVariants.txt",
}
# OpenCC converts within the runs between its delimiters: words joined by a newline are
# converted at once, each on its own.
SEPARATOR = "\n"


class ScriptTableError(RuntimeError):
    """A conversion table of opencc-purepy is missing or empty."""


@functools.cache
def _converter(slots: tuple[tuple[str, str], ...]) -> Any:
    from opencc_purepy import OpenCC
    from opencc_purepy.dictionary_lib import DictionaryMaxlength

    tables = DictionaryMaxlength()  # type: ignore[no-untyped-call]
    folder = resources.files("opencc_purepy").joinpath("dicts")
    for slot, name in slots:
        try:
            content = folder.joinpath(name).read_text(encoding="utf-8")
        except OSError as error:
            raise ScriptTableError(
                f"opencc-purepy: cannot read its table {name}: {error}"
            ) from None
        table = DictionaryMaxlength.load_dictionary_maxlength(content)
        if not table[0]:
            raise ScriptTableError(f"opencc-purepy: its table {name} is empty")
        setattr(tables, slot, table)
    return OpenCC("t2s", dictionary=tables)


def _to_simplified() -> Any:
    return _converter(tuple(TO_SIMPLIFIED.items()))


def _to_traditional() -> Any:
    return _converter(tuple(TO_TRADITIONAL.items()))


def simplified(text: str) -> str:
    """``text`` in simplified characters, character for character (see the module doc)."""
    if text.isascii():
        return text
    converter = _to_simplified()
    converted: str = converter.t2s(text)
    if len(converted) == len(text):
        return converted
    # A phrase of another length (rare): character by character, so positions still agree.
    table = converter.dictionary.ts_characters[0]
    return "".join(c if len(table.get(c, c)) != 1 else table.get(c, c) for c in text)


def other_forms(words: Iterable[str]) -> list[str]:
    """The spellings of ``words`` in the other script that differ from every one of them."""
    words = [word for word in dict.fromkeys(words) if word and not word.isascii()]
    if not words:
        return []
    joined = SEPARATOR.join(word.replace(SEPARATOR, " ") for word in words)
    to_traditional = _to_traditional()
    forms = [simplified(joined)]
    forms += [to_traditional.s2t(joined), to_traditional.s2tw(joined), to_traditional.s2hk(joined)]
    known = set(words)
    found: dict[str, None] = {}
    for converted in forms:
        for form in converted.split(SEPARATOR):
            if form not in known:
                found[form] = None
    return list(found)
