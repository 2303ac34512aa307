"""Statistics with receipts: every figure of the site links to a permanent page with its counting rule,
its records, a CSV of exactly those records and a sentence to cite (issue 12).

    rules.py     the counting rules, once: what a ticket is, date bases, what 罚款合计 / 罚没合计 include
    keys.py      the permanent addresses (stats/{period}/{dimension}/{slug}/, two items, months) and the dimensions
    records.py   a receipt's records as table rows and as CSV
    sentence.py  the citable Chinese sentence
    pages.py     the receipt pages
    tables.py    item × year cross tables and the yearly league tables
    review.py    /years/{yyyy}/review/
    people.py    the register's people (stats/all/people/): the /people/ and person pages' counts of people
    repeats.py   the repeat offences (stats/{period}/repeats/)
    links.py     the template functions that link a figure elsewhere on the site to its receipt, and the
                 breakdown rows of the item pages that have a receipt (rows on the item's receipt)
"""

from __future__ import annotations

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.pages.listings import contents_digest
from sitegen.pages.receipts.pages import FAMILY, Ledger, write_receipts
from sitegen.pages.receipts.repeats import write_repeat_receipts
from sitegen.pages.receipts.review import write_reviews
from sitegen.pages.receipts.rules import REGISTER_RULES, RULES, figures
from sitegen.pages.receipts.source import decided_dates
from sitegen.pages.receipts.tables import write_cross_tables, write_leagues

__all__ = ["RULES", "write_stats"]


def write_stats(site: Site) -> Ledger:
    """Every statistics page: receipts, the /stats/ index, cross tables, league tables, year reviews."""
    ledger = write_receipts(site, decided_dates(site.engine))
    write_repeat_receipts(ledger)
    write_cross_tables(ledger)
    write_leagues(ledger)
    write_reviews(ledger)
    _write_index(ledger)
    return ledger


def _write_index(ledger: Ledger) -> None:
    entries = ledger.site.corpus.entries
    key = (contents_digest(entries), tuple((y, contents_digest(ledger.by_decided.get(y, []))) for y in ledger.years),
           ledger.latest_day)

    def context() -> dict[str, object]:
        years = [
            (y, urls.receipt_path(y), figures(ledger.by_year[y]),
             (urls.decided_path(y), figures(ledger.by_decided[y])) if y in ledger.by_decided else None)
            for y in reversed(ledger.years)
        ]
        return dict(rules=RULES, register_rules=REGISTER_RULES, years=years,
                    total=figures(entries), dims=ledger.table_dims,
                    latest_day=ledger.latest_day)

    ledger.site.html_lazy(urls.STATS, key, "stats_index.html", "stats", FAMILY, context)
