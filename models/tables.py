"""The database schema: a public contract (README, "The database"; docs/architecture.md, "Contracts").

Journalists query the SQLite file directly, so names here are never renamed without a migration in
`models/migrations.py`. Columns may be added freely (with a migration that adds them). Timestamps are
naive: `published_at` is NFRA's own (Beijing time); the crawl's own timestamps are UTC.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Every notice and penalty belongs to a regulator; rows older than migration 4 are NFRA's.
REGULATOR = {"default": "nfra", "sa_column_kwargs": {"server_default": "nfra"}}


class Notice(SQLModel, table=True):
    """One notice (行政处罚信息公开表 or a related document). An NFRA notice is keyed on NFRA's own docId;
    another regulator's on (regulator, source_key), with a negative surrogate doc_id (migration 4)."""

    __tablename__ = "notice"
    __table_args__ = (Index("uq_notice_regulator_source_key", "regulator", "source_key", unique=True),)

    doc_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    item_id: int | None = Field(default=None, index=True)  # the first penalty item that listed it
    item_ids: str | None = None  # every item that lists it, comma-separated ("4114,4293")
    title: str = Field(sa_type=Text)
    published_at: datetime | None = Field(default=None, index=True, sa_type=DateTime)
    issuer: str | None = None  # e.g. 重庆金融监管局
    level: str | None = None  # headquarters | provincial | sub-provincial
    document_no: str | None = None  # NFRA's documentNo field, when it carries one
    source_url: str
    pdf_url: str | None = None
    layout: str = "unknown"  # vertical | horizontal | text | unknown
    parse_status: str = "failed"  # ok | partial | failed
    parse_error: str | None = Field(default=None, sa_type=Text)
    parser_version: int | None = None
    content_hash: str | None = None
    first_seen_at: datetime = Field(sa_type=DateTime)
    last_seen_at: datetime = Field(sa_type=DateTime)
    last_listed_at: datetime | None = Field(default=None, sa_type=DateTime)  # when a list page last showed it
    # Set when the notice vanished from every list; a notice is never deleted.
    removed_at: datetime | None = Field(default=None, sa_type=DateTime)
    changed_at: datetime | None = Field(default=None, sa_type=DateTime)  # when its content last changed upstream
    regulator: str = Field(**REGULATOR)  # nfra | pboc (later safe, csrc)
    source_key: str | None = None  # the regulator's own id when it is not NFRA (PBOC's articleId)
    # The last day of a PBOC notice's 公示期限; past it the notice is kept and marked, never deleted.
    disclosure_until: date | None = None


class NoticeRaw(SQLModel, table=True):
    """The detail JSON exactly as fetched (zlib-compressed UTF-8), so notices re-parse offline."""

    __tablename__ = "notice_raw"

    doc_id: int = Field(primary_key=True, sa_type=BigInteger, sa_column_kwargs={"autoincrement": False})
    fetched_at: datetime = Field(sa_type=DateTime)
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class NoticeHistory(SQLModel, table=True):
    """A previous version of a notice whose content changed upstream."""

    __tablename__ = "notice_history"

    id: int | None = Field(default=None, primary_key=True)
    doc_id: int = Field(sa_type=BigInteger, index=True)
    content_hash: str | None = None
    title: str | None = Field(default=None, sa_type=Text)
    first_seen_at: datetime | None = Field(default=None, sa_type=DateTime)  # when this version was first seen
    replaced_at: datetime = Field(sa_type=DateTime)  # when the crawl saw the newer version
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Penalty(SQLModel, table=True):
    """One party of one notice, with the sanctions parsed from its decision text."""

    __tablename__ = "penalty"
    __table_args__ = (
        UniqueConstraint("doc_id", "seq", name="uq_penalty_doc_seq"),
        Index("ix_penalty_bank_group", "bank_group"),
        Index("ix_penalty_province", "province"),
        Index("ix_penalty_regulator", "regulator"),
    )

    id: int | None = Field(default=None, primary_key=True)
    doc_id: int = Field(sa_type=BigInteger, foreign_key="notice.doc_id")
    seq: int
    decision_no: str | None = None
    party_name: str | None = Field(default=None, sa_type=Text)
    party_kind: str | None = None  # institution | individual
    party_role: str | None = Field(default=None, sa_type=Text)  # 时任…行长
    institution: str | None = Field(default=None, sa_type=Text)  # for a person: the institution named
    bank_group: str | None = None
    institution_type: str | None = None
    province: str | None = None
    facts: str | None = Field(default=None, sa_type=Text)
    basis: str | None = Field(default=None, sa_type=Text)
    decision: str | None = Field(default=None, sa_type=Text)
    authority: str | None = None
    decided_on: date | None = None
    fine_yuan: int | None = Field(default=None, sa_type=BigInteger)
    confiscated_yuan: int | None = Field(default=None, sa_type=BigInteger)
    warning: bool = False
    ban_years: int | None = None
    ban_lifetime: bool = False
    # Other measures (取消任职资格, 责令停止接受业务, 吊销许可证, 责令改正, ...) as a JSON list of
    # {"kind", "text", "years", "months"} objects, ready for a site to show.
    measures: str | None = Field(default=None, sa_type=Text)
    # How fine_yuan relates to the text when it is not a plain per-party figure: "joint" (one sum for
    # several parties, 共计), "each" (分别, the same figure for each), None otherwise.
    fine_note: str | None = None
    # 罚没合计: a fine and a confiscation stated only as one sum, so neither fine_yuan nor
    # confiscated_yuan holds it (migration 3).
    forfeiture_yuan: int | None = Field(default=None, sa_type=BigInteger)
    regulator: str = Field(**REGULATOR)  # its notice's (migration 4)
    disclosure_years: int | None = None  # PBOC's 公示期限 in years (三年 → 3)


class PenaltyCategory(SQLModel, table=True):
    """A violation category of a penalty, with the phrase of the notice that put it there."""

    __tablename__ = "penalty_category"

    penalty_id: int = Field(primary_key=True, foreign_key="penalty.id", sa_column_kwargs={"autoincrement": False})
    category: str = Field(primary_key=True)
    phrase: str | None = None


class FetchFailure(SQLModel, table=True):
    """A URL that still failed after its retries; the next crawl tries it again."""

    __tablename__ = "fetch_failure"

    url: str = Field(primary_key=True)
    doc_id: int | None = Field(default=None, sa_type=BigInteger)
    item_id: int | None = None
    kind: str  # http-503, timeout, html-200, bad-json, rpt-code, ...
    reason: str | None = Field(default=None, sa_type=Text)
    attempts: int = 0
    first_failed_at: datetime = Field(sa_type=DateTime)
    last_failed_at: datetime = Field(sa_type=DateTime)
    resolved_at: datetime | None = Field(default=None, sa_type=DateTime)
    regulator: str = Field(**REGULATOR)  # whose crawl retries it


class CrawlRun(SQLModel, table=True):
    """One crawl: its arguments, its figures and the operator's summary."""

    __tablename__ = "crawl_run"

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(sa_type=DateTime)
    finished_at: datetime | None = Field(default=None, sa_type=DateTime)
    mode: str = "incremental"  # incremental | full
    items: str | None = None
    exit_code: int | None = None
    stats: str | None = Field(default=None, sa_type=Text)  # JSON: counts, list totals, assertion results
    summary: str | None = Field(default=None, sa_type=Text)
    regulator: str = Field(**REGULATOR)  # the source crawled


class CrawlItem(SQLModel, table=True):
    """Where the walk of one list item got to, so an interrupted crawl resumes instead of stopping early."""

    __tablename__ = "crawl_item"

    item_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    walk_started_at: datetime | None = Field(default=None, sa_type=DateTime)
    # None, or older than walk_started_at: the walk was interrupted.
    walk_finished_at: datetime | None = Field(default=None, sa_type=DateTime)
    deepest_page: int = 0  # the deepest list page the current (or interrupted) walk processed
    last_total: int | None = None  # data.total of the list, for the "total dropped" assertion
    last_total_at: datetime | None = Field(default=None, sa_type=DateTime)
    regulator: str = Field(**REGULATOR)  # whose list this is (PBOC's head office: item 4081705)
