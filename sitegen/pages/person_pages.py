"""/people/{slug}/: one page per penalised person (sitegen.core.register.people), every appearance with its
notice, role at the time, institution and group, sanction, ban end date and status; namesakes linked.

The status of a ban (in force / ended) is read on the build's date, which is not printed: a page changes
only when a status does. Old slugs of a person (people.Person.redirects) get a small page that sends the
reader on, so a published URL keeps working when an older notice is crawled or two pages are joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.core.register.calendar import Ban, ban_of
from sitegen.core.register.people import Person
from sitegen.core.register.repeats import Repeat
from sitegen.core.summaries import Entry
from sitegen.core.writer import digest_of

FAMILY = "people"
INSURANCE_TYPES = frozenset({"insurance", "insurance-intermediary"})


@dataclass(frozen=True, slots=True)
class AppearanceView:
    """One appearance as a person page shows it."""

    entry: Entry
    title: str  # the notice's
    decided_on: date | None
    ban: Ban | None
    in_force: bool | None
    industry: str  # 银行业 | 保险业: what the ban keeps them from
    repeats: tuple[Repeat, ...]  # this penalty repeats an earlier one (repeats.repeat_flags)

    @property
    def ban_text(self) -> str:
        if self.ban is None:
            return ""
        if self.ban.lifetime:
            return f"终身禁止{'进入保险业' if self.industry == '保险业' else '从事银行业工作'}"
        verb = "禁止进入保险业" if self.industry == "保险业" else "禁止从事银行业工作"
        return f"{verb} {self.ban.years} 年"


@dataclass(frozen=True, slots=True)
class PersonView:
    person: Person
    appearances: tuple[AppearanceView, ...]

    @property
    def latest(self) -> AppearanceView:
        return self.appearances[-1]

    @property
    def bans(self) -> tuple[AppearanceView, ...]:
        return tuple(a for a in self.appearances if a.ban is not None)

    @property
    def ban_in_force(self) -> bool:
        return any(a.in_force for a in self.bans)

    @property
    def lifetime(self) -> bool:
        return any(a.ban is not None and a.ban.lifetime for a in self.bans)

    def key(self) -> tuple[object, ...]:
        return (self.person.slug, self.person.namesakes,
                tuple((a.entry.fingerprint, a.entry.seq, a.in_force, a.repeats) for a in self.appearances))


def person_views(site: Site, as_of: date) -> list[PersonView]:
    entries = {(e.doc_id, e.seq): e for e in site.corpus.entries if e.individual}
    titles = {n.doc_id: n.title for n in site.corpus.notices}
    register = site.register
    views = []
    for person in register.people:
        shown = []
        for a in person.appearances:
            entry = entries.get(a.key)
            if entry is None:
                continue
            ban = ban_of(a.decided_on, a.published_on, a.ban_years, a.ban_lifetime)
            industry = "保险业" if (entry.institution_type in INSURANCE_TYPES
                                  or (entry.group is not None and entry.group.kind in INSURANCE_TYPES)) else "银行业"
            shown.append(AppearanceView(entry, titles.get(a.doc_id, ""), a.decided_on, ban,
                                    ban.in_force(as_of) if ban else None, industry,
                                    tuple(register.flags.get(a.key, ()))))
        if shown:
            views.append(PersonView(person, tuple(shown)))
    return views


def write_person_pages(site: Site, views: list[PersonView]) -> None:
    by_slug = {v.person.slug: v for v in views}
    for view in views:
        person = view.person
        namesakes = [by_slug[s] for s in person.namesakes if s in by_slug]
        base = urls.person(person.slug)
        key = (view.key(), tuple((n.person.slug, n.latest.entry.institution, n.latest.entry.day) for n in namesakes))
        site.html_lazy(
            base, key, "person.html", "people", FAMILY,
            lambda view=view, namesakes=namesakes: dict(
                title=f"{view.person.name} · 受处罚人员", person=view.person, view=view, namesakes=namesakes,
                page_key=site.register.page_key,
            ),
        )
        for old in person.redirects:
            site.writer.page(
                urls.index_file(urls.person(old)), ("redirect", base),
                lambda old=old, base=base: site.renderer.page("redirect.html", urls.person(old), "people",
                                                             target=base),
                FAMILY,
            )


def people_digest(views: list[PersonView]) -> str:
    return digest_of(tuple(v.key() for v in views))
