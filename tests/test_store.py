"""Storage: one transaction per notice, upserts on NFRA ids, history on edits, walks and failures."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from models.db import make_engine
from models.record import Category, Measure, NoticeMeta, ParsedNotice, Party
from models.store import CATEGORY, CHANGED, HISTORY, NEW, NOTICE, PENALTY, RAW, UNCHANGED, Store, decompress

T0 = datetime(2026, 1, 5, 8, 0)


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(make_engine(db_url))


def meta(doc_id: int = 1212085, title: str = "国家金融监督管理总局温州监管分局行政处罚信息公开表") -> NoticeMeta:
    return NoticeMeta(doc_id=doc_id, title=title, published_at=datetime(2025, 6, 3, 10, 1), issuer="温州金融监管分局",
                      level="sub-provincial", item_id=4115)


def parsed(*names: str) -> ParsedNotice:
    parties = [
        Party(seq=i, party_name=name, party_kind="institution", decision="罚款56万元", fine_yuan=560000,
              decided_on=date(2025, 5, 20), measures=[Measure("rectify", "责令改正")],
              categories=[Category("insurance", "给予投保人保险合同约定以外的其他利益"), Category("insurance", "dup")])
        for i, name in enumerate(names, start=1)
    ]
    return ParsedNotice(layout="horizontal", parse_status="ok", parties=parties)


def save(store: Store, raw: dict, notice: ParsedNotice, seen: datetime, doc_id: int = 1212085) -> str:
    return store.save_notice(meta(doc_id), json.dumps(raw, ensure_ascii=False), f"hash-{raw['v']}", notice,
                             source_url="https://www.nfra.gov.cn/cn/view/pages/ItemDetail.html?docId=1212085",
                             parser_version=1, seen_at=seen)


def count(store: Store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_new_notice_is_stored_with_raw_json_penalties_and_categories(store: Store) -> None:
    assert save(store, {"v": 1, "docClob": "<table>甲</table>"}, parsed("甲银行", "乙"), T0) == NEW
    with store.engine.connect() as conn:
        notice = conn.execute(select(NOTICE)).one()
        assert (notice.first_seen_at, notice.last_seen_at, notice.content_hash) == (T0, T0, "hash-1")
        assert notice.item_ids == "4115" and notice.parse_status == "ok"
        body = conn.execute(select(RAW.c.body)).scalar()
        assert json.loads(decompress(body))["docClob"] == "<table>甲</table>"
        rows = conn.execute(select(PENALTY.c.seq, PENALTY.c.party_name, PENALTY.c.measures).order_by(PENALTY.c.seq))
        assert [(r.seq, r.party_name) for r in rows] == [(1, "甲银行"), (2, "乙")]
        # one row per category even when two phrases matched it
        assert conn.scalar(select(func.count()).select_from(CATEGORY)) == 2


def test_rerunning_the_same_notice_duplicates_nothing(store: Store) -> None:
    save(store, {"v": 1}, parsed("甲银行", "乙"), T0)
    assert save(store, {"v": 1}, parsed("甲银行", "乙"), T0 + timedelta(days=1)) == UNCHANGED
    assert (count(store, NOTICE), count(store, PENALTY), count(store, CATEGORY), count(store, HISTORY)) == (1, 2, 2, 0)
    with store.engine.connect() as conn:
        assert conn.execute(select(NOTICE.c.first_seen_at, NOTICE.c.last_seen_at)).one() == (T0, T0 + timedelta(days=1))


def test_an_upstream_edit_keeps_the_previous_version_and_stable_penalty_ids(store: Store) -> None:
    save(store, {"v": 1, "docClob": "old"}, parsed("甲银行", "乙", "丙"), T0)
    with store.engine.connect() as conn:
        ids_before = dict(conn.execute(select(PENALTY.c.seq, PENALTY.c.id)).all())
    later = T0 + timedelta(days=3)
    assert save(store, {"v": 2, "docClob": "new"}, parsed("甲银行", "乙（更正）"), later) == CHANGED
    with store.engine.connect() as conn:
        history = conn.execute(select(HISTORY)).one()
        assert history.content_hash == "hash-1" and history.replaced_at == later
        assert json.loads(decompress(history.body))["docClob"] == "old"
        notice = conn.execute(select(NOTICE)).one()
        assert (notice.content_hash, notice.first_seen_at, notice.changed_at) == ("hash-2", T0, later)
        rows = dict(conn.execute(select(PENALTY.c.seq, PENALTY.c.id)).all())
        assert rows == {1: ids_before[1], 2: ids_before[2]}  # seq 3 gone, the others kept their ids
        assert conn.execute(select(PENALTY.c.party_name).where(PENALTY.c.seq == 2)).scalar() == "乙（更正）"
        assert conn.scalar(select(func.count()).select_from(CATEGORY)) == 2  # seq 3's category went with it


def test_listing_and_removal(store: Store) -> None:
    save(store, {"v": 1}, parsed("甲银行"), T0, doc_id=1)
    save(store, {"v": 1}, parsed("乙银行"), T0, doc_id=2)
    walk_start = T0 + timedelta(days=7)
    store.mark_listed([1], 4293, walk_start + timedelta(minutes=1))
    assert store.mark_removed(listed_before=walk_start, when=walk_start + timedelta(hours=1)) == [2]
    with store.engine.connect() as conn:
        rows = dict(conn.execute(select(NOTICE.c.doc_id, NOTICE.c.removed_at)).all())
        assert rows[1] is None and rows[2] == walk_start + timedelta(hours=1)
        assert conn.execute(select(NOTICE.c.item_ids).where(NOTICE.c.doc_id == 1)).scalar() == "4115,4293"
    # it comes back: listed again, the mark goes; nothing was ever deleted
    store.mark_listed([2], 4115, walk_start + timedelta(days=1))
    with store.engine.connect() as conn:
        assert conn.execute(select(NOTICE.c.removed_at).where(NOTICE.c.doc_id == 2)).scalar() is None


def test_an_interrupted_walk_is_resumed_to_the_page_it_reached(store: Store) -> None:
    assert store.begin_walk(4114, T0) == 0
    for page in (1, 2, 3):
        store.walk_progress(4114, page, total=900, when=T0)
    # killed here: the next walk must revisit pages 1-3
    assert store.begin_walk(4114, T0 + timedelta(hours=1)) == 3
    store.walk_progress(4114, 1, total=901, when=T0)
    assert store.begin_walk(4114, T0 + timedelta(hours=2)) == 3  # interrupted again before page 3
    store.finish_walk(4114, T0 + timedelta(hours=3))
    assert store.begin_walk(4114, T0 + timedelta(hours=4)) == 0
    assert store.last_totals() == {4114: 901}


def test_failures_are_kept_until_a_later_success(store: Store) -> None:
    url = "http://127.0.0.1/cn/static/data/DocInfo/SelectByDocId/data_docId=7.json"
    store.record_failure(url, "http-503", "HTTP 503 after retries", doc_id=7, item_id=4113)
    store.record_failure(url, "html-200", "HTML where JSON was expected", doc_id=7, item_id=4113)
    [failure] = store.open_failures()
    assert (failure["attempts"], failure["kind"], failure["doc_id"]) == (2, "html-200", 7)
    store.resolve_failure(url)
    assert store.open_failures() == []


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'wal.db'}"))
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
