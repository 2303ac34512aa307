"""The site never shows an ID-card number, a home address or a bidi control from an older database.

The crawl masks personal data and strips bidi controls at ingest, but a database filled before that
holds them: here the tiny site gets a failed notice whose source is a real CIRC decision printing a
person's full ID number and address (../shared/samples/cbrc-circ, cc-0064), and a parsed party whose
stored fields were written unmasked (real text of cc-0098, three full numbers) with a U+202E in its name.
Every file the build writes (pages, feeds, the search index, the CSV, JSON and SQLite downloads,
decompressed) is searched.
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import zipfile
from datetime import date, datetime
from functools import cache
from pathlib import Path

from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db, tiny_notices

from models.record import Category, NoticeMeta, ParsedNotice, Party
from sitegen.core.shown import BIDI_CONTROLS
from tests.conftest import ROOT

CBRC_CIRC = ROOT.parent / "shared" / "samples" / "cbrc-circ" / "notices.jsonl"
_TAG = re.compile(r"<[^>]+>")
_FULL_ID = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?!\d)")
# Labels read off the notices: the numbers as they may be shown, the address cut to its region.
SOURCE_NOTICE, SOURCE_SHOWN = "cc-0064", ["120106********3021", "住所：天津市红桥区***"]
FACTS_NOTICE, FACTS_SHOWN = "cc-0098", ["450121********0044", "452231********0550", "450881********7742"]
FAILED_DOC, PARTY_DOC = 3201, 3202
RLO_NAME = "王某\u202e行银业农国中\u202c（时任某支行行长）"
RLO_GROUP = "某\u2067保险\u2069代理有限公司"  # a bank group no vocabulary knows: it gets a page of its own


@cache
def real_html(notice_id: str) -> str:
    assert CBRC_CIRC.is_file(), f"real CBRC/CIRC samples not found at {CBRC_CIRC}"
    for line in CBRC_CIRC.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"] == notice_id:
            return row["html"]
    raise AssertionError(f"{notice_id} is not in {CBRC_CIRC}")


def every_output_text(out: Path) -> dict[str, str]:
    """Every file of the built site as text, gzip and zip members decompressed."""
    texts = {}
    for path in out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                data = b"".join(zf.read(name) for name in zf.namelist())
        texts[str(path.relative_to(out))] = data.decode("utf-8", "replace")
    return texts


def build_with_old_rows(tmp_path: Path) -> Path:
    failed_meta = NoticeMeta(doc_id=FAILED_DOC, title="天津保监局行政处罚决定书", published_at=datetime(2025, 6, 2, 9),
                             issuer="天津金融监管局", level="provincial", item_id=4114)
    failed = ParsedNotice(layout="text", parse_status="failed", parse_error="没有可识别的表格", parties=[])
    db = make_tiny_db(tmp_path / "tiny.db", [*tiny_notices(), (failed_meta, failed, real_html(SOURCE_NOTICE))])
    meta = NoticeMeta(doc_id=PARTY_DOC, title="广西保监局行政处罚决定书", published_at=datetime(2025, 6, 3, 9),
                      issuer="广西金融监管局", level="provincial", item_id=4114)
    party = Party(seq=1, party_name="占位", party_kind="individual", authority="广西金融监管局",
                  decided_on=date(2025, 5, 30), fine_yuan=20_000, province="广西", facts="占位", decision="罚款2万元",
                  categories=[Category("insurance", "虚构")])
    add_notice(db, meta, ParsedNotice(layout="text", parse_status="ok", parties=[party]))
    # An older database: the fields as a crawl before the ingest guard stored them.
    facts = _TAG.sub(" ", real_html(FACTS_NOTICE))
    con = sqlite3.connect(db)
    con.execute("UPDATE penalty SET party_name = ?, facts = ?, decision_no = ?, bank_group = ? WHERE doc_id = ?",
                (RLO_NAME, facts, "桂保监罚〔2013〕1号 452231198005050550", RLO_GROUP, PARTY_DOC))
    con.commit()
    con.close()
    return build_tiny_site(tmp_path, db=db, search=True)


def test_no_output_shows_an_id_number_an_address_or_a_bidi_control(tmp_path: Path) -> None:
    full_numbers = set(_FULL_ID.findall(real_html(SOURCE_NOTICE))) | set(_FULL_ID.findall(real_html(FACTS_NOTICE)))
    assert len(full_numbers) >= 4  # the samples do print them in full
    out = build_with_old_rows(tmp_path)
    texts = every_output_text(out)
    assert any(name.startswith("search/") for name in texts) and "data/fadan-penalties.csv.zip" in texts
    for name, text in texts.items():
        for number in full_numbers:
            assert number not in text, (name, number)
        assert "红桥区" not in text or "红桥区***" in text, name
        assert not BIDI_CONTROLS.search(text), name

    failed_page = texts[f"notices/{FAILED_DOC}/index.html"]
    for shown in SOURCE_SHOWN:
        assert shown in failed_page
    party_page = texts[f"notices/{PARTY_DOC}/index.html"]
    for shown in FACTS_SHOWN:
        assert shown in party_page
    assert "王某行银业农国中（时任某支行行长）" in party_page
    csv_text = texts["data/fadan-penalties.csv.zip"]
    assert "450121********0044" in csv_text and "452231********0550" in csv_text


def test_the_sqlite_download_holds_the_parsed_fields_masked(tmp_path: Path) -> None:
    out = build_with_old_rows(tmp_path)
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes(gzip.decompress((out / "data" / "fadan.sqlite.gz").read_bytes()))
    con = sqlite3.connect(copy)
    name, facts, number = con.execute(
        "SELECT party_name, facts, decision_no FROM penalty WHERE doc_id = ?", (PARTY_DOC,)).fetchone()
    assert name == "王某行银业农国中（时任某支行行长）"
    assert all(shown in facts for shown in FACTS_SHOWN) and not _FULL_ID.search(facts)
    assert number == "桂保监罚〔2013〕1号 452231********0550"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "notice_raw" not in tables  # the raw source (unmasked JSON) never leaves the server
