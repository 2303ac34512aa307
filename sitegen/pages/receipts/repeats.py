"""Receipts of the repeat offences (/repeats/, /repeats/{yyyy}/, /repeats/c/{code}/): stats/all/repeats/ and
stats/{yyyy}/repeats/, with the register's rule of what a repeat is (rules.REPEAT_RULE) stated on them.

A repeat is the register's (sitegen/core/register/repeats.py), dated by the register's day of a penalty
(its decision date, else its publication date: rules.REGISTER). The records of a year are exactly the
listing /repeats/{yyyy}/, which the receipt names; the all-years receipt's CSV is in (year, publication)
order, so a year's records are a run of its rows (no CSV per year). The CSV has one more column, the
categories a record repeats in (再次违规类型), which the category rows filter on (and /repeats/c/{code}/
lists): a year's rows filter the year's run of those rows (they listed every record again: at 100,000
notices 7.5 MB of links).
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.core import urls
from sitegen.core.refs import Ref
from sitegen.core.summaries import Entry
from sitegen.pages.receipts.keys import ALL, Dimension
from sitegen.pages.receipts.pages import BreakdownRow, Ledger, listing_pages, write_receipt
from sitegen.pages.receipts.records import records_csv
from sitegen.pages.receipts.rules import REGISTER, REPEAT_RULE, figures
from sitegen.pages.receipts.sentence import SCOPE, receipt_template, receipt_values, scope_frame
from sitegen.pages.repeats import repeat_entries

REPEATS = Dimension("repeats", "再次违规", "再次违规", lambda e: (), lambda _ref: None)
VIOLATION = Dimension("violation", "再次违规类型", "违法类型", lambda e: (), lambda _ref: None)
SOURCE = Dimension("source", "监管部门", "监管部门", lambda e: (), lambda _ref: None)
ALL_REPEATS = Ref("repeats", "五年内同类违规再次受罚", "repeats")
CSV_COLUMN = "再次违规类型"


def write_repeat_receipts(ledger: Ledger) -> None:
    site = ledger.site
    register = site.register
    by_year = repeat_entries(site)
    if not by_year:
        return
    categories: dict[tuple[int, int], tuple[Ref, ...]] = {
        (e.doc_id, e.seq): tuple(site.vocab.category(code) for code in
                                 dict.fromkeys(r.category for r in register.flags[(e.doc_id, e.seq)]))
        for items in by_year.values() for e in items
    }
    records = [e for year in sorted(by_year) for e in by_year[year]]
    flags = tuple(tuple(c.key for c in categories[(e.doc_id, e.seq)]) for e in records)
    size = site.config.page_size
    first_year = ledger.years[0] if ledger.years else None
    note = "再次违规的认定：" + REPEAT_RULE

    def rows(period: int | str, path: str, items: list[Entry]) -> list[tuple[Dimension, str, list, str]]:
        """One row per category the records repeat in (most records first), its figures and sentence."""
        by_code: dict[str, list[Entry]] = {}
        refs: dict[str, Ref] = {}
        for e in items:
            for ref in categories[(e.doc_id, e.seq)]:
                by_code.setdefault(ref.key, []).append(e)
                refs[ref.key] = ref
        page_url = site.config.absolute(path)

        def row(anchor: str, label: str, value: str, subset: list[Entry], scope: tuple[str, str]) -> BreakdownRow:
            figs = figures(subset)
            return BreakdownRow(anchor, label, value, figs, receipt_values(
                figs, scopes=(("repeats", ""), scope), sources=ledger.sources(subset),
                source_labels=ledger.source_labels, as_of=ledger.as_of(period, REGISTER, subset),
                page_url=page_url, anchor=anchor),
                scope_frame(lambda name: (("repeats", ""), (scope[0], name)), SCOPE))

        out, shares = [], []
        for code, subset in sorted(by_code.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            ref = refs[code]
            anchor = f"violation-{ref.slug}"
            out.append(row(anchor, ref.label, ref.label, subset, ("violation", ref.label)))
            # Each regulator's share of a figure of the pages (their 按监管部门), where both penalised:
            # #violation-{code}-{nfra|pboc} (sitegen/pages/receipts/links.py source_path).
            if len(sources := ledger.sources(subset)) > 1:
                shares += [row(f"{anchor}-{s}", f"{ref.label} · {ledger.source_labels.get(s, s)}", s,
                               [e for e in subset if e.source == s], ("violation", ref.label)) for s in sources]
        template = receipt_template(period, first_year, REGISTER, anchored=True)
        sections = [(VIOLATION, CSV_COLUMN, out, template)]
        if shares:
            sections.append((SOURCE, "监管部门", shares, template))
        if len(sources := ledger.sources(items)) > 1:  # the receipt's own figures, per regulator: #source-{code}
            sections.append((SOURCE, "监管部门", [
                row(f"source-{s}", ledger.source_labels.get(s, s), s, [e for e in items if e.source == s],
                    ("source", s)) for s in sources], template))
        return sections

    extra: tuple[str, Callable[[Entry], str]] = (
        CSV_COLUMN, lambda e: "；".join(c.label for c in categories[(e.doc_id, e.seq)]))
    all_path = urls.repeats_receipt(ALL)
    write_receipt(ledger, path=all_path, period=ALL, dimension=REPEATS, ref=ALL_REPEATS, records=records,
                  basis=REGISTER, note=note, shared=[(urls.repeats_year(y), f"{y} 年") for y in sorted(by_year,
                                                                                                   reverse=True)],
                  rows_of=lambda: rows(ALL, all_path, records), extra_key=flags,
                  csv_bytes=lambda: records_csv(records, ledger.status, ledger.decided, extra,
                                                lines=ledger.csv_lines))
    start = 0
    for year in sorted(by_year):
        items = by_year[year]
        a, b = start, start + len(items)
        start = b
        path = urls.repeats_receipt(year)
        write_receipt(ledger, path=path, period=year, dimension=REPEATS, ref=ALL_REPEATS, records=items,
                      basis=REGISTER, note=note, shared=listing_pages(urls.repeats_year(year), 0, len(items),
                                                                      len(items), size),
                      position=(1, len(items)), csv_of=(all_path, a + 1, b),
                      rows_of=lambda year=year, path=path, items=items: rows(year, path, items),
                      extra_key=flags[a:b])
