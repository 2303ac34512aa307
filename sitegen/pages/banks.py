"""/banks/: every institution group (bank, insurer, AMC, ...) with its branches and its people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.core import urls
from sitegen.core.families import group_entries, item_sections, write_index
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.stats import Row, breakdown, top_fines, totals
from sitegen.core.summaries import Entry
from sitegen.pages.feeds import write_entry_feed
from sitegen.pages.institution_pages import Branch, group_repeat_counts, tree_of, tree_top, write_group_register
from sitegen.pages.listings import entries_digest, write_listing

FAMILY = "banks"
BRANCHES_SHOWN = 30
PEOPLE_SHOWN = 10


def _bank_context(site: Site, ref: Ref, kind: str, items: list[Entry], people: list[Entry],
                  roots: Callable[[], list[Branch]]) -> dict[str, Any]:
    base = urls.bank(ref.slug)
    branches = breakdown((e for e in items if not e.individual), "name")
    repeats, repeat_categories = group_repeat_counts(site, items)
    return dict(
        group_repeats=repeats,
        group_repeat_categories=repeat_categories[:10],
        tree=tree_top(site, items, roots),
        heading=ref.label,
        kicker=("机构", urls.BANKS),
        slug=ref.slug,  # the bank's tree and people pages (urls.bank_tree, urls.bank_people)
        stat=("all", "bank", ref.slug),  # figures link to their receipts (sitegen/pages/receipts)
        intro=f"{kind}。包括{ref.label}总部及其各分支机构、以及其工作人员受到的行政处罚。",
        totals=totals(items),
        top=top_fines(items),
        sections=item_sections("bank", items),
        feed=urls.feed(base),
        branches=branches[:BRANCHES_SHOWN],
        branch_count=len(branches),
        people=list(reversed(people[-PEOPLE_SHOWN:])),
        people_count=len(people),
    )


def write_banks(site: Site) -> None:
    by_group = group_entries(site.corpus.entries, lambda e: e.group)
    index: dict[str, list[Row]] = {}
    for ref, items in sorted(by_group.items(), key=lambda kv: kv[0].slug):
        base = urls.bank(ref.slug)
        kind = site.renderer.label(ref.kind or items[-1].institution_type or "other", "institution_type")
        people = [e for e in items if e.individual]
        roots = tree_of(site, ref, items)
        write_listing(
            site, family=FAMILY, nav="banks", base=base, entries=items, template="bank.html", key=kind, omit="group",
            title=f"{ref.label} · 受处罚机构",
            context=lambda ref=ref, kind=kind, items=items, people=people, roots=roots: _bank_context(
                site, ref, kind, items, people, roots),
        )
        write_group_register(site, ref, items, entries_digest(items), roots)
        institutions = [e for e in items if not e.individual]
        if len({e.name for e in institutions}) > BRANCHES_SHOWN:
            site.html_lazy(
                urls.branches(ref.slug), (ref.label, entries_digest(institutions)), "branches.html", "banks", FAMILY,
                lambda ref=ref, base=base, institutions=institutions: dict(
                    title=f"{ref.label} · 受处罚的分支机构", heading=ref.label, parent=base,
                    receipt=urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug),
                    branches=breakdown(institutions, "name"),
                ),
            )
        if people:
            write_listing(
                site, family=FAMILY, nav="banks", base=urls.bank_people(ref.slug), entries=people, omit="group",
                title=f"{ref.label} · 受处罚人员",
                context=lambda ref=ref, base=base, people=people: dict(
                    heading=f"{ref.label}：受处罚人员",
                    kicker=(ref.label, base),
                    intro=f"{ref.label}及其分支机构的工作人员受到的行政处罚（警告、罚款、禁业），最新在前。",
                    totals=totals(people), top=top_fines(people), sections=[], feed=None,
                    receipt=urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug) + "#kind-individual",
                ),
            )
        write_entry_feed(site, urls.feed(base), base, f"罚单：{ref.label}", items)
        t = totals(items)
        index.setdefault(kind, []).append(Row(ref.label, t.count, t.fines, ref, by_source=t.by_source))
    groups = [(kind, sorted(rows, key=lambda r: (-r.count, r.label))) for kind, rows in
              sorted(index.items(), key=lambda kv: -sum(r.count for r in kv[1]))]
    write_index(
        site, directory=urls.BANKS, nav="banks", family=FAMILY, title="受处罚机构（按集团）",
        intro="按所属集团归并的受处罚机构：一家银行或保险公司的总部、分行、支行及其工作人员归在同一页。"
        "按机构类型分组，组内按处罚数排列。",
        column="机构", groups=groups, link=urls.BANKS,
    )
