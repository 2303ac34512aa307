"""/people/{slug}/: one page per penalised person (sitegen.core.register.people), every appearance with its
notice, role at the time, institution and group, sanction, ban end date and status; namesakes linked.

The status of a ban (in force / ended) is read on the build's date, which is not printed: a page changes
only when a status does. Old slugs of a person (people.Person.redirects) get a small page that sends the
reader on, so a published URL keeps working when an older notice is crawled or two pages are joined.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.formats import ymd
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


_STATUS = {True: "禁业中", False: "已期满", None: "状态未知"}


def appearance_item(
    a: AppearanceView, base_path: str, sanctions: Callable[[Entry], str], page_key: Callable[[int], int | str]
) -> str:
    """One appearance as one compact list item: the notice and its dates; role · institution · group ·
    sanctions (the ban's end) · categories; a repeat flag per category. Written in Python like
    sitegen.core.fragments (a template loop per page was most of the person pages' cost); every value escaped."""
    e = a.entry
    title = a.title or f"公告 {e.doc_id}"
    decided = f" · 决定 {ymd(a.decided_on)}" if a.decided_on else ""
    parts = []
    if e.role:
        parts.append(escape(e.role if e.role.startswith("时任") else "时任" + e.role))
    if e.institution and not (e.role and e.institution in e.role):  # 时任XX分行副行长 names it already
        parts.append(escape(e.institution))
    if e.group:
        parts.append(f'<a href="{base_path}{urls.bank(e.group.slug)}">{escape(e.group.label)}</a>')
    ban = ""
    if a.ban is not None:  # all a one-appearance page says of its ban (the bans table is for several)
        start = "，按公布日期起算" if a.ban.estimated else ""
        ends = f"，{ymd(a.ban.ends_on)} 期满" if a.ban.ends_on else ""
        ban = f"（{escape(a.ban_text)}{start}{ends}，{_STATUS[a.in_force]}）"
    parts.append(f"<b>{escape(sanctions(e))}</b>{ban}")
    parts.extend(f'<a href="{base_path}{urls.violation(c.slug)}">{escape(c.label)}</a>' for c in e.categories)
    repeats = "".join(
        f'<br><span class="repeat">再次违规：五年内再次因同类违规受罚，前次见 '
        f'<a href="{base_path}{urls.party(page_key(r.earlier[0]), r.earlier[1])}">{ymd(r.earlier_day)}</a></span>'
        for r in a.repeats
    )
    return (f'<li id="d{e.doc_id}-{e.seq}"><a href="{base_path}{e.anchor}">{escape(title)}</a> '
            f"<small>{ymd(e.day)}{decided}</small><br>\n{' · '.join(parts)}{repeats}</li>")


def appearance_items(site: Site, view: PersonView) -> Markup:
    """The list items of a person's appearances (person.html prints them as they are)."""
    sanctions = site.renderer.env.globals["sanctions"]
    base_path = str(escape(site.config.base_path))
    return Markup("\n".join(appearance_item(a, base_path, sanctions, site.register.page_key)
                             for a in view.appearances))


def write_person_pages(site: Site, views: list[PersonView], receipts: dict[str, str]) -> None:
    """`receipts`: slug -> the person's row on the people receipt (what their count links to)."""
    by_slug = {v.person.slug: v for v in views}
    for view in views:
        person = view.person
        namesakes = [by_slug[s] for s in person.namesakes if s in by_slug]
        base = urls.person(person.slug)
        links = (receipts.get(person.slug), *(receipts.get(n.person.slug) for n in namesakes))
        key = (view.key(), tuple((n.person.slug, n.latest.entry.institution, n.latest.entry.day) for n in namesakes),
               links)
        site.html_lazy(
            base, key, "person.html", "people", FAMILY,
            lambda view=view, namesakes=namesakes: dict(
                title=f"{view.person.name} · 受处罚人员", person=view.person, view=view, namesakes=namesakes,
                appearances=appearance_items(site, view), receipts=receipts,
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
