"""The search records: one per penalty row (one per notice without parsed parties), oldest first.

Each record is a projection of a penalty row (sitegen.core.rows.PenaltyRow), streamed by
sitegen.core.rows.stream_rows in publication order, oldest first (then
doc_id, then seq descending), so record numbers are the date order (the newest record has the highest
number, and within a notice the parties run seq 1, 2, … when read newest first), a year is a contiguous
range, and the records of notices already indexed keep their numbers when newer notices arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine

from sitegen.core.render import load_labels
from sitegen.core.rows import NoticeFields, PenaltyRow, stream_rows
from sitegen.search.facets import amount_band, facet_terms, facet_value, sanction_kinds
from sitegen.search.text import normalize

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
_IN_ORDER = itemgetter(*_RECORD_ORDER)  # one C call per record (this runs for every penalty)


def _record(**values: Any) -> list[Any]:
    """A display record in RECORD_FIELDS order, every field given by name."""
    if len(values) != len(_RECORD_ORDER):  # a missing name is a KeyError below, so this catches an extra one
        raise ValueError(f"a search record takes exactly {sorted(_RECORD_ORDER)}, got {sorted(values)}")
    return list(_IN_ORDER(values))

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


def iter_records(engine: Engine) -> Iterator[SearchRecord]:
    """The records in index order (record number = position in this stream)."""
    measure_labels = load_labels()["measure"]
    label = lambda kind: measure_labels.get(kind, kind)  # noqa: E731
    current: NoticeFields | None = None
    notice: tuple[Any, ...] = ()
    notice_text = ""
    for shown, row in stream_rows(engine, "published"):
        if shown is not current:
            current = shown
            notice = (
                shown.doc_id, _day(shown.published_at), shown.issuer, shown.title, shown.document_no, shown.level,
                shown.parse_status, 1 if shown.removed_at is not None else 0, shown.key,
            )
            notice_text = normalize("\x00".join(t for t in (shown.title, shown.issuer, shown.document_no) if t))
        year = shown.published_at.year if shown.published_at is not None else None
        if row is None:  # a notice without parsed parties is still found by its title
            yield SearchRecord(shown.doc_id, year, notice, list(_NO_PARTY), notice_text,
                               facet_terms(level=facet_value(shown.level), regulator=shown.regulator), 0)
        else:
            yield _record_of(row, year, notice, notice_text, label)


def _record_of(row: PenaltyRow, year: int | None, notice: tuple[Any, ...], notice_text: str,
               measure_label: Callable[[str], str]) -> SearchRecord:
    """The search record of a penalty row: its display record, searchable text and filter terms."""
    authority = None if row.authority == row.notice.issuer else row.authority
    searchable = (row.party_name, row.party_role, row.institution, row.decision_no, row.facts, row.decision, authority)
    text = normalize("\x00".join([t for t in searchable if t])) + "\x00" + notice_text
    shown_facts, cut_facts = _cut(row.facts)
    shown_decision, cut_decision = _cut(row.decision)
    cats = tuple(c for c in map(facet_value, row.categories) if c)
    group, province = facet_value(row.bank_group), facet_value(row.province)
    amount = row.amount
    kinds = sanction_kinds(row)
    record = _record(
        seq=row.seq, party_name=row.party_name, party_kind=row.party_kind, party_role=row.party_role,
        institution=row.institution, decision_no=row.decision_no, facts=shown_facts, decision=shown_decision,
        authority=authority, fine_yuan=row.fine_yuan, confiscated_yuan=row.confiscated_yuan,
        warning=1 if row.warning else 0, ban_years=row.ban_years, ban_lifetime=1 if row.ban_lifetime else 0,
        disqualify=1 if row.disqualifies else 0, categories=list(cats), bank_group=group, province=province,
        decided_on=_day(row.decided_on), fine_note=row.fine_note, truncated=1 if cut_facts or cut_decision else 0,
        forfeiture_yuan=row.forfeiture_yuan, sanctions=row.sanctions(measure_label, fine_note=True),
    )
    terms = facet_terms(
        group=group, categories=cats, province=province, level=facet_value(row.notice.level), kinds=kinds,
        band=amount_band(amount), who=facet_value(row.party_kind), itype=facet_value(row.institution_type),
        regulator=row.notice.regulator,
    )
    return SearchRecord(row.notice.doc_id, year, notice, record, text, terms, max(0, amount or 0))
