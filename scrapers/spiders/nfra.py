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
from scrapers.crawlstate import CrawlStateError
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
    removed_message = "notice %s is no longer listed by NFRA: marked removed"

    def __init__(
        self, full: str | None = None, items: str | None = None, refetch: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(full=full, **kwargs)
        self.refetch_all = (refetch or "").strip().lower() == "all"
        self.items_arg = items
        self.requested: set[int] = set()  # one docId is one notice, whatever item lists it

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
        return spider

    @property
    def narrowed(self) -> bool:
        return bool(self.items_arg)

    # --- requests --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # What failed last time comes first: it is retried, never forgotten.
        try:
            failures = await self.state.begin_run()
        except CrawlStateError as error:
            self.stop_on_state_error(error)
            return
        for failure in failures:
            if failure["doc_id"] is not None and failure["doc_id"] not in self.requested:
                self.requested.add(failure["doc_id"])
                self.crawler.stats.inc_value("fadan/retried_from_last_run")
                yield self._detail_request(failure["doc_id"], failure["item_id"])
        for item_id in self.items:
            try:
                resume = await self.state.begin_walk(item_id)
            except CrawlStateError as error:
                self.stop_on_state_error(error)
                return
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

    async def parse_list(self, response: Response, item_id: int, page: int, resume: int) -> AsyncIterator[Request]:
        try:
            listed = list_rows(read_envelope(response.body))
        except BadResponse as bad:
            for retry in self._retry_or_record(response, bad, list_page=True, item_id=item_id):
                yield retry
            return
        for rejected in listed.rejected:
            self._record_bad_row(rejected, item_id, page)
        total, rows = listed.total, listed.rows
        doc_ids = [int(row["docId"]) for row in rows]
        try:
            # Committed before any detail of the page is requested: a killed crawl resumes from here.
            stored = await self.state.list_page(original_url(response.request), item_id, page, total, doc_ids)
        except CrawlStateError as error:
            self.stop_on_state_error(error)
            return
        for row, doc_id in zip(rows, doc_ids, strict=True):
            if doc_id in self.requested:
                continue
            if doc_id in stored and not self._should_refetch(row, stored[doc_id][1:]):
                continue
            self.requested.add(doc_id)
            yield self._detail_request(doc_id, item_id)

        last_page = not rows or page * self.page_size >= total
        caught_up = not self.full and page >= resume and all(doc_id in stored for doc_id in doc_ids)
        if last_page or caught_up:
            self.state.finish_walk(item_id)
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
        self.state.record_bad_row(url, reason, item_id)

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

    async def detail_failed(self, failure: Failure) -> None:
        request = failure.request
        doc_id = request.cb_kwargs.get("doc_id")
        gone = failure.check(HttpError) and failure.value.response.status in (404, 410)
        if gone and self.full:
            try:
                stored = await self.state.is_stored(doc_id)
            except CrawlStateError as error:
                self.stop_on_state_error(error)  # the next run fetches it again
                return
            if stored:
                # A stored notice whose detail is gone upstream is marked removed by the full walk.
                self.crawler.stats.inc_value("fadan/detail_gone")
                return
        self._record(
            original_url(request), *describe_failure(failure), list_page=False, doc_id=doc_id,
            item_id=request.cb_kwargs.get("item_id"),
        )
