"""/people/{slug}/: one page per penalised person (sitegen.core.register.people), every appearance with its
notice, role at the time, institution and group, sanction, ban end date and status; the first
NAMESAKES_SHOWN namesakes linked, the rest counted and left to the site search.

The status of a ban (in force / ended) is read on the build's date, which is not printed: a page changes
only when a status does. Old slugs of a person (people.Person.redirects) get a small page that sends the
reader on, so a published URL keeps working when an older notice is crawled or two pages are joined.

There is a page per person (118,000 at 100,000 notices), so a page is written in Python and printed in the
frame by Frame.page, as notice pages are (sitegen/pages/notice_page.py): through a template the page
cost more CPU than its content. What many pages repeat (a group's or a category's link, a person's line in
their namesakes' lists) is made once per build. A common name's list was quadratic (every person of the name
listed every other: 19 MiB of lines at 100,000 notices), so a page lists only the first NAMESAKES_SHOWN and
links the search for the name; the ban rule is stated once, on /about/#rule-ban, and linked. Every value from
the database is escaped, and bidi controls are stripped from the whole content (sitegen.core.shown.finalize's
rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from markupsafe import escape

from sitegen.core import urls
from sitegen.core.formats import ymd
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.register.calendar import Ban, ban_of
from sitegen.core.register.people import Person
from sitegen.core.register.repeats import Repeat
from sitegen.core.shown import finalize, shown_html, shown_text
from sitegen.core.summaries import Entry
from sitegen.core.writer import digest_of

FAMILY = "people"
# A person page lists this many namesakes, in the register's order (the earliest first notice first, so a
# newcomer does not push one out), then counts the rest and links the search for the name.
NAMESAKES_SHOWN = 3
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
    """A person as their page, /people/ and the people receipt show them. The ban figures are read several
    times per person, so person_views works them out once."""

    person: Person
    appearances: tuple[AppearanceView, ...]
    bans: tuple[AppearanceView, ...]  # the appearances with a ban
    ban_in_force: bool  # one of the bans has not ended by the build's date (Ban.in_force)
    lifetime: bool  # one of the bans is for life

    @property
    def latest(self) -> AppearanceView:
        return self.appearances[-1]

    def key(self) -> tuple[object, ...]:
        """What the person's own appearances show (their namesakes are keyed by the pages that list them)."""
        return (self.person.slug,
                tuple((a.entry.fingerprint, a.entry.seq, a.in_force, a.repeats) for a in self.appearances))


def person_views(site: Site, as_of: date) -> list[PersonView]:
    entries = {(e.doc_id, e.seq): e for e in site.corpus.entries if e.individual}
    titles = {n.doc_id: n.title for n in site.corpus.notices}
    flags = site.register.flags
    views = []
    for person in site.register.people:
        shown = []
        for a in person.appearances:
            key = (a.doc_id, a.seq)
            entry = entries.get(key)
            if entry is None:
                continue
            ban = ban_of(a.decided_on, a.published_on, a.ban_years, a.ban_lifetime)
            industry = "保险业" if (entry.institution_type in INSURANCE_TYPES
                                  or (entry.group is not None and entry.group.kind in INSURANCE_TYPES)) else "银行业"
            shown.append(AppearanceView(entry, titles.get(a.doc_id, ""), a.decided_on, ban,
                                        ban.in_force(as_of) if ban else None, industry, tuple(flags.get(key, ()))))
        if shown:
            bans = tuple(a for a in shown if a.ban is not None)
            views.append(PersonView(person, tuple(shown), bans, any(a.in_force for a in bans),
                                    any(a.ban.lifetime for a in bans if a.ban is not None)))
    return views


_STATUS = {True: "禁业中", False: "已期满", None: "状态未知"}

# (slug, name, where, latest day, count of appearances, receipt row): all a namesake's line shows.
NamesakeLine = tuple[str, str, str, date | None, int, str]


def namesake_line(view: PersonView, receipts: dict[str, str]) -> NamesakeLine:
    """What a person's line in their namesakes' lists shows: PersonPages.namesake_item prints exactly this,
    and the page key of every page listing them holds it, so the two cannot drift apart."""
    latest = view.latest.entry
    where = latest.institution or (latest.group.label if latest.group else "")
    return (view.person.slug, view.person.name, where, latest.day, len(view.appearances),
            receipts[view.person.slug])


class PersonPages:
    """The content of person pages; `base_path` is the site's path, escaped; `receipts`: slug -> the person's
    row on the people receipt (what their count links to)."""

    def __init__(self, base_path: str, sanctions: Callable[[Entry], str], page_key: Callable[[int], int | str],
                 receipts: dict[str, str]) -> None:
        self.base_path = base_path
        self.sanctions = sanctions
        self.page_key = page_key
        self.receipts = receipts
        self._links: dict[tuple[str, int], str] = {}  # (path, id of the Ref) -> its link

    def _link(self, path: str, ref: Ref) -> str:
        """A group's or a category's link, made once per build (Refs are one object per name)."""
        html = self._links.get((path, id(ref)))
        if html is None:
            html = self._links[(path, id(ref))] = f'<a href={urls.link(self.base_path, path)}>{escape(ref.label)}</a>'
        return html

    def appearance_item(self, a: AppearanceView) -> str:
        """One appearance as one compact list item: the notice and its dates; role · institution · group ·
        sanctions (the ban's end) · categories; a repeat flag per category."""
        base_path, e = self.base_path, a.entry
        title = a.title or f"公告 {e.doc_id}"
        decided = f" · 决定 {ymd(a.decided_on)}" if a.decided_on else ""
        parts = []
        if e.role:
            parts.append(escape(e.role if e.role.startswith("时任") else "时任" + e.role))
        if e.institution and not (e.role and e.institution in e.role):  # 时任XX分行副行长 names it already
            parts.append(escape(e.institution))
        if e.group:
            parts.append(self._link(urls.bank(e.group.slug), e.group))
        ban = ""
        if a.ban is not None:  # all a one-appearance page says of its ban (the bans table is for several)
            start = "，按公布日期起算" if a.ban.estimated else ""
            ends = f"，{ymd(a.ban.ends_on)} 期满" if a.ban.ends_on else ""
            ban = f"（{escape(a.ban_text)}{start}{ends}，{_STATUS[a.in_force]}）"
        parts.append(f"<b>{escape(self.sanctions(e))}</b>{ban}")
        parts.extend(self._link(urls.violation(c.slug), c) for c in e.categories)
        repeats = "".join(
            f'<br><span class=repeat>再次违规：五年内再次因同类违规受罚，前次见 '
            f'<a href={urls.link(base_path, urls.party(self.page_key(r.earlier[0]), r.earlier[1]))}>'
            f"{ymd(r.earlier_day)}</a>"
            "</span>"
            for r in a.repeats
        )
        return (f'<li id={urls.link("", f"d{e.doc_id}-{e.seq}")}>'
                f'<a href={urls.link(base_path, e.anchor)}>{escape(title)}</a> '
                f"<small>{ymd(e.day)}{decided}</small><br>\n{' · '.join(parts)}{repeats}")

    def _ban_row(self, a: AppearanceView) -> str:
        """One row of the bans table (a person with several appearances)."""
        ban = a.ban
        assert ban is not None
        start = ymd(ban.start) if ban.start else "未知"
        estimated = "（公告未列决定日期，按公布日期）" if ban.estimated else ""
        ends = "终身" if ban.lifetime else (ymd(ban.ends_on) if ban.ends_on else "未知")
        status = '<b class=in-force>禁业中</b>' if a.in_force else ("未知" if a.in_force is None else "已期满")
        return (f'<tr><td><a href={urls.link(self.base_path, a.entry.anchor)}>{escape(a.ban_text)}</a>'
                f"<td>{start}{estimated}<td>{ends}<td>{status}\n")

    def namesake_item(self, line: NamesakeLine) -> str:
        """A person's line (namesake_line) in the namesakes list of other people of their name."""
        slug, name, where, day, count, receipt = line
        times = f' · <a href={urls.link(self.base_path, receipt)}>{count}</a> 次' if count > 1 else ""
        return (f'<li><a href={urls.link(self.base_path, urls.person(slug))}>{escape(name)}</a> '
                f"<small>{escape(where)} · {ymd(day)}{times}</small>\n")

    def more_namesakes(self, name: str, more: int) -> str:
        """The line after a capped namesakes list: how many more people have the name, and the site search for
        it. The query is the name as the site shows it (and the search index holds it), %-encoded whole (quote
        with no safe character: only letters, digits and _.~- stay); the value is quoted, as a `?q=` link holds
        an `=` that may not stand in an unquoted value."""
        href = f"{urls.link(self.base_path, urls.SEARCH)}?q={quote(shown_text(name) or '', safe='')}"
        return f'<p>另有 {more} 人同名：<a href="{escape(href)}">搜索全部处罚记录</a>\n'

    def content(self, view: PersonView, namesakes: str, more: int = 0) -> str:
        """The content of a person's page. `namesakes`: the joined namesake_item lines of the namesakes shown
        ("" if none); `more`: how many namesakes are left out of the list."""
        base_path = self.base_path
        person, latest = view.person, view.latest.entry
        count = len(view.appearances)
        recent = f"，最近一次时在{escape(latest.institution)}" if count > 1 and latest.institution else ""
        status = ("<b>终身禁业。</b>" if view.lifetime else "<b>禁业期未满。</b>" if view.ban_in_force
                  else "禁业期已满。" if view.bans else "")
        out = [
            f'<p class=crumbs><a href={urls.link(base_path)}>首页</a> › '
            f'<a href={urls.link(base_path, urls.PEOPLE)}>受处罚人员</a>'
            f"<h1>{escape(person.name)}</h1>\n"
            f'<p class=lead><a href={urls.link(base_path, self.receipts[person.slug])}>{count}</a>'
            f" 次受到行政处罚{recent}。\n"
            f"{status}"
        ]
        if view.bans and count > 1:
            out.append('<h2>禁业</h2>\n<table class=bans>\n'
                       "<thead><tr><th>处罚<th>起算（决定日期）<th>期满<th>状态</thead>\n")
            out.extend(self._ban_row(a) for a in view.bans)
            out.append("</table>\n")
        if any(not a.ban.lifetime for a in view.bans if a.ban is not None):  # a lifetime ban has no end day
            out.append(f'<p class=note><a href={urls.link(base_path, urls.ABOUT + "#rule-ban")}>期满日的算法</a>')
        items = "\n".join(self.appearance_item(a) for a in view.appearances)
        out.append(f'<h2>处罚记录</h2>\n<ol class=appearances>\n{items}\n</ol>\n')
        if namesakes:
            out.append(f'<h2>同名，未必同一人</h2>\n<p class=note>是否同一人见'
                       f'<a href={urls.link(base_path, urls.ABOUT + "#rule-person")}>人员归并规则</a>，以公告原文为准。'
                       f'<ul class=links>\n{namesakes}</ul>\n')
            if more:
                out.append(self.more_namesakes(person.name, more))
        return str(finalize("".join(out)))


def write_person_pages(site: Site, views: list[PersonView], receipts: dict[str, str], digests: dict[str, str]) -> None:
    """`receipts`: slug -> the person's row on the people receipt (what their count links to); `digests`: slug ->
    view_digests' digest of what the person's own appearances show."""
    by_slug = {v.person.slug: v for v in views}
    pages = PersonPages(str(escape(site.config.base_path)), site.renderer.env.globals["sanctions"],
                        site.register.page_key, receipts)
    frame, writer = site.renderer.frame, site.writer
    lines: dict[str, NamesakeLine] = {}  # slug -> namesake_line, made when a page first lists the person
    items: dict[str, str] = {}  # slug -> namesake_item, made when a page first needs it
    for view in views:
        person = view.person
        namesakes = [s for s in person.namesakes if s in by_slug]
        listed = namesakes[:NAMESAKES_SHOWN]
        more = len(namesakes) - len(listed)
        for s in listed:
            if s not in lines:
                lines[s] = namesake_line(by_slug[s], receipts)
        base = urls.person(person.slug)

        def render(view: PersonView = view, listed: list[str] = listed, more: int = more, base: str = base) -> str:
            for s in listed:
                if s not in items:
                    items[s] = pages.namesake_item(lines[s])
            # One page per record: no menu (base.html's `nav` block emptied) and the record pages' frame.
            return frame.page(title=shown_html(f"{view.person.name} · 受处罚人员"),
                              content=pages.content(view, "".join(items[s] for s in listed), more), nav=None,
                              record_page=True)

        # The page's inputs: its own appearances, its count's row on the receipt, the lines of the namesakes it
        # lists and the count of the rest (a namesake past the list changes the page only through that count).
        key = ("person", digests[person.slug], receipts[person.slug], tuple(lines[s] for s in listed), more)
        writer.page(urls.index_file(base), key, render, FAMILY)
        for old in person.redirects:
            writer.page(
                urls.index_file(urls.person(old)), ("redirect", base),
                lambda old=old, base=base: site.renderer.page("redirect.html", urls.person(old), "people",
                                                             target=base),
                FAMILY,
            )


def view_digests(views: list[PersonView]) -> dict[str, str]:
    """slug -> the digest of PersonView.key(): part of the person's page key and of the /people/ index's."""
    return {v.person.slug: digest_of(v.key()) for v in views}


def people_digest(digests: dict[str, str]) -> str:
    return digest_of(tuple(digests.values()))
