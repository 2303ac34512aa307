"""Helpers shared by the page families: grouping entries and writing an index page."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.core.stats import GROUPS_SHOWN, Row, breakdown, rows_key
from sitegen.core.summaries import Entry, NoticeSummary

BY_YEAR_LABEL = "{} 年"

# The breakdown sections of each item page, in page order: one list, read by the pages
# (sitegen/pages/banks.py, violations.py, regions.py, regulators.py, years.py, people.py as "kind") and
# by their receipts, which give every row shown a receipt row (sitegen/pages/receipts/links.py).
ITEM_SECTIONS: dict[str, tuple[str, ...]] = {
    "bank": ("year", "region"),
    "violation": ("year", "region", "bank"),
    "region": ("year", "regulator", "violation", "bank"),
    "regulator": ("year", "violation", "bank"),
    "year": ("region", "violation", "bank"),
    "kind": ("bank",),
}
# Sections that show only the first GROUPS_SHOWN rows (by tickets) rather than every row.
TOP_SECTIONS = frozenset({"bank"})
Section = tuple[str, str, list[Row], str | None]  # heading, column title, rows, family their labels link to


def _section(dimension: str, items: list[Entry], page: str) -> Section:
    def by_ref(key: str, **kw: Any) -> list[Row]:
        return breakdown(items, key, label=lambda r: r.label, ref=lambda r: r, **kw)

    if dimension == "year":
        return "按年份", "年份", breakdown(items, "year", label=BY_YEAR_LABEL.format, order="key-desc"), None
    if dimension == "region":
        return "按地区", "地区", by_ref("region"), urls.REGIONS
    if dimension == "regulator":
        return "监管机构", "机构", by_ref("regulator"), urls.REGULATORS
    if dimension == "violation":
        return "违法类型", "类型", by_ref("categories", multi=True), urls.VIOLATIONS
    if dimension == "bank":
        heading = "所在机构" if page == "kind" else "涉及最多的机构"
        return heading, "机构", by_ref("group", limit=GROUPS_SHOWN), urls.BANKS
    raise ValueError(f"no breakdown section {dimension!r}")


def item_sections(page: str, items: list[Entry]) -> list[Section]:
    """The breakdown sections of an item page (ITEM_SECTIONS), as its landing page shows them
    (sitegen/pages/listing_html.py)."""
    return [_section(dimension, items, page) for dimension in ITEM_SECTIONS[page]]


def group_entries(
    entries: Iterable[Entry], key: Callable[[Entry], Hashable | None], *, multi: bool = False
) -> dict[Any, list[Entry]]:
    """Entries per key, each list keeping the global order (oldest first)."""
    groups: dict[Any, list[Entry]] = {}
    for e in entries:
        keys = key(e)
        for k in (keys if multi else (keys,)):  # type: ignore[union-attr]
            if k is not None:
                groups.setdefault(k, []).append(e)
    return groups


def group_notices(
    notices: Iterable[NoticeSummary], key: Callable[[NoticeSummary], Hashable | None]
) -> dict[Any, list[NoticeSummary]]:
    groups: dict[Any, list[NoticeSummary]] = {}
    for n in notices:
        k = key(n)
        if k is not None:
            groups.setdefault(k, []).append(n)
    return groups


def write_index(
    site: Site,
    *,
    directory: str,
    nav: str,
    family: str,
    title: str,
    intro: str,
    column: str,
    groups: list[tuple[str | None, list[Row]]],
    link: str,
    extra_key: Any = (),
    **context: Any,
) -> None:
    """An index page (/banks/, /regions/, ...): every item with its count and sum of fines."""
    key = (title, intro, column, link, tuple((h, rows_key(rows)) for h, rows in groups), extra_key)
    site.html(directory, key, "family_index.html", nav, family, title=title, intro=intro, column=column,
              groups=groups, link=link, **context)
