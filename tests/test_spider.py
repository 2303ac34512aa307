"""The `nfra` spider: real Scrapy crawls over real HTTP against the local NFRA server (no mocks)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import func, select

from localnfra.corpus import Corpus
from localnfra.server import Server, serve
from models.db import make_engine
from models.store import HISTORY, NOTICE, PENALTY
from tests.crawling import crawl

pytestmark = pytest.mark.slow  # real crawls or runs in subprocesses: `make quick` leaves them out

ITEMS = (4113, 4114, 4115, 4293)


@pytest.fixture
def server() -> Iterator[Server]:
    with serve(Corpus(120, seed=11)) as running:
        yield running


def served(server: Server, endpoint: str) -> int:
    return server.stats.snapshot()["by_endpoint_outcome"].get(f"{endpoint}:ok", 0)


def notices(db_url: str) -> dict[int, dict]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = {row.doc_id: dict(row._mapping) for row in conn.execute(select(NOTICE))}
    engine.dispose()
    return rows


def scalar(db_url: str, query) -> int:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        value = conn.scalar(query)
    engine.dispose()
    return value


def test_every_notice_is_stored_once_with_title_date_and_link(server: Server, db_url: str) -> None:
    result = crawl(server.base_url, db_url)
    assert result.returncode == 0, result.stdout + result.stderr
    corpus = server.corpus
    stored = notices(db_url)
    assert set(stored) == set(corpus.doc_ids())
    # a docId listed by two items (4114 and 4293) was fetched once
    assert server.stats.snapshot()["details_served_twice"] == 0
    for doc_id, row in stored.items():
        truth = corpus.expected(doc_id)["notice"]
        assert row["title"] == " ".join(truth["title"].split())  # runs of spaces (as on the real list) collapsed
        assert row["published_at"] == datetime.fromisoformat(truth["published_at"])
        assert row["source_url"].startswith(f"{server.base_url}/cn/view/pages/ItemDetail.html?docId={doc_id}&itemId=")
        # every item that lists it is known after one crawl, whichever list its detail was fetched from
        assert row["item_ids"] == ",".join(str(i) for i in sorted(truth["item_ids"]))
    penalties = scalar(db_url, select(func.count()).select_from(PENALTY))
    assert penalties == sum(len(corpus.expected(d)["parties"]) for d in corpus.doc_ids())
    assert "== Fadan crawl summary: finished" in result.stdout
    assert f"{len(stored)} new" in result.stdout and "exit 0" in result.stdout


def test_a_repeat_crawl_fetches_no_detail(server: Server, sqlite_url: str) -> None:
    assert crawl(server.base_url, sqlite_url).returncode == 0
    details = served(server, "detail")
    second = crawl(server.base_url, sqlite_url)
    assert second.returncode == 0, second.stdout + second.stderr
    assert served(server, "detail") == details
    assert "0 new, 0 changed" in second.stdout


def test_a_notice_added_later_is_the_only_detail_fetched(server: Server, sqlite_url: str) -> None:
    assert crawl(server.base_url, sqlite_url).returncode == 0
    before = served(server, "detail")
    [new_doc] = server.add(1)
    result = crawl(server.base_url, sqlite_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert served(server, "detail") == before + 1
    assert new_doc in notices(sqlite_url)
    assert "1 new" in result.stdout


def test_incremental_paging_stops_early_and_full_walks_every_page(server: Server, sqlite_url: str) -> None:
    page_size = 10
    assert crawl(server.base_url, sqlite_url, NFRA_PAGE_SIZE=page_size).returncode == 0
    pages = {item: -(-server.corpus.list_page(item, 1, 1)[0] // page_size) for item in ITEMS}
    assert max(pages.values()) > 2, pages  # the test needs items with several pages

    lists = served(server, "list")
    assert crawl(server.base_url, sqlite_url, NFRA_PAGE_SIZE=page_size).returncode == 0
    assert served(server, "list") - lists == len(ITEMS)  # page 1 of each item, all stored: stop

    lists, details = served(server, "list"), served(server, "detail")
    result = crawl(server.base_url, sqlite_url, "full=1", NFRA_PAGE_SIZE=page_size, NFRA_FULL_REFETCH_DAYS=0)
    assert result.returncode == 0, result.stdout + result.stderr
    assert served(server, "list") - lists == sum(pages.values())
    assert served(server, "detail") == details  # nothing changed upstream: nothing refetched


def test_items_narrow_the_crawl(server: Server, sqlite_url: str) -> None:
    assert crawl(server.base_url, sqlite_url, "items=4113").returncode == 0
    assert set(notices(sqlite_url)) == set(server.corpus.doc_ids(item_id=4113))


def test_a_full_walk_finds_edits_and_removals(server: Server, db_url: str) -> None:
    assert crawl(server.base_url, db_url).returncode == 0
    newest = list(server.corpus.doc_ids())
    edited, removed = newest[0], newest[1]
    server.edit(edited)
    server.remove(removed)
    result = crawl(server.base_url, db_url, "full=1", NFRA_FULL_REFETCH_DAYS=100000)
    assert result.returncode == 0, result.stdout + result.stderr
    stored = notices(db_url)
    assert stored[removed]["removed_at"] is not None  # marked, never deleted
    assert stored[edited]["changed_at"] is not None and stored[edited]["removed_at"] is None
    assert scalar(db_url, select(func.count()).select_from(HISTORY).where(HISTORY.c.doc_id == edited)) == 1
    assert "1 changed" in result.stdout and "1 removed" in result.stdout
