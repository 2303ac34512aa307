"""Repeat offences: a penalty whose subject was penalised before, in the same violation category, within
five years of its date (calendar.within_repeat_window: exactly five years before counts, the same day
does not, so two decisions of one day are not each other's repeat).

The subject is the institution node itself (the branch, not its group: tree.NodeKey) for an institution,
the linked person (people.link) for an individual. Separately, `group_repeats` counts the group-level
form: any branch of the group, same category, five years. The catch-all category ('other') never makes
a repeat: 'other' says nothing about the kind of violation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sitegen.core.register.calendar import REPEAT_YEARS, shift_years

UNCATEGORISED = frozenset({"other"})


@dataclass(frozen=True, slots=True)
class Penalised:
    """A penalty as the repeat rule reads it."""

    key: tuple[int, int]  # (doc_id, seq)
    subject: str  # 'institution:<node>' or 'person:<slug>'
    group: str | None
    day: date | None  # decision date, else publication date
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Repeat:
    """The flag on a penalty: its category, the rule, and the latest earlier penalty it repeats."""

    key: tuple[int, int]
    category: str
    rule: str  # 'same institution' | 'same person' | 'same group'
    earlier: tuple[int, int]
    earlier_day: date
    earlier_count: int  # earlier penalties of the subject in the category within the window


def _day_key(row: Penalised) -> tuple[date | None, tuple[int, int]]:
    return (row.day, row.key)


def _rule(subject: str) -> str:
    return "same person" if subject.startswith("person:") else "same institution"


def _flags(rows: Iterable[Penalised], subject_of, rule_of, detail: bool = True) -> dict[tuple[int, int], list[Any]]:
    """Per penalty key, its Repeat per category (only the category codes when not `detail`)."""
    by_subject: dict[str, list[Penalised]] = defaultdict(list)
    for row in rows:
        if row.day is not None and (subject := subject_of(row)) is not None:
            by_subject[subject].append(row)
    # A subject penalised once has nothing earlier to repeat: most people, and most series at 100,000 notices
    # (skipping them before they are split by category halves the time).
    series: dict[tuple[str, str], list[Penalised]] = defaultdict(list)
    for subject, penalties in by_subject.items():
        if len(penalties) > 1:
            for row in penalties:
                for category in row.categories:
                    if category not in UNCATEGORISED:
                        series[(subject, category)].append(row)
    cutoffs: dict[date, int] = {}  # day -> ordinal of the day five years before (within_repeat_window)
    flags: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for (subject, category), items in series.items():
        if len(items) < 2:
            continue  # nothing earlier to repeat
        items.sort(key=_day_key)
        days = [r.day.toordinal() for r in items]
        docs = [r.key[0] for r in items]
        # A sliding window over the days: [start, end) holds the penalties strictly before the current one
        # and within five years of it (one pass: a group's series can hold thousands of penalties).
        start = end = 0
        in_window: Counter[int] = Counter()  # doc_id -> penalties of it in the window
        for i, row in enumerate(items):
            ordinal, doc = days[i], docs[i]
            while end < i and days[end] < ordinal:
                in_window[docs[end]] += 1
                end += 1
            cutoff = cutoffs.get(row.day)
            if cutoff is None:
                cutoff = cutoffs[row.day] = shift_years(row.day, -REPEAT_YEARS).toordinal()
            while start < end and days[start] < cutoff:
                in_window[docs[start]] -= 1
                start += 1
            count = (end - start) - in_window[doc]  # one notice never repeats itself
            if not count:
                continue
            if not detail:
                flags[row.key].append(category)
                continue
            k = end - 1
            while docs[k] == doc:
                k -= 1
            last = items[k]
            flags[row.key].append(Repeat(row.key, category, rule_of(subject), last.key, last.day, count))
    return dict(flags)


def repeat_flags(rows: Iterable[Penalised]) -> dict[tuple[int, int], list[Repeat]]:
    """Per penalty key, its repeats (one per category), for the same institution node or the same person."""
    return _flags(rows, lambda r: r.subject, _rule)


def group_repeats(rows: Iterable[Penalised]) -> dict[tuple[int, int], tuple[str, ...]]:
    """The same with any branch of the group as the subject (institution penalties only): per penalty key,
    the categories it repeats in (the group page only counts them)."""
    found = _flags(rows, lambda r: f"group:{r.group}" if r.group and r.subject.startswith("institution:") else None,
                   _rule, detail=False)
    return {key: tuple(categories) for key, categories in found.items()}


def by_year_and_category(flags: dict[tuple[int, int], list[Repeat]],
                         days: dict[tuple[int, int], date | None]) -> Counter[tuple[int, str]]:
    """Repeat flags per (year of the penalty's date, category)."""
    counts: Counter[tuple[int, str]] = Counter()
    for key, repeats in flags.items():
        day = days.get(key)
        if day is not None:
            for repeat in repeats:
                counts[(day.year, repeat.category)] += 1
    return counts
