"""One nightly run at a time: an exclusive, non-blocking flock on a lock file.

The kernel drops a flock when the last descriptor of the open file goes away, so a run killed with
`kill -9` never leaves a stale lock behind. The crawl and build subprocesses inherit the descriptor
(`pass_fds`): if the nightly process itself dies mid-crawl, its orphaned crawl still holds the lock
and a new run cannot start a second crawl beside it. The lock protects one machine; runs on several
machines sharing one PostgreSQL need their own coordination (see the README, "Scale-out").

The lock file is opened without following a symlink (O_NOFOLLOW) and is never truncated: a lock path
that someone pointed at another file must not let the run clobber that file. The holder line is
written as a fixed-size record over the start of the file, and only into an empty file or one that
already holds such a record.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

RECORD_SIZE = 256  # bytes of the holder record: "pid N, started …", padded with spaces, then "\n"
_RECORD_START = b"pid "


class AlreadyRunning(RuntimeError):
    """Another process holds the lock; `holder` is what it wrote into the lock file."""

    def __init__(self, path: Path, holder: str) -> None:
        self.path = path
        self.holder = holder
        super().__init__(f"another Fadan nightly run holds {path} ({holder or 'holder unknown'})")


class NotALockFile(RuntimeError):
    """The lock path is a symlink, not a regular file, or a file that is not a Fadan lock file."""


class RunLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def fd(self) -> int:
        if self._fd is None:
            raise RuntimeError("the lock is not held")
        return self._fd

    def acquire(self, what: str = "", *, wait: bool = False) -> RunLock:
        """Take the lock; with `wait`, block until its holder lets go instead of raising AlreadyRunning."""
        fd = open_lock_file(self.path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise AlreadyRunning(self.path, holder) from None
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        _write_record(fd, f"pid {os.getpid()}, started {started}{', ' + what if what else ''}")
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor drops the flock
            self._fd = None

    def __enter__(self) -> RunLock:
        return self.acquire() if self._fd is None else self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.release()


def open_lock_file(path: Path) -> int:
    """A read-write descriptor of the lock file, created 0644 if missing; a symlink, a non-regular file
    or a file that holds something other than a lock record is refused (NotALockFile)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotALockFile(f"{path} is a symlink: refusing to use it as a lock file") from None
        raise
    st = os.fstat(fd)
    head = os.pread(fd, len(_RECORD_START), 0)
    if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1 or (st.st_size and head != _RECORD_START):
        os.close(fd)
        raise NotALockFile(f"{path} is not a Fadan lock file (a link, or another file): refusing to write it")
    return fd


def _write_record(fd: int, line: str) -> None:
    data = line.encode("utf-8")[: RECORD_SIZE - 1]
    os.pwrite(fd, data.ljust(RECORD_SIZE - 1) + b"\n", 0)


def _read(fd: int) -> str:
    try:
        return os.pread(fd, RECORD_SIZE, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
