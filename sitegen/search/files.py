"""Writing the index files: deterministic bytes, a file rewritten only when its bytes change, files of
an earlier build that this one no longer produces removed, and a digest of everything for cache-busting."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class IndexFiles:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: dict[str, str] = {}  # relative path -> sha1 of its bytes
        self.bytes = 0
        self.changed = 0
        root.mkdir(parents=True, exist_ok=True)

    def write(self, path: Path, data: bytes) -> None:
        rel = path.relative_to(self.root).as_posix()
        if rel in self.written:
            raise RuntimeError(f"search index file {rel} written twice")
        self.written[rel] = hashlib.sha1(data).hexdigest()
        self.bytes += len(data)
        try:
            if path.stat().st_size == len(data) and path.read_bytes() == data:
                return
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        self.changed += 1

    def digest(self) -> str:
        h = hashlib.sha1()
        for rel in sorted(self.written):
            h.update(f"{rel}\0{self.written[rel]}\n".encode())
        return h.hexdigest()[:16]

    def remove_stale(self) -> int:
        """Delete files under root that this build did not write; return how many."""
        removed = 0
        for path in sorted(self.root.rglob("*"), reverse=True):
            rel = path.relative_to(self.root).as_posix()
            if path.is_file() and rel not in self.written:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
        return removed
