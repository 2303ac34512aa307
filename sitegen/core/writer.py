"""Writing the site: each file at most once per build, only when its bytes change, never outside out_dir.

A manifest (out_dir/.fadan-build.json) remembers, for every file the generator owns, a digest of the
inputs it was rendered from. A page whose inputs have the same digest as last time is not rendered
at all, which is what makes an incremental build fast; a rendered page whose bytes equal the file on
disk is not rewritten, which keeps mtimes stable for rsync and CDNs. Files that the previous build
wrote and this one no longer produces are removed; files the generator does not own (the search
index, anything an operator added) are never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.core.buildlock import LOCK_FILE

MANIFEST = ".fadan-build.json"
_SAFE_PATH = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._-]*/)*[A-Za-z0-9][A-Za-z0-9._-]*$")


class UnsafePath(ValueError):
    pass


class DuplicateWrite(RuntimeError):
    pass


def digest_of(key: Any) -> str:
    """A digest of a page's inputs: `key` is a tree of tuples/lists of str, int, None, dates."""
    return hashlib.blake2b(repr(key).encode("utf-8"), digest_size=16).hexdigest()


def rows_digest(rows: Any) -> str:
    """A digest of database rows (tuples of str, int, float, None, dates): pickle_digest(rows_pickle(rows))."""
    return pickle_digest(rows_pickle(rows))


def rows_pickle(rows: Any) -> bytes:
    """Database rows pickled, for a digest (pickle_digest) and for a worker process to render from.

    pickle is deterministic for such values (only singletons such as "" are ever memoized) and about
    twice as fast as repr() on long Chinese text, which checks every character for printability. A new
    Python version may pickle differently: the build version includes it, so that means one full render.
    """
    return pickle.dumps(rows, protocol=5)


def pickle_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_path(path: str) -> str:
    """A site path ('banks/x/index.html'): relative, no '..', no empty or hidden segment."""
    if not _SAFE_PATH.match(path) or any(part in (".", "..") for part in path.split("/")):
        raise UnsafePath(f"refusing to write outside the site: {path!r}")
    return path


@dataclass
class WriterDelta:
    """What a forked child's SiteWriter did (SiteWriter.fork_delta): sent back to the parent."""

    claimed: list[tuple[str, str]]  # (path, digest), in claim order
    counts: dict[str, dict[str, int]]
    notes: dict[str, Any]


class SiteWriter:
    def __init__(self, out_dir: Path, version: str, *, trust_manifest: bool = True) -> None:
        self.out_dir = out_dir
        self._root = str(out_dir)
        self.version = version
        out_dir.mkdir(parents=True, exist_ok=True)
        # Nothing here yet but the build lock (sitegen/core/buildlock.py): every file will be new.
        with os.scandir(out_dir) as entries:
            self.fresh = all(entry.name == LOCK_FILE for entry in entries)
        previous = _load_manifest(out_dir / MANIFEST)
        self._old_files: dict[str, str] = previous.get("files", {})
        # Digests from a build with another generator version or vocabulary prove nothing.
        self._old_valid = trust_manifest and previous.get("version") == version
        self._old_notes: dict[str, Any] = previous.get("notes", {}) if self._old_valid else {}
        self._notes: dict[str, Any] = {}
        self._files: dict[str, str] = {}
        self.counts: dict[str, Counter[str]] = {}
        self._fork_start = 0

    def _count(self, family: str, outcome: str) -> None:
        self.counts.setdefault(family, Counter())[outcome] += 1

    def _claim(self, path: str, digest: str) -> None:
        check_path(path)
        if path in self._files:
            raise DuplicateWrite(f"{path} written twice in one build")
        self._files[path] = digest

    def page(self, path: str, key: Any, render: Callable[[], str | bytes], family: str) -> bool:
        """Render and write `path` unless its inputs (`key`) are unchanged; True if it was rendered."""
        return self.page_digest(path, digest_of(key), render, family)

    def page_digest(self, path: str, digest: str, render: Callable[[], str | bytes], family: str) -> bool:
        if self.unchanged(path, digest):
            self._claim(path, digest)
            self._count(family, "skipped")
            return False
        self.write(path, render(), digest, family)
        return True

    def unchanged(self, path: str, digest: str) -> bool:
        return self._old_valid and self._old_files.get(path) == digest and os.path.isfile(f"{self._root}/{path}")

    def write(self, path: str, content: str | bytes, digest: str, family: str) -> bool:
        """Write `content` unless the file already holds exactly these bytes; True if written."""
        self._claim(path, digest)
        written = write_if_changed(self.out_dir, path, content, fresh=self.fresh)
        self._count(family, "written" if written else "unchanged")
        return written

    def claim(self, path: str, digest: str) -> None:
        """Reserve `path` for a file that another process renders (see record())."""
        self._claim(path, digest)

    def record(self, family: str, written: bool) -> None:
        self._count(family, "written" if written else "unchanged")

    def install(self, path: str, source: Path, digest: str, family: str) -> bool:
        """Move a finished file (e.g. a download exported elsewhere) into place unless the same bytes
        are there already; True if it was moved."""
        self._claim(path, digest)
        target = self.out_dir / path
        if target.is_file() and _same_file(source, target):
            self._count(family, "unchanged")
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(source, 0o644)
        os.replace(source, target)
        self._count(family, "written")
        return True

    def keep(self, path: str, digest: str, family: str) -> None:
        """Claim a file that is known to be current without rendering it."""
        self._claim(path, digest)
        self._count(family, "skipped")

    def fork_mark(self) -> None:
        """In a forked child: from now on, remember only what this process writes (fork_delta())."""
        self._fork_start = len(self._files)
        self.counts = {}
        self._notes = {}

    def fork_delta(self) -> WriterDelta:
        """What this child claimed, counted and noted since fork_mark(), for the parent's absorb()."""
        claimed = list(self._files.items())[self._fork_start:]
        return WriterDelta(claimed, {family: dict(c) for family, c in self.counts.items()}, dict(self._notes))

    def absorb(self, delta: WriterDelta) -> None:
        """Take over what a forked child wrote: its files (each still at most once per build), counts, notes."""
        for path, digest in delta.claimed:
            self._claim(path, digest)
        for family, counts in delta.counts.items():
            self.counts.setdefault(family, Counter()).update(counts)
        self._notes.update(delta.notes)

    def previous_note(self, name: str) -> Any:
        """Something the previous build (same version) remembered with note()."""
        return self._old_notes.get(name)

    def note(self, name: str, value: Any) -> None:
        """Remember a small JSON value for the next build (e.g. the row counts of the downloads)."""
        self._notes[name] = value

    def finish(self) -> list[str]:
        """Remove the files the previous build owned and this one did not produce; save the manifest."""
        removed = []
        for path in sorted(self._old_files.keys() - self._files.keys()):
            try:
                target = self.out_dir / check_path(path)
            except UnsafePath:
                continue
            if target.is_file():
                target.unlink()
                removed.append(path)
                _prune_empty_dirs(target.parent, self.out_dir)
        manifest = {"version": self.version, "notes": self._notes, "files": dict(sorted(self._files.items()))}
        atomic_write(self.out_dir / MANIFEST, json.dumps(manifest, separators=(",", ":")).encode())
        return removed


def write_if_changed(out_dir: Path, path: str, content: str | bytes, *, fresh: bool = False) -> bool:
    """Write out_dir/path unless it holds these bytes already. A new file is written in place; an
    existing one is replaced atomically, so readers of a live site never see half a file.

    `fresh`: out_dir was empty when the build began (SiteWriter.fresh), so the file is almost surely new:
    it is created without looking first (a full build into a new folder writes 32,000 files at 10,000
    notices, and the look was a third of the system calls). O_EXCL keeps that safe: a file that is there
    after all is compared as usual, never overwritten blindly."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if fresh and _create(f"{out_dir}/{path}", data):
        return True
    target = out_dir / path
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    except FileNotFoundError:
        if _create(str(target), data):
            return True
    atomic_write(target, data)
    return True


# Folders this process has made or found during its writes: a folder with several files (a listing's
# pages) is made once, not once per file. Only a hint: a folder removed since is made again (_create).
_FOLDERS: set[str] = set()


def _create(target: str, data: bytes) -> bool:
    """Create `target` with `data` (its folder too) unless something is there already; True if created."""
    folder = target.rpartition("/")[0]
    if folder not in _FOLDERS:
        _make_folder(folder)
        _FOLDERS.add(folder)
    try:
        fd = _open_new(target)
    except FileExistsError:
        return False
    except FileNotFoundError:  # the folder went away since (a previous build in this process pruned it)
        os.makedirs(folder, exist_ok=True)
        try:
            fd = _open_new(target)
        except FileExistsError:
            return False
    try:
        if _UMASK_NARROWS:  # the web server reads it (as rewritten files), whatever the umask
            os.fchmod(fd, 0o644)
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    return True


def _make_folder(folder: str) -> None:
    """One mkdir when the parent is there (os.makedirs would stat the parent first)."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: set it back at once
    os.umask(mask)
    return mask


# Whether a file created with mode 0644 comes out narrower (a umask such as 077): only then does it need an
# fchmod (one system call per file saved in the usual case, umask 022). Read once, when the module is loaded.
_UMASK_NARROWS = bool(_umask() & 0o644)


def _open_new(target: str) -> int:
    return os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)


def _same_file(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(1 << 20), fb.read(1 << 20)
            if x != y:
                return False
            if not x:
                return True


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("files"), dict) else {}


def atomic_write(target: Path, data: bytes) -> None:
    """Readers of a live site never see a half-written file (also the publish step's folder target); 0644."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prune_empty_dirs(directory: Path, root: Path) -> None:
    while directory != root and directory.is_dir() and not any(directory.iterdir()):
        directory.rmdir()
        directory = directory.parent
