"""The `pboc` spider: the People's Bank of China head office's 行政处罚公示, incrementally.

The list is static HTML, newest first (`…/4081705/index.html`, then `…/d80f41dc-N.html`); each row
links a detail page (`…/4081705/{articleId}/index.html`) whose table names one party per row. Like
`nfra`: it stops paging at the first page made only of stored notices (after revisiting the pages an
interrupted walk had reached); `-a full=1` walks every page, re-fetches recent details to find edits
and marks notices that vanished from the list as removed (a notice whose 公示期限 ended is kept and
marked, never deleted); `-a refetch=all` re-fetches every detail on a full walk. Every URL is built
from PBOC_BASE_URL.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any, ClassVar

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from models.store import utcnow
from scrapers.crawlstate import CrawlStateError
from scrapers.failures import describe_failure, original_url
from scrapers.items import FetchedNotice
from scrapers.nfra.detail import BadResponse
from scrapers.pboc.detail import check_article
from scrapers.pboc.html import soup_of
from scrapers.pboc.listing import ListRow, parse_list
from scrapers.pboc.urls import COLUMN_ID, article_id_of, detail_url, list_url
from scrapers.spiders.base import FadanSpider

logger = logging.getLogger(__name__)


class PbocSpider(FadanSpider):
    name = "pboc"
    regulator = "pboc"
    base_setting = "PBOC_BASE_URL"
    freshness_setting = "PBOC_MAX_DAYS_WITHOUT_NEW"
    removed_message = "PBOC notice %s is no longer listed: marked removed"
    # Static pages a browser opens: not the JSON headers the NFRA app sends.
    custom_settings: ClassVar[dict[str, Any]] = {
        "DEFAULT_REQUEST_HEADERS": {
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            "Accept-Language": "zh-CN,zh;q=0.9",
        },
    }

    def __init__(self, full: str | None = None, refetch: str | None = None, **kwargs: Any) -> None:
        super().__init__(full=full, **kwargs)
        self.refetch_all = (refetch or "").strip().lower() == "all"
        self.items = [COLUMN_ID]
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PbocSpider:
        spider: PbocSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.refetch_since = utcnow() - timedelta(days=crawler.settings.getint("PBOC_FULL_REFETCH_DAYS"))
        return spider

    # --- requests --------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        # What failed last time comes first: it is retried, never forgotten (a list page is walked anyway).
        try:
            failures = await self.state.begin_run()
            resume = await self.state.begin_walk(COLUMN_ID)
        except CrawlStateError as error:
            self.stop_on_state_error(error)
            return
        for failure in failures:
            article_id = article_id_of(failure["url"].removeprefix(self.base))
            if article_id and article_id not in self.requested:
                self.requested.add(article_id)
                self.crawler.stats.inc_value("fadan/retried_from_last_run")
                yield self._detail_request(article_id)
        if resume:
            logger.info("PBOC list: resuming an interrupted walk, revisiting pages 1-%s", resume)
        yield self._list_request(1, resume)

    def _list_request(self, page: int, resume: int) -> Request:
        self.crawler.stats.inc_value("fadan/requests/list")
        return Request(
            list_url(self.base, page),
            callback=self.parse_list,
            errback=self.list_failed,
            headers={"Referer": list_url(self.base, max(1, page - 1))} if page > 1 else {},
            cb_kwargs={"item_id": COLUMN_ID, "page": page, "resume": resume},
            priority=10,
            dont_filter=True,
        )

    def _detail_request(self, article_id: str) -> Request:
        self.crawler.stats.inc_value("fadan/requests/detail")
        return Request(
            detail_url(self.base, article_id),
            callback=self.parse_detail,
            errback=self.detail_failed,
            headers={"Referer": list_url(self.base, 1)},
            cb_kwargs={"article_id": article_id},
            dont_filter=True,
        )

    # --- list pages ------------------------------------------------------------------------------

    async def parse_list(self, response: Response, item_id: int, page: int, resume: int) -> AsyncIterator[Request]:
        try:
            listing = parse_list(response.body)
        except BadResponse as bad:
            for retry in self._retry_or_record(response, bad, list_page=True, item_id=item_id):
                yield retry
            return
        keys = [row.article_id for row in listing.rows]
        try:
            # Committed before any detail of the page is requested: a killed crawl resumes from here.
            stored = await self.state.list_page(original_url(response.request), item_id, page, listing.total, keys)
        except CrawlStateError as error:
            self.stop_on_state_error(error)
            return
        for row in listing.rows:
            if row.article_id in self.requested:
                continue
            if row.article_id in stored and not self._should_refetch(row, stored[row.article_id][1:]):
                continue
            self.requested.add(row.article_id)
            yield self._detail_request(row.article_id)

        last_page = not listing.rows or page >= listing.pages
        caught_up = not self.full and page >= resume and all(key in stored for key in keys)
        if last_page or caught_up:
            self.state.finish_walk(item_id)
            self.crawler.stats.set_value(f"fadan/list_pages/{item_id}", page)
            return
        yield self._list_request(page + 1, resume)

    def _should_refetch(self, row: ListRow, stored: tuple[str, datetime | None]) -> bool:
        """On a full walk: notices whose list row changed, recent ones, or all with refetch=all."""
        if not self.full:
            return False
        title, published = stored
        if self.refetch_all:
            return True
        if row.title != title or (published is not None and row.published_on != published.date()):
            return True
        return published is not None and published >= self.refetch_since

    # --- details ---------------------------------------------------------------------------------

    def parse_detail(self, response: Response, article_id: str) -> Iterator[Any]:
        try:
            check_article(soup_of(response.body))
        except BadResponse as bad:
            yield from self._retry_or_record(response, bad, list_page=False)
            return
        yield FetchedNotice(
            doc_id=None,
            item_id=COLUMN_ID,
            url=original_url(response.request),
            source_url=detail_url(self.base, article_id),
            raw_json=response.text,
            regulator=self.regulator,
            source_key=article_id,
        )

    def detail_failed(self, failure: Failure) -> None:
        self._record(original_url(failure.request), *describe_failure(failure), list_page=False, item_id=COLUMN_ID)
