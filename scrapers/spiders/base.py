"""What every Fadan spider shares: its regulator, its hosts, the full-walk flag, its crawl state (walk
progress, failures, removals: scrapers/crawlstate.py, off the event loop), and how a response that is not
what it should be is retried, then recorded in `fetch_failure` for the next run.

Politeness, retries, back-off, the ingest pipeline, the run summary and the exit code are project
settings and extensions (scrapers/settings, middlewares.py, pipelines.py, extensions.py): every spider
gets them by being a Scrapy spider of this project. A spider sets `regulator` and `base_setting`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from scrapers.crawlstate import CrawlState, CrawlStateError
from scrapers.failures import describe_failure, original_url
from scrapers.ingest import STORAGE_ERROR
from scrapers.nfra.detail import BadResponse
from scrapers.process_store import store_for

logger = logging.getLogger(__name__)


def flag(value: Any) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


class FadanSpider(scrapy.Spider):
    regulator: str  # nfra | pboc: the rows this spider writes, retries and marks removed
    base_setting: str  # NFRA_BASE_URL | PBOC_BASE_URL: every URL is built from it
    # The setting with the days a source may go without a new notice before the run fails (PBOC
    # publishes every few weeks, NFRA every working day).
    freshness_setting = "FADAN_MAX_DAYS_WITHOUT_NEW"
    removed_message = "notice %s is no longer listed: marked removed"  # logged per notice marked removed
    state: CrawlState
    base: str
    items: list[int]

    def __init__(self, full: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.full = flag(full)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> FadanSpider:
        spider: FadanSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.base = crawler.settings.get(cls.base_setting).rstrip("/")
        settings = crawler.settings
        spider.state = CrawlState(lambda: store_for(settings), cls.regulator)
        # The only hosts a redirect may lead to (scrapers.middlewares.SourceRedirectMiddleware): the
        # base URL's; a spider whose source serves files from more hosts widens it (nfra).
        spider.source_hosts = frozenset({urlsplit(spider.base).hostname or ""}) - {""}
        return spider

    # What the crawl summary reads (scrapers/extensions.py).
    @property
    def previous_totals(self) -> dict[int, int | None]:
        return self.state.previous_totals

    @property
    def list_totals(self) -> dict[int, int]:
        return self.state.list_totals

    @property
    def walk_complete(self) -> dict[int, bool]:
        return self.state.walk_complete

    @property
    def narrowed(self) -> bool:
        """Only some of the source's items are walked: no removal can be inferred."""
        return False

    def stop_on_state_error(self, error: CrawlStateError) -> None:
        """The crawl state cannot be written: stop like the pipeline does on a storage error (exit 1)."""
        logger.critical("stopping the crawl: %s", error)
        if self.crawler.crawling and self.crawler.engine.running:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STORAGE_ERROR))

    # --- failures --------------------------------------------------------------------------------

    def _retry_or_record(
        self, response: Response, bad: BadResponse, *, list_page: bool, **ids: Any
    ) -> Iterator[Request]:
        """A 200 that is really an error page is retried like a 503; after the last retry, recorded."""
        self.crawler.stats.inc_value(f"fadan/bad_response/{bad.kind}")
        retry = get_retry_request(response.request, spider=self, reason=bad.kind)
        if retry is not None:
            retry.meta.pop("download_latency", None)  # the downloader's figure for the failed attempt
            yield retry
            return
        self._record(original_url(response.request), bad.kind, bad.reason, list_page=list_page, **ids)

    def _record(self, url: str, kind: str, reason: str, *, list_page: bool, **ids: Any) -> None:
        logger.error("giving up on %s (%s): %s; it will be retried on the next run", url, kind, reason)
        self.crawler.stats.inc_value(f"fadan/failed/{kind}")
        self.state.record_failure(url, kind, reason, list_page=list_page, **ids)

    def list_failed(self, failure: Failure) -> None:
        request = failure.request
        self._record(
            original_url(request), *describe_failure(failure), list_page=True, item_id=request.cb_kwargs.get("item_id")
        )

    # --- end of the run --------------------------------------------------------------------------

    async def closed(self, reason: str) -> None:
        """Record the items of newly stored notices; after a complete full walk, mark vanished notices.
        Then the crawl state is flushed and closed (the crawl summary waits for that)."""
        gone: list[int] | None = None
        try:
            gone = await self.state.finish_run(
                self.items, full=self.full, narrowed=self.narrowed, finished=reason == "finished"
            )
        except CrawlStateError as error:
            logger.critical("the end of the run was not recorded (no removals inferred): %s", error)
        finally:
            await self.state.close()
        if gone is not None:  # the removals ran: a complete full walk
            self.crawler.stats.set_value("fadan/notices_removed", len(gone))
            for doc_id in gone:
                logger.warning(self.removed_message, doc_id)
