"""Work a build hands to a forked child process while the main process renders pages.

The downloads export and the search index each read the whole database and cost tens of seconds of
CPU at 100,000 notices; on two cores they run beside the page rendering instead of after it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


def _child(target: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(("ok", target(*args)))
    except BaseException as exc:  # the parent re-raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class Background:
    """`target(*args)` in a forked child; `result()` waits for its (picklable) return value.

    Fork before any thread or worker pool exists; the target opens its own database connection.
    """

    def __init__(self, what: str, target: Callable[..., Any], *args: Any) -> None:
        self.what = what
        ctx = multiprocessing.get_context("fork")
        self._reader, writer = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_child, args=(target, args, writer), daemon=True)
        self._process.start()
        writer.close()

    def result(self) -> Any:
        while not self._reader.poll(1.0):
            if not self._process.is_alive():
                raise RuntimeError(f"{self.what} failed: exit code {self._process.exitcode}")
        try:
            status, value = self._reader.recv()
        except EOFError:
            raise RuntimeError(f"{self.what} failed: exit code {self._process.exitcode}") from None
        self._process.join()
        if status != "ok":
            raise RuntimeError(f"{self.what} failed: {value}")
        return value

    def cancel(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
            self._process.join()

    def close(self) -> None:
        self.cancel()
        self._reader.close()
