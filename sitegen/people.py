"""/people/: individuals penalized (warnings, fines, bans, lifetime bans), since journalists search by name."""

from __future__ import annotations

from typing import Any

from sitegen.listings import write_listing
from sitegen.model import Entry
from sitegen.sitectx import Site
from sitegen.stats import breakdown, top_fines, totals

FAMILY = "people"
SUBSETS = (
    ("people/bans/", "禁业人员", "被禁止从事银行业、保险业工作（含终身禁业）的人员，最新在前。"),
    ("people/lifetime/", "终身禁业人员", "被终身禁止从事银行业、保险业工作的人员，最新在前。"),
)


def _context(people: list[Entry], subsets: list[list[Entry]]) -> dict[str, Any]:
    return dict(
        heading="受处罚人员",
        kicker=("人员", "people/"),
        intro="行政处罚公告中点名的个人：多为时任行长、经理等负有责任的人员。名单按公告原文；同名不一定是同一人，"
              "请以公告内容为准。",
        totals=totals(people),
        top=top_fines(people),
        sections=[("所在机构", "机构",
                   breakdown(people, "group", label=lambda r: r.label, ref=lambda r: r, limit=30),
                   "banks/")],
        feed=None,
        counts={
            "warned": sum(e.warning for e in people),
            "fined": sum(bool(e.fine) for e in people),
            "banned": len(subsets[0]),
            "lifetime": len(subsets[1]),
        },
        subsets=[(base, heading, len(items)) for (base, heading, _), items in zip(SUBSETS, subsets, strict=True)],
    )


def write_people(site: Site) -> None:
    people = [e for e in site.corpus.entries if e.individual]
    banned = [e for e in people if e.banned]
    subsets = [banned, [e for e in banned if e.ban_lifetime]]
    write_listing(
        site, family=FAMILY, nav="people", base="people/", entries=people, template="people.html",
        title="受处罚人员", context=lambda: _context(people, subsets),
    )
    for (base, heading, intro), items in zip(SUBSETS, subsets, strict=True):
        write_listing(
            site, family=FAMILY, nav="people", base=base, entries=items, title=heading,
            context=lambda heading=heading, intro=intro, items=items: dict(
                heading=heading, kicker=("人员", "people/"), intro=intro, totals=totals(items), top=[],
                sections=[], feed=None,
            ),
        )
