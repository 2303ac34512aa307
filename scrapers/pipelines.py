"""The item pipeline: each fetched notice is parsed, enriched and stored in one transaction.

The work runs in a worker process (FADAN_INGEST_PROCESSES, default 1; 0 runs it in the crawl's own
process): Scrapy's request handling keeps one core busy, parsing and writing the other.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro

from models.db import database_url
from models.store import NEW
from scrapers.ingest import STORAGE_ERROR, Ingested, ingest, ingest_in_worker, start_worker
from scrapers.items import FetchedNotice
from scrapers.process_store import store_for

logger = logging.getLogger(__name__)


class IngestPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.base = settings.get("NFRA_BASE_URL").rstrip("/")
        processes = settings.getint("FADAN_INGEST_PROCESSES")
        self.pool: ProcessPoolExecutor | None = None
        if processes > 0:
            # spawn, not fork: the crawl process runs an event loop and threads a fork would copy.
            self.pool = ProcessPoolExecutor(
                processes, mp_context=multiprocessing.get_context("spawn"), initializer=start_worker,
                initargs=(database_url(settings), self.base, os.getpid()),
            )
        else:
            self.store = store_for(settings)

    @classmethod
    def from_crawler(cls, crawler: Any) -> IngestPipeline:
        return cls(crawler)

    async def process_item(self, item: FetchedNotice) -> FetchedNotice:
        args = (item.raw_json, item.item_id, item.source_url, item.url, item.regulator, item.source_key)
        if self.pool is not None:
            result = await asyncio.wrap_future(self.pool.submit(ingest_in_worker, *args))
        else:
            result = ingest(self.store, self.base, *args)
        if result.outcome == STORAGE_ERROR:
            self._storage_error(result)
        self._count(result)
        return item

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    def _count(self, result: Ingested) -> None:
        self.stats.inc_value(f"fadan/parse/{result.parse_status}")
        if result.parse_status != "ok":
            logger.warning(
                "notice %s parsed %s (%s): %s", result.doc_id, result.parse_status, result.layout, result.parse_error
            )
        self.stats.inc_value(f"fadan/notices_{result.outcome}")
        if result.outcome == NEW:
            self.stats.inc_value("fadan/penalties_new", result.parties)

    def _storage_error(self, result: Ingested) -> None:
        # A full disk or a database locked past the busy timeout: stop cleanly. Nothing partial was
        # written (the transaction rolled back) and the next run fetches this notice again.
        logger.critical("cannot write notice %s: %s", result.doc_id, result.error)
        self.stats.set_value("fadan/storage_error", result.error)
        if self.crawler.engine.running:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STORAGE_ERROR))
        raise DropItem(f"notice {result.doc_id} not stored: {result.error}")
