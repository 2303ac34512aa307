"""/years/{yyyy}/review/: the page a year-end story is written from, every number linked to its receipt."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.charts import bar_chart
from sitegen.core.formats import money
from sitegen.core.stats import top_fines
from sitegen.pages.listings import contents_digest
from sitegen.pages.receipts.pages import FAMILY, Ledger
from sitegen.pages.receipts.rules import RULES, figures
from sitegen.pages.receipts.tables import Standing, standings

TOP_GROUPS = 20
TOP_PENALTIES = 20
TOP_CATEGORIES = 10
TOP_OFFICES = 15


def grew_most(rows: list[Standing], n: int) -> list[Standing]:
    """The items whose tickets rose most against the previous year (new items count from zero)."""
    rising = [s for s in rows if s.figs.tickets > (s.previous.tickets if s.previous else 0)]
    rising.sort(key=lambda s: (-(s.figs.tickets - (s.previous.tickets if s.previous else 0)), s.ref.label))
    return rising[:n]


def _context(ledger: Ledger, year: int) -> dict[str, Any]:
    items = ledger.by_year[year]
    previous = ledger.by_year.get(year - 1)
    types = standings(ledger, "type", year)
    groups = standings(ledger, "bank", year, "fines")[:TOP_GROUPS]
    bans = standings(ledger, "ban", year)
    bans.sort(key=lambda s: (s.ref.slug != "lifetime", int(s.ref.slug.split("-")[0]) if s.ref.slug[0].isdigit() else 0))
    decided = ledger.by_decided.get(year)
    base = ledger.site.config.base_path
    sources = [(ref, figures(ledger.groups["source"][ref][a:b]), ledger.path_of("source", ref, year))
               for ref in ledger.groups["source"]
               if (run := ledger.runs[("source", ref)].get(year)) for a, b in (run,)] if ledger.multi_source else []
    return dict(
        title=f"{year} 年度回顾",
        year=year,
        figs=figures(items),
        year_path=urls.receipt_path(year),
        previous=figures(previous) if previous else None,
        previous_path=urls.receipt_path(year - 1) if previous else None,
        decided=figures(decided) if decided else None,
        decided_path=urls.decided_path(year),
        types=types,
        sources=sources,
        type_chart=bar_chart([(s.ref.label, s.figs.tickets) for s in types], title=f"{year} 年各类机构罚单数",
                             links=[base + s.path + "#tickets" for s in types]),
        groups=groups,
        group_chart=bar_chart([(s.ref.label, s.figs.fines) for s in groups],
                              title=f"{year} 年罚款最多的{len(groups)}家机构", fmt=money,
                              links=[base + s.path + "#fines" for s in groups]),
        top=top_fines(items, TOP_PENALTIES),
        grew=grew_most(standings(ledger, "violation", year), TOP_CATEGORIES),
        bans=bans,
        offices=standings(ledger, "regulator", year)[:TOP_OFFICES],
        unparsed=len(ledger.unparsed.get(year, ())),
        rules=RULES,
    )


def write_reviews(ledger: Ledger) -> None:
    """One review per year with records; it changes only when that year's or the previous year's
    records (or the decision-date records of the year) change."""
    for year, items in ledger.by_year.items():
        key = (
            year, contents_digest(items), contents_digest(ledger.by_year.get(year - 1, [])),
            contents_digest(ledger.by_decided.get(year, [])),
            tuple((n.doc_id, n.fingerprint) for n in ledger.unparsed.get(year, ())),
        )
        ledger.site.html_lazy(urls.review_path(year), key, "review.html", "years", FAMILY,
                              lambda year=year: _context(ledger, year))
