"""Throughput of the local server, measured end to end over HTTP (a script, never a timed test).

Starts `python -m localnfra serve` in a subprocess (one thread, so one core) and drives it from this
process with a minimal keep-alive asyncio client over several connections. Phases:
  detail_cold  every request a docId never served before (generation + rendering + JSON);
  detail_warm  docIds still in the server's cache;
  list_cold    list pages of 18 rows never served before (each row generates its notice);
  crawl        a crawler's pattern: a list page of 18, then the 18 details it lists.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from localnfra.corpus import Corpus


async def _drive(host: str, port: int, paths: Iterator[str], connections: int,
                 seconds: float) -> tuple[int, float, int]:
    done = 0
    nbytes = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal done, nbytes
        reader, writer = await asyncio.open_connection(host, port)
        try:
            for path in paths:
                if time.perf_counter() > deadline:
                    break
                writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                status = int(head.split(b" ", 2)[1])
                body = await reader.readexactly(length)
                if status != 200:
                    raise RuntimeError(f"{path}: HTTP {status}")
                done += 1
                nbytes += len(body)
        finally:
            writer.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return done, time.perf_counter() - start, nbytes


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc), to state capacity per core under contention."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(notices: int, seed: int, seconds: float, connections: int) -> int:
    proc = subprocess.Popen([sys.executable, "-m", "localnfra", "serve", "--notices", str(notices), "--seed",
                             str(seed)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        host, port = base.removeprefix("http://").split(":")
        corpus = Corpus(notices, seed=seed)
        doc_ids = list(corpus.doc_ids())
        half = len(doc_ids) // 2

        def detail(d: int) -> str:
            return f"/cn/static/data/DocInfo/SelectByDocId/data_docId={d}.json"

        def list_page(item: int, page: int) -> str:
            return f"/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId={item}&pageSize=18&pageIndex={page}"

        def crawl() -> Iterator[str]:
            keys = corpus.keys(4114)
            for page in itertools.count(1):
                yield list_page(4114, page)
                for key in keys[(page - 1) * 18: page * 18]:
                    yield detail(corpus.doc_id_of(key))

        warm = doc_ids[half: half + 300]
        phases = [
            ("detail_cold", iter(detail(d) for d in doc_ids[:half])),
            ("detail_warm", itertools.cycle([detail(d) for d in warm])),
            ("list_cold", iter(list_page(4115, p) for p in itertools.count(1))),
            ("crawl", crawl()),
        ]
        # Fill the detail cache and build the list index (done once, at the first list request).
        asyncio.run(_drive(host, int(port), iter(detail(d) for d in warm), connections, seconds))
        asyncio.run(_drive(host, int(port), iter([list_page(4113, 1)]), 1, seconds))
        for name, paths in phases:
            cpu = _cpu_seconds(proc.pid)
            done, elapsed, nbytes = asyncio.run(_drive(host, int(port), paths, connections, seconds))
            cpu = _cpu_seconds(proc.pid) - cpu
            print(f"{name}_requests_per_s: {done / elapsed:.0f} req/s  ({done} requests, "
                  f"{nbytes / elapsed / 1e6:.1f} MB/s; server CPU {1000 * cpu / max(done, 1):.2f} ms/request "
                  f"= {done / cpu if cpu else 0:.0f} req/s per core)")
        return 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
