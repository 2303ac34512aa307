"""The receipt of the register's people (stats/all/people/): the /people/ box's 人员, its sections' counts
(禁业期未满, 终身禁业, 多次受罚) and each person page's count of penalties.

A person is the register's (sitegen/core/register/people.py: rules.PERSON_RULE), not a ticket. The receipt
lists every person once, with the number of their penalties and their ban status, linked to their page,
in the order of their first notice's number (公告编号, which the regulator gives in the order it publishes):
archive page k holds people (k-1)·size+1 … k·size of that order, so a new night's people join the landing
page, even when a notice is published late with an old date, and an archive page changes only when one
of its people does (a new penalty, a ban that ends). The order of /people/ (by publication date) would
not do: a night of 100 notices dated months back moved 6,843 person pages' links at 100,000 notices.
One row per person and no file per person: at 100,000 notices there are about 117,000 people. The CSV
(one row per person, the same order) names each person's tickets (公告编号#当事人序号), so the register's
grouping of tickets into people can be checked; a page's people are rows a–b of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.csvsafe import csv_safe_cell
from sitegen.core.deflate import gzip_bytes
from sitegen.core.formats import cn_date, ymd
from sitegen.core.output import Site
from sitegen.core.shown import shown_text
from sitegen.core.summaries import Entry
from sitegen.core.writer import digest_of
from sitegen.pages.receipts.records import CSV_LEVEL
from sitegen.pages.receipts.rules import REGISTER_RULES, RULES
from sitegen.pages.receipts.sentence import SITE, period_text, publisher

FAMILY = "stats"
# The register's rules its figures follow: who is one person, and when a ban ends (禁业期未满 counts by it).
PEOPLE_RULES = tuple(rule for rule in REGISTER_RULES if rule[0] in ("person", "ban"))
LIFETIME, IN_FORCE, ENDED, UNKNOWN = "终身禁业", "禁业中", "已期满", "状态未知"
CSV_COLUMNS = ("人员页", "姓名", "处罚次数", "禁业状态", "首次发布日期", "最近发布日期",
               "处罚记录(公告编号#当事人序号)")


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A person as the receipt lists them."""

    slug: str
    name: str
    entries: tuple[Entry, ...]  # their tickets, in the order of their page
    status: str  # LIFETIME | IN_FORCE | ENDED | UNKNOWN | "" (no ban)
    first: tuple[int, int]  # their first ticket: (公告编号, 当事人序号)

    @property
    def count(self) -> int:
        return len(self.entries)

    def key(self) -> tuple[object, ...]:
        return (self.slug, self.name, self.status, tuple((e.doc_id, e.seq, e.day) for e in self.entries))


# The figures of the receipt: (anchor, label, unit, test of a row, the CSV filter that selects its rows).
SUBSETS: tuple[tuple[str, str, Any, str], ...] = (
    ("in-force", "禁业期未满", lambda r: r.status == IN_FORCE, f"“禁业状态”为{IN_FORCE}"),
    ("lifetime", "终身禁业", lambda r: r.status == LIFETIME, f"“禁业状态”为{LIFETIME}"),
    ("repeated", "多次受罚（两次及以上）", lambda r: r.count >= 2, "“处罚次数”不小于 2"),
)


def status_of(view: Any) -> str:
    """A person's ban status, as /people/ sorts them: a lifetime ban first, then a ban in force."""
    if view.lifetime:
        return LIFETIME
    if view.ban_in_force:
        return IN_FORCE
    if view.bans:
        return ENDED if all(a.in_force is False for a in view.bans) else UNKNOWN
    return ""


def person_rows(views: Sequence[Any], people: Sequence[Entry]) -> list[PersonRow]:
    """Every person (sitegen.pages.person_pages.PersonView) in the order of their first ticket's notice
    number (公告编号), then 当事人序号."""
    rows = []
    for v in views:
        entries = tuple(a.entry for a in v.appearances)
        first = min((e.doc_id, e.seq) for e in entries)
        # The register's name as the site may show it (sitegen.core.shown: rows are written in Python, past
        # the renderer's finalize, so they clean it themselves).
        rows.append(PersonRow(v.person.slug, shown_text(v.person.name) or "", entries, status_of(v), first))
    rows.sort(key=lambda r: (r.first, r.slug))
    return rows


def page_of(rank: int, people: int, size: int) -> int | None:
    """The archive page of the people receipt that lists the person at `rank` (0-based, of `people`) in
    the receipt's order (None: the landing page, which holds the people past the last full page)."""
    return rank // size + 1 if rank < (people // size) * size else None


def row_links(rows: Sequence[PersonRow], size: int) -> dict[str, str]:
    """slug -> the person's row on the receipt (stats/all/people/page/3/#wang-wei-1189918): what a person
    page's count links to."""
    return {r.slug: urls.people_receipt_page(page_of(i, len(rows), size)) + "#" + r.slug
            for i, r in enumerate(rows)}


def _html_row(r: PersonRow, base_path: str) -> str:
    """One <tr> (end tags of cells and row left out, and the quotes of its id and link, made by urls.link, as
    in records.record_row: one row per person)."""
    return (f"<tr id={urls.link('', r.slug)}><td><a href={urls.link(base_path, urls.person(r.slug))}>"
            f"{escape(r.name)}</a><td>{r.count}<td>{r.status}")


def people_csv(rows: Sequence[PersonRow], absolute: Any) -> bytes:
    """Gzip-compressed CSV, UTF-8 with BOM, one row per person (as records.records_csv: no name or time in
    the gzip header, a name a spreadsheet would run defused)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        days = [e.day for e in r.entries if e.day]
        writer.writerow((absolute(urls.person(r.slug)), csv_safe_cell(r.name), r.count, r.status,
                         ymd(min(days)) if days else "", ymd(max(days)) if days else "",
                         " ".join(f"{e.doc_id}#{e.seq}" for e in r.entries)))
    return gzip_bytes(out.getvalue().encode("utf-8"), CSV_LEVEL)


@dataclass(frozen=True, slots=True)
class PeopleFigures:
    people: int
    tickets: int  # the people's tickets (个人罚单 with a name)
    subsets: tuple[int, ...]  # per SUBSETS


def people_figures(rows: Sequence[PersonRow]) -> PeopleFigures:
    return PeopleFigures(len(rows), sum(r.count for r in rows),
                         tuple(sum(1 for r in rows if test(r)) for _, _, test, _ in SUBSETS))


def people_sentence(figs: PeopleFigures, *, first_year: int | None, sources: Sequence[str],
                    labels: dict[str, str], as_of: date | None, url: str) -> str:
    """The citation: the people, their tickets, and the subsets /people/ counts."""
    parts = "、".join(f"{label.split('（')[0]}的{n:,}人"
                     for (_, label, _, _), n in zip(SUBSETS, figs.subsets, strict=True))
    as_of_text = f"，截至{cn_date(as_of)}" if as_of else ""
    return (f"据{SITE}统计，{period_text('all', first_year)}，{publisher(sources, labels)}公开的行政处罚中被点名处罚的"
            f"个人共{figs.people:,}人（涉及个人罚单{figs.tickets:,}张），其中{parts}（按本站人员归并规则，同名者"
            f"只在有力证据时视为同一人{as_of_text}；{url}）。")


def write_people_receipt(site: Site, views: Sequence[Any], people: Sequence[Entry]) -> dict[str, str]:
    """stats/all/people/, its archive pages and its CSV; returns each person's row link (row_links)."""
    size = site.config.page_size
    rows = person_rows(views, people)
    links = row_links(rows, size)
    pages: dict[int | None, list[PersonRow]] = {}
    for i, r in enumerate(rows):
        pages.setdefault(page_of(i, len(rows), size), []).append(r)
    starts: dict[int | None, int] = {}  # the CSV row (1-based) of each page's first person
    n = 1
    for page, members in pages.items():
        starts[page] = n
        n += len(members)
    archives = sorted(k for k in pages if k is not None)
    base_path = str(escape(site.config.base_path))
    corpus = site.corpus
    first_year = corpus.entries[0].year if corpus.entries else None
    sources = tuple(sorted({e.source for e in people}, key=lambda c: (c != "nfra", c)))
    labels = {s.code: s.short for s in site.vocab.sources}
    figs = people_figures(rows)
    as_of = max((e.day for e in people if e.day), default=None)
    path = urls.PEOPLE_RECEIPT
    csv_path = urls.receipt_csv(path)
    absolute = site.config.absolute
    site.writer.page(csv_path, ("people-csv", digest_of(tuple(r.key() for r in rows))),
                     lambda: people_csv(rows, absolute), FAMILY)

    def page_context(page: int | None) -> dict[str, Any]:
        members = pages.get(page, [])
        first = starts.get(page, 1)
        return dict(
            title="统计凭据：受处罚人员", page=page, archives=archives, csv=csv_path,
            csv_rows=(first, first + len(members) - 1) if members else None,
            rows=Markup("\n".join(_html_row(r, base_path) for r in members)), shown=len(members),
            people_range=((page - 1) * size + 1, page * size) if page else ((len(rows) // size) * size + 1,
                                                                            len(rows)),
        )

    def landing() -> dict[str, Any]:
        sentences = [people_sentence(figs, first_year=first_year, sources=sources, labels=labels, as_of=as_of,
                                     url=absolute(path))]
        subsets = [(anchor, label, n, where) for (anchor, label, _, where), n in zip(SUBSETS, figs.subsets,
                                                                                    strict=True)]
        return dict(page_context(None), figs=figs, subsets=subsets, sentence=sentences[0], as_of=as_of,
                    rules=RULES, register_rules=PEOPLE_RULES, total_rows=len(rows))

    key = (figs, as_of, first_year, sources, archives, tuple(r.key() for r in pages.get(None, [])),
           starts.get(None), len(people))
    site.html_lazy(path, key, "receipt_people.html", "stats", FAMILY, landing)
    for k in archives:
        site.html_lazy(urls.people_receipt_page(k), (k, starts[k], tuple(r.key() for r in pages[k])),
                       "receipt_people.html", "stats", FAMILY, lambda k=k: page_context(k))
    return links
