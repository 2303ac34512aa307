"""The `pboc` spider: real Scrapy crawls over real HTTP against the local server's synthetic PBOC pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from localnfra.corpus import Corpus
from localnfra.pboc import PAGE_SIZE, PbocCorpus
from localnfra.server import Server, serve
from models.db import make_engine
from models.store import NOTICE, PENALTY
from tests.crawling import crawl

PBOC_NOTICES = 45  # three list pages of 20


@pytest.fixture
def server() -> Iterator[Server]:
    with serve(Corpus(30, seed=11), pboc=PbocCorpus(PBOC_NOTICES, seed=11)) as running:
        yield running


def served(server: Server, endpoint: str) -> int:
    return server.stats.snapshot()["by_endpoint_outcome"].get(f"{endpoint}:ok", 0)


def pboc(server: Server, db_url: str, *args: str, **settings: object):
    result = crawl(server.base_url, db_url, *args, spider="pboc", **settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def stored(db_url: str) -> dict[str, dict]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        notices = {row.source_key: dict(row._mapping) for row in conn.execute(
            select(NOTICE).where(NOTICE.c.regulator == "pboc"))}
        for notice in notices.values():
            notice["parties"] = [dict(r._mapping) for r in conn.execute(
                select(PENALTY).where(PENALTY.c.doc_id == notice["doc_id"]).order_by(PENALTY.c.seq))]
    engine.dispose()
    return notices


def test_every_pboc_notice_is_stored_with_its_parties(server: Server, db_url: str) -> None:
    result = pboc(server, db_url)
    notices = stored(db_url)
    corpus = server.pboc
    assert set(notices) == set(corpus.article_ids())
    for article_id, notice in notices.items():
        truth = corpus.expected(article_id)
        assert notice["doc_id"] < 0 and notice["regulator"] == "pboc"
        assert notice["title"] == truth["title"] and notice["parse_status"] == "ok"
        column = "zhengwugongkai/4081330/4081344/4081407/4081705"
        assert notice["source_url"] == f"{server.base_url}/{column}/{article_id}/index.html"
        got = [{k: (p[k].isoformat() if k == "decided_on" else p[k]) for k in truth["parties"][0]}
               for p in notice["parties"]]
        assert got == truth["parties"], article_id
        assert {p["regulator"] for p in notice["parties"]} == {"pboc"}
    assert served(server, "pboc-list") == 3 and served(server, "pboc-detail") == PBOC_NOTICES
    assert served(server, "detail") == 0  # the NFRA endpoints are not touched
    assert "== Fadan crawl summary (pboc): finished" in result.stdout
    assert f"{PBOC_NOTICES} new" in result.stdout and "exit 0" in result.stdout


def test_incremental_pboc_crawls_fetch_only_new_details(server: Server, sqlite_url: str) -> None:
    pboc(server, sqlite_url)
    lists, details = served(server, "pboc-list"), served(server, "pboc-detail")
    again = pboc(server, sqlite_url)
    assert (served(server, "pboc-list") - lists, served(server, "pboc-detail") - details) == (1, 0)
    assert "0 new, 0 changed" in again.stdout

    added = server.pboc.add(PAGE_SIZE + 2)  # page 1 all new, page 2 two new: the walk stops at page 3
    lists, details = served(server, "pboc-list"), served(server, "pboc-detail")
    result = pboc(server, sqlite_url)
    assert served(server, "pboc-detail") - details == len(added)
    assert served(server, "pboc-list") - lists == 3  # the first page made only of stored notices
    assert set(added) <= set(stored(sqlite_url)) and f"{len(added)} new" in result.stdout

    lists, details = served(server, "pboc-list"), served(server, "pboc-detail")
    pboc(server, sqlite_url, "full=1", PBOC_FULL_REFETCH_DAYS=0)
    assert served(server, "pboc-list") - lists == -(-len(server.pboc) // PAGE_SIZE)  # every page
    assert served(server, "pboc-detail") == details  # nothing recent, nothing changed: no detail again


def test_pboc_and_nfra_crawls_share_a_database_without_touching_each_other(server: Server, sqlite_url: str) -> None:
    pboc(server, sqlite_url)
    nfra = crawl(server.base_url, sqlite_url)
    assert nfra.returncode == 0, nfra.stdout + nfra.stderr
    assert "check fetch-failures: ok" in nfra.stdout
    # A full NFRA walk marks no PBOC notice removed, and a full PBOC walk no NFRA notice.
    assert crawl(server.base_url, sqlite_url, "full=1").returncode == 0
    pboc(server, sqlite_url, "full=1")
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        removed = conn.execute(select(NOTICE.c.regulator).where(NOTICE.c.removed_at.is_not(None))).all()
        regulators = set(conn.scalars(select(NOTICE.c.regulator)))
    engine.dispose()
    assert removed == []
    assert regulators == {"nfra", "pboc"}


def test_faulty_pboc_pages_are_retried_and_never_stored(sqlite_url: str) -> None:
    kinds = "503:1,403:1,html200:1,empty200:1,truncated:2,reset:1,rptcode:1"
    with serve(Corpus(10, seed=3), faults=f"rate=0.5,kinds={kinds},succeed_after=2,seed=5,burst_s=0.2",
               pboc=PbocCorpus(25, seed=3)) as server:
        result = pboc(server, sqlite_url)
        faults = server.stats.snapshot()["by_outcome"]
        notices = stored(sqlite_url)
        assert set(notices) == set(server.pboc.article_ids())
        for article_id, notice in notices.items():
            assert len(notice["parties"]) == len(server.pboc.expected(article_id)["parties"])
            assert notice["parse_status"] == "ok"
    assert sum(v for k, v in faults.items() if k.startswith("fault:")) > 10
    assert "failures after retries: none" in result.stdout
