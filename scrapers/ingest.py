"""From a fetched detail body to a stored notice: parse, enrich, store — the crawl's one write path.

The crawl runs it in a worker process (`FADAN_INGEST_PROCESSES`, default 1) so that fetching and
parsing use both cores; `ingest()` itself is plain code, also called in-process and by the fuzzer.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import OperationalError

from models.db import make_engine
from models.record import NoticeMeta, ParsedNotice
from models.store import Store
from scrapers.nfra.detail import content_hash
from scrapers.nfra.parse import PARSER_VERSION
from scrapers.nfra.reader import read_detail
from scrapers.nfra.urls import absolute
from scrapers.pboc.reader import PARSER_VERSION as PBOC_PARSER_VERSION
from scrapers.pboc.reader import read_page

STORAGE_ERROR = "storage-error"


@dataclass(frozen=True)
class Prepared:
    meta: NoticeMeta
    fingerprint: str  # content_hash: changes when the regulator edits the notice
    parsed: ParsedNotice
    parser_version: int = PARSER_VERSION


@dataclass(frozen=True)
class Ingested:
    """What happened to one notice (picklable: it crosses the process boundary)."""

    doc_id: int | None  # None: a non-NFRA notice the database refused before allocating its key
    outcome: str  # new | changed | unchanged | storage-error
    parse_status: str
    layout: str
    parse_error: str | None
    parties: int
    error: str | None = None  # why the database refused the write


def prepare(data: dict[str, Any], item_id: int | None, base: str) -> Prepared:
    """The notice-level fields, the fingerprint and the enriched parse of a validated detail."""
    meta, parsed = read_detail(data, item_id)
    meta.pdf_url = absolute(base, meta.pdf_url)
    return Prepared(meta, content_hash(data), parsed)


def prepare_body(regulator: str, raw: str, item_id: int | None, base: str, source_key: str | None) -> Prepared:
    """A detail body as stored (NFRA's JSON, PBOC's HTML page), read by its regulator's reader."""
    if regulator == "pboc":
        page = read_page(raw, source_key or "", item_id)
        return Prepared(page.meta, page.fingerprint, page.parsed, PBOC_PARSER_VERSION)
    return prepare(json.loads(raw)["data"], item_id, base)


def ingest(
    store: Store, base: str, raw_json: str, item_id: int | None, source_url: str, url: str,
    regulator: str = "nfra", source_key: str | None = None,
) -> Ingested:
    """Parse and store one detail body the spider validated; one transaction. Never raises for bad
    text; a database that refuses the write (disk full, locked past the timeout) gives STORAGE_ERROR."""
    prepared = prepare_body(regulator, raw_json, item_id, base, source_key)
    parsed = prepared.parsed
    try:
        outcome = store.save_notice(
            prepared.meta, raw_json, prepared.fingerprint, parsed, source_url=source_url,
            parser_version=prepared.parser_version,
        )
        store.resolve_failure(url)
    except OperationalError as exc:
        return Ingested(
            prepared.meta.doc_id, STORAGE_ERROR, parsed.parse_status, parsed.layout, parsed.parse_error, 0,
            error=str(exc.orig),
        )
    return Ingested(
        prepared.meta.doc_id, outcome, parsed.parse_status, parsed.layout, parsed.parse_error, len(parsed.parties)
    )


# --- the worker process --------------------------------------------------------------------------

_worker: tuple[Store, str] | None = None


def start_worker(db_url: str, base: str, parent: int) -> None:
    """ProcessPoolExecutor initializer: one Store (engine) per worker process, and a watch on the crawl.

    A worker blocked on its task queue never notices that the crawl was killed (kill -9: it holds
    the queue's other end itself), so a thread exits the worker once `parent` is no longer its parent. A notice
    being written then is simply not committed; the next crawl fetches it again.
    """
    global _worker
    _worker = (Store(make_engine(db_url)), base)

    # `parent` is the crawl's pid as the crawl saw it: the worker may start after the crawl was killed.
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def ingest_in_worker(
    raw_json: str, item_id: int | None, source_url: str, url: str, regulator: str = "nfra",
    source_key: str | None = None,
) -> Ingested:
    assert _worker is not None, "start_worker() did not run in this process"
    store, base = _worker
    return ingest(store, base, raw_json, item_id, source_url, url, regulator, source_key)
