"""Publishing a built site: the site folder is never lost, never half-published, never someone
else's.

``statement-site build`` checks the site folder (:func:`check_site_dir`), then builds inside
:func:`staged`, which yields a staging folder beside the site and, when the build succeeds,
publishes it in place of the site. For a site folder ``site`` its siblings are:

- ``.site.lock``: the lock (``flock``) that serialises builds of this site, there while one runs;
  it is also the journal of the folders below that builds made: only a folder named there is
  ever restored or deleted, never one a user happened to name like them;
- ``.site.staging-XXXX``: a build in progress (after an exchange: the previous site);
- ``.site.old-XXXX``: the previous site between the two renames of the fallback (below);
- ``.site.trash-XXXX``: a previous site being deleted.

The promises:

- **Never someone else's.** A site folder that is, or contains, the corpus, docs or project
  folder, or lies inside the corpus or docs, is refused; so is a non-empty folder holding files no
  build of this site wrote. Every build writes ``.statement-site-manifest`` (:data:`MANIFEST`),
  the sorted list of the files it wrote, and a site is replaced only if each of its files (top
  level dot entries aside) is in it. Refusals raise :class:`PublishError` before anything is
  built and before any file of the site or the folders named is moved or deleted.
- **Never half-published.** On Linux the new site and the old one are swapped with one
  ``renameat2(RENAME_EXCHANGE)``: at every instant ``site/`` holds one complete build, the
  previous or the new one. Where the exchange is unavailable (not Linux; a filesystem that
  answers EINVAL or ENOSYS; or ``STATEMENT_SITE_NO_EXCHANGE=1`` in the environment, which the
  tests use) the swap is two renames, ``site -> .site.old-XXXX`` and ``staging -> site``, and a
  kill between them leaves no ``site/`` until the next build puts the old one back.
- **Never lost.** A kill at any moment (SIGKILL included) leaves ``site/`` as it was or the new
  site complete, plus at most some of the sibling folders above; the next build, holding the
  lock and before anything else, restores a missing site from ``.site.old-XXXX``, moves back
  into the site any top-level dot entry of it found in a leftover folder, and deletes the
  leftovers. Power loss is not covered (nothing is fsync'ed).
- **Dot entries are kept.** Top-level dot entries of the old site (``.git`` of a gh-pages
  worktree, ``.nojekyll``), which MkDocs itself keeps in site_dir, are moved into the new site
  right after the swap (for that moment they are in the old site beside it, from where a kill
  leaves them to the next build).
- **Concurrent builds.** Builds of the same site take the lock first and hold it until they have
  published: a second build waits (``on_wait`` is called once), then builds and publishes; both
  succeed and the site is the one built last. The kernel releases the lock of a killed build
  (its lock file stays until the next build).

For the tests, :func:`_checkpoint` kills the process (SIGKILL) at the named point of
publishing given in ``STATEMENT_SITE_CRASH_AT``: one of :data:`CHECKPOINTS`.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

if sys.platform != "win32":
    import fcntl

MANIFEST = ".statement-site-manifest"
CRASH_AT = "STATEMENT_SITE_CRASH_AT"
NO_EXCHANGE = "STATEMENT_SITE_NO_EXCHANGE"
CHECKPOINTS = (
    "lock-taken",  # the lock is held, leftovers not yet recovered
    "staging-made",  # leftovers recovered, an empty staging folder made
    "built",  # the build is complete in the staging folder
    "manifest-written",  # ... with its manifest: ready to publish
    "between-renames",  # fallback only: the site renamed away, the new one not yet in place
    "after-exchange",  # the new site in place, the old one beside it with its dot entries
)
# A site written before manifests existed: it has our stylesheet and MkDocs' sitemap. It is
# replaced without a manifest, once; an unrelated folder is unlikely to hold both.
LEGACY_MARKERS = ("assets/statement-site.css", "sitemap.xml")
_SHOWN_FILES = 3
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


class PublishError(Exception):
    """A site folder that must not be replaced; the message names it and says why."""

    def __init__(self, site: Path, reason: str, advice: str = "give another --site-dir") -> None:
        super().__init__(
            f"statement-site build: refusing to replace {shown(site)}: {reason}; {advice}"
        )
        self.site = site
        self.reason = reason


def shown(path: Path, folder: bool = True) -> str:
    """``path`` as a user names it: relative to the working folder if inside it; a folder ends
    with a slash."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.getcwd())
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    name = absolute if outside else relative
    return name.rstrip(os.sep) + os.sep if folder else name


@dataclass(frozen=True)
class SiteDir:
    """A site folder and the names of its siblings."""

    path: Path  # absolute

    @property
    def lock(self) -> Path:
        return self.path.with_name(f".{self.path.name}.lock")

    def sibling(self, kind: str, suffix: str) -> Path:
        """``.site.<kind>-<suffix>``: kind is staging, old or trash."""
        return self.path.with_name(f".{self.path.name}.{kind}-{suffix}")

    def record(self, path: Path) -> None:
        """Note in the lock file (held) that ``path``, a sibling, is this build's to remove: a
        folder a user named like one (``.site.staging-mine``) is never touched."""
        descriptor = _open_lock(self.lock, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(descriptor, (path.name + "\n").encode("utf-8", "surrogateescape"))
        finally:
            os.close(descriptor)

    def recorded(self) -> frozenset[str]:
        try:
            descriptor = _open_lock(self.lock, os.O_RDONLY)
        except (FileNotFoundError, PublishError):
            return frozenset()
        with os.fdopen(descriptor, "rb") as journal:
            text = journal.read(1024 * 1024).decode("utf-8", "surrogateescape")
        return frozenset(text.split("\n")) - {""}

    def leftovers(self, kind: str) -> list[Path]:
        """The siblings of ``kind`` that builds recorded and left (killed before removing them)."""
        prefix = f".{self.path.name}.{kind}-"
        recorded = self.recorded()
        return sorted(
            entry
            for entry in self.path.parent.iterdir()
            if entry.name.startswith(prefix)
            and entry.name in recorded
            and entry.is_dir()
            and not entry.is_symlink()
        )


def check_site_dir(site: Path, *, corpus: Path | None, docs: Path, project: Path) -> None:
    """Refuse a site folder that is or contains a source folder, or lies inside corpus or docs.

    All paths are absolute; ``corpus`` is None for a project without the statement-site plugin.
    """
    site = site.resolve()
    project = project.resolve()
    sources = [
        (what, folder.resolve())
        for what, folder in [("the corpus folder", corpus), ("the docs folder", docs)]
        if folder is not None
    ]
    for what, folder in [*sources, ("the project folder", project)]:
        if site == folder:
            raise PublishError(site, f"it is {what}")
    for what, folder in [*sources, ("the project folder", project)]:
        if folder.is_relative_to(site):
            raise PublishError(site, f"it contains {what} {shown(folder)}")
    for what, folder in sources:  # inside the project folder is where it belongs
        if site.is_relative_to(folder):
            raise PublishError(site, f"it is inside {what} {shown(folder)}")


def check_replaceable(site: Path) -> None:
    """Refuse a site folder that is not a folder or holds files no build of this site wrote."""
    if not os.path.lexists(site):
        return
    if not site.is_dir():
        raise PublishError(site, "it is not a folder", "give another --site-dir or remove it")
    foreign = foreign_files(site)
    if foreign:
        names = ", ".join(shown(site) + name for name in foreign[:_SHOWN_FILES])
        more = ", …" if len(foreign) > _SHOWN_FILES else ""
        raise PublishError(
            site,
            f"it holds files no build of this site wrote ({names}{more})",
            "give another --site-dir or remove them",
        )


def foreign_files(site: Path) -> list[str]:
    """The paths in ``site`` that are not in its manifest, in order (a folder ends with /).

    Top-level dot entries are not looked at (they are kept). An empty folder, or one with only
    dot entries, has none; a folder without a manifest has all its files, unless it is a site
    of the version before manifests (:data:`LEGACY_MARKERS`).
    """
    if not any(not name.startswith(".") for name in os.listdir(site)):
        return []
    listed = read_manifest(site)
    if listed is None:
        if all((site / marker).is_file() for marker in LEGACY_MARKERS):
            return []
        listed = frozenset()
    folders = {parent for path in listed for parent in _parents(path)}
    found: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
            if not prefix and entry.name.startswith("."):
                continue
            path = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if path in folders:
                    walk(Path(entry.path), path + "/")
                else:
                    found.append(path + "/")
            elif path not in listed:
                found.append(path)

    walk(site, "")
    return found


def _parents(path: str) -> Iterator[str]:
    parts = path.split("/")
    for end in range(1, len(parts)):
        yield "/".join(parts[:end])


def site_files(folder: Path) -> list[str]:
    """Every file (and symbolic link) under ``folder`` but the manifest, relative, in order."""
    found = []
    for root, folders, files in os.walk(folder):
        relative = Path(root).relative_to(folder)
        names = files + [name for name in folders if os.path.islink(os.path.join(root, name))]
        found += [(relative / name).as_posix() for name in names]
    return sorted(name for name in found if name != MANIFEST)


def write_manifest(folder: Path) -> None:
    """Write the manifest of the site in ``folder``: what the build wrote."""
    text = "".join(f"{name}\n" for name in site_files(folder))
    (folder / MANIFEST).write_bytes(text.encode("utf-8", "surrogateescape"))


def read_manifest(folder: Path) -> frozenset[str] | None:
    """The files listed in the manifest of ``folder``; None if it has none."""
    try:
        data = (folder / MANIFEST).read_bytes()
    except FileNotFoundError:
        return None
    return frozenset(line for line in data.decode("utf-8", "surrogateescape").split("\n") if line)


@contextlib.contextmanager
def staged(site: Path, on_wait: Callable[[Path], None] | None = None) -> Iterator[Path]:
    """Yield a new empty staging folder beside ``site``; publish it when the block succeeds.

    Holds the site's lock from before the first look at the site until it is published (calling
    ``on_wait(lock)`` first if another build holds it), and recovers what killed builds left.
    Raises :class:`PublishError` (nothing built, nothing changed) if the site must not be
    replaced. If the block raises, the staging folder is deleted and the site left as it was.
    """
    folder = SiteDir(Path(os.path.abspath(site)))
    folder.path.parent.mkdir(parents=True, exist_ok=True)
    # Looked at only under the lock: another build may be swapping it.
    with _locked(folder.lock, on_wait):
        _checkpoint("lock-taken")
        recover(folder)
        check_replaceable(folder.path)
        staging = folder.sibling("staging", secrets.token_hex(4))
        folder.record(staging)  # before it exists: a kill leaves nothing unrecorded
        staging.mkdir(mode=0o700)
        try:
            _checkpoint("staging-made")
            yield staging
            _checkpoint("built")
            write_manifest(staging)
            _checkpoint("manifest-written")
            check_replaceable(folder.path)  # again: the build took a while
            _publish(folder, staging)
        except BaseException:
            recover(folder)  # deletes the staging folder; after a failed swap, puts things back
            raise


def recover(folder: SiteDir) -> None:
    """Put back what killed builds left: the site, its dot entries; delete the leftovers.

    Call it holding the lock. A missing site is restored from ``.site.old-XXXX`` (the fallback
    was killed between its renames; there is at most one, as every build recovers first).
    """
    olds = folder.leftovers("old")
    if olds and not os.path.lexists(folder.path):
        os.rename(olds.pop(), folder.path)
    for leftover in [*folder.leftovers("staging"), *olds]:
        if folder.path.is_dir():
            _move_dot_entries(leftover, folder.path)
        _discard(folder, leftover)
    for trash in folder.leftovers("trash"):
        shutil.rmtree(trash, ignore_errors=True)


def _publish(folder: SiteDir, staging: Path) -> None:
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a web server
    site = folder.path
    if not os.path.lexists(site):
        os.rename(staging, site)
        return
    if _exchange(staging, site):
        old = staging  # now holds the previous site
    else:
        old = folder.sibling("old", staging.name.rsplit("-", 1)[-1])
        folder.record(old)
        os.rename(site, old)
        _checkpoint("between-renames")
        os.rename(staging, site)
    _checkpoint("after-exchange")
    _move_dot_entries(old, site)
    _discard(folder, old)


def _exchange(new: Path, site: Path) -> bool:
    """Swap ``new`` and ``site`` atomically; False if this system or filesystem cannot."""
    if os.environ.get(NO_EXCHANGE, "") not in ("", "0") or not sys.platform.startswith("linux"):
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(site), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(new), None, str(site))


def _move_dot_entries(old: Path, site: Path) -> None:
    """Move the top-level dot entries of the site in ``old`` that no build wrote into ``site``."""
    listed = read_manifest(old) or frozenset()
    for name in sorted(os.listdir(old)):
        if not name.startswith(".") or name == MANIFEST or name in listed:
            continue
        if not os.path.lexists(site / name):
            os.rename(old / name, site / name)


def _discard(folder: SiteDir, path: Path) -> None:
    """Delete ``path``: renamed to ``.site.trash-XXXX`` first, so a kill leaves no partial copy
    under a name that :func:`recover` would restore."""
    trash = folder.sibling("trash", path.name.rsplit("-", 1)[-1])
    folder.record(trash)
    if os.path.lexists(trash):
        shutil.rmtree(trash, ignore_errors=True)
    os.rename(path, trash)
    shutil.rmtree(trash, ignore_errors=True)


@contextlib.contextmanager
def _locked(lock: Path, on_wait: Callable[[Path], None] | None) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the file ``lock`` while the block runs.

    The file exists while a build runs (or after a killed one): it is removed before the lock
    is released, so a build that waited on a file since removed tries again on a new one.
    """
    if sys.platform == "win32":  # no flock: builds are not serialised
        yield
        return
    waited = False
    while True:
        descriptor = _open_lock(lock, os.O_RDWR | os.O_CREAT)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if on_wait is not None and not waited:
                    on_wait(lock)
                waited = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                current = os.path.samestat(os.fstat(descriptor), os.stat(lock))
            except FileNotFoundError:
                current = False
        except BaseException:
            os.close(descriptor)
            raise
        if current:
            break
        os.close(descriptor)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        os.close(descriptor)  # releases the lock


def _open_lock(lock: Path, flags: int) -> int:
    """Open the lock file: never through a link (a build would write where it points), never
    blocking on a FIFO put in its place, and only if it is a regular file."""
    nofollow = getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(lock, flags | nofollow | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise
        site = lock.with_name(lock.name[1:].removesuffix(".lock"))
        raise PublishError(
            site,
            f"cannot use its lock file {shown(lock, folder=False)} ({error.strerror})",
            "remove the lock file if no build is running",
        ) from None
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise PublishError(
            lock.with_name(lock.name[1:].removesuffix(".lock")),
            f"its lock file {shown(lock, folder=False)} is not a regular file",
            "remove the lock file if no build is running",
        )
    return descriptor


def _checkpoint(name: str) -> None:
    """A named point of publishing (:data:`CHECKPOINTS`): the tests kill the process here."""
    if os.environ.get(CRASH_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
