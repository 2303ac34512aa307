"""Re-parsing stored notices from their raw JSON: no network, stable ids, and a report of what changed."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select, update

from models.db import make_engine
from models.record import ParsedNotice, Party
from models.store import NOTICE, PENALTY, Store
from qa.corpora import cbrc_circ_line
from scrapers.nfra.detail import content_hash, notice_meta, read_envelope
from scrapers.nfra.parse import PARSER_VERSION
from scrapers.nfra.reader import read_notice
from scrapers.reparse import main, reparse

FIXTURES = Path(__file__).parent / "fixtures" / "synthetic"


def fill(store: Store) -> int:
    """Store every synthetic fixture notice the way the crawl does; return how many."""
    details = sorted(p for p in FIXTURES.glob("detail_*.json") if not p.name.endswith(".expected.json"))
    for path in details:
        raw = path.read_text("utf-8")
        data = read_envelope(raw.encode("utf-8"))
        meta = notice_meta(data, 4293)
        store.save_notice(meta, raw, content_hash(data), read_notice(data, meta),
                          source_url=f"https://www.nfra.gov.cn/x?docId={meta.doc_id}", parser_version=PARSER_VERSION)
    return len(details)


def test_reparse_of_an_unchanged_parser_changes_nothing(tmp_path: Path) -> None:
    store = Store(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    count = fill(store)
    report = reparse(store, statuses=[], doc_ids=[], dry_run=False)
    assert report.notices == count > 10
    assert report.changed == 0
    assert report.penalties_before == report.penalties_after > count


def test_reparse_repairs_a_stale_parse_and_keeps_penalty_ids(tmp_path: Path, capsys) -> None:
    db_url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = Store(make_engine(db_url))
    fill(store)
    with store.engine.begin() as conn:
        doc_id, penalty_id, fine = conn.execute(
            select(PENALTY.c.doc_id, PENALTY.c.id, PENALTY.c.fine_yuan).where(PENALTY.c.fine_yuan > 0).limit(1)
        ).one()
        # what an older parser might have left: a wrong amount and a failed status
        conn.execute(update(PENALTY).where(PENALTY.c.id == penalty_id).values(fine_yuan=fine + 1))
        conn.execute(update(NOTICE).where(NOTICE.c.doc_id == doc_id).values(parse_status="failed"))

    dry = reparse(store, statuses=["failed"], doc_ids=[], dry_run=True)
    assert (dry.notices, dry.changed) == (1, 1)
    with store.engine.connect() as conn:  # a dry run writes nothing
        assert conn.scalar(select(PENALTY.c.fine_yuan).where(PENALTY.c.id == penalty_id)) == fine + 1

    assert main(["--db", db_url, "--status", "failed"]) == 0
    printed = capsys.readouterr().out
    assert "re-parsed 1 notices" in printed and "1 changed" in printed and "failed→ok" in printed
    assert "fine_yuan" in printed
    with store.engine.connect() as conn:
        assert conn.scalar(select(PENALTY.c.fine_yuan).where(PENALTY.c.id == penalty_id)) == fine
        assert conn.scalar(select(NOTICE.c.parse_status).where(NOTICE.c.doc_id == doc_id)) == "ok"



def test_reparse_applies_the_ingest_guard_to_notices_stored_before_it(tmp_path: Path) -> None:
    """A notice stored by a parser before version 5 (no guard): a full ID number in its title, a party
    name with a bidi override, an impossible date. The re-parse masks, strips and drops them."""
    store = Store(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    path = FIXTURES / "detail_1006640.json"
    envelope = json.loads(path.read_text("utf-8"))
    data = envelope["data"]
    data.update(docSubtitle="关于张某（身份证号：110105198001011234）的行政处罚信息公示表",
                publishDate="9999-12-31 00:00:00", docClob=data["docClob"].replace("任平冬", "任平冬\u202e"))
    raw = json.dumps(envelope, ensure_ascii=False)
    meta = notice_meta(data, 4115)
    store.save_notice(meta, raw, content_hash(data), read_notice(data, meta), source_url="https://x",
                      parser_version=4)
    report = reparse(store, statuses=[], doc_ids=[], dry_run=False)
    assert report.changed == 1 and {"title", "published_at", "party_name", "parse_status"} <= set(report.fields_changed)
    with store.engine.connect() as conn:
        notice = conn.execute(select(NOTICE).where(NOTICE.c.doc_id == 1006640)).one()
        names = list(conn.scalars(select(PENALTY.c.party_name).where(PENALTY.c.doc_id == 1006640)))
    assert notice.title == "关于张某（身份证号：110105********1234）的行政处罚信息公示表"
    assert notice.published_at is None and notice.parse_status == "partial"
    assert "publication date 9999-12-31 implausible" in notice.parse_error
    assert "任平冬" in names and not any("\u202e" in name for name in names)


def test_reparse_splits_a_stored_paragraph_decision_into_its_parties(tmp_path: Path) -> None:
    """A real CIRC letter (cc-0078: 泰康养老天分 and five managers) stored as a parser before version 6 read
    it — the company alone with its first fine — is re-parsed into its six parties."""
    store = Store(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"))
    envelope = json.loads((FIXTURES / "detail_1006640.json").read_text("utf-8"))
    data = envelope["data"]
    data["docClob"] = cbrc_circ_line(78)["html"]
    meta = notice_meta(data, 4115)
    stale = ParsedNotice(layout="text", parse_status="ok", parties=[
        Party(seq=1, party_name="泰康养老保险股份有限公司天津分公司（以下简称泰康养老天分）", party_kind="institution",
              fine_yuan=60_000)])
    store.save_notice(meta, json.dumps(envelope, ensure_ascii=False), content_hash(data), stale,
                      source_url="https://x", parser_version=5)
    report = reparse(store, statuses=[], doc_ids=[], dry_run=False)
    assert report.changed == 1 and report.penalties_before == 1 and report.penalties_after == 6
    with store.engine.connect() as conn:
        rows = conn.execute(select(PENALTY.c.party_name, PENALTY.c.fine_yuan).where(PENALTY.c.doc_id == meta.doc_id)
                            .order_by(PENALTY.c.seq)).all()
        version = conn.scalar(select(NOTICE.c.parser_version).where(NOTICE.c.doc_id == meta.doc_id))
    assert rows[0] == ("泰康养老保险股份有限公司天津分公司", 290_000)
    assert [name for name, _ in rows[1:]] == ["王文军", "崔慧艳", "丰树仁", "张春雷", "靳辉"]
    assert version == PARSER_VERSION
