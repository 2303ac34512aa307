"""Statistics with receipts (sitegen/pages/receipts): every figure of every statistics page reconciles with an
independent SQL query over the database; a receipt's CSV holds exactly its records; its citation sentence
says the page's numbers; every figure linked from the other pages equals the figure it links to; and a
night with nothing new leaves every statistics file as it was.

The corpus is the tiny site corpus (a joint fine, a confiscation, a partial and a failed notice, bans)
plus notices made for the counting rules: a 罚没合计 stated only as one sum, a joint fine shared by
parties of two bank groups, and notices decided in one year and published in the next.
"""

from __future__ import annotations

import csv
import functools
import gzip
import html
import io
import itertools
import re
from datetime import date, datetime
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from test_site_fixtures import GOLDEN_AS_OF, _meta, add_notice, build_tiny_site, make_tiny_db, tiny_notices

from models.db import make_engine
from models.record import Category, NoticeMeta, ParsedNotice, Party
from models.vocab.text import normalize
from sitegen.context import load_vocabulary
from sitegen.core.database import open_database
from sitegen.core.formats import money
from sitegen.core.urls import branch_anchor
from sitegen.pages.receipts.sentence import fill

BASE_URL = "https://fadan.example/"
FORMULA_NAME = '=HYPERLINK("http://x.example/","李某")'  # what a spreadsheet would run


def receipt_notices() -> list[tuple]:
    """Notices for the counting rules, besides the tiny corpus."""
    card = Category("credit-card", "信用卡")
    aml = Category("aml", "反洗钱")
    return [
        # Decided in 2024, published in 2025: 2025 by publication date, 2024 by decision date.
        (_meta(2001, "四川金融监管局行政处罚信息公开表", datetime(2025, 1, 6, 10, 0), "四川金融监管局",
               "provincial", 4114),
         ParsedNotice(layout="horizontal", parse_status="ok", parties=[
             Party(seq=1, party_name="中国农业银行股份有限公司成都分行", party_kind="institution",
                   decision="罚没合计120万元", authority="四川金融监管局", decided_on=date(2024, 12, 27),
                   forfeiture_yuan=1_200_000, bank_group="中国农业银行", institution_type="state-owned",
                   province="四川", categories=[card]),
             Party(seq=2, party_name="张某某", party_kind="individual", party_role="时任中国农业银行成都分行副行长",
                   decision="禁止从事银行业工作5年", authority="四川金融监管局", decided_on=date(2024, 12, 27),
                   ban_years=5, bank_group="中国农业银行", institution_type="state-owned", province="四川",
                   categories=[card]),
         ]),
         "<table></table>"),
        # A joint fine shared by branches of two groups; a fine with a confiscation; published 2024-12-30.
        (_meta(2002, "浙江金融监管局行政处罚信息公开表", datetime(2024, 12, 30, 9, 0), "浙江金融监管局",
               "provincial", 4114),
         ParsedNotice(layout="horizontal", parse_status="ok", parties=[
             Party(seq=1, party_name="中国工商银行股份有限公司宁波分行", party_kind="institution",
                   decision="罚款30万元，没收违法所得5万元", authority="浙江金融监管局", decided_on=date(2024, 12, 20),
                   fine_yuan=300_000, confiscated_yuan=50_000, bank_group="中国工商银行",
                   institution_type="state-owned", province="浙江", categories=[card]),
             Party(seq=2, party_name="中国农业银行股份有限公司宁波分行", party_kind="institution",
                   decision="共计罚款40万元", authority="浙江金融监管局", decided_on=date(2024, 12, 20),
                   fine_yuan=400_000, fine_note="joint", bank_group="中国农业银行", institution_type="state-owned",
                   province="浙江", categories=[card]),
             Party(seq=3, party_name="宁波银行股份有限公司江北支行", party_kind="institution",
                   decision="共计罚款40万元", authority="浙江金融监管局", decided_on=date(2024, 12, 20),
                   fine_yuan=400_000, fine_note="joint", bank_group="宁波银行", institution_type="city-commercial",
                   province="浙江", categories=[card]),
             Party(seq=4, party_name=FORMULA_NAME, party_kind="individual", decision="终身禁止从事银行业工作",
                   authority="浙江金融监管局", ban_lifetime=True, bank_group="宁波银行",
                   institution_type="city-commercial", province="浙江"),
         ]),
         "<table></table>"),
        # The PBOC head office: 中国农业银行 is penalised by both regulators in 2025 (a share of each),
        # 宁波银行 by the PBOC alone in 2024.
        (_pboc(5860101, datetime(2025, 3, 3, 9, 0)), ParsedNotice(layout="horizontal", parse_status="ok", parties=[
            Party(seq=1, party_name="中国农业银行股份有限公司", party_kind="institution",
                  decision="罚款150万元，没收违法所得3万元",
                  authority="中国人民银行", decided_on=date(2025, 2, 20), fine_yuan=1_500_000, confiscated_yuan=30_000,
                  bank_group="中国农业银行", institution_type="state-owned", province="北京", categories=[aml]),
            Party(seq=2, party_name="王某", party_kind="individual", party_role="时任中国农业银行运营管理部总经理",
                  decision="罚款5万元", authority="中国人民银行", decided_on=date(2025, 2, 20), fine_yuan=50_000,
                  bank_group="中国农业银行", institution_type="state-owned", province="北京", categories=[aml]),
        ]), "<table></table>"),
        (_pboc(5860102, datetime(2024, 8, 9, 9, 0)), ParsedNotice(layout="horizontal", parse_status="ok", parties=[
            Party(seq=1, party_name="宁波银行股份有限公司", party_kind="institution", decision="罚款80万元",
                  authority="中国人民银行", decided_on=date(2024, 8, 1), fine_yuan=800_000, bank_group="宁波银行",
                  institution_type="city-commercial", province="浙江", categories=[aml]),
        ]), "<table></table>"),
        *repeat_notices(),
    ]


def repeat_notices() -> list[tuple]:
    """The register's figures: one branch penalised three times in 2023 (a page of its own, with notice 2002
    four times), each time for credit cards (repeats within five years), with its president twice (one
    person, penalised twice, a repeat of his own)."""
    card = Category("credit-card", "信用卡")
    notices = []
    for doc_id, month, fine in ((2101, 3, 200_000), (2102, 6, 300_000), (2103, 9, 250_000)):
        parties = [Party(seq=1, party_name="中国工商银行股份有限公司宁波分行", party_kind="institution",
                         decision=f"罚款{fine // 10_000}万元", authority="浙江金融监管局",
                         decided_on=date(2023, month, 1), fine_yuan=fine, bank_group="中国工商银行",
                         institution_type="state-owned", province="浙江", categories=[card])]
        if doc_id != 2102:
            parties.append(Party(seq=2, party_name="周建国", party_kind="individual",
                                 party_role="时任中国工商银行股份有限公司宁波分行行长", decision="警告",
                                 institution="中国工商银行股份有限公司宁波分行", authority="浙江金融监管局",
                                 decided_on=date(2023, month, 1), warning=True, bank_group="中国工商银行",
                                 institution_type="state-owned", province="浙江", categories=[card]))
        notices.append((_meta(doc_id, "浙江金融监管局行政处罚信息公开表", datetime(2023, month, 10, 9, 0),
                              "浙江金融监管局", "provincial", 4114),
                        ParsedNotice(layout="horizontal", parse_status="ok", parties=parties), "<table></table>"))
    return notices


def _pboc(article_id: int, published: datetime) -> NoticeMeta:
    """A notice of the PBOC head office (its doc_id is the store's surrogate, its page pboc-{articleId})."""
    return NoticeMeta(doc_id=None, title=f"中国人民银行行政处罚信息公示表（{article_id}）", published_at=published,
                      issuer="中国人民银行", level="headquarters", regulator="pboc", source_key=str(article_id))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("receipts")
    db = make_tiny_db(tmp / "receipts.db", [*tiny_notices(), *receipt_notices()])
    return build_tiny_site(tmp, base_url=BASE_URL, db=db), db


# --- reading the pages -----------------------------------------------------------------------------

# A figure of the totals box: its <dt> and <dd> end where the next starts (HTML lets a page leave out </dt>, </dd>).
FIGURE = re.compile(r'<div id=(\w+)><dt>[^<]*<dd>([^<]*)(?:<small>([\d,]+) 元</small>)?</div>')
RECORD_LINK = re.compile(r'<td><a href=/notices/([\w-]+)/#p(\d+)>')


def doc_ids(db: Path) -> dict[str, int]:
    """The page key of every notice (its NFRA docId, or pboc-{articleId}) -> notice.doc_id."""
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT doc_id, regulator, source_key FROM notice").all()
    engine.dispose()
    return {(f"{regulator}-{key}" if key else str(doc_id)): doc_id for doc_id, regulator, key in rows}


def page_figures(text: str) -> dict[str, int]:
    found = {}
    for anchor, shown, exact in FIGURE.findall(text):
        found[anchor] = int((exact or shown).replace(",", ""))
    return found


def receipt_pages(out: Path) -> list[Path]:
    """Every receipt page (a page with the figures box; not its archive pages)."""
    return sorted(p for p in (out / "stats").rglob("index.html")
                  if "/page/" not in p.as_posix() and '<dl class="totals figures">' in p.read_text("utf-8"))


CSV_LINK = re.compile(r'<a href=/(stats/[^\s>]*records\.csv\.gz) download(?: data-rows="(\d+)-(\d+)")?>')


def receipt_csv(out: Path, receipt: str) -> list[dict[str, str]]:
    """The CSV records of a receipt: its own CSV, or the rows of a larger CSV it names (data-rows, 1-based,
    the header not counted)."""
    text = (out / receipt / "index.html").read_text("utf-8")
    path, first, last = CSV_LINK.search(text).groups()
    rows = read_csv(out / path)
    return rows[int(first) - 1:int(last)] if first else rows


def read_csv(path: Path) -> list[dict[str, str]]:
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


# --- the same figures, independently in SQL ----------------------------------------------------------

COUNTED_FINE = """CASE WHEN p.fine_note = 'joint' AND EXISTS (
    SELECT 1 FROM penalty q WHERE q.doc_id = p.doc_id AND q.fine_note = 'joint' AND q.fine_yuan = p.fine_yuan
    AND q.seq < p.seq) THEN 0 ELSE COALESCE(p.fine_yuan, 0) END"""


@functools.lru_cache(maxsize=4)
def slug_map(db: Path) -> dict[str, dict[str, str]]:
    """Database value -> slug of each dimension, from the vocabularies (the URL scheme, not the counting)."""
    engine = open_database(f"sqlite:///{db}")
    vocab = load_vocabulary(engine)
    with engine.connect() as conn:
        values = {col: [r[0] for r in conn.exec_driver_sql(
                            f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL")]
                  for col, table in (("bank_group", "penalty"), ("province", "penalty"), ("issuer", "notice"),
                                     ("authority", "penalty"), ("category", "penalty_category"))}
    engine.dispose()
    office = {v: ref.slug for v in values["issuer"] + values["authority"] if (ref := vocab.regulator(v))}
    return {
        "bank": {v: vocab.group(v).slug for v in values["bank_group"]},
        "region": {v: vocab.region(v).slug for v in values["province"] if vocab.region(v)},
        "office": office,
        "violation": {v: vocab.category(v).slug for v in values["category"]},
    }


# The SQL condition of each dimension of a receipt's address (`:{name}` is its slug).
DIMENSION_SQL = {
    "bank": "p.bank_group IN (SELECT value FROM slugs WHERE dim = 'bank' AND slug = :{name})",
    "region": "p.province IN (SELECT value FROM slugs WHERE dim = 'region' AND slug = :{name})",
    "type": "COALESCE(p.institution_type, 'unknown') = :{name}",
    "violation": "p.id IN (SELECT penalty_id FROM penalty_category WHERE category IN "
                 "(SELECT value FROM slugs WHERE dim = 'violation' AND slug = :{name}))",
    # The office of a notice: its issuer, else the first party's deciding authority with an office.
    "regulator": """COALESCE(
        (SELECT slug FROM slugs WHERE dim = 'office' AND value = n.issuer),
        (SELECT s.slug FROM penalty a JOIN slugs s ON s.dim = 'office' AND s.value = a.authority
         WHERE a.doc_id = n.doc_id ORDER BY a.seq LIMIT 1)) = :{name}""",
    # A ban is a person's; `any` is every ban, as /people/bans/ lists them.
    "ban": "p.party_kind = 'individual' AND (CASE WHEN :{name} = 'any' THEN p.ban_lifetime OR p.ban_years > 0 "
           "ELSE (CASE WHEN p.ban_lifetime THEN 'lifetime' WHEN p.ban_years > 0 THEN p.ban_years || '-years' END) "
           "= :{name} END)",
    "source": "n.regulator = :{name}",
    "kind": "p.party_kind = :{name}",
    # Given records, "doc#seq,doc#seq" (a branch page's, whose node no column names).
    "records": "(p.doc_id || '#' || p.seq) IN "
               "(SELECT value FROM json_each('[\"' || replace(:{name}, ',', '\",\"') || '\"]'))",
    # Rows of an all-time receipt only: an institution by its name; the individuals' warnings and fines.
    "branch": "p.party_kind = 'institution' AND p.party_name = :{name}",
    "sanction": "(CASE :{name} WHEN 'warning' THEN p.warning WHEN 'fine' THEN COALESCE(p.fine_yuan, 0) > 0 END)",
}


# --- the register's figures in SQL: repeat offences ----------------------------------------------------------

# The register's date of a penalty (its decision date, else its publication date), and five calendar years
# before a day (29 February from 28 February), as sitegen/core/register/calendar.py defines them.
REGISTER_DAY = "COALESCE(p.decided_on, substr(COALESCE(n.published_at, n.first_seen_at), 1, 10))"
FIVE_YEARS_BEFORE = ("CASE WHEN substr({d}, 6, 5) = '02-29' THEN date({d}, '-1 day', '-5 years') "
                     "ELSE date({d}, '-5 years') END")


@functools.lru_cache(maxsize=4)
def register_subjects(out: Path, db: Path) -> dict[tuple[int, int], str]:
    """Whose penalty each one is, as the register grouped them (its rules are tests/test_register.py's): a
    person's, from the people receipt's CSV; an institution's node, from the #node- rows of the groups'
    receipts. The repeat rule itself (same subject, same category, five years) is then computed in SQL."""
    subjects = {}
    for row in read_csv(out / "stats/all/people/records.csv.gz"):
        for key in row["处罚记录(公告编号#当事人序号)"].split():
            doc_id, seq = key.split("#")
            subjects[(int(doc_id), int(seq))] = "person:" + row["人员页"]
    for page in (out / "stats/all/bank").glob("*/index.html"):
        for anchor, _, _, cell in NODE.findall(page.read_text("utf-8")):
            for key in listed_records(out, db, cell):
                subjects[key] = f"node:{page.parent.name}/{anchor}"
    return subjects


REPEATS_SQL = f"""
CREATE TEMP TABLE reg AS SELECT p.id, p.doc_id, s.subject, c.category, {REGISTER_DAY} AS day
    FROM penalty p JOIN notice n ON n.doc_id = p.doc_id JOIN subjects s ON s.doc_id = p.doc_id AND s.seq = p.seq
    JOIN penalty_category c ON c.penalty_id = p.id WHERE c.category != 'other';
CREATE TEMP TABLE repeat_flags AS SELECT DISTINCT a.id, a.category, substr(a.day, 1, 4) AS year FROM reg a
    WHERE EXISTS (SELECT 1 FROM reg b WHERE b.subject = a.subject AND b.category = a.category AND b.day < a.day
                  AND b.day >= {FIVE_YEARS_BEFORE.format(d="a.day")} AND b.doc_id != a.doc_id);
"""


def sql_records(
    db: Path, receipt: str, row: tuple[str, str] | None = None, out: Path | None = None
) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """The (doc_id, seq) of a receipt's records and its figures, by the counting rules, in SQL. `row`:
    (dimension, value) of a row of the receipt given by a value that is no slug (an institution's name).
    `out`: the built site, for the receipts of the repeats (register_subjects)."""
    parts = receipt.strip("/").split("/")[1:]  # after "stats"
    period, rest = parts[0], parts[1:] + list(row or ())
    where, params = ["1 = 1"], {}
    published = "COALESCE(n.published_at, n.first_seen_at)"
    repeats = rest[:1] == ["repeats"]
    if repeats:  # stats/{period}/repeats/[violation/{slug}/][source/{code}/]: by the register's day and categories
        rest = rest[1:]
        category = rest[1] if rest[:1] == ["violation"] else None
        where.append("p.id IN (SELECT id FROM repeat_flags WHERE (:period = 'all' OR year = :period)"
                     + (" AND category IN (SELECT value FROM slugs WHERE dim = 'violation' AND slug = :cat))"
                        if category else ")"))
        params["cat"] = category
        rest = rest[2:] if category else rest  # a regulator's share: DIMENSION_SQL below
    elif rest == ["decided"]:  # a year or a month (yyyy-mm) by decision date
        where.append(f"substr(p.decided_on, 1, {len(period)}) = :period")
    elif len(period) == 7:  # a month, yyyy-mm
        where.append(f"substr({published}, 1, 7) = :period")
    elif period != "all" and not repeats:
        where.append(f"substr({published}, 1, 4) = :period")
    params["period"] = period
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TEMP TABLE slugs (dim TEXT, value TEXT, slug TEXT)")
        for dim, mapping in slug_map(db).items():
            for value, slug in mapping.items():
                conn.exec_driver_sql("INSERT INTO slugs VALUES (?, ?, ?)", (dim, value, slug))
        if repeats:
            conn.exec_driver_sql("CREATE TEMP TABLE subjects (doc_id INTEGER, seq INTEGER, subject TEXT)")
            for (doc_id, seq), subject in register_subjects(out, db).items():
                conn.exec_driver_sql("INSERT INTO subjects VALUES (?, ?, ?)", (doc_id, seq, subject))
            for statement in REPEATS_SQL.split(";"):
                if statement.strip():
                    conn.exec_driver_sql(statement)
        if rest != ["decided"]:
            for i in range(0, len(rest), 2):  # (dimension, slug) pairs: one item, or two at once
                dim, params[f"slug{i}"] = rest[i], rest[i + 1]
                where.append(DIMENSION_SQL[dim].format(name=f"slug{i}"))
        sql = f"""SELECT p.doc_id, p.seq, p.party_kind, {COUNTED_FINE}, COALESCE(p.confiscated_yuan, 0),
                  COALESCE(p.forfeiture_yuan, 0)
                  FROM penalty p JOIN notice n ON n.doc_id = p.doc_id WHERE {' AND '.join(where)}"""
        rows = conn.execute(__import__("sqlalchemy").text(sql), params).all()
    engine.dispose()
    fines = sum(r[3] for r in rows)
    figures = {
        "tickets": len(rows),
        "individuals": sum(1 for r in rows if r[2] == "individual"),
        "institutions": sum(1 for r in rows if r[2] != "individual"),
        "fines": fines,
        "forfeiture": fines + sum(r[4] + r[5] for r in rows),
        "notices": len({r[0] for r in rows}),
    }
    return sorted((r[0], r[1]) for r in rows), figures


# --- the tests ---------------------------------------------------------------------------------------


def reconcile(out: Path, db: Path) -> int:
    """Every receipt's figures and CSV against SQL; returns how many receipts were checked."""
    pages = receipt_pages(out)
    for page in pages:
        receipt = page.parent.relative_to(out).as_posix() + "/"
        keys, expected = sql_records(db, receipt, out=out)
        assert page_figures(page.read_text("utf-8")) == expected, receipt
        rows = receipt_csv(out, receipt)
        assert sorted((int(r["公告编号(doc_id)"]), int(r["当事人序号(seq)"])) for r in rows) == keys, receipt
    return len(pages)


# Cells and rows without end tags (HTML allows it): a row's cells run to its line's end; the CSV filter cell
# only where a row's value is not its label.
ROW = re.compile(r'<tr id=(\w+)-([\w-]+)(?: data-[^>]*)?><th scope=row>([^<]*)((?:<td>[^<\n]*){7,8})\n')
ROW_FIGURES = ("tickets", "institutions", "individuals", "fines", "forfeiture", "notices")
CSV_COLUMN = {"region": "地区", "regulator": "监管机构", "violation": "违法类型", "bank": "机构（集团）",
              "source": "监管部门", "branch": "当事人", "kind": "当事人类型", "sanction": "处罚种类（警告、罚款）"}
# The CSV columns that hold several values joined by ；: a row's value is one of them.
MULTI_VALUED = ("violation", "sanction")


def row_figures(cells: str, label: str) -> tuple[dict[str, str], str]:
    """The shown figures of a breakdown row of a receipt, and the value it filters the CSV on: its CSV
    filter cell, or `label` where the table has none (the value is the label on every row, "" when the
    rows list their records)."""
    values = re.findall(r"<td>([^<]*)", cells)  # the figures, the as-of date, the CSV filter cell if any
    return dict(zip(ROW_FIGURES, values[:6], strict=True)), html.unescape(values[7] if len(values) == 8 else label)


def shown(figures: dict[str, int]) -> dict[str, str]:
    """SQL figures as a page shows them (counts with thousands separators, sums in 万元)."""
    return {k: money(v) if k in ("fines", "forfeiture") else f"{v:,}" for k, v in figures.items()}


SUB_ROW = "· "  # what a sub-row's name starts with, as its table's note says


def row_sentences(text: str) -> dict[str, str]:
    """Each breakdown and tree row's sentence (by its id), as a reader writes it from the page: its table's
    note states the template once (its placeholders are column headings, the note's 监管部门 and 范围 unless
    the row carries its own, the page's address and the row's id), filled by the sentence module's fill()
    (the rule static/cite.js follows; tests/test_receipts_browser.py holds the script to it)."""
    root = html5lib.parse(text, namespaceHTMLElements=False)
    canonical = next(e.get("href") for e in root.iter("link") if e.get("rel") == "canonical")
    found = {}
    for parent in root.iter():
        children = list(parent)
        for note, table in itertools.pairwise(children):
            template = next((e for e in note.iter("span") if e.get("class") == "template"), None)
            if note.tag != "p" or template is None:
                continue
            assert table.tag == "table", "a row template's note comes right before its table"
            slot = {e.get("data-slot"): e for e in note.iter("span") if e.get("data-slot")}
            # A cell's text; the last of a row ends with the line's end (its end tag left out): not part of it.
            def text(cell: Element) -> str:
                return "".join(cell.itertext()).removesuffix("\n")

            heads = [text(th) for th in table.find("thead/tr")]
            # A sub-row ("· 信贷业务" under a branch's row): its parent's 范围, then the note's words around its name.
            sub = next((e for e in note.iter("span") if e.get("class") == "sub-scope"), None)
            parent = None  # the 范围 of the last row that is no sub-row
            for row in table.find("tbody"):
                if not row.get("id"):
                    continue
                values = {head: text(cell) for head, cell in zip(heads, row, strict=True)}
                first = row[0]
                # Its own text, and its link's (a branch's row links its page), not the <small> after it.
                name = (first.text or "") + "".join(
                    ("".join(c.itertext()) if c.tag == "a" else "") + (c.tail or "") for c in first)
                name = name[:-1] if first.find("small") is not None else name  # a tree row: "name <small>level"
                values["监管部门"] = row.get("data-pub", slot["监管部门"].text or "")
                is_sub = name.startswith(SUB_ROW)
                if row.get("data-scope") is not None:
                    values["范围"] = row.get("data-scope")
                elif sub is not None and parent is not None and is_sub:
                    values["范围"] = parent + sub.get("data-pre") + name.removeprefix(SUB_ROW) + sub.get("data-post")
                else:
                    values["范围"] = slot["范围"].get("data-pre") + name + slot["范围"].get("data-post")
                parent = parent if is_sub else values["范围"]
                values["本页地址"], values["行"] = canonical, row.get("id")
                found[row.get("id")] = fill("".join(template.itertext()), values,
                                            tuple(template.get("data-same").split(" ")))
    return found


# The records row after a row: it runs to the next row or the table's end.
LISTED = re.compile(r'<tr class=records><td colspan=\d+>(.*?)(?=<tr[ >]|</table>)')
LISTED_RECORD = re.compile(r'<a href=/notices/([\w-]+)/#p(\d+)>')


def listed_records(out: Path, db: Path, cell: str) -> list[tuple[int, int]]:
    """The (doc_id, seq) of the records a receipt's row lists itself, or those of the branch page whose
    listing it names (its archive pages and its latest page: every record of the page, each once)."""
    ids = doc_ids(db)
    keys = [(ids[key], int(seq)) for key, seq in LISTED_RECORD.findall(cell)]
    for listing in BRANCH_LISTING.findall(cell):
        text = (out / listing / "index.html").read_text("utf-8")
        keys += [(ids[key], int(seq)) for key, seq in LISTING_RECORD.findall(text)]
    return sorted(set(keys)) if BRANCH_LISTING.search(cell) else sorted(keys)


# A row's records named by a branch page's listing (/banks/{slug}/branches/{node}/[page/{k}/]).
BRANCH_LISTING = re.compile(r'<a href=/(banks/[\w-]+/branches/[\w-]+/(?:page/\d+/)?)>')


# The figures a row's sentence says: tickets, 家次 and 人次 (a register's row), 罚款合计, 罚没合计 if it differs.
CITED_FIGURES = re.compile(r"罚单共?([\d,]+)张，(?:其中处罚机构([\d,]+)家次、个人([\d,]+)人次，)?"
                           r"罚款合计([^，（]+)(?:，罚没合计([^（]+))?（")


def reconcile_rows(out: Path, db: Path) -> int:
    """Every breakdown row on an item's receipt (#region-beijing, #branch-…, #sanction-fine) against SQL,
    figures and records: the CSV rows its filter selects, or the records it lists."""
    checked = 0
    for page in receipt_pages(out):
        text = page.read_text("utf-8")
        receipt = page.parent.relative_to(out).as_posix() + "/"
        rows = None
        values: dict[str, str] = {}  # anchor -> the value a row filters on (a category's, for its shares)
        cited = row_sentences(text)
        for match in ROW.finditer(text):
            dim, slug, label, cells = match.groups()
            # A row that lists its records filters the CSV on nothing; one without a filter cell, on its label.
            figures, value = row_figures(cells, "" if LISTED.match(text, match.end()) else label)
            values[f"{dim}-{slug}"] = value
            if dim == "unit":  # a branch's own page: no CSV column names its node (reconcile_units)
                continue
            if dim == "branch":  # an institution by its name: the anchor is made from the name
                assert slug == branch_anchor(value).removeprefix("branch-"), (receipt, value)
                keys, expected = sql_records(db, receipt, ("branch", value))
            elif dim == "kind" and slug.count("-"):  # a regulator's share of a bank's people: two columns
                kind, code = slug.split("-")
                keys, expected = sql_records(db, f"{receipt}kind/{kind}/source/{code}/")
            elif share := re.fullmatch(r"(.+)-(nfra|pboc)", slug) if dim == "violation" else None:
                # A regulator's share of a repeats category row (#violation-{code}-pboc): two columns.
                keys, expected = sql_records(db, f"{receipt}violation/{share[1]}/source/{share[2]}/", out=out)
                value = (values[f"violation-{share[1]}"], share[2])
            else:
                keys, expected = sql_records(db, f"{receipt}{dim}/{slug}/", out=out)
            assert figures == shown(expected), (receipt, dim, slug)
            # Its sentence, written from the row by its table's template, says SQL's figures and cites the row.
            said = CITED_FIGURES.search(cited[f"{dim}-{slug}"])
            assert said, (receipt, dim, slug)
            assert (said[1], said[4], said[5] or figures["fines"]) == (
                figures["tickets"], figures["fines"], figures["forfeiture"]), (receipt, dim, slug)
            assert (said[5] is None) == (figures["forfeiture"] == figures["fines"]), (receipt, dim, slug)
            if said[2] is not None:  # a register's row states every figure, as its receipt's sentence does
                assert (said[2], said[3]) == (figures["institutions"], figures["individuals"]), (receipt, slug)
            assert cited[f"{dim}-{slug}"].endswith(f"；{BASE_URL}{receipt}#{dim}-{slug}）。"), (receipt, dim, slug)
            if not value:  # no CSV column selects them: the row lists them
                listed = LISTED.match(text, match.end())
                assert listed and listed_records(out, db, listed.group(1)) == keys, (receipt, dim, slug)
            else:
                rows = rows if rows is not None else receipt_csv(out, receipt)
                column = "再次违规类型" if "/repeats/" in receipt and dim == "violation" else CSV_COLUMN[dim]
                if dim == "kind" and "、" in value:  # 个人、pboc: 当事人类型 and 监管部门
                    kind, code = value.split("、")
                    matched = [r for r in rows if r[column] == kind and r["监管部门"] == code]
                elif isinstance(value, tuple):  # a category's share of one regulator
                    matched = [r for r in rows if value[0] in r[column].split("；") and r["监管部门"] == value[1]]
                else:
                    matched = [r for r in rows
                               if (value in r[column].split("；") if dim in MULTI_VALUED else r[column] == value)]
                assert sorted((int(r["公告编号(doc_id)"]), int(r["当事人序号(seq)"])) for r in matched) == keys, (
                    receipt, dim, slug)
            checked += 1
    return checked


# A node row whose own records are all the records of one institution name is that name's row too: its
# #branch- anchor is on the row's header.
NODE = re.compile(r'<tr id=(node-\w+)(?: data-[^>]*)?><th scope=row(?: id=(branch-\w+))?>[^<]*<small>[^<]*</small>'
                  r'((?:<td>[^<\n]*){5})\n'
                  r'<tr class=records><td colspan=6>(.*?)\n(?=<tr[ >]|</table>)', re.S)


def sql_figures(db: Path, keys: list[tuple[int, int]]) -> dict[str, str]:
    """Tickets and 罚款合计 of a list of records (doc_id, seq), by the counting rules, as a page shows them."""
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        fines = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(
            f"SELECT p.doc_id, p.seq, {COUNTED_FINE} FROM penalty p")}
    engine.dispose()
    return {"tickets": f"{len(keys):,}", "fines": money(sum(fines[k] for k in keys))}


def reconcile_tree(out: Path, db: Path) -> int:
    """Every node row of a group's all-time receipt (#node-…): its own records are institution tickets of
    the group, each in one node only; its figures and its subtree's (itself and the rows it links as
    下属, recursively) are those of its records in SQL."""
    checked = aliases = 0
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        names = {branch_anchor(r[0]): r[0] for r in conn.exec_driver_sql(
            "SELECT DISTINCT party_name FROM penalty WHERE party_kind = 'institution'")}
    engine.dispose()
    for page in sorted((out / "stats/all/bank").glob("*/index.html")):
        text = page.read_text("utf-8")
        receipt = page.parent.relative_to(out).as_posix() + "/"
        group = {k for k, kind in _kinds(db, receipt) if kind == "institution"}
        nodes = {anchor: (re.findall(r"<td>([^<]*)", cells), listed_records(out, db, cell),
                          re.findall(r'<a href=#(node-\w+)>', cell))
                 for anchor, alias, cells, cell in NODE.findall(text)}
        cited = row_sentences(text)
        owned = [k for _, own, _ in nodes.values() for k in own]
        assert len(owned) == len(set(owned)) and set(owned) <= group, receipt
        # A name's anchor on a node row: the node's own records are exactly the group's records of that name.
        for anchor, alias, *_ in NODE.findall(text):
            if alias:
                name = names[alias]
                assert sql_records(db, receipt, ("branch", name))[0] == nodes[anchor][1], (receipt, anchor, name)
                assert f'<tr id="{alias}">' not in text, (receipt, alias)  # not a row of the branch table too
                aliases += 1

        for anchor, (cells, own, _children) in nodes.items():
            mine = sql_figures(db, own)
            assert {"tickets": cells[0], "fines": cells[1]} == mine, (receipt, anchor)
            below = sorted(_subtree(nodes, anchor))
            whole = sql_figures(db, below)
            assert {"tickets": cells[2], "fines": cells[3]} == whole, (receipt, anchor)
            # Its sentence (the table's template filled from the row) says those figures, SQL's, and cites it.
            cite = cited[anchor]
            assert f"本身开出的罚单{mine['tickets']}张，罚款合计{mine['fines']}" in cite, (receipt, anchor)
            assert (f"；连同下属机构共{whole['tickets']}张，罚款合计{whole['fines']}（" in cite) == (below != own), (
                receipt, anchor)
            assert cite.endswith(f"；{BASE_URL}{receipt}#{anchor}）。"), (receipt, anchor)
            checked += 1
    assert aliases, "no node row carries the anchor of a name"
    return checked


def _subtree(nodes: dict[str, tuple], anchor: str) -> list[tuple[int, int]]:
    """The records of a node row and of the rows it links as 下属, recursively."""
    return nodes[anchor][1] + [k for child in nodes[anchor][2] for k in _subtree(nodes, child)]


def _kinds(db: Path, receipt: str) -> list[tuple[tuple[int, int], str]]:
    keys, _ = sql_records(db, receipt)
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        kind = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql("SELECT doc_id, seq, party_kind FROM penalty")}
    engine.dispose()
    return [(k, kind[k]) for k in keys]


PERSON_ROW = re.compile(r'<tr id=([\w-]+)><td><a href=/people/([\w-]+)/>([^<]*)</a><td>(\d+)<td>([^<\n]*)\n')
# The people box: the anchors written in the template are unquoted, the subsets' (interpolated) quoted.
PEOPLE_FIGURE = re.compile(r'<div id=("?)([\w-]+)\1><dt>[^<]*<dd>([\d,]+)</div>')


def sql_person_status(db: Path, keys: list[tuple[int, int]], as_of: date) -> str:
    """A person's ban status from their tickets, in SQL: a lifetime ban; else a ban whose end (N calendar
    years from the decision date, else the publication date; 29 February ends on 28 February) is after the
    build's day; else ended."""
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(__import__("sqlalchemy").text(f"""
            SELECT p.ban_lifetime, CASE WHEN p.ban_years > 0 THEN
                CASE WHEN substr({REGISTER_DAY}, 6, 5) = '02-29'
                     THEN date({REGISTER_DAY}, '-1 day', '+' || p.ban_years || ' years')
                     ELSE date({REGISTER_DAY}, '+' || p.ban_years || ' years') END END
            FROM penalty p JOIN notice n ON n.doc_id = p.doc_id
            WHERE p.doc_id || '#' || p.seq IN ({', '.join(f"'{d}#{q}'" for d, q in keys)})""")).all()
    engine.dispose()
    if any(lifetime for lifetime, _ in rows):
        return "终身禁业"
    ends = [end for _, end in rows if end]
    if any(end > as_of.isoformat() for end in ends):
        return "禁业中"
    return "已期满" if ends else ""


def reconcile_people(out: Path, db: Path, as_of: date) -> int:
    """The people receipt (stats/all/people/): every named individual ticket in exactly one person of its
    CSV, each person's name, count and ban status from their tickets in SQL; the page's figures those of
    the CSV; each page's people the CSV's rows it names; the /people/ page's register figures the receipt's."""
    rows = read_csv(out / "stats/all/people/records.csv.gz")
    keys = {r["人员页"]: [tuple(map(int, k.split("#"))) for k in r["处罚记录(公告编号#当事人序号)"].split()]
            for r in rows}
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        names = {(r[0], r[1]): r[2] for r in conn.exec_driver_sql(
            "SELECT doc_id, seq, party_name FROM penalty WHERE party_kind = 'individual' AND party_name <> ''")}
    engine.dispose()
    every = [k for ks in keys.values() for k in ks]
    assert sorted(every) == sorted(names) and len(every) == len(set(every))
    statuses = {}
    for r in rows:
        mine = keys[r["人员页"]]
        # One name each (the register's key of a name: NFKC, spaces and quotes left out).
        assert {normalize(names[k]) for k in mine} == {normalize(r["姓名"].removeprefix("'"))}, r
        assert int(r["处罚次数"]) == len(mine)
        statuses[r["人员页"]] = sql_person_status(db, mine, as_of)
        assert r["禁业状态"] == statuses[r["人员页"]], r
    text = (out / "stats/all/people/index.html").read_text("utf-8")
    figures = {k: int(v.replace(",", "")) for _, k, v in PEOPLE_FIGURE.findall(text)}
    assert figures == {
        "people": len(rows), "tickets": len(every),
        "in-force": sum(1 for s in statuses.values() if s == "禁业中"),
        "lifetime": sum(1 for s in statuses.values() if s == "终身禁业"),
        "repeated": sum(1 for ks in keys.values() if len(ks) >= 2),
    }
    sentence = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1))
    assert f"个人共{figures['people']:,}人（涉及个人罚单{figures['tickets']:,}张）" in sentence
    assert f"终身禁业的{figures['lifetime']:,}人" in sentence and f"；{BASE_URL}stats/all/people/）。" in sentence
    # Every page lists the CSV's rows it names, in order, with their counts and statuses.
    listed = []
    for page in [out / "stats/all/people/index.html", *sorted((out / "stats/all/people/page").glob("*/index.html"))]:
        page_text = page.read_text("utf-8")
        people = PERSON_ROW.findall(page_text)
        named = re.search(r'download data-rows="(\d+)-(\d+)"', page_text)
        first, last = map(int, named.groups()) if named else (1, 0)  # a landing page with nobody new
        assert [(p[1], int(p[3]), p[4]) for p in people] == [
            (r["人员页"].removeprefix(BASE_URL + "people/").strip("/"), int(r["处罚次数"]), r["禁业状态"])
            for r in rows[first - 1:last]], page
        listed += [p[1] for p in people]
    assert sorted(listed) == sorted(k.removeprefix(BASE_URL + "people/").strip("/") for k in keys)
    box = (out / "people/index.html").read_text("utf-8")
    assert f'<a href=/stats/all/people/#people>{figures["people"]:,}</a>' in box
    return len(rows)


# A branch's row: its name links the branch's page, whose listing holds exactly its records (a records row
# under it names that listing's archive pages, when it has any).
UNIT_ROW = re.compile(r'<tr id=(unit-[\w-]+)(?: data-[^>]*)?><th scope=row>'
                      r'<a href=/(banks/[\w-]+/branches/[\w-]+/)>([^<]*)</a>((?:<td>[^<\n]*){7})\n'
                      r'(?:<tr class=records><td colspan=8>(.*?)(?=<tr[ >]|</table>))?')
# A category row under it: "· 信贷业务", its 范围 by default the branch row's and the category's clause.
UNIT_CATEGORY_ROW = re.compile(
    r'<tr id=(unit-[\w-]+-violation-[\w-]+)( data-scope="[^"]*")?(?: data-pub="[^"]*")?><th scope=row>· ([^<]*)'
    r'((?:<td>[^<\n]*){7})\n')
LISTING_RECORD = re.compile(r'<li>[^<]* <a href=/notices/([\w-]+)/#p(\d+)>')


def check_unit_sentence(cited: str, scope: str, figures: dict[str, str], where: tuple[str, str]) -> None:
    """A branch row's or category row's sentence (its table's template filled from the page) names its
    records' scope, says its figures and cites the row."""
    said = CITED_FIGURES.search(cited)
    assert said and f"公开的{scope}罚单{figures['tickets']}张，" in cited, (where, cited)
    assert (said[1], said[4], said[5] or figures["fines"]) == (
        figures["tickets"], figures["fines"], figures["forfeiture"]), (where, cited)
    assert cited.endswith(f"；{BASE_URL}{where[0]}#{where[1]}）。"), (where, cited)


def reconcile_units(out: Path, db: Path) -> int:
    """Every branch page (/banks/{slug}/branches/{node}/): its totals link to its row on the group's receipt
    (#unit-{node}), whose name links the page, whose figures are those in SQL of the records the page lists
    and whose sentence names the branch; each category row of the page links to a row of those records in
    that category in SQL, whose sentence (by the table note's default for such a row, unless it carries its
    own 范围) names the branch and the category."""
    ids = doc_ids(db)
    checked = defaults = 0
    for page in sorted((out / "banks").glob("*/branches/*/index.html")):
        text = page.read_text("utf-8")
        records = {(ids[d], int(q)) for p in [page, *page.parent.glob("page/*/index.html")]
                   for d, q in LISTING_RECORD.findall(p.read_text("utf-8"))}
        receipt, anchor = re.search(r'<a href=/(stats/all/bank/[\w-]+/)#(unit-[\w-]+)>', text).groups()
        target = (out / receipt / "index.html").read_text("utf-8")
        cited = row_sentences(target)
        units = {m[1]: m for m in UNIT_ROW.finditer(target)}
        unit = units[anchor]
        # The row's name links this page, whose listing (and its archive pages) holds the same records.
        base = page.parent.relative_to(out).as_posix() + "/"
        assert unit[2] == base and {m.split("page/")[0] for m in BRANCH_LISTING.findall(unit[0])} == {base}, page
        listed = listed_records(out, db, unit[0])
        assert listed == sorted(records), page
        figures = row_figures(unit[4], unit[3])[0]
        given = ("records", ",".join(f"{d}#{q}" for d, q in listed))
        assert figures == shown(sql_records(db, receipt, given)[1]), page
        name = html.unescape(unit[3])
        check_unit_sentence(cited[anchor], f"、对{name}开出的", figures, (receipt, anchor))
        categories = {a: (scope, html.unescape(label), row_figures(cells, label)[0])
                      for a, scope, label, cells in UNIT_CATEGORY_ROW.findall(target)}
        linked = rf'<a href=/{receipt}#{anchor}-violation-([\w-]+)>([\d,]+)</a>'
        for category, shown_count in re.findall(linked, text):
            in_category, figs = sql_records(db, f"{receipt}violation/{category}/", given)
            # A category's records are the unit row's in that category (not listed again): its figures are theirs.
            scope, label, row_figs = categories[f"{anchor}-violation-{category}"]
            assert in_category and row_figs == shown(figs) and shown_count == row_figs["tickets"], page
            check_unit_sentence(cited[f"{anchor}-violation-{category}"], f"、对{name}开出的、因“{label}”相关问题开出的",
                                row_figs, (receipt, f"{anchor}-violation-{category}"))
            defaults += not scope
        checked += 1
    assert defaults or not checked, "no category row takes its table's default 范围"
    return checked


def test_every_receipt_figure_reconciles_with_sql(built: tuple[Path, Path]) -> None:
    out, db = built
    assert reconcile(out, db) > 40
    assert reconcile_rows(out, db) > 30
    assert reconcile_tree(out, db) > 3
    assert reconcile_units(out, db) >= 1
    assert reconcile_people(out, db, GOLDEN_AS_OF) > 5
    # The repeats of the case made for them: 2102 and 2103 repeat 2101 (the branch, credit cards), 2103's
    # president repeats himself, and notice 2002's branch repeats 2103 in 2024.
    assert [k for k, _ in sql_records(db, "stats/2023/repeats/", out=out)[0]] == [2102, 2103, 2103]
    assert page_figures((out / "stats/2023/repeats/index.html").read_text("utf-8"))["tickets"] == 3


def test_the_counting_rules_on_the_cases_made_for_them(built: tuple[Path, Path]) -> None:
    out, db = built
    fig = lambda path: page_figures((out / path / "index.html").read_text("utf-8"))  # noqa: E731
    # The joint 40万 of notice 2002 counts once, on its first party (中国农业银行), never for 宁波银行.
    assert fig("stats/2024/bank/zhong-guo-nong-ye-yin-hang")["fines"] == 900_000 + 400_000
    # 宁波银行 in 2024: nothing of the joint fine by NFRA, 80万 by the PBOC (a share of each regulator).
    assert fig("stats/2024/bank/ning-bo-yin-hang/source/nfra")["fines"] == 0
    assert fig("stats/2024/bank/ning-bo-yin-hang/source/pboc")["fines"] == 800_000
    assert fig("stats/2024/bank/ning-bo-yin-hang")["fines"] == 800_000
    # 罚没合计 = fines + confiscations + sums stated only as 罚没合计; 罚款合计 leaves the stated sum out.
    assert fig("stats/2025/bank/zhong-guo-nong-ye-yin-hang/source/nfra") == {
        "tickets": 2, "institutions": 1, "individuals": 1, "fines": 0, "forfeiture": 1_200_000, "notices": 1}
    icbc = fig("stats/2024/bank/zhong-guo-gong-shang-yin-hang")
    assert icbc["forfeiture"] == 500_000 + 125_000 + 300_000 + 50_000
    # Notice 2001 is 2025 by publication and 2024 by decision date.
    # The fourth party of notice 2002 has no decision date: in no decision year, and the page says so.
    assert fig("stats/2024/decided")["tickets"] == 5 + 3 + 2 + 1  # + the PBOC's 宁波银行
    engine = make_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        undated = conn.exec_driver_sql("SELECT count(*) FROM penalty WHERE decided_on IS NULL").scalar()
    engine.dispose()
    assert undated >= 1
    decided = (out / "stats/2024/decided/index.html").read_text("utf-8")
    assert f"另有 {undated} 条记录的公告未写明处罚决定日期" in decided
    # Its December by decision date holds notices 2001 (decided 2024-12-27) and 2002 (2024-12-20), and the
    # year's page links it; the month's records are a run of the year's CSV, which is in decision-date order.
    assert "<a href=/stats/2024-12/decided/>12 月</a>" in decided
    december = (out / "stats/2024-12/decided/index.html").read_text("utf-8")
    assert {int(r["公告编号(doc_id)"]) for r in receipt_csv(out, "stats/2024-12/decided/")} >= {2001, 2002}
    assert "按处罚决定日期排列" in december and "stats/2024/decided/records.csv.gz" in december
    assert fig("stats/2025")["tickets"] == 4 + 2 + 2  # + the PBOC's two
    # A month (the bars of the month charts) and two items at once (a breakdown row of an item page).
    assert fig("stats/2025-03")["tickets"] == 2 and fig("stats/2025-03")["fines"] == 1_550_000
    abc = (out / "stats/all/bank/zhong-guo-nong-ye-yin-hang/index.html").read_text("utf-8")
    sichuan = {dim + "-" + slug: row_figures(cells, label)[0]
               for dim, slug, label, cells in ROW.findall(abc)}["region-si-chuan"]
    assert sichuan["forfeiture"] == money(1_200_000)


def test_failed_notices_are_listed_never_counted(built: tuple[Path, Path]) -> None:
    out, _ = built
    text = (out / "stats/2025/index.html").read_text("utf-8")
    assert "<a href=/notices/1005/>" in text and "未解析出当事人的公告" in text
    assert "<a href=/notices/1005/>" in (out / "stats/all/index.html").read_text("utf-8")
    # Both parties of the partial notice 1004 are counted and flagged: the receipt says how many, its CSV marks
    # them (its records are those of its groups' listings, which it names: no list of its own to flag them in).
    listed = (out / "stats/all/type/city-commercial/index.html").read_text("utf-8")
    assert "其中 2 条记录来自部分解析的公告" in listed and "<i class=flag>" not in listed
    assert [r["解析状态"] for r in receipt_csv(out, "stats/all/type/city-commercial/")].count("partial") == 2
    assert {r["解析状态"] for r in receipt_csv(out, "stats/2025/bank/ning-bo-yin-hang/")} == {"partial"}


def test_an_institution_type_names_the_listings_of_its_bank_groups(built: tuple[Path, Path]) -> None:
    """A type's records are all the records of its bank groups (a group has one type): its all-time receipt
    names those groups' listings, which hold exactly its records; a year's names the pages holding that year's."""
    out, db = built
    ids = doc_ids(db)
    checked = 0
    for page in sorted((out / "stats").glob("*/type/*/index.html")):
        text = page.read_text("utf-8")
        named = re.search(r'<h2 id=records>记录</h2>\n<p>这些记录是以下机构（集团）列表中的(.*?)。\n', text, re.S)
        if not named:
            continue
        receipt = page.parent.relative_to(out).as_posix() + "/"
        keys = sql_records(db, receipt)[0]
        links = re.findall(r'<a href=/(banks/[^\s>]+)>', named.group(1))

        def records_on(pages: list[Path]) -> set[tuple[int, int]]:
            return {(ids[d], int(q)) for p in pages for d, q in LISTING_RECORD.findall(p.read_text("utf-8"))}

        if receipt.startswith("stats/all/"):  # each group's whole listing: its landing page and archive pages
            assert sorted(records_on([p for link in links for p in [
                out / link / "index.html", *(out / link / "page").glob("*/index.html")]])) == keys, receipt
        else:  # the pages of the year: they hold its records (with the group's other years beside them)
            shown = [records_on([out / link / "index.html"]) for link in links]
            assert set(keys) <= set().union(*shown) and all(s & set(keys) for s in shown), receipt
        checked += 1
    assert checked >= 2


def test_a_receipt_csv_has_exactly_its_records(built: tuple[Path, Path]) -> None:
    out, db = built
    ids = doc_ids(db)
    for page in receipt_pages(out):
        receipt = page.parent.relative_to(out).as_posix() + "/"
        rows = receipt_csv(out, receipt)
        keys = sorted((int(r["公告编号(doc_id)"]), int(r["当事人序号(seq)"])) for r in rows)
        expected, figures = sql_records(db, receipt, out=out)
        assert keys == expected, receipt
        assert sum(int(r["计入罚款合计(元)"]) for r in rows) == figures["fines"], receipt
        assert all(r["当事人"] == "'" + FORMULA_NAME for r in rows if "HYPERLINK" in r["当事人"]), receipt
        assert sum(int(r["计入罚没合计(元)"]) for r in rows) == figures["forfeiture"], receipt
        shown = sorted((ids[d], int(s)) for d, s in RECORD_LINK.findall(page.read_text("utf-8")))
        if shown:  # the records a page lists itself are the CSV's
            assert shown == keys, receipt
    # A name a spreadsheet would run as a formula is defused (sitegen.core.csvsafe), and it is there.
    assert "'" + FORMULA_NAME in {r["当事人"] for r in read_csv(out / "stats/all/records.csv.gz")}
    # A receipt that lists no records itself names their positions in a listing: exactly these records.
    page = (out / "stats/2024/bank/zhong-guo-nong-ye-yin-hang/index.html").read_text("utf-8")
    first, last = map(int, re.search(r"自最早起第 (\d+)–(\d+) 条", page).groups())
    listing = (out / "banks/zhong-guo-nong-ye-yin-hang/index.html").read_text("utf-8")
    links = re.findall(r'<li>[^<]* <a href=/notices/(\d+)/#p(\d+)>', listing)[::-1]  # oldest first
    csv_keys = [(int(r["公告编号(doc_id)"]), int(r["当事人序号(seq)"]))
                for r in receipt_csv(out, "stats/2024/bank/zhong-guo-nong-ye-yin-hang/")]
    assert [(int(d), int(s)) for d, s in links[first - 1:last]] == csv_keys


SENTENCE = re.compile(
    r"共([\d,]+)张，其中处罚机构([\d,]+)家次、个人([\d,]+)人次，罚款合计([^，（]+)(?:，罚没合计([^（]+))?（")


def test_the_sentence_says_the_page_numbers_and_cites_it(built: tuple[Path, Path]) -> None:
    out, _ = built
    for page in receipt_pages(out):
        text = page.read_text("utf-8")
        sentence = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1))
        tickets, institutions, individuals, fines, forfeiture = SENTENCE.search(sentence).groups()
        shown = dict(re.findall(r'<div id=(\w+)><dt>[^<]*<dd>([^<]*)', text))
        assert (tickets, institutions, individuals, fines) == (
            shown["tickets"], shown["institutions"], shown["individuals"], shown["fines"]), page
        assert (forfeiture or shown["fines"]) == shown["forfeiture"], page
        receipt = page.parent.relative_to(out).as_posix() + "/"
        assert sentence.startswith("据罚单（Fadan）统计，") and f"；{BASE_URL}{receipt}）。" in sentence
    closed = (out / "stats/2024/index.html").read_text("utf-8")
    assert "按公告发布日期，截至2024年12月31日" in closed  # a past year is closed on its last day
    # In the open year a receipt is as of its newest record's publication date (notice 1004, 2025-04-02).
    ningbo = (out / "stats/2025/bank/ning-bo-yin-hang/index.html").read_text("utf-8")
    assert "按公告发布日期，截至2025年4月2日" in ningbo


def test_the_sentence_names_the_regulators_of_its_records(built: tuple[Path, Path]) -> None:
    """A receipt limited to one regulator names it; one whose records come from both names both."""
    out, _ = built

    def cited(path: str) -> str:
        text = (out / path / "index.html").read_text("utf-8")
        return html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", text, re.S).group(1))

    assert cited("stats/2024/bank/ning-bo-yin-hang/source/pboc").startswith(
        "据罚单（Fadan）统计，2024年，人民银行公开的、涉及宁波银行（含分支机构及其工作人员）的行政处罚罚单共1张")
    assert cited("stats/2024/bank/ning-bo-yin-hang/source/nfra").startswith(
        "据罚单（Fadan）统计，2024年，金融监管总局及其派出机构公开的、涉及宁波银行")
    assert cited("stats/2024/bank/ning-bo-yin-hang").startswith(
        "据罚单（Fadan）统计，2024年，金融监管总局及其派出机构和人民银行公开的、涉及宁波银行")
    assert cited("stats/2025/source/pboc").startswith("据罚单（Fadan）统计，2025年，人民银行公开的行政处罚罚单共2张")
    assert cited("stats/2025-03").startswith("据罚单（Fadan）统计，2025年3月，人民银行公开的行政处罚罚单共2张")
    row = row_sentences((out / "stats/all/bank/zhong-guo-nong-ye-yin-hang/index.html").read_text("utf-8"))
    # A row's sentence, shorter (its 家次 and 人次 are the row's cells), is still whole on its own.
    assert row["region-si-chuan"] == (
        "据罚单（Fadan）统计，2023年以来，金融监管总局及其派出机构公开的、涉及中国农业银行的、四川地区的罚单2张，"
        "罚款合计0元，罚没合计120万元（按发布日期，截至2025年1月6日；"
        f"{BASE_URL}stats/all/bank/zhong-guo-nong-ye-yin-hang/#region-si-chuan）。")


LINKED_FIGURE = re.compile(
    r'<a href=("?)/(stats/[^"#\s>]*)#(tickets|institutions|individuals|fines|forfeiture|notices|stated)\1'
    r'(?=[\s>])[^>]*>([^<]+)</a>')


def test_every_linked_figure_elsewhere_equals_its_receipt(built: tuple[Path, Path]) -> None:
    """A number on the home, bank, violation, region, regulator and year pages links to a receipt that
    shows the same number."""
    out, _ = built
    checked = set()
    for family in ("index.html", "banks", "violations", "regions", "regulators", "years", "people", "repeats"):
        paths = [out / family] if family.endswith(".html") else (out / family).rglob("index.html")
        for page in paths:
            for _, receipt, anchor, shown in LINKED_FIGURE.findall(page.read_text("utf-8")):
                target = (out / receipt / "index.html").read_text("utf-8")
                figures = dict(re.findall(r'<div id=(\w+)><dt>[^<]*<dd>([^<]*)', target))
                if anchor == "stated":  # the totals box's 罚没合计 stated only as one sum
                    stated = re.search(r"原文仅写罚没合计的金额 ([\d,]+) 元", target).group(1)
                    assert money(int(stated.replace(",", ""))) == shown, (page, receipt)
                else:
                    assert figures[anchor] == shown, (page, receipt, anchor)
                checked.add(page.parent.relative_to(out).as_posix().split("/")[0])
    assert {"banks", "violations", "regions", "regulators", "years", "people", "repeats", "."} <= checked


ROW_LINK = re.compile(
    r'<a href=("?)/(stats/[^"#\s>]*)#((?:branch|node|sanction|kind|unit|violation)-[\w-]+)\1(?=[\s>])[^>]*>([^<]+)</a>')


def test_every_figure_linked_to_a_row_is_on_that_row(built: tuple[Path, Path]) -> None:
    """A number of a bank's branch table, tree or people page, or of the /people/ box, that links to a row
    of a receipt (#branch-…, #node-…, #kind-individual, #sanction-…) is one of that row's figures."""
    out, _ = built
    targets: dict[str, str] = {}
    linked = set()
    pages = [*(out / "banks").rglob("index.html"), out / "people" / "index.html",
             *(out / "repeats").rglob("index.html")]
    for page in pages:
        for _, receipt, anchor, shown in ROW_LINK.findall(page.read_text("utf-8")):
            text = targets.setdefault(receipt, (out / receipt / "index.html").read_text("utf-8"))
            row = re.search(rf'(?:<tr id={anchor}(?: data-[^>]*)?><th scope=row[^>]*>|<th scope=row id={anchor}>)'
                            rf'[^\n]*?(<td>[^\n]*)\n', text)
            assert row, (page, receipt, anchor)
            figures = re.findall(r"<td>([^<]*)", row.group(1))
            # The tree page writes "3 张罚单" and "（合计 5 张，80万元）" inside one link.
            parts = re.findall(r"\d[\d,.]*(?:万元|亿元|元)?", shown)  # none in "这些数字怎么算的 →"
            assert all(part in figures for part in parts), (page, anchor, shown)
            linked.add(anchor.split("-")[0])
    assert linked == {"branch", "node", "sanction", "kind", "unit", "violation"}


def test_cross_tables_and_reviews_link_every_number(built: tuple[Path, Path]) -> None:
    out, db = built
    for dim in ("bank", "type", "violation", "region", "regulator", "ban"):
        for variant in ("", "by-fines/"):
            text = (out / f"stats/tables/{dim}/{variant}index.html").read_text("utf-8")
            for _, receipt, anchor, shown in LINKED_FIGURE.findall(text):
                _, figures = sql_records(db, receipt, out=out)
                assert shown.replace(",", "") == str(figures[anchor]) or anchor == "fines", (dim, receipt)
        table = read_csv(out / f"stats/tables/{dim}/table.csv")
        for row in table:
            _, figures = sql_records(db, row["凭据"].removeprefix(BASE_URL))
            assert int(row["罚单"]) == figures["tickets"] and int(row["罚款合计(元)"]) == figures["fines"]
    for year in (2024, 2025):
        review = (out / f"years/{year}/review/index.html").read_text("utf-8")
        links = LINKED_FIGURE.findall(review)
        assert len(links) > 20
        for _, receipt, _, _ in links:
            assert (out / receipt / "index.html").is_file(), receipt
    sorted_by_fines = (out / "stats/2024/league/by-fines/index.html").read_text("utf-8")
    assert sorted_by_fines.index("中国农业银行") < sorted_by_fines.index("宁波银行")


def test_a_night_with_nothing_new_rewrites_no_statistics_file(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "night.db", [*tiny_notices(), *receipt_notices()])
    out = build_tiny_site(tmp_path, base_url=BASE_URL, db=db)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "stats").rglob("*") if p.is_file()}
    build_tiny_site(tmp_path, base_url=BASE_URL, db=db)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (out / "stats").rglob("*") if p.is_file()}
    assert after == before
    # A new 2025 notice of one bank: the 2024 receipts stay as they were.
    meta = _meta(3001, "浙江金融监管局行政处罚信息公开表", datetime(2025, 7, 1, 9, 0), "浙江金融监管局",
                 "provincial", 4114)
    add_notice(db, meta, ParsedNotice(layout="horizontal", parse_status="ok", parties=[
        Party(seq=1, party_name="宁波银行股份有限公司某支行", party_kind="institution", fine_yuan=100_000,
              authority="浙江金融监管局", bank_group="宁波银行", institution_type="city-commercial", province="浙江")]))
    build_tiny_site(tmp_path, base_url=BASE_URL, db=db)
    changed = {p.relative_to(out).as_posix() for p, (mtime, data) in before.items() if p.read_bytes() != data}
    assert "stats/2025/bank/ning-bo-yin-hang/index.html" in changed
    assert "stats/all/bank/ning-bo-yin-hang/records.csv.gz" in changed  # its 2025 receipt names rows of it
    # A closed year's receipts by publication date are final: none moves. (The decision-date receipt
    # notes how many records have no decision date, which the new one adds to.)
    assert sorted(p for p in changed if p.startswith("stats/2024/")) == ["stats/2024/decided/index.html"]
    # Receipts of other banks, whose records did not change, stay byte for byte, in the open year too.
    assert not any(p.startswith(("stats/2025/bank/", "stats/all/bank/")) and "ning-bo" not in p for p in changed)


def test_an_institution_type_code_from_the_data_becomes_a_safe_unique_slug() -> None:
    from sitegen.core.refs import SAFE_SLUG
    from sitegen.pages.receipts.keys import type_ref

    hostile, twin = type_ref("../银行/x", {}), type_ref("银行 x", {})
    assert SAFE_SLUG.match(hostile.slug) and SAFE_SLUG.match(twin.slug)
    assert hostile.slug != twin.slug and type_ref("../银行/x", {}) is hostile
    assert type_ref("state-owned", {"state-owned": "国有大型商业银行"}).slug == "state-owned"


def test_the_people_receipt_pages_follow_the_first_notice_number(tmp_path: Path) -> None:
    """With two people a page, archive page k of stats/all/people/ lists people 2k-1 and 2k in the order of
    their first ticket's notice number (公告编号, then 当事人序号), as CSV rows a–b; a person page links its
    count to that row; a night with nothing new rewrites none of it, and neither does a notice published
    late with an old date (the bench's nights: the order of /people/, by date, moved thousands of pages)."""
    db = make_tiny_db(tmp_path / "pages.db", [*tiny_notices(), *receipt_notices()])
    out = build_tiny_site(tmp_path, base_url=BASE_URL, db=db, page_size=2)
    assert reconcile_people(out, db, GOLDEN_AS_OF) > 5
    archives = sorted((out / "stats/all/people/page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    assert len(archives) >= 2
    ids = doc_ids(db)
    people = read_csv(out / "stats/all/people/records.csv.gz")

    def first(row: dict[str, str]) -> tuple[int, int]:
        return min(tuple(map(int, key.split("#"))) for key in row["处罚记录(公告编号#当事人序号)"].split())

    order = sorted(people, key=lambda r: (first(r), r["人员页"]))
    assert [r["人员页"] for r in order] == [r["人员页"] for r in people]  # the CSV is in that order
    for page in archives:
        k = int(page.parent.name)
        slugs = [p[0] for p in PERSON_ROW.findall(page.read_text("utf-8"))]
        assert slugs == [r["人员页"].removeprefix(f"{BASE_URL}people/").strip("/") for r in order[2 * k - 2:2 * k]]
        for slug in slugs:
            person = (out / "people" / slug / "index.html").read_text("utf-8")
            assert f'<p class=lead><a href=/stats/all/people/page/{k}/#{slug}>' in person
    assert ids  # every notice has its page key
    before = {p: p.read_bytes() for p in [*(out / "stats/all/people").rglob("*"), *(out / "people").rglob("*")]
              if p.is_file()}
    build_tiny_site(tmp_path, base_url=BASE_URL, db=db, page_size=2)
    assert {p: p.read_bytes() for p in (out / "stats/all/people").rglob("*") if p.is_file()} == {
        p: b for p, b in before.items() if "stats" in p.parts}
    # A notice published late, dated before every other: its person is new, with the newest notice number.
    late = max(ids.values()) + 1
    add_notice(db, _meta(late, "某金融监管分局行政处罚信息公开表", datetime(2020, 1, 2, 9, 0), "浙江金融监管局",
                         "provincial", 4293),
               ParsedNotice(layout="horizontal", parse_status="ok", parties=[
                   Party(seq=1, party_name="晚公布", party_kind="individual", party_role="时任中国农业银行某支行行长",
                         decision="警告", warning=True, authority="浙江金融监管局", decided_on=date(2019, 12, 20),
                         bank_group="中国农业银行", institution_type="state-owned", province="浙江",
                         categories=[Category("credit", "贷款")])]))
    build_tiny_site(tmp_path, base_url=BASE_URL, db=db, page_size=2)
    archive_pages = {p for p in before if "page" in p.parts and "stats" in p.parts}
    assert all(p.read_bytes() == before[p] for p in archive_pages)
    moved = [p for p, b in before.items() if "people" in p.parts and "stats" not in p.parts and p.parent.parent.name
             == "people" and p.read_bytes() != b and p.parent.name not in ("bans", "lifetime")]
    # No person page of before changed but those on the landing page, which a new person can fill into a
    # new archive page (namesakes of 晚公布 aside: there are none).
    assert moved and all(b'<p class=lead><a href=/stats/all/people/#' in before[p] for p in moved), moved


def test_a_branch_row_whose_page_has_archive_pages_names_them(tmp_path: Path) -> None:
    """With listing pages of two records, 工商银行宁波分行's page (four records) has archive pages: its row on
    the group's receipt links the page from its name and names those archive pages under it (fixed, where its
    oldest records are), and its figures, records and sentences, and its category rows', still reconcile
    with SQL."""
    db = make_tiny_db(tmp_path / "receipts.db", [*tiny_notices(), *receipt_notices()])
    out = build_tiny_site(tmp_path, base_url=BASE_URL, db=db, page_size=2)
    assert reconcile_units(out, db) >= 1
    text = (out / "stats/all/bank/zhong-guo-gong-shang-yin-hang/index.html").read_text("utf-8")
    unit = next(m for m in UNIT_ROW.finditer(text) if m[1] == "unit-ning-bo-fen-hang-cafbb8")
    archives = BRANCH_LISTING.findall(unit[5] or "")
    assert archives and all("/page/" in a for a in archives[1:]) and "（存档页" in unit[5], unit[0]
