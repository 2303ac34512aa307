"""Where notice i sits in time, its docId and the item that lists it: cheap pure functions of (seed, i).

Notice i is the i-th notice *generated*, not the i-th oldest. Its place in time is slot =
bit-reversal of i over 18 bits, so the first N notices of any corpus are spread evenly over the
whole 2014 → 2026 timeline (every era, office naming and layout appears even in a corpus of a few
hundred) and notice i is the same in a corpus of 100 and of 200,000. docId and publishDate both
increase with the slot. (On the real list a document created earlier is sometimes published later, so
neighbouring docIds can be out of order; that is not reproduced: any swap partner would depend on the
corpus size.) Notices added later by a mutation are a separate sequence dated after the timeline's
end, with higher docIds.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from localnfra.rng import mix, unit

SLOT_BITS = 18
CAPACITY = 1 << SLOT_BITS  # the largest corpus: 262,144 notices
DOC_ID_FIRST = 800_000
DOC_ID_SPAN = 460_000  # base docIds stay below 1,260,000
ADDED_DOC_ID_FIRST = 1_260_011

# Eras of the regulator's name (the spelling of office names, decision numbers and titles).
CBIRC_FROM = date(2018, 4, 8)  # 银监会 + 保监会 → 银保监会
NFRA_FROM = date(2023, 5, 18)  # 银保监会 → 国家金融监督管理总局
ITEM_4293_FROM = date(2024, 12, 1)  # 派出机构 lists its children from here on

ITEM_HQ, ITEM_PROVINCIAL, ITEM_SUB, ITEM_BRANCH_OFFICES = 4113, 4114, 4115, 4293
LEVEL_OF_ITEM = {ITEM_HQ: "headquarters", ITEM_PROVINCIAL: "provincial", ITEM_SUB: "sub-provincial"}
ITEMS = (ITEM_HQ, ITEM_PROVINCIAL, ITEM_SUB, ITEM_BRANCH_OFFICES)

# Relative number of notices published per year (the real output grew after 2018).
_YEAR_WEIGHTS = [
    (2014, 2.0), (2015, 2.0), (2016, 3.0), (2017, 4.0), (2018, 6.0), (2019, 8.0), (2020, 9.0),
    (2021, 10.0), (2022, 9.0), (2023, 8.0), (2024, 9.0), (2025, 10.0), (2026, 10.0 * 120 / 365),
]
_FIRST_MONDAY = date(2014, 1, 6)
END_DAY = date(2026, 4, 30)
_STREAM_LEVEL, _STREAM_OWN4293, _STREAM_SECONDS = 12, 13, 14
_STREAM_ADDED = 15


def _business_day_index(d: date) -> float:
    days = (d - _FIRST_MONDAY).days
    return days // 7 * 5 + min(days % 7, 5)


def _business_day(k: int) -> date:
    return _FIRST_MONDAY + timedelta(days=k // 5 * 7 + k % 5)


def _knots() -> list[tuple[float, float]]:
    """(fraction of slots, business-day index) at each year boundary."""
    total = sum(w for _, w in _YEAR_WEIGHTS)
    out = [(0.0, 0.0)]
    acc = 0.0
    for year, w in _YEAR_WEIGHTS:
        acc += w
        end = END_DAY + timedelta(days=1) if year == END_DAY.year else date(year + 1, 1, 1)
        out.append((acc / total, float(_business_day_index(end))))
    return out


_KNOTS = _knots()


def bit_reverse(i: int) -> int:
    if not 0 <= i < CAPACITY:
        raise ValueError(f"notice index {i} out of range 0..{CAPACITY - 1}")
    return int(f"{i:0{SLOT_BITS}b}"[::-1], 2)


def _business_time(slot: int) -> float:
    """Business days (with the fraction of the working day) since the first Monday of 2014."""
    u = (slot + 0.5) / CAPACITY
    for (u0, d0), (u1, d1) in itertools.pairwise(_KNOTS):
        if u < u1:
            return d0 + (u - u0) / (u1 - u0) * (d1 - d0)
    return _KNOTS[-1][1] - 1e-9


def _clock(t: float) -> datetime:
    k = int(t)
    # 08:30 to 21:30: most notices go out in office hours, a few in the evening, like the real list.
    seconds = int((t - k) * 13 * 3600) + 8 * 3600 + 30 * 60
    return datetime.combine(_business_day(k), datetime.min.time()) + timedelta(seconds=seconds)


def publish_time(seed: int, slot: int) -> datetime:
    when = _clock(_business_time(slot))
    # Most real publishDates end in ":00". Rounding down never passes the previous slot's time.
    floored = when.replace(second=0)
    if slot > 0 and floored > _clock(_business_time(slot - 1)) and unit(seed, slot, _STREAM_SECONDS) < 0.7:
        return floored
    return when


def doc_id_of_slot(seed: int, slot: int) -> int:
    """Strictly increasing with the slot (1.75 ids per slot, so never two slots on one id)."""
    return DOC_ID_FIRST + slot * DOC_ID_SPAN // CAPACITY


def era_of(day: date) -> str:
    if day < CBIRC_FROM:
        return "cbrc"
    if day < NFRA_FROM:
        return "cbirc"
    return "nfra"


def _level(seed: int, key: int) -> str:
    u = unit(seed, key, _STREAM_LEVEL)
    if u < 0.035:
        return "headquarters"
    if u < 0.38:
        return "provincial"
    return "sub-provincial"


def _items(seed: int, key: int, level: str, listed_by_4293: bool) -> tuple[int, ...]:
    if level == "headquarters":
        return (ITEM_HQ,)
    own = ITEM_PROVINCIAL if level == "provincial" else ITEM_SUB
    if not listed_by_4293:
        return (own,)
    # A few recent documents are filed under 派出机构 itself; the rest under a child it also lists.
    if unit(seed, key, _STREAM_OWN4293) < 0.06:
        return (ITEM_BRANCH_OFFICES,)
    return (own, ITEM_BRANCH_OFFICES)


@dataclass(frozen=True)
class Placement:
    """The cheap facts about one notice: enough to list it without generating it."""

    key: int  # i for a base notice, -(j + 1) for the j-th added notice
    order: int  # sorts notices oldest first (slot, or CAPACITY + j for added ones)
    doc_id: int
    published: datetime
    level: str
    items: tuple[int, ...]

    @property
    def era(self) -> str:
        return era_of(self.published.date())


def _first_slot_on(day: date) -> int:
    lo, hi = 0, CAPACITY
    while lo < hi:  # dates never decrease with the slot
        mid = (lo + hi) // 2
        if _clock(_business_time(mid)).date() < day:
            lo = mid + 1
        else:
            hi = mid
    return lo


FIRST_4293_SLOT = _first_slot_on(ITEM_4293_FROM)


def place(seed: int, i: int) -> Placement:
    slot = bit_reverse(i)
    level = _level(seed, i)
    return Placement(i, slot, doc_id_of_slot(seed, slot), publish_time(seed, slot), level,
                     _items(seed, i, level, slot >= FIRST_4293_SLOT))


def index_entry(seed: int, i: int) -> tuple[int, int, tuple[int, ...]]:
    """(order, docId, items) of notice i, without computing its date: what a list index needs."""
    slot = bit_reverse(i)
    return slot, doc_id_of_slot(seed, slot), _items(seed, i, _level(seed, i), slot >= FIRST_4293_SLOT)


def place_added(seed: int, j: int) -> Placement:
    """The j-th notice added after the corpus was made: newer and with a higher docId than any other."""
    start = datetime.combine(END_DAY + timedelta(days=1), datetime.min.time()) + timedelta(hours=9)
    published = start + timedelta(minutes=37 * j, seconds=int(unit(seed, j, _STREAM_ADDED) * 30))
    key = -(j + 1)
    level = _level(seed, mix(key, 99))
    doc_id = ADDED_DOC_ID_FIRST + 7 * j + int(unit(seed, j, _STREAM_ADDED, 1) * 5)
    return Placement(key, CAPACITY + j, doc_id, published, level, _items(seed, key, level, True))
