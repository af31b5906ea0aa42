"""The project's private cache folder: jieba's prefix dictionary and the user dictionary.

Nothing is written to the shared system temporary folder, whose names anyone on the machine can
plant a link or a file at: the cache is ``$STATEMENT_SITE_CACHE``, else
``$XDG_CACHE_HOME/statement-site``, else ``~/.cache/statement-site``, made readable by its owner
alone. A folder there is used only if this program made it (it holds ``.statement-site-cache``),
it is no link, it is the user's and no one else may read or write it: any other folder
(``STATEMENT_SITE_CACHE`` set to the corpus, say) is neither used nor changed, and a fresh
private temporary folder (``mkdtemp``, mode 0700) is used instead, for this process. The files
have dot names, so a cache made inside docs/ by mistake is not published.
Files are written under a temporary name and renamed into place, so a reader never sees half of one.
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import stat
import tempfile
from pathlib import Path

MARKER = ".statement-site-cache"  # in a cache folder: made by this program, for this program
JIEBA_CACHE = ".jieba.cache"  # a dot name: a cache put inside docs/ by mistake is not published


@functools.lru_cache(maxsize=1)
def cache_dir() -> Path:
    """The private cache folder (made on first use)."""
    configured = os.environ.get("STATEMENT_SITE_CACHE")
    if configured:
        folder = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "statement-site"
    try:
        if not os.path.lexists(folder):
            folder.mkdir(mode=0o700, parents=True)
            (folder / MARKER).write_text("statement-site's cache\n", encoding="utf-8")
        if _private(folder) and (folder / MARKER).is_file():
            return folder
    except OSError:
        pass
    fallback = Path(tempfile.mkdtemp(prefix="statement-site-"))
    atexit.register(shutil.rmtree, fallback, ignore_errors=True)  # this process's alone
    return fallback


def _private(folder: Path) -> bool:
    info = os.lstat(folder)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    # A folder others may read or write is someone's own (a shared folder): left as it is, and
    # not used. One made here is private from the start, and holds the marker: a folder of the
    # user's that happens to be private (the corpus, under umask 077) has none, and is not used.
    return not info.st_mode & 0o077


def write_cached(name: str, text: str) -> Path:
    """``text`` in the cache as ``name`` (name it by its content), written atomically."""
    path = cache_dir() / name
    try:
        if path.read_text(encoding="utf-8") == text:
            return path
    except (OSError, UnicodeDecodeError):
        pass
    fd, temporary = tempfile.mkstemp(dir=cache_dir(), prefix=f".{name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)
    return path


def use_for_jieba(jieba: object) -> None:
    """jieba's prefix-dictionary cache (``jieba.cache``) in the private folder, not in /tmp."""
    tokenizer = getattr(jieba, "dt", None)
    if tokenizer is not None and not getattr(tokenizer, "initialized", False):
        tokenizer.tmp_dir = str(cache_dir())
        tokenizer.cache_file = JIEBA_CACHE
