"""The item pipeline: parse (docClob → per-party penalties, enriched), then store in one transaction."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy.exc import OperationalError

from models.store import NEW, Store
from scrapers.items import FetchedNotice
from scrapers.nfra.detail import content_hash, notice_meta
from scrapers.nfra.parse import PARSER_VERSION
from scrapers.nfra.reader import read_notice
from scrapers.nfra.urls import absolute
from scrapers.storage import store_for

logger = logging.getLogger(__name__)


class ParsePipeline:
    """Fills meta and parsed. Never fails: a notice the parser cannot read is stored raw, marked failed."""

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats
        self.base = crawler.settings.get("NFRA_BASE_URL").rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParsePipeline:
        return cls(crawler)

    def process_item(self, item: FetchedNotice) -> FetchedNotice:
        item.meta = notice_meta(item.data, item.item_id)
        item.meta.pdf_url = absolute(self.base, item.meta.pdf_url)
        item.parsed = read_notice(item.data, item.meta)
        self.stats.inc_value(f"fadan/parse/{item.parsed.parse_status}")
        if item.parsed.parse_status != "ok":
            logger.warning(
                "notice %s parsed %s (%s): %s", item.doc_id, item.parsed.parse_status, item.parsed.layout,
                item.parsed.parse_error,
            )
        return item


class StorePipeline:
    """Writes each notice and its penalties in a single transaction (upserts: re-runs never duplicate)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: Store = store_for(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: FetchedNotice) -> FetchedNotice:
        assert item.meta is not None and item.parsed is not None
        try:
            outcome = self.store.save_notice(
                item.meta,
                item.raw_json,
                content_hash(item.data),
                item.parsed,
                source_url=item.source_url,
                parser_version=PARSER_VERSION,
            )
        except OperationalError as exc:
            # A full disk or a database locked past the busy timeout: stop cleanly; nothing partial was
            # written (the transaction rolled back) and the next run fetches this notice again.
            logger.critical("cannot write notice %s: %s", item.doc_id, exc.orig)
            self.stats.set_value("fadan/storage_error", str(exc.orig))
            if self.crawler.engine.running:
                deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage-error"))
            raise DropItem(f"notice {item.doc_id} not stored: {exc.orig}") from exc
        self.store.resolve_failure(item.url)
        self.stats.inc_value(f"fadan/notices_{outcome}")
        if outcome == NEW:
            self.stats.inc_value("fadan/penalties_new", len(item.parsed.parties))
        return item

