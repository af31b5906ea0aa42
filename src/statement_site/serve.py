"""``statement-site serve``: the site on a local address, rebuilt on every save, never silent.

:func:`serve` is the whole command; the CLI calls it and returns its exit status. Its contract:

- It binds ``dev_addr`` (``IP:PORT``; port 0 picks a free one) and prints
  ``serving http://IP:PORT/ (Ctrl-C to stop)`` on ``out``, then builds the site with MkDocs (the
  configuration of ``config_file``, its own ``strict``) into a fresh private temporary folder.
  Every build goes to a new folder; what is served switches to it only when the build succeeds,
  and a failed build's folder is removed at once. The translations the plugin builds into
  ``site_dir/<lang>/`` are served under ``/<lang>/``.
- A build that fails prints its error on ``out`` exactly as ``statement-site build`` does: the
  plugin's ``FILE:LINE:COL: message`` lines (or ``CONFIG: message`` for a bad configuration file),
  then one line saying what is served. The last good site stays served. Before any build has
  succeeded there is none: every page is then an error page, **HTTP 500**, that shows the error
  text HTML-escaped (after MkDocs' warnings of that build, for a build that strict mode stopped);
  while the very first build runs, every page is a "building" page, HTTP 503. A program error
  in a plugin is a failed build too (its traceback is the message).
- It watches ``config_file``, the docs folder, MkDocs' ``watch`` list and what the plugins ask
  for in ``on_serve`` (the statement-site plugin: the corpus folder), by looking at the files'
  modification times every half second (names starting with ``.`` or ending with ``~`` are
  ignored), and rebuilds when something changed and stayed unchanged for a fifth of a second.
- Pages are served from the current site as they are: a request never waits for a build. HTML
  pages get a script that polls ``/livereload/EPOCH/ID``; that request is answered as soon as the
  served site changes (a successful build, or a new error while there is no good site), and
  within 30 seconds in any case, and the page then reloads.
- SIGINT (Ctrl-C) and SIGTERM stop it, also in the middle of a build: the server is shut down,
  the plugins' ``on_shutdown`` run, every temporary folder is removed, ``stopped`` is printed
  and it returns 0; a second signal during that clean-up is ignored. The signal handlers are
  installed only when called from the main thread, and restored on return. MkDocs' plugins get
  ``on_startup(command="serve")`` once, as under ``mkdocs serve``.
- It returns 1 without serving when ``config_file`` does not exist, ``dev_addr`` is not
  ``IP:PORT`` or the address cannot be bound (the reason is printed).

Nothing here exits the process; everything is printed on ``out``, including MkDocs' warnings.
"""

from __future__ import annotations

import contextlib
import html
import http.server
import logging
import mimetypes
import os
import posixpath
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO, cast

from statement_site.errors import printable

if TYPE_CHECKING:
    from mkdocs.plugins import PluginCollection

EXIT_OK, EXIT_FAILED = 0, 1
POLL_INTERVAL = 0.5  # seconds between two looks at the watched files
SETTLE = 0.2  # seconds a change must stay unchanged before the rebuild
LIVERELOAD_TIMEOUT = 30.0  # a browser's poll is always answered within this
CHANGED = (0, -1, -1)  # what no file looks like: a file changed during a build
BUILDING, FAILED = 503, 500  # the status of every page before the first good build

_LIVERELOAD_PATH = re.compile(r"/livereload/([0-9]+)/[0-9]+")
_LIVERELOAD_SCRIPT = """
(function (epoch) {
  var request, timer;
  function poll() {
    if (request || timer) return;
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var status = this.status, text = this.responseText;
      request = undefined;
      if (status === 200 && text && text !== String(epoch)) {
        location.reload();
      } else {
        timer = setTimeout(function () { timer = undefined; poll(); }, status === 200 ? 0 : 3000);
      }
    };
    request.open("GET", "/livereload/" + epoch + "/" + Date.now());
    request.send();
  }
  function stop() {
    if (request) request.abort();
    if (timer) clearTimeout(timer);
    request = timer = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  window.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
})(%d);
"""


# -- MkDocs' log ----------------------------------------------------------------------------


PLUGIN_LOGGER = "mkdocs.plugins.statement_site"


class MkDocsLog(logging.Handler):
    """MkDocs' warnings, printed, and its errors, kept for the message of a failed build.

    MkDocs logs the message of an error that stops a build (a plugin's ``FILE:LINE:COL:
    message``, a configuration error) and raises an ``Abort`` that only says it aborted.
    Warnings go to ``out``, or to the ``sys.stderr`` of the moment when ``out`` is None, and
    are kept too (as printed), for a build that strict mode stops.
    """

    def __init__(self, out: TextIO | None = None) -> None:
        super().__init__(logging.INFO)
        self.out = out
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.WARNING:  # only a long build's progress, as it is
            if getattr(record, "progress", False):
                print(message, file=self.out or sys.stderr, flush=True)
            return
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:  # as MkDocs' own CLI shows them
            line = f"{record.levelname:<7} -  {message}"
            self.warnings.append(line)
            print(line, file=self.out or sys.stderr, flush=True)


@contextlib.contextmanager
def mkdocs_log(out: TextIO | None = None) -> Iterator[MkDocsLog]:
    """A :class:`MkDocsLog` on the ``mkdocs`` logger while the block runs."""
    logger = logging.getLogger("mkdocs")
    handler = MkDocsLog(out)
    logger.addHandler(handler)
    plugin = logging.getLogger(PLUGIN_LOGGER)  # its progress lines are INFO
    level = plugin.level
    plugin.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        plugin.setLevel(level)


# -- What is served -------------------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    root: Path | None  # the last good site; None before the first good build
    error: str | None  # the error of the last build, if it failed
    epoch: int  # changes whenever what is served changes
    mount: str  # the path the site is served under: "/", or the path of site_url


class _State:
    """What the server shows, switched by the build loop, read by every request."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._view = _View(None, None, _now_ms(), "/")

    def view(self) -> _View:
        with self._changed:
            return self._view

    def publish(self, root: Path, mount: str) -> Path | None:
        """Serve the site in ``root`` from now on; the site served until now."""
        with self._changed:
            previous = self._view.root
            self._view = _View(root, None, self._next_epoch(), mount)
            self._changed.notify_all()
        return previous

    def fail(self, error: str) -> None:
        """The last build failed: a good site stays; without one, the error page changes."""
        with self._changed:
            view = self._view
            epoch = view.epoch if view.root is not None else self._next_epoch()
            self._view = _View(view.root, error, epoch, view.mount)
            self._changed.notify_all()

    def wait(self, epoch: int, timeout: float) -> int:
        """The epoch, once it is no longer ``epoch`` or after ``timeout`` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._view.epoch != epoch, timeout=timeout)
            return self._view.epoch

    def _next_epoch(self) -> int:
        return max(_now_ms(), self._view.epoch + 1)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_port = False  # a port another server listens on is refused, never shared

    def __init__(self, address: tuple[str, int], state: _State, out: TextIO) -> None:
        self.state = state
        self.out = out
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)

    def server_bind(self) -> None:  # without HTTPServer's reverse DNS lookup of the host
        super(http.server.HTTPServer, self).server_bind()
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a browser that went away
        print(f"statement-site serve: error answering {client_address}:", file=self.out)
        traceback.print_exc(file=self.out)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server
    timeout = 30  # seconds to read a request
    server_version = "statement-site"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _respond(self, send_body: bool) -> None:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path, errors="replace")
        state = self.server.state
        if match := _LIVERELOAD_PATH.fullmatch(path):
            epoch = state.wait(int(match[1]), LIVERELOAD_TIMEOUT)
            self._send(200, str(epoch).encode(), "text/plain", send_body)
            return
        view = state.view()
        if view.root is None:
            if view.error is None:
                body = "<h1>Building the site…</h1><p>This page reloads when it is built.</p>"
                self._send_page(BUILDING, "Building the site", body, view.epoch, send_body)
            else:
                body = (
                    "<h1>The site could not be built</h1>"
                    f"<pre>{html.escape(view.error)}</pre>"
                    "<p>Fix it and save the file: this page reloads when the site is built.</p>"
                )
                self._send_page(FAILED, "The site could not be built", body, view.epoch, send_body)
            return
        if not (path + "/").startswith(view.mount):
            if path == "/":
                self._redirect(view.mount)
            else:
                self._not_found(view, send_body)
            return
        relative = path[len(view.mount) :]
        if path.endswith("/"):
            relative += "index.html"
        relative = posixpath.normpath("/" + relative).lstrip("/")  # never above the root
        file = view.root / relative if relative else view.root
        try:
            if file.is_dir():
                if (file / "index.html").is_file() and not path.endswith("/"):
                    self._redirect(urllib.parse.quote(path) + "/")
                else:
                    self._not_found(view, send_body)
                return
            content = file.read_bytes()
        except (OSError, ValueError):  # missing, unreadable, a NUL in the path
            self._not_found(view, send_body)
            return
        self._send_file(200, file.name, content, view.epoch, send_body)

    def _not_found(self, view: _View, send_body: bool) -> None:
        page = view.root / "404.html" if view.root is not None else None
        try:
            content = page.read_bytes() if page is not None else None
        except OSError:
            content = None
        if content is None:
            self._send(404, b"404 Not Found", "text/plain", send_body)
        else:
            self._send_file(404, "404.html", content, view.epoch, send_body)

    def _send_file(
        self, status: int, name: str, content: bytes, epoch: int, send_body: bool
    ) -> None:
        kind = _content_type(name)
        if kind.startswith("text/html"):
            content = _with_livereload(content, epoch)
        self._send(status, content, kind, send_body)

    def _send_page(self, status: int, title: str, body: str, epoch: int, send_body: bool) -> None:
        page = (
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)} - statement-site serve</title><style>"
            "body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
            "padding:0 1rem}pre{white-space:pre-wrap;background:#fdecea;"
            "border-left:4px solid #b3261e;padding:1rem}"
            f"</style></head><body>{body}</body></html>\n"
        )
        content = _with_livereload(page.encode("utf-8"), epoch)
        self._send(status, content, "text/html; charset=utf-8", send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, content: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(content)


def _content_type(name: str) -> str:
    if name.endswith((".js", ".mjs")):
        return "application/javascript"
    if name.endswith(".html"):
        return "text/html; charset=utf-8"
    kind, _ = mimetypes.guess_type(name)
    return kind or "application/octet-stream"


def _with_livereload(content: bytes, epoch: int) -> bytes:
    end = content.rfind(b"</body>")
    end = len(content) if end < 0 else end
    script = b"<script>" + (_LIVERELOAD_SCRIPT % epoch).encode() + b"</script>"
    return content[:end] + script + content[end:]


# -- Building and watching ------------------------------------------------------------------


@dataclass(frozen=True)
class _Outcome:
    root: Path | None = None  # the new site, when the build succeeded
    error: str | None = None
    mount: str = "/"
    watch: frozenset[str] = frozenset()  # what to watch from now on; empty: as before
    report: tuple[str, ...] = ()


class _Watches:
    """Stands for MkDocs' LiveReloadServer in the plugins' ``on_serve``: collects their paths."""

    def __init__(self) -> None:
        self.paths: set[str] = set()

    def watch(self, path: str, func: object = None, *, recursive: bool = True) -> None:
        self.paths.add(os.path.abspath(path))

    def unwatch(self, path: str) -> None:
        self.paths.discard(os.path.abspath(path))


@dataclass
class _Session:
    config_file: Path
    host: str
    port: int
    state: _State
    out: TextIO
    log: MkDocsLog
    watched: frozenset[str] = frozenset()
    folders: set[Path] = field(default_factory=set)  # every temporary folder still there
    retired: list[Path] = field(default_factory=list)  # served until the last switch
    plugins: PluginCollection | None = None  # those whose on_startup ran

    def say(self, text: str) -> None:
        print(printable(text), file=self.out, flush=True)

    def run(self) -> None:
        """Build, then rebuild on every change, until a signal stops it."""
        self.watched = frozenset({os.path.abspath(self.config_file)})
        now = _look(self.watched)
        while True:
            seen = self.rebuild(now)
            while True:
                time.sleep(POLL_INTERVAL)
                now = _look(self.watched)
                if now != seen:
                    break
            while True:  # an editor may write a file in several steps
                time.sleep(SETTLE)
                again = _look(self.watched)
                if again == now:
                    break
                now = again
            self.say("a watched file changed: rebuilding")

    def rebuild(self, files: dict[str, tuple[int, int, int]]) -> dict[str, tuple[int, int, int]]:
        """Build, and switch to the site if it built; the watched files as this build saw them.

        ``files`` are the watched files as they were before the build. When the build changes
        what is watched (the first build, a new corpus folder), the files newly watched are
        looked at after it, and one changed during the build is taken as changed.
        """
        watched, started = self.watched, time.time_ns()
        self._rebuild()
        if self.watched == watched:
            return files
        seen = {path: stat for path, stat in files.items() if _inside(path, self.watched)}
        margin = 100_000_000  # ns: the file system's clock may lag behind time.time_ns()
        for path, stat in _look(self.watched).items():
            if path not in seen:
                seen[path] = CHANGED if stat[0] >= started - margin else stat
        return seen

    def _rebuild(self) -> None:
        start = time.monotonic()
        outcome = self.build()
        if outcome.watch:
            self.watched = outcome.watch | {os.path.abspath(self.config_file)}
        if outcome.root is not None:
            self.retire(self.state.publish(outcome.root, outcome.mount))
            for line in outcome.report:
                self.say(line)
            self.say(f"built in {time.monotonic() - start:.1f} s: serving it")
            return
        assert outcome.error is not None
        self.say(outcome.error)  # MkDocs' warnings, if any, were printed as they came
        self.state.fail("\n".join((*self.log.warnings, outcome.error)))
        if self.state.view().root is not None:
            self.say("the build failed: still serving the last good site")
        else:
            self.say("the build failed: every page shows the error until a save fixes it")

    def build(self) -> _Outcome:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError

        self.log.errors.clear()
        self.log.warnings.clear()
        folder = Path(tempfile.mkdtemp(prefix="statement-site-serve-"))
        self.folders.add(folder)
        built = False
        try:
            try:
                config = load_config(str(self.config_file), site_dir=str(folder))
            except (ConfigurationError, Abort) as problem:
                message = "\n".join(self.log.errors) or str(problem)
                return _Outcome(error=f"{self.config_file}: {message}")
            mount = _mount_path(config.site_url)
            host = f"[{self.host}]" if ":" in self.host else self.host
            serve_url = f"http://{host}:{self.port}{mount}"
            config.site_url = serve_url
            ours = config.plugins.get("statement-site")
            if ours is not None:  # the valid documents are served, the others listed
                ours.config["skip_invalid"] = True
            if self.plugins is None:
                config.plugins.on_startup(command="serve", dirty=False)
                self.plugins = config.plugins
            error: str | None = None
            try:
                build(config, serve_url=serve_url)
            except (Abort, ConfigurationError) as failure:
                error = "\n".join(self.log.errors) or f"build failed: {failure}"
            except Exception:  # a program error in a plugin: a failed build, not a dead server
                error = traceback.format_exc().rstrip()
            watch = self.watch_list(config)
            if error is not None:
                return _Outcome(error=error, watch=watch)
            built = True
            plugin = config.plugins.get("statement-site")
            report = (
                *getattr(plugin, "refused_report", list)(),
                *getattr(plugin, "translation_report", list)(),
            )
            return _Outcome(root=folder, mount=mount, watch=watch, report=report)
        finally:
            if not built:
                self.remove(folder)

    def watch_list(self, config: Any) -> frozenset[str]:
        """The docs folder, MkDocs' ``watch`` and what the plugins watch in ``on_serve``."""
        watches = _Watches()
        watches.watch(config.docs_dir)
        for path in config.watch:
            watches.watch(path)
        try:
            config.plugins.on_serve(cast(Any, watches), config=config, builder=lambda: None)
        except Exception as error:  # a plugin that wants more of the server than watch()
            self.say(f"statement-site serve: on_serve of a plugin failed: {error!r}")
        return frozenset(watches.paths)

    def retire(self, previous: Path | None) -> None:
        """Keep the site served until now a while (requests may be reading it), then remove it."""
        if previous is not None:
            self.retired.append(previous)
        while len(self.retired) > 1:
            self.remove(self.retired.pop(0))

    def remove(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        self.folders.discard(folder)

    def close(self) -> None:
        try:
            if self.plugins is not None:
                self.plugins.on_shutdown()
        finally:
            for folder in list(self.folders):
                self.remove(folder)


def _inside(path: str, roots: frozenset[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _mount_path(site_url: str | None) -> str:
    path = urllib.parse.urlsplit(site_url or "/").path
    return ("/" + path.lstrip("/")).rstrip("/") + "/"


def _look(paths: frozenset[str]) -> dict[str, tuple[int, int, int]]:
    """Every watched file, with its modification time, size and inode."""
    files: dict[str, tuple[int, int, int]] = {}

    def add(path: str) -> None:
        try:
            stat = os.stat(path)
        except OSError:
            return
        files[path] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)

    for path in sorted(paths):
        if not os.path.isdir(path):
            add(path)
            continue
        for folder, folders, names in os.walk(path):
            folders[:] = [name for name in folders if not name.startswith(".")]
            for name in names:
                if not name.startswith(".") and not name.endswith("~"):
                    add(os.path.join(folder, name))
    return files


# -- The command ----------------------------------------------------------------------------


class _Stop(BaseException):
    """SIGINT or SIGTERM: stop serving."""


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise :class:`_Stop` in the main thread, once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal raised
        if not raised:
            raised = True
            raise _Stop(signum)

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _address(dev_addr: str) -> tuple[str, int] | None:
    host, colon, port = dev_addr.rpartition(":")
    if not colon or not port.isdigit() or int(port) > 65535:
        return None
    host = host.removeprefix("[").removesuffix("]") or "127.0.0.1"
    return host, int(port)


def serve(config_file: Path, dev_addr: str = "127.0.0.1:8000", out: TextIO | None = None) -> int:
    """Serve the site of ``config_file`` on ``dev_addr`` until SIGINT or SIGTERM (see above).

    Everything is printed on ``out`` (default: the ``sys.stderr`` of the call). The exit status:
    0 once stopped by a signal, 1 when it could not start serving.
    """
    out = out if out is not None else sys.stderr
    address = _address(dev_addr)
    if address is None:
        print(f"{dev_addr}: not an address IP:PORT", file=out, flush=True)
        return EXIT_FAILED
    if not config_file.is_file():
        what = "not a regular file" if config_file.exists() else "no such file"
        print(printable(f"{config_file}: {what}"), file=out, flush=True)
        return EXIT_FAILED
    state = _State()
    try:
        server = _Server(address, state, out)
    except OSError as error:
        print(f"cannot serve on {dev_addr}: {error.strerror or error}", file=out, flush=True)
        return EXIT_FAILED
    host, port = address[0], int(server.server_address[1])
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    with mkdocs_log(out) as log:
        session = _Session(config_file, host, port, state, out, log)
        with _stopped_by_signals():
            try:
                thread.start()
                url_host = f"[{host}]" if ":" in host else host
                session.say(f"serving http://{url_host}:{port}/ (Ctrl-C to stop)")
                session.run()
            except (_Stop, KeyboardInterrupt):
                pass
            finally:
                if thread.is_alive():
                    server.shutdown()
                server.server_close()
                session.close()
            session.say("stopped")
    return EXIT_OK
