"""The search records: one per penalty row (one per notice without parsed parties), oldest first.

Each record is a projection of a penalty row as the site shows it (the values of
sitegen.core.rows.penalty_row: texts through shown_text, tests/test_rows.py compares them), read here with
a lean query of exactly the columns it needs, in publication order, oldest first (then
doc_id, then seq descending), so record numbers are the date order (the newest record has the highest
number, and within a notice the parties run seq 1, 2, … when read newest first), a year is a contiguous
range, and the records of notices already indexed keep their numbers when newer notices arrive.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, Select, select

from models.vocab.sources import notice_key
from sitegen.core import database as db
from sitegen.core.fragments import sanctions_summary
from sitegen.core.measures import measure_kinds, parse_measures
from sitegen.core.money import ranked_amount
from sitegen.core.render import load_labels
from sitegen.core.shown import shown_text
from sitegen.core.tuples import stream_tuples
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


# The columns a record reads (a lean read: the generic row stream builds a full view object per
# penalty, which cost as much as the index itself). Order: the index order of sitegen.core.rows.stream_rows
# "published" (oldest notice first, undated first, then doc_id, its parties seq descending).
_NOTICE_COLUMNS = ("doc_id", "regulator", "source_key", "published_at", "title", "issuer", "document_no", "level",
                   "parse_status", "removed_at")
_PENALTY_COLUMNS = ("id", "seq", "decision_no", "party_name", "party_kind", "party_role", "institution",
                    "bank_group", "institution_type", "province", "facts", "decision", "authority", "decided_on",
                    "fine_yuan", "fine_note", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years",
                    "ban_lifetime", "measures")
_WIDTH = len(_NOTICE_COLUMNS)


def _query() -> Select[Any]:
    n, p = db.NOTICE.c, db.PENALTY.c
    return (
        select(*(n[c] for c in _NOTICE_COLUMNS), *(p[c] for c in _PENALTY_COLUMNS))
        .select_from(db.NOTICE.outerjoin(db.PENALTY, p.doc_id == n.doc_id))
        .order_by(n.published_at.asc().nulls_first(), n.doc_id.asc(), p.seq.desc())
    )


def iter_records(engine: Engine) -> Iterator[SearchRecord]:
    """The records in index order (record number = position in this stream)."""
    measure_labels = load_labels()["measure"]
    # Few distinct sanction sets (round amounts, the same measures): each summary is worded once.
    summary = lru_cache(maxsize=1 << 14)(partial(
        _summary, lambda kind: measure_labels.get(kind, kind)))
    # Parties of one notice share most of their texts (one set of facts for a joint penalty, one deciding
    # authority for hundreds of notices): each distinct text is masked and normalised once (both cost in
    # proportion to its length). NFKC and lower() act on each field alone, since the NUL between fields
    # neither composes nor cases (tests/test_search_index.py).
    shown = lru_cache(maxsize=1 << 12)(shown_text)
    normalized = lru_cache(maxsize=1 << 12)(normalize)
    categories = db.load_categories(engine)
    doc_id: int | None = None
    notice: tuple[Any, ...] = ()
    notice_text = issuer = level = regulator = ""
    year: int | None = None
    for row in stream_tuples(engine, _query()):
        if row[0] != doc_id:
            (doc_id, regulator, source_key, published_at, title, issuer, document_no, level, parse_status,
             removed_at) = row[:_WIDTH]
            title, issuer, document_no = shown_text(title), shown_text(issuer), shown_text(document_no)
            published = db.as_datetime(published_at)
            year = published.year if published is not None else None
            notice = (
                doc_id, _day(published), issuer, title, document_no, level, parse_status,
                1 if db.as_datetime(removed_at) is not None else 0, notice_key(doc_id, regulator, source_key),
            )
            notice_text = normalize("\x00".join(t for t in (title, issuer, document_no) if t))
            level = facet_value(level)
        if row[_WIDTH] is None:  # a notice without parsed parties is still found by its title
            yield SearchRecord(doc_id, year, notice, list(_NO_PARTY), notice_text,
                               facet_terms(level=level, regulator=regulator), 0)
            continue
        (penalty_id, seq, decision_no, party_name, party_kind, party_role, institution, bank_group,
         institution_type, province, facts, decision, authority, decided_on, fine, fine_note, confiscated,
         forfeiture, warning, ban_years, ban_lifetime, measures) = row[_WIDTH:]
        party_name, party_role, institution = shown(party_name), shown(party_role), shown(institution)
        decision_no, facts, decision, authority = shown(decision_no), shown(facts), shown(decision), shown(authority)
        if authority == issuer:
            authority = None
        searchable = (party_name, party_role, institution, decision_no, facts, decision, authority)
        text = "\x00".join([normalized(t) for t in searchable if t]) + "\x00" + notice_text
        shown_facts, cut_facts = _cut(facts)
        shown_decision, cut_decision = _cut(decision)
        codes = categories.get(penalty_id)
        cats = tuple(c for c in (facet_value(code) for code, _ in codes) if c) if codes else ()
        group, province = facet_value(shown(bank_group)), facet_value(province)
        kinds = measure_kinds(parse_measures(measures)) if measures else ()
        warning, ban_lifetime = bool(warning), bool(ban_lifetime)
        amount = ranked_amount(fine, forfeiture)
        record = _record(
            seq=seq, party_name=party_name, party_kind=party_kind, party_role=party_role, institution=institution,
            decision_no=decision_no, facts=shown_facts, decision=shown_decision, authority=authority,
            fine_yuan=fine, confiscated_yuan=confiscated, warning=int(warning), ban_years=ban_years,
            ban_lifetime=int(ban_lifetime), disqualify=int("disqualify" in kinds), categories=list(cats),
            bank_group=group, province=province, decided_on=_day(db.as_date(decided_on)), fine_note=fine_note,
            truncated=1 if cut_facts or cut_decision else 0, forfeiture_yuan=forfeiture,
            sanctions=summary(fine, confiscated, forfeiture, warning, ban_years, ban_lifetime, kinds, fine_note),
        )
        terms = facet_terms(
            group=group, categories=cats, province=province, level=level,
            kinds=sanction_kinds(amount=amount, confiscated=confiscated, warning=warning, ban_years=ban_years,
                                 ban_lifetime=ban_lifetime, measures=kinds),
            band=amount_band(amount), who=facet_value(party_kind), itype=facet_value(institution_type),
            regulator=regulator,
        )
        yield SearchRecord(doc_id, year, notice, record, text, terms, max(0, amount or 0))


def _summary(measure_label: Callable[[str], str], fine: int | None, confiscated: int | None,
             forfeiture: int | None, warning: bool, ban_years: int | None, ban_lifetime: bool,
             measures: tuple[str, ...], fine_note: str | None) -> str:
    """The sanctions summary search results show, a joint or per-party fine marked."""
    return sanctions_summary(fine=fine, confiscated=confiscated, forfeiture=forfeiture, warning=warning,
                             ban_years=ban_years, ban_lifetime=ban_lifetime, measures=measures,
                             measure_label=measure_label, fine_note=fine_note)
