"""The spiders' parsing callbacks, city-scrapers style: a Scrapy response built from a recorded file, the
callback called directly; no reactor, no network. NFRA pages are the project's synthetic fixtures
(tests/fixtures/synthetic, written by `python -m localnfra fixtures`); PBOC pages are the real ones in
../shared/samples/pboc.

The callbacks report to a real `CrawlState` on a real SQLite database in a temporary directory; only its
executor differs from a crawl's: it runs each job at once on the calling thread, so a test reads the
database right after the callback. The threaded executor of a real crawl is tested at the end: during
real crawls against the local server no SQL statement runs on the reactor thread.

(The end-to-end crawls over HTTP are in tests/test_spider.py and tests/test_spider_pboc.py.)"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Executor, Future
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from sqlalchemy import event, select
from twisted.python.failure import Failure

from localnfra.corpus import Corpus
from localnfra.pboc import PbocCorpus
from localnfra.server import serve
from models.db import make_engine
from models.record import NoticeMeta, ParsedNotice
from models.store import NOTICE, WALK, Store
from scrapers.crawlstate import CrawlState
from scrapers.extensions import EXIT_UNFINISHED, CrawlSummary
from scrapers.items import FetchedNotice
from scrapers.pboc.listing import parse_list
from scrapers.pboc.urls import COLUMN_ID
from scrapers.process_store import store_for
from scrapers.spiders.base import FadanSpider
from scrapers.spiders.nfra import NfraSpider
from scrapers.spiders.pboc import PbocSpider
from tests.crawling import ROOT, crawl_env

FIXTURES = Path(__file__).parent / "fixtures" / "synthetic"
LIST_PAGE = FIXTURES / "list_item4293_page1.json"
PBOC_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"  # real pages
PBOC_LIST = PBOC_SAMPLES / "pbc_penalty_list_column4081705_page1_2026-09-24.html"
PBOC_DETAIL = PBOC_SAMPLES / "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html"
BASE = "https://www.nfra.gov.cn"
PBOC_BASE = "https://www.pbc.gov.cn"
PAGE_SIZE = 18  # the recorded page's size


class AtOnce(Executor):
    """Runs each job when it is submitted, on the calling thread (the tests' executor)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # kept in the future, as a worker thread would
            future.set_exception(error)
        return future


def settings(tmp_path: Path) -> dict[str, Any]:
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fadan.db'}", "NFRA_BASE_URL": BASE, "PBOC_BASE_URL": PBOC_BASE,
        "NFRA_PAGE_SIZE": PAGE_SIZE, "NFRA_ITEMS": [4293], "NFRA_FULL_REFETCH_DAYS": 180,
        "PBOC_FULL_REFETCH_DAYS": 180,
    }


def make_spider(tmp_path: Path, cls: type[FadanSpider] = NfraSpider, store: Store | None = None,
                **arguments: str) -> Any:
    crawler = get_crawler(cls, settings(tmp_path))
    spider = cls.from_crawler(crawler, **arguments)
    crawler.spider = spider
    spider.state = CrawlState(lambda: store or store_for(crawler.settings), cls.regulator, executor=AtOnce())
    return spider


def run(callback_output: Any) -> list[Any]:
    """What a coroutine callback returns or an async-generator callback yields, on a fresh event loop."""
    async def collect() -> list[Any]:
        if isinstance(callback_output, AsyncIterator):
            return [out async for out in callback_output]
        result = await callback_output
        return list(result or [])
    return asyncio.run(collect())


def response(url: str, body: bytes, request: Request | None = None, cls: type = TextResponse) -> TextResponse:
    return cls(url=url, body=body, encoding="utf-8", request=request or Request(url))


def list_response(spider: NfraSpider, page: int = 1, resume: int = 0) -> TextResponse:
    request = spider._list_request(4293, page, resume)
    return response(request.url, LIST_PAGE.read_bytes(), request)


def recorded_rows() -> list[dict[str, Any]]:
    return json.loads(LIST_PAGE.read_bytes())["data"]["rows"]


def store_of(spider: FadanSpider) -> Store:
    return store_for(spider.crawler.settings)


def store_notice(spider: FadanSpider, doc_id: int | None, *, source_key: str | None = None, title: str = "",
                 published_at: datetime | None = None) -> int:
    meta = NoticeMeta(doc_id=doc_id, title=title or f"公告 {doc_id or source_key}", published_at=published_at,
                      item_id=4293 if source_key is None else COLUMN_ID,
                      regulator="nfra" if source_key is None else "pboc", source_key=source_key)
    store_of(spider).save_notice(meta, "{}", f"hash-{doc_id or source_key}", ParsedNotice(layout="text",
                                 parse_status="ok"), source_url=f"{BASE}/x", parser_version=1)
    assert meta.doc_id is not None
    return meta.doc_id


def listed_last_by_an_earlier_run(spider: FadanSpider, *doc_ids: int) -> None:
    with store_of(spider).engine.begin() as conn:
        conn.execute(NOTICE.update().where(NOTICE.c.doc_id.in_(doc_ids)).values(last_listed_at=datetime(2026, 1, 1)))


def walk_row(spider: FadanSpider, item_id: int = 4293) -> Any:
    with store_of(spider).engine.connect() as conn:
        return conn.execute(select(WALK).where(WALK.c.item_id == item_id)).first()


def notice_row(spider: FadanSpider, doc_id: int) -> Any:
    with store_of(spider).engine.connect() as conn:
        return conn.execute(select(NOTICE).where(NOTICE.c.doc_id == doc_id)).first()


def open_failures(spider: FadanSpider) -> list[tuple[str, str]]:
    return [(f["url"], f["kind"]) for f in store_of(spider).open_failures()]


def start_requests(spider: FadanSpider) -> list[Request]:
    return run(spider.start())


# --- NFRA list pages ---------------------------------------------------------------------------------


def test_a_list_page_asks_for_every_unstored_notice_then_the_next_page(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    start_requests(spider)
    out = run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    rows = recorded_rows()
    details, following = out[:-1], out[-1]
    assert [r.cb_kwargs["doc_id"] for r in details] == [int(row["docId"]) for row in rows]
    first = details[0]
    assert first.url == f"{BASE}/cn/static/data/DocInfo/SelectByDocId/data_docId={rows[0]['docId']}.json"
    assert first.callback == spider.parse_detail
    assert "ItemDetail.html?docId=" in first.headers["Referer"].decode()
    assert following.callback == spider.parse_list and following.cb_kwargs["page"] == 2
    assert "pageIndex=2" in following.url and f"pageSize={PAGE_SIZE}" in following.url
    assert spider.list_totals == {4293: 485}
    walk = walk_row(spider)
    assert (walk.deepest_page, walk.last_total, walk.walk_finished_at) == (1, 485, None)


class SlowProgress(Store):
    """A store whose walk-progress write takes a while, as under a busy disk."""

    def walk_progress(self, *args: Any, **kwargs: Any) -> None:
        time.sleep(0.3)
        super().walk_progress(*args, **kwargs)


def test_the_walk_progress_is_written_before_the_first_detail_is_requested(tmp_path: Path) -> None:
    """A crawl killed after asking for a page's details resumes from that page (docs/architecture.md).
    Here with the crawl's own executor, the crawl-state thread, and a slow write: the first request
    only comes once the page's progress is committed."""
    store_for(get_crawler(NfraSpider, settings(tmp_path)).settings)  # migrated
    spider = make_spider(tmp_path)
    slow = SlowProgress(make_engine(f"sqlite:///{tmp_path / 'fadan.db'}"), create=False)
    spider.state = CrawlState(lambda: slow, "nfra")  # threaded, as in a crawl

    async def first_output() -> tuple[Request, int]:
        [_ async for _ in spider.start()]
        callback = spider.parse_list(list_response(spider, page=3), item_id=4293, page=3, resume=0)
        first = await anext(callback)
        deepest = walk_row(spider).deepest_page
        await callback.aclose()
        await spider.state.close()
        return first, deepest

    first, deepest = asyncio.run(first_output())
    assert first.callback == spider.parse_detail
    assert deepest == 3


def test_an_incremental_walk_stops_at_a_page_of_stored_notices(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    for row in recorded_rows():
        store_notice(spider, int(row["docId"]))
    start_requests(spider)
    out = run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert out == []
    assert spider.walk_complete == {4293: True}
    walk = walk_row(spider)
    assert walk.walk_finished_at is not None and walk.deepest_page == 0


def test_an_interrupted_walk_is_resumed_and_its_pages_revisited_before_stopping(tmp_path: Path) -> None:
    killed = make_spider(tmp_path)
    start_requests(killed)
    for page in (1, 2, 3):
        run(killed.parse_list(list_response(killed, page), item_id=4293, page=page, resume=0))
    # killed here: no close, the walk never finished

    spider = make_spider(tmp_path)
    for row in recorded_rows():
        store_notice(spider, int(row["docId"]))
    (first_list,) = start_requests(spider)
    assert first_list.cb_kwargs == {"item_id": 4293, "page": 1, "resume": 3}
    # Pages 1-3 are walked again although every notice on them is stored; page 3 is the last revisited.
    (following,) = run(spider.parse_list(list_response(spider, 2), item_id=4293, page=2, resume=3))
    assert following.cb_kwargs["page"] == 3
    assert run(spider.parse_list(list_response(spider, 3), item_id=4293, page=3, resume=3)) == []
    assert spider.walk_complete == {4293: True}


def test_a_docid_already_requested_by_another_item_is_not_requested_twice(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    start_requests(spider)
    first_doc = int(recorded_rows()[0]["docId"])
    spider.requested.add(first_doc)
    out = run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert first_doc not in [r.cb_kwargs.get("doc_id") for r in out]


def test_a_failure_of_last_run_is_requested_first_and_resolved_once_fetched(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    doc_id = int(recorded_rows()[4]["docId"])
    url = f"{BASE}/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json"
    store_of(spider).record_failure(url, "http-503", "HTTP 503 after retries", doc_id=doc_id, item_id=4293)
    retried, listing = start_requests(spider)
    assert (retried.url, retried.callback) == (url, spider.parse_detail)
    assert listing.callback == spider.parse_list
    out = run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert doc_id not in [r.cb_kwargs.get("doc_id") for r in out]  # already asked for, not twice


# --- NFRA details --------------------------------------------------------------------------------------


def test_a_detail_becomes_a_fetched_notice_with_its_raw_json(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    path = sorted(p for p in FIXTURES.glob("detail_*.json") if not p.name.endswith(".expected.json"))[0]
    doc_id = int(path.stem.removeprefix("detail_"))
    request = spider._detail_request(doc_id, 4293)
    (item,) = list(spider.parse_detail(response(request.url, path.read_bytes(), request), doc_id=doc_id,
                                       item_id=4293))
    assert isinstance(item, FetchedNotice)
    assert item.doc_id == doc_id and item.item_id == 4293
    assert item.raw_json == path.read_text(encoding="utf-8")
    assert item.source_url.startswith(f"{BASE}/cn/view/pages/ItemDetail.html?docId={doc_id}")


@pytest.mark.parametrize("body", [b"<html><body>502 Bad Gateway</body></html>", b"",
                                  b'{"rptCode":500,"msg":"error","data":null}'])
def test_a_200_that_is_not_a_notice_is_retried_and_never_stored(tmp_path: Path, body: bytes) -> None:
    spider = make_spider(tmp_path)
    request = spider._detail_request(1006640, 4293)
    (retry,) = list(spider.parse_detail(response(request.url, body, request), doc_id=1006640, item_id=4293))
    assert isinstance(retry, Request) and retry.url == request.url
    assert retry.meta["retry_times"] == 1
    assert store_of(spider).stored_notices([1006640]) == {}
    assert open_failures(spider) == []


def test_a_detail_still_bad_after_its_retries_is_recorded_for_the_next_run(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    request = spider._detail_request(1006640, 4293)
    request.meta["retry_times"] = spider.crawler.settings.getint("RETRY_TIMES")
    out = list(spider.parse_detail(response(request.url, b"<html>busy</html>", request), doc_id=1006640,
                                   item_id=4293))
    assert out == []
    failures = store_of(spider).open_failures()
    assert [(f["doc_id"], f["item_id"], f["kind"]) for f in failures] == [(1006640, 4293, "html-200")]


def not_found(spider: NfraSpider, doc_id: int) -> Failure:
    request = spider._detail_request(doc_id, 4293)
    failure = Failure(HttpError(response(request.url, b"", request, cls=HtmlResponse).replace(status=404)))
    failure.request = request  # as Scrapy hands it to an errback
    return failure


def test_a_stored_notice_whose_detail_is_gone_is_left_to_the_full_walk_not_recorded(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, full="1")
    store_notice(spider, 1006640)
    assert run(spider.detail_failed(not_found(spider, 1006640))) == []
    assert open_failures(spider) == []
    assert spider.crawler.stats.get_value("fadan/detail_gone") == 1
    # A notice never stored is a failure to retry, whatever the walk.
    run(spider.detail_failed(not_found(spider, 1095361)))
    assert [kind for _, kind in open_failures(spider)] == ["http-404"]


# --- NFRA end of the run -------------------------------------------------------------------------------


def full_walk(spider: NfraSpider, pages: int = 1) -> None:
    start_requests(spider)
    for page in range(1, pages + 1):
        run(spider.parse_list(list_response(spider, page), item_id=4293, page=page, resume=0))


def test_a_complete_full_walk_marks_what_no_list_showed_as_removed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, full="1")
    gone = 999001  # stored by an earlier run, listed by no page of this one
    store_notice(spider, gone)
    listed = [int(row["docId"]) for row in recorded_rows()]
    for doc_id in listed:
        store_notice(spider, doc_id)
    listed_last_by_an_earlier_run(spider, gone, *listed)
    spider.refetch_since = datetime.max  # nothing recent to re-fetch
    spider.page_size = 485  # the recorded page is the whole list: the walk completes on page 1
    full_walk(spider)
    assert spider.walk_complete == {4293: True}
    run(spider.closed("finished"))
    assert notice_row(spider, gone).removed_at is not None  # marked, never deleted
    assert all(notice_row(spider, doc_id).removed_at is None for doc_id in listed)
    assert spider.crawler.stats.get_value("fadan/notices_removed") == 1
    assert spider.state.closed.done()


@pytest.mark.parametrize("why", ["narrowed", "incomplete", "interrupted", "incremental"])
def test_no_removal_is_inferred_from_a_walk_that_did_not_see_every_list(tmp_path: Path, why: str) -> None:
    arguments = {"full": "1"} if why != "incremental" else {}
    if why == "narrowed":
        arguments["items"] = "4293"
    spider = make_spider(tmp_path, **arguments)
    listed_last_by_an_earlier_run(spider, store_notice(spider, 999001))
    spider.page_size = 485
    full_walk(spider)
    if why == "incomplete":
        spider._record(f"{BASE}/list-page-2", "http-503", "HTTP 503 after retries", list_page=True, item_id=4293)
    run(spider.closed("shutdown" if why == "interrupted" else "finished"))
    assert notice_row(spider, 999001).removed_at is None
    assert spider.crawler.stats.get_value("fadan/notices_removed") is None


def test_a_notice_listed_before_it_was_stored_gets_its_item_at_the_end_of_the_run(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    full_walk(spider)
    doc_id = int(recorded_rows()[0]["docId"])
    store_notice(spider, doc_id)  # as the ingest worker does meanwhile
    with store_of(spider).engine.begin() as conn:  # stored under another item
        conn.execute(NOTICE.update().where(NOTICE.c.doc_id == doc_id).values(item_ids="4114"))
    run(spider.closed("finished"))
    assert notice_row(spider, doc_id).item_ids == "4114,4293"


def bad_row_url(spider: NfraSpider, key: str) -> str:
    return f"{BASE}/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId=4293&pageSize={PAGE_SIZE}&pageIndex=1" \
           f"#bad-row-{key}"


def test_a_malformed_row_not_seen_again_by_a_full_walk_is_resolved(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, full="1")
    vanished = bad_row_url(spider, "vanished")
    store_of(spider).record_failure(vanished, "bad-row", "item 4293, page 1, row 3: no docId", item_id=4293)
    body = json.loads(LIST_PAGE.read_bytes())
    body["data"]["rows"][2]["docId"] = "not-a-number"  # this run's page has a malformed row of its own
    request = spider._list_request(4293, 1, 0)
    start_requests(spider)
    spider.page_size = 485
    run(spider.parse_list(response(request.url, json.dumps(body).encode(), request), item_id=4293, page=1,
                          resume=0))
    (seen,) = [url for url, kind in open_failures(spider) if kind == "bad-row" and url != vanished]
    run(spider.closed("finished"))
    assert open_failures(spider) == [(seen, "bad-row")]


# --- a crawl state that cannot be written ------------------------------------------------------------


def refusing_store(tmp_path: Path) -> Store:
    """The database as a crawl would find it, on a connection that refuses every write (a disk that
    turned read-only): reads answer, writes raise."""
    store_for(get_crawler(NfraSpider, settings(tmp_path)).settings)  # migrated, as the crawl opens it
    engine = make_engine(f"sqlite:///{tmp_path / 'fadan.db'}")
    event.listen(engine, "connect", lambda connection, _: connection.execute("PRAGMA query_only=ON"))
    return Store(engine, create=False)


def test_a_write_that_fails_stops_the_crawl_skips_removals_and_makes_the_run_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    spider = make_spider(tmp_path, store=refusing_store(tmp_path), full="1")
    listed_last_by_an_earlier_run(spider, store_notice(spider, 999001))  # through a writable store
    assert start_requests(spider) == []  # begin_walk could not be written: no list is walked
    assert spider.state.errors and "readonly" in spider.state.errors[0]
    assert "stopping the crawl" in caplog.text
    out = run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert out == []  # no detail is requested without its page's progress written
    run(spider.closed("finished"))
    assert notice_row(spider, 999001).removed_at is None
    assert spider.state.closed.done()

    summary = CrawlSummary(spider.crawler)
    summary._summarise(spider, "finished", spider.state.errors)
    printed = capsys.readouterr().out
    assert spider.crawler.stats.get_value("fadan/exit_code") == EXIT_UNFINISHED
    assert "crawl state: " in printed and "write(s) failed" in printed
    assert printed.rstrip().endswith("exit 1: the crawl did not finish: rerun it (it resumes where it stopped)")


def test_a_queued_write_that_failed_is_not_forgotten(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, store=refusing_store(tmp_path))
    spider._record(f"{BASE}/x.json", "http-503", "HTTP 503 after retries", list_page=False, doc_id=1, item_id=4293)
    assert len(spider.state.errors) == 1
    # The next call the spider waits on raises instead of reading on as if nothing happened.
    assert run(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0)) == []
    assert len(spider.state.errors) == 1


# --- PBOC ------------------------------------------------------------------------------------------------


def pboc_list(spider: PbocSpider, page: int = 1, resume: int = 0) -> TextResponse:
    request = spider._list_request(page, resume)
    return response(request.url, PBOC_LIST.read_bytes(), request, cls=HtmlResponse)


def test_a_pboc_list_page_asks_for_every_unstored_notice_then_the_next_page(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, PbocSpider)
    (first_list,) = start_requests(spider)
    assert first_list.cb_kwargs == {"item_id": COLUMN_ID, "page": 1, "resume": 0}
    out = run(spider.parse_list(pboc_list(spider), item_id=COLUMN_ID, page=1, resume=0))
    details, following = out[:-1], out[-1]
    assert len(details) == 20
    assert details[17].url == f"{PBOC_BASE}/zhengwugongkai/4081330/4081344/4081407/4081705/5860077/index.html"
    assert following.url == f"{PBOC_BASE}/zhengwugongkai/4081330/4081344/4081407/4081705/d80f41dc-2.html"
    assert spider.list_totals == {COLUMN_ID: 60}
    walk = walk_row(spider, COLUMN_ID)
    assert (walk.deepest_page, walk.last_total, walk.regulator) == (1, 60, "pboc")


def test_an_incremental_pboc_walk_stops_at_a_page_of_stored_notices_and_marks_them_listed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, PbocSpider)
    rows = parse_list(PBOC_LIST.read_bytes()).rows
    doc_ids = [store_notice(spider, None, source_key=row.article_id, title=row.title) for row in rows]
    listed_last_by_an_earlier_run(spider, *doc_ids)
    start_requests(spider)
    assert run(spider.parse_list(pboc_list(spider), item_id=COLUMN_ID, page=1, resume=0)) == []
    assert spider.walk_complete == {COLUMN_ID: True}
    assert all(notice_row(spider, doc_id).last_listed_at > datetime(2026, 1, 1) for doc_id in doc_ids)


def test_a_full_pboc_walk_refetches_a_notice_whose_list_title_changed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, PbocSpider, full="1")
    rows = parse_list(PBOC_LIST.read_bytes()).rows
    for row in rows:
        title = row.title if row.article_id != "5860077" else "银罚决字〔2025〕31-37号"
        store_notice(spider, None, source_key=row.article_id, title=title,
                     published_at=datetime.combine(row.published_on, datetime.min.time()))
    spider.refetch_since = datetime.max
    start_requests(spider)
    out = run(spider.parse_list(pboc_list(spider), item_id=COLUMN_ID, page=1, resume=0))
    assert [r.cb_kwargs for r in out] == [{"article_id": "5860077"}, {"item_id": COLUMN_ID, "page": 2, "resume": 0}]


def test_a_pboc_detail_becomes_a_fetched_notice_and_a_bad_one_a_failure(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, PbocSpider)
    request = spider._detail_request("5860077")
    (item,) = list(spider.parse_detail(response(request.url, PBOC_DETAIL.read_bytes(), request, cls=HtmlResponse),
                                       article_id="5860077"))
    assert (item.regulator, item.source_key, item.doc_id, item.item_id) == ("pboc", "5860077", None, COLUMN_ID)
    request.meta["retry_times"] = spider.crawler.settings.getint("RETRY_TIMES")
    assert list(spider.parse_detail(response(request.url, b"<html><p>busy</p></html>", request, cls=HtmlResponse),
                                    article_id="5860077")) == []
    assert [(f["url"], f["regulator"]) for f in store_of(spider).open_failures()] == [(request.url, "pboc")]


def test_a_complete_full_pboc_walk_marks_only_pboc_notices_removed(tmp_path: Path) -> None:
    spider = make_spider(tmp_path, PbocSpider, full="1")
    unlisted_pboc = store_notice(spider, None, source_key="5000001")
    unlisted_nfra = store_notice(spider, 999001)
    listed_last_by_an_earlier_run(spider, unlisted_pboc, unlisted_nfra)
    start_requests(spider)
    spider.refetch_since = datetime.max
    for page in (1, 2, 3):  # the recorded page stands for each of the three
        run(spider.parse_list(pboc_list(spider, page), item_id=COLUMN_ID, page=page, resume=0))
    run(spider.closed("finished"))
    assert notice_row(spider, unlisted_pboc).removed_at is not None
    assert notice_row(spider, unlisted_nfra).removed_at is None


# --- the threaded crawl state of a real crawl ------------------------------------------------------------

# Runs `scrapy crawl` with every SQL statement of the crawl process recorded with the thread that ran it.
RECORDING_CRAWL = """
import atexit, json, os, sys, threading
from sqlalchemy import event
from sqlalchemy.engine import Engine
seen = []
@event.listens_for(Engine, "before_cursor_execute")
def record(conn, cursor, statement, *args):
    seen.append([threading.current_thread() is threading.main_thread(), threading.current_thread().name,
                 " ".join(statement.split())[:60]])
atexit.register(lambda: open(os.environ["RECORD_TO"], "w").write(json.dumps(seen)))
from scrapy.cmdline import execute
execute(["scrapy", "crawl", *sys.argv[1:]])
"""


def recorded_crawl(base_url: str, db_url: str, record: Path, *arguments: str) -> list[tuple[bool, str, str]]:
    env = dict(crawl_env(base_url, db_url), RECORD_TO=str(record))
    result = subprocess.run([sys.executable, "-c", RECORDING_CRAWL, *arguments], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return [tuple(row) for row in json.loads(record.read_text())]


@pytest.mark.slow
def test_a_real_crawl_never_runs_sql_on_the_reactor_thread(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'fadan.db'}"
    with serve(Corpus(30, seed=4), pboc=PbocCorpus(25, seed=4)) as server:
        first = recorded_crawl(server.base_url, db_url, tmp_path / "nfra.json", "nfra", "-s", "NFRA_PAGE_SIZE=5")
        server.remove(next(iter(server.corpus.doc_ids())))
        full = recorded_crawl(server.base_url, db_url, tmp_path / "full.json", "nfra", "-a", "full=1")
        pboc = recorded_crawl(server.base_url, db_url, tmp_path / "pboc.json", "pboc")
    for statements in (first, full, pboc):
        assert statements, "the recording saw no SQL at all"
        assert [s for s in statements if s[0]] == []  # nothing on the main thread, where the reactor runs
        state = {text for _, thread, text in statements if thread.startswith("crawl-state")}
        # the spider's whole bookkeeping ran on its one crawl-state thread
        assert any(text.startswith("UPDATE crawl_item SET deepest_page") for text in state)  # walk progress
        assert any(text.startswith("UPDATE crawl_item SET walk_finished_at") for text in state)
        assert any(text.startswith("SELECT notice.") for text in state)  # which listed notices are stored
        assert not any(text.startswith("INSERT INTO crawl_run") for text in state)  # the summary: after it
        assert any(text.startswith("INSERT INTO crawl_run") for _, _, text in statements)
    assert any(text.startswith("UPDATE notice SET removed_at") for _, thread, text in full
               if thread.startswith("crawl-state"))
