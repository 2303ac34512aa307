"""Recorded schema migrations: an older database upgrades in place without losing a row.

Each migration is frozen DDL (SQLAlchemy Core, compiled for SQLite or PostgreSQL), never the live
models: the live models describe the newest schema, a migration describes one step towards it.
`schema_migration` records which steps a database has had, so `migrate()` is safe to run every time.
A test checks that the migrated schema equals `models.tables`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)


def _v1_core_tables(conn: Connection) -> None:
    """The contract tables (README, "The database"): notice, its raw JSON, penalty, penalty_category."""
    md = MetaData()
    Table(
        "notice", md,
        Column("doc_id", BigInteger, primary_key=True, autoincrement=False),
        Column("item_id", Integer, index=True),
        Column("item_ids", String),
        Column("title", Text, nullable=False),
        Column("published_at", DateTime, index=True),
        Column("issuer", String),
        Column("level", String),
        Column("document_no", String),
        Column("source_url", String, nullable=False),
        Column("pdf_url", String),
        Column("layout", String, nullable=False),
        Column("parse_status", String, nullable=False),
        Column("parse_error", Text),
        Column("parser_version", Integer),
        Column("content_hash", String),
        Column("first_seen_at", DateTime, nullable=False),
        Column("last_seen_at", DateTime, nullable=False),
    )
    Table(
        "notice_raw", md,
        Column("doc_id", BigInteger, primary_key=True, autoincrement=False),
        Column("fetched_at", DateTime, nullable=False),
        Column("body", LargeBinary, nullable=False),
    )
    Table(
        "penalty", md,
        Column("id", Integer, primary_key=True),
        Column("doc_id", BigInteger, ForeignKey("notice.doc_id"), nullable=False),
        Column("seq", Integer, nullable=False),
        Column("decision_no", String),
        Column("party_name", Text),
        Column("party_kind", String),
        Column("party_role", Text),
        Column("institution", Text),
        Column("bank_group", String),
        Column("institution_type", String),
        Column("province", String),
        Column("facts", Text),
        Column("basis", Text),
        Column("decision", Text),
        Column("authority", String),
        Column("decided_on", Date),
        Column("fine_yuan", BigInteger),
        Column("confiscated_yuan", BigInteger),
        Column("warning", Boolean, nullable=False),
        Column("ban_years", Integer),
        Column("ban_lifetime", Boolean, nullable=False),
        Column("measures", Text),
        Column("fine_note", String),
        UniqueConstraint("doc_id", "seq", name="uq_penalty_doc_seq"),
        Index("ix_penalty_bank_group", "bank_group"),
        Index("ix_penalty_province", "province"),
    )
    Table(
        "penalty_category", md,
        Column("penalty_id", Integer, ForeignKey("penalty.id"), primary_key=True, autoincrement=False),
        Column("category", String, primary_key=True),
        Column("phrase", String),
    )
    md.create_all(conn)


def _v2_reliability(conn: Connection) -> None:
    """Upstream edits and removals, failed fetches kept for the next run, resumable walks, the crawl log."""
    for column in ("last_listed_at", "removed_at", "changed_at"):
        conn.execute(text(f"ALTER TABLE notice ADD COLUMN {column} {_timestamp(conn)}"))
    md = MetaData()
    Table(
        "notice_history", md,
        Column("id", Integer, primary_key=True),
        Column("doc_id", BigInteger, nullable=False, index=True),
        Column("content_hash", String),
        Column("title", Text),
        Column("first_seen_at", DateTime),
        Column("replaced_at", DateTime, nullable=False),
        Column("body", LargeBinary, nullable=False),
    )
    Table(
        "fetch_failure", md,
        Column("url", String, primary_key=True),
        Column("doc_id", BigInteger),
        Column("item_id", Integer),
        Column("kind", String, nullable=False),
        Column("reason", Text),
        Column("attempts", Integer, nullable=False),
        Column("first_failed_at", DateTime, nullable=False),
        Column("last_failed_at", DateTime, nullable=False),
        Column("resolved_at", DateTime),
    )
    Table(
        "crawl_run", md,
        Column("id", Integer, primary_key=True),
        Column("started_at", DateTime, nullable=False),
        Column("finished_at", DateTime),
        Column("mode", String, nullable=False),
        Column("items", String),
        Column("exit_code", Integer),
        Column("stats", Text),
        Column("summary", Text),
    )
    Table(
        "crawl_item", md,
        Column("item_id", Integer, primary_key=True, autoincrement=False),
        Column("walk_started_at", DateTime),
        Column("walk_finished_at", DateTime),
        Column("deepest_page", Integer, nullable=False),
        Column("last_total", Integer),
        Column("last_total_at", DateTime),
    )
    md.create_all(conn)


def _timestamp(conn: Connection) -> str:
    return "TIMESTAMP WITHOUT TIME ZONE" if conn.dialect.name == "postgresql" else "DATETIME"


def _v3_forfeiture(conn: Connection) -> None:
    """penalty.forfeiture_yuan: 罚没合计 stated as one sum. Stored notices get it from `python -m
    scrapers.reparse` (parser version 3), which reads their raw JSON again."""
    conn.execute(text("ALTER TABLE penalty ADD COLUMN forfeiture_yuan BIGINT"))


def _v4_regulators(conn: Connection) -> None:
    """A second regulator on the same schema: every notice and penalty belongs to one (`nfra`, `pboc`,
    later `safe`, `csrc`); existing rows are NFRA's and keep their doc_id, columns and URLs.

    Keys. `notice.doc_id` stays the primary key every table joins on and stays NFRA's docId for NFRA
    notices. A notice of another regulator is identified by (`regulator`, `source_key`), its own id as
    text (PBOC's articleId: a 19-digit timestamp such as 2026092418294123383 or a short number such as
    5860077), unique per regulator; its `doc_id` is a surrogate the store allocates below zero (-1, -2,
    …), a range NFRA's docIds (positive) never enter, so no key can collide, and small enough for
    JavaScript's numbers, unlike a 19-digit articleId. Its permanent URL is /notices/{regulator}-{source_key}/.

    `penalty.regulator` repeats its notice's, so penalties are split and filtered without a join;
    `penalty.disclosure_years` is PBOC's 公示期限 (三年 → 3) and `notice.disclosure_until` the day that
    period ends (a notice past it is kept and marked, never deleted). The crawl's bookkeeping
    (fetch_failure, crawl_run, crawl_item) records whose crawl each row belongs to, so one source's
    run never retries, counts or marks removed another's notices.
    """
    for statement in (
        "ALTER TABLE notice ADD COLUMN regulator VARCHAR DEFAULT 'nfra' NOT NULL",
        "ALTER TABLE penalty ADD COLUMN regulator VARCHAR DEFAULT 'nfra' NOT NULL",
        "ALTER TABLE fetch_failure ADD COLUMN regulator VARCHAR DEFAULT 'nfra' NOT NULL",
        "ALTER TABLE crawl_run ADD COLUMN regulator VARCHAR DEFAULT 'nfra' NOT NULL",
        "ALTER TABLE crawl_item ADD COLUMN regulator VARCHAR DEFAULT 'nfra' NOT NULL",
        "ALTER TABLE notice ADD COLUMN source_key VARCHAR",
        "ALTER TABLE notice ADD COLUMN disclosure_until DATE",
        "ALTER TABLE penalty ADD COLUMN disclosure_years INTEGER",
        "CREATE UNIQUE INDEX uq_notice_regulator_source_key ON notice (regulator, source_key)",
        "CREATE INDEX ix_penalty_regulator ON penalty (regulator)",
    ):
        conn.execute(text(statement))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "core tables: notice, notice_raw, penalty, penalty_category", _v1_core_tables),
    (2, "reliability: notice history, removals, fetch failures, crawl runs", _v2_reliability),
    (3, "penalty.forfeiture_yuan: 罚没合计 as one sum", _v3_forfeiture),
    (4, "regulators: notice and penalty regulator, source_key, 公示期限", _v4_regulators),
]
HEAD = MIGRATIONS[-1][0]


def applied_versions(conn: Connection) -> set[int]:
    if not inspect(conn).has_table("schema_migration"):
        return set()
    return {row[0] for row in conn.execute(text("SELECT version FROM schema_migration"))}


def migrate(engine: Engine, target: int = HEAD) -> list[int]:
    """Apply every migration up to `target` that the database has not had; return those applied.

    Each step runs in its own transaction with its record, so an interrupted upgrade resumes cleanly
    (SQLite and PostgreSQL both have transactional DDL). Two processes starting on the same new
    database (two Scrapyd workers) take turns: each step holds a database-wide lock and re-reads the
    applied versions under it, so no step runs twice.
    """
    engine = engine.execution_options(fadan_write_lock=True)
    with engine.begin() as conn:
        _lock(conn)
        if not inspect(conn).has_table("schema_migration"):
            conn.execute(
                text(
                    "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                    f"applied_at {_timestamp(conn)} NOT NULL)"
                )
            )
    applied: list[int] = []
    for version, name, step in MIGRATIONS:
        if version > target:
            break
        with engine.begin() as conn:
            _lock(conn)
            if version in applied_versions(conn):
                continue
            step(conn)
            conn.execute(
                text("INSERT INTO schema_migration (version, name, applied_at) VALUES (:v, :n, :t)"),
                {"v": version, "n": name, "t": datetime.now(UTC).replace(tzinfo=None)},
            )
            applied.append(version)
    return applied


# Any constant: the key of the advisory lock Fadan's migrations take on PostgreSQL.
_PG_LOCK_KEY = 0x46414441  # "FADA"


def _lock(conn: Connection) -> None:
    """Serialise migrating processes until the end of this transaction.

    On SQLite the transaction itself is the lock: `fadan_write_lock` makes models.db begin it with
    BEGIN IMMEDIATE.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
