"""A hostile NFRA: the real spider (`scrapy crawl nfra`) against servers that lie, redirect and overflow.

- TLS: the local NFRA server over HTTPS with a self-signed certificate is refused, with the named error in
  the summary, until FADAN_CA_BUNDLE names that certificate; a certificate for another host is refused.
- A small hostile server (below) answers a list page with malformed rows, a docId beyond what the site can
  link, a notice with giant fields and impossible dates, one whose PDF link points at another host, one that
  redirects to an internal server, and one whose failure was recorded under a redirect target.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from localnfra.corpus import Corpus
from localnfra.server import serve
from models.db import make_engine
from models.store import FAILURE, NOTICE, PENALTY
from tests.crawling import crawl
from tests.test_privacy import notices as cbrc_circ_notices
from tests.tlscerts import self_signed, server_context

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic" / "detail_1006640.json"
FAST = dict(DOWNLOAD_TIMEOUT=5, RETRY_TIMES=1, FADAN_BACKOFF_BASE=0.01, FADAN_BACKOFF_MAX=0.05)

# --------------------------------------------------------------------------------------------- TLS


def test_a_self_signed_certificate_is_refused_then_trusted_through_fadan_ca_bundle(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    refused_db, trusted_db = f"sqlite:///{tmp_path / 'refused.db'}", f"sqlite:///{tmp_path / 'trusted.db'}"
    with serve(Corpus(12, seed=4), tls=server_context(cert, key)) as server:
        assert server.base_url.startswith("https://")
        refused = crawl(server.base_url, refused_db, **FAST)
        served_before_trust = server.stats.snapshot()["requests"]
        trusted = crawl(server.base_url, trusted_db, FADAN_CA_BUNDLE=cert, **FAST)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "failures after retries: tls-certificate 4;" in refused.stdout  # the four list pages, not retried
    assert "check trust: FAILED: 4 URL(s) refused: the server's TLS certificate did not verify" in refused.stdout
    assert served_before_trust == 0  # no request got through the handshake
    assert {row["kind"] for row in failures(refused_db)} == {"tls-certificate"}
    assert "certificate verify failed" in failures(refused_db)[0]["reason"]
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    assert "check trust: ok" in trusted.stdout
    assert len(stored(trusted_db)) == 12


def test_a_certificate_for_another_host_is_refused_even_from_a_trusted_ca(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path, host="nfra.example")  # trusted, but served by 127.0.0.1
    db_url = f"sqlite:///{tmp_path / 'fadan.db'}"
    with serve(Corpus(5, seed=4), tls=server_context(cert, key)) as server:
        result = crawl(server.base_url, db_url, FADAN_CA_BUNDLE=cert, **FAST)
    assert result.returncode == 2
    assert "tls-certificate 4" in result.stdout
    assert all("not for this host" in row["reason"] for row in failures(db_url))


def test_an_unreadable_ca_bundle_stops_the_crawl_before_any_request(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pem"
    empty.write_text("no certificate here\n")
    with serve(Corpus(5, seed=4)) as server:
        result = crawl(server.base_url.replace("http:", "https:"), f"sqlite:///{tmp_path / 'x.db'}",
                       FADAN_CA_BUNDLE=empty, **FAST)
        assert server.stats.snapshot()["requests"] == 0
    assert result.returncode != 0
    assert f"the CA bundle {empty} holds no PEM certificate" in result.stdout + result.stderr


# --------------------------------------------------------------------------------- a hostile server

GOOD, GIANT, BIDI, PERSON, OFFSITE, MOVED = 2_000_001, 2_000_002, 2_000_003, 2_000_004, 2_000_005, 2_000_006
TOO_BIG = 2**53  # one more than the site's links and search can address
SECRET = "INTERNAL-ADMIN-PAGE-DO-NOT-LEAK"


@dataclass
class Hostile:
    """What the hostile server answers; the test changes `moved_answers` between runs."""

    base_url: str = ""
    internal_url: str = ""
    moved_answers: bool = False  # MOVED's detail redirects to a page that fails, until this is set
    hits: Counter[str] = field(default_factory=Counter)
    internal_hits: list[str] = field(default_factory=list)


def detail_data(doc_id: int, **changes: Any) -> dict[str, Any]:
    data = json.loads(FIXTURE.read_text("utf-8"))["data"]
    data.update({"docId": doc_id, "docSubtitle": f"牡丹江银保监分局行政处罚信息公示表（{doc_id}）",
                 "pdfFileUrl": f"/chinese/OFFICE/PDF/{doc_id}.pdf", **changes})
    return data


BANK = "中国建设银行股份有限公司牡丹江分行"  # the fixture's institution


def hostile_details() -> dict[int, dict[str, Any]]:
    fixture = detail_data(GOOD)["docClob"]
    return {
        GOOD: detail_data(GOOD),
        GIANT: detail_data(
            GIANT, docSource="某" * 2_000_000, docSubtitle="行政处罚信息公开表", documentNo="号" * 50_000,
            publishDate="9999-12-31 23:59:59", pdfFileUrl="//evil.example/phish.pdf",
            docClob=fixture.replace(BANK, BANK[:-2] + "某" * 20_000 + "分行", 1),
        ),
        BIDI: detail_data(
            BIDI, docClob=fixture.replace("任平冬", "任\u202e平冬\u2066").replace("史国宁", "史国宁\u200f")
        ),
        # A real CBRC/CIRC decision that prints a person's full ID number and home address.
        PERSON: detail_data(PERSON, docClob=cbrc_circ_notices()["cc-0064"]),
        MOVED: detail_data(MOVED),
    }


def list_page(details: dict[int, dict[str, Any]]) -> bytes:
    rows: list[Any] = [{"docId": doc_id, "docSubtitle": data["docSubtitle"], "publishDate": "2021-05-06 10:03:00"}
                       for doc_id, data in details.items()]
    rows.insert(2, {"docId": "../../x", "docSubtitle": "路径"})
    rows.insert(4, {"docId": TOO_BIG, "docSubtitle": "太大"})
    rows.append({"docId": OFFSITE, "docSubtitle": "跳转", "publishDate": "2021-05-06 10:03:00"})
    return envelope({"total": len(rows), "rows": rows})


def envelope(data: dict[str, Any]) -> bytes:
    return json.dumps({"rptCode": 200, "msg": "成功", "data": data}, ensure_ascii=False).encode("utf-8")


@contextmanager
def hostile_server() -> Iterator[Hostile]:
    state = Hostile()
    details = hostile_details()
    bodies = {doc_id: envelope(data) for doc_id, data in details.items()}
    listing = list_page(details)
    detail_path = re.compile(r"/cn/static/data/DocInfo/SelectByDocId/data_docId=(\d+)\.json")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            state.hits[parts.path] += 1
            if parts.path == "/cbircweb/DocInfo/SelectDocByItemIdAndChild":
                page = int(parse_qs(parts.query).get("pageIndex", ["1"])[0])
                return self.answer(200, listing if page == 1 else envelope({"total": 7, "rows": []}))
            match = detail_path.fullmatch(parts.path)
            doc_id = int(match.group(1)) if match else None
            if doc_id == OFFSITE:
                return self.redirect(f"{state.internal_url}/admin/secrets.json")
            if doc_id == MOVED and not state.moved_answers:
                return self.redirect(f"{state.base_url}/moved/{MOVED}.json")
            if parts.path == f"/moved/{MOVED}.json":
                return self.answer(503, b"<html>busy</html>", "text/html")
            if doc_id in bodies:
                return self.answer(200, bodies[doc_id])
            return self.answer(404, b"<html>not found</html>", "text/html")

        def answer(self, status: int, body: bytes, kind: str = "application/json;charset=UTF-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    class Internal(Handler):
        def do_GET(self) -> None:
            state.internal_hits.append(self.path)
            self.answer(200, f"<html>{SECRET}</html>".encode(), "text/html")

    servers = [ThreadingHTTPServer(("127.0.0.1", 0), Handler), ThreadingHTTPServer(("127.0.0.1", 0), Internal)]
    state.base_url = f"http://127.0.0.1:{servers[0].server_port}"
    state.internal_url = f"http://localhost:{servers[1].server_port}"  # another host name, as an intranet's
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield state
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def failures(db_url: str, open_only: bool = True) -> list[dict[str, Any]]:
    engine = make_engine(db_url)
    query = select(FAILURE).order_by(FAILURE.c.url)
    if open_only:
        query = query.where(FAILURE.c.resolved_at.is_(None))
    with engine.connect() as conn:
        rows = [dict(row._mapping) for row in conn.execute(query)]
    engine.dispose()
    return rows


def stored(db_url: str) -> dict[int, dict[str, Any]]:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        rows = {row.doc_id: dict(row._mapping) for row in conn.execute(select(NOTICE))}
        for doc_id, row in rows.items():
            row["parties"] = [dict(p._mapping) for p in conn.execute(
                select(PENALTY).where(PENALTY.c.doc_id == doc_id).order_by(PENALTY.c.seq))]
    engine.dispose()
    return rows


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Two crawls of the hostile server: MOVED fails behind a redirect in the first, answers in the second."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'fadan.db'}"
    with hostile_server() as state:
        first = crawl(state.base_url, db_url, "items=4113", **FAST)
        after_first = {"failures": failures(db_url), "notices": stored(db_url)}
        state.moved_answers = True
        second = crawl(state.base_url, db_url, "items=4113", **FAST)
        yield {"first": first, "second": second, "after_first": after_first, "state": state, "db_url": db_url,
               "notices": stored(db_url), "failures": failures(db_url)}


def test_an_offsite_redirect_is_refused_and_its_answer_never_read(hostile_crawl: dict[str, Any]) -> None:
    first, state = hostile_crawl["first"], hostile_crawl["state"]
    assert state.internal_hits == []  # the internal server was never asked
    offsite = [f for f in hostile_crawl["after_first"]["failures"] if f["doc_id"] == OFFSITE]
    assert [f["kind"] for f in offsite] == ["offsite-redirect"]
    assert offsite[0]["url"] == f"{state.base_url}/cn/static/data/DocInfo/SelectByDocId/data_docId={OFFSITE}.json"
    assert "redirect to localhost refused (only 127.0.0.1 is followed)" in offsite[0]["reason"]
    assert "check trust: FAILED" in first.stdout and "offsite-redirect" in first.stdout
    everything = first.stdout + first.stderr + json.dumps(hostile_crawl["failures"], default=str)
    assert SECRET not in everything


def test_malformed_list_rows_are_skipped_and_recorded_and_the_rest_of_the_page_read(
    hostile_crawl: dict[str, Any],
) -> None:
    notices = hostile_crawl["after_first"]["notices"]
    assert {GOOD, GIANT, BIDI, PERSON} <= set(notices)
    bad_rows = sorted(f["reason"] for f in hostile_crawl["after_first"]["failures"] if f["kind"] == "bad-row")
    assert len(bad_rows) == 2
    assert "row 3: list row without a numeric docId: docId '../../x'" in bad_rows[0]
    assert f"row 5: docId {TOO_BIG} above 9,007,199,254,740,991" in bad_rows[1]
    assert TOO_BIG not in notices


def test_giant_fields_are_bounded_flagged_and_the_notice_kept(hostile_crawl: dict[str, Any]) -> None:
    giant = hostile_crawl["notices"][GIANT]
    assert len(giant["issuer"]) == 200 and len(giant["document_no"]) == 500
    assert giant["parse_status"] == "partial"
    assert "issuer of 2,000,000 characters cut to 200" in giant["parse_error"]
    assert "publication date 9999-12-31 implausible" in giant["parse_error"]
    assert giant["published_at"] is None
    assert giant["pdf_url"] is None  # //evil.example/phish.pdf is not an NFRA link
    assert len(giant["parties"]) == 5
    assert max(len(p["party_name"]) for p in giant["parties"]) == 1_000
    good = hostile_crawl["notices"][GOOD]
    assert good["pdf_url"] == f"{hostile_crawl['state'].base_url}/chinese/OFFICE/PDF/{GOOD}.pdf"
    assert good["parse_status"] == "ok"


def test_bidi_controls_and_personal_data_never_reach_the_stored_fields(hostile_crawl: dict[str, Any]) -> None:
    names = [p["party_name"] for p in hostile_crawl["notices"][BIDI]["parties"]]
    assert "任平冬" in names and "史国宁" in names
    person = hostile_crawl["notices"][PERSON]
    shown = json.dumps(person["parties"], ensure_ascii=False, default=str) + person["title"]
    assert "120106198306283021" not in shown and "小王台" not in shown
    # Since parser version 6 the letter's party line is read field by field: the ID number and the address
    # stay out of every stored field (the guard's masking of what does reach one: tests/test_guard.py).
    assert [p["party_name"] for p in person["parties"]] == ["苏欣"]


def test_a_failure_behind_a_redirect_is_recorded_under_the_asked_url_and_cleared(
    hostile_crawl: dict[str, Any],
) -> None:
    state = hostile_crawl["state"]
    moved = [f for f in hostile_crawl["after_first"]["failures"] if f["doc_id"] == MOVED]
    asked = f"{state.base_url}/cn/static/data/DocInfo/SelectByDocId/data_docId={MOVED}.json"
    assert [f["url"] for f in moved] == [asked]
    assert moved[0]["kind"] == "http-503"
    # The second run asked for it again (first, from fetch_failure), got it without a redirect, and cleared it.
    assert MOVED in hostile_crawl["notices"]
    assert [f for f in hostile_crawl["failures"] if f["doc_id"] == MOVED] == []
    assert state.hits[f"/moved/{MOVED}.json"] == 2  # the first run's attempt and its one retry
