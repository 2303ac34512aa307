"""Receipt pages: one per (period, dimension, item), with the figure's rules, its records, its CSV and
its citation sentence (addresses made by sitegen.core.urls).

Records are listed where they already are: the records of 2025 for a bank are one contiguous run of
the bank's own listing (/banks/{slug}/, oldest first, fixed pages), so its receipt links to those pages
(saying which positions) instead of repeating 290,000 rows again per dimension: at 5,000 notices,
receipts that also showed up to 50 records themselves made 37 MB of HTML, 60% of the site before them.
N-year bans and the decision-date years have no listing elsewhere: their all-time receipts list their
records on their own pages, paginated as the listings are; an institution type's records are all the
records of its bank groups (a group has one type), so its receipts name those groups' listings. CSVs are shared the same
way: the records of a year of an item are one run of the rows of the item's all-time CSV (oldest first),
and a month's of its year's, so such a receipt names those rows instead of writing them again (at 5,000
notices 3,900 files and about half the bytes of the receipts' CSVs). The receipts of a month
(stats/{yyyy-mm}/) are runs of their year's listing. A regulator's share of a period (or of a bank
group's year) is scattered over a listing: such a receipt names the listing pages that hold its records.
The breakdown rows of an item's page are rows of its all-time receipt (_breakdowns), their records rows
of its CSV.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from operator import attrgetter, itemgetter
from typing import Any

from sitegen.core import urls
from sitegen.core.families import group_entries, group_notices
from sitegen.core.output import Site
from sitegen.core.paginate import Listing, Page
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_html
from sitegen.core.summaries import Entry, NoticeSummary
from sitegen.pages.institution_pages import Branch, group_tree
from sitegen.pages.listings import contents_digest, entries_digest
from sitegen.pages.receipts.html import breakdown_body, cite_defaults, cite_note, filters_csv, tree_body
from sitegen.pages.receipts.keys import (
    ALL,
    BRANCH,
    SANCTION,
    SANCTION_COLUMN,
    SANCTIONS,
    Dimension,
    dimensions,
    sanction_labels,
)
from sitegen.pages.receipts.links import CSV_COLUMN, rows_shown
from sitegen.pages.receipts.receipt_page import archive_content, receipt_content
from sitegen.pages.receipts.records import PARTIAL, record_rows, records_csv
from sitegen.pages.receipts.rules import (
    BASIS_LABEL,
    DECIDED,
    PUBLISHED,
    REGISTER,
    RULES,
    Figures,
    Tally,
    add_figures,
    figures,
)
from sitegen.pages.receipts.sentence import (
    NODE_SAME,
    NODE_TEMPLATE,
    ROW_SAME,
    ROW_TEMPLATE,
    SUB_ROW,
    node_values,
    row_template,
    row_values,
    scope_frame,
    sentence,
)

FAMILY = "stats"
# The order of a CSV whose rows a–b a receipt names: a decision year's, or the repeats' (year, then publication).
CSV_ORDER = {DECIDED: "处罚决定日期", REGISTER: "年份（处罚决定日期，未写明的按发布日期）、再按公告发布日期"}

Link = tuple[str, str]  # (site path, label)
_DOC_ID = attrgetter("doc_id")
_FINE = attrgetter("fine_counted")
_DAY_INDEX = itemgetter(0, 1)
_SOURCE = attrgetter("source")
_YEAR = attrgetter("year")


@dataclass
class Ledger:
    """What every receipt of a build shares, and the groupings the tables and reviews reuse."""

    site: Site
    status: dict[int, str]  # doc_id -> parse_status
    decided: dict[tuple[int, int], date]
    dims: tuple[Dimension, ...]
    by_year: dict[int, list[Entry]]
    groups: dict[str, dict[Ref, list[Entry]]]  # dimension -> item -> records (all years, oldest first)
    runs: dict[tuple[str, Ref], dict[int, tuple[int, int]]] = field(default_factory=dict)  # -> year -> [a, b)
    unparsed: dict[int, list[NoticeSummary]] = field(default_factory=dict)  # failed notices by year
    by_decided: dict[int, list[Entry]] = field(default_factory=dict)  # records by decision year
    source_labels: dict[str, str] = field(default_factory=dict)  # regulator code -> short name
    csv_lines: dict[int, bytes] = field(default_factory=dict)  # entry index -> its line in every receipt CSV
    _figures: dict[tuple[str, Ref, int | None], Figures] = field(default_factory=dict)
    _item_keys: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @property
    def latest_day(self) -> date | None:
        return self.site.corpus.latest_day

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    @cached_property
    def multi_source(self) -> bool:
        """Whether the data holds more than one regulator's records (asked per receipt: counted once)."""
        return len(self.sources(self.site.corpus.entries)) > 1

    @property
    def table_dims(self) -> tuple[Dimension, ...]:
        """The dimensions with cross tables and tables of the year: every one but the kind of party (one
        item, /people/), and the regulators only when there is more than one."""
        return tuple(d for d in self.dims if d.name != "kind" and (self.multi_source or not d.spread))

    @cached_property
    def rules_box(self) -> Any:
        """The counting rules in short, as every receipt shows them: made once (_rules.html)."""
        module = self.site.renderer.env.get_template("_rules.html").module
        return module.counting_rules(RULES, short=True)  # type: ignore[attr-defined]

    @cached_property
    def _pager(self) -> Any:
        return self.site.renderer.env.get_template("_macros.html").module.pager  # type: ignore[attr-defined]

    def pager(self, page: Page[Entry], listing: Listing[Entry]) -> str:
        """The pager of a receipt's own record list: _macros.html's, shared with every listing."""
        return shown_html(self._pager(page, listing))

    def page(self, title: str, path: str, content: str, cited: bool = False) -> str:
        """A statistics page made in Python inside base.html's frame: no menu (one page per figure).
        `cited`: it has tables whose rows' sentences static/cite.js shows."""
        renderer = self.site.renderer
        scripts = f'<script src={renderer.env.globals["static"]("cite.js")} defer></script>' \
            if cited else ""
        return renderer.frame.page(title=shown_html(title), canonical=self.site.config.absolute(path),
                                   content=content, nav=None, scripts=scripts)

    def item_keys(self, dimension: Dimension) -> list[tuple[str, ...]]:
        """Each record's items of a dimension (their keys, each once), by Entry.index: made once per build
        for every item receipt's breakdowns (a record is in a dozen of them)."""
        made = self._item_keys.get(dimension.name)
        if made is None:
            values = dimension.values
            made = self._item_keys[dimension.name] = [
                tuple(dict.fromkeys(r.key for r in values(e))) for e in self.site.corpus.entries]
        return made

    @cached_property
    def _partial_docs(self) -> frozenset[int]:
        return frozenset(doc for doc, status in self.status.items() if status == PARTIAL)

    def partial_count(self, records: Sequence[Entry]) -> int:
        """How many of the records come from partly parsed notices (a set lookup each, counted in C)."""
        partial = self._partial_docs
        return sum(map(partial.__contains__, map(_DOC_ID, records))) if partial else 0

    def figures_of(self, dimension: str, ref: Ref, year: int | None = None) -> Figures:
        """The figures of an item's records (of one year): counted once, however many tables show them
        (a year's league in two orders and its CSV, the year's review, the cross table)."""
        key = (dimension, ref, year)
        made = self._figures.get(key)
        if made is None:
            items = self.groups[dimension][ref]
            runs = self.runs[(dimension, ref)]
            if year is not None:
                a, b = runs[year]
                made = figures(items[a:b])
            elif len(runs) > 1 and sum(b - a for a, b in runs.values()) == len(items):
                # Every record is in one year's run, and a notice's records in the same year (one
                # publication date): the all-time figures are the years' added up, which the item's year
                # receipts and the cross tables count anyway (each record was counted twice).
                made = add_figures([self.figures_of(dimension, ref, y) for y in runs])
            else:
                made = figures(items)
            self._figures[key] = made
        return made

    def path_of(self, dimension: str, ref: Ref, period: int | str) -> str:
        """The receipt of an item in a period. A regulator's share of a period whose records all come
        from it is the period's own receipt (no copy of it is written)."""
        if dimension == "source":
            records = self.site.corpus.entries if period == ALL else self.by_year.get(period, [])
            if len(self.sources(records)) < 2:
                return urls.receipt_path(period)
        return urls.receipt_path(period, dimension, ref.slug)

    @cached_property
    def _only_source(self) -> tuple[str, ...] | None:
        """The one regulator of every record, when the data has one: then no set of records needs
        looking at (asked for every receipt, row and tree node: a pass over each one's records)."""
        codes = set(map(_SOURCE, self.site.corpus.entries))
        return (codes.pop(),) if len(codes) == 1 else None

    def sources(self, records: Sequence[Entry]) -> tuple[str, ...]:
        """The regulators of a set of records, NFRA first (what its sentence names)."""
        only = self._only_source
        if only is not None:
            return only if records else ()
        return self.ordered_sources(set(map(_SOURCE, records)))

    def ordered_sources(self, codes: set[str]) -> tuple[str, ...]:
        """Regulator codes as sources() gives them: NFRA first."""
        if len(codes) == 1:
            return (next(iter(codes)),)
        return tuple(sorted(codes, key=lambda c: (c != "nfra", c)))

    def as_of(self, period: int | str, basis: str, records: Sequence[Entry]) -> date | None:
        """The date a receipt's figures are stated as of. A past year counted by publication date is
        closed on its last day; otherwise it is the publication date of the newest of its records: true
        of the figures (nothing of theirs was published since), and it moves only when they change, so a
        night's new notices rewrite the receipts they join and no other (the newest date of all the data
        would have rewritten every receipt of the open year and of all years, 1,429 files a night at 5,000
        notices)."""
        latest = self.latest_day
        if basis == PUBLISHED and isinstance(period, int) and latest and period < latest.year:
            return date(period, 12, 31)
        if basis == PUBLISHED and isinstance(period, str) and period != ALL and latest:  # a month: yyyy-mm
            year, month = map(int, period.split("-"))
            if (year, month) < (latest.year, latest.month):
                return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if basis == PUBLISHED:  # records are in publication order: the newest is the last
            return records[-1].day if records else None
        return max((e.day for e in records if e.day), default=None)


def year_runs(items: Sequence[Entry]) -> dict[int, tuple[int, int]]:
    """year -> [first, last) positions of that year's records in `items` (oldest first, so each year's
    records are one run). Made by dicts filled in C (the last position of each year, then the first, from
    the reversed list), not a loop over the records: the runs of every item were a seventh of a night's
    statistics CPU. Records without a date (year None) have no run."""
    years = list(map(_YEAR, items))
    last = dict(zip(years, range(len(years)), strict=True))
    first = dict(zip(reversed(years), range(len(years) - 1, -1, -1), strict=True))
    return {year: (first[year], end + 1) for year, end in last.items() if year is not None}


def listing_pages(base: str, a: int, b: int, total: int, size: int) -> list[Link]:
    """The pages of a listing (`base`, `total` entries) that hold its entries [a, b), oldest first."""
    archives = total // size
    last = min((b - 1) // size + 1, archives)
    links = [(urls.archive_page(base, k), f"第 {k} 页") for k in range(a // size + 1, last + 1)]
    if b > archives * size:
        links.append((base, "最新一页"))
    return links


def branch_listing(base: str, total: int, size: int) -> list[Link]:
    """A branch page (`base`) that lists `total` records, then its fixed archive pages when it has more
    than one page: what a receipt's row names for exactly those records."""
    archives = [link for link in listing_pages(base, 0, total, total, size) if link[0] != base] \
        if total > size else []
    return [(base, "分支机构专页"), *archives]


def spread_pages(base: str, positions: Sequence[int], total: int, size: int) -> list[Link]:
    """The pages of a listing (`base`, `total` entries) that hold the entries at `positions` (ascending)."""
    archives = total // size
    pages = sorted({p // size + 1 for p in positions if p < archives * size})
    links = [(urls.archive_page(base, k), f"第 {k} 页") for k in pages]
    if positions and positions[-1] >= archives * size:
        links.append((base, "最新一页"))
    return links


def make_ledger(site: Site, decided: dict[tuple[int, int], date]) -> Ledger:
    corpus = site.corpus
    dims = dimensions(site.vocab.institution_types, {s.code: s.short for s in site.vocab.sources})
    groups = {d.name: group_entries(corpus.entries, d.values, multi=True) for d in dims}
    ledger = Ledger(
        site=site,
        status={n.doc_id: n.parse_status for n in corpus.notices},
        decided=decided,
        dims=dims,
        by_year=group_entries(corpus.entries, lambda e: e.year),
        groups=groups,
        unparsed=group_notices([n for n in corpus.notices if not n.party_count], lambda n: n.year),
        source_labels={s.code: s.short for s in site.vocab.sources},
    )
    for name, items_of in groups.items():
        for ref, items in items_of.items():
            ledger.runs[(name, ref)] = year_runs(items)
    return ledger


def write_receipt(
    ledger: Ledger,
    *,
    path: str,
    period: int | str,
    dimension: Dimension | None,
    ref: Ref | None,
    records: list[Entry],
    basis: str = PUBLISHED,
    shared: list[Link] | None = None,
    position: tuple[int, int] | None = None,
    own: bool = False,
    spread: bool = False,
    grouped: bool = False,
    unparsed: Sequence[NoticeSummary] = (),
    note: str = "",
    second: tuple[Dimension, Ref] | None = None,
    csv_of: tuple[str, int, int] | None = None,
    breakdowns: bool = False,
    months: list[Link] | None = None,
    rows_of: Callable[[], list[tuple[Dimension, str, list[BreakdownRow], str]]] | None = None,
    csv_bytes: Callable[[], bytes] | None = None,
    csv_extra: tuple[str, Callable[[Entry], str]] | None = None,
    extra_key: Any = None,
    counted: bool = False,
) -> None:
    """Write one receipt (its page, its archive pages when `own`, its CSV). `csv_of`: (receipt, first row,
    last row) when the records are a run of another receipt's CSV (a year of an item's, a month of a
    year's), which the page then names instead of writing a copy of those rows. A receipt of the
    register (sitegen/pages/receipts/repeats.py) brings its own rows (`rows_of`), CSV (`csv_bytes`) and
    what else they depend on (`extra_key`). `counted`: the records are all the item's records of the period,
    whose figures the cross tables and leagues show too (Ledger.figures_of: counted once)."""
    site = ledger.site
    config = site.config
    base_path = config.base_path
    as_of = ledger.as_of(period, basis, records)
    # What a receipt shows of its records is their content (Entry.content). One that also shows what the
    # register makes of them (a group's tree and branch pages; the register's receipts, which bring an
    # `extra_key`) keys on Entry.fingerprint, which holds the register's marks too: later notices move them.
    tree = breakdowns and dimension is not None and dimension.name == "bank"
    digest = entries_digest(records) if tree or extra_key is not None else contents_digest(records)
    first_year = ledger.years[0] if ledger.years else None
    what = ref.label if ref else "全部"
    period_label = f"{period} 年" if isinstance(period, int) else "历年" if period == ALL else \
        "{} 年 {} 月".format(*map(int, str(period).split("-")))
    heading = f"{period_label} · {dimension.label + '：' if dimension else ''}{what}"
    if second:
        heading += f" · {second[0].label}：{second[1].label}"
    scopes = ((dimension.name, ref.label),) if dimension and ref else ()
    if second:
        scopes += ((second[0].name, second[1].label),)
    sources = ledger.sources(records)
    listing: Listing[Entry] | None = Listing(path, records, config.page_size) if own else None
    shown: list[Entry] = listing.landing().entries if listing else []
    key = (heading, basis, as_of, digest, shared, position, own, spread, grouped, csv_of, months,
           tuple((n.doc_id, n.fingerprint) for n in unparsed), note, first_year if period == ALL else None, sources,
           extra_key)

    def render() -> str:
        figs = ledger.figures_of(dimension.name, ref, period if isinstance(period, int) else None) \
            if counted and dimension and ref else figures(records)
        nodes = _tree_rows(ledger, ref, records, path) if tree and ref else []
        named = {r.alias for r in nodes if r.alias}
        sections = rows_of() if rows_of else _breakdowns(ledger, dimension, ref, records, path, first_year, named) \
            if breakdowns and dimension and ref else []
        page = listing.landing() if listing else None
        content = receipt_content(
            base_path=base_path, heading=heading, basis=BASIS_LABEL[basis], as_of=as_of,
            closed=isinstance(period, int) and basis == PUBLISHED and as_of == date(period, 12, 31),
            figs=figs, partial=ledger.partial_count(records), shown=len(shown), note=note,
            sentence=sentence(figs, period=period, first_year=first_year, scopes=scopes, sources=sources,
                              source_labels=ledger.source_labels, basis=basis, as_of=as_of,
                              url=config.absolute(path)),
            csv=urls.receipt_csv(csv_of[0] if csv_of else path), csv_rows=csv_of[1:] if csv_of else None,
            csv_order=CSV_ORDER.get(basis, "公告发布日期"), months=months or [], shared=shared or [],
            grouped=grouped, period=period, position=position, decided=basis == DECIDED, spread=spread,
            pager=ledger.pager(page, listing) if page and listing else "",
            rows=record_rows(shown, base_path, ledger.status, ledger.decided),
            sections=[(dim, column, on, breakdown_body(rows, on, base_path, cite), cite_note(template, ROW_SAME, cite))
                      for dim, column, rows, template in sections
                      for on, cite in ((filters_csv(rows), cite_defaults(rows)),)],
            tree=_tree_table(nodes, base_path, first_year), tree_slug=ref.slug if ref else None,
            unparsed=list(reversed(unparsed)), label=site.renderer.label, rules_box=ledger.rules_box)
        return ledger.page(f"统计凭据：{heading}", path, content, cited=bool(sections or nodes))

    site.writer.page(urls.index_file(path), ("receipt", key), render, FAMILY)
    if csv_of is None:
        site.writer.page(
            urls.receipt_csv(path), ("csv", digest, extra_key, csv_extra[0] if csv_extra else None),
            csv_bytes or (lambda: records_csv(records, ledger.status, ledger.decided, csv_extra,
                                             lines=ledger.csv_lines)),
            FAMILY,
        )
    if listing is None:
        return
    for k in range(1, listing.archive_count + 1):
        archive = listing.archive(k)

        def render_archive(archive: Page[Entry] = archive, k: int = k) -> str:
            pager = ledger.pager(archive, listing)
            rows = record_rows(archive.entries, base_path, ledger.status, ledger.decided)
            content = archive_content(base_path=base_path, heading=heading, parent=path, number=k, pager=pager,
                                      rows=rows)
            return ledger.page(f"统计凭据：{heading} · 第 {k} 页", archive.path, content)

        site.writer.page(urls.index_file(archive.path),
                         ("receipt-archive", (heading, k, archive.newer, contents_digest(archive.entries))),
                         render_archive, FAMILY)


def write_receipts(site: Site, decided: dict[tuple[int, int], date]) -> Ledger:
    """Every receipt of the site; returns the ledger the tables and the year reviews are made from."""
    ledger = make_ledger(site, decided)
    size = site.config.page_size
    corpus = site.corpus
    every_unparsed = [n for y in sorted(ledger.unparsed) for n in ledger.unparsed[y]]
    write_receipt(ledger, path=urls.receipt_path(ALL), period=ALL, dimension=None, ref=None, records=corpus.entries,
             shared=[(urls.year(y), f"{y} 年") for y in reversed(ledger.years)], unparsed=every_unparsed)
    # A year's records are one run of every record (oldest first): its receipt names those rows of the
    # all-time CSV instead of writing them again (at 100,000 notices 5.5 MB of gzip), as an item's year does.
    for year, items in ledger.by_year.items():
        a, b = items[0].index, items[-1].index + 1  # Entry.index: the position in every record's CSV
        run = b - a == len(items)  # always, entries being in publication order; else a CSV of its own
        write_receipt(ledger, path=urls.receipt_path(year), period=year, dimension=None, ref=None, records=items,
                 shared=listing_pages(urls.year(year), 0, len(items), len(items), size),
                 position=(1, len(items)), csv_of=(urls.receipt_path(ALL), a + 1, b) if run else None,
                 unparsed=ledger.unparsed.get(year, ()))
        _write_months(ledger, year, items, a if run else None)
    _write_decided(ledger)
    for dim in ledger.dims:
        for ref, items in ledger.groups[dim.name].items():
            _write_item(ledger, dim, ref, items)
    return ledger


def _write_item(ledger: Ledger, dim: Dimension, ref: Ref, items: list[Entry]) -> None:
    """The all-time and yearly receipts of one item."""
    size = ledger.site.config.page_size
    if dim.spread:  # a regulator: its records are a share of every year's listing
        if not ledger.multi_source:
            return  # one regulator only: its receipts would be the periods' own (Ledger.path_of)
        write_receipt(ledger, path=urls.receipt_path(ALL, dim.name, ref.slug), period=ALL, dimension=dim, ref=ref,
                 counted=True, records=items, shared=[(urls.year(y), f"{y} 年") for y in reversed(ledger.years)])
        for year, (a, b) in ledger.runs[(dim.name, ref)].items():
            if len(ledger.sources(ledger.by_year[year])) < 2:
                continue
            period = ledger.by_year[year]
            where = {e.index: i for i, e in enumerate(period)}
            write_receipt(ledger, path=urls.receipt_path(year, dim.name, ref.slug), period=year, dimension=dim, ref=ref,
                 counted=True, records=items[a:b], spread=True,
                     shared=spread_pages(urls.year(year), [where[e.index] for e in items[a:b]], len(period), size))
        return
    base = dim.listing(ref)
    groups = _whole_groups(ledger, items) if base is None and dim.name == "type" else None
    if groups is not None:
        _write_grouped(ledger, dim, ref, items, groups)
        return
    own = base is None
    write_receipt(ledger, path=urls.receipt_path(ALL, dim.name, ref.slug), period=ALL, dimension=dim, ref=ref,
                 counted=True, records=items, own=own, breakdowns=True,
             csv_extra=(SANCTION_COLUMN, sanction_labels) if dim.name == "kind" else None,
             shared=None if base is None else listing_pages(base, 0, len(items), len(items), size),
             position=None if own else (1, len(items)))
    for year, (a, b) in ledger.runs[(dim.name, ref)].items():
        write_receipt(ledger, path=urls.receipt_path(year, dim.name, ref.slug), period=year, dimension=dim, ref=ref,
                 counted=True, records=items[a:b],
                 shared=listing_pages(base or urls.receipt_path(ALL, dim.name, ref.slug), a, b, len(items), size),
                 position=(a + 1, b), csv_of=(urls.receipt_path(ALL, dim.name, ref.slug), a + 1, b))


def _whole_groups(ledger: Ledger, items: list[Entry]) -> list[Ref] | None:
    """The bank groups whose records are, all of them, these records (an institution type's: a group has
    one type), most records first; None when a record has no group or a group has records elsewhere."""
    counts: dict[Ref, int] = {}
    for e in items:
        if e.group is None:
            return None
        counts[e.group] = counts.get(e.group, 0) + 1
    if any(len(ledger.groups["bank"][g]) != n for g, n in counts.items()):
        return None
    return sorted(counts, key=lambda g: (-counts[g], g.label))


def _write_grouped(ledger: Ledger, dim: Dimension, ref: Ref, items: list[Entry], groups: list[Ref]) -> None:
    """The receipts of an institution type whose records are all the records of some bank groups: they
    name those groups' listings (fixed archive pages, the pages of the year for a year's receipt) instead
    of listing every record again on pages of their own (at 100,000 notices 1,237 pages, 36 MB: each record
    was on its group's listing and on its type's). Its CSV is its own, as before."""
    size = ledger.site.config.page_size
    bank = next(d for d in ledger.dims if d.name == "bank")
    path = urls.receipt_path(ALL, dim.name, ref.slug)
    write_receipt(ledger, counted=True, path=path, period=ALL, dimension=dim, ref=ref, records=items, breakdowns=True,
                  grouped=True, shared=[(bank.listing(g) or "", g.label) for g in groups])
    for year, (a, b) in ledger.runs[(dim.name, ref)].items():
        shared = []
        # Most records that year first: a later year's records must not reorder a closed year's receipt.
        runs = {g: run for g in groups if (run := ledger.runs[("bank", g)].get(year)) is not None}
        for g, run in sorted(runs.items(), key=lambda kv: (kv[1][0] - kv[1][1], kv[0].label)):
            total = len(ledger.groups["bank"][g])
            # The group's run of the year: positions a–b of its listing, oldest first (as its own receipt says).
            shared += [(link, f"{g.label}（自最早起第 {run[0] + 1:,}–{run[1]:,} 条）{label}")
                       for link, label in listing_pages(bank.listing(g) or "", run[0], run[1], total, size)]
        write_receipt(ledger, path=urls.receipt_path(year, dim.name, ref.slug), period=year, dimension=dim, ref=ref,
                 counted=True, records=items[a:b], grouped=True, shared=shared, csv_of=(path, a + 1, b))


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """A row of a breakdown of an item page (a bank's page by region), as its receipt shows it."""

    anchor: str  # {dimension}-{slug}: the row's address on the item's receipt
    label: str
    value: str  # what the row's records have in its CSV column ("" when the row lists its records itself)
    figs: Any
    values: dict[str, str]  # of its sentence (sentence.row_values): its cells' text and the other slots
    # The words before and after its item's name in its {范围}; a sub-row's (SUB_ROW), in the clause of its own
    # that follows its parent row's {范围} (html.default_scope).
    frame: tuple[str, str]
    records: list[Link] = field(default_factory=list)  # (notice section, label), when no CSV column selects them
    pages: list[Link] = field(default_factory=list)  # the pages of a listing of exactly its records, oldest first


def _breakdowns(
    ledger: Ledger, dimension: Dimension, ref: Ref, records: list[Entry], path: str, first_year: int | None,
    named: Collection[str] = (),
) -> list[tuple[Dimension, str, list[BreakdownRow], str]]:
    """The breakdowns the item's page shows (links.rows_shown), each row with its figures and sentence:
    the receipts of those rows, on the item's all-time receipt (no page or CSV of their own). A group's
    receipt also has a row per institution name (the bank page's branch table), but for the names whose
    records are exactly a tree node's own (`named`: their anchors, on that node's row), the individuals'
    one per sanction of the /people/ box."""
    dims = {d.name: d for d in ledger.dims}
    page_url = ledger.site.config.absolute(path)

    def row(anchor: str, label: str, value: str, subset: list[Entry], scope: tuple[str, str],
            listed: bool = False, more: tuple[tuple[str, str], ...] = (), pages: list[Link] | None = None,
            ) -> BreakdownRow:
        figs = figures(subset)
        # An institution's own name says its group: its sentence names it alone.
        def scopes(name: str) -> tuple[tuple[str, str], ...]:
            own = (scope[0], name)
            return ((own,) if scope[0] in ("branch", "unit") else ((dimension.name, ref.label), own)) + more

        # A sub-row's own clause (the last of `more`) is what follows its parent row's {范围}.
        frame = scope_frame(lambda name: ((more[-1][0], name),)) if label.startswith(SUB_ROW) and more \
            else scope_frame(scopes)
        return BreakdownRow(anchor, label, value, figs, row_values(
            figs, scopes=scopes(scope[1]), sources=ledger.sources(subset), source_labels=ledger.source_labels,
            as_of=ledger.as_of(ALL, PUBLISHED, subset), page_url=page_url, anchor=anchor), frame,
            [(e.anchor, f"{e.key or e.doc_id}#{e.seq}") for e in subset] if listed else [], pages or [])

    sections = []
    for second, refs in rows_shown(dimension.name, records, ledger.multi_source):
        other = dims[second]
        rows = []
        # Each row's records in one pass (records in their order, each once per row): filtering all the
        # records again for every row was a third of a nightly build's CPU at 20,000 notices.
        by_key: dict[str, list[Entry]] = defaultdict(list)
        keys = ledger.item_keys(other)
        for e in records:
            for key in keys[e.index]:
                by_key[key].append(e)
        for ref2 in refs:
            subset = by_key.get(ref2.key, [])
            label = ledger.source_labels.get(ref2.key, ref2.key) if second == "source" else ref2.label
            rows.append(row(f"{second}-{ref2.slug}", label, ref2.key if second == "source" else ref2.label,
                            subset, (second, label)))
        sections.append((other, CSV_COLUMN[second], rows))
    if dimension.name == "bank":
        by_name: dict[str, list[Entry]] = {}
        for e in records:
            if not e.individual:
                by_name.setdefault(e.name, []).append(e)
        rows = [row(urls.branch_anchor(name), name, name, subset, ("branch", name))
                for name, subset in sorted(by_name.items(), key=lambda kv: (-len(kv[1]), kv[0]))
                if urls.branch_anchor(name) not in named]
        if rows:
            sections.append((BRANCH, "当事人", rows))
        people = [e for e in records if e.individual]
        if people:  # /banks/{slug}/people/, and each regulator's share of it (links.source_path)
            sections.append((dims["kind"], "当事人类型", [row("kind-individual", "个人", "个人", people,
                                                              ("kind", "个人"))]))
            sources = ledger.sources(people)
            if len(sources) > 1:
                sections.append((dims["source"], "当事人类型、监管部门", [
                    row(f"kind-individual-{code}", f"个人 · {ledger.source_labels.get(code, code)}", f"个人、{code}",
                        [e for e in people if e.source == code], ("kind", "个人")) for code in sources]))
        sections.extend(_unit_sections(ledger, ref, records, row))
    if dimension.name == "kind":
        rows = [row(f"sanction-{code}", label, label, subset, ("sanction", label))
                for code, (label, test) in SANCTIONS.items() if (subset := [e for e in records if test(e)])]
        if rows:
            sections.append((SANCTION, SANCTION_COLUMN, rows))
    template = row_template(ROW_TEMPLATE, first_year)  # every table's rows say the same sentence
    return [(other, column, rows, template) for other, column, rows in sections]


UNIT = Dimension("unit", "分支机构专页", "分支机构", lambda e: (), lambda _ref: None)


def _unit_sections(ledger: Ledger, ref: Ref, records: list[Entry], row: Callable[..., BreakdownRow]) -> list[Any]:
    """The branches of the group with a page of their own (/banks/{slug}/branches/{node}/, the register's
    node_pages): a row of every figure of the page (#unit-{node}), one per category of its breakdown
    (#unit-{node}-violation-{code}) and, with two regulators, one per regulator (#unit-{node}-{code}). No
    column of the CSV names the node: a unit row's records are those the branch's page lists (the same
    records in the same order, from the same register.branch_pages of the same group's records: the row's
    name links the page instead of listing them again, at 100,000 notices 4.7 MB of links; a records row
    saying so under each was 3 MB more), a category's are those of them whose 违法类型 holds it, a
    regulator's are listed (a share spread over that listing)."""
    rows = []
    size = ledger.site.config.page_size
    for slug, (node, subset) in sorted(ledger.site.register.branch_pages(ref.key, records).items()):
        anchor, name = urls.unit_anchor(slug), ref.label + "".join(node.path)
        pages = branch_listing(urls.branch(ref.slug, slug), len(subset), size)
        rows.append(row(anchor, name, "", subset, ("unit", name), pages=pages))
        by_category: dict[Ref, list[Entry]] = {}
        for e in subset:
            for category in e.categories:
                by_category.setdefault(category, []).append(e)
        # A category's records are the unit row's whose 违法类型 (in the CSV) holds it: not listed again (at
        # 10,000 notices they were 0.46 MB of the 3.9 MB of these rows). They follow the unit's own row, so
        # their label is the category alone (· 信贷业务; their sentence names the branch): the branch's name
        # again on each was 2 MB of 63,000 such rows at 100,000 notices. Their {范围} is the unit row's and
        # their category's clause (sentence.SUB_ROW, stated once by the table note): no data-scope on each.
        rows.extend(row(f"{anchor}-violation-{c.slug}", f"{SUB_ROW}{c.label}", "", items,
                        ("unit", name), more=(("violation", c.label),))
                    for c, items in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0].slug)))
        sources = ledger.sources(subset)
        if len(sources) > 1:
            rows.extend(row(f"{anchor}-{code}", f"{SUB_ROW}{ledger.source_labels.get(code, code)}", "",
                            [e for e in subset if e.source == code], ("unit", name), listed=True,
                            more=(("source", code),))
                        for code in sources)
    return [(UNIT, "", rows)] if rows else []


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node of a group's institution tree as its all-time receipt shows it."""

    node: Branch
    own: Tally  # its own tickets
    subtree: Tally | None  # with every node below it (None without children)
    records: list[Link]  # its own records, when no page lists exactly them
    children: list[Link]  # (#anchor, name) of the rows of its children
    values: dict[str, str]  # of its sentence (sentence.node_values)
    frame: tuple[str, str]  # the words before and after its name in its full name, {范围}
    alias: str | None = None  # #branch-{hash} of the one name its own records are all the records of
    pages: list[Link] = field(default_factory=list)  # its branch page's listing, which lists exactly its records

    @property
    def label(self) -> str:
        """Its name, as its row shows it (html.cite_defaults reads a row's label)."""
        return self.node.name


def _tree_rows(ledger: Ledger, ref: Ref, records: list[Entry], path: str) -> list[NodeRow]:
    """Every node of the group's tree (the bank page's and the tree page's figures), depth first."""
    rows = []
    page_url = ledger.site.config.absolute(path)
    # A node whose own records are every institution record of one name is that name's row too (its
    # #branch- anchor): the branch table's row of the name said the same figures again (87% of the
    # names at 10,000 notices, 3.4 MB of 4.2 MB of those rows).
    by_name = Counter(e.name for e in records if not e.individual)
    size = ledger.site.config.page_size
    for root in group_tree(ledger.site, ref, records):
        subtrees: dict[int, _Below] = {}
        _subtree_totals(root, subtrees)
        for b in root.walk():
            below = subtrees[id(b)]
            own = Tally(len(b.records), sum(map(_FINE, b.records)))
            subtree = Tally(below.tickets, below.fines) if b.children else None
            name = ref.label + ("".join(b.key.path) if b.key.path else "（总部）")
            # A node with a page of its own (/banks/{slug}/branches/{node}/): the page lists exactly its own
            # records, oldest first on fixed pages (register.branch_pages: the group's institution records
            # whose node is this one), so the row names those pages instead of listing every record again
            # (at 100,000 notices most of the tree rows' 7 MB of links).
            n = len(b.records)
            pages = branch_listing(b.page, n, size) if b.page else []
            newest = [below.newest] if below.newest else []
            rows.append(NodeRow(
                b, own, subtree, [] if pages else [(e.anchor, f"{e.key or e.doc_id}#{e.seq}") for e in b.records],
                [("#" + c.anchor, c.name) for c in b.children],
                node_values(own, subtree or own, name=name, sources=ledger.ordered_sources(below.sources),
                            source_labels=ledger.source_labels, as_of=ledger.as_of(ALL, PUBLISHED, newest),
                            page_url=page_url, anchor=b.anchor),
                (ref.label, ""), _alias(b.records, by_name), pages))
    return rows


def _tree_table(nodes: list[NodeRow], base_path: str, first_year: int | None) -> tuple[str, str] | None:
    """The tree table's <tbody> rows and its note's statement of their sentence, or None without nodes."""
    if not nodes:
        return None
    cite = cite_defaults(nodes)
    return tree_body(nodes, base_path, cite), cite_note(row_template(NODE_TEMPLATE, first_year), NODE_SAME, cite)


@dataclass(slots=True)
class _Below:
    """What a tree row needs of a node's records and every node's below it: their tickets and fines (added
    up), the newest of them (its date is the row's as-of date) and their regulators."""

    tickets: int
    fines: int
    newest: Entry | None
    sources: set[str]


def _subtree_totals(b: Branch, made: dict[int, _Below]) -> _Below:
    """_Below for the node and each node below it (by id), each made from its children's: a node's subtree
    is its own records and its children's subtrees (a record is in one node), so its figures add up.
    Merging and counting every subtree's records instead was most of a group's tree rows."""
    own = b.records
    below = _Below(len(own), sum(map(_FINE, own)), own[-1] if own else None, set(map(_SOURCE, own)))
    for child in b.children:
        c = _subtree_totals(child, made)
        below.tickets += c.tickets
        below.fines += c.fines
        below.sources |= c.sources
        if c.newest is not None and (below.newest is None or c.newest.index > below.newest.index):
            below.newest = c.newest
    made[id(b)] = below
    return below


def _alias(own: list[Entry], by_name: Counter[str]) -> str | None:
    """The #branch- anchor of the one name a node's own records all have, when they are all its records."""
    names = {e.name for e in own}
    if len(names) != 1:
        return None
    name = names.pop()
    return urls.branch_anchor(name) if by_name[name] == len(own) else None


def _write_months(ledger: Ledger, year: int, items: list[Entry], offset: int | None) -> None:
    """stats/{yyyy-mm}/: the bars of the month charts, each a run of the year's listing and of the rows of
    the all-time CSV (the year's run starts after `offset` rows; None: of the year's own CSV)."""
    size = ledger.site.config.page_size
    runs: dict[int, list[int]] = {}
    for i, e in enumerate(items):
        if e.day is not None:
            runs.setdefault(e.day.month, []).append(i)
    for month, positions in runs.items():
        a, b = positions[0], positions[-1] + 1
        write_receipt(ledger, path=urls.month_path(year, month), period=urls.month_key(year, month), dimension=None,
                 ref=None, records=items[a:b], shared=listing_pages(urls.year(year), a, b, len(items), size),
                 position=(a + 1, b), csv_of=(urls.receipt_path(year), a + 1, b) if offset is None else
                 (urls.receipt_path(ALL), offset + a + 1, offset + b))


def _write_decided(ledger: Ledger) -> None:
    """stats/{yyyy}/decided/: the records whose decision date is in yyyy, in decision-date order."""
    by_decided = ledger.by_decided
    undated = 0
    # Each record with its decision date and position, looked up once: sorted as (date, index) tuples.
    dated: dict[int, list[tuple[date, int, Entry]]] = {}
    for e in ledger.site.corpus.entries:
        day = ledger.decided.get((e.doc_id, e.seq))
        if day is None:
            undated += 1
        else:
            dated.setdefault(day.year, []).append((day, e.index, e))
    note = f"另有 {undated:,} 条记录的公告未写明处罚决定日期，不计入任何决定年份。" if undated else ""
    size = ledger.site.config.page_size
    for year, rows in dated.items():
        rows.sort(key=_DAY_INDEX)
        items = by_decided[year] = [e for _, _, e in rows]
        months: dict[int, list[int]] = {}
        for i, (day, _, _) in enumerate(rows):
            months.setdefault(day.month, []).append(i)
        base = urls.decided_path(year)
        write_receipt(ledger, path=base, period=year, dimension=None, ref=None, records=items,
                 basis=DECIDED, own=True, note=note,
                 months=[(urls.decided_month_path(year, m), f"{m} 月") for m in sorted(months)])
        # stats/{yyyy-mm}/decided/: each month a run of the year's own listing and CSV (no copy of either).
        for month, positions in months.items():
            a, b = positions[0], positions[-1] + 1
            write_receipt(ledger, path=urls.decided_month_path(year, month), period=urls.month_key(year, month),
                     dimension=None, ref=None, records=items[a:b], basis=DECIDED,
                     shared=listing_pages(base, a, b, len(items), size), position=(a + 1, b),
                     csv_of=(base, a + 1, b), note=note)
