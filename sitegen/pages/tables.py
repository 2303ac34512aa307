"""The figures box (totals) and the breakdown table of a listing, written in Python rather than as Jinja macros.

Every family landing page (banks, branches, violations, regions, regulators, years, people, repeats) shows a
totals box and one or more breakdown tables: as macros they were a fifth of the listings' CPU (a macro call,
and a `call` per printed value, for each of their rows). Installed as the template globals `show_totals` and
`breakdown`, called with the same arguments the macros took. Every value from the database is escaped, and
bidi controls are stripped from the whole (sitegen.core.shown.finalize's rule).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.formats import money, num
from sitegen.core.shown import finalize
from sitegen.core.stats import Row, Totals
from sitegen.pages.receipts.links import Stat, anchored, receipt_of, row_source_path, source_path

_SOURCES_HEADING = '<th scope=col>按监管部门（处罚数）'


class Tables:
    """The two globals of one environment: `multi_source` and `source_label` are read from it when called
    (the build sets them from the database after the environment is made)."""

    def __init__(self, env: Any, base_path: str) -> None:
        self._globals = env.globals
        self._base = base_path

    def _url(self, path: str) -> str:
        return urls.link(self._base, path)  # safe unquoted

    def _linked(self, path: str | None, anchor: str, value: str) -> str:
        return f'<a href={self._url(anchored(path, anchor))}>{value}</a>' if path else value

    def _figure_urls(self, path: str) -> tuple[str, str]:
        """The links of a row's two figures (tickets, fines) to the receipt `path`: the path made a link once
        (urls.link), then anchored() with a literal anchor name: still safe unquoted."""
        url = self._url(path)
        return anchored(url, "tickets"), anchored(url, "fines")

    def totals(self, t: Totals, receipt: str | None = None, stat: Stat | None = None) -> Markup:
        """The figures of a set of penalties; each links to its line of `receipt` (none if the set is empty)."""
        receipt = receipt if t.count else None
        fig = self._linked
        out = [
            '<dl class=totals>\n'
            f'<div><dt>处罚（当事人）<dd>{fig(receipt, "tickets", num(t.count))}</div>\n'
            f'<div><dt>机构<dd>{fig(receipt, "institutions", num(t.institutions))}</div>\n'
            f'<div><dt>个人<dd>{fig(receipt, "individuals", num(t.individuals))}</div>\n'
            f'<div><dt>罚款合计<dd>{fig(receipt, "fines", money(t.fines))}</div>\n'
        ]
        if t.forfeiture:
            out.append(f"<div><dt>另有罚没合计<small>（原文未分罚款与没收）</small>"
                       f'<dd>{fig(receipt, "stated", money(t.forfeiture))}</div>')
        out.append(f'<div><dt>公告<dd>{fig(receipt, "notices", num(t.notices))}</div>\n')
        if self._globals["multi_source"]:
            label = self._globals["source_label"]
            shares = [
                f"{escape(label(code))} "
                + (f"{fig(r, 'tickets', num(count))} 项，罚款 {fig(r, 'fines', money(fines))}"
                   if (r := source_path(receipt, stat, code, len(t.by_source))) else
                   f"{num(count)} 项，罚款 {money(fines)}")
                for code, count, fines in t.by_source
            ]
            out.append(f'<div class=by-source><dt>按监管部门<dd>{"；".join(shares) or "无"}</div>')
        out.append("</dl>\n")
        if receipt:
            out.append(f'<p class=receipt><a href={self._url(receipt)}>'
                       "这些数字怎么算的：口径、记录、CSV 与引用句 →</a></p>")
        return Markup(finalize("".join(out)))

    def breakdown(
        self, rows: list[Row], heading: str, link: str | None = None, stat: Stat | None = None,
        branches_of: str | None = None, row_link: Callable[[Row], str] | None = None,
    ) -> Markup:
        """A table of rows (label, penalties, fines), each label linking to its item under `link`.
        `stat`: (period, dimension, slug) of the page, so that each row's figures link to their receipt.
        `branches_of`: the receipt whose rows are these institutions by name (a group's: urls.branch_anchor).
        `row_link`: a function of a row giving its receipt (a page that is no item of a dimension: a branch's
        page, the repeats' pages)."""
        if not rows:
            return Markup("")
        split = self._globals["multi_source"] and rows[0].by_source
        label = self._globals["source_label"]
        # No end tags of cells, rows and sections (HTML's optional tags): the next cell, row or section closes them.
        out = [f'<table class=breakdown>\n<thead><tr><th scope=col>{escape(heading)}'
               '<th scope=col>处罚数<th scope=col>罚款合计'
               f'{_SOURCES_HEADING if split else ""}'
               "<tbody>\n"]
        linked = bool(stat or branches_of or row_link)
        for row in rows:
            r = None
            if linked and row.count:
                r = (row_link(row) if row_link else
                     f"{branches_of}#{urls.branch_anchor(row.label)}" if branches_of else receipt_of(stat, link, row))
            name = _name_cell(self._base, link, row.ref.slug, row.label) if row.ref and link else escape(row.label)
            if r:
                tickets, fines = self._figure_urls(r)
                figures = (f'<td><a href={tickets}>{num(row.count)}</a>'
                           f'<td><a href={fines}>{money(row.fines)}</a>')
            else:
                figures = f"<td>{num(row.count)}<td>{money(row.fines)}"
            shares = ""
            if split:
                parts = []
                for code, count, _ in row.by_source:
                    rs = row_source_path(stat, link, row, code) if stat else None
                    figure = f'<a href={self._url(anchored(rs, "tickets"))}>{num(count)}</a>' if rs else num(count)
                    parts.append(f"{escape(label(code))} {figure}")
                shares = f"<td>{' · '.join(parts)}"
            out.append(f'<tr><th scope=row>{name}{figures}{shares}\n')
        out.append("</table>\n")
        return Markup(finalize("".join(out)))


@cache
def _name_cell(base_path: str, link: str, slug: str, label: str) -> str:
    """A breakdown row's label linked to its item's page: the same few thousand items (regions, categories,
    groups, years) head rows on every page of a build, so each is escaped once."""
    return f'<a href={urls.link(base_path, urls.member(link, slug))}>{escape(label)}</a>'


def install(env: Any, base_path: str) -> None:
    """Make `show_totals` and `breakdown` available to every template of a build."""
    tables = Tables(env, base_path)
    env.globals.update(show_totals=tables.totals, breakdown=tables.breakdown)
