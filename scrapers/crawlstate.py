"""The crawl's state in the database, off the event loop: walk progress, listed notices, failures, removals.

The spiders report to one `CrawlState` and never touch the store: every SQL call runs on one worker
thread ("crawl-state"), in the order the spider made it, so SQLite sees one writer from this process and
the Twisted reactor never waits on the database. Writes the spider need not wait for are queued
(`record_failure`, `finish_walk`); what the spider decides on is awaited (`begin_run`, `begin_walk`,
`list_page`, `is_stored`, `finish_run`). A list page's walk progress is committed before the awaited
`list_page` returns, so its details are requested only then: a killed crawl resumes from the recorded
page (docs/architecture.md, "Data flow").

A write that fails is logged when it fails and never forgotten: the next awaited call raises
`CrawlStateError` (the spider stops the crawl, reason `storage-error`), the end of the run skips the
removals, and the crawl summary counts the errors and exits 1.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from models.store import NFRA, Store, utcnow

logger = logging.getLogger(__name__)

T = TypeVar("T")
# key (NFRA: the docId; PBOC: the articleId) → (doc_id, title, published_at) of a stored notice
Stored = dict[Any, tuple[int, str, datetime | None]]


class CrawlStateError(Exception):
    """The crawl state could not be written (a full disk, a database locked past its busy timeout)."""


class CrawlState:
    """One crawl's bookkeeping; `open_store` runs on the worker thread (opening migrates the database)."""

    def __init__(
        self, open_store: Callable[[], Store], regulator: str = NFRA, executor: Executor | None = None
    ) -> None:
        self.regulator = regulator
        self._open_store = open_store
        self._store: Store | None = None
        # One thread: SQLite access stays serialised and queued writes commit in order. The thread
        # starts with the first call, so a state that is never used costs nothing.
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="crawl-state")
        self._lock = threading.Lock()  # errors are appended on the worker thread, read on the loop
        self.errors: list[str] = []
        self.closed: Future[None] = Future()  # done once every write is committed and the thread ended
        self.started_at = utcnow()  # a full walk marks removed what no list showed since then
        self.previous_totals: dict[int, int | None] = {}  # each item's list total at the last run
        self.list_totals: dict[int, int] = {}  # and at this run (page 1)
        self.walk_complete: dict[int, bool] = {}
        self.listed_unstored: dict[int, set[Any]] = {}  # marked listed at the end, once stored
        self.bad_rows_seen: set[str] = set()  # fetch_failure keys of the malformed list rows of this run

    # --- running on the worker -----------------------------------------------------------------

    @property
    def _worker_store(self) -> Store:
        """The store, for code running on the worker thread only."""
        if self._store is None:
            self._store = self._open_store()
        return self._store

    def _submit(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        future = self._executor.submit(job, *args, **kwargs)
        future.add_done_callback(self._check)
        return future

    def _check(self, future: Future[Any]) -> None:
        error = future.exception()
        if error is not None:
            logger.critical("the crawl state could not be written: %s: %s", type(error).__name__, error)
            with self._lock:
                self.errors.append(f"{type(error).__name__}: {error}"[:500])

    def _write(self, job: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """Queue a write; its error, if any, is logged and kept (`errors`)."""
        self._submit(job, *args, **kwargs)

    async def _read(self, job: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a job after every queued write and wait for its answer (without blocking the loop)."""
        self._raise_if_failed()
        try:
            return await asyncio.wrap_future(self._submit(job, *args, **kwargs))
        except Exception as error:
            raise CrawlStateError(str(error)) from error

    def _raise_if_failed(self) -> None:
        with self._lock:
            if self.errors:
                raise CrawlStateError(f"{len(self.errors)} crawl-state write(s) failed, first: {self.errors[0]}")

    # --- the start of the run ------------------------------------------------------------------

    async def begin_run(self) -> list[dict[str, Any]]:
        """Read what the last runs left: each item's list total, and the URLs still failing (retried first)."""
        return await self._read(self._begin_run)

    def _begin_run(self) -> list[dict[str, Any]]:
        self.previous_totals = self._worker_store.last_totals(self.regulator)
        return self._worker_store.open_failures(self.regulator)

    async def begin_walk(self, item_id: int) -> int:
        """Start walking an item's list; the page an interrupted walk had reached (0: none)."""
        when = utcnow()
        return await self._read(lambda: self._worker_store.begin_walk(item_id, when, self.regulator))

    # --- list pages ------------------------------------------------------------------------------

    async def list_page(self, url: str, item_id: int, page: int, total: int, keys: Sequence[Any]) -> Stored:
        """A list page was read: its URL no longer fails, its stored notices are marked listed and returned,
        and the walk's progress is committed (before the spider requests the page's details)."""
        stored = await self._read(self._list_page, url, item_id, page, total, list(keys), utcnow())
        if page == 1:
            self.list_totals[item_id] = total
        self.listed_unstored.setdefault(item_id, set()).update(key for key in keys if key not in stored)
        return stored

    def _list_page(self, url: str, item_id: int, page: int, total: int, keys: list[Any], when: datetime) -> Stored:
        store = self._worker_store
        store.resolve_failure(url)
        stored = self._stored(keys)
        store.mark_listed([doc_id for doc_id, _, _ in stored.values()], item_id, when)
        store.walk_progress(item_id, page, total, when)
        return stored

    def _stored(self, keys: Sequence[Any]) -> Stored:
        """The stored ones among a list's keys: NFRA lists docIds, other regulators their own ids."""
        if self.regulator == NFRA:
            return {doc_id: (doc_id, *known) for doc_id, known in self._worker_store.stored_notices(keys).items()}
        return self._worker_store.stored_sources(self.regulator, keys)

    def finish_walk(self, item_id: int) -> None:
        """The walk of an item reached its last page or caught up with what is stored."""
        self.walk_complete[item_id] = True
        when = utcnow()
        self._write(lambda: self._worker_store.finish_walk(item_id, when))

    async def is_stored(self, doc_id: int) -> bool:
        return doc_id in await self._read(lambda: self._worker_store.stored_notices([doc_id]))

    # --- failures --------------------------------------------------------------------------------

    def record_failure(
        self, url: str, kind: str, reason: str, *, list_page: bool = False, doc_id: int | None = None,
        item_id: int | None = None,
    ) -> None:
        """A URL failed after its retries: kept in fetch_failure for the next run."""
        if list_page:
            # A list page that failed leaves its item's walk unfinished: no removals can be inferred.
            self.walk_complete[item_id or 0] = False
        self._write(lambda: self._worker_store.record_failure(
            url, kind, reason, doc_id=doc_id, item_id=item_id, regulator=self.regulator
        ))

    def record_bad_row(self, url: str, reason: str, item_id: int) -> None:
        """A list row without a usable docId, under a key stable across pages and runs."""
        self.bad_rows_seen.add(url)
        self.record_failure(url, "bad-row", reason, item_id=item_id)

    # --- the end of the run ----------------------------------------------------------------------

    async def finish_run(
        self, items: Sequence[int], *, full: bool, narrowed: bool, finished: bool
    ) -> list[int] | None:
        """Record the items of notices stored during the run; after a full walk, resolve the malformed rows
        not seen again and, when every item's walk completed, mark removed what no list showed. Returns
        the doc_ids marked removed (None: no removal could be inferred)."""
        complete = all(self.walk_complete.get(item_id) for item_id in items)
        walked = {item_id for item_id in items if self.walk_complete.get(item_id)}
        return await self._read(
            self._finish_run, {item: sorted(keys) for item, keys in self.listed_unstored.items()},
            walked if full and finished else set(), full and finished and complete and not narrowed, utcnow(),
        )

    def _finish_run(
        self, listed_unstored: dict[int, list[Any]], walked: set[int], remove: bool, when: datetime
    ) -> list[int] | None:
        store = self._worker_store
        for item_id, keys in listed_unstored.items():
            stored = self._stored(keys)
            store.mark_listed(sorted(doc_id for doc_id, _, _ in stored.values()), item_id, when)
        if walked:
            for failure in store.open_failures(self.regulator):
                if failure["kind"] == "bad-row" and failure["item_id"] in walked and (
                    failure["url"] not in self.bad_rows_seen
                ):
                    store.resolve_failure(failure["url"])
        if not remove:
            return None
        return store.mark_removed(listed_before=self.started_at, when=utcnow(), regulator=self.regulator)

    async def close(self) -> None:
        """Wait for every queued write, then end the worker thread; `closed` is done after this."""
        try:
            await asyncio.wrap_future(self._submit(lambda: None))  # after every queued write
        finally:
            self._executor.shutdown(wait=False)  # the queue is empty: the thread ends at once
            if not self.closed.done():
                self.closed.set_result(None)
