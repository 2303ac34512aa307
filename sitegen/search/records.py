"""The search records: one per penalty row (one per notice without parsed parties), oldest first.

Rows are streamed from the database with SQLAlchemy Core in publication order, oldest first (then
doc_id, then seq descending), so record numbers are the date order (the newest record has the highest
number, and within a notice the parties run seq 1, 2, … when read newest first), a year is a contiguous
range, and the records of notices already indexed keep their numbers when newer notices arrive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from models.tables import Notice, Penalty, PenaltyCategory
from models.vocab.sources import notice_key
from sitegen.core.fragments import sanctions_summary
from sitegen.core.measures import measure_kinds
from sitegen.core.money import ranked_amount
from sitegen.core.render import load_labels
from sitegen.core.shown import shown_text
from sitegen.search.facets import amount_band, facet_terms, facet_value, sanction_kinds
from sitegen.search.text import normalize

NOTICE = Notice.__table__
PENALTY = Penalty.__table__
CATEGORY = PenaltyCategory.__table__

# Long fields are cut in the display chunks (the index has them whole); search.js then cannot verify a
# phrase beyond the cut and keeps the record.
DISPLAY_LIMIT = 1000

# Field order of the display chunks, published in meta.json so search.js reads them by name.
# "key": the notice page's key (NFRA's docId, or pboc-{articleId}: models.vocab.sources.notice_key).
NOTICE_FIELDS = ("doc_id", "date", "issuer", "title", "document_no", "level", "parse_status", "removed", "key")
RECORD_FIELDS = (
    "notice", "seq", "party_name", "party_kind", "party_role", "institution", "decision_no", "facts",
    "decision", "authority", "fine_yuan", "confiscated_yuan", "warning", "ban_years", "ban_lifetime",
    "disqualify", "categories", "bank_group", "province", "decided_on", "fine_note", "truncated",
    "forfeiture_yuan", "sanctions",
)


@dataclass(slots=True)
class SearchRecord:
    doc_id: int
    year: int | None
    notice: tuple[Any, ...]  # NOTICE_FIELDS
    record: list[Any]  # RECORD_FIELDS without "notice" (the chunk writer adds it)
    text: str  # normalised searchable text, fields separated by NUL
    terms: list[str]  # filter terms ("p:浙江", "k:fine", …)
    fine_yuan: int  # the amount sorted by: the fine, else a 罚没合计


_RECORD_ORDER = RECORD_FIELDS[1:]  # "notice" is added by the chunk writer
_RECORD_NAMES = frozenset(_RECORD_ORDER)


def _record(**values: Any) -> list[Any]:
    """A display record in RECORD_FIELDS order, every field given by name."""
    if values.keys() != _RECORD_NAMES:
        raise ValueError(f"a search record takes exactly {sorted(_RECORD_NAMES)}, got {sorted(values)}")
    return [values[name] for name in _RECORD_ORDER]

# The record of a notice without parsed parties: found by its title, no sanction.
_NO_PARTY = tuple(_record(
    seq=0, party_name=None, party_kind=None, party_role=None, institution=None, decision_no=None, facts=None,
    decision=None, authority=None, fine_yuan=None, confiscated_yuan=None, warning=0, ban_years=None,
    ban_lifetime=0, disqualify=0, categories=[], bank_group=None, province=None, decided_on="", fine_note=None,
    truncated=0, forfeiture_yuan=None, sanctions="",
))


def _cut(text: str | None) -> tuple[str | None, bool]:
    if text is not None and len(text) > DISPLAY_LIMIT:
        return text[:DISPLAY_LIMIT], True
    return text, False


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def load_categories(conn: Connection) -> dict[int, tuple[str, ...]]:
    result: dict[int, list[str]] = {}
    rows = conn.execute(
        select(CATEGORY.c.penalty_id, CATEGORY.c.category).order_by(CATEGORY.c.penalty_id, CATEGORY.c.category)
    )
    for penalty_id, code in rows:
        result.setdefault(penalty_id, []).append(code)
    return {k: tuple(c for c in map(facet_value, v) if c) for k, v in result.items()}


def iter_records(engine: Engine, batch: int = 5000) -> Iterator[SearchRecord]:
    """The records in index order (record number = position in this stream)."""
    with engine.connect() as conn:
        yield from _records(conn, batch)


def _records(conn: Connection, batch: int) -> Iterator[SearchRecord]:
    categories = load_categories(conn)
    measure_labels = load_labels()["measure"]
    n, p = NOTICE.c, PENALTY.c
    query = (
        select(
            n.doc_id, n.title, n.published_at, n.issuer, n.level, n.document_no, n.parse_status, n.removed_at,
            n.regulator, n.source_key,
            p.id, p.seq, p.decision_no, p.party_name, p.party_kind, p.party_role, p.institution, p.bank_group,
            p.institution_type, p.province, p.facts, p.decision, p.authority, p.decided_on, p.fine_yuan,
            p.confiscated_yuan, p.warning, p.ban_years, p.ban_lifetime, p.measures, p.fine_note, p.forfeiture_yuan,
        )
        .select_from(NOTICE.outerjoin(PENALTY, p.doc_id == n.doc_id))
        .order_by(n.published_at.asc().nulls_first(), n.doc_id.asc(), p.seq.desc())
    )
    result = conn.execution_options(yield_per=batch).execute(query)
    current: tuple[Any, ...] | None = None
    notice_text = ""
    for row in result:
        (doc_id, title, published_at, issuer, level, document_no, parse_status, removed_at, regulator, source_key,
         penalty_id, seq,
         decision_no, party_name, party_kind, party_role, institution, bank_group, institution_type,
         province, facts, decision, authority, decided_on, fine_yuan, confiscated_yuan, warning,
         ban_years, ban_lifetime, measures, fine_note, forfeiture_yuan) = row
        # What the site may show (sitegen.core.shown): no ID number or home address is indexed or displayed.
        party_name, party_role, institution, decision_no, facts, decision, authority, bank_group = map(
            shown_text, (party_name, party_role, institution, decision_no, facts, decision, authority, bank_group))
        if current is None or current[0] != doc_id:
            title, issuer, document_no = map(shown_text, (title, issuer, document_no))
            current = (
                doc_id, _day(published_at), issuer, title, document_no, level, parse_status,
                1 if removed_at is not None else 0, notice_key(doc_id, regulator, source_key),
            )
            notice_text = normalize("\x00".join(t for t in (title, issuer, document_no) if t))
        year = published_at.year if published_at is not None else None
        if penalty_id is None:  # a notice without parsed parties is still found by its title
            yield SearchRecord(doc_id, year, current, list(_NO_PARTY), notice_text,
                               facet_terms(level=facet_value(level), regulator=regulator), 0)
            continue
        if authority == issuer:
            authority = None
        searchable = (party_name, party_role, institution, decision_no, facts, decision, authority)
        text = normalize("\x00".join([t for t in searchable if t])) + "\x00" + notice_text
        shown_facts, cut_facts = _cut(facts)
        shown_decision, cut_decision = _cut(decision)
        cats = categories.get(penalty_id, ())
        group, province = facet_value(bank_group), facet_value(province)
        amount = ranked_amount(fine_yuan, forfeiture_yuan)
        kinds = sanction_kinds(amount, confiscated_yuan, warning, ban_years, ban_lifetime, measures)
        record = _record(
            seq=seq, party_name=party_name, party_kind=party_kind, party_role=party_role, institution=institution,
            decision_no=decision_no, facts=shown_facts, decision=shown_decision, authority=authority,
            fine_yuan=fine_yuan, confiscated_yuan=confiscated_yuan, warning=1 if warning else 0,
            ban_years=ban_years, ban_lifetime=1 if ban_lifetime else 0,
            disqualify=1 if "disqualify" in kinds else 0, categories=list(cats), bank_group=group,
            province=province, decided_on=_day(decided_on), fine_note=fine_note,
            truncated=1 if cut_facts or cut_decision else 0, forfeiture_yuan=forfeiture_yuan,
            sanctions=sanctions_summary(
                fine=fine_yuan, confiscated=confiscated_yuan, forfeiture=forfeiture_yuan, warning=bool(warning),
                ban_years=ban_years, ban_lifetime=bool(ban_lifetime), measures=measure_kinds(measures),
                measure_label=lambda kind: measure_labels.get(kind, kind), fine_note=fine_note,
            ),
        )
        terms = facet_terms(
            group=group, categories=cats, province=province, level=facet_value(level), kinds=kinds,
            band=amount_band(amount), who=facet_value(party_kind), itype=facet_value(institution_type),
            regulator=regulator,
        )
        yield SearchRecord(doc_id, year, current, record, text, terms, max(0, amount or 0))
