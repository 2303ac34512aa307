"""The processes the benchmark talks to: the local NFRA server, and a static file server for the site.

Each runs in its own process so that it gets its own core (the machine has two) and its CPU time can
be read apart from the crawler's or the browser's.
"""

from __future__ import annotations

import http.server
import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path
from types import TracebackType

from bench.procs import cpu_seconds

ROOT = Path(__file__).resolve().parents[1]


class _Process:
    """A child process that prints its base URL as its first line of stdout."""

    def __init__(self, command: list[str], log: Path) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(log, "wb")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=self._log)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().decode().strip()
        if not line.startswith("http"):
            self.stop()
            raise RuntimeError(f"{' '.join(command)} did not start: {log.read_text(errors='replace')[-2000:]}")
        self.base_url = line.rstrip("/")

    @property
    def cpu_seconds(self) -> float:
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


class LocalNfra(_Process):
    """`python -m localnfra serve`: the synthetic corpus of `notices` notices, plus `added` published later."""

    def __init__(self, notices: int, seed: int, log: Path, added: int = 0) -> None:
        command = [sys.executable, "-m", "localnfra", "serve", "--notices", str(notices), "--seed", str(seed),
                   "--port", "0"]
        if added:
            command += ["--add", str(added)]
        super().__init__(command, log)

    def add(self, n: int) -> list[int]:
        """Publish n new notices; returns their docIds."""
        request = urllib.request.Request(f"{self.base_url}/_localnfra/add?n={n}", method="POST", data=b"")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["added"]

    def stats(self) -> dict:
        with urllib.request.urlopen(f"{self.base_url}/_localnfra/stats", timeout=30) as response:
            return json.loads(response.read())


class StaticSite(_Process):
    """A static file server for a built site (what any static host does, without compression)."""

    def __init__(self, directory: Path, log: Path) -> None:
        super().__init__([sys.executable, "-m", "bench.servers", str(directory)], log)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as static hosts do

    def log_message(self, format: str, *args: object) -> None:
        pass


def _serve_directory(directory: str) -> None:
    def handler(*args, **kwargs):
        return _QuietHandler(*args, directory=directory, **kwargs)

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        print(f"http://127.0.0.1:{httpd.server_address[1]}", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        httpd.serve_forever()


if __name__ == "__main__":
    _serve_directory(sys.argv[1])
