"""/regulators/{slug}/: penalties by the office that issued the notice."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.families import group_entries, group_notices, item_sections, write_index
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.stats import Row, Totals, totals
from sitegen.core.summaries import Entry, NoticeSummary
from sitegen.pages.listings import write_listing

FAMILY = "regulators"
LEVEL_ORDER = {"headquarters": 0, "provincial": 1, "sub-provincial": 2}


def _context(ref: Ref, intro: str, items: list[Entry], unparsed: list[NoticeSummary], t: Totals) -> dict[str, Any]:
    return dict(
        unparsed=list(reversed(unparsed)),
        heading=ref.label,
        kicker=("监管机构", urls.REGULATORS),
        stat=("all", "regulator", ref.slug),  # figures link to their receipts (sitegen/pages/receipts)
        intro=intro,
        totals=t,
        sections=item_sections("regulator", items),
        feed=None,
    )


def write_regulators(site: Site) -> None:
    by_office = group_entries(site.corpus.entries, lambda e: e.regulator)
    # Notices from which no party could be read still belong to their office (and are linked to it).
    unparsed_of = group_notices([n for n in site.corpus.notices if not n.party_count], lambda n: n.regulator)
    offices = set(by_office) | set(unparsed_of)
    groups: dict[str, list[Row]] = {}
    other_regulators: set[str] = set()  # headings of other regulators, right after NFRA's 总局
    for ref in sorted(offices, key=lambda r: r.slug):
        items = by_office.get(ref, [])
        unparsed = unparsed_of.get(ref, [])
        source = site.vocab.office_source(ref)  # another regulator's head office (人民银行总行)
        level = site.renderer.label(ref.kind, "level") if ref.kind else "级别不详"
        if source is not None:
            level = site.renderer.labels.get("head_office", {}).get(source.code, level)
        where = f"，{ref.province}" if ref.province else ""
        intro = f"{ref.key}（{level}{where}）发布的行政处罚。"
        t = totals(items)  # shown on the page and on the index
        write_listing(
            site, family=FAMILY, nav="regulators", base=urls.regulator(ref.slug), entries=items, omit="regulator",
            key=(intro, tuple(n.fingerprint for n in unparsed)),
            title=f"{ref.label} · 监管机构",
            context=lambda ref=ref, intro=intro, items=items, unparsed=unparsed, t=t: _context(
                ref, intro, items, unparsed, t),
        )
        heading = source.name if source else ref.province or ("总局" if ref.kind == "headquarters" else "其他")
        if source:
            other_regulators.add(heading)
        groups.setdefault(heading, []).append(Row(ref.label, t.count, t.fines, ref, key=ref.kind))
    ordered = []
    for heading, rows in sorted(
        groups.items(), key=lambda kv: (kv[0] != "总局", kv[0] not in other_regulators, kv[0] == "其他", kv[0])
    ):
        rows.sort(key=lambda r: (LEVEL_ORDER.get(r.key or "", 3), -r.count, r.label))
        ordered.append((heading, rows))
    write_index(
        site, directory=urls.REGULATORS, nav="regulators", family=FAMILY, title="监管机构",
        intro="国家金融监督管理总局及其派出机构（监管局、监管分局，含原银保监会时期的名称）"
              + ("和中国人民银行（总行）" if site.vocab.multi_source else "") + "发布的行政处罚。",
        column="监管机构", groups=ordered, link=urls.REGULATORS,
    )
