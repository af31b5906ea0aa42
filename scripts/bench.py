"""Benchmark the site build: medians (with min and max) over repeated runs.

Run it through ``./scripts/bench`` (which makes the .venv first). What is measured:

1. the whole build: ``statement-site build`` of the repository's mkdocs.yml and corpus into a
   temporary site dir, as a subprocess (a fresh interpreter, as a user runs it);
2. the bare ``mkdocs build --strict`` of the same pages: the pages of
   ``render(load_corpus(...))`` and the stylesheet written into a temporary docs dir (beside a
   copy of the hand-written docs/), with a copy of mkdocs.yml that has no statement-site plugin
   entry, the plugin's nav (or MkDocs' default nav with ``--default-nav``) and ``extra_css``
   pointing to the stylesheet; the plugin's overhead is the difference of the medians;
3. load_corpus + render in-process (time.perf_counter, many repetitions);
4. jieba's start-up in a subprocess, cold (fresh TMPDIR: no jieba.cache) and warm (cache there);
5. the size of search/search_index.json (raw, gzip -9, entries in "docs") and of the whole site;
6. the search, in headless Chromium on the built site (``--queries FILE``, by default
   tests/search-queries.yaml and the query files of tests/data/eval/): each query typed into the
   real search box of its language's site; MRR, recall@5, the share of queries whose first result
   is relevant, queries without results, and the time from the last keystroke to the results on
   screen (median and max). ``--no-search`` leaves it out.

The whole build makes the Chinese site and the English one (/en/); the bare build makes the
Chinese pages only, so the difference of the two is the plugin's work and the English site.

Both builds run with TMPDIR set to a private directory that already holds jieba's cache, so they
are timed warm, as every build after a user's first one is, whatever the state of /tmp.
Relative paths (``--config-file``, ``--json``) are relative to the repository's root.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "statement-site"
JIEBA_CACHE = "jieba.cache"
os.environ["NO_MKDOCS_2_WARNING"] = "1"  # for the in-process MkDocs config below, too
DEFAULT_QUERIES = [
    ROOT / "tests" / "search-queries.yaml",
    *sorted((ROOT / "tests" / "data" / "eval").glob("search-queries-*.yaml")),
]


class BenchError(Exception):
    """A step of the benchmark failed: one message, exit status 1."""


@dataclass
class Samples:
    """Repeated measurements of one quantity, in seconds."""

    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    def as_json(self) -> dict[str, Any]:
        return {
            "median": self.median,
            "min": self.low,
            "max": self.high,
            "samples": self.values,
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="scripts/bench",
        description="Time the site build (whole and bare MkDocs), parse + render, jieba's "
        "start-up, and measure the search index and the site. Prints medians with min and max.",
    )
    parser.add_argument("--runs", type=int, default=5, help="runs of each subprocess (default 5)")
    parser.add_argument(
        "--reps", type=int, default=50, help="repetitions of in-process parse + render (default 50)"
    )
    parser.add_argument(
        "-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml", help="default: mkdocs.yml"
    )
    parser.add_argument(
        "--default-nav",
        action="store_true",
        help="bare build: leave out nav (MkDocs' default order) instead of the plugin's nav",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the numbers here")
    parser.add_argument(
        "--queries",
        type=Path,
        action="append",
        metavar="FILE",
        help="a query file for the search report (repeatable; default: tests/search-queries.yaml "
        "and tests/data/eval/search-queries-*.yaml)",
    )
    parser.add_argument("--no-search", action="store_true", help="no search report")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.reps < 1:
        parser.error("--runs and --reps must be at least 1")
    config_file: Path = args.config_file.resolve()
    if not config_file.is_file():
        parser.error(f"{config_file}: no such file")
    work = Path(tempfile.mkdtemp(prefix="statement-site-bench-"))
    try:
        queries = None if args.no_search else (args.queries or DEFAULT_QUERIES)
        results = _bench(config_file, work, args.runs, args.reps, args.default_nav, queries)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _print_report(results)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
        print(f"\nwrote {args.json}")
    return 0


# --- subprocesses ------------------------------------------------------------------------------


def _env(tmpdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["TMPDIR"] = str(tmpdir)  # tempfile.gettempdir(), hence where jieba keeps its cache
    return env


def _tool(name: str) -> list[str]:
    """The .venv's console script ``name`` (beside this interpreter)."""
    path = Path(sys.executable).parent / name
    if not path.is_file():
        raise BenchError(f"{path}: no such program (is the project installed in this venv?)")
    return [str(path)]


def _timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Wall time of ``command`` run to completion, and its standard error."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-20:])
        raise BenchError(f"{' '.join(command)} exited with {done.returncode}:\n{tail}")
    return elapsed, done.stderr


# --- the bare MkDocs build ---------------------------------------------------------------------


def _plugin_name(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        return str(next(iter(entry)))
    return None


def _without_plugin(plugins: Any) -> tuple[Any, dict[str, Any]]:
    """``plugins`` of mkdocs.yml without the statement-site entry, and that entry's options."""
    options: dict[str, Any] = {}
    if isinstance(plugins, dict):
        options = dict(plugins.get(PLUGIN) or {})
        return {k: v for k, v in plugins.items() if k != PLUGIN}, options
    kept = []
    for entry in plugins or []:
        if _plugin_name(entry) == PLUGIN:
            if isinstance(entry, dict):
                options = dict(entry[PLUGIN] or {})
            continue
        kept.append(entry)
    return kept, options


def _plugin_nav(config_file: Path) -> list[Any]:
    """The nav the plugin builds: MkDocs' own config, on_config and on_files events, in-process."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(config_file))
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)  # sets config.nav
    nav: list[Any] = list(config.nav or [])
    return nav


@dataclass
class BareSetup:
    config: Path
    generated: int  # pages of render(...)
    overridden: list[str]  # generated pages left out because docs/ has a hand-written one
    nav: str  # what the bare build's nav is


def _read_config(config_file: Path) -> tuple[dict[str, Any], Path]:
    """mkdocs.yml as plain data, and the corpus folder of its statement-site entry."""
    try:
        raw = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise BenchError(f"{config_file}: cannot copy it (plain YAML only): {error}") from None
    if not isinstance(raw, dict):
        raise BenchError(f"{config_file}: not a mapping")
    options = _without_plugin(raw.get("plugins"))[1]
    return raw, config_file.parent / str(options.get("corpus", "corpus"))


def _prepare_bare(config_file: Path, work: Path, default_nav: bool) -> BareSetup:
    from statement_site.corpus import load_corpus
    from statement_site.plugin import SCRIPT, STYLESHEET, asset_files
    from statement_site.render import render

    raw, corpus_dir = _read_config(config_file)
    base = config_file.parent
    plugins = _without_plugin(raw.get("plugins"))[0]

    docs = work / "bare-docs"
    hand_written = base / str(raw.get("docs_dir", "docs"))
    if hand_written.is_dir():  # the original language's pages: no <page>.en.md
        shutil.copytree(hand_written, docs, ignore=shutil.ignore_patterns("*.en.md"))
    else:
        docs.mkdir()
    pages = render(load_corpus(corpus_dir))
    overridden = []
    for path, content in sorted({**pages, **asset_files()}.items()):
        target = docs / path
        if target.exists():  # the plugin keeps a hand-written page instead of generating it
            overridden.append(path)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")

    raw["docs_dir"] = str(docs)
    raw["site_dir"] = str(work / "bare-site-unused")
    raw["plugins"] = plugins
    extra_css = list(raw.get("extra_css") or [])
    if STYLESHEET not in extra_css:
        extra_css.append(STYLESHEET)
    raw["extra_css"] = extra_css
    extra_javascript = list(raw.get("extra_javascript") or [])
    if SCRIPT not in extra_javascript:
        extra_javascript.append(SCRIPT)
    raw["extra_javascript"] = extra_javascript
    if default_nav:
        raw.pop("nav", None)
        nav = "MkDocs' default (no nav in the config)"
    elif raw.get("nav") is not None:
        nav = "the nav of mkdocs.yml (which the plugin keeps)"
    else:
        raw["nav"] = _plugin_nav(config_file)
        nav = "the plugin's nav (from its on_files, in-process)"
    bare = work / "bare-mkdocs.yml"
    bare.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return BareSetup(bare, len(pages), overridden, nav)


# --- sizes -------------------------------------------------------------------------------------


def _site_files(site: Path) -> dict[str, int]:
    """The site's files and sizes; the build's manifest (a bare mkdocs build has none) aside."""
    from statement_site.publish import MANIFEST

    return {
        str(path.relative_to(site)): path.stat().st_size
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _index(site: Path) -> tuple[bytes, int]:
    path = site / "search" / "search_index.json"
    if not path.is_file():
        raise BenchError(f"{path}: the build wrote no search index")
    data = path.read_bytes()
    return data, len(json.loads(data)["docs"])


def _compare(whole: Path, bare: Path) -> str:
    """How the bare build's output differs from the whole build's: files, bytes, search index."""
    whole_files = {  # the bare build makes the original language's site only
        name: size for name, size in _site_files(whole).items() if not name.startswith("en/")
    }
    bare_files = _site_files(bare)
    if set(whole_files) != set(bare_files):
        only_whole = sorted(set(whole_files) - set(bare_files))
        only_bare = sorted(set(bare_files) - set(whole_files))
        return (
            f"DIFFERENT files: {len(only_whole)} only in the whole build {only_whole[:3]}, "
            f"{len(only_bare)} only in the bare build {only_bare[:3]}"
        )
    index = str(Path("search", "search_index.json"))
    differ = sorted(
        name
        for name in whole_files
        if name != index and (whole / name).read_bytes() != (bare / name).read_bytes()
    )
    notes = [f"same {len(whole_files)} files"]
    if differ:
        notes.append(f"{len(differ)} of them with other bytes {differ[:3]}")
    else:
        notes.append("all byte-identical but the search index")
    whole_index, bare_index = _index(whole)[0], _index(bare)[0]
    if whole_index == bare_index:
        notes[-1] = "all byte-identical"
    else:

        def entries(data: bytes) -> list[str]:
            docs = json.loads(data)["docs"]
            return sorted(json.dumps(doc, sort_keys=True, ensure_ascii=False) for doc in docs)

        if entries(whole_index) == entries(bare_index):
            notes.append("search index: same entries in another order")
        else:
            notes.append("search index: DIFFERENT entries")
    return "; ".join(notes)


# --- the benchmark -----------------------------------------------------------------------------


def _bench(
    config_file: Path,
    work: Path,
    runs: int,
    reps: int,
    default_nav: bool,
    queries: list[Path] | None,
) -> dict[str, Any]:
    facts = _machine()
    warm_tmp = work / "tmp-warm"
    warm_tmp.mkdir()
    env = _env(warm_tmp)
    python = [sys.executable]
    jieba_start = "import jieba; jieba.initialize()"

    # jieba: fill the warm cache first (its own time is a cold start, not counted).
    _timed([*python, "-c", jieba_start], env)
    cache = warm_tmp / JIEBA_CACHE
    if not cache.is_file():
        raise BenchError(f"jieba wrote no {cache}: does it still keep its cache in TMPDIR?")

    bare = _prepare_bare(config_file, work, default_nav)
    whole_command = [*_tool("statement-site"), "build", "-f", str(config_file), "-d"]
    bare_command = [*_tool("mkdocs"), "build", "--strict", "-f", str(bare.config), "-d"]

    # One untimed build of each (disk caches, .pyc files), kept to compare and to measure.
    whole_site, bare_site = work / "warmup-whole" / "site", work / "warmup-bare" / "site"
    whole_site.parent.mkdir()
    bare_site.parent.mkdir()
    _timed([*whole_command, str(whole_site)], env)
    _timed([*bare_command, str(bare_site)], env)
    same = _compare(whole_site, bare_site)

    whole, bare_build = Samples(), Samples()
    for run in range(runs):  # interleaved, so that a slow spell hits both alike
        for command, samples, name in (
            (whole_command, whole, "whole"),
            (bare_command, bare_build, "bare"),
        ):
            site = work / f"run-{run}-{name}" / "site"
            site.parent.mkdir()
            samples.values.append(_timed([*command, str(site)], env)[0])
            shutil.rmtree(site.parent)

    load, rendering, both, corpus = _parse_render(config_file, reps)

    cold, warm, bare_python, import_only = Samples(), Samples(), Samples(), Samples()
    for run in range(runs):
        fresh = work / f"tmp-cold-{run}"
        fresh.mkdir()
        cold.values.append(_timed([*python, "-c", jieba_start], _env(fresh))[0])
        if not (fresh / JIEBA_CACHE).is_file():
            raise BenchError(f"the cold jieba start wrote no {fresh / JIEBA_CACHE}")
        shutil.rmtree(fresh)
        seconds, stderr = _timed([*python, "-c", jieba_start], env)
        if "from cache" not in stderr:
            raise BenchError(f"the warm jieba start did not load its cache:\n{stderr}")
        warm.values.append(seconds)
        bare_python.values.append(_timed([*python, "-c", "pass"], env)[0])
        import_only.values.append(_timed([*python, "-c", "import jieba"], env)[0])

    index, entries = _index(whole_site)
    files = _site_files(whole_site)
    search = _search(whole_site, queries) if queries else None
    return {
        "search": search,
        "machine": facts,
        "runs": runs,
        "reps": reps,
        "corpus": corpus,
        "bare_build": {
            "nav": bare.nav,
            "generated_pages": bare.generated,
            "kept_hand_written": bare.overridden,
            "output_vs_whole_build": same,
        },
        "seconds": {
            "whole_build": whole.as_json(),
            "bare_mkdocs_build": bare_build.as_json(),
            "plugin_overhead": whole.median - bare_build.median,
            "plugin_overhead_ratio": whole.median / bare_build.median,
            "load_corpus_and_render": both.as_json(),
            "load_corpus": load.as_json(),
            "render": rendering.as_json(),
            "jieba_cold": cold.as_json(),
            "jieba_warm": warm.as_json(),
            "python_pass": bare_python.as_json(),
            "import_jieba": import_only.as_json(),
        },
        "bytes": {
            "search_index": len(index),
            "search_index_gzip9": len(gzip.compress(index, compresslevel=9, mtime=0)),
            "search_index_docs": entries,
            "site": sum(files.values()),
            "site_files": len(files),
            "site_html_files": sum(1 for name in files if name.endswith(".html")),
            "jieba_cache": cache.stat().st_size,
        },
    }


def _search(site: Path, files: list[Path]) -> dict[str, Any]:
    """Every query of ``files`` in the real search box of ``site``, in headless Chromium."""
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright
    from tests.conftest import CHROMIUM_FLAGS, chromium_path, serve
    from tests.searcheval import read_queries, report, run

    chromium = chromium_path()
    if chromium is None:
        raise BenchError("no Debian chromium for the search report (./scripts/test installs it)")
    results: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            for path in files:
                tab = browser.new_page(viewport={"width": 1280, "height": 900})
                outcomes = run(tab, base, read_queries(path))
                tab.close()
                numbers = report(outcomes)
                numbers["max_ms"] = max(o.milliseconds for o in outcomes)
                numbers["misses"] = [
                    {"q": o.query.q, "lang": o.query.lang, "relevant": list(o.query.relevant),
                     "top5": list(o.ranked[:5])}
                    for o in outcomes
                    if o.first_relevant != 1 or o.recall_at_5 < 1
                ]  # fmt: skip
                name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
                results[name] = numbers
        finally:
            browser.close()
    return results


def _parse_render(config_file: Path, reps: int) -> tuple[Samples, Samples, Samples, dict[str, int]]:
    from statement_site.corpus import load_corpus
    from statement_site.render import render

    corpus_dir = _read_config(config_file)[1]
    clock: Callable[[], float] = time.perf_counter
    corpus = load_corpus(corpus_dir)  # warm-up: imports, compiled patterns, the disk cache
    pages = render(corpus)
    load, rendering, both = Samples(), Samples(), Samples()
    for _ in range(reps):
        start = clock()
        corpus = load_corpus(corpus_dir)
        loaded = clock()
        render(corpus)
        end = clock()
        load.values.append(loaded - start)
        rendering.values.append(end - loaded)
        both.values.append(end - start)
    facts = {
        "documents": len(corpus),
        "clauses": sum(len(entry.document.clauses) for entry in corpus),
        "source_bytes": sum(
            path.stat().st_size
            for folder in corpus_dir.iterdir()
            if folder.is_dir()
            for path in folder.glob("*.txt")
        ),
        "generated_pages": len(pages),
    }
    return load, rendering, both, facts


def _machine() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    nproc = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "nproc": nproc,
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "versions": {
            name: version(name) for name in ("statement-site", "mkdocs", "mkdocs-material", "jieba")
        },
    }


# --- the report --------------------------------------------------------------------------------


def _time(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def _row(label: str, samples: dict[str, Any]) -> str:
    cells = (_time(samples[key]) for key in ("median", "min", "max"))
    return f"{label:<44}" + "".join(f"{cell:>11}" for cell in cells)


def _print_report(r: dict[str, Any]) -> None:
    m, s, b, c = r["machine"], r["seconds"], r["bytes"], r["corpus"]
    v = m["versions"]
    print(
        f"machine: nproc {m['nproc']} ({m['cpu']}), {m['system']}, "
        f"{m['python_implementation']} {m['python']}"
    )
    print(
        f"versions: statement-site {v['statement-site']}, mkdocs {v['mkdocs']}, "
        f"mkdocs-material {v['mkdocs-material']}, jieba {v['jieba']}"
    )
    print(
        f"corpus: {c['documents']} document(s), {c['clauses']} clauses, "
        f"{c['source_bytes']:,} bytes of source text -> {c['generated_pages']} generated pages"
    )
    bare = r["bare_build"]
    print(
        f"bare build: nav = {bare['nav']}; output vs whole build: {bare['output_vs_whole_build']}"
    )
    if bare["kept_hand_written"]:
        print(
            "  (hand-written pages in docs/ used instead of generated ones: "
            f"{', '.join(bare['kept_hand_written'])})"
        )
    print()
    runs, reps = r["runs"], r["reps"]
    print(f"{'':<44}{'median':>11}{'min':>11}{'max':>11}")
    print(_row(f"whole build: statement-site build (x{runs})", s["whole_build"]))
    print(_row(f"bare mkdocs build --strict, zh pages (x{runs})", s["bare_mkdocs_build"]))
    print(
        f"{'  plugin + English site (difference)':<44}"
        f"{_time(s['plugin_overhead']):>11}   ratio {s['plugin_overhead_ratio']:.3f}"
    )
    print(_row(f"load_corpus + render, in-process (x{reps})", s["load_corpus_and_render"]))
    print(_row("  load_corpus (read, decode, parse)", s["load_corpus"]))
    print(_row("  render", s["render"]))
    print(_row(f"jieba start-up, cold: no cache (x{runs})", s["jieba_cold"]))
    print(_row(f"jieba start-up, warm: cache in TMPDIR (x{runs})", s["jieba_warm"]))
    print(_row("  for reference: python -c pass", s["python_pass"]))
    print(_row("  for reference: python -c 'import jieba'", s["import_jieba"]))
    print()
    print(
        f"search/search_index.json: {b['search_index']:,} bytes, "
        f"{b['search_index_gzip9']:,} gzip -9, {b['search_index_docs']} entries in docs"
    )
    print(
        f"site: {b['site']:,} bytes in {b['site_files']} files ({b['site_html_files']} HTML); "
        f"jieba.cache: {b['jieba_cache']:,} bytes"
    )
    if r["search"]:
        print()
        print(
            f"{'search (real search box, headless Chromium)':<44}{'queries':>8}{'MRR':>7}"
            f"{'R@5':>7}{'first':>7}{'empty':>7}{'median':>9}{'max':>9}"
        )
        for name, n in r["search"].items():
            print(
                f"{name:<44}{n['queries']:>8}{n['mrr']:>7.3f}{n['recall_at_5']:>7.3f}"
                f"{n['first_is_relevant']:>7.2f}{n['no_results']:>7}"
                f"{n['median_ms']:>7.1f}ms{n['max_ms']:>7.1f}ms"
            )
        for name, n in r["search"].items():
            for miss in n["misses"]:
                print(
                    f"  {Path(name).name}: {miss['q']} ({miss['lang']}) wants "
                    f"{miss['relevant']}, top 5 {miss['top5']}"
                )


if __name__ == "__main__":
    raise SystemExit(main())
