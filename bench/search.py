"""Search figures: /search/?… links opened in headless Chromium against the built site, served locally.

Every run opens the link in a new browser context (empty cache), as a reader following a shared link
does. A query's time is from navigation start to the results on screen (search.js's `fadan:done`
performance mark, set when the results are rendered); its bytes are everything transferred: the page,
its script and style, and the index files. Each query runs `repeats` times; search_ms_p50 is the median
of every run, search_ms_max the slowest query's median (one run slowed by another process on a shared
machine does not make a query slow), search_kb the heaviest query's transfer.
"""

from __future__ import annotations

import statistics
from typing import Any
from urllib.parse import urlencode

from bench.figures import KB, Figure
from bench.machine import load_average
from bench.servers import StaticSite
from bench.workspace import StageError, Workspace
from qa.chromium import find_chromium

CHROMIUM = find_chromium()
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
FINISHED = "['done', 'empty', 'error'].includes(document.getElementById('search-app').dataset.state)"
MEASURE = """() => {
  const app = document.getElementById('search-app');
  const size = e => e.transferSize || e.encodedBodySize || 0;
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const done = performance.getEntriesByName('fadan:done');
  return {
    state: app.dataset.state, script_ms: Number(app.dataset.ms || 0), count: Number(app.dataset.count || 0),
    ms: done.length ? done[done.length - 1].startTime : null,
    bytes: size(nav) + res.reduce((s, e) => s + size(e), 0),
    index_bytes: res.filter(e => e.name.includes('/search/idx/')).reduce((s, e) => s + size(e), 0),
    files: res.length + 1,
    status: document.getElementById('search-status').textContent.slice(0, 120),
  };
}"""


def corpus_terms(ws: Workspace) -> dict[str, str]:
    """Rare terms that exist in this corpus (same seed, same terms): a branch, a person, a decision number."""
    with ws.connect() as conn:
        def first(sql: str) -> str:
            row = conn.execute(sql).fetchone()
            if row is None or not row[0]:
                raise StageError(f"no search term in the database for: {sql}")
            return str(row[0])

        return {
            "branch": first("SELECT party_name FROM penalty WHERE party_kind = 'institution' "
                            "AND party_name LIKE '%支行' GROUP BY party_name HAVING count(*) = 1 "
                            "ORDER BY party_name LIMIT 1"),
            "person": first("SELECT party_name FROM penalty WHERE party_kind = 'individual' "
                            "GROUP BY party_name HAVING count(*) = 1 ORDER BY party_name LIMIT 1"),
            "decision_no": first("SELECT decision_no FROM penalty WHERE decision_no LIKE '%罚%' "
                                 "ORDER BY decision_no LIMIT 1"),
            "year": first("SELECT max(substr(published_at, 1, 4)) FROM notice"),
        }


def query_list(terms: dict[str, str]) -> list[tuple[str, dict[str, str]]]:
    """The fixed queries: rare terms, common terms, a phrase, filters only, sorts and a deep page."""
    return [
        ("rare: a branch", {"q": terms["branch"]}),
        ("rare: a person", {"q": terms["person"]}),
        ("rare: a decision number", {"q": terms["decision_no"]}),
        ("common: 贷款", {"q": "贷款"}),
        ("common: 罚款", {"q": "罚款"}),
        ("common: 银行", {"q": "银行"}),
        ("phrase: 违规发放贷款", {"q": "违规发放贷款"}),
        ("贷款 in 江苏, largest fines first", {"q": "贷款", "prov": "江苏", "sort": "amount"}),
        ("贷款, page 50", {"q": "贷款", "page": "50"}),
        ("filter only: group 中国农业银行", {"group": "中国农业银行"}),
        ("filter only: individuals in the latest year", {"year": terms["year"], "who": "individual"}),
        ("filter only: lifetime bans", {"kind": "lifetime"}),
        ("filter only: fines in 浙江", {"prov": "浙江", "kind": "fine"}),
        ("filter only: every fine, largest first", {"kind": "fine", "sort": "amount"}),
    ]


def search_stage(ws: Workspace, repeats: int) -> tuple[list[Figure], dict[str, Any]]:
    """The figures, and what was learnt of the machine (the Chromium version)."""
    ws.need_site()
    if not (ws.site / "search" / "index.html").exists():
        raise StageError(f"no /search/ page in {ws.site}")
    if CHROMIUM is None:
        raise StageError("no Chromium on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise StageError("playwright is not installed (pip install -e '.[bench]')") from exc
    queries = query_list(corpus_terms(ws))
    load_before = load_average()
    results: list[dict[str, Any]] = []
    with StaticSite(ws.site, ws.logs / "static-site.log") as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        chromium = browser.version
        try:
            base = f"{server.base_url}/search/?"
            ws.log(f"search: {len(queries)} queries × {repeats} in Chromium {chromium}, site at {server.base_url}")
            _open(browser, base + urlencode({"q": "银行"}))  # warm-up: first launch, disk cache of the OS
            for name, params in queries:
                url = base + urlencode(params)
                runs = [_open(browser, url) for _ in range(repeats)]
                bad = [r for r in runs if r["state"] not in ("done", "empty") or r["ms"] is None]
                if bad:
                    raise StageError(f"{name}: the search page ended in state {bad[0]['state']!r}: {bad[0]['status']}")
                results.append({
                    "query": name, "params": params, "state": runs[0]["state"], "count": runs[0]["count"],
                    "ms": [round(r["ms"]) for r in runs], "script_ms": [r["script_ms"] for r in runs],
                    "median_ms": statistics.median(r["ms"] for r in runs),
                    "kb": round(statistics.median(r["bytes"] for r in runs) / KB, 1),
                    "index_kb": round(statistics.median(r["index_bytes"] for r in runs) / KB, 1),
                    "files": runs[0]["files"],
                })
                ws.log(f"  {name}: {results[-1]['median_ms']:.0f} ms, {results[-1]['kb']} KB, "
                       f"{results[-1]['count']} records")
        finally:
            browser.close()
    every_run = [ms for r in results for ms in r["ms"]]
    slowest = max(results, key=lambda r: r["median_ms"])
    heaviest = max(results, key=lambda r: r["kb"])
    details = {"queries": results, "repeats": repeats, "load_before": load_before, "load_after": load_average()}
    return [
        Figure("search_ms_p50", statistics.median(every_run), details=details),
        Figure("search_ms_max", slowest["median_ms"],
               details={"query": slowest["query"], "slowest_single_run_ms": max(every_run)}),
        Figure("search_kb", heaviest["kb"], details={"query": heaviest["query"]}),
    ], {"chromium": chromium}


def _open(browser: Any, url: str) -> dict[str, Any]:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function(FINISHED, timeout=120_000)
        return page.evaluate(MEASURE)
    finally:
        context.close()
