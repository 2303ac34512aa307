"""Cross tables (an item × year, every cell a link to its receipt) and the yearly league tables of
bank groups and institution types, each with a CSV and server-side sorted variants (no script needed)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.core.csvsafe import csv_safe_cell
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_text
from sitegen.pages.listings import entries_digest
from sitegen.pages.receipts.keys import ALL, Dimension, league_path, receipt_path, table_path
from sitegen.pages.receipts.pages import FAMILY, Ledger
from sitegen.pages.receipts.rules import RULES, Figures, figures

ORDERS = {"tickets": "罚单数", "fines": "罚款合计"}  # the sorted variants of every table
LEAGUE_DIMENSIONS = ("type", "bank")


@dataclass(frozen=True, slots=True)
class Cell:
    figs: Figures
    path: str  # its receipt


@dataclass(frozen=True, slots=True)
class Line:
    ref: Ref
    total: Cell
    cells: tuple[Cell | None, ...]  # one per year of the table, None when the item has no record that year


def _sort_key(order: str) -> Callable[[Line], Any]:
    if order == "fines":
        return lambda ln: (-ln.total.figs.fines, -ln.total.figs.tickets, ln.ref.label)
    return lambda ln: (-ln.total.figs.tickets, -ln.total.figs.fines, ln.ref.label)


def cross_lines(ledger: Ledger, dim: Dimension, years: list[int]) -> list[Line]:
    lines = []
    for ref, items in ledger.groups[dim.name].items():
        runs = ledger.runs[(dim.name, ref)]
        cells = tuple(
            Cell(figures(items[runs[y][0]:runs[y][1]]), receipt_path(y, dim.name, ref.slug)) if y in runs else None
            for y in years
        )
        lines.append(Line(ref, Cell(figures(items), receipt_path(ALL, dim.name, ref.slug)), cells))
    return lines


def _csv(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    # Labels come from the data (a bank group the vocabularies do not know): shown as pages show them.
    writer.writerows([csv_safe_cell(shown_text(c) if isinstance(c, str) else c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8")


FIGURE_HEADER = ("罚单", "机构（家次）", "个人（人次）", "罚款合计(元)", "罚没合计(元)")


def _figure_cells(f: Figures) -> tuple[int, ...]:
    return (f.tickets, f.institutions, f.individuals, f.fines, f.forfeiture)


def write_cross_tables(ledger: Ledger) -> None:
    """Each table depends on every record: its key is a digest of them all, and its figures are counted
    only when it is rendered (a night with nothing new counts nothing)."""
    site = ledger.site
    years = list(reversed(ledger.years))  # newest first: the columns a reader wants first
    absolute = site.config.absolute
    digest = entries_digest(site.corpus.entries)
    for dim in ledger.dims:
        made: list[list[Line]] = []

        def lines(dim: Dimension = dim, made: list[list[Line]] = made) -> list[Line]:
            if not made:
                made.append(cross_lines(ledger, dim, years))
            return made[0]

        for order in ORDERS:
            path = table_path(dim.name, order)
            site.html_lazy(
                path, (dim.name, order, tuple(years), digest), "stats_table.html", "stats", FAMILY,
                lambda dim=dim, order=order, lines=lines: dict(
                    title=f"{dim.label} × 年份", dim=dim, years=years, lines=sorted(lines(), key=_sort_key(order)),
                    order=order, orders=ORDERS, variants={o: table_path(dim.name, o) for o in ORDERS},
                    csv=table_path(dim.name) + "table.csv", rules=RULES),
            )

        def table_csv(dim: Dimension = dim, lines: Callable[[], list[Line]] = lines) -> bytes:
            rows = [(dim.label, ln.ref.label, y, *_figure_cells(c.figs), absolute(c.path))
                    for ln in sorted(lines(), key=_sort_key("tickets"))
                    for y, c in zip(years, ln.cells, strict=True) if c]
            return _csv(rows, (dim.label, "项目", "年份", *FIGURE_HEADER, "凭据"))

        site.writer.page(table_path(dim.name) + "table.csv", ("table-csv", dim.name, tuple(years), digest,
                                                          absolute("")), table_csv, FAMILY)


@dataclass(frozen=True, slots=True)
class Standing:
    ref: Ref
    figs: Figures
    path: str
    previous: Figures | None
    previous_path: str | None

    @property
    def change(self) -> int | None:
        """Tickets against the previous year (None when the item had none then)."""
        return self.figs.tickets - self.previous.tickets if self.previous else None

    @property
    def fines_change(self) -> float | None:
        if not self.previous or not self.previous.fines:
            return None
        return (self.figs.fines - self.previous.fines) / self.previous.fines


def standings(ledger: Ledger, dimension: str, year: int, order: str = "tickets") -> list[Standing]:
    out = []
    for ref, items in ledger.groups[dimension].items():
        runs = ledger.runs[(dimension, ref)]
        if year not in runs:
            continue
        a, b = runs[year]
        prev = runs.get(year - 1)
        out.append(Standing(
            ref, figures(items[a:b]), receipt_path(year, dimension, ref.slug),
            figures(items[prev[0]:prev[1]]) if prev else None,
            receipt_path(year - 1, dimension, ref.slug) if prev else None,
        ))
    if order == "fines":
        out.sort(key=lambda s: (-s.figs.fines, -s.figs.tickets, s.ref.label))
    else:
        out.sort(key=lambda s: (-s.figs.tickets, -s.figs.fines, s.ref.label))
    return out


def write_leagues(ledger: Ledger) -> None:
    """A year's league depends on that year's and the previous year's records only."""
    site = ledger.site
    dims = {d.name: d for d in ledger.dims}
    absolute = site.config.absolute
    for year in ledger.years:
        key = (year, entries_digest(ledger.by_year[year]), entries_digest(ledger.by_year.get(year - 1, [])))
        base = league_path(year)
        for order in ORDERS:
            path = base if order == "tickets" else f"{base}by-{order}/"
            site.html_lazy(
                path, (order, key), "stats_league.html", "stats", FAMILY,
                lambda year=year, order=order, base=base: dict(
                    title=f"{year} 年排行", year=year,
                    tables=[(dims[n], standings(ledger, n, year, order)) for n in LEAGUE_DIMENSIONS],
                    order=order, orders=ORDERS,
                    variants={o: base if o == "tickets" else f"{base}by-{o}/" for o in ORDERS},
                    csv=base + "league.csv", rules=RULES),
            )

        def league_csv(year: int = year) -> bytes:
            rows = [(dims[name].label, s.ref.label, *_figure_cells(s.figs),
                     s.previous.tickets if s.previous else "", s.previous.fines if s.previous else "",
                     absolute(s.path))
                    for name in LEAGUE_DIMENSIONS for s in standings(ledger, name, year)]
            header = ("维度", "项目", *FIGURE_HEADER, f"{year - 1}年罚单", f"{year - 1}年罚款合计(元)", "凭据")
            return _csv(rows, header)

        site.writer.page(base + "league.csv", ("league-csv", key, absolute("")), league_csv, FAMILY)
