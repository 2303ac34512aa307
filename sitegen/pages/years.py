"""/years/{yyyy}/: penalties by the year their notice was published."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.charts import column_chart
from sitegen.core.families import group_entries, group_notices, item_sections, write_index
from sitegen.core.formats import money
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_html as h
from sitegen.core.stats import Row, Totals, breakdown, totals
from sitegen.core.summaries import Entry, NoticeSummary
from sitegen.pages.listings import write_listing

FAMILY = "years"


def _context(year: int, items: list[Entry], unparsed: list[NoticeSummary], base_path: str, t: Totals) -> dict[str, Any]:
    by_month = {r.key: r for r in breakdown(items, lambda e: e.day.month if e.day else None, order="key")}
    counts = [(f"{m}月", by_month[m].count if m in by_month else 0) for m in range(1, 13)]
    fines = [(f"{m}月", by_month[m].fines if m in by_month else 0) for m in range(1, 13)]
    # Each month's bar links to its receipt (stats/{yyyy-mm}/), the months without records to none.
    links = [base_path + urls.month_path(year, m) + "#tickets" if m in by_month else None for m in range(1, 13)]
    heading = f"{year} 年"
    count_chart = column_chart(counts, title=f"{year} 年各月处罚数", links=links)
    fine_chart = column_chart(fines, title=f"{year} 年各月罚款金额", fmt=money,
                              links=[link and link.replace("#tickets", "#fines") for link in links])
    # The year's own sections after its totals: its review (sitegen/pages/receipts/review.py) and monthly charts.
    review = (f'<p><a href={urls.link(base_path, urls.review_path(year))}>{h(heading)}度回顾：与上年比较、各类机构、'
              "罚款最多的机构、增长最多的违法类型 →</a>") if t.count else ""
    return dict(
        unparsed=list(reversed(unparsed)),
        heading=heading,
        kicker=("年份", urls.YEARS),
        stat=(year, None, None),  # figures link to their receipts (sitegen/pages/receipts)
        intro=f"{year} 年发布的行政处罚公告中的全部处罚（按公告发布日期）。",
        totals=t,
        sections=item_sections("year", items),
        feed=None,
        extra_top=f"{review}<h2>各月处罚数</h2>\n<figure>{h(count_chart)}</figure>\n"
                  f"<h2>各月罚款金额</h2>\n<figure>{h(fine_chart)}</figure>\n",
    )


def write_years(site: Site) -> None:
    by_year = group_entries(site.corpus.entries, lambda e: e.year)
    unparsed_of = group_notices([n for n in site.corpus.notices if not n.party_count], lambda n: n.year)
    rows: list[Row] = []
    for year in sorted(set(by_year) | set(unparsed_of)):
        items, unparsed = by_year.get(year, []), unparsed_of.get(year, [])
        t = totals(items)  # shown on the page and on the index
        write_listing(
            site, family=FAMILY, nav="years", base=urls.year(year), entries=items,
            key=tuple(n.fingerprint for n in unparsed), title=f"{year} 年 · 行政处罚", top=20,
            context=lambda year=year, items=items, unparsed=unparsed, t=t: _context(
                year, items, unparsed, site.config.base_path, t),
        )
        rows.append(Row(f"{year} 年", t.count, t.fines, Ref(str(year), f"{year} 年", str(year)), key=year,
                        by_source=t.by_source))
    rows.reverse()
    write_index(
        site, directory=urls.YEARS, nav="years", family=FAMILY, title="年份",
        intro="按公告发布年份统计的行政处罚。", column="年份", groups=[(None, rows)], link=urls.YEARS,
    )
