"""Publishing the site (publish.py): never lost, never half-published, never someone else's.

The library is tested with stand-in builds (files written into the staging folder); the promises
about kills are tested on the real command, ``python -m statement_site.cli build``, killed with
SIGKILL at each named point of publishing (``STATEMENT_SITE_CRASH_AT``) and at random moments.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from statement_site import publish
from statement_site.cli import main

from .conftest import CORPUS, make_project

EXAMPLE_TREATY = Path(__file__).parent / "data" / "example-treaty"
DOCUMENT = "2001-07-16-example-treaty"
# What a gh-pages worktree and GitHub Pages keep at the top of the site.
DOTFILES = {
    ".nojekyll": b"",
    ".git/HEAD": b"ref: refs/heads/gh-pages\n",
    ".git/objects/ab/cdef": b"\x78\x01",
}
KILLED = -signal.SIGKILL


# -- Helpers -----------------------------------------------------------------------------------


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def site_map(site: Path) -> dict[str, bytes] | None:
    """The files of the site (its manifest included), without the top-level dot entries kept."""
    if not site.is_dir():
        return None
    return {
        name: data
        for name, data in files_of(site).items()
        if not name.startswith(".") or name == publish.MANIFEST
    }


def dot_map(folder: Path) -> dict[str, bytes]:
    """The files under the top-level dot entries of a site folder, but its manifest."""
    return {
        name: data
        for name, data in files_of(folder).items()
        if name.startswith(".") and name != publish.MANIFEST
    }


def leftovers(site: Path) -> list[str]:
    """The staging, old and trash folders beside ``site`` (not its lock file)."""
    return sorted(
        p.name
        for p in site.parent.iterdir()
        if p.name.startswith(f".{site.name}.") and p.name != f".{site.name}.lock"
    )


def publish_files(site: Path, files: dict[str, bytes]) -> None:
    """A stand-in build that writes ``files``, published in place of ``site``."""
    with publish.staged(site) as staging:
        write_files(staging, files)


def small_corpus(folder: Path, title: str = "") -> Path:
    """The bundled vocabulary and dictionary with the five-article example treaty."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("topics.yml", "dictionary.yml"):
        shutil.copy(CORPUS / name, folder / name)
    shutil.copytree(EXAMPLE_TREATY, folder / DOCUMENT, dirs_exist_ok=True)
    if title:
        metadata = folder / DOCUMENT / "document.yml"
        text = metadata.read_text(encoding="utf-8")
        metadata.write_text(text.replace("（示例）", title), encoding="utf-8")
    return folder


# Two versions of the corpus, whose sites differ in every page (the document's title).
VERSIONS = {"a": "", "b": "（示例，第二版）"}


def use_corpus(project: Path, version: str) -> None:
    shutil.rmtree(project / "corpus")
    small_corpus(project / "corpus", VERSIONS[version])


def small_project(tmp: Path, version: str = "a") -> Path:
    """A project of the small corpus; without the English site, for speed (publishing is the
    same: the plugin builds it inside the staging folder)."""
    project = make_project(tmp, corpus=small_corpus(tmp / f"corpus-{version}", VERSIONS[version]))
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipped = [], None
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if skipped is not None and (indent > skipped or not line.strip()):
            continue
        skipped = indent if line.strip().startswith("languages:") else None
        if skipped is None:
            kept.append(line)
    config.write_text("".join(kept), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The site of each version of the corpus, built once by the real command."""
    projects = {
        version: small_project(tmp_path_factory.mktemp(f"reference-{version}"), version)
        for version in VERSIONS
    }
    builds = [
        subprocess.Popen(build_command(project), env=build_env()) for project in projects.values()
    ]
    assert [process.wait(timeout=300) for process in builds] == [0] * len(builds)
    sites = {version: project / "site" for version, project in projects.items()}
    assert not (sites["a"] / "en").exists()
    return sites


def project_with_site(tmp_path: Path, reference: dict[str, Path]) -> Path:
    """A project built from version a of the corpus, its site holding a worktree's dotfiles."""
    project = small_project(tmp_path)
    shutil.copytree(reference["a"], project / "site")
    write_files(project / "site", DOTFILES)
    return project


def build(
    project: Path, crash_at: str | None = None, fallback: bool = False
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        build_command(project), env=build_env(crash_at, fallback), capture_output=True, text=True
    )


def build_command(project: Path) -> list[str]:
    return [sys.executable, "-m", "statement_site.cli", "build", "-f", str(project / "mkdocs.yml")]


def build_env(crash_at: str | None = None, fallback: bool = False) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(publish.CRASH_AT, None)
    env.pop(publish.NO_EXCHANGE, None)
    if crash_at:
        env[publish.CRASH_AT] = crash_at
    if fallback:
        env[publish.NO_EXCHANGE] = "1"
    return env


def assert_dotfiles_not_lost(site: Path) -> None:
    """Each dotfile is in the site or, after a kill in the middle of a swap, in a leftover."""
    found = dot_map(site) if site.is_dir() else {}
    for name in leftovers(site):
        found.update(dot_map(site.parent / name))
    assert found == DOTFILES


# -- Which folders may be replaced -------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "reason"),
    [
        ("project/corpus", "it is the corpus folder"),
        ("project/docs", "it is the docs folder"),
        ("project", "it is the project folder"),
        ("project/corpus/site", "it is inside the corpus folder"),
        ("project/docs/site", "it is inside the docs folder"),
        ("", "it contains the corpus folder"),
    ],
)
def test_a_site_dir_that_is_or_contains_or_lies_inside_a_source_folder_is_refused(
    tmp_path: Path, site: str, reason: str
) -> None:
    project = tmp_path / "project"
    with pytest.raises(publish.PublishError) as refused:
        publish.check_site_dir(
            tmp_path / site, corpus=project / "corpus", docs=project / "docs", project=project
        )
    assert reason in str(refused.value)
    assert str(refused.value).endswith("; give another --site-dir")


def test_a_site_dir_inside_the_project_or_elsewhere_is_accepted(tmp_path: Path) -> None:
    project = tmp_path / "project"
    for site in (project / "site", tmp_path / "elsewhere" / "site", project / "corpus-site"):
        publish.check_site_dir(
            site, corpus=project / "corpus", docs=project / "docs", project=project
        )


@pytest.mark.parametrize("site_dir", ["corpus", "corpus/site"])
def test_build_with_the_corpus_as_site_dir_is_refused_and_deletes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    site_dir: str,
) -> None:
    project = make_project(tmp_path, corpus=small_corpus(tmp_path / "corpus"))
    before = files_of(project)
    monkeypatch.chdir(project)
    assert main(["build", "-d", site_dir]) == 1
    reason = "is the corpus folder" if site_dir == "corpus" else "is inside the corpus folder"
    assert f"refusing to replace {site_dir}/: it {reason}" in capsys.readouterr().err
    assert files_of(project) == before
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml"]


def test_build_into_a_folder_of_someone_elses_files_is_refused_and_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, corpus=small_corpus(tmp_path / "corpus"))
    write_files(project / "notes", {"todo.txt": b"call the embassy\n"})
    monkeypatch.chdir(project)
    assert main(["build", "-d", "notes"]) == 1
    assert capsys.readouterr().err == (
        "statement-site build: refusing to replace notes/: it holds files no build of this site "
        "wrote (notes/todo.txt); give another --site-dir or remove them\n"
    )
    assert files_of(project / "notes") == {"todo.txt": b"call the embassy\n"}
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "notes"]


def test_a_site_with_files_added_by_hand_is_refused_and_the_message_names_them(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"1", "a/index.html": b"2"})
    write_files(site, {"a/notes.txt": b"mine", "b/c.txt": b"mine", "d.txt": b"", "e.txt": b""})
    (site / "empty").mkdir()
    before = files_of(site)
    with pytest.raises(publish.PublishError) as refused:
        publish_files(site, {"index.html": b"new"})
    assert str(refused.value) == (
        f"statement-site build: refusing to replace {site}/: it holds files no build of this "
        f"site wrote ({site}/a/notes.txt, {site}/b/, {site}/d.txt, …); give another --site-dir "
        "or remove them"
    )
    assert files_of(site) == before
    assert leftovers(site) == []


def test_a_missing_empty_or_dotfiles_only_folder_is_replaced(tmp_path: Path) -> None:
    publish_files(tmp_path / "missing" / "site", {"index.html": b"new"})
    (tmp_path / "empty").mkdir()
    publish_files(tmp_path / "empty", {"index.html": b"new"})
    write_files(tmp_path / "worktree", DOTFILES)  # a fresh gh-pages worktree
    publish_files(tmp_path / "worktree", {"index.html": b"new"})
    for site in (tmp_path / "missing" / "site", tmp_path / "empty", tmp_path / "worktree"):
        assert site_map(site) == {"index.html": b"new", publish.MANIFEST: b"index.html\n"}
    assert dot_map(tmp_path / "worktree") == DOTFILES


def test_a_site_written_before_manifests_existed_is_replaced_with_its_dotfiles_kept(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    old = {"assets/statement-site.css": b"", "sitemap.xml": b"", "index.html": b"old"}
    write_files(site, {**old, **DOTFILES})
    publish_files(site, {"index.html": b"new"})
    assert site_map(site) == {"index.html": b"new", publish.MANIFEST: b"index.html\n"}
    assert dot_map(site) == DOTFILES


def test_a_non_empty_folder_without_a_manifest_is_refused(tmp_path: Path) -> None:
    write_files(tmp_path / "site", {"sitemap.xml": b"", "index.html": b"someone's"})
    with pytest.raises(publish.PublishError, match=r"index\.html, .*sitemap\.xml"):
        publish_files(tmp_path / "site", {"index.html": b"new"})
    assert files_of(tmp_path / "site")["index.html"] == b"someone's"


def test_the_manifest_lists_every_file_the_build_wrote_in_order(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish_files(site, {"z.html": b"", "a/b/index.html": b"", "a/style.css": b"", ".x": b""})
    manifest = (site / publish.MANIFEST).read_text(encoding="utf-8")
    assert manifest == ".x\na/b/index.html\na/style.css\nz.html\n"


def test_the_old_sites_top_level_dot_entries_move_into_the_new_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"old", "assets/.hidden": b"built"})
    write_files(site, DOTFILES)
    publish_files(site, {"index.html": b"new"})
    assert files_of(site) == {
        **DOTFILES,
        publish.MANIFEST: b"index.html\n",
        "index.html": b"new",
    }
    assert leftovers(site) == []


def test_a_failed_build_leaves_the_site_as_it_was_and_no_staging_folder(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"old"})
    before = files_of(site)
    with pytest.raises(RuntimeError), publish.staged(site) as staging:
        write_files(staging, {"index.html": b"half"})
        raise RuntimeError("the build failed")
    assert files_of(site) == before
    assert leftovers(site) == []


def test_the_next_build_puts_back_a_site_renamed_away_and_dotfiles_left_beside_it(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"old"})
    write_files(site, DOTFILES)
    old = files_of(site)
    folder = publish.SiteDir(site)
    for name in (".site.old-killed", ".site.staging-killed", ".site.staging-swapped",
                 ".site.trash-deleting"):  # fmt: skip
        folder.record(tmp_path / name)  # as the killed builds did, in the lock file
    site.rename(tmp_path / ".site.old-killed")  # killed between the two renames
    write_files(tmp_path / ".site.staging-killed", {"index.html": b"half"})
    publish.recover(folder)
    assert files_of(site) == old
    assert leftovers(site) == []
    # Killed after an exchange: the old site, with the dotfiles, is in the staging folder.
    write_files(tmp_path / ".site.staging-swapped", {"index.html": b"older", **DOTFILES})
    shutil.rmtree(site / ".git")
    (site / ".nojekyll").unlink()
    write_files(tmp_path / ".site.trash-deleting", {"index.html": b"oldest"})
    publish.recover(folder)
    assert dot_map(site) == DOTFILES
    assert leftovers(site) == []


def test_folders_a_user_named_like_leftovers_are_never_touched(tmp_path: Path) -> None:
    """Only the folders a build recorded in the lock file are restored or deleted."""
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"old"})
    mine = {
        ".site.staging-mine": {"notes.txt": b"mine"},
        ".site.old-zz": {"important.txt": b"backup"},
        ".site.trash-x": {"keep.txt": b"keep"},
    }
    for name, content in mine.items():
        write_files(tmp_path / name, content)
    publish_files(site, {"index.html": b"new"})
    for name, content in mine.items():
        assert files_of(tmp_path / name) == content
    shutil.rmtree(site)  # no site: a user's .site.old-zz is still not taken for one
    publish.recover(publish.SiteDir(site))
    assert not site.exists()
    assert files_of(tmp_path / ".site.old-zz") == mine[".site.old-zz"]


def test_a_second_build_waits_for_the_first_and_the_lock_file_goes_with_the_last(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    publish_files(site, {"index.html": b"first"})
    assert not (tmp_path / ".site.lock").exists()
    waited: list[Path] = []
    with open(tmp_path / ".site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another build holds it
        second = threading.Thread(
            target=lambda: _publish_waiting(site, waited), name="second build", daemon=True
        )
        second.start()
        time.sleep(0.3)
        assert waited == [tmp_path / ".site.lock"]
        assert site_map(site) == {"index.html": b"first", publish.MANIFEST: b"index.html\n"}
        os.unlink(tmp_path / ".site.lock")  # as a build does before it releases the lock
    second.join(timeout=10)
    assert site_map(site) == {"index.html": b"second", publish.MANIFEST: b"index.html\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def _publish_waiting(site: Path, waited: list[Path]) -> None:
    with publish.staged(site, on_wait=waited.append) as staging:
        write_files(staging, {"index.html": b"second"})


# -- Kills -------------------------------------------------------------------------------------

BEFORE_THE_SWAP = ("lock-taken", "staging-made", "built", "manifest-written")
AFTER_THE_SWAP = ("after-exchange",)
# Each point, with the exchange and with its fallback (two renames), in the order they are run.
POINTS = [
    *((point, False) for point in (*BEFORE_THE_SWAP, *AFTER_THE_SWAP)),
    *((point, True) for point in ("between-renames", "after-exchange")),
]


def test_a_build_killed_at_each_point_of_publishing_leaves_the_old_or_the_new_site_whole(
    tmp_path: Path, reference: dict[str, Path]
) -> None:
    """After each kill: the previous site or the new one, whole, with its dotfiles (or, killed
    in the middle of the swap, the dotfiles in a leftover folder); the next build first puts
    everything back (stopped once it has made its staging folder, for speed); a last build
    succeeds and leaves nothing behind. The corpus alternates, so the two sites always differ."""
    assert {point for point, _ in POINTS} == set(publish.CHECKPOINTS)
    project = project_with_site(tmp_path, reference)
    site = project / "site"
    maps = {version: site_map(folder) for version, folder in reference.items()}
    current = new = "a"
    for point, fallback in POINTS:
        new = "b" if current == "a" else "a"
        use_corpus(project, new)
        result = build(project, crash_at=point, fallback=fallback)
        assert result.returncode == KILLED, f"{point}: {result.stderr}"
        if point == "between-renames":  # the fallback's moment without a site
            assert not site.exists()
            [old] = [name for name in leftovers(site) if name.startswith(".site.old-")]
            assert site_map(project / old) == maps[current]
        else:
            current = new if point in AFTER_THE_SWAP else current
            assert site_map(site) == maps[current], point
        assert_dotfiles_not_lost(site)
        if point in BEFORE_THE_SWAP:
            continue  # the site was not touched: the next kill's build cleans up
        probe = build(project, crash_at="staging-made", fallback=fallback)
        assert probe.returncode == KILLED, f"after {point}: {probe.stderr}"
        assert site_map(site) == maps[current], f"after {point}"
        assert dot_map(site) == DOTFILES, f"after {point}"
        [staging] = leftovers(site)
        assert staging.startswith(".site.staging-") and not any((project / staging).iterdir())
    new = "b" if current == "a" else "a"
    use_corpus(project, new)
    # With the exchange, a build never passes between two renames: this one is not killed.
    result = build(project, crash_at="between-renames")
    assert result.returncode == 0, result.stderr
    assert site_map(site) == maps[new]
    assert dot_map(site) == DOTFILES
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "site"]


def test_builds_killed_at_random_moments_leave_a_whole_site_and_the_next_build_cleans_up(
    tmp_path: Path, reference: dict[str, Path]
) -> None:
    seed = int(os.environ.get("STATEMENT_SITE_TEST_SEED", time.time_ns() % 1_000_000))
    print(f"random seed: {seed} (STATEMENT_SITE_TEST_SEED={seed} repeats it)")
    rng = random.Random(seed)
    project = project_with_site(tmp_path, reference)
    site = project / "site"
    maps = {version: site_map(folder) for version, folder in reference.items()}
    current = "a"
    for _ in range(3):
        new = "b" if current == "a" else "a"
        use_corpus(project, new)
        delay = rng.uniform(0.3, 3.0)
        process = subprocess.Popen(
            build_command(project),
            env=build_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        found = site_map(site)
        assert found in (maps[current], maps[new]), f"killed after {delay:.2f} s"
        assert_dotfiles_not_lost(site)
        current = "a" if found == maps["a"] else "b"
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert site_map(site) == maps[new]
    assert dot_map(site) == DOTFILES
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "site"]


def test_two_concurrent_builds_both_succeed_and_the_index_page_is_never_missing(
    tmp_path: Path, reference: dict[str, Path]
) -> None:
    project = project_with_site(tmp_path, reference)
    site = project / "site"
    use_corpus(project, "b")
    index = site / "index.html"
    counts = {"read": 0, "missing": 0}
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                with open(index, "rb"):
                    counts["read"] += 1
            except FileNotFoundError:
                counts["missing"] += 1
            time.sleep(0.0005)

    watcher = threading.Thread(target=poll, name="watcher", daemon=True)
    watcher.start()
    try:
        builds = [
            subprocess.Popen(
                build_command(project),
                env=build_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        errors = [process.communicate(timeout=120)[1] for process in builds]
    finally:
        stop.set()
        watcher.join(timeout=5)
    assert [process.returncode for process in builds] == [0, 0], errors
    assert sum("waiting for another build of" in error for error in errors) == 1
    assert counts["missing"] == 0 and counts["read"] > 100
    assert site_map(site) == site_map(reference["b"])
    assert dot_map(site) == DOTFILES
    assert sorted(p.name for p in project.iterdir()) == ["corpus", "docs", "mkdocs.yml", "site"]
