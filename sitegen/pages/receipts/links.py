"""From a figure on an existing page to its receipt: the one function templates call to link a number.

A page that shows figures says which records it is about with `stat` = (period, dimension, slug): the
home page's year box is (2025, None, None), a bank's page ("all", "bank", slug), an index page
("all", None, None). A breakdown row on such a page then has a receipt when the scheme has one for it:
a year row of an item's page, an item row of a period's page. Rows with no receipt (a bank's page
broken down by region would need a two-item receipt) stay plain numbers.
"""

from __future__ import annotations

from typing import Any

from sitegen.pages.receipts.keys import ALL, receipt_path

# The dimension whose items a family's pages are (the `link` a breakdown row links its label to).
DIMENSION_OF_FAMILY = {"banks/": "bank", "violations/": "violation", "regions/": "region",
                       "regulators/": "regulator"}

Stat = tuple[Any, str | None, str | None]


def stat_path(stat: Stat | None) -> str | None:
    """The receipt of a page's own totals."""
    if stat is None:
        return None
    period, dimension, slug = stat
    return receipt_path(period, dimension, slug)


def receipt_of(stat: Stat | None, link: str | None, row: Any) -> str | None:
    """The receipt of a breakdown row (stats.Row) shown on the page described by `stat`."""
    if stat is None:
        return None
    period, dimension, slug = stat
    if link == "years/" or (link is None and isinstance(row.key, int) and period == ALL):
        year = row.key if isinstance(row.key, int) else int(row.ref.slug)
        return receipt_path(year, dimension, slug)
    family = DIMENSION_OF_FAMILY.get(link or "")
    if family and dimension is None and row.ref is not None:
        return receipt_path(period, family, row.ref.slug)
    return None


def install(env: Any) -> None:
    """Make the functions available to every template of a build."""
    env.globals.update(receipt_of=receipt_of, stat_path=stat_path)
