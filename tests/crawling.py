"""Running real crawls in tests: a real `scrapy crawl nfra` (or `pboc`) process against the in-process local server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models.db import make_engine
from models.store import NOTICE, PENALTY

ROOT = Path(__file__).resolve().parents[1]


def crawl_command(*args: str, spider: str = "nfra", **settings: Any) -> list[str]:
    """`scrapy crawl SPIDER -a ARG ... -s NAME=VALUE ...`"""
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for arg in args:
        command += ["-a", arg]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def crawl_env(base_url: str, db_url: str) -> dict[str, str]:
    """The operator's way: the local-server settings module, NFRA_BASE_URL, PBOC_BASE_URL and DATABASE_URL
    in the environment (the local server serves both regulators' pages)."""
    env = dict(os.environ)
    env.update(
        SCRAPY_SETTINGS_MODULE="scrapers.settings.local",
        NFRA_BASE_URL=base_url,
        PBOC_BASE_URL=base_url,
        DATABASE_URL=db_url,
        FADAN_LOG_LEVEL="WARNING",
    )
    return env


def crawl(
    base_url: str, db_url: str, *args: str, timeout: float = 300, spider: str = "nfra", **settings: Any
) -> subprocess.CompletedProcess:
    """Run `scrapy crawl SPIDER -a ARG... -s NAME=VALUE...` to completion."""
    return subprocess.run(
        crawl_command(*args, spider=spider, **settings), cwd=ROOT, env=crawl_env(base_url, db_url), capture_output=True,
        text=True, timeout=timeout,
    )


def database_snapshot(db_url: str) -> dict[str, Any]:
    """What a crawl produced, without the crawl's own timestamps: compares two runs' results."""
    engine = make_engine(db_url)
    # A notice listed by two items (4114 and 4293) is fetched under whichever list came first: the
    # item and the citation link built from it may differ between equally correct runs. Links also
    # carry the address of the server, which differs between test servers.
    volatile = {"first_seen_at", "last_seen_at", "last_listed_at", "changed_at", "item_id", "item_ids", "source_url",
                "pdf_url"}
    with engine.connect() as conn:
        notices = {
            row.doc_id: {k: v for k, v in row._mapping.items() if k not in volatile}
            for row in conn.execute(select(NOTICE))
        }
        penalties = {
            (row.doc_id, row.seq): {k: v for k, v in row._mapping.items() if k != "id"}
            for row in conn.execute(select(PENALTY))
        }
    engine.dispose()
    return {"notices": notices, "penalties": penalties}
