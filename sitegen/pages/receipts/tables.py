"""Cross tables (an item × year, every cell a link to its receipt) and the yearly league tables of
bank groups and institution types, each with a CSV and server-side sorted variants (no script needed)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitegen.core import urls
from sitegen.core.csvsafe import csv_safe_cell
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_text
from sitegen.core.summaries import Entry
from sitegen.core.writer import digest_of
from sitegen.pages.listings import contents_digest
from sitegen.pages.receipts.html import cross_body
from sitegen.pages.receipts.keys import ALL, Dimension, cross_path
from sitegen.pages.receipts.pages import FAMILY, Ledger, spread_pages, write_receipt
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
    for ref in ledger.groups[dim.name]:
        runs = ledger.runs[(dim.name, ref)]
        cells = tuple(
            Cell(ledger.figures_of(dim.name, ref, y), ledger.path_of(dim.name, ref, y)) if y in runs else None
            for y in years
        )
        lines.append(Line(ref, Cell(ledger.figures_of(dim.name, ref), ledger.path_of(dim.name, ref, ALL)), cells))
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
    """Each table depends on the records of its dimension's items (the regulators' on every record: which
    receipt a share links to depends on the period's, Ledger.path_of): its key is a digest of them, and
    its figures are counted only when it is rendered (a night with nothing new counts nothing)."""
    site = ledger.site
    years = list(reversed(ledger.years))  # newest first: the columns a reader wants first
    absolute = site.config.absolute
    every = contents_digest(site.corpus.entries)
    for dim in ledger.table_dims:
        made: list[list[Line]] = []
        digest = every if dim.name == "source" else digest_of(
            [(ref.slug, contents_digest(items)) for ref, items in ledger.groups[dim.name].items()])

        def lines(dim: Dimension = dim, made: list[list[Line]] = made) -> list[Line]:
            if not made:
                made.append(cross_lines(ledger, dim, years))
            return made[0]

        for order in ORDERS:
            path = urls.table_path(dim.name, order)
            site.html_lazy(
                path, (dim.name, order, tuple(years), digest), "stats_table.html", "stats", FAMILY,
                lambda dim=dim, order=order, lines=lines: dict(
                    title=f"{dim.label} × 年份", dim=dim, years=years,
                    body=cross_body(sorted(lines(), key=_sort_key(order)), site.config.base_path),
                    order=order, orders=ORDERS, variants={o: urls.table_path(dim.name, o) for o in ORDERS},
                    csv=urls.table_csv(dim.name), rules=RULES),
            )

        def table_csv(dim: Dimension = dim, lines: Callable[[], list[Line]] = lines) -> bytes:
            rows = [(dim.label, ln.ref.label, y, *_figure_cells(c.figs), absolute(c.path))
                    for ln in sorted(lines(), key=_sort_key("tickets"))
                    for y, c in zip(years, ln.cells, strict=True) if c]
            return _csv(rows, (dim.label, "项目", "年份", *FIGURE_HEADER, "凭据"))

        site.writer.page(urls.table_csv(dim.name), ("table-csv", dim.name, tuple(years), digest,
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
    for ref in ledger.groups[dimension]:
        runs = ledger.runs[(dimension, ref)]
        if year not in runs:
            continue
        prev = year - 1 in runs
        out.append(Standing(
            ref, ledger.figures_of(dimension, ref, year), ledger.path_of(dimension, ref, year),
            ledger.figures_of(dimension, ref, year - 1) if prev else None,
            ledger.path_of(dimension, ref, year - 1) if prev else None,
        ))
    out.sort(key=_standing_key(order))
    return out


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a year's league: its anchor and heading."""

    name: str
    label: str


def _source_share(ledger: Ledger, ref: Ref, code: str, year: int) -> tuple[list[Entry], str] | None:
    """A bank group's records of one regulator in a year, and their receipt: the group's receipt of
    the year when they are all its records that year, else stats/{yyyy}/bank/{slug}/source/{code}/."""
    run = ledger.runs[("bank", ref)].get(year)
    if run is None:
        return None
    items = ledger.groups["bank"][ref][run[0]:run[1]]
    share = [e for e in items if e.source == code]
    if not share:
        return None
    if len(share) == len(items):
        return share, ledger.path_of("bank", ref, year)
    return share, cross_path(year, ("bank", ref.slug), ("source", code))


def source_standings(ledger: Ledger, code: str, year: int, order: str = "tickets") -> list[Standing]:
    """The bank groups of a year counted on one regulator's records only (the PBOC's own league)."""
    out = []
    for ref in ledger.groups["bank"]:
        now = _source_share(ledger, ref, code, year)
        if now is None:
            continue
        before = _source_share(ledger, ref, code, year - 1)
        out.append(Standing(ref, figures(now[0]), now[1], figures(before[0]) if before else None,
                            before[1] if before else None))
    out.sort(key=_standing_key(order))
    return out


def _standing_key(order: str) -> Callable[[Standing], Any]:
    if order == "fines":
        return lambda s: (-s.figs.fines, -s.figs.tickets, s.ref.label)
    return lambda s: (-s.figs.tickets, -s.figs.fines, s.ref.label)


def write_source_shares(ledger: Ledger) -> None:
    """The receipts the regulators' leagues link to: a bank group's share of a year from one regulator,
    for the groups penalised by more than one that year."""
    if not ledger.multi_source:
        return
    sources = {d.name: d for d in ledger.dims}["source"]
    bank = {d.name: d for d in ledger.dims}["bank"]
    for ref, items in ledger.groups["bank"].items():
        for year, (a, b) in ledger.runs[("bank", ref)].items():
            codes = ledger.sources(items[a:b])
            if len(codes) < 2:
                continue
            for code in codes:
                source_ref = next(r for r in ledger.groups["source"] if r.key == code)
                positions = [i for i in range(a, b) if items[i].source == code]
                base = bank.listing(ref) or ""
                write_receipt(ledger, path=cross_path(year, ("bank", ref.slug), ("source", code)), period=year,
                              dimension=bank, ref=ref, second=(sources, source_ref),
                              records=[items[i] for i in positions], spread=True,
                              shared=spread_pages(base, positions, len(items), ledger.site.config.page_size))


def league_tables(ledger: Ledger, year: int, order: str) -> list[tuple[Any, list[Standing]]]:
    """The tables of a year's league: institution types and bank groups; with more than one regulator,
    the regulators first and each regulator's own league of bank groups after."""
    dims = {d.name: d for d in ledger.dims}
    tables: list[tuple[Any, list[Standing]]] = []
    if ledger.multi_source:
        tables.append((dims["source"], standings(ledger, "source", year, order)))
    tables += [(dims[n], standings(ledger, n, year, order)) for n in LEAGUE_DIMENSIONS]
    if ledger.multi_source:
        for ref in ledger.groups["source"]:
            rows = source_standings(ledger, ref.key, year, order)
            if rows:
                tables.append((Table(f"bank-{ref.slug}", f"{dims['bank'].label}：{ref.label}处罚"), rows))
    return tables


def write_leagues(ledger: Ledger) -> None:
    """A year's league depends on that year's and the previous year's records only."""
    site = ledger.site
    absolute = site.config.absolute
    write_source_shares(ledger)
    made: dict[int, list[tuple[Any, list[Standing]]]] = {}

    def tables(year: int, order: str) -> list[tuple[Any, list[Standing]]]:
        """A year's tables, counted once for both its orders and its CSV."""
        if year not in made:
            made[year] = league_tables(ledger, year, "tickets")
        if order == "tickets":
            return made[year]
        return [(table, sorted(rows, key=_standing_key(order))) for table, rows in made[year]]

    for year in ledger.years:
        key = (year, contents_digest(ledger.by_year[year]), contents_digest(ledger.by_year.get(year - 1, [])))
        for order in ORDERS:
            path = urls.league_path(year, order)
            site.html_lazy(
                path, (order, key), "stats_league.html", "stats", FAMILY,
                lambda year=year, order=order: dict(
                    title=f"{year} 年排行", year=year,
                    tables=tables(year, order),
                    order=order, orders=ORDERS,
                    variants={o: urls.league_path(year, o) for o in ORDERS},
                    csv=urls.league_csv(year), rules=RULES),
            )

        def league_csv(year: int = year) -> bytes:
            rows = [(table.label, s.ref.label, *_figure_cells(s.figs),
                     s.previous.tickets if s.previous else "", s.previous.fines if s.previous else "",
                     absolute(s.path))
                    for table, rows in tables(year, "tickets") for s in rows]
            header = ("维度", "项目", *FIGURE_HEADER, f"{year - 1}年罚单", f"{year - 1}年罚款合计(元)", "凭据")
            return _csv(rows, header)

        site.writer.page(urls.league_csv(year), ("league-csv", key, absolute("")), league_csv, FAMILY)
