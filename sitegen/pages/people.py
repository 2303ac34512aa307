"""/people/: individuals penalized (warnings, fines, bans, lifetime bans), since journalists search by name."""

from __future__ import annotations

from datetime import date
from typing import Any

from sitegen.core import urls
from sitegen.core.families import item_sections
from sitegen.core.output import Site
from sitegen.core.stats import top_fines, totals
from sitegen.core.summaries import Entry
from sitegen.pages.feeds import write_entry_feed
from sitegen.pages.listings import write_listing
from sitegen.pages.person_pages import PersonView, people_digest, person_views, view_digests, write_person_pages
from sitegen.pages.receipts.keys import BAN_LISTINGS
from sitegen.pages.receipts.people import write_people_receipt

FAMILY = "people"
SUBSETS = (
    (urls.PEOPLE_BANS, "禁业人员", "被禁止从事银行业、保险业工作（含终身禁业）的人员，最新在前。"),
    (urls.PEOPLE_LIFETIME, "终身禁业人员", "被终身禁止从事银行业、保险业工作的人员，最新在前。"),
)


BANS_FEED = urls.feed(urls.PEOPLE_BANS)
BAN_ITEMS = {listing: item for item, listing in BAN_LISTINGS.items()}  # the ban receipt of each listing
REGISTER_SHOWN = 100  # people per section of the /people/ index
MOST_PENALISED_MIN = 2


def _register_sections(views: list[PersonView], receipts: dict[str, str]) -> dict[str, Any]:
    """The /people/ index sections made from the linked people: bans in force (newest ban first),
    lifetime bans, and the people penalised most often."""
    def newest(v: PersonView) -> tuple[object, ...]:
        return (v.latest.entry.day or date.min, v.person.slug)

    in_force = sorted((v for v in views if v.ban_in_force and not v.lifetime), key=newest, reverse=True)
    lifetime = sorted((v for v in views if v.lifetime), key=newest, reverse=True)
    most = sorted((v for v in views if len(v.appearances) >= MOST_PENALISED_MIN),
                  key=lambda v: (-len(v.appearances), v.person.slug))
    return dict(
        in_force=in_force[:REGISTER_SHOWN], in_force_count=len(in_force),
        lifetime_people=lifetime[:REGISTER_SHOWN], lifetime_count=len(lifetime),
        most=most[:REGISTER_SHOWN], most_count=len(most), person_count=len(views),
        person_receipts=receipts,  # slug -> the person's row on stats/all/people/ (their count's receipt)
    )


def _context(people: list[Entry], subsets: list[list[Entry]]) -> dict[str, Any]:
    return dict(
        heading="受处罚人员",
        kicker=("人员", urls.PEOPLE),
        stat=("all", "kind", "individual"),  # figures link to their receipts (sitegen/pages/receipts)
        intro="行政处罚公告中点名的个人：多为时任行长、经理等负有责任的人员。每人一页，汇集其全部处罚记录；"
              "同名记录只在同一机构（或同一分行辖内）、同一公告或相互引用的公告中出现时才视为同一人，其余分列，"
              "并注明“同名，未必同一人”。",
        totals=totals(people),
        top=top_fines(people),
        sections=item_sections("kind", people),
        feed=None,
        counts={
            "warned": sum(e.warning for e in people),
            "fined": sum(bool(e.fine) for e in people),
            "banned": len(subsets[0]),
            "lifetime": len(subsets[1]),
        },
        subsets=[(base, heading, len(items)) for (base, heading, _), items in zip(SUBSETS, subsets, strict=True)],
    )


def write_people(site: Site, as_of: date | None = None) -> None:
    """/people/ (the index), /people/{slug}/ for every linked person, the ban listings and their feed.
    `as_of`: the day bans are judged in force on (default: today)."""
    people = [e for e in site.corpus.entries if e.individual]
    banned = [e for e in people if e.banned]
    subsets = [banned, [e for e in banned if e.ban_lifetime]]
    views = person_views(site, as_of or date.today())
    receipts = write_people_receipt(site, views, people)
    digests = view_digests(views)
    write_person_pages(site, views, receipts, digests)
    sections = _register_sections(views, receipts)
    shown = {v.person.slug for section in sections.values() if isinstance(section, list) for v in section}
    write_listing(
        site, family=FAMILY, nav="people", base=urls.PEOPLE, entries=people, template="people.html",
        title="受处罚人员", key=(people_digest(digests), sorted((s, receipts[s]) for s in shown)),
        context=lambda: {**_context(people, subsets), **sections},
    )
    write_entry_feed(site, BANS_FEED, urls.PEOPLE_BANS, "罚单：新增禁业人员", banned)
    for (base, heading, intro), items in zip(SUBSETS, subsets, strict=True):
        write_listing(
            site, family=FAMILY, nav="people", base=base, entries=items, title=heading,
            context=lambda base=base, heading=heading, intro=intro, items=items: dict(
                heading=heading, kicker=("人员", urls.PEOPLE), intro=intro, totals=totals(items), top=[],
                stat=(urls.ALL_PERIODS, "ban", BAN_ITEMS[base]),  # exactly the records of that ban receipt
                sections=[], feed=BANS_FEED if base == urls.PEOPLE_BANS else None,
            ),
        )
