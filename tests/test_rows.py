"""The view model of a penalty row (sitegen/core/rows.py) and its three projections: the listings' Entry,
the search record and the downloads' row show one penalty the same way, read by one function."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from test_site_fixtures import make_tiny_db

from sitegen.context import load_vocabulary
from sitegen.core import database as db
from sitegen.core.fragments import sanctions
from sitegen.core.money import counted_fines
from sitegen.core.render import load_labels
from sitegen.core.rows import notice_fields, penalty_row, stream_rows
from sitegen.core.summaries import entry_of
from sitegen.pages.downloads import NAMES, download_rows
from sitegen.search.records import RECORD_FIELDS, iter_records

# An ID-card number in a party name of an older database (before the ingest guard masked them).
ID_NAME = "王某（身份证号 110101199003077777）"
ID_MASKED = "110101********7777"


def _tiny(tmp_path: Path) -> Path:
    path = make_tiny_db(tmp_path / "tiny.db")
    con = sqlite3.connect(path)
    con.execute("UPDATE penalty SET party_name = ? WHERE doc_id = 1001 AND seq = 2", (ID_NAME,))
    con.commit()
    con.close()
    return path


def test_both_orders_read_every_penalty_once_in_their_order(tmp_path: Path) -> None:
    path = _tiny(tmp_path)
    engine = db.open_database(f"sqlite:///{path}")
    con = sqlite3.connect(path)
    by_doc = con.execute("SELECT doc_id, seq FROM penalty ORDER BY doc_id, seq").fetchall()
    published = con.execute(
        "SELECT n.doc_id, p.seq FROM notice n LEFT JOIN penalty p ON p.doc_id = n.doc_id"
        " ORDER BY n.published_at IS NOT NULL, n.published_at, n.doc_id, p.seq DESC").fetchall()
    con.close()
    assert any(seq is None for _, seq in published)  # the tiny corpus has a notice without parties
    assert [(row.notice.doc_id, row.seq) for _, row in stream_rows(engine, "doc") if row] == by_doc
    assert all(row is not None for _, row in stream_rows(engine, "doc"))
    assert [(notice.doc_id, row.seq if row else None) for notice, row in stream_rows(engine, "published")] == published


def test_the_three_projections_show_a_penalty_alike(tmp_path: Path) -> None:
    path = _tiny(tmp_path)
    engine = db.open_database(f"sqlite:///{path}")
    vocab = load_vocabulary(engine)
    labels = load_labels()["measure"]
    label = lambda kind: labels.get(kind, kind)  # noqa: E731
    categories = db.load_categories(engine)
    at = {name: RECORD_FIELDS.index(name) - 1 for name in RECORD_FIELDS[1:]}  # records come without "notice"
    records = {(r.doc_id, r.record[at["seq"]]): r.record for r in iter_records(engine)}
    downloads = {(values[0], values[1]): dict(zip(NAMES, values, strict=True))
                 for values in download_rows(engine, "https://x/")}
    seen = 0
    for notice_row, party_rows in db.stream_notices(engine):
        shown = notice_fields(notice_row)
        rows = [penalty_row(shown, party, categories, texts=False) for party in party_rows]
        counted = counted_fines((r.fine_yuan, r.fine_note) for r in rows)
        for row, fine_counted in zip(rows, counted, strict=True):
            entry = entry_of(row, vocab, day=None, regulator=None, fine_counted=fine_counted, fingerprint="")
            record, download = records[(shown.doc_id, row.seq)], downloads[(shown.doc_id, row.seq)]
            assert entry.name == record[at["party_name"]] == download["party_name"]
            assert sanctions(entry, label) == row.sanctions(label)
            assert record[at["sanctions"]] == row.sanctions(label, fine_note=True)
            assert entry.fine == record[at["fine_yuan"]] == download["fine_yuan"]
            assert int(entry.warning) == record[at["warning"]] == download["warning"]
            assert tuple(c.key for c in entry.categories) == tuple(record[at["categories"]])
            assert download["categories"] == ";".join(record[at["categories"]])
            assert download["page_url"] == "https://x/" + entry.anchor
            seen += 1
    assert seen == len(downloads) == sum(1 for r in records.values() if r[at["seq"]])
    masked = downloads[(1001, 2)]["party_name"]
    assert ID_MASKED in masked and "110101199003077777" not in masked


def test_listings_do_not_read_the_long_texts(tmp_path: Path) -> None:
    """The context pass builds a row per penalty on every build: the texts no listing shows stay unread."""
    engine = db.open_database(f"sqlite:///{_tiny(tmp_path)}")
    notice_row, party_rows = next(db.stream_notices(engine))
    row = penalty_row(notice_fields(notice_row), party_rows[0], {}, texts=False)
    assert (row.facts, row.basis, row.decision, row.decision_no, row.authority) == (None,) * 5
    full = penalty_row(notice_fields(notice_row), party_rows[0], {})
    assert full.facts and full.decision and full.decision_no
