"""``statement-site serve`` (statement_site.serve) in a subprocess: never silent, never stuck.

Each test starts the server on a free port of 127.0.0.1 (port 0: the server says which) against
a copy of the project, with its own TMPDIR, so that the removal of its temporary folders can be
checked. Every request and every wait is bounded; the server is killed in a ``finally``.
"""

from __future__ import annotations

import html
import io
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from statement_site.serve import BUILDING, FAILED, serve

from .conftest import STATEMENT_ID, make_project

REQUEST_TIMEOUT = 10  # seconds: a request that takes longer is a hang
BUILD_TIMEOUT = 90  # seconds: a build of the bundled corpus takes 3-6 s here
CLAUSE = f"/{STATEMENT_ID}/15/"
BAD_DATE = "2022-13-45<script>alert(1)</script>"


class Server:
    """A running ``serve`` subprocess, its standard error read line by line as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        serving = self.wait_for_line(lambda line: line.startswith("serving http://"), 30)
        match = re.match(r"serving (http://127\.0\.0\.1:\d+)/", serving)
        assert match, serving
        self.url = match[1]

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()

    def wait_for_line(self, wanted: Callable[[str], bool], seconds: float, start: int = 0) -> str:
        """The first line from ``start`` on that is ``wanted``, waited for ``seconds`` at most."""
        found: list[str] = []

        def seen() -> bool:
            found[:] = [line for line in self.lines[start:] if wanted(line)]
            return bool(found) or self.process.poll() is not None

        with self._seen:
            self._seen.wait_for(seen, timeout=seconds)
        assert found, f"not printed within {seconds} s; stderr:\n" + "\n".join(self.lines)
        return found[0]

    def get(self, path: str) -> tuple[int, str]:
        """Status and text of ``path``; an error status is an answer, a timeout a failure."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for_page(self, path: str, needle: str, seconds: float = BUILD_TIMEOUT) -> str:
        """The text of ``path`` once it is served with status 200 and contains ``needle``."""
        deadline = time.monotonic() + seconds
        status, text = 0, ""
        while time.monotonic() < deadline:
            status, text = self.get(path)
            if status == 200 and needle in text:
                return text
            assert self.process.poll() is None, "\n".join(self.lines)
            time.sleep(0.3)
        raise AssertionError(f"{path}: {needle!r} not served within {seconds} s ({status})")

    def stop(self, signum: int) -> int:
        """Send ``signum``; the exit status (a server that does not stop is killed: -9)."""
        self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return -9
        finally:
            self._reader.join(timeout=5)


@contextmanager
def running(config: Path, tmp: Path) -> Iterator[Server]:
    """``serve(config, "127.0.0.1:0", sys.stderr)`` in a subprocess while the block runs."""
    code = (
        "import sys; from pathlib import Path; from statement_site.serve import serve; "
        f"raise SystemExit(serve(Path({str(config)!r}), '127.0.0.1:0', sys.stderr))"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(tmp)}
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
    )
    try:
        yield Server(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def epoch_of(page: str) -> int:
    """The site version a served page was given for live reload."""
    match = re.search(r"\}\)\((\d+)\);\s*</script>", page)
    assert match, "no live-reload script in the page"
    return int(match[1])


def set_date(document: Path, value: str) -> str:
    """Write ``date: value`` in document.yml; the ``FILE:LINE:COL:`` of that value."""
    text = document.read_text(encoding="utf-8")
    new = re.sub(r"(?m)^date: .*$", lambda _: f'date: "{value}"', text, count=1)
    document.write_text(new, encoding="utf-8")
    line = new[: new.index("\ndate: ")].count("\n") + 2
    return f"{document}:{line}:7:"


def temporary_sites(tmp: Path) -> list[Path]:
    """The server's temporary folders (jieba and the plugin keep their caches there too)."""
    return sorted(tmp.glob("statement-site-serve-*"))


@pytest.fixture
def tmp(tmp_path: Path) -> Path:
    folder = tmp_path / "tmp"
    folder.mkdir()
    return folder


def test_a_corpus_broken_at_start_is_shown_escaped_until_a_save_fixes_it(
    tmp_path: Path, tmp: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from statement_site.cli import main

    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    document = project / "corpus" / STATEMENT_ID / "document.yml"
    where = set_date(document, BAD_DATE)
    # What statement-site build prints for this corpus, line for line.
    assert main(["build", "-f", str(config), "-d", str(tmp_path / "site")]) == 1
    expected = capsys.readouterr().err.strip().splitlines()
    assert expected == [f"{where} key 'date': expected a date written YYYY-MM-DD, got '{BAD_DATE}'"]

    with running(config, tmp) as server:
        assert server.get("/")[0] in (BUILDING, FAILED)  # answered while the first build runs
        server.wait_for_line(lambda line: line == expected[0], 60)
        server.wait_for_line(lambda line: "every page shows the error" in line, 5)
        for path in ("/", CLAUSE, "/en/", "/nowhere/"):
            status, text = server.get(path)
            assert status == FAILED, path
            assert html.escape(expected[0]) in text, path
            assert "<script>alert(1)" not in text, path  # the value never raw

        set_date(document, "2022-11-02")
        server.wait_for_page(CLAUSE, "瓜达尔港")
        assert "<script>alert(1)" not in server.get("/")[1]
        english = server.wait_for_page("/en/", "Joint Statement", 10)
        assert '<html lang="en"' in english
        assert server.wait_for_line(lambda line: line.startswith("built in "), 5)

        assert server.stop(signal.SIGINT) == 0
        assert server.lines[-1] == "stopped"
    assert temporary_sites(tmp) == []  # every temporary folder removed


def test_a_broken_save_keeps_the_last_good_site_and_the_fix_is_served(
    tmp_path: Path, tmp: Path
) -> None:
    project = make_project(tmp_path)
    document = project / "corpus" / STATEMENT_ID / "document.yml"
    source = project / "corpus" / STATEMENT_ID / "source.zh.txt"

    with running(project / "mkdocs.yml", tmp) as server:
        clause = server.wait_for_page(CLAUSE, "龙头项目")
        home = server.wait_for_page("/", STATEMENT_ID, 10)
        english = server.wait_for_page("/en/", "Joint Statement", 10)
        assert '<html lang="en"' in english
        epoch = epoch_of(clause)

        where = set_date(document, BAD_DATE)
        printed = len(server.lines)
        message = f"{where} key 'date': expected a date written YYYY-MM-DD, got '{BAD_DATE}'"
        server.wait_for_line(lambda line: line == message, 60, printed)
        server.wait_for_line(lambda line: "still serving the last good site" in line, 5)
        for path, before in ((CLAUSE, clause), ("/", home)):
            started = time.monotonic()
            status, text = server.get(path)
            assert status == 200 and time.monotonic() - started < 2, path
            assert epoch_of(text) == epoch, path  # the same site, no reload
            assert text == before, path
        assert server.get("/en/")[0] == 200
        assert len(temporary_sites(tmp)) == 1  # the failed build's folder is gone
        # A browser's poll for a newer site is answered (not held) once there is one.
        assert server.get(f"/livereload/{epoch - 1}/1") == (200, str(epoch))

        set_date(document, "2022-11-02")
        source.write_text(
            source.read_text(encoding="utf-8").replace("龙头项目", "龙头工程", 1), encoding="utf-8"
        )
        started = time.monotonic()  # while the site is rebuilt, the last one is served
        assert server.get(CLAUSE)[0] == 200 and time.monotonic() - started < 2
        changed = server.wait_for_page(CLAUSE, "龙头工程")
        assert epoch_of(changed) > epoch
        started = time.monotonic()
        assert server.get(f"/livereload/{epoch}/2") == (200, str(epoch_of(changed)))
        assert time.monotonic() - started < 2
        assert server.get("/en/")[0] == 200

        assert server.stop(signal.SIGTERM) == 0
        assert server.lines[-1] == "stopped"
    assert temporary_sites(tmp) == []


def test_serve_refuses_a_missing_configuration_a_bad_address_or_a_busy_port(
    tmp_path: Path,
) -> None:
    config = make_project(tmp_path) / "mkdocs.yml"
    out = io.StringIO()
    assert serve(tmp_path / "missing.yml", "127.0.0.1:0", out) == 1
    assert serve(config, "localhost", out) == 1
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert serve(config, f"127.0.0.1:{port}", out) == 1
    assert out.getvalue().splitlines() == [
        f"{tmp_path / 'missing.yml'}: no such file",
        "localhost: not an address IP:PORT",
        f"cannot serve on 127.0.0.1:{port}: Address already in use",
    ]


def test_a_broken_document_among_others_is_listed_and_the_others_are_served(
    tmp_path: Path,
) -> None:
    """serve publishes the valid documents (skip-invalid) and prints every refused one."""
    import shutil

    from .test_build import EXAMPLE_TREATY

    project = make_project(tmp_path)
    treaty = project / "corpus" / "2001-07-16-example-treaty"
    shutil.copytree(EXAMPLE_TREATY, treaty)
    metadata = treaty / "document.yml"
    metadata.write_text(
        metadata.read_text(encoding="utf-8").replace("2001-07-16", "2001-13-45"), "utf-8"
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with running(project / "mkdocs.yml", tmp) as server:
        server.wait_for_line(lambda line: "1 of 2 documents refused" in line, BUILD_TIMEOUT)
        server.wait_for_line(lambda line: f"{metadata}:7:7: key 'date'" in line, 5)
        server.wait_for_page(CLAUSE, "瓜达尔港")
        assert server.get("/2001-07-16-example-treaty/1/")[0] == 404
        start = len(server.lines)
        metadata.write_text(
            metadata.read_text(encoding="utf-8").replace("2001-13-45", "2001-07-16"), "utf-8"
        )
        server.wait_for_page("/2001-07-16-example-treaty/1/", "缔约双方")
        assert not any("refused" in line for line in server.lines[start:])
