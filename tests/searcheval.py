"""Reader queries run in the real search box of a built site: ranks, MRR, recall@5, timing.

Used by the browser tests (tests/test_search.py) and by ``scripts/bench --search``. A query file
is YAML: ``queries: [{q: 瓜达尔港, relevant: [15]}, {q: Gwadar, lang: en, relevant: [15]}]``;
``lang`` picks the site (the original at /, a translation at /<lang>/).
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CLAUSE_URL = re.compile(r"/([^/]+)/(\d+)/(?:[?#].*)?$")
WAIT_MS = 15_000


@dataclass(frozen=True)
class Query:
    q: str
    relevant: tuple[int, ...]
    lang: str = "zh"


@dataclass(frozen=True)
class Outcome:
    query: Query
    ranked: tuple[str, ...]  # the result pages in order: "15" for a clause, else the path
    titles: tuple[str, ...]
    milliseconds: float  # from the key that starts the search to the results on screen

    @property
    def first_relevant(self) -> int | None:
        """The rank (from 1) of the first relevant clause, None when none is found."""
        for rank, item in enumerate(self.ranked, start=1):
            if item.isdigit() and int(item) in self.query.relevant:
                return rank
        return None

    @property
    def reciprocal_rank(self) -> float:
        rank = self.first_relevant
        return 1 / rank if rank else 0.0

    @property
    def recall_at_5(self) -> float:
        top = {int(item) for item in self.ranked[:5] if item.isdigit()}
        wanted = set(self.query.relevant)
        return len(top & wanted) / min(len(wanted), 5)


def read_queries(path: Path) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Query(str(item["q"]), tuple(item["relevant"]), item.get("lang", "zh"))
        for item in data["queries"]
    ]


def run(page: Any, base_url: str, queries: list[Query]) -> list[Outcome]:
    """Each query typed into the search box of the site in its language, as a reader does."""
    outcomes = []
    current = None
    for query in queries:
        root = base_url.rstrip("/") + ("/" if query.lang == "zh" else f"/{query.lang}/")
        if current != root:
            page.goto(root)
            current = root
        outcomes.append(_one(page, query))
    return outcomes


def _one(page: Any, query: Query) -> Outcome:
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__list').children.length",
        timeout=WAIT_MS,
    )
    box.press_sequentially(query.q[:-1])  # Latin letters search as they are typed: time the last
    page.evaluate(
        """() => { window.__ssDone = null;
        const list = document.querySelector('.md-search-result');
        const observer = new MutationObserver(() => { window.__ssDone = performance.now(); });
        observer.observe(list, {childList: true, characterData: true, subtree: true});
        window.__ssObserver = observer; }"""
    )
    start = page.evaluate("() => performance.now()")
    box.press_sequentially(query.q[-1])
    box.press("End")  # Material searches on keyup; an input method commits with a key
    page.wait_for_function("() => window.__ssDone !== null", timeout=WAIT_MS)
    time.sleep(0.05)  # let the list settle after the count is shown
    done = page.evaluate("() => { window.__ssObserver.disconnect(); return window.__ssDone; }")
    assert meta.count() == 1
    links = page.locator(".md-search-result__list > .md-search-result__item > a")
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    titles = page.locator(
        ".md-search-result__list > .md-search-result__item > a article :is(h1, h2)"
    ).all_inner_texts()
    ranked = []
    for href in hrefs:
        match = CLAUSE_URL.search(href.split("?")[0])
        ranked.append(match.group(2) if match else re.sub(r"^https?://[^/]+", "", href))
    return Outcome(query, tuple(ranked), tuple(titles), done - start)


def report(outcomes: list[Outcome]) -> dict[str, float]:
    """MRR, recall@5, the share of queries with no result, and the median time to results."""
    n = len(outcomes)
    return {
        "queries": n,
        "mrr": sum(o.reciprocal_rank for o in outcomes) / n,
        "recall_at_5": sum(o.recall_at_5 for o in outcomes) / n,
        "first_is_relevant": sum(o.first_relevant == 1 for o in outcomes) / n,
        "no_results": sum(not o.ranked for o in outcomes),
        "median_ms": statistics.median(o.milliseconds for o in outcomes),
    }
