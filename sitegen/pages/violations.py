"""/violations/{code}/: penalties by violation category (a penalty can be in several)."""

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

FAMILY = "violations"


def _context(ref: Ref, intro: str, items: list[Entry], t: Totals) -> dict[str, Any]:
    return dict(
        heading=ref.label,
        kicker=("违法类型", urls.VIOLATIONS),
        stat=("all", "violation", ref.slug),  # figures link to their receipts (sitegen/pages/receipts)
        intro=intro,
        totals=t,
        sections=item_sections("violation", items),
        feed=urls.feed(urls.violation(ref.slug)),
    )


def write_violations(site: Site) -> None:
    by_code = group_entries(site.corpus.entries, lambda e: e.categories, multi=True)
    rows: list[Row] = []
    for ref in site.vocab.categories():
        items = by_code.get(ref)
        if not items:
            continue
        base = urls.violation(ref.slug)
        intro = (f"违法违规类型“{ref.label}”{f'（{ref.en}）' if ref.en else ''}下的行政处罚。"
                 "每条处罚按公告中的事实与决定文字归类，公告页面列出触发归类的原文短语。")
        t = totals(items)  # shown on the page and on the index
        write_listing(
            site, family=FAMILY, nav="violations", base=base, entries=items, key=intro,
            title=f"{ref.label} · 违法类型",
            context=lambda ref=ref, intro=intro, items=items, t=t: _context(ref, intro, items, t),
        )
        write_entry_feed(site, urls.feed(base), base, f"罚单：{ref.label}", items)
        rows.append(Row(ref.label, t.count, t.fines, ref, by_source=t.by_source))
    write_index(
        site, directory=urls.VIOLATIONS, nav="violations", family=FAMILY, title="违法违规类型",
        intro="按违法违规行为归类的行政处罚。一条处罚可以属于多个类型，因此各类合计大于处罚总数。",
        column="类型", groups=[(None, rows)], link=urls.VIOLATIONS,
    )
