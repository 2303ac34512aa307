"""One build at a time per output folder, and the permissions every built file gets.

Two `build.py` runs into the same folder interleave their writes: one run's search index claimed 3,400
records while its data files, rewritten by the other, held 2,632. A build therefore holds an exclusive
flock on `{out}/.fadan-build.lock` from its first write to its last; a second build waits for it (the
nightly's own lock already keeps two nightlies apart, this covers a hand-run build beside them). The
lock file is opened without following a symlink and never written or truncated: only the flock matters,
and the kernel drops it when the process ends, even after `kill -9`.

Files are made readable by a web server whatever the caller's umask (cron's may be 077): a build runs
under umask 022, so every file it creates is 0644 and every folder 0755, as rewritten files already were.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".fadan-build.lock"
BUILD_UMASK = 0o022

log = logging.getLogger(__name__)


@contextmanager
def exclusive_build(out_dir: Path) -> Iterator[None]:
    """Hold the build lock of `out_dir` (waiting for another build to finish) under umask 022."""
    previous_umask = os.umask(BUILD_UMASK)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(out_dir, 0o755)
        fd = os.open(out_dir / LOCK_FILE, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another build is writing %s: waiting for it to finish", out_dir)
                fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # drops the flock
    finally:
        os.umask(previous_umask)
