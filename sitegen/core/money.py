"""The money rules of the site, each in one function (docs/architecture.md, "Contracts").

Pages and the search index take them from here; search.js receives their results
(the sort amount and the amount-band terms are computed here and written into the index).
"""

from __future__ import annotations

from collections.abc import Iterable


def ranked_amount(fine_yuan: int | None, forfeiture_yuan: int | None) -> int | None:
    """The amount a penalty is ranked, sorted and banded by: the fine, else a 罚没合计 stated only as one
    sum (it always includes a fine, so it is found by the fine filters too)."""
    return fine_yuan or forfeiture_yuan


def counted_fines(fines: Iterable[tuple[int | None, str | None]]) -> list[int]:
    """What each party's fine adds to a total, for the (fine_yuan, fine_note) of one notice's parties in
    order: a joint fine (共计, one sum written against several parties) counts once per notice."""
    joint_seen: set[int] = set()
    counted = []
    for fine, note in fines:
        amount = fine or 0
        if fine and note == "joint":
            amount = 0 if fine in joint_seen else fine
            joint_seen.add(fine)
        counted.append(amount)
    return counted
