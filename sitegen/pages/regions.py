"""/regions/{slug}/: penalties by province (of the deciding office, or of the institution)."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.families import group_entries, item_sections, write_index
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.stats import Row, Totals, totals
from sitegen.core.summaries import Entry
from sitegen.pages.feeds import write_entry_feed
from sitegen.pages.listings import write_listing

FAMILY = "regions"


def _context(ref: Ref, items: list[Entry], t: Totals) -> dict[str, Any]:
    return dict(
        heading=ref.label,
        kicker=("地区", urls.REGIONS),
        stat=("all", "region", ref.slug),  # figures link to their receipts (sitegen/pages/receipts)
        intro=f"{ref.label}辖内的行政处罚（按作出决定的监管机构所在地，缺失时按机构所在地）。",
        totals=t,
        sections=item_sections("region", items),
        feed=urls.feed(urls.region(ref.slug)),
    )


def write_regions(site: Site) -> None:
    by_region = group_entries(site.corpus.entries, lambda e: e.region)
    rows: list[Row] = []
    for ref, items in sorted(by_region.items(), key=lambda kv: kv[0].slug):
        base = urls.region(ref.slug)
        t = totals(items)  # shown on the page and on the index
        write_listing(
            site, family=FAMILY, nav="regions", base=base, entries=items, title=f"{ref.label} · 地区",
            context=lambda ref=ref, items=items, t=t: _context(ref, items, t),
        )
        write_entry_feed(site, urls.feed(base), base, f"罚单：{ref.label}", items)
        rows.append(Row(ref.label, t.count, t.fines, ref, by_source=t.by_source))
    rows.sort(key=lambda r: (-r.count, r.label))
    write_index(
        site, directory=urls.REGIONS, nav="regions", family=FAMILY, title="地区",
        intro="按省份（含计划单列市所属省份）统计的行政处罚。总局机关作出的处罚如未能确定地区，不计入各省。",
        column="地区", groups=[(None, rows)], link=urls.REGIONS,
    )
