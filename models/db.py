"""Connecting to the database named by DATABASE_URL (SQLite by default, PostgreSQL supported)."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite:///data/fadan.db"


def setting(name: str, default: str, settings: Mapping[str, Any] | None = None) -> str:
    """A Fadan setting: the Scrapy setting when given (`-s NAME=...`), else the environment, else default."""
    if settings is not None and settings.get(name):
        return str(settings.get(name))
    return os.environ.get(name) or default


def database_url(settings: Mapping[str, Any] | None = None) -> str:
    return setting("DATABASE_URL", DEFAULT_DATABASE_URL, settings)


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`, with SQLite tuned for one writer and many readers.

    SQLite runs in WAL mode (readers never block the crawl), with `synchronous=NORMAL` (a crash or
    `kill -9` cannot corrupt the file or lose a committed notice; only power loss may drop the last
    transactions) and a busy timeout so a concurrent reader or a second process waits instead of failing.
    """
    url = url or database_url()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.drivername in ("postgresql", "postgres"):
        # psycopg 3 is the supported driver; plain postgresql:// would ask SQLAlchemy for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Python's sqlite3 opens transactions only before INSERT/UPDATE/DELETE, so DDL (a migration) would
    # run outside any transaction. Hand transaction control to SQLAlchemy instead (its documented
    # recipe): _sqlite_begin emits BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any, seconds: float = 30.0) -> None:
    """WAL mode is a property of the file: set once, then every connection only reads it.

    Switching to it needs the file to itself, and SQLite answers "database is locked" at once, without
    the busy timeout, when another connection is opening the same new file (two workers starting on an
    empty database): retry for a while.
    """
    deadline = time.monotonic() + seconds
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] in ("wal", "memory"):
                return
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_begin(conn: Any) -> None:
    """BEGIN, or BEGIN IMMEDIATE (take the write lock at once) for `fadan_write_lock` connections."""
    immediate = conn.get_execution_options().get("fadan_write_lock")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

