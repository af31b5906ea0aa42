"""Reading an input file: a regular file, of bounded size, inside the folder it belongs to.

A corpus is assembled from files copied off the web by several people, so a file is read only if
it is what it claims to be:

* a regular file: a FIFO, a device (``/dev/zero``), a socket or a folder is refused without being
  opened for reading (a FIFO is opened non-blocking, so it never blocks);
* at most ``limit`` bytes: the read stops one byte past the limit, whatever the file system says
  of the file's size;
* inside ``within`` (the corpus folder) once every symbolic link is followed: a link to a file
  elsewhere on the machine is refused, and nothing of that file is read or echoed.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from statement_site.errors import SourceError
from statement_site.limits import size

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_bytes(path: Path, limit: int, within: Path | None = None) -> bytes:
    """The bytes of the regular file ``path``; a ``SourceError`` at line 1 otherwise."""
    name = str(path)
    if within is not None:
        outside(path, within)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise SourceError(name, 1, 1, f"cannot read: {_reason(error)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((what for test, what in _KINDS if test(mode)), "not a regular file")
            raise SourceError(name, 1, 1, f"not a regular file: {kind}")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise SourceError(
                name, 1, 1, f"the file is larger than the limit of {size(limit)} for this file"
            )
        return b"".join(chunks)
    except OSError as error:
        raise SourceError(name, 1, 1, f"cannot read: {_reason(error)}") from None
    finally:
        os.close(fd)


def outside(path: Path, within: Path) -> None:
    """Refuse ``path`` when its real place (links followed) is not inside ``within``."""
    root = Path(os.path.realpath(within))
    if not inside(path, within):
        raise SourceError(
            str(path),
            1,
            1,
            f"a link to a file outside the corpus ({root}): copy the file into the corpus "
            "instead; nothing outside it is read",
        )


def inside(path: Path, within: Path) -> bool:
    """True if the real place of ``path`` (every link followed) is ``within`` or inside it."""
    real, root = Path(os.path.realpath(path)), Path(os.path.realpath(within))
    return real == root or root in real.parents


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "no such file"
    return error.strerror or str(error)
