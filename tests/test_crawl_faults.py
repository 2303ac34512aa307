"""Never lose a notice: crawls under injected faults and kill -9 end exactly like a clean crawl."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from localnfra.corpus import Corpus
from localnfra.faults import FaultSpec
from localnfra.server import serve
from models.db import make_engine
from models.store import FAILURE, NOTICE
from tests.crawling import ROOT, crawl, crawl_command, crawl_env, database_snapshot

pytestmark = pytest.mark.slow  # real crawls or runs in subprocesses: `make quick` leaves them out

CORPUS = dict(size=150, seed=5)
# Short back-offs keep a faulted crawl to seconds.
FAST_BACKOFF = dict(FADAN_BACKOFF_BASE=0.02, FADAN_BACKOFF_MAX=0.2)
# A short timeout too where the "timeout" fault (the server holding its answer) is served: it costs
# seconds, not minutes. Only there: on a loaded machine a 1 s timeout also cuts off a good answer,
# which spends one of a URL's counted attempts.
FAST_FAILING = dict(DOWNLOAD_TIMEOUT=1, **FAST_BACKOFF)


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What a fault-free, uninterrupted crawl of the corpus stores."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'fadan.db'}"
    with serve(Corpus(CORPUS["size"], seed=CORPUS["seed"])) as server:
        result = crawl(server.base_url, db_url)
    assert result.returncode == 0, result.stdout + result.stderr
    snapshot = database_snapshot(db_url)
    assert len(snapshot["notices"]) == CORPUS["size"]
    return snapshot


def test_a_crawl_under_30_percent_mixed_faults_stores_what_a_clean_crawl_does(
    clean_run: dict, sqlite_url: str
) -> None:
    # Every kind but the 403 burst, whose reach depends on timing: each of these is deterministic by
    # (seed, URL, attempt), so every kind is certainly served.
    kinds = {kind: 1.0 for kind in FaultSpec().kinds if kind != "403"}
    faults = FaultSpec(rate=0.3, kinds=kinds, succeed_after=3, seed=7, timeout_s=2.0)
    with serve(Corpus(CORPUS["size"], seed=CORPUS["seed"]), faults=faults) as server:
        result = crawl(server.base_url, sqlite_url, **FAST_FAILING)
        outcomes = server.stats.snapshot()["by_outcome"]
    assert result.returncode == 0, result.stdout + result.stderr
    served_faults = {kind.removeprefix("fault:"): n for kind, n in outcomes.items() if kind.startswith("fault:")}
    assert set(served_faults) == set(kinds), outcomes
    assert sum(served_faults.values()) > 40
    assert database_snapshot(sqlite_url) == clean_run
    assert "0 URL(s) to retry next run" in result.stdout


def test_403_bursts_are_backed_off_and_resumed(clean_run: dict, sqlite_url: str) -> None:
    faults = FaultSpec(rate=0.3, kinds={"403": 1.0, "503": 1.0}, succeed_after=3, seed=9, burst_s=0.3)
    with serve(Corpus(CORPUS["size"], seed=CORPUS["seed"]), faults=faults) as server:
        result = crawl(server.base_url, sqlite_url, **FAST_BACKOFF)
        outcomes = server.stats.snapshot()["by_outcome"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert outcomes.get("fault:403", 0) > 0
    assert database_snapshot(sqlite_url) == clean_run


def test_a_url_that_still_fails_is_recorded_and_fetched_on_the_next_run(clean_run: dict, db_url: str) -> None:
    # Every URL fails its first 3 attempts; with 1 retry the first run must give up on all of them.
    # No timeout fault is served, and the default download timeout keeps a slow machine from failing a
    # good answer: the three later runs below are exactly as many as the attempts need.
    faults = FaultSpec(rate=1.0, kinds={"503": 1.0, "html200": 1.0}, succeed_after=3, seed=3)
    with serve(Corpus(CORPUS["size"], seed=CORPUS["seed"]), faults=faults) as server:
        first = crawl(server.base_url, db_url, RETRY_TIMES=1, **FAST_BACKOFF)
        engine = make_engine(db_url)
        with engine.connect() as conn:
            failed = conn.execute(select(FAILURE.c.url, FAILURE.c.kind).where(FAILURE.c.resolved_at.is_(None))).all()
            assert conn.scalar(select(func.count()).select_from(NOTICE)) == 0  # no error page became a notice
        assert failed and {kind for _, kind in failed} <= {"http-503", "html-200"}
        assert f"{len(failed)} URL(s) to retry next run" in first.stdout
        assert first.returncode == 2 and "check freshness: FAILED" in first.stdout  # an empty database is loud
        # Later runs retry what failed (lists and details) until every notice is in.
        for _ in range(3):
            later = crawl(server.base_url, db_url, RETRY_TIMES=1, **FAST_BACKOFF)
    assert later.returncode == 0, later.stdout + later.stderr
    assert database_snapshot(db_url) == clean_run
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(FAILURE).where(FAILURE.c.resolved_at.is_(None))) == 0


def test_kill_9_at_random_moments_then_a_final_run_equals_a_clean_run(clean_run: dict, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'killed.db'}"
    rng = random.Random(20261128)
    with serve(Corpus(CORPUS["size"], seed=CORPUS["seed"])) as server:
        env = crawl_env(server.base_url, db_url)
        for _ in range(10):
            process = subprocess.Popen(crawl_command(NFRA_PAGE_SIZE=10, CONCURRENT_REQUESTS=4), cwd=ROOT, env=env,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.5, 4.0))
            process.send_signal(signal.SIGKILL)
            process.wait()
        final = crawl(server.base_url, db_url, NFRA_PAGE_SIZE=10)
    assert final.returncode == 0, final.stdout + final.stderr
    assert database_snapshot(db_url) == clean_run
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    # the killed crawls' worker processes went with them (they would otherwise wait forever); a worker
    # still importing when its crawl was killed takes a while on a loaded machine before it notices
    deadline = time.monotonic() + 30
    while (left := processes_using(db_url)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, f"processes still running for {db_url}: {left}"


def processes_using(db_url: str) -> list[int]:
    """Pids whose environment names this database (crawls and their workers inherit DATABASE_URL)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"DATABASE_URL={db_url}".encode() in environ.read_bytes().split(b"\0"):
                found.append(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found
