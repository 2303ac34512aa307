"""/banks/: every institution group (bank, insurer, AMC, ...) with its branches and its people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitegen.core import urls
from sitegen.core.families import group_entries, item_sections, write_index
from sitegen.core.formats import money, num, ymd
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_html as h
from sitegen.core.stats import Row, Totals, breakdown, totals
from sitegen.core.summaries import Entry
from sitegen.pages.feeds import write_entry_feed
from sitegen.pages.institution_pages import Branch, group_repeat_counts, tree_of, tree_top, write_group_register
from sitegen.pages.listings import entries_digest, tables_of, write_framed, write_listing

FAMILY = "banks"
BRANCHES_SHOWN = 30
PEOPLE_SHOWN = 10


def _bank_context(site: Site, ref: Ref, kind: str, items: list[Entry], people: list[Entry],
                  roots: Callable[[], list[Branch]], t: Totals) -> dict[str, Any]:
    base = urls.bank(ref.slug)
    repeats, repeat_categories = group_repeat_counts(site, items)
    return dict(
        heading=ref.label,
        kicker=("机构", urls.BANKS),
        stat=("all", "bank", ref.slug),  # figures link to their receipts (sitegen/pages/receipts)
        intro=f"{kind}。包括{ref.label}总部及其各分支机构、以及其工作人员受到的行政处罚。",
        totals=t,
        sections=item_sections("bank", items),
        feed=urls.feed(base),
        extra=_bank_sections(site, ref.slug, repeats, repeat_categories[:10],
                             breakdown((e for e in items if not e.individual), "name"),
                             tree_top(site, items, roots), list(reversed(people[-PEOPLE_SHOWN:])), len(people)),
    )


def _bank_sections(site: Site, slug: str, repeats: int, repeat_categories: list[tuple[Ref, int]],
                   branches: list[Row], tree: list[Branch], people: list[Entry], people_count: int) -> str:
    """The bank page's own sections after the breakdowns: repeats within the group, its branches (the first
    BRANCHES_SHOWN, by tickets), the top of its tree and its people (the newest PEOPLE_SHOWN). Values escaped
    as in sitegen/pages/listing_html.py. A paragraph here needs no </p>: the landing page's next <h2> closes it."""
    url = site.config.base_path
    out = []
    if repeats:
        kinds = "、".join(f'<a href={urls.link(url, urls.violation(r.slug))}>{h(r.label)}</a> {num(n)}'
                         for r, n in repeat_categories)
        out.append(f"<h2>集团内再次违规</h2>\n<p>{num(repeats)} 张机构罚单：集团内任一机构在该处罚决定日期前五年内"
                   f'曾因同类违法行为受罚（见 <a href={urls.link(url, urls.REPEATS)}>再次违规</a> 的规则）。'
                   f'{"按类型：" if kinds else ""}{kinds}\n')
    if branches:
        receipt = urls.receipt_path(urls.ALL_PERIODS, "bank", slug)
        out += ["<h2>受处罚的分支机构</h2>\n", tables_of(site).breakdown(branches[:BRANCHES_SHOWN], "分支机构",
                                                                 branches_of=receipt), "\n"]
        if len(branches) > BRANCHES_SHOWN:
            out.append(f'<p><a href={urls.link(url, urls.branches(slug))}>全部 {num(len(branches))} 家分支机构</a>')
        if tree:
            out.append('<h2>机构树</h2>\n<table class=breakdown>\n<thead><tr><th scope=col>机构'
                       '<th scope=col>本级罚单<th scope=col>含下属机构'
                       '<th scope=col>罚款合计（含下属）<tbody>\n')
            for b in tree:
                name = f'<a href={urls.link(url, b.page)}>{h(b.name)}</a>' if b.page else h(b.name)
                r = urls.link(url, f"{receipt}#{b.anchor}")
                out.append(f'<tr><th scope=row>{"　" if b.key.path else ""}{name} <small>{h(b.level)}</small>'
                           f'<td><a href={r}>{num(b.count)}</a><td><a href={r}>{num(b.total_count)}</a>'
                           f'<td><a href={r}>{money(b.total_fines)}</a>\n')
            out.append(f'</table>\n<p><a href={urls.link(url, urls.bank_tree(slug))}>'
                       "完整机构树：按总行、分行、二级分行、支行查看</a>\n")
    if people:
        sanctions = site.renderer.env.globals["sanctions"]
        out.append('<h2>受处罚人员</h2>\n<ol class=top>\n')
        for e in people:
            role = f" · {h(e.role)}" if e.role else ""
            out.append(f'<li><a href={urls.link(url, e.anchor)}>{h(e.name)}</a> <b>{h(sanctions(e))}</b> '
                       f"<small>{ymd(e.day)}{role}</small>\n")
        out.append(f'</ol>\n<p><a href={urls.link(url, urls.bank_people(slug))}>'
                   f"全部 {num(people_count)} 名受处罚人员</a>\n")
    return "".join(out)


def _branches_content(site: Site, ref: Ref, institutions: list[Entry]) -> str:
    """/banks/{slug}/branches/: every penalised institution of the group, by tickets."""
    url, branches = site.config.base_path, breakdown(institutions, "name")
    table = tables_of(site).breakdown(branches, "分支机构",
                                      branches_of=urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug))
    return (f'<p class=crumbs><a href={urls.link(url)}>首页</a> › <a href={urls.link(url, urls.BANKS)}>机构</a> › '
            f'<a href={urls.link(url, urls.bank(ref.slug))}>{h(ref.label)}</a>'
            f"<h1>{h(ref.label)}：受处罚的分支机构</h1>\n"
            f'<p class=lead>按处罚数排列，共 {num(len(branches))} 家（名称按公告原文）。{table}\n')


def write_banks(site: Site) -> None:
    by_group = group_entries(site.corpus.entries, lambda e: e.group)
    index: dict[str, list[Row]] = {}
    for ref, items in sorted(by_group.items(), key=lambda kv: kv[0].slug):
        base = urls.bank(ref.slug)
        kind = site.renderer.label(ref.kind or items[-1].institution_type or "other", "institution_type")
        people = [e for e in items if e.individual]
        roots = tree_of(site, ref, items)
        t = totals(items)  # shown on the bank page and on the index
        digest = entries_digest(items)  # of the bank page and of its tree page
        write_listing(
            site, family=FAMILY, nav="banks", base=base, entries=items, key=kind, omit="group", digest=digest,
            title=f"{ref.label} · 受处罚机构",
            context=lambda ref=ref, kind=kind, items=items, people=people, roots=roots, t=t: _bank_context(
                site, ref, kind, items, people, roots, t),
        )
        write_group_register(site, ref, items, digest, roots)
        institutions = [e for e in items if not e.individual]
        if len({e.name for e in institutions}) > BRANCHES_SHOWN:
            write_framed(
                site, urls.branches(ref.slug), ("branches", ref.label, entries_digest(institutions)), "banks",
                FAMILY, f"{ref.label} · 受处罚的分支机构",
                lambda ref=ref, institutions=institutions: _branches_content(site, ref, institutions),
            )
        if people:
            write_listing(
                site, family=FAMILY, nav="banks", base=urls.bank_people(ref.slug), entries=people, omit="group",
                title=f"{ref.label} · 受处罚人员",
                context=lambda ref=ref, base=base, people=people: dict(
                    heading=f"{ref.label}：受处罚人员",
                    kicker=(ref.label, base),
                    intro=f"{ref.label}及其分支机构的工作人员受到的行政处罚（警告、罚款、禁业），最新在前。",
                    totals=totals(people), sections=[], feed=None,
                    receipt=urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug) + "#kind-individual",
                ),
            )
        write_entry_feed(site, urls.feed(base), base, f"罚单：{ref.label}", items)
        index.setdefault(kind, []).append(Row(ref.label, t.count, t.fines, ref, by_source=t.by_source))
    groups = [(kind, sorted(rows, key=lambda r: (-r.count, r.label))) for kind, rows in
              sorted(index.items(), key=lambda kv: -sum(r.count for r in kv[1]))]
    write_index(
        site, directory=urls.BANKS, nav="banks", family=FAMILY, title="受处罚机构（按集团）",
        intro="按所属集团归并的受处罚机构：一家银行或保险公司的总部、分行、支行及其工作人员归在同一页。"
        "按机构类型分组，组内按处罚数排列。",
        column="机构", groups=groups, link=urls.BANKS,
    )
