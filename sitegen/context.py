"""The context pass: stream every notice once, render the notice pages that changed, and keep the
small summaries (summaries.Entry, summaries.NoticeSummary) that every other page family is made from."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from functools import partial

from sqlalchemy import Engine

from models.store import item_ids_of
from models.vocab.sources import notice_key
from sitegen.core import database as db
from sitegen.core.measures import measure_kinds
from sitegen.core.money import counted_fines
from sitegen.core.refs import Vocabulary
from sitegen.core.register.load import Register
from sitegen.core.render import Renderer
from sitegen.core.shown import shown_text
from sitegen.core.summaries import Corpus, Entry, NoticeSummary, sort_key_entry, sort_key_notice
from sitegen.core.writer import SiteWriter
from sitegen.pages.notices import NoticePages, notice_digest, regulator_of

log = logging.getLogger(__name__)

NAMES_KEPT = 3


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
    ncols, pcols = db.NOTICE_COLUMNS, db.PENALTY_COLUMNS
    for notice_row, party_rows in db.stream_notices(engine):
        notice = dict(zip(ncols, notice_row, strict=True))
        parties = [dict(zip(pcols, row, strict=True)) for row in party_rows]
        regulator = regulator_of(vocab, notice, parties)
        groups = [vocab.group(p["bank_group"]) for p in parties]
        regions = [vocab.region(p["province"]) for p in parties]
        cats = [tuple(vocab.category(code) for code, _ in categories.get(p["id"], ())) for p in parties]
        # Slugs of the names a page links to (labels are part of the build version).
        refs = (
            regulator.slug if regulator else None,
            tuple(g.slug if g else None for g in groups),
            tuple(r.slug if r else None for r in regions),
            tuple(a.slug if (a := vocab.regulator(p["authority"])) else None for p in parties),
            tuple(tuple(c.slug for c in cs) for cs in cats),
        )
        # The register's links and repeat flags of its parties (person pages, earlier penalties).
        marks = register.marks(notice["doc_id"]) if register is not None else ()
        if marks:
            refs = (*refs, marks)
        fingerprint = notice_digest(notice_row, party_rows, categories, refs)
        corpus_hash.update(fingerprint.encode())
        doc_id = notice["doc_id"]
        publisher, key = notice["regulator"], notice_key(doc_id, notice["regulator"], notice["source_key"])
        pages.add(fingerprint, notice_row, party_rows, parties, categories, regulator, source, marks)
        day = db.as_date(notice["published_at"]) or db.as_date(notice["first_seen_at"])
        counted_all = counted_fines((p["fine_yuan"], p["fine_note"]) for p in parties)
        fine_total = sum(counted_all)
        for party, group, region, party_cats, counted in zip(parties, groups, regions, cats, counted_all,
                                                              strict=True):
            fine = party["fine_yuan"]
            measures = measure_kinds(party["measures"])
            entries.append(Entry(
                index=0, doc_id=doc_id, seq=party["seq"], day=day,
                name=shown_text(party["party_name"]) or "（未列明当事人）",
                individual=party["party_kind"] == "individual", role=shown_text(party["party_role"]),
                institution=shown_text(party["institution"]), group=group,
                institution_type=party["institution_type"], region=region, regulator=regulator,
                fine=fine, fine_counted=counted, confiscated=party["confiscated_yuan"],
                forfeiture=party["forfeiture_yuan"], warning=bool(party["warning"]), ban_years=party["ban_years"],
                ban_lifetime=bool(party["ban_lifetime"]), measures=measures, categories=party_cats,
                fingerprint=fingerprint, source=publisher, key=key,
            ))
        status[notice["parse_status"] or "failed"] += 1
        notices.append(
            NoticeSummary(
                doc_id=doc_id,
                day=day,
                title=shown_text(notice["title"]) or f"公告 {doc_id}",
                issuer=shown_text(notice["issuer"]),
                regulator=regulator,
                level=notice["level"],
                item_ids=item_ids_of(notice["item_ids"], notice["item_id"]),
                parse_status=notice["parse_status"] or "failed",
                parse_error=shown_text(notice["parse_error"]),
                removed=db.as_date(notice["removed_at"]),
                party_count=len(parties),
                fine_total=fine_total,
                names=tuple(shown_text(p["party_name"]) or "" for p in parties[:NAMES_KEPT]),
                fingerprint=fingerprint,
                source=publisher,
                key=key,
            )
        )
    entries.sort(key=sort_key_entry)
    for i, entry in enumerate(entries):
        entry.index = i
    notices.sort(key=sort_key_notice)
    return Corpus(entries, notices, db.as_datetime(db.latest_seen(engine)), corpus_hash.hexdigest(), status)

