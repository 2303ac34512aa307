"""From a figure on an existing page to its receipt: the functions templates call to link a number, and
which breakdown rows of the item pages have a receipt (rows_shown), kept side by side so they agree.

A page that shows figures says which records it is about with `stat` = (period, dimension, slug): the
home page's year box is (2025, None, None), a bank's page ("all", "bank", slug), an index page
("all", None, None). A breakdown row on such a page then has a receipt: a year row of an item's page,
an item row of a period's page, and an item row of an item's page (a bank's page broken down by
region) its row on the item's receipt, stats/all/bank/{slug}/#region-{slug2}: figures, a sentence, and
the item's CSV filtered on one column (no page or file of its own: there are about 9,000 such rows at
5,000 notices, and pages of their own made the site half as big again). A regulator's share of a figure
(金融监管总局 … · 人民银行 …) links to the figure's own receipt when its records all come from one
regulator, else to its row on the item's receipt (#source-pboc), or to stats/{yyyy}/source/{code}/.
"""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.families import ITEM_SECTIONS, TOP_SECTIONS
from sitegen.core.refs import Ref
from sitegen.core.stats import GROUPS_SHOWN, breakdown
from sitegen.core.summaries import Entry
from sitegen.pages.receipts import html
from sitegen.pages.receipts.keys import ALL

# The dimension whose items a family's pages are (the `link` a breakdown row links its label to).
DIMENSION_OF_FAMILY = {urls.BANKS: "bank", urls.VIOLATIONS: "violation", urls.REGIONS: "region",
                       urls.REGULATORS: "regulator"}

# The breakdowns of each item page (sitegen/core/families.py ITEM_SECTIONS, the pages' own list): (dimension
# of the rows, whether only the first GROUPS_SHOWN rows by tickets are shown). A year page's rows have
# receipts of their own (stats/{yyyy}/{dimension}/{slug}/), and by-year rows are the item's year receipts.
PAGE_BREAKDOWNS: dict[str, tuple[tuple[str, bool], ...]] = {
    page: tuple((dimension, dimension in TOP_SECTIONS) for dimension in dimensions if dimension != "year")
    for page, dimensions in ITEM_SECTIONS.items() if page != "year"
}
# The pages whose totals show each regulator's share (every item page above).
SPLIT_PAGES = tuple(PAGE_BREAKDOWNS)

# The CSV column (sitegen/pages/receipts/records.py) a breakdown row of each dimension filters on.
CSV_COLUMN = {"region": "地区", "regulator": "监管机构", "violation": "违法类型", "bank": "机构（集团）",
              "source": "监管部门"}

Stat = tuple[Any, ...]  # (period, dimension, slug)


def _refs(items: list[Entry], dimension: str, top: bool) -> list[Ref]:
    if top:  # exactly the rows the page shows (the same breakdown, the same order, the same limit)
        return [r.ref for r in breakdown(items, "group", ref=lambda r: r, limit=GROUPS_SHOWN) if r.ref]
    get = {"region": lambda e: (e.region,), "regulator": lambda e: (e.regulator,),
           "violation": lambda e: e.categories}[dimension]
    return [ref for ref in dict.fromkeys(r for e in items for r in get(e)) if ref is not None]


def rows_shown(dimension: str, items: list[Entry], multi_source: bool) -> list[tuple[str, list[Ref]]]:
    """(dimension of the rows, their items) of every breakdown the item's page shows, and with more than
    one regulator in the data, its regulators when its records come from more than one."""
    shown = [(second, _refs(items, second, top)) for second, top in PAGE_BREAKDOWNS.get(dimension, ())]
    if multi_source and dimension in SPLIT_PAGES:
        sources = sorted({e.source for e in items}, key=lambda c: (c != "nfra", c))
        if len(sources) > 1:
            shown.append(("source", [_source(code) for code in sources]))
    return shown


def _source(code: str) -> Ref:
    return Ref(code, code, code)


def row_anchor(dimension: str, slug: str) -> str:
    """The address of a breakdown row on its item's receipt: stats/all/bank/abc/#region-beijing."""
    return f"{dimension}-{slug}"


def anchored(path: str, anchor: str) -> str:
    """A figure's link: the receipt's line of the figure, or the row (which shows every figure) itself."""
    return path if "#" in path else f"{path}#{anchor}"


def stat_path(stat: Stat | None) -> str | None:
    """The receipt of a page's own totals."""
    if stat is None:
        return None
    period, dimension, slug = stat
    return urls.receipt_path(period, dimension, slug)


def receipt_of(stat: Stat | None, link: str | None, row: Any) -> str | None:
    """The receipt of a breakdown row (stats.Row) shown on the page described by `stat`."""
    if stat is None:
        return None
    period, dimension, slug = stat
    if link == urls.YEARS or (link is None and isinstance(row.key, int) and period == ALL):
        year = row.key if isinstance(row.key, int) else int(row.ref.slug)
        return urls.receipt_path(year, dimension, slug)
    family = DIMENSION_OF_FAMILY.get(link or "")
    if family and row.ref is not None:
        if dimension is None:
            return urls.receipt_path(period, family, row.ref.slug)
        return urls.receipt_path(period, dimension, slug) + "#" + row_anchor(family, row.ref.slug)
    return None


def source_path(receipt: str | None, stat: Stat | None, code: str, regulators: int) -> str | None:
    """The receipt of one regulator's share of a figure whose receipt is `receipt` (its records come
    from `regulators` regulators): the figure's own when it is the only one."""
    if receipt is None or regulators < 2:
        return receipt
    if "#" in receipt:  # a row of a receipt (a bank's people, #kind-individual): its own row per regulator
        return f"{receipt}-{code}"
    if stat is None:  # a receipt that is no item's (the repeats'): its row per regulator
        return f"{receipt}#{row_anchor('source', code)}"
    period, dimension, slug = stat
    if dimension is None:
        return urls.receipt_path(period, "source", code)
    return urls.receipt_path(period, dimension, slug) + "#" + row_anchor("source", code)


def row_source_path(stat: Stat | None, link: str | None, row: Any, code: str) -> str | None:
    """The receipt of one regulator's share of an index row (its 按监管部门 column)."""
    receipt = receipt_of(stat, link, row)
    if receipt is None or len(row.by_source) < 2:
        return receipt
    family = DIMENSION_OF_FAMILY.get(link or "")
    if family and row.ref is not None:
        return urls.receipt_path(ALL, family, row.ref.slug) + "#" + row_anchor("source", code)
    if isinstance(row.key, int):
        return urls.receipt_path(row.key, "source", code)
    return None


def install(env: Any) -> None:
    """Make the functions available to every template of a build."""
    base_path = env.globals["url"]()
    env.globals.update(receipt_of=receipt_of, stat_path=stat_path, source_path=source_path,
                       row_source_path=row_source_path, anchored=anchored, change=html.change,
                       standings_table=lambda rows, column, with_previous=True: html.standings_table(
                           rows, column, base_path, with_previous))
