"""/data/ downloads: Excel-friendly CSV in a zip, JSON, and the SQLite database without raw HTML."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sqlite3
import zipfile
from pathlib import Path

from test_site_fixtures import SCRIPT_NAME, build_tiny_site


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
    assert f"<td>{penalties}</td>" in page and "fadan-penalties.csv.zip" in page
