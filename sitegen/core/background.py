"""Work a build hands to a forked child process while the main process renders pages.

The downloads export and the search index each read the whole database and cost tens of seconds of
CPU at 100,000 notices; on two cores they run beside the page rendering instead of after it. Page
families that depend only on the loaded corpus (the people pages, the statistics) are written the same way
(ForkedPages): the child shares the corpus copy-on-write, and its writer's record is merged back.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine

from sitegen.core.writer import SiteWriter, WriterDelta

T = TypeVar("T")


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


def _pages_in_child(writer: SiteWriter, engine: Engine, write: Callable[[], T]) -> tuple[WriterDelta, T]:
    # The parent's pooled connections are its own: the child opens new ones (SQLAlchemy's advice for fork).
    engine.dispose(close=False)
    writer.fork_mark()
    made = write()
    return writer.fork_delta(), made


class ForkedPages(Generic[T]):
    """`write()` (page families writing through `writer`) in a forked child, beside the main process.

    Fork after the corpus is loaded (the child reads it copy-on-write) and while nothing else writes
    the same files; join() waits, then claims the child's files in `writer` (a path written by both
    processes is still an error) and returns what write() returned (picklable).
    """

    def __init__(self, what: str, writer: SiteWriter, engine: Engine, write: Callable[[], T]) -> None:
        self.writer = writer
        self._job = Background(what, _pages_in_child, writer, engine, write)

    def join(self) -> T:
        delta, made = self._job.result()
        self.writer.absorb(delta)
        return made

    def close(self) -> None:
        self._job.close()
