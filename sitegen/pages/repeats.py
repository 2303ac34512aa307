"""/repeats/: penalties that repeat an earlier one (same institution node or same person, same violation
category, within five years: sitegen.core.register.repeats), counted per year and category, and listed per
year at /repeats/{yyyy}/. A penalty counts in the year of its decision date (else its publication date)."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.register.repeats import by_year_and_category
from sitegen.core.stats import breakdown, totals
from sitegen.core.summaries import Entry
from sitegen.core.writer import digest_of
from sitegen.pages.listings import write_listing

FAMILY = "repeats"


def repeat_entries(site: Site) -> dict[int, list[Entry]]:
    """Per year, the entries flagged as repeats (oldest first)."""
    register = site.register
    by_year: dict[int, list[Entry]] = {}
    for entry in site.corpus.entries:
        key = (entry.doc_id, entry.seq)
        if key in register.flags and (day := register.days.get(key)) is not None:
            by_year.setdefault(day.year, []).append(entry)
    return by_year


def write_repeats(site: Site) -> None:
    register = site.register
    by_year = repeat_entries(site)
    table = by_year_and_category(register.flags, register.days)
    categories = sorted({c for _, c in table}, key=lambda c: (-sum(n for (_, k), n in table.items() if k == c), c))
    years = sorted(by_year, reverse=True)
    cells = [(year, len(by_year[year]), [table.get((year, c), 0) for c in categories]) for year in years]
    refs = [site.vocab.category(c) for c in categories]
    site.html(
        urls.REPEATS, ("repeats", digest_of((cells, [(r.slug, r.label) for r in refs]))), "repeats.html", "people",
        FAMILY, title="再次违规", heading="再次违规的处罚", cells=cells, categories=refs,
        total=sum(len(items) for items in by_year.values()),  # each figure links to stats/{period}/repeats/
    )
    # What a listing line's flags say, per penalty (part of the key of each listing that holds it: its year's
    # and each of its categories'), made once.
    marks = {(e.doc_id, e.seq): tuple((r.category, r.earlier) for r in register.flags[(e.doc_id, e.seq)])
             for entries in by_year.values() for e in entries}
    for year in years:
        entries = by_year[year]
        write_listing(
            site, family=FAMILY, nav="people", base=urls.repeats_year(year), entries=entries,
            title=f"{year} 年再次违规的处罚",
            key=tuple(marks[(e.doc_id, e.seq)] for e in entries),
            context=lambda year=year, entries=entries: _year_context(site, year, entries),
        )
    by_category: dict[str, list[Entry]] = {}
    for year in sorted(by_year):
        for entry in by_year[year]:
            for code in dict.fromkeys(category for category, _ in marks[(entry.doc_id, entry.seq)]):
                by_category.setdefault(code, []).append(entry)
    for code, entries in sorted(by_category.items()):
        ref = site.vocab.category(code)
        write_listing(
            site, family=FAMILY, nav="people", base=urls.repeats_category(ref.slug), entries=entries,
            title=f"再次违规：{ref.label}",
            key=tuple(marks[(e.doc_id, e.seq)] for e in entries),
            context=lambda ref=ref, entries=entries: _category_context(site, ref, entries),
        )


def _category_context(site: Site, ref: Ref, entries: list[Entry]) -> dict[str, Any]:
    days = site.register.days
    anchor = f"#violation-{ref.slug}"
    return dict(
        heading=f"再次违规：{ref.label}", kicker=("再次违规", urls.REPEATS),
        intro=f"同一机构或同一人员在五年内再次因「{ref.label}」受罚的处罚，按年份（决定日期，无则按公布日期）。",
        totals=totals(entries), top=[], feed=None,
        # Its figures are its row on the repeats' receipt; a year's, that year's receipt's row of the category.
        receipt=urls.repeats_receipt(urls.ALL_PERIODS) + anchor,
        row_link=lambda row: urls.repeats_receipt(row.key) + anchor,
        sections=[("按年份", "年份", breakdown(entries, lambda e: days[(e.doc_id, e.seq)].year, order="key-desc"),
                   None)],
    )


def _year_context(site: Site, year: int, entries: list[Entry]) -> dict[str, Any]:
    flags = site.register.flags
    return dict(
        heading=f"{year} 年再次违规的处罚", kicker=("再次违规", urls.REPEATS),
        intro=f"{year} 年作出（无决定日期的按公布日期）的处罚中，同一机构或同一人员在五年内曾因同类违规受罚的。",
        totals=totals(entries), top=[], feed=None, receipt=urls.repeats_receipt(year),
        row_link=lambda row: urls.repeats_receipt(year) + f"#violation-{row.ref.slug}",
        sections=[("按违法类型", "违法类型",
                   breakdown(entries, lambda e: tuple(r.category for r in flags[(e.doc_id, e.seq)]), multi=True,
                             label=lambda code: site.vocab.category(code).label,
                             ref=lambda code: site.vocab.category(code)), urls.VIOLATIONS)],
    )
