"""/data/ downloads: Excel-friendly CSV in a zip, JSON, and the SQLite database without raw HTML."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from test_site_fixtures import SCRIPT_NAME, build_tiny_site, make_tiny_db

from sitegen.core import database as db
from sitegen.core import urls
from sitegen.core.csvsafe import csv_line, csv_safe_cell
from sitegen.core.rows import PenaltyRow, stream_rows
from sitegen.pages.downloads import NAMES, download_rows, json_row


def test_downloads_hold_every_penalty(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    db = sqlite3.connect(tmp_path / "tiny.db")
    penalties = db.execute("SELECT COUNT(*) FROM penalty").fetchone()[0]

    with zipfile.ZipFile(out / "data" / "fadan-penalties.csv.zip") as zf:
        raw = zf.read("fadan-penalties.csv")
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == penalties + 1
    assert text.splitlines()[1].startswith('"1001","1","2024-03-08 10:00:00",')  # every field quoted
    header = rows[0]
    lifetime = next(r for r in rows[1:] if r[header.index("party_name")] == "王建华")
    assert lifetime[header.index("ban_lifetime")] == "1"
    assert lifetime[header.index("page_url")] == "https://fadan.example/notices/1002/#p2"
    ruled = next(r for r in rows[1:] if r[header.index("party_name")] == "中国工商银行股份有限公司杭州分行")
    assert ruled[header.index("categories")] == "credit;real-estate"
    assert ruled[header.index("confiscated_yuan")] == "125000"

    records = json.loads(gzip.decompress((out / "data" / "fadan-penalties.json.gz").read_bytes()))
    assert len(records) == penalties and list(records[0]) == header
    assert any(r["party_name"] == SCRIPT_NAME for r in records)

    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(gzip.decompress((out / "data" / "fadan.sqlite.gz").read_bytes()))
    exported = sqlite3.connect(copy)
    tables = {r[0] for r in exported.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"notice", "penalty", "penalty_category"}
    assert exported.execute("SELECT COUNT(*) FROM penalty").fetchone()[0] == penalties
    assert exported.execute("SELECT party_name FROM penalty WHERE doc_id=1006").fetchone()[0] == SCRIPT_NAME

    page = (out / "data" / "index.html").read_text("utf-8")
    assert f"<td>{penalties}<td>" in page and "fadan-penalties.csv.zip" in page


# --- the lean rows of the export against the site's view of a penalty ----------------------------------

# What an older database (before the ingest guard) may hold: an ID number and a bidi control.
ID_NUMBER = "110101199003077777"
BIDI = "\u202e"


def _reference_row(row: PenaltyRow, base_url: str) -> list[Any]:
    """A download row as the site's view of the penalty (sitegen.core.rows.penalty_row) shows it."""
    n = row.notice

    def plain(value: Any) -> Any:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, datetime):
            return value.isoformat(sep=" ", timespec="seconds")
        return value.isoformat() if isinstance(value, date) else value

    return [
        n.doc_id, row.seq, plain(n.published_at), n.title, n.issuer, n.level, row.decision_no, row.party_name,
        row.party_kind, row.party_role, row.institution, row.bank_group, row.institution_type, row.province,
        row.facts, row.basis, row.decision, row.authority, plain(row.decided_on), row.fine_yuan, row.fine_note,
        row.confiscated_yuan, row.forfeiture_yuan, plain(row.warning), row.ban_years, plain(row.ban_lifetime),
        row.measure_text, ";".join(row.categories), n.parse_status, plain(n.removed_at), n.source_url,
        base_url + urls.party(n.key, row.seq), row.regulator, n.source_key, row.disclosure_years,
    ]


def test_download_rows_are_the_site_view_of_every_penalty(tmp_path: Path) -> None:
    path = make_tiny_db(tmp_path / "tiny.db")
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE penalty SET party_name = party_name || ?, facts = ? || facts, basis = ?"
                    " WHERE doc_id = 1001 AND seq = 1", (f"（身份证号 {ID_NUMBER}）", BIDI, f"身份证号：{ID_NUMBER}"))
        con.execute("UPDATE notice SET title = ? || title WHERE doc_id = 1002", (BIDI,))
        con.execute("UPDATE penalty SET measures = ? WHERE doc_id = 1002 AND seq = 1",
                    (json.dumps([{"kind": "other", "text": f"责令改正（身份证号 {ID_NUMBER}）"}], ensure_ascii=False),))
    con.close()
    engine = db.open_database(f"sqlite:///{path}")
    lean = list(download_rows(engine, "https://x/"))
    reference = [_reference_row(row, "https://x/") for _, row in stream_rows(engine, "doc") if row]
    assert lean == reference
    text = json.dumps(lean, ensure_ascii=False)
    assert ID_NUMBER not in text and BIDI not in text and "110101********7777" in text
    assert any(row[NAMES.index("measures")] for row in lean) and any(row[NAMES.index("removed_at")] for row in lean)


ODD_VALUES = [None, 0, -5, 2**60, True, 1.5, "", "引号\"与\\反斜杠", "\x00\x01\n\t\u2028控制", "=1+1", "中文"]


@given(st.lists(st.sampled_from(ODD_VALUES) | st.text(max_size=8), min_size=len(NAMES), max_size=len(NAMES)))
def test_json_rows_are_what_json_dumps_writes(values: list[Any]) -> None:
    assert json_row(values) == json.dumps(dict(zip(NAMES, values, strict=True)), ensure_ascii=False,
                                          separators=(",", ":"))


@given(st.lists(st.sampled_from(ODD_VALUES) | st.text(alphabet="=+-@\t\r\n\",' a中", max_size=4), min_size=1))
def test_csv_lines_are_what_csv_writer_writes(values: list[Any]) -> None:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL).writerow(["" if v is None else csv_safe_cell(v) for v in values])
    assert csv_line(values) == out.getvalue()
