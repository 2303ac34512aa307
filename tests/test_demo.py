"""`make demo`, the README's first command, on a small corpus: the synthetic server, the crawl and the
build run end to end and the site holds every notice; a second run fetches nothing new (issue 14)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTICES = 40


def make_demo(tmp_path: Path) -> subprocess.CompletedProcess[str]:
    stamp = tmp_path / "installed"  # the venv is this one: the Makefile's install step is up to date
    stamp.touch()
    os.utime(stamp, (2**31, 2**31))
    command = ["make", "--no-print-directory", "demo", f"PY={sys.executable}", f"STAMP={stamp}",
               f"DEMO_NOTICES={NOTICES}", f"DEMO_DB={tmp_path / 'demo.db'}", f"DEMO_OUT={tmp_path / 'public'}"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_make_demo_crawls_and_builds_the_small_corpus(tmp_path: Path) -> None:
    first = make_demo(tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert f"synthetic corpora of {NOTICES} and " in first.stdout
    with sqlite3.connect(tmp_path / "demo.db") as con:
        by_regulator = dict(con.execute("SELECT regulator, count(*) FROM notice GROUP BY regulator"))
        penalties = con.execute("SELECT count(*) FROM penalty").fetchone()[0]
    assert by_regulator["nfra"] == NOTICES
    assert by_regulator.get("pboc", 0) >= 1  # the PBOC corpus served beside it (at least three notices)
    assert penalties >= NOTICES
    pages = list((tmp_path / "public" / "notices").glob("*/index.html"))
    assert len(pages) == sum(by_regulator.values())
    assert (tmp_path / "public" / "search" / "index.html").is_file()
    again = make_demo(tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "notices: 0 new" in again.stdout
