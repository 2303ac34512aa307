"""The context pass: stream every notice once, render the notice pages that changed, and keep the
small summaries (summaries.Entry, summaries.NoticeSummary) that every other page family is made from."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from functools import partial

from sqlalchemy import Engine

from models.store import item_ids_of
from sitegen.core import database as db
from sitegen.core.money import counted_fines
from sitegen.core.refs import Vocabulary
from sitegen.core.register.load import Register
from sitegen.core.render import Renderer
from sitegen.core.rows import notice_fields, penalty_row
from sitegen.core.shown import shown_text
from sitegen.core.summaries import Corpus, Entry, NoticeSummary, entry_of, sort_key_entry, sort_key_notice
from sitegen.core.writer import SiteWriter, digest_of, pickle_digest
from sitegen.pages.notices import NoticePages, notice_data, regulator_of

log = logging.getLogger(__name__)

NAMES_KEPT = 3
_N = {name: i for i, name in enumerate(db.NOTICE_COLUMNS)}
_ISSUER, _FIRST_SEEN, _REMOVED, _PARSE_STATUS, _PARSE_ERROR, _ITEM_IDS, _ITEM_ID = (_N[name] for name in (
    "issuer", "first_seen_at", "removed_at", "parse_status", "parse_error", "item_ids", "item_id"))
_AUTHORITY = db.PENALTY_COLUMNS.index("authority")


def load_vocabulary(engine: Engine) -> Vocabulary:
    issuers = set(db.distinct_values(engine, db.NOTICE.c.issuer))
    issuers |= set(db.distinct_values(engine, db.PENALTY.c.authority))
    return Vocabulary(
        group_names=db.distinct_values(engine, db.PENALTY.c.bank_group),
        provinces=db.distinct_values(engine, db.PENALTY.c.province),
        issuers=issuers,
        category_codes=db.distinct_values(engine, db.CATEGORY.c.category),
        first_seen=db.FirstSeen(engine),
        regulators=db.distinct_values(engine, db.NOTICE.c.regulator),
    )


def collect(engine: Engine, vocab: Vocabulary, renderer: Renderer, writer: SiteWriter, jobs: int = 1,
            register: Register | None = None) -> Corpus:
    categories = db.load_categories(engine)
    pages = NoticePages(renderer, vocab, writer, jobs)
    try:
        return _collect(engine, vocab, categories, pages, register)
    finally:
        pages.close()


def _collect(
    engine: Engine, vocab: Vocabulary, categories: dict[int, list[tuple[str, str | None]]], pages: NoticePages,
    register: Register | None = None,
) -> Corpus:
    entries: list[Entry] = []
    notices: list[NoticeSummary] = []
    status: Counter[str] = Counter()
    corpus_hash = hashlib.blake2b(digest_size=16)
    source = partial(db.source_html, engine)
    for notice_row, party_rows in db.stream_notices(engine):
        shown = notice_fields(notice_row)
        doc_id = shown.doc_id
        rows = [penalty_row(shown, row, categories, texts=False) for row in party_rows]
        authorities = [row[_AUTHORITY] for row in party_rows]
        regulator = regulator_of(vocab, notice_row[_ISSUER], authorities)
        # Slugs of the names a page links to (labels are part of the build version).
        refs = (
            regulator.slug if regulator else None,
            tuple(g.slug if (g := vocab.group(r.bank_group)) else None for r in rows),
            tuple(g.slug if (g := vocab.region(r.province)) else None for r in rows),
            tuple(a.slug if (a := vocab.regulator(authority)) else None for authority in authorities),
            tuple(tuple(vocab.category(code).slug for code in r.categories) for r in rows),
        )
        data, pickled = notice_data(notice_row, party_rows, categories, refs)
        content = pickle_digest(pickled)
        # The register's links and repeat flags of its parties (person pages, earlier penalties): they
        # change when later notices arrive, so they are digested apart (content is what receipts show).
        marks = register.marks(doc_id) if register is not None else ()
        fingerprint = digest_of((content, marks)) if marks else content
        corpus_hash.update(fingerprint.encode())
        pages.add(fingerprint, shown.key, data, pickled, source, marks)
        day = db.as_date(shown.published_at) or db.as_date(notice_row[_FIRST_SEEN])
        counted_all = counted_fines((r.fine_yuan, r.fine_note) for r in rows)
        fine_total = sum(counted_all)
        entries.extend(entry_of(row, vocab, day=day, regulator=regulator, fine_counted=counted,
                                fingerprint=fingerprint, content=content)
                       for row, counted in zip(rows, counted_all, strict=True))
        parse_status = notice_row[_PARSE_STATUS] or "failed"
        status[parse_status] += 1
        notices.append(
            NoticeSummary(
                doc_id=doc_id,
                day=day,
                title=shown.title or f"公告 {doc_id}",
                issuer=shown.issuer,
                regulator=regulator,
                level=shown.level,
                item_ids=item_ids_of(notice_row[_ITEM_IDS], notice_row[_ITEM_ID]),
                parse_status=parse_status,
                parse_error=shown_text(notice_row[_PARSE_ERROR]),
                removed=db.as_date(notice_row[_REMOVED]),
                party_count=len(party_rows),
                fine_total=fine_total,
                names=tuple(r.party_name or "" for r in rows[:NAMES_KEPT]),
                fingerprint=fingerprint,
                source=shown.regulator,
                key=shown.key,
            )
        )
    entries.sort(key=sort_key_entry)
    for i, entry in enumerate(entries):
        entry.index = i
    notices.sort(key=sort_key_notice)
    return Corpus(entries, notices, db.as_datetime(db.latest_seen(engine)), corpus_hash.hexdigest(), status)

