"""/data/: the penalties as CSV (zipped, UTF-8 with BOM, every field quoted, so Excel opens it; text that
a spreadsheet would run as a formula starts with "'", see sitegen.core.csvsafe) and JSON (gzipped), and the
SQLite database without raw HTML (gzipped).

At 100,000 notices these are hundreds of MB uncompressed, so they ship compressed. Exporting them
costs tens of seconds of CPU, so a DownloadJob runs it in a separate process while the main process
renders pages; when no notice changed (same corpus digest as the previous build) the job is cancelled
and the files are kept. Files are written deterministically (fixed timestamps, stable order), so an
export of unchanged data keeps its bytes.
"""

from __future__ import annotations

import codecs
import json
import logging
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import groupby
from json.encoder import encode_basestring
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Select, create_engine, select
from sqlmodel import SQLModel

from models.vocab.sources import notice_key
from sitegen.core import database as db
from sitegen.core import urls
from sitegen.core.background import Background
from sitegen.core.config import BuildConfig
from sitegen.core.csvsafe import csv_line
from sitegen.core.deflate import gzip_writer
from sitegen.core.measures import parse_measures, worded_measures
from sitegen.core.output import Site
from sitegen.core.shown import shown_text
from sitegen.core.tuples import stream_tuples
from sitegen.core.writer import digest_of

log = logging.getLogger(__name__)

FAMILY = "downloads"
CSV_ZIP = urls.DATA + "fadan-penalties.csv.zip"
JSON_GZ = urls.DATA + "fadan-penalties.json.gz"
SQLITE_GZ = urls.DATA + "fadan.sqlite.gz"
FILES = {CSV_ZIP: "csv.zip", JSON_GZ: "json.gz", SQLITE_GZ: "fadan.sqlite.gz"}
EXPORTED_TABLES = ("notice", "penalty", "penalty_category")
# Deflate levels: the cheapest whose file is no larger than zlib's level 6 made it (README, "Deflate"). The
# .zip is written by the standard library's zipfile, whose deflate is its own zlib (level 6 as before).
ZIP_LEVEL = 6
JSON_LEVEL = 6  # zlib-ng: level 5 saved 0.01% of the bytes at 10,000 notices, too close to zlib's size
SQLITE_LEVEL = 7  # zlib-ng: level 6 made the file 1% larger than zlib's

# The columns of the CSV and JSON downloads, documented on /about/ and /data/.
COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "公告编号（NFRA docId，本站网址 /notices/{doc_id}/；其他监管部门的公告为负数，网址见 source_key）"),
    ("seq", "当事人在公告中的序号（从 1 起），本站锚点 #p{seq}"),
    ("published_at", "公告发布时间（北京时间）"),
    ("notice_title", "公告标题"),
    ("issuer", "发布机关"),
    ("level", "发布机关级别：headquarters 总局 / provincial 监管局 / sub-provincial 监管分局"),
    ("decision_no", "行政处罚决定书文号"),
    ("party_name", "当事人名称或姓名"),
    ("party_kind", "institution 机构 / individual 个人"),
    ("party_role", "个人的职务（如 时任某支行行长）"),
    ("institution", "个人所在机构"),
    ("bank_group", "所属集团（如 中国农业银行）"),
    ("institution_type", "机构类型代码（state-owned、joint-stock、city-commercial、insurance 等）"),
    ("province", "省份（简称）"),
    ("facts", "主要违法违规事实（原文）"),
    ("basis", "行政处罚依据（原文）"),
    ("decision", "行政处罚决定（原文）"),
    ("authority", "作出决定的机关"),
    ("decided_on", "作出决定的日期"),
    ("fine_yuan", "罚款金额（元，整数）"),
    ("fine_note", "joint：多名当事人合计金额；each：分别处罚、每人此数；空：单独金额"),
    ("confiscated_yuan", "没收违法所得（元）"),
    ("forfeiture_yuan", "罚没合计（元，未分罚款与没收）"),
    ("warning", "是否警告（1/0）"),
    ("ban_years", "禁止从业年限"),
    ("ban_lifetime", "是否终身禁业（1/0）"),
    ("measures", "其他处罚措施（取消任职资格、责令改正等），以“；”分隔"),
    ("categories", "违法类型代码，以“;”分隔（见 /violations/）"),
    ("parse_status", "公告解析状态：ok / partial / failed"),
    ("removed_at", "公告从监管机构网站撤下的时间（仍在则为空）"),
    ("source_url", "监管机构网站原文链接"),
    ("page_url", "本站公告页面"),
    # Added with the second regulator (migration 4), after the older columns so their positions stay.
    ("regulator", "监管部门：nfra 国家金融监督管理总局 / pboc 中国人民银行"),
    ("source_key",
     "非 NFRA 公告在其监管部门网站上的编号（人民银行 articleId），本站网址 /notices/{regulator}-{source_key}/"),
    ("disclosure_years", "公示期限（年；人民银行公告的“三年”“五年”）"),
]


@dataclass(frozen=True)
class DownloadInfo:
    path: str
    label: str
    rows: int
    size: int
    fmt: str


NAMES = [name for name, _ in COLUMNS]
# The CSV and JSON rows are masked as the site shows them (sitegen.core.rows); the SQLite download masks the
# text columns that may hold what a source says of a person, by table (penalty.measures is JSON: masking keeps
# it valid JSON).
SHOWN_TABLE_COLUMNS = {
    "notice": ("title", "issuer", "document_no", "parse_error"),
    "penalty": ("decision_no", "party_name", "party_role", "institution", "bank_group", "facts", "basis",
                "decision", "authority", "measures"),
    "penalty_category": ("phrase",),
}


# What the CSV/JSON rows read: exactly these columns (a lean read; the generic row stream,
# sitegen.core.rows.stream_rows, builds a full view object per penalty, which cost more than the export's
# own work). The values are those of sitegen.core.rows.penalty_row (tests/test_site_downloads.py compares).
_NOTICE_COLUMNS = ("doc_id", "published_at", "title", "issuer", "level", "parse_status", "removed_at", "source_url",
                   "regulator", "source_key")
_PENALTY_COLUMNS = ("id", "seq", "decision_no", "party_name", "party_kind", "party_role", "institution",
                    "bank_group", "institution_type", "province", "facts", "basis", "decision", "authority",
                    "decided_on", "fine_yuan", "fine_note", "confiscated_yuan", "forfeiture_yuan", "warning",
                    "ban_years", "ban_lifetime", "measures", "regulator", "disclosure_years")
_WIDTH = len(_NOTICE_COLUMNS)


def _query() -> Select[Any]:
    n, p = db.NOTICE.c, db.PENALTY.c
    return (
        select(*(n[c] for c in _NOTICE_COLUMNS), *(p[c] for c in _PENALTY_COLUMNS))
        .select_from(db.PENALTY.join(db.NOTICE, n.doc_id == p.doc_id))
        .order_by(p.doc_id, p.seq)
    )


def download_rows(engine: Engine, base_url: str) -> Iterator[list[Any]]:
    """Every penalty with its notice's fields, as lists in COLUMNS order, in (doc_id, seq) order: texts as
    the site shows them (shown_text), flags as 1/0, timestamps as 'YYYY-MM-DD HH:MM:SS', dates as
    'YYYY-MM-DD'."""
    categories = _category_codes(engine)
    # Parties of one notice share most of their texts (one set of facts and basis for a joint penalty, one
    # deciding authority for hundreds of notices): each distinct text is masked once, each day read once.
    shown = lru_cache(maxsize=1 << 12)(shown_text)
    day = lru_cache(maxsize=1 << 12)(lambda value: _plain(db.as_date(value)))
    doc_id: int | None = None
    published = title = issuer = level = parse_status = removed = source_url = source_key = page = None
    for row in stream_tuples(engine, _query()):
        if row[0] != doc_id:
            (doc_id, published, title, issuer, level, parse_status, removed, source_url, regulator,
             source_key) = row[:_WIDTH]
            published, removed = _plain(db.as_datetime(published)), _plain(db.as_datetime(removed))
            title, issuer = shown_text(title), shown_text(issuer)
            page = base_url + urls.notice(notice_key(doc_id, regulator, source_key))  # + '#p{seq}': urls.party
        (penalty_id, seq, decision_no, party_name, party_kind, party_role, institution, bank_group,
         institution_type, province, facts, basis, decision, authority, decided_on, fine_yuan, fine_note,
         confiscated_yuan, forfeiture_yuan, warning, ban_years, ban_lifetime, measures, penalty_regulator,
         disclosure_years) = row[_WIDTH:]
        yield [
            doc_id, seq, published, title, issuer, level, shown(decision_no), shown(party_name), party_kind,
            shown(party_role), shown(institution), shown(bank_group), institution_type, province, shown(facts),
            shown(basis), shown(decision), shown(authority), day(decided_on), fine_yuan, fine_note,
            confiscated_yuan, forfeiture_yuan, _flag(warning), ban_years, _flag(ban_lifetime),
            shown(worded_measures(parse_measures(measures))) if measures else measures,
            categories.get(penalty_id, ""), parse_status, removed, source_url, page + urls.party_anchor(seq),
            penalty_regulator, source_key, disclosure_years,
        ]


def _category_codes(engine: Engine) -> dict[int, str]:
    """penalty id -> its category codes in code order, ';'-joined as the downloads show them (the codes of
    database.load_categories, without building its list of (code, phrase) per penalty)."""
    c = db.CATEGORY.c
    query = select(c.penalty_id, c.category).order_by(c.penalty_id, c.category)
    return {penalty_id: ";".join([code for _, code in rows])
            for penalty_id, rows in groupby(stream_tuples(engine, query), itemgetter(0))}


# '"name":' of each column, opening the object before the first.
_JSON_KEYS = tuple(("{" if i == 0 else ",") + encode_basestring(name) + ":" for i, name in enumerate(NAMES))
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def json_row(values: list[Any]) -> str:
    """The JSON object of a row: the bytes of json.dumps(dict(zip(NAMES, values)), ensure_ascii=False,
    separators=(",", ":")), written without building the dict, each text through the json module's own string
    encoder (the values are texts, integers and None; anything else goes through json). A third of the
    export's encoding time at 290,000 rows."""
    return "".join([
        key + (encode_basestring(v) if v.__class__ is str else "null" if v is None
               else int.__repr__(v) if v.__class__ is int else _dumps(v))
        for key, v in zip(_JSON_KEYS, values, strict=True)
    ]) + "}"


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


def _plain(value: Any) -> Any:
    """Flags as 1/0, timestamps as 'YYYY-MM-DD HH:MM:SS', dates as 'YYYY-MM-DD'."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 19:
        return value[:19]  # SQLite keeps microseconds ('.000000') nobody needs in a spreadsheet
    return value


def _csv_and_json(engine: Engine, base_url: str, as_of: datetime | None, tmp: Path) -> int:
    """Write the zipped CSV and the gzipped JSON in one pass over the penalties; return the row count. Rows
    are formatted as text and encoded a thousand at a time (zlib-ng's bytes depend on how its input is cut:
    the same rows make the same pieces)."""
    when = as_of or datetime(2000, 1, 1)
    count = 0
    with zipfile.ZipFile(tmp / FILES[CSV_ZIP], "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf, \
            open(tmp / FILES[JSON_GZ], "wb") as raw_json, gzip_writer(raw_json, JSON_LEVEL) as gz:
        info = zipfile.ZipInfo("fadan-penalties.csv", date_time=(when.year, when.month, when.day, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = ZIP_LEVEL  # type: ignore[attr-defined]  # ZipFile.open(info) reads it
        info.external_attr = 0o644 << 16
        with zf.open(info, "w", force_zip64=True) as member:
            member.write(codecs.BOM_UTF8 + csv_line(NAMES).encode("utf-8"))  # the BOM makes Excel read UTF-8
            lines: list[str] = []
            chunk: list[str] = []
            for values in download_rows(engine, base_url):
                lines.append(csv_line(values))
                chunk.append(json_row(values))
                count += 1
                if len(chunk) >= 1000:
                    member.write("".join(lines).encode("utf-8"))
                    gz.write((("[\n" if count == len(chunk) else ",\n") + ",\n".join(chunk)).encode("utf-8"))
                    lines.clear()
                    chunk.clear()
            member.write("".join(lines).encode("utf-8"))
            if chunk or not count:
                gz.write((("[\n" if count == len(chunk) else ",\n") + ",\n".join(chunk)).encode("utf-8"))
            gz.write(b"\n]\n")
    return count


def _sqlite_gz(engine: Engine, tmp: Path) -> dict[str, int]:
    """The contract tables (no raw JSON, no history) in a fresh SQLite file, gzipped."""
    target = tmp / "fadan.sqlite"
    copy = _copy_sqlite_tables if engine.dialect.name == "sqlite" else _copy_tables
    counts = copy(engine, target)
    with open(target, "rb") as src, open(tmp / FILES[SQLITE_GZ], "wb") as raw, gzip_writer(raw, SQLITE_LEVEL) as gz:
        shutil.copyfileobj(src, gz, 1 << 20)
    target.unlink()
    return counts


def export(db_url: str, base_url: str, tmp: Path) -> dict[str, int]:
    """Write every download into `tmp`; return row counts ({"penalties": n, "notice": n, ...})."""
    engine = db.open_database(db_url)
    try:
        as_of = db.as_datetime(db.latest_seen(engine))
        rows = _csv_and_json(engine, base_url, as_of, tmp)
        return {"penalties": rows, **_sqlite_gz(engine, tmp)}
    finally:
        engine.dispose()


class DownloadJob:
    """The export, started early in its own process (or run in-process at result() when jobs == 1)."""

    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        config.out_dir.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(dir=config.out_dir, prefix=".tmp-data-"))
        self._background: Background | None = None
        if config.jobs > 1:
            self._background = Background("exporting the downloads", export, config.db_url,
                                          config.absolute(""), self.tmp)

    def result(self) -> dict[str, int]:
        if self._background is None:
            return export(self.config.db_url, self.config.absolute(""), self.tmp)
        return self._background.result()

    def cancel(self) -> None:
        if self._background is not None:
            self._background.cancel()

    def cleanup(self) -> None:
        if self._background is not None:
            self._background.close()
            self._background = None
        shutil.rmtree(self.tmp, ignore_errors=True)


def write_downloads(site: Site, job: DownloadJob | None) -> list[DownloadInfo]:
    """Install the exported files when the data changed; describe the downloads (for /data/) either way."""
    if job is None:
        return []
    digest = digest_of(("downloads", site.corpus.digest, site.config.absolute("")))
    previous = site.writer.previous_note(FAMILY)
    try:
        if previous and previous.get("digest") == digest and all(site.writer.unchanged(p, digest) for p in FILES):
            job.cancel()  # nothing changed since the files on disk were made
            for path in FILES:
                site.writer.keep(path, digest, FAMILY)
            counts = previous["counts"]
        else:
            counts = job.result()
            for path, name in FILES.items():
                site.writer.install(path, job.tmp / name, digest, FAMILY)
    finally:
        job.cleanup()
    site.writer.note(FAMILY, {"digest": digest, "counts": counts})
    sizes = {p: (site.config.out_dir / p).stat().st_size for p in FILES}
    return [
        DownloadInfo(CSV_ZIP, "处罚明细 CSV（ZIP 压缩，解压后可用 Excel 直接打开）", counts["penalties"],
                     sizes[CSV_ZIP], "CSV"),
        DownloadInfo(JSON_GZ, "处罚明细 JSON（gzip 压缩；一个数组，每行一条）", counts["penalties"], sizes[JSON_GZ],
                     "JSON"),
        DownloadInfo(SQLITE_GZ, "SQLite 数据库（gzip 压缩；notice、penalty、penalty_category 三张表，不含原始 HTML）",
                     counts.get("notice", 0), sizes[SQLITE_GZ], "SQLite"),
    ]


def _copy_sqlite_tables(engine: Engine, target: Path) -> dict[str, int]:
    """SQLite to SQLite inside the engine (ATTACH + INSERT … SELECT): the same DDL, at C speed."""
    source = engine.url.database
    out = sqlite3.connect(target)
    try:
        out.execute("ATTACH DATABASE ? AS src", (Path(source).resolve().as_uri() + "?mode=ro",))
    except sqlite3.OperationalError:
        out.close()
        return _copy_tables(engine, target)
    names = ", ".join(f"'{t}'" for t in EXPORTED_TABLES)
    ddl = out.execute(
        f"SELECT type, name, sql FROM src.sqlite_master WHERE tbl_name IN ({names}) AND sql IS NOT NULL"
    ).fetchall()
    counts: dict[str, int] = {}
    with out:
        for kind, _name, sql in ddl:
            if kind == "table":
                out.execute(sql)
        for table in EXPORTED_TABLES:
            out.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
            counts[table] = out.execute(f"SELECT COUNT(*) FROM main.{table}").fetchone()[0]
        for kind, _name, sql in ddl:
            if kind == "index":
                out.execute(sql)
        _blank_bookkeeping(out)
        _mask_personal_data(out)
    out.execute("DETACH DATABASE src")
    out.close()
    return counts


def _mask_personal_data(out: sqlite3.Connection) -> None:
    """The download holds what the site shows: ID numbers and home addresses masked (sitegen.core.shown),
    bidi controls removed, in every text column that comes from a notice. Every row is rewritten, changed
    or not: the file's layout (its free pages) depends on it."""
    shown = lru_cache(maxsize=1 << 12)(shown_text)  # many texts repeat (authorities, a joint penalty's facts)
    out.create_function("fadan_shown", 1, shown, deterministic=True)
    for table, columns in SHOWN_TABLE_COLUMNS.items():
        sets = ", ".join(f"{c} = fadan_shown({c})" for c in columns)
        out.execute(f"UPDATE {table} SET {sets}")


def _blank_bookkeeping(out: sqlite3.Connection) -> None:
    """last_listed_at moves whenever the crawl re-reads a list: blank in the download, so a night with
    nothing new leaves the download byte for byte as it was."""
    out.execute("UPDATE notice SET last_listed_at = NULL")


def _copy_tables(engine: Engine, target: Path) -> dict[str, int]:
    """Any backend to SQLite: the schema of models.tables, rows streamed through SQLAlchemy."""
    out = sqlite3.connect(target)
    schema_engine = create_engine("sqlite://", creator=lambda: out)
    tables = [SQLModel.metadata.tables[name] for name in EXPORTED_TABLES]
    SQLModel.metadata.create_all(schema_engine, tables=tables)
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        for table in tables:
            columns = [c.name for c in table.columns]
            insert = f"INSERT INTO {table.name} ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})"
            rows = conn.execution_options(yield_per=db.STREAM_BATCH).execute(
                select(table).order_by(*table.primary_key.columns)
            )
            n = 0
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                # Text as it is: _plain shortens long strings, which is only right for SQLite timestamps.
                batch.append(tuple(v if v is None or isinstance(v, str) else _plain(v) for v in row))
                if len(batch) >= 5000:
                    out.executemany(insert, batch)
                    n += len(batch)
                    batch.clear()
            out.executemany(insert, batch)
            counts[table.name] = n + len(batch)
    _blank_bookkeeping(out)
    _mask_personal_data(out)
    out.commit()
    out.close()
    return counts
