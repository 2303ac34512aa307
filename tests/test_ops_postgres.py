"""The operator's PostgreSQL setup: the nightly crawls into PostgreSQL, builds from it, and the site's
downloadable SQLite still holds exactly what PostgreSQL holds. Runs when FADAN_TEST_POSTGRES_URL is set (CI)."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from localnfra.corpus import Corpus
from localnfra.server import serve
from models.db import make_engine
from models.store import NOTICE, PENALTY
from tests.conftest import POSTGRES_URL, fresh_postgres
from tests.crawling import database_snapshot

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(not POSTGRES_URL, reason="FADAN_TEST_POSTGRES_URL is not set (CI sets it)"),
]


def run_nightly(base_url: str, db_url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FADAN_", "DATABASE_URL", "NFRA_", "PBOC_"))}
    # The local server serves both regulators' pages.
    env.update(SCRAPY_SETTINGS_MODULE="scrapers.settings.local", NFRA_BASE_URL=base_url, PBOC_BASE_URL=base_url,
               DATABASE_URL=db_url,
               FADAN_SITE_DIR=str(tmp_path / "public"), FADAN_PUBLISH=str(tmp_path / "www"),
               FADAN_LOCK_FILE=str(tmp_path / "nightly.lock"), FADAN_LOG_LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "ops.nightly", "--build-jobs", "2"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def counts(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        found = {table: conn.scalar(text(f"SELECT COUNT(*) FROM {table}"))
                 for table in ("notice", "penalty", "penalty_category")}
        found["migrations"] = conn.scalar(text("SELECT COUNT(*) FROM schema_migration"))
    engine.dispose()
    return found


def test_the_nightly_on_postgresql_crawls_builds_and_ships_the_sqlite_download(tmp_path: Path) -> None:
    pg_url = fresh_postgres(POSTGRES_URL or "")
    with serve(Corpus(80, seed=31)) as server:
        first = run_nightly(server.base_url, pg_url, tmp_path)
        assert first.returncode == 0, first.stdout + first.stderr
        assert "database postgresql" in first.stdout
        password = make_url(pg_url).password
        assert not password or f":{password}@" not in first.stdout  # the report never shows the password
        assert "notices: 80 new" in first.stdout
        second = run_nightly(server.base_url, pg_url, tmp_path)
        assert second.returncode == 0, second.stdout + second.stderr
        assert "notices: 0 new, 0 changed" in second.stdout
        doc_ids = set(server.corpus.doc_ids())

    engine = make_engine(pg_url)
    with engine.connect() as conn:
        nfra = select(NOTICE.c.doc_id).where(NOTICE.c.regulator == "nfra")  # PBOC notices are served beside them
        assert set(conn.scalars(nfra)) == doc_ids
        assert conn.scalar(select(func.count()).select_from(PENALTY)) > 0
    engine.dispose()
    www = tmp_path / "www"
    for doc_id in doc_ids:
        assert (www / "notices" / str(doc_id) / "index.html").is_file()

    # The download journalists open in SQLite (or Datasette) holds exactly what PostgreSQL holds.
    download = tmp_path / "fadan.sqlite"
    with gzip.open(www / "data" / "fadan.sqlite.gz") as src, open(download, "wb") as out:
        shutil.copyfileobj(src, out)
    sqlite_url = f"sqlite:///{download}"
    pg_counts = counts(pg_url)
    assert pg_counts["migrations"] >= 1
    assert counts_without_migrations(sqlite_url) == {k: pg_counts[k] for k in ("notice", "penalty", "penalty_category")}
    assert database_snapshot(sqlite_url) == database_snapshot(pg_url)


def counts_without_migrations(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        found = {table: conn.scalar(text(f"SELECT COUNT(*) FROM {table}"))
                 for table in ("notice", "penalty", "penalty_category")}
    engine.dispose()
    return found


def test_postgresql_and_sqlite_get_the_same_schema_history_from_the_same_migrations(tmp_path: Path) -> None:
    from models.store import Store

    pg_url = fresh_postgres(POSTGRES_URL or "")
    sqlite_url = f"sqlite:///{tmp_path / 'fadan.db'}"
    versions = {}
    for url in (pg_url, sqlite_url):
        engine = make_engine(url)
        Store(engine)  # migrates a new database to the current schema, as the crawl does
        with engine.connect() as conn:
            versions[url] = list(conn.execute(text("SELECT version, name FROM schema_migration ORDER BY version")))
        engine.dispose()
    assert versions[pg_url] == versions[sqlite_url] and versions[pg_url]
