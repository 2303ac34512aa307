"""Crawl figures: a full crawl of an empty database, then incremental crawls and builds after new notices.

The crawl is the operator's: `scrapy crawl nfra`, then `scrapy crawl pboc`, with `scrapers.settings.local`
(politeness off), NFRA_BASE_URL and PBOC_BASE_URL pointing at the local server, which runs in its own
process and serves a PBOC corpus beside the NFRA one (one notice for forty). The figures are NFRA's; the
PBOC crawl's are in the details.
"""

from __future__ import annotations

import os
import statistics
import sys

from bench.figures import Figure
from bench.machine import load_average
from bench.procs import Measured, run_measured
from bench.servers import LocalNfra
from bench.workspace import ROOT, StageError, Workspace, build_phases, build_written

EXIT_ASSERTION = 2  # the crawl finished but a plausibility check flagged something: data is complete


def crawl_once(ws: Workspace, base_url: str, log_name: str, spider: str = "nfra") -> tuple[Measured, dict]:
    """One `scrapy crawl SPIDER`; returns its measurement and the stats of the crawl_run row it wrote."""
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="scrapers.settings.local", NFRA_BASE_URL=base_url,
               PBOC_BASE_URL=base_url, DATABASE_URL=ws.db_url, FADAN_LOG_LEVEL="WARNING")
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for name, value in ws.scrapy_settings.items():
        command += ["-s", f"{name}={value}"]
    measured = run_measured(command, log=ws.logs / log_name, cwd=ROOT, env=env, interval=1.0)
    if measured.returncode not in (0, EXIT_ASSERTION):
        raise StageError(f"the crawl exited {measured.returncode}:\n{measured.tail()}")
    return measured, ws.last_crawl_stats()


def crawl_stage(ws: Workspace) -> list[Figure]:
    """crawl_notices_per_s: every notice of the corpus into an empty database."""
    ws.remove_db()
    load_before = load_average()
    with LocalNfra(ws.notices, ws.seed, ws.logs / "localnfra-crawl.log") as server:
        ws.log(f"crawling {ws.notices:,} notices from {server.base_url} into {ws.db}")
        server_cpu = server.cpu_seconds
        measured, stats = crawl_once(ws, server.base_url, "crawl-full.log")
        server_cpu = server.cpu_seconds - server_cpu
        pboc_measured, pboc_stats = crawl_once(ws, server.base_url, "crawl-pboc.log", spider="pboc")
    new = int(stats.get("notices_new", 0))
    if new != ws.notices:
        raise StageError(f"the crawl stored {new} new notices, not {ws.notices}:\n{measured.tail()}")
    details = {
        "wall_s": round(measured.seconds, 1),
        "crawl_run_seconds": stats.get("seconds"),
        "requests": stats.get("requests"),
        "requests_list": stats.get("requests_list"),
        "requests_detail": stats.get("requests_detail"),
        "retries": stats.get("retries"),
        "penalties_new": stats.get("penalties_new"),
        "parse_run": stats.get("parse_run"),
        "crawler_cpu_s": round(measured.cpu_seconds, 1),
        "server_cpu_s": round(server_cpu, 1),
        "crawler_cpu_ms_per_notice": round(measured.cpu_seconds / new * 1000, 2),
        "server_cpu_ms_per_notice": round(server_cpu / new * 1000, 2),
        "crawler_peak_rss_mb": round(measured.max_process_rss_mb),
        "pboc": {"notices_new": pboc_stats.get("notices_new"), "penalties_new": pboc_stats.get("penalties_new"),
                 "wall_s": round(pboc_measured.seconds, 1), "requests": pboc_stats.get("requests")},
        "load_before": load_before,
        "load_after": load_average(),
    }
    if ws.scrapy_settings:  # a trial of changed settings, not the project's own configuration
        details["scrapy_settings"] = ws.scrapy_settings
    return [Figure("crawl_notices_per_s", new / measured.seconds, details=details)]


def update_stage(ws: Workspace, new: int, rounds: int) -> list[Figure]:
    """crawl_requests_per_new_notice and build_incremental_s: `rounds` times, publish `new` notices,
    crawl incrementally, rebuild the site; medians of the rounds."""
    ws.need_site()
    already_added = ws.notice_count() - ws.notices  # earlier update runs left their notices stored
    if already_added < 0:
        raise StageError(f"the database holds fewer than {ws.notices} notices: run the crawl stage first")
    from scrapers.settings import NFRA_ITEMS

    runs = []
    with LocalNfra(ws.notices, ws.seed, ws.logs / "localnfra-update.log", added=already_added) as server:
        for number in range(1, rounds + 1):
            load_before = load_average()
            server.add(new)
            ws.log(f"update round {number}/{rounds}: {new} new notices, incremental crawl and build")
            crawl, stats = crawl_once(ws, server.base_url, f"crawl-incremental-{number}.log")
            if int(stats.get("notices_new", 0)) != new:
                raise StageError(f"the incremental crawl stored {stats.get('notices_new')} new notices, not {new}")
            build = ws.build(f"build-incremental-{number}.log")
            runs.append({
                "requests": stats["requests"],
                "requests_list": stats["requests_list"],
                "requests_detail": stats["requests_detail"],
                "notices_new": stats["notices_new"],
                "crawl_wall_s": round(crawl.seconds, 2),
                "build_s": round(build.seconds, 2),
                "build_cpu_s": round(build.cpu_seconds, 2),
                "build_peak_rss_mb": round(build.peak_tree_rss_mb),
                "build_phases": build_phases(build.log),
                "build_written": build_written(build.log),
                "load_before": load_before,
            })
    per_notice = statistics.median(r["requests"] / r["notices_new"] for r in runs)
    details = {"rounds": runs, "new_per_round": new, "items": len(NFRA_ITEMS), "load_after": load_average(),
               **({"scrapy_settings": ws.scrapy_settings} if ws.scrapy_settings else {})}
    return [
        # The target allows one list page per item on top of 1.1 requests per new notice.
        Figure("crawl_requests_per_new_notice", per_notice, target=1.1 + len(NFRA_ITEMS) / new, details=details),
        Figure("build_incremental_s", statistics.median(r["build_s"] for r in runs),
               details={"rounds": [r["build_s"] for r in runs]}),
        Figure("build_incremental_files", statistics.median(sum(r["build_written"].values()) for r in runs),
               details={"rounds": [r["build_written"] for r in runs]}),
    ]
