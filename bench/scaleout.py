"""Measure crawl rates: one `scrapy crawl` process against Scrapyd workers splitting the items.

    python -m bench.scaleout --db postgresql://fadan:fadan@127.0.0.1:5432/fadan_scale \\
        --worker http://127.0.0.1:6800=4113,4114 --worker http://127.0.0.1:6801=4115,4293 \\
        --notices 1000 [--polite]

A local NFRA server (synthetic corpus) is started; the database's schema is emptied before each
crawl (use a database of its own). Without --polite the crawls use scrapers.settings.local (no delay,
32 concurrent requests; Scrapyd project `fadan_local`); with --polite the live site's defaults (about
one request a second per host; project `fadan`). The workers must map both projects and have the same
database as their DATABASE_URL (in their environment, never a job setting: see the README,
"Scale-out"). Prints one line per setup: wall time, notices/s, requests served, and details fetched
twice (a docId listed by two items that went to two workers).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import func, select

from models.db import make_engine
from models.store import NOTICE
from ops import scaleout
from qa.postgres import empty_schema

ROOT = Path(__file__).resolve().parents[1]


def stored(db_url: str) -> int:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(NOTICE)) or 0
    engine.dispose()
    return count


@contextmanager
def local_server(notices: int, seed: int) -> Iterator[str]:
    process = subprocess.Popen([sys.executable, "-m", "localnfra", "serve", "--notices", str(notices), "--seed",
                                str(seed), "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def server_stats(base_url: str) -> dict:
    return httpx.get(f"{base_url}/_localnfra/stats", timeout=10).json()


def detail_ok(stats: dict) -> int:
    return int(stats["by_endpoint_outcome"].get("detail:ok", 0))


def one_process(base_url: str, db_url: str, polite: bool) -> float:
    env = dict(os.environ, NFRA_BASE_URL=base_url, DATABASE_URL=db_url, FADAN_LOG_LEVEL="WARNING",
               SCRAPY_SETTINGS_MODULE="scrapers.settings" if polite else "scrapers.settings.local")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "scrapy", "crawl", "nfra"], cwd=ROOT, env=env, check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def workers(base_url: str, db_url: str, assignments: list[str], polite: bool) -> float:
    started = time.perf_counter()
    scaleout.main([*(f"--worker={a}" for a in assignments), "--project", "fadan" if polite else "fadan_local",
                   "-s", f"NFRA_BASE_URL={base_url}", "--wait", "--db", db_url])
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaleout", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a PostgreSQL database of its own (its schema is emptied)")
    parser.add_argument("--worker", action="append", required=True, metavar="URL=ITEMS")
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--polite", action="store_true", help="the live site's politeness settings")
    args = parser.parse_args(argv)
    mode = "polite (scrapers.settings)" if args.polite else "politeness off (scrapers.settings.local)"
    results = []
    with local_server(args.notices, args.seed) as base_url:
        for label, run in (("1 process", lambda: one_process(base_url, args.db, args.polite)),
                           (f"{len(args.worker)} Scrapyd workers",
                            lambda: workers(base_url, args.db, args.worker, args.polite))):
            empty_schema(args.db)
            before = server_stats(base_url)
            seconds = run()
            after = server_stats(base_url)
            notices = stored(args.db)
            results.append({
                "setup": label, "mode": mode, "notices": notices, "seconds": round(seconds, 1),
                "notices_per_s": round(notices / seconds, 1),
                "requests": after["requests"] - before["requests"],
                # A docId listed by two items split across workers is fetched by both.
                "details_fetched_twice": detail_ok(after) - detail_ok(before) - notices,
            })
    for row in results:
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
