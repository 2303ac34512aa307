"""The spider's parsing callbacks, city-scrapers style: a Scrapy response built from a recorded file
(tests/fixtures/synthetic, written by `python -m localnfra fixtures`), the callback called directly; no
reactor, no network. The store is a real SQLite database in a temporary directory.

(The end-to-end crawls over HTTP are in tests/test_spider.py.)"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.http import TextResponse
from scrapy.utils.test import get_crawler

from models.record import NoticeMeta, ParsedNotice
from scrapers.items import FetchedNotice
from scrapers.process_store import store_for
from scrapers.spiders.nfra import NfraSpider

FIXTURES = Path(__file__).parent / "fixtures" / "synthetic"
LIST_PAGE = FIXTURES / "list_item4293_page1.json"
BASE = "https://www.nfra.gov.cn"
PAGE_SIZE = 18  # the recorded page's size


def make_spider(tmp_path: Path, **arguments: str) -> NfraSpider:
    crawler = get_crawler(NfraSpider, {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fadan.db'}", "NFRA_BASE_URL": BASE, "NFRA_PAGE_SIZE": PAGE_SIZE,
        "NFRA_ITEMS": [4293], "NFRA_FULL_REFETCH_DAYS": 180,
    })
    return NfraSpider.from_crawler(crawler, **arguments)


def response(url: str, body: bytes, request: Request | None = None) -> TextResponse:
    return TextResponse(url=url, body=body, encoding="utf-8", request=request or Request(url))


def list_response(spider: NfraSpider, page: int = 1) -> TextResponse:
    request = spider._list_request(4293, page, 0)
    return response(request.url, LIST_PAGE.read_bytes(), request)


def recorded_rows() -> list[dict[str, Any]]:
    return json.loads(LIST_PAGE.read_bytes())["data"]["rows"]


def store_notice(spider: NfraSpider, doc_id: int) -> None:
    meta = NoticeMeta(doc_id=doc_id, title=f"公告 {doc_id}", published_at=None, item_id=4293)
    spider.store.save_notice(meta, "{}", f"hash-{doc_id}", ParsedNotice(layout="text", parse_status="ok"),
                             source_url=f"{BASE}/x", parser_version=1)


def test_a_list_page_asks_for_every_unstored_notice_then_the_next_page(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    out = list(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
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


def test_an_incremental_walk_stops_at_a_page_of_stored_notices(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    for row in recorded_rows():
        store_notice(spider, int(row["docId"]))
    out = list(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert out == []
    assert spider.walk_complete == {4293: True}


def test_a_docid_already_requested_by_another_item_is_not_requested_twice(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    first_doc = int(recorded_rows()[0]["docId"])
    spider.requested.add(first_doc)
    out = list(spider.parse_list(list_response(spider), item_id=4293, page=1, resume=0))
    assert first_doc not in [r.cb_kwargs.get("doc_id") for r in out]


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
    assert spider.store.stored_notices([1006640]) == {}


def test_a_detail_still_bad_after_its_retries_is_recorded_for_the_next_run(tmp_path: Path) -> None:
    spider = make_spider(tmp_path)
    request = spider._detail_request(1006640, 4293)
    request.meta["retry_times"] = spider.crawler.settings.getint("RETRY_TIMES")
    out = list(spider.parse_detail(response(request.url, b"<html>busy</html>", request), doc_id=1006640,
                                   item_id=4293))
    assert out == []
    failures = store_for(spider.crawler.settings).open_failures()
    assert [(f["doc_id"], f["item_id"]) for f in failures] == [(1006640, 4293)]
