"""Writing notices: one transaction per notice, upserts on NFRA's own ids, history on upstream edits.

Used by the crawl pipeline and the re-parse command. Works on SQLite and PostgreSQL (SQLAlchemy Core
with the dialect's own INSERT … ON CONFLICT), with every value passed as a bound parameter.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from models.migrations import migrate
from models.record import NoticeMeta, ParsedNotice, Party
from models.tables import (
    CrawlItem,
    CrawlRun,
    FetchFailure,
    Notice,
    NoticeHistory,
    NoticeRaw,
    Penalty,
    PenaltyCategory,
)

NOTICE = Notice.__table__
RAW = NoticeRaw.__table__
HISTORY = NoticeHistory.__table__
PENALTY = Penalty.__table__
CATEGORY = PenaltyCategory.__table__
FAILURE = FetchFailure.__table__
WALK = CrawlItem.__table__
RUN = CrawlRun.__table__

# Outcomes of save_notice().
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


def utcnow() -> datetime:
    """Naive UTC: every crawl timestamp in the database is UTC (publication times are NFRA's, Beijing)."""
    return datetime.now(UTC).replace(tzinfo=None)


def compress(raw: str) -> bytes:
    return zlib.compress(raw.encode("utf-8"), 6)


def decompress(body: bytes) -> str:
    return zlib.decompress(body).decode("utf-8")


def penalty_values(doc_id: int, party: Party) -> dict[str, Any]:
    """The `penalty` columns of a parsed party."""
    values = asdict(party)
    values.pop("categories")
    values["measures"] = (
        json.dumps(values["measures"], ensure_ascii=False, separators=(",", ":")) if party.measures else None
    )
    values["doc_id"] = doc_id
    values["warning"] = bool(values["warning"])
    values["ban_lifetime"] = bool(values["ban_lifetime"])
    return values


class Store:
    """The crawl's view of the database."""

    def __init__(self, engine: Engine, *, create: bool = True) -> None:
        self.engine = engine
        # Writes take SQLite's write lock when they begin (BEGIN IMMEDIATE), so two writing processes
        # queue on the busy timeout instead of failing when one read before the other committed.
        self._writer = engine.execution_options(fadan_write_lock=True)
        if create:
            migrate(engine)
        dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
        self._insert = dialect.insert

    # --- reading -------------------------------------------------------------------------------

    def stored_notices(self, doc_ids: Iterable[int]) -> dict[int, tuple[str, datetime | None]]:
        """The stored ones among these docIds, each with its (title, published_at) as last fetched."""
        ids = list(doc_ids)
        if not ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(NOTICE.c.doc_id, NOTICE.c.title, NOTICE.c.published_at).where(NOTICE.c.doc_id.in_(ids))
            )
            return {doc_id: (title, published) for doc_id, title, published in rows}

    def notice_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.count()).select_from(NOTICE)) or 0

    def latest_first_seen(self) -> datetime | None:
        with self.engine.connect() as conn:
            return conn.scalar(select(func.max(NOTICE.c.first_seen_at)))

    def parse_status_counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(NOTICE.c.parse_status, func.count()).group_by(NOTICE.c.parse_status))
            return {status: count for status, count in rows}

    # --- list pages ----------------------------------------------------------------------------

    def mark_listed(self, doc_ids: Sequence[int], item_id: int, when: datetime) -> None:
        """Note that an item's list showed these notices (removal detection; item membership)."""
        if not doc_ids:
            return
        with self._writer.begin() as conn:
            rows = conn.execute(
                select(NOTICE.c.doc_id, NOTICE.c.item_ids, NOTICE.c.removed_at).where(NOTICE.c.doc_id.in_(doc_ids))
            ).all()
            for doc_id, item_ids, removed_at in rows:
                items = _add_item(item_ids, item_id)
                values: dict[str, Any] = {"last_listed_at": when}
                if items != item_ids:
                    values["item_ids"] = items
                if removed_at is not None:
                    values["removed_at"] = None  # it came back
                conn.execute(update(NOTICE).where(NOTICE.c.doc_id == doc_id).values(**values))

    def mark_removed(self, listed_before: datetime, when: datetime) -> list[int]:
        """After a full walk: notices no list showed since `listed_before` are marked removed."""
        with self._writer.begin() as conn:
            gone = list(
                conn.scalars(
                    select(NOTICE.c.doc_id).where(
                        and_(
                            NOTICE.c.removed_at.is_(None),
                            (NOTICE.c.last_listed_at < listed_before) | NOTICE.c.last_listed_at.is_(None),
                        )
                    )
                )
            )
            if gone:
                conn.execute(update(NOTICE).where(NOTICE.c.doc_id.in_(gone)).values(removed_at=when))
            return gone

    # --- notices -------------------------------------------------------------------------------

    def save_notice(
        self,
        meta: NoticeMeta,
        raw_json: str,
        content_hash: str,
        parsed: ParsedNotice,
        *,
        source_url: str,
        parser_version: int,
        seen_at: datetime | None = None,
    ) -> str:
        """Store one fetched notice and its penalties in a single transaction; return NEW/CHANGED/UNCHANGED.

        An unchanged notice only has `last_seen_at` moved. A changed one keeps its previous raw JSON in
        `notice_history`, then is replaced; its penalties are upserted on (doc_id, seq) so ids stay stable.
        """
        now = seen_at or utcnow()
        with self._writer.begin() as conn:
            current = conn.execute(
                select(NOTICE.c.content_hash, NOTICE.c.first_seen_at, NOTICE.c.title, NOTICE.c.changed_at)
                .where(NOTICE.c.doc_id == meta.doc_id)
            ).first()
            if current is not None and current.content_hash == content_hash:
                conn.execute(
                    update(NOTICE)
                    .where(NOTICE.c.doc_id == meta.doc_id)
                    .values(last_seen_at=now, removed_at=None)
                )
                return UNCHANGED
            if current is not None:
                old = conn.execute(select(RAW.c.body).where(RAW.c.doc_id == meta.doc_id)).scalar()
                if old is not None:
                    conn.execute(
                        HISTORY.insert().values(
                            doc_id=meta.doc_id,
                            content_hash=current.content_hash,
                            title=current.title,
                            first_seen_at=current.changed_at or current.first_seen_at,
                            replaced_at=now,
                            body=old,
                        )
                    )
            notice = {
                "doc_id": meta.doc_id,
                "item_id": meta.item_id,
                "item_ids": str(meta.item_id) if meta.item_id else None,
                "title": meta.title,
                "published_at": meta.published_at,
                "issuer": meta.issuer,
                "level": meta.level,
                "document_no": meta.document_no,
                "source_url": source_url,
                "pdf_url": meta.pdf_url,
                "content_hash": content_hash,
                "first_seen_at": now,
                "last_seen_at": now,
                "last_listed_at": now,
                "removed_at": None,
                "changed_at": now if current is not None else None,
            }
            stmt = self._insert(NOTICE).values(**notice, **_parse_columns(parsed, parser_version))
            keep = {"doc_id", "first_seen_at", "item_id", "item_ids"}  # an update keeps where it came from
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[NOTICE.c.doc_id],
                    set_={k: stmt.excluded[k] for k in notice if k not in keep} | _excluded_parse(stmt),
                )
            )
            raw = self._insert(RAW).values(doc_id=meta.doc_id, fetched_at=now, body=compress(raw_json))
            conn.execute(
                raw.on_conflict_do_update(
                    index_elements=[RAW.c.doc_id],
                    set_={"fetched_at": raw.excluded.fetched_at, "body": raw.excluded.body},
                )
            )
            self._write_penalties(conn, meta.doc_id, parsed.parties)
            return CHANGED if current is not None else NEW

    def save_parse(
        self, doc_id: int, parsed: ParsedNotice, parser_version: int, *, issuer: str | None, level: str | None
    ) -> None:
        """Replace a stored notice's parse (re-parse from raw JSON; no network, no history row)."""
        with self._writer.begin() as conn:
            conn.execute(
                update(NOTICE)
                .where(NOTICE.c.doc_id == doc_id)
                .values(issuer=issuer, level=level, **_parse_columns(parsed, parser_version))
            )
            self._write_penalties(conn, doc_id, parsed.parties)

    def _write_penalties(self, conn: Connection, doc_id: int, parties: Sequence[Party]) -> None:
        ids: list[int] = []
        for party in parties:
            values = penalty_values(doc_id, party)
            stmt = self._insert(PENALTY).values(**values)
            stmt = stmt.on_conflict_do_update(
                index_elements=[PENALTY.c.doc_id, PENALTY.c.seq],
                set_={k: stmt.excluded[k] for k in values if k not in ("doc_id", "seq")},
            ).returning(PENALTY.c.id)
            ids.append(conn.execute(stmt).scalar_one())
        stale = select(PENALTY.c.id).where(PENALTY.c.doc_id == doc_id, PENALTY.c.seq > len(parties))
        conn.execute(delete(CATEGORY).where(CATEGORY.c.penalty_id.in_(stale)))
        conn.execute(delete(PENALTY).where(PENALTY.c.doc_id == doc_id, PENALTY.c.seq > len(parties)))
        if ids:
            conn.execute(delete(CATEGORY).where(CATEGORY.c.penalty_id.in_(ids)))
        rows = [
            {"penalty_id": pid, "category": c.code, "phrase": c.phrase}
            for pid, party in zip(ids, parties, strict=True)
            for c in _unique_categories(party)
        ]
        if rows:
            conn.execute(CATEGORY.insert(), rows)

    # --- walks of list items ----------------------------------------------------------------

    def begin_walk(self, item_id: int, when: datetime) -> int:
        """Start walking an item's list; return the page an interrupted earlier walk had reached.

        A crawl killed mid-walk leaves `walk_finished_at` behind `walk_started_at`; the next walk
        then revisits every page down to `deepest_page` before the incremental stop rule applies.
        """
        with self._writer.begin() as conn:
            row = conn.execute(select(WALK).where(WALK.c.item_id == item_id)).first()
            if row is None:
                conn.execute(WALK.insert().values(item_id=item_id, walk_started_at=when, deepest_page=0))
                return 0
            interrupted = row.walk_started_at is not None and (
                row.walk_finished_at is None or row.walk_finished_at < row.walk_started_at
            )
            resume = row.deepest_page if interrupted else 0
            conn.execute(
                update(WALK).where(WALK.c.item_id == item_id).values(walk_started_at=when, deepest_page=resume)
            )
            return resume

    def walk_progress(self, item_id: int, page: int, total: int, when: datetime) -> None:
        """Record a processed list page and the list's current total."""
        with self._writer.begin() as conn:
            conn.execute(
                update(WALK)
                .where(WALK.c.item_id == item_id)
                .values(
                    # max(deepest_page, page), portable: PostgreSQL has no two-argument max()
                    deepest_page=case((WALK.c.deepest_page > page, WALK.c.deepest_page), else_=page),
                    last_total=total,
                    last_total_at=when,
                )
            )

    def finish_walk(self, item_id: int, when: datetime) -> None:
        with self._writer.begin() as conn:
            conn.execute(update(WALK).where(WALK.c.item_id == item_id).values(walk_finished_at=when, deepest_page=0))

    def last_totals(self) -> dict[int, int | None]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(WALK.c.item_id, WALK.c.last_total)).all())

    # --- the crawl log ---------------------------------------------------------------------------

    def record_run(self, **values: Any) -> None:
        with self._writer.begin() as conn:
            conn.execute(RUN.insert().values(**values))

    # --- failures ------------------------------------------------------------------------------

    def record_failure(
        self, url: str, kind: str, reason: str, *, doc_id: int | None = None, item_id: int | None = None
    ) -> None:
        now = utcnow()
        stmt = self._insert(FAILURE).values(
            url=url, doc_id=doc_id, item_id=item_id, kind=kind, reason=reason[:2000], attempts=1,
            first_failed_at=now, last_failed_at=now, resolved_at=None,
        )
        with self._writer.begin() as conn:
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[FAILURE.c.url],
                    set_={
                        "kind": stmt.excluded.kind,
                        "reason": stmt.excluded.reason,
                        "attempts": FAILURE.c.attempts + 1,
                        "last_failed_at": stmt.excluded.last_failed_at,
                        "resolved_at": None,
                    },
                )
            )

    def resolve_failure(self, url: str) -> None:
        with self._writer.begin() as conn:
            conn.execute(
                update(FAILURE)
                .where(FAILURE.c.url == url, FAILURE.c.resolved_at.is_(None))
                .values(resolved_at=utcnow())
            )

    def open_failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(FAILURE).where(FAILURE.c.resolved_at.is_(None)).order_by(FAILURE.c.url))
            return [dict(r._mapping) for r in rows]


def _parse_columns(parsed: ParsedNotice, parser_version: int) -> dict[str, Any]:
    return {
        "layout": parsed.layout,
        "parse_status": parsed.parse_status,
        "parse_error": parsed.parse_error,
        "parser_version": parser_version,
    }


def _excluded_parse(stmt: Any) -> dict[str, Any]:
    return {k: stmt.excluded[k] for k in ("layout", "parse_status", "parse_error", "parser_version")}


def _unique_categories(party: Party) -> list[Any]:
    seen: dict[str, Any] = {}
    for category in party.categories:
        seen.setdefault(category.code, category)
    return list(seen.values())


def _add_item(item_ids: str | None, item_id: int) -> str:
    items = [int(i) for i in item_ids.split(",") if i] if item_ids else []
    if item_id not in items:
        items.append(item_id)
    return ",".join(str(i) for i in sorted(items))
