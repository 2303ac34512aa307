"""A second regulator in the store: PBOC notices get keys that cannot collide with NFRA docIds, and one
source's crawl bookkeeping never touches the other's."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from models.db import make_engine
from models.record import NoticeMeta, ParsedNotice, Party
from models.store import NEW, NOTICE, PENALTY, UNCHANGED, KeyCollision, Store

PBOC_PAGE = (
    Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"
    / "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html"
)


def _nfra(store: Store, doc_id: int) -> str:
    meta = NoticeMeta(doc_id=doc_id, title="行政处罚信息公开表", published_at=datetime(2025, 9, 1))
    parsed = ParsedNotice("horizontal", "ok", None, [Party(seq=1, party_name="中国农业银行股份有限公司某支行")])
    return store.save_notice(meta, "{}", f"h{doc_id}", parsed, source_url="https://www.nfra.gov.cn/x", parser_version=4)


def _pboc(store: Store, key: str, fingerprint: str = "f") -> tuple[str, int | None]:
    meta = NoticeMeta(doc_id=None, title="银罚决字〔2025〕31-38号", published_at=datetime(2025, 9, 30),
                      regulator="pboc", source_key=key)
    party = Party(seq=1, party_name="浙商银行股份有限公司", fine_yuan=2959900)
    parsed = ParsedNotice("horizontal", "ok", None, [party])
    outcome = store.save_notice(meta, "<html/>", fingerprint, parsed, source_url=f"https://www.pbc.gov.cn/{key}",
                                parser_version=1)
    return outcome, meta.doc_id


def test_pboc_notices_get_negative_keys_of_their_own(db_url: str) -> None:
    store = Store(make_engine(db_url))
    assert _nfra(store, 1212085) == NEW
    assert _pboc(store, "5860077") == (NEW, -1)
    assert _pboc(store, "2026092418294123383") == (NEW, -2)
    assert _pboc(store, "5860077") == (UNCHANGED, -1)  # the same articleId is the same notice
    assert store.stored_sources("pboc", ["5860077", "5860059"]) == {
        "5860077": (-1, "银罚决字〔2025〕31-38号", datetime(2025, 9, 30))
    }
    with store.engine.connect() as conn:
        assert conn.execute(select(PENALTY.c.doc_id, PENALTY.c.regulator).order_by(PENALTY.c.doc_id)).all() == [
            (-2, "pboc"), (-1, "pboc"), (1212085, "nfra")
        ]
    assert store.notice_count("pboc") == 2 and store.notice_count("nfra") == 1 and store.notice_count() == 3


def test_a_notice_cannot_overwrite_another_regulators_row(db_url: str) -> None:
    store = Store(make_engine(db_url))
    _pboc(store, "5860077")
    intruder = NoticeMeta(doc_id=-1, title="x", published_at=None)  # an NFRA notice claiming a PBOC key
    with pytest.raises(KeyCollision):
        store.save_notice(intruder, "{}", "h", ParsedNotice(), source_url="u", parser_version=4)
    with store.engine.connect() as conn:
        assert conn.execute(select(NOTICE.c.regulator, NOTICE.c.source_key)).one() == ("pboc", "5860077")


def test_removals_failures_and_totals_stay_with_their_regulator(db_url: str) -> None:
    store = Store(make_engine(db_url))
    _nfra(store, 1212085)
    _pboc(store, "5860077")
    later = datetime(2099, 1, 1)
    assert store.mark_removed(listed_before=later, when=later) == [1212085]  # the NFRA walk marks NFRA's only
    assert store.mark_removed(listed_before=later, when=later, regulator="pboc") == [-1]
    store.record_failure("https://www.pbc.gov.cn/a", "http-503", "x", regulator="pboc")
    store.record_failure("https://www.nfra.gov.cn/b", "http-503", "y")
    assert [f["url"] for f in store.open_failures("nfra")] == ["https://www.nfra.gov.cn/b"]
    assert [f["url"] for f in store.open_failures("pboc")] == ["https://www.pbc.gov.cn/a"]
    store.begin_walk(4081705, later, regulator="pboc")
    store.walk_progress(4081705, 1, 60, later)
    store.begin_walk(4113, later)
    store.walk_progress(4113, 1, 5, later)
    assert store.last_totals("pboc") == {4081705: 60}
    assert store.last_totals() == {4113: 5}


def test_a_real_pboc_page_is_stored_and_reparsed_from_its_html(sqlite_url: str) -> None:
    from scrapers.ingest import ingest
    from scrapers.reparse import reparse

    store = Store(make_engine(sqlite_url))
    html = PBOC_PAGE.read_text(encoding="utf-8")
    result = ingest(store, "", html, 4081705, "https://www.pbc.gov.cn/p", "https://www.pbc.gov.cn/p", "pboc", "5860077")
    assert (result.outcome, result.parse_status, result.parties, result.doc_id) == (NEW, "ok", 8, -1)
    with store.engine.connect() as conn:
        notice = conn.execute(select(NOTICE.c.regulator, NOTICE.c.source_key, NOTICE.c.disclosure_until)).one()
        assert (notice.regulator, notice.source_key, str(notice.disclosure_until)) == ("pboc", "5860077", "2028-09-30")
        rows = conn.execute(
            select(PENALTY.c.party_name, PENALTY.c.bank_group, PENALTY.c.disclosure_years).order_by(PENALTY.c.seq)
        ).all()
    assert rows[0] == ("浙商银行股份有限公司", "浙商银行", 3)
    assert rows[1] == ("宋某仁", "浙商银行", 3)
    report = reparse(store, statuses=[], doc_ids=[], dry_run=False)
    assert (report.notices, report.changed, report.penalties_after) == (1, 0, 8)
