"""The `nfra` spider: every penalty notice of the NFRA site, incrementally.

It walks each penalty item's list newest first and fetches the detail JSON of every notice it has
not stored. Incremental by default: an item stops paging at the first page made only of stored
notices (after revisiting the pages an interrupted walk had reached). `-a full=1` walks every page,
re-fetches recent details to find upstream edits and marks notices that vanished as removed;
`-a items=4113,4293` narrows the items; `-a refetch=all` re-fetches every detail on a full walk.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from typing import Any

from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from models.store import utcnow
from scrapers.failures import describe_failure, original_url
from scrapers.guard import LIMITS, guarded_text
from scrapers.items import FetchedNotice
from scrapers.nfra.detail import (
    BadResponse,
    RejectedRow,
    check_detail,
    list_rows,
    notice_title,
    parse_publish_date,
    read_envelope,
)
from scrapers.nfra.urls import detail_url, human_url, item_page_url, list_url, source_hosts
from scrapers.spiders.base import FadanSpider

logger = logging.getLogger(__name__)


class NfraSpider(FadanSpider):
    name = "nfra"
    regulator = "nfra"
    base_setting = "NFRA_BASE_URL"

    def __init__(
        self, full: str | None = None, items: str | None = None, refetch: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(full=full, **kwargs)
        self.refetch_all = (refetch or "").strip().lower() == "all"
        self.items_arg = items
        self.requested: set[int] = set()  # one docId is one notice, whatever item lists it
        # Listed docIds that were not stored yet when their list page was read: their item is
        # recorded once they are (at the end of the run), so item_ids is complete after one crawl.
        self.listed_unstored: dict[int, set[int]] = {}
        self.bad_rows_seen: set[str] = set()  # fetch_failure keys of the malformed list rows of this run

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NfraSpider:
        spider: NfraSpider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # The only hosts a redirect may lead to (scrapers.middlewares.SourceRedirectMiddleware).
        spider.source_hosts = source_hosts(spider.base)
        spider.page_size = settings.getint("NFRA_PAGE_SIZE")
        spider.refetch_since = utcnow() - timedelta(days=settings.getint("NFRA_FULL_REFETCH_DAYS"))
        spider.items = (
            [int(i) for i in spider.items_arg.split(",") if i.strip()]
            if spider.items_arg
            else [int(i) for i in settings.getlist("NFRA_ITEMS")]
        )
        spider.started_at = utcnow()
        spider.previous_totals = spider.store.last_totals(spider.regulator)
        spider.list_totals: dict[int, int] = {}
        return spider

    @property
    def narrowed(self) -> bool:
        return bool(self.items_arg)

    # --- requests --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # What failed last time comes first: it is retried, never forgotten.
        for failure in self.store.open_failures(self.regulator):
            if failure["doc_id"] is not None and failure["doc_id"] not in self.requested:
                self.requested.add(failure["doc_id"])
                self.crawler.stats.inc_value("fadan/retried_from_last_run")
                yield self._detail_request(failure["doc_id"], failure["item_id"])
        for item_id in self.items:
            resume = self.store.begin_walk(item_id, utcnow())
            if resume:
                logger.info("item %s: resuming an interrupted walk, revisiting pages 1-%s", item_id, resume)
            yield self._list_request(item_id, 1, resume)

    def _list_request(self, item_id: int, page: int, resume: int) -> Request:
        self.crawler.stats.inc_value("fadan/requests/list")
        return Request(
            list_url(self.base, item_id, page, self.page_size),
            callback=self.parse_list,
            errback=self.list_failed,
            headers={"Referer": item_page_url(self.base, item_id)},
            cb_kwargs={"item_id": item_id, "page": page, "resume": resume},
            priority=10,  # finish reading a page before its details pile up
            dont_filter=True,
        )

    def _detail_request(self, doc_id: int, item_id: int | None) -> Request:
        self.crawler.stats.inc_value("fadan/requests/detail")
        return Request(
            detail_url(self.base, doc_id),
            callback=self.parse_detail,
            errback=self.detail_failed,
            headers={"Referer": human_url(self.base, doc_id, item_id)},
            cb_kwargs={"doc_id": doc_id, "item_id": item_id},
            dont_filter=True,
        )

    # --- list pages ------------------------------------------------------------------------------

    def parse_list(self, response: Response, item_id: int, page: int, resume: int) -> Iterator[Request]:
        try:
            listed = list_rows(read_envelope(response.body))
        except BadResponse as bad:
            yield from self._retry_or_record(response, bad, list_page=True, item_id=item_id)
            return
        self.store.resolve_failure(original_url(response.request))
        for rejected in listed.rejected:
            self._record_bad_row(rejected, item_id, page)
        total, rows = listed.total, listed.rows
        now = utcnow()
        doc_ids = [int(row["docId"]) for row in rows]
        self.store.mark_listed(doc_ids, item_id, now)
        stored = self.store.stored_notices(doc_ids)
        self.store.walk_progress(item_id, page, total, now)
        if page == 1:
            self.list_totals[item_id] = total
        self.listed_unstored.setdefault(item_id, set()).update(d for d in doc_ids if d not in stored)
        for row, doc_id in zip(rows, doc_ids, strict=True):
            if doc_id in self.requested:
                continue
            if doc_id in stored and not self._should_refetch(row, stored[doc_id]):
                continue
            self.requested.add(doc_id)
            yield self._detail_request(doc_id, item_id)

        last_page = not rows or page * self.page_size >= total
        caught_up = not self.full and page >= resume and all(doc_id in stored for doc_id in doc_ids)
        if last_page or caught_up:
            self.store.finish_walk(item_id, utcnow())
            self.walk_complete[item_id] = True
            self.crawler.stats.set_value(f"fadan/list_pages/{item_id}", page)
            return
        yield self._list_request(item_id, page + 1, resume)

    def _should_refetch(self, row: dict[str, Any], stored: tuple[str, Any]) -> bool:
        """On a full walk: notices whose list row changed, recent ones, or all with refetch=all."""
        if not self.full:
            return False
        title, published = stored
        if self.refetch_all:
            return True
        listed_title = guarded_text(notice_title(row), LIMITS["title"])[0]  # as stored (scrapers/guard.py)
        if listed_title != title or parse_publish_date(row.get("publishDate")) != published:
            return True
        return published is not None and published >= self.refetch_since

    def _record_bad_row(self, rejected: RejectedRow, item_id: int, page: int) -> None:
        """A list row without a usable docId: recorded (under a key stable across pages and runs), skipped."""
        reason = f"item {item_id}, page {page}, row {rejected.position}: {rejected.reason}"
        logger.error("skipping a list row: %s", reason)
        self.crawler.stats.inc_value("fadan/failed/bad-row")
        url = f"{list_url(self.base, item_id, 1, self.page_size)}#bad-row-{rejected.key}"
        self.bad_rows_seen.add(url)
        self.store.record_failure(url, "bad-row", reason, item_id=item_id)

    # --- details ---------------------------------------------------------------------------------

    def parse_detail(self, response: Response, doc_id: int, item_id: int | None) -> Iterator[Any]:
        try:
            check_detail(read_envelope(response.body), doc_id)
        except BadResponse as bad:
            yield from self._retry_or_record(response, bad, list_page=False, doc_id=doc_id, item_id=item_id)
            return
        yield FetchedNotice(
            doc_id=doc_id,
            item_id=item_id,
            url=original_url(response.request),
            source_url=human_url(self.base, doc_id, item_id),
            raw_json=response.text,
        )

    def detail_failed(self, failure: Failure) -> None:
        request = failure.request
        doc_id = request.cb_kwargs.get("doc_id")
        gone = failure.check(HttpError) and failure.value.response.status in (404, 410)
        if gone and self.full and doc_id in self.store.stored_notices([doc_id]):
            # A stored notice whose detail is gone upstream is marked removed by the full walk.
            self.crawler.stats.inc_value("fadan/detail_gone")
            return
        self._record(
            original_url(request), *describe_failure(failure), list_page=False, doc_id=doc_id,
            item_id=request.cb_kwargs.get("item_id"),
        )

    # --- end of the run --------------------------------------------------------------------------

    def closed(self, reason: str) -> None:
        """Record the items of newly stored notices; after a complete full walk, mark vanished notices."""
        for item_id, doc_ids in self.listed_unstored.items():
            self.store.mark_listed(sorted(doc_ids), item_id, utcnow())
        complete = all(self.walk_complete.get(item_id) for item_id in self.items)
        if self.full and reason == "finished":
            self._resolve_vanished_bad_rows()
        if self.full and not self.narrowed and reason == "finished" and complete:
            gone = self.store.mark_removed(listed_before=self.started_at, when=utcnow())
            self.crawler.stats.set_value("fadan/notices_removed", len(gone))
            for doc_id in gone:
                logger.warning("notice %s is no longer listed by NFRA: marked removed", doc_id)

    def _resolve_vanished_bad_rows(self) -> None:
        """After a full walk, a malformed row recorded before and not seen again is gone upstream."""
        for failure in self.store.open_failures(self.regulator):
            walked = failure["item_id"] in self.items and self.walk_complete.get(failure["item_id"])
            if failure["kind"] == "bad-row" and walked and failure["url"] not in self.bad_rows_seen:
                self.store.resolve_failure(failure["url"])
