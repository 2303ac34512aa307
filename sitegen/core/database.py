"""Reading the database for a build: read-only, streamed, in the order the pages need.

The build never writes the database: SQLite is opened with `mode=ro` (a read-only URI), other
backends through models.db.make_engine as usual. Notices and their penalties are streamed in doc_id
order (two cursors merged), so a build at 100,000 notices never holds the corpus' text in memory.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree
from sqlalchemy import Boolean, Date, DateTime, Engine, func, select
from sqlalchemy.engine import make_url

from models.db import make_engine
from models.store import decompress
from models.tables import Notice, NoticeRaw, Penalty, PenaltyCategory

NOTICE = Notice.__table__
PENALTY = Penalty.__table__
CATEGORY = PenaltyCategory.__table__
RAW = NoticeRaw.__table__

STREAM_BATCH = 2000


class DatabaseMissing(FileNotFoundError):
    pass


def database_url_of(db: str) -> str:
    """`--db` accepts a SQLAlchemy URL or a plain SQLite path."""
    return db if "://" in db else f"sqlite:///{db}"


def open_database(url: str) -> Engine:
    """An engine that can only read: SQLite through a `mode=ro` URI, so a build cannot write by mistake."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return make_engine(url)
    if not parsed.database or parsed.database == ":memory:":
        raise DatabaseMissing("an in-memory SQLite database has nothing to build from")
    path = Path(parsed.database).resolve()
    if not path.is_file():
        raise DatabaseMissing(f"no database at {path}: crawl first (scrapy crawl nfra) or pass --db")
    uri = path.as_uri() + "?mode=ro"
    return make_engine(url, creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


class FirstSeen(Mapping[str, datetime]):
    """Each issuer, deciding authority, bank group and province -> when the first notice naming it was
    first seen: the seniority that settles slug collisions (models.vocab.slugs.unique_slugs). Read from
    the database only when a collision asks for it (three GROUP BYs over every penalty; collisions are rare)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._data: dict[str, datetime] | None = None

    def _load(self) -> dict[str, datetime]:
        if self._data is None:
            n, p = NOTICE.c, PENALTY.c
            queries = [
                select(n.issuer, func.min(n.first_seen_at)).group_by(n.issuer),
                *(select(column, func.min(n.first_seen_at)).join(NOTICE, n.doc_id == p.doc_id).group_by(column)
                  for column in (p.authority, p.bank_group, p.province)),
            ]
            data: dict[str, datetime] = {}
            with self._engine.connect() as conn:
                for query in queries:
                    for name, seen in conn.execute(query):
                        when = as_datetime(seen) or datetime.max
                        if name and (name not in data or when < data[name]):
                            data[name] = when
            self._data = data
        return self._data

    def __getitem__(self, name: str) -> datetime:
        return self._load()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._load())

    def __len__(self) -> int:
        return len(self._load())


def distinct_values(engine: Engine, column: Any) -> list[str]:
    with engine.connect() as conn:
        return sorted(v for v in conn.scalars(select(column).distinct()) if v)


def load_categories(engine: Engine) -> dict[int, list[tuple[str, str | None]]]:
    """penalty_id -> [(category code, matched phrase)], in a stable order."""
    result: dict[int, list[tuple[str, str | None]]] = {}
    for penalty_id, code, phrase in _rows(engine, CATEGORY, ("penalty_id", "category", "phrase"),
                                          "penalty_id, category"):
        result.setdefault(penalty_id, []).append((code, phrase))
    return result


NOTICE_COLUMNS: tuple[str, ...] = tuple(c.name for c in NOTICE.columns)
# What no notice page shows: the crawl's bookkeeping (a crawl that only re-reads the lists moves it, and must
# not make the build rewrite anything), the lists that carry the notice and the layout it was read in.
UNSHOWN_NOTICE_COLUMNS = ("last_seen_at", "last_listed_at", "item_id", "item_ids", "layout")
PENALTY_COLUMNS: tuple[str, ...] = tuple(c.name for c in PENALTY.columns)
_N_DOC = NOTICE_COLUMNS.index("doc_id")
_P_DOC = PENALTY_COLUMNS.index("doc_id")


def _rows(engine: Engine, table: Any, columns: tuple[str, ...], order: str) -> Iterator[tuple[Any, ...]]:
    """Rows as plain tuples in `order`. On SQLite the driver's own cursor is used: building SQLAlchemy
    rows for 290,000 penalties would cost more than the whole query."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {order}")
            while batch := cursor.fetchmany(STREAM_BATCH):
                yield from batch
        finally:
            raw.close()
        return
    keys = [table.c[name] for name in order.replace(" ", "").split(",")]
    query = select(*(table.c[name] for name in columns)).order_by(*keys)
    with engine.connect() as conn:
        for row in conn.execution_options(yield_per=STREAM_BATCH).execute(query):
            yield tuple(row)


def stream_notices(engine: Engine) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Every notice row with its penalty rows (seq order), as tuples in NOTICE_COLUMNS / PENALTY_COLUMNS
    order, in doc_id order. Values are as the driver returns them (on SQLite, dates are ISO strings):
    use typed() before showing them."""
    prows = _rows(engine, PENALTY, PENALTY_COLUMNS, "doc_id, seq")
    pending = next(prows, None)
    for notice in _rows(engine, NOTICE, NOTICE_COLUMNS, "doc_id"):
        doc_id = notice[_N_DOC]
        parties = []
        # Penalties of a doc_id without a notice row cannot exist (foreign key); skip them if they do.
        while pending is not None and pending[_P_DOC] < doc_id:
            pending = next(prows, None)
        while pending is not None and pending[_P_DOC] == doc_id:
            parties.append(pending)
            pending = next(prows, None)
        yield notice, parties


def as_datetime(value: datetime | date | str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def as_date(value: date | datetime | str | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _converter(column: Any) -> Any:
    if isinstance(column.type, DateTime):
        return as_datetime
    if isinstance(column.type, Date):
        return as_date
    if isinstance(column.type, Boolean):
        return lambda v: None if v is None else bool(v)
    return None


_NOTICE_TYPES = [(c.name, _converter(c)) for c in NOTICE.columns]
_PENALTY_TYPES = [(c.name, _converter(c)) for c in PENALTY.columns]


def _typed(types: list[tuple[str, Any]], row: tuple[Any, ...]) -> dict[str, Any]:
    return {
        name: (convert(v) if convert and v is not None else v) for (name, convert), v in zip(types, row, strict=True)
    }


def _article_of(page: str) -> str | None:
    try:
        article = lxml.html.fromstring(page).get_element_by_id("easysiteText")
    except (KeyError, ValueError, etree.ParserError):
        return None
    return lxml.html.tostring(article, encoding="unicode")


def typed_notice(row: tuple[Any, ...]) -> dict[str, Any]:
    """A notice row as a dict of Python values (dates as date/datetime, flags as bool)."""
    return _typed(_NOTICE_TYPES, row)


def typed_penalty(row: tuple[Any, ...]) -> dict[str, Any]:
    return _typed(_PENALTY_TYPES, row)


def latest_seen(engine: Engine) -> datetime | None:
    """When the crawl last saw the source: the data's "as of" date (not the build's clock)."""
    with engine.connect() as conn:
        return conn.scalar(select(func.max(NOTICE.c.last_seen_at)))


def source_html(engine: Engine, doc_id: int) -> str | None:
    """The docClob of a notice's stored detail JSON, or the article of a stored PBOC page (its
    #easysiteText block, without the site's navigation); None when it is missing or unreadable."""
    with engine.connect() as conn:
        body = conn.scalar(select(RAW.c.body).where(RAW.c.doc_id == doc_id))
    if body is None:
        return None
    try:
        raw = decompress(body)
        if raw.lstrip().startswith("<"):
            return _article_of(raw)
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError, zlib.error):
        return None
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data = data["data"]
    clob = data.get("docClob") if isinstance(data, dict) else None
    return clob if isinstance(clob, str) and clob.strip() else None
