"""Calendar rules of the register, in one place: a ban's end date and the five-year repeat window.

A year is a calendar year: N years after 29 February is 28 February when the end year has no 29
February (NFRA's notices state bans in whole years from the decision date; they never say otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# NFRA's discretion rules: the same party, the same kind of violation again within five years, weighs heavier.
REPEAT_YEARS = 5


def shift_years(day: date, years: int) -> date:
    """`day` moved by whole calendar years (negative: back); 29 Feb → 28 Feb in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True, slots=True)
class Ban:
    """A ban from working in banking or insurance: `years` from `start`, or for life."""

    start: date | None  # the decision date (or, lacking one, the publication date: `estimated`)
    years: int | None
    lifetime: bool = False
    estimated: bool = False  # start is the publication date, not the decision date

    @property
    def ends_on(self) -> date | None:
        """The first day the person may work again; None for a lifetime ban or an unknown start."""
        if self.lifetime or self.start is None or not self.years:
            return None
        return shift_years(self.start, self.years)

    def in_force(self, as_of: date) -> bool | None:
        """True until the ban ends (the end day itself is free); None when unknowable. A day before its start
        (a build dated before a decision, as a test's fixed day or a mistyped date in a notice) is not after
        its end either: the ban is still to be served, never 已期满."""
        if self.lifetime:
            return True
        ends = self.ends_on
        return None if ends is None else as_of < ends


def ban_of(decided_on: date | None, published_on: date | None, years: int | None, lifetime: bool) -> Ban | None:
    """The ban of a penalty row, or None when it orders none."""
    if not lifetime and not years:
        return None
    start = decided_on or published_on
    return Ban(start, years if not lifetime else None, lifetime, estimated=decided_on is None and start is not None)


def within_repeat_window(earlier: date, later: date) -> bool:
    """True when `earlier` is a repeat's predecessor of `later`: strictly before it, and on or after
    the day five calendar years before it. Exactly five years before is inside (2020-03-01 → 2025-03-01
    counts; 2020-02-29 → 2025-03-01 does not); the same day is not "again"."""
    return shift_years(later, -REPEAT_YEARS) <= earlier < later
