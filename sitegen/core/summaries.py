"""The small summaries a build keeps in memory for every notice and every penalty (entry).

Listings, totals, feeds and the home page are made from these; the full texts (facts, decisions)
are only read while the notice pages are rendered, one notice at a time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sitegen.core import urls
from sitegen.core.money import ranked_amount
from sitegen.core.refs import Ref, Vocabulary

if TYPE_CHECKING:
    from sitegen.core.rows import PenaltyRow

UNNAMED_PARTY = "（未列明当事人）"


@dataclass(slots=True)
class Entry:
    """One penalty (one party of one notice) as listings show it."""

    index: int  # position in the global order (oldest first)
    doc_id: int
    seq: int
    day: date | None  # publication date of the notice
    name: str
    individual: bool
    role: str | None
    institution: str | None
    group: Ref | None
    institution_type: str | None
    region: Ref | None
    regulator: Ref | None
    fine: int | None
    fine_counted: int  # what the fine adds to a total (a joint fine counts once per notice)
    confiscated: int | None
    forfeiture: int | None  # 罚没合计 stated only as one sum (neither fine nor confiscation given)
    warning: bool
    ban_years: int | None
    ban_lifetime: bool
    measures: tuple[str, ...]  # kinds of other measures
    categories: tuple[Ref, ...]
    fingerprint: str  # digest of the notice: changes whenever anything shown about it changes
    year: int | None = None  # of `day`; a plain attribute because listings group by it
    source: str = "nfra"  # the regulator that published it (notice.regulator)
    key: str = ""  # the notice page's key: NFRA's docId, or pboc-{articleId} (models.vocab.sources)
    # Digest of the notice without the register's marks (person pages, repeat flags, tree nodes), which
    # change when later notices arrive: what the statistics receipts show of it (default: fingerprint).
    content: str = ""

    def __post_init__(self) -> None:
        self.year = self.day.year if self.day else None

    @property
    def amount(self) -> int | None:
        """What ranks a penalty among the largest (sitegen.core.money.ranked_amount)."""
        return ranked_amount(self.fine, self.forfeiture)

    @property
    def banned(self) -> bool:
        return self.ban_lifetime or bool(self.ban_years)

    @property
    def anchor(self) -> str:
        return urls.party(self.key or self.doc_id, self.seq)


def entry_of(row: PenaltyRow, vocab: Vocabulary, *, day: date | None, regulator: Ref | None, fine_counted: int,
             fingerprint: str, content: str = "") -> Entry:
    """The entry of a penalty row (sitegen.core.rows), with what only the notice as a whole tells: its
    day (the publication date, else when it was first seen), its office page, what the fine adds to a
    total (sitegen.core.money.counted_fines) and its digests (`content`: without the register's marks, default
`fingerprint`). `index` is set once every entry is sorted."""
    return Entry(
        index=0, doc_id=row.notice.doc_id, seq=row.seq, day=day, name=row.party_name or UNNAMED_PARTY,
        individual=row.party_kind == "individual", role=row.party_role, institution=row.institution,
        group=vocab.group(row.bank_group), institution_type=row.institution_type, region=vocab.region(row.province),
        regulator=regulator, fine=row.fine_yuan, fine_counted=fine_counted, confiscated=row.confiscated_yuan,
        forfeiture=row.forfeiture_yuan, warning=bool(row.warning), ban_years=row.ban_years,
        ban_lifetime=bool(row.ban_lifetime), measures=row.measures,
        categories=tuple(vocab.category(code) for code in row.categories), fingerprint=fingerprint,
        source=row.notice.regulator, key=row.notice.key, content=content or fingerprint,
    )


@dataclass(slots=True)
class NoticeSummary:
    doc_id: int
    day: date | None
    title: str
    issuer: str | None
    regulator: Ref | None
    level: str | None
    item_ids: tuple[int, ...]
    parse_status: str
    parse_error: str | None
    removed: date | None
    party_count: int
    fine_total: int
    names: tuple[str, ...]  # the first few party names, for lists and feeds
    fingerprint: str
    source: str = "nfra"
    key: str = ""

    @property
    def year(self) -> int | None:
        return self.day.year if self.day else None

    @property
    def path(self) -> str:
        return urls.notice(self.key or self.doc_id)


def sort_key_entry(entry: Entry) -> tuple[date, int, int]:
    return (entry.day or date.min, entry.doc_id, entry.seq)


def sort_key_notice(notice: NoticeSummary) -> tuple[date, int]:
    return (notice.day or date.min, notice.doc_id)


@dataclass
class Corpus:
    entries: list[Entry]  # oldest first; entry.index is the position here
    notices: list[NoticeSummary]  # oldest first
    as_of: datetime | None
    digest: str  # changes when any notice changes (downloads are rebuilt only then)
    status_counts: Counter[str] = field(default_factory=Counter)

    @property
    def latest_day(self) -> date | None:
        return self.notices[-1].day if self.notices else None
