"""Two builds of one folder never interleave, and every built file is readable by a web server.

Two `build.py` runs into the same folder once left a search index that claimed 3,400 records beside data
files holding 2,632. A build holds a lock on its folder; a second one waits for it. Under umask 077
(cron's, for instance) new files were 0600 while rewritten ones were 0644: now every file is 0644 and
every folder 0755.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from test_site_fixtures import add_notice, make_tiny_db, simple_notice

from sitegen.core.buildlock import exclusive_build

ROOT = Path(__file__).resolve().parents[1]


def build(db: Path, out: Path, *extra: str, umask: int | None = None) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "build.py", "--db", str(db), "--out", str(out), "--base-url", "https://fadan.example/",
         *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def finished(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, out + err
    return out + err


def site_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


@pytest.mark.timeout(300)
def test_a_second_build_waits_until_the_first_is_done(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    with exclusive_build(out):  # a build in progress
        second = build(db, out, "--jobs", "1", "--no-search")
        assert second.stderr is not None
        line = second.stderr.readline()
        assert "another build is writing" in line and "waiting" in line, line
        assert not (out / "index.html").exists()  # it has written nothing while the other holds the folder
        assert second.poll() is None
    finished(second)
    assert (out / "index.html").is_file() and (out / "notices" / "1001" / "index.html").is_file()


@pytest.mark.timeout(600)
def test_two_concurrent_builds_leave_the_site_one_build_makes(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    for i in range(40):
        add_notice(db, *simple_notice(5000 + i, datetime(2025, 1, 1 + i % 28, 9), parties=2))
    shared, alone = tmp_path / "public", tmp_path / "alone"
    first, second = build(db, shared, "--jobs", "2"), build(db, shared, "--jobs", "2")
    logs = finished(first) + finished(second)
    finished(build(db, alone, "--jobs", "1"))
    assert "built 46 notices" in logs
    got, want = site_bytes(shared), site_bytes(alone)
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
    assert any(name.startswith("search/") for name in want)


@pytest.mark.timeout(300)
def test_every_built_file_is_0644_and_every_folder_0755_under_umask_077(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    finished(build(db, out, "--jobs", "2", umask=0o077))
    add_notice(db, *simple_notice(5100, datetime(2025, 6, 28, 9)))  # the second build rewrites and adds
    log = finished(build(db, out, "--jobs", "2", umask=0o077))
    assert "built 7 notices" in log
    modes = {}
    for path in [out, *out.rglob("*")]:
        modes[str(path.relative_to(out))] = path.stat().st_mode & 0o777
    wrong = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o755 if (out / name).is_dir() else 0o644)}
    assert wrong == {}
    assert (out / "notices" / "5100" / "index.html").is_file()
