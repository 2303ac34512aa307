"""Running a command and measuring it: wall time, CPU time, and the peak memory of its whole process tree.

The build forks worker processes, so the peak of one process (ru_maxrss) understates what the machine
needs; the tree's resident memory is sampled from /proc (Linux) and its peak kept.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.figures import MB

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Measured:
    returncode: int
    seconds: float
    cpu_seconds: float  # user + system of the command and every descendant it waited for
    peak_tree_rss_mb: float  # sampled; 0 where /proc is missing
    max_process_rss_mb: float  # the largest single process (getrusage)
    log: Path

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name may hold spaces and parentheses: the fields start after the last ')'.
    return text.rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one live process, 0 when unknown."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICKS


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None:
                tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_rss_bytes(root: int) -> int:
    """Resident bytes of a process and all its descendants, now."""
    if not os.path.isdir("/proc"):
        return 0
    tree = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
        todo.extend(tree.get(pid, ()))
    return total


def run_measured(
    command: Sequence[str], *, log: Path, cwd: Path | None = None, env: dict[str, str] | None = None,
    interval: float = 0.25,
) -> Measured:
    """Run `command` to completion with stdout and stderr in `log`, sampling its tree's memory."""
    log.parent.mkdir(parents=True, exist_ok=True)
    peak = 0
    with open(log, "wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, tree_rss_bytes(proc.pid))
            time.sleep(interval)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen.wait()
    return Measured(
        returncode=proc.returncode,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_tree_rss_mb=peak / MB,
        max_process_rss_mb=usage.ru_maxrss * 1024 / MB,  # Linux reports KiB
        log=log,
    )
