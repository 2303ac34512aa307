"""The view model of a penalty row: one party of one notice as the site may show it, built once.

`penalty_row` is the one place where a database row becomes what pages, the search index and the
downloads show: text masked (sitegen.core.shown), dates typed, flags as bool, penalty.measures read,
the violation categories attached and the notice's page key made. The three consumers are projections
of a `PenaltyRow`: the in-memory `Entry` of listings (sitegen/context.py: `entry_of`), the search
record (sitegen/search/records.py) and the CSV/JSON row of the downloads (sitegen/pages/downloads.py).

A `PenaltyRow` is not kept: the context pass keeps only the small `Entry`, and the search index and the
downloads stream rows from `stream_rows` (the driver's own cursor on SQLite) and drop them one by one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any, Literal, NamedTuple

from sqlalchemy import Engine, select

from models.vocab.sources import notice_key
from sitegen.core import database as db
from sitegen.core.fragments import sanctions_summary
from sitegen.core.measures import measure_kinds, parse_measures, worded_measures
from sitegen.core.money import ranked_amount
from sitegen.core.shown import shown_text


class NoticeFields(NamedTuple):
    """What a penalty row shows of its notice (shared by the notice's rows)."""

    doc_id: int
    key: str  # the notice page's key: NFRA's docId, or pboc-{articleId} (models.vocab.sources.notice_key)
    regulator: str  # notice.regulator: who published it
    source_key: str | None
    published_at: datetime | None
    title: str | None
    issuer: str | None
    level: str | None
    document_no: str | None
    parse_status: str | None
    removed_at: datetime | None
    source_url: str | None


class PenaltyRow(NamedTuple):
    """One penalty as the site may show it. The texts listings never show (`decision_no`, `facts`,
    `basis`, `decision`, `authority`, `measure_text`) are None unless asked for (`texts=True`): the
    context pass reads every row on every build, and masking them costs time."""

    notice: NoticeFields
    id: int
    seq: int
    regulator: str  # penalty.regulator (the downloads' column)
    decision_no: str | None
    party_name: str | None
    party_kind: str | None
    party_role: str | None
    institution: str | None
    bank_group: str | None
    institution_type: str | None
    province: str | None
    facts: str | None
    basis: str | None
    decision: str | None
    authority: str | None
    decided_on: date | None
    fine_yuan: int | None
    fine_note: str | None  # "joint" (共计, one sum for several parties), "each", or None
    confiscated_yuan: int | None
    forfeiture_yuan: int | None  # 罚没合计 stated only as one sum
    warning: bool | None
    ban_years: int | None
    ban_lifetime: bool | None
    measures: tuple[str, ...]  # the distinct kinds of the other measures, in order
    measure_text: str | None  # the other measures as the notice words them, "；"-separated
    categories: tuple[str, ...]  # violation category codes, sorted
    disclosure_years: int | None

    @property
    def amount(self) -> int | None:
        """What ranks, sorts and bands the penalty (sitegen.core.money.ranked_amount)."""
        return ranked_amount(self.fine_yuan, self.forfeiture_yuan)

    @property
    def disqualifies(self) -> bool:
        return "disqualify" in self.measures

    def sanctions(self, measure_label: Callable[[str], str], *, fine_note: bool = False) -> str:
        """The sanctions summary (sitegen.core.fragments.sanctions_summary); `fine_note` marks a joint or
        per-party fine, as search results do."""
        return sanctions_summary(
            fine=self.fine_yuan, confiscated=self.confiscated_yuan, forfeiture=self.forfeiture_yuan,
            warning=bool(self.warning), ban_years=self.ban_years, ban_lifetime=bool(self.ban_lifetime),
            measures=self.measures, measure_label=measure_label, fine_note=self.fine_note if fine_note else None,
        )


Categories = Mapping[int, Sequence[tuple[str, str | None]]]  # db.load_categories: penalty_id -> [(code, phrase)]

_N = {name: i for i, name in enumerate(db.NOTICE_COLUMNS)}
_P = {name: i for i, name in enumerate(db.PENALTY_COLUMNS)}


def notice_fields(notice: Sequence[Any]) -> NoticeFields:
    """A notice row (a tuple in db.NOTICE_COLUMNS order, as the driver returns it) as its rows show it."""
    doc_id, regulator, source_key = notice[_N["doc_id"]], notice[_N["regulator"]], notice[_N["source_key"]]
    return NoticeFields(
        doc_id=doc_id,
        key=notice_key(doc_id, regulator, source_key),
        regulator=regulator,
        source_key=source_key,
        published_at=db.as_datetime(notice[_N["published_at"]]),
        title=shown_text(notice[_N["title"]]),
        issuer=shown_text(notice[_N["issuer"]]),
        level=notice[_N["level"]],
        document_no=shown_text(notice[_N["document_no"]]),
        parse_status=notice[_N["parse_status"]],
        removed_at=db.as_datetime(notice[_N["removed_at"]]),
        source_url=notice[_N["source_url"]],
    )


# The penalty columns a row reads, picked from a row in db.PENALTY_COLUMNS order in one call.
_PICK = itemgetter(*(_P[name] for name in (
    "id", "seq", "regulator", "decision_no", "party_name", "party_kind", "party_role", "institution", "bank_group",
    "institution_type", "province", "facts", "basis", "decision", "authority", "decided_on", "fine_yuan",
    "fine_note", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years", "ban_lifetime", "measures",
    "disclosure_years",
)))


def penalty_row(notice: NoticeFields, party: Sequence[Any], categories: Categories, *,
                texts: bool = True) -> PenaltyRow:
    """A penalty row (a tuple in db.PENALTY_COLUMNS order, as the driver returns it) as the site shows it.
    Built positionally: the context pass makes 290,000 of these on every build."""
    (penalty_id, seq, regulator, decision_no, party_name, party_kind, party_role, institution, bank_group,
     institution_type, province, facts, basis, decision, authority, decided_on, fine_yuan, fine_note,
     confiscated_yuan, forfeiture_yuan, warning, ban_years, ban_lifetime, raw_measures, disclosure_years) = _PICK(party)
    if raw_measures:
        measures = parse_measures(raw_measures)
        kinds = measure_kinds(measures)
        measure_text = shown_text(worded_measures(measures)) if texts else None
    else:
        kinds, measure_text = (), raw_measures if texts else None
    if texts:
        decision_no, facts, basis, decision, authority = (
            shown_text(decision_no), shown_text(facts), shown_text(basis), shown_text(decision), shown_text(authority))
    else:
        decision_no = facts = basis = decision = authority = None
    codes = categories.get(penalty_id)
    return PenaltyRow(
        notice, penalty_id, seq, regulator, decision_no, shown_text(party_name), party_kind, shown_text(party_role),
        shown_text(institution), shown_text(bank_group), institution_type, province, facts, basis, decision,
        authority, db.as_date(decided_on), fine_yuan, fine_note, confiscated_yuan, forfeiture_yuan,
        None if warning is None else bool(warning), ban_years, None if ban_lifetime is None else bool(ban_lifetime),
        kinds, measure_text, tuple([code for code, _ in codes]) if codes else (), disclosure_years,
    )


Order = Literal["doc", "published"]


def stream_rows(engine: Engine, order: Order) -> Iterator[tuple[NoticeFields, PenaltyRow | None]]:
    """Every penalty row with its notice, streamed, with the long texts (search index, downloads).

    order "doc": penalties in (doc_id, seq) order, notices without penalties left out (the downloads).
    order "published": every notice in publication order, oldest first (undated first), then doc_id, its
    penalties seq descending; a notice without parsed parties comes once with None (the search index)."""
    categories = db.load_categories(engine)
    n, p = db.NOTICE.c, db.PENALTY.c
    columns = [db.NOTICE.c[name] for name in db.NOTICE_COLUMNS] + [db.PENALTY.c[name] for name in db.PENALTY_COLUMNS]
    if order == "doc":
        query = select(*columns).select_from(db.PENALTY.join(db.NOTICE, n.doc_id == p.doc_id)) \
            .order_by(p.doc_id, p.seq)
    else:
        query = select(*columns).select_from(db.NOTICE.outerjoin(db.PENALTY, p.doc_id == n.doc_id)) \
            .order_by(n.published_at.asc().nulls_first(), n.doc_id.asc(), p.seq.desc())
    width = len(db.NOTICE_COLUMNS)
    penalty_id_at = width + _P["id"]
    notice: NoticeFields | None = None
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            # The driver's own cursor and values: SQLAlchemy's row processing would cost more than the rows.
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(str(query.compile(dialect=engine.dialect)))
            result: Any = (row for batch in iter(lambda: cursor.fetchmany(db.STREAM_BATCH), []) for row in batch)
        else:
            result = conn.execution_options(yield_per=db.STREAM_BATCH).execute(query)
        for row in result:
            if notice is None or notice.doc_id != row[_N["doc_id"]]:
                notice = notice_fields(row[:width])
            if row[penalty_id_at] is None:
                yield notice, None
            else:
                yield notice, penalty_row(notice, row[width:], categories)
