"""The benchmark's working directory: the crawled database, the built site and the logs of every command."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.procs import Measured, run_measured

ROOT = Path(__file__).resolve().parents[1]
# What Workspace.set_aside() moved out of the way, deleted when the run ends.
DISCARDED = ".discarded-"


class StageError(RuntimeError):
    """A stage could not produce its figures (a command failed, or an input is missing)."""


def say(message: str) -> None:
    """Progress goes to stderr: stdout holds only the figures and the summary."""
    print(f"bench: {message}", file=sys.stderr, flush=True)


@dataclass
class Workspace:
    root: Path
    notices: int
    seed: int
    scrapy_settings: dict[str, str] = field(default_factory=dict)  # -s NAME=VALUE for every crawl
    log: Callable[[str], None] = say

    @property
    def db(self) -> Path:
        return self.root / "fadan.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db}"

    @property
    def site(self) -> Path:
        return self.root / "public"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def need_db(self) -> None:
        if not self.db.exists():
            raise StageError(f"no database at {self.db}: run the crawl stage first")

    def need_site(self) -> None:
        if not (self.site / "index.html").exists():
            raise StageError(f"no built site in {self.site}: run the build stage first")

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A read-only connection: the benchmark never writes the database itself."""
        self.need_db()
        conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            yield conn
        finally:
            conn.close()

    def notice_count(self) -> int:
        with self.connect() as conn:
            # NFRA's: the update rounds publish NFRA notices (the PBOC corpus beside them does not grow).
            return conn.execute("SELECT count(*) FROM notice WHERE regulator = 'nfra'").fetchone()[0]

    def last_crawl_stats(self) -> dict[str, Any]:
        with self.connect() as conn:
            row = conn.execute("SELECT stats FROM crawl_run ORDER BY id DESC LIMIT 1").fetchone()
        if row is None or not row[0]:
            raise StageError("the crawl wrote no crawl_run row")
        return json.loads(row[0])

    def set_aside(self, path: Path) -> None:
        """Move `path` out of the way now and delete it at the end of the run (discard_set_aside).

        Deleting a built site (260,000 files at 100,000 notices) just before timing a build slows that
        build: on an ext4 without a journal (this project's machines) the kernel skips every inode freed
        in the last minute or more when it allocates one (fs/ext4/ialloc.c, recently_deleted), so each of
        the build's 230,000 new folders and files paid for the old site. Measured at 100,000 notices, the
        same build: 182 s wall (48 s system) with nothing deleted before it, 343 s (270 s system) right
        after `rm -rf` of the previous site."""
        if path.exists():
            path.rename(self.root / f"{DISCARDED}{path.name}-{time.time_ns()}")

    def discard_set_aside(self) -> None:
        """Delete what set_aside() moved away (in this run or in an interrupted one): after every timing."""
        for old in sorted(self.root.glob(DISCARDED + "*")):
            shutil.rmtree(old, ignore_errors=True)

    def remove_db(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db}{suffix}").unlink(missing_ok=True)

    def build(self, log_name: str) -> Measured:
        """`python build.py --db … --out …` (incremental when the site directory already holds a build)."""
        self.need_db()
        command = [sys.executable, "build.py", "--db", str(self.db), "--out", str(self.site)]
        measured = run_measured(command, log=self.logs / log_name, cwd=ROOT)
        if measured.returncode != 0:
            raise StageError(f"build.py exited {measured.returncode}:\n{measured.tail()}")
        return measured


_WRITTEN = re.compile(r"^\s+(\S+)\s+written\s+([\d,]+)\s+unchanged")


def build_written(log: Path) -> dict[str, int]:
    """Files each family wrote, from the lines build.py prints ('  stats  written  1,429  unchanged …')."""
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    return {m.group(1): int(m.group(2).replace(",", "")) for line in lines if (m := _WRITTEN.match(line))}


def build_phases(log: Path) -> dict[str, float]:
    """The phase timings build.py prints ('  phases: notices 6.7s, notices cpu 0.4s, …')."""
    phases: dict[str, float] = {}
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return phases
    for line in lines:
        if line.strip().startswith("phases:"):
            for part in line.split(":", 1)[1].split(","):
                name, _, value = part.strip().rpartition(" ")
                try:
                    phases[name] = float(value.rstrip("s"))
                except ValueError:
                    continue
    return phases
