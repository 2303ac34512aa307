"""Totals and breakdowns of a set of entries (penalties), as listing and index pages show them."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np

from sitegen.core.refs import Ref
from sitegen.core.summaries import Entry

# How many bank groups a page's "涉及最多的机构" breakdown shows (region, violation, regulator and people
# pages); the receipts of those rows are written for exactly these (sitegen/pages/receipts/links.py).
GROUPS_SHOWN = 30


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    institutions: int
    individuals: int
    fines: int
    notices: int
    forfeiture: int  # 罚没合计 stated only as one sum: shown beside the fines, not added to them
    # (regulator code, penalties, fines) per regulator, NFRA first: shown beside the total when the
    # site holds more than one regulator's notices.
    by_source: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    count: int
    fines: int
    ref: Ref | None = None
    key: Any = None
    by_source: tuple[tuple[str, int, int], ...] = ()  # Totals.by_source of an index row


def totals(entries: list[Entry]) -> Totals:
    count = len(entries)
    individuals = sum(map(_INDIVIDUAL, entries))
    fines = sum(map(_FINE, entries))
    forfeiture = sum(e.forfeiture for e in entries if e.forfeiture)
    return Totals(count, count - individuals, individuals, fines, len(set(map(_DOC, entries))), forfeiture,
                  _by_source(entries))


def _by_source(entries: list[Entry]) -> tuple[tuple[str, int, int], ...]:
    counts: Counter[str] = Counter()
    fines: Counter[str] = Counter()
    for e in entries:
        counts[e.source] += 1
        fines[e.source] += e.fine_counted
    return tuple((code, counts[code], fines[code]) for code in sorted(counts, key=lambda c: (c != "nfra", c)))


_INDIVIDUAL, _FINE, _DOC = attrgetter("individual"), attrgetter("fine_counted"), attrgetter("doc_id")


def breakdown(
    entries: Iterable[Entry],
    key: str | Callable[[Entry], Hashable | Iterable[Hashable] | None],
    *,
    label: Callable[[Any], str] = str,
    ref: Callable[[Any], Ref | None] = lambda _k: None,
    multi: bool = False,
    order: str = "count",  # count | key (ascending) | key-desc
    limit: int | None = None,
) -> list[Row]:
    """Count and fines per key: an Entry attribute name, or a function of an entry (which returns
    several keys when `multi`: an entry with two categories counts in both)."""
    get = attrgetter(key) if isinstance(key, str) else key
    entries = entries if isinstance(entries, list) else list(entries)
    keys: list[Any] = list(map(get, entries))
    amounts: list[int] = list(map(_FINE, entries))
    if multi:
        amounts = [fine for ks, fine in zip(keys, amounts, strict=True) for _ in ks]
        keys = [k for ks in keys for k in ks]
    counts = Counter(keys)
    counts.pop(None, None)
    # Sums per key with numpy: a Python loop over 100,000 entries per breakdown was most of a listing.
    index = {k: i for i, k in enumerate(counts)}
    index[None] = len(counts)
    codes = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
    weights = np.fromiter(amounts, dtype=np.float64, count=len(amounts))  # exact below 2**53 yuan
    sums = np.bincount(codes, weights=weights, minlength=len(index)) if len(keys) else np.zeros(len(index))
    fines = {k: int(sums[i]) for k, i in index.items() if k is not None}
    if order == "count":
        items = sorted(counts.items(), key=lambda kv: (-kv[1], -fines[kv[0]], str(kv[0])))
    else:
        items = sorted(counts.items(), key=lambda kv: kv[0], reverse=order == "key-desc")
    if limit is not None:
        items = items[:limit]
    return [Row(label(k), c, fines[k], ref(k), k) for k, c in items]


TOP_FINES = 10  # how many entries a "罚款最多" list holds


def top_fines(entries: Iterable[Entry], n: int = TOP_FINES) -> list[Entry]:
    """The n largest fines (or 罚没合计 sums), largest first (ties: newest first)."""
    return heapq.nlargest(n, (e for e in entries if e.amount), key=lambda e: (e.amount, e.index))


def rows_key(rows: list[Row]) -> tuple[Any, ...]:
    return tuple((r.label, r.count, r.fines, r.ref.slug if r.ref else None, r.by_source) for r in rows)
