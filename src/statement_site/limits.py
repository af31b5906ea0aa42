"""The documented limits of an input, checked before the expensive work.

A build must finish or refuse, quickly: every size that makes the work grow is bounded here, and
going past one is an error that names the file (and, where there is one, the line and column).
The README lists them ("Limits"). They are far above any published treaty: the longest article of
UNCLOS has under 10,000 characters, and the Chinese text of the whole convention under 1 MB.
"""

from __future__ import annotations

MB = 1024 * 1024

SOURCE_BYTES = 4 * MB  # a source text file
YAML_BYTES = 4 * MB  # document.yml, a language file, topics.yml, dictionary.yml
YAML_DEPTH = 20  # lists and mappings inside each other, in a YAML file
CLAUSE_CHARACTERS = 50_000  # one clause (its words, without its label)
TITLE_CHARACTERS = 500  # a document's title, in document.yml, a language file or the text
VALUE_CHARACTERS = 2_000  # any other single value of document.yml (place, source, a party …)
HEADING_CHARACTERS = 200  # a curated clause heading in a language file
TOPICS = 100  # topics in topics.yml
DICTIONARY_ENTRIES = 20_000  # entities, synonym groups, words and ignored words together
NAME_CHARACTERS = 100  # a name, alias or word of the dictionary
ID_CHARACTERS = 100  # a document folder's name (its URL)


def size(count: int) -> str:
    """A byte count as readers write it: 4 MB, 512 KB, 100 bytes."""
    if count >= MB and count % MB == 0:
        return f"{count // MB} MB"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024} KB"
    return f"{count:,} bytes"
