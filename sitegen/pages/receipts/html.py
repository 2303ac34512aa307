"""The rows of a receipt's breakdown tables and of a group's tree table, in plain Python.

A group's all-time receipt has thousands of rows (a row of figures, its sentence, its records), and
rendering them through Jinja was most of the receipts' CPU (1.25 million template calls at 10,000
notices). The markup is the page's (receipt_page.py prints these bodies); every value
from the data is printed as the templates print it: bidi controls removed (sitegen.core.shown.finalize),
then HTML-escaped, by shown_str (shown_html's text without a Markup made of each value: most need neither).
The site's own links and the rows' ids are made by sitegen.core.urls.link (letters, digits, / . _ ~ # - and
%-escapes) and printed unquoted, as every other page prints them (tests/test_site_unquoted.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from sitegen.core.formats import money, num
from sitegen.core.shown import shown_str as h
from sitegen.core.urls import link
from sitegen.pages.receipts.sentence import SUB_ROW

Link = tuple[str, str]  # (site path, label)


def pages_listed(pages: Sequence[Link], count: int, base_path: str) -> str:
    """A branch page's listing that holds exactly a row's records (pages.branch_listing): the page, then its
    fixed archive pages when it has more than one."""
    (first, label), archives = pages[0], pages[1:]
    text = f'<a href={link(base_path, first)}>{h(label)}</a>所列全部 {num(count)} 条'
    if archives:
        text += "（存档页" + "".join(f' <a href={link(base_path, p)}>{h(a)}</a>' for p, a in archives) + "）"
    return text


def _links(links: Sequence[Link], prefix: str) -> str:
    return "".join(f'<a href={link(prefix, path)}>{h(label)}</a> ' for path, label in links)


def filters_csv(rows: Sequence[Any]) -> bool:
    """Whether a breakdown shows its CSV filter column: only where a row's value is not its label (a
    regulator's code)."""
    return any(r.value and r.value != r.label for r in rows)


@dataclass(frozen=True, slots=True)
class CiteDefaults:
    """What a table's rows mostly have of the template's values that are not a column: the regulators and
    the words around a row's name that make its {范围}, and, in a table with sub-rows (SUB_ROW), the words
    around a sub-row's name that follow its parent row's {范围}. A row with other values carries them
    (data-pub, data-scope)."""

    publisher: str
    pre: str
    post: str
    sub: tuple[str, str] | None = None


def _most_common(frames: Sequence[tuple[str, str]]) -> tuple[str, str] | None:
    return Counter(frames).most_common(1)[0][0] if frames else None


def cite_defaults(rows: Sequence[Any]) -> CiteDefaults:
    """The most common publisher and scope frames of a table's rows (pages.BreakdownRow, pages.NodeRow): a
    sub-row's frame is its own clause's (pages.BreakdownRow.frame), counted apart."""
    if not rows:  # a table without rows (an item whose records have no value of its breakdown)
        return CiteDefaults("", "", "")
    publisher = Counter(r.values["监管部门"] for r in rows).most_common(1)[0][0]
    pre, post = _most_common([r.frame for r in rows if not r.label.startswith(SUB_ROW)]) or ("", "")
    return CiteDefaults(publisher, pre, post, _most_common([r.frame for r in rows if r.label.startswith(SUB_ROW)]))


def default_scope(label: str, d: CiteDefaults, parent: str | None) -> str:
    """The {范围} a row has unless it carries its own (static/cite.js makes it step for step): a sub-row's (its
    name starts with SUB_ROW, the table has sub-rows, and a row above it does not start so: `parent`, the
    {范围} of the nearest such row) is its parent's followed by its own clause; any other row's, the table's
    words around its name."""
    if d.sub is not None and parent is not None and label.startswith(SUB_ROW):
        return parent + d.sub[0] + label.removeprefix(SUB_ROW) + d.sub[1]
    return d.pre + label + d.post


def _cite_attrs(values: dict[str, str], label: str, d: CiteDefaults, parent: str | None = None) -> str:
    """A row's data-scope and data-pub, each only where its value is not the table's default (`parent`: the
    {范围} of the nearest row above it that is no sub-row)."""
    attrs = ""
    if values["范围"] != default_scope(label, d, parent):
        attrs += f' data-scope="{h(values["范围"])}"'
    if values["监管部门"] != d.publisher:
        attrs += f' data-pub="{h(values["监管部门"])}"'
    return attrs


def cite_note(template: str, same: tuple[str, str], d: CiteDefaults) -> Markup:
    """The table note's statement of its rows' sentence (static/cite.js reads its spans): the template,
    its optional part's rule and the values of the placeholders that are not a column."""
    a, b = same
    sub = "" if d.sub is None else (
        f"；名称以“{h(SUB_ROW)}”开头的行是其上方最近一个不以它开头的行的细分，{{范围}}为那一行的{{范围}}接“"
        f'<span class=sub-scope data-pre="{h(d.sub[0])}" data-post="{h(d.sub[1])}">{h(d.sub[0])}{{细分}}{h(d.sub[1])}'
        f"</span>”（{{细分}}即该行名称“{h(SUB_ROW)}”之后的部分）")
    return Markup(f'每行的引用句：<span class=template data-same="{h(a)} {h(b)}">{h(template)}</span>'
                  f"（[]内的部分仅当{h(a)}与{h(b)}不同时写出；{{{h(a)}}}等为该行同名一栏，"
                  f"{{监管部门}}为“<span data-slot=监管部门>{h(d.publisher)}</span>”，{{范围}}为“"
                  f'<span data-slot=范围 data-pre="{h(d.pre)}" data-post="{h(d.post)}">{h(d.pre)}{{名称}}{h(d.post)}'
                  f"</span>”（{{名称}}即该行名称{sub}；个别行另有所指，按“引用”可见），{{本页地址}}#{{行}}为该行地址）。")


def breakdown_body(rows: Sequence[Any], filter_on: bool, base_path: str, cite: CiteDefaults) -> Markup:
    """The <tbody> rows of a breakdown (pages.BreakdownRow): figures, as-of date, records when listed (the
    row's sentence is the table note's template filled from the row: cite_note). A row whose records are
    exactly a listing's (a branch's page) links it from its name, and names that listing's archive pages
    under it when it has any. End tags of cells and rows are left out (HTML allows it: each is followed by
    a cell, a row or the end of the <tbody>), as are the quotes of literal attribute values (a value from
    the data keeps its quotes)."""
    span = "colspan=9" if filter_on else "colspan=8"
    out = []
    parent = None  # the {范围} of the last row that is no sub-row
    for r in rows:
        f = r.figs
        value = f"<td>{h(r.value)}" if filter_on else ""
        name = f'<a href={link(base_path, r.pages[0][0])}>{h(r.label)}</a>' if r.pages else h(r.label)
        out.append(
            f'<tr id={link("", r.anchor)}{_cite_attrs(r.values, r.label, cite, parent)}><th scope=row>{name}'
            f"<td>{num(f.tickets)}<td>{num(f.institutions)}<td>{num(f.individuals)}<td>{money(f.fines)}"
            f"<td>{money(f.forfeiture)}<td>{num(f.notices)}<td>{h(r.values['截至'])}{value}\n"
        )
        if not r.label.startswith(SUB_ROW):
            parent = r.values["范围"]
        if r.records:
            out.append(f"<tr class=records><td {span}>{_links(r.records, base_path)}")
        elif len(r.pages) > 1:  # the listing has archive pages: named, fixed, as a tree row names them
            out.append(f"<tr class=records><td {span}>{pages_listed(r.pages, f.tickets, base_path)}")
    return Markup("".join(out))


def tree_body(nodes: Sequence[Any], base_path: str, cite: CiteDefaults) -> Markup:
    """The <tbody> rows of a group's tree (pages.NodeRow): own and subtree figures, as-of date, own records
    (or its branch page's listing) and the rows of its children (the sentence as in breakdown_body). End
    tags of cells and rows left out, as in breakdown_body."""
    out = []
    for r in nodes:
        node, own = r.node, r.own
        whole = r.subtree or own
        alias = f" id={link('', r.alias)}" if r.alias else ""
        if r.pages:
            records = f"本级：{pages_listed(r.pages, own.tickets, base_path)} "
        elif r.records:
            records = "本级：" + _links(r.records, base_path)
        else:
            records = ""
        children = "下属：" + _links(r.children, "") if r.children else ""
        out.append(
            f'<tr id={link("", node.anchor)}{_cite_attrs(r.values, r.label, cite)}><th scope=row{alias}>'
            f"{h(node.name)} <small>{h(node.level)}</small><td>{num(own.tickets)}<td>{money(own.fines)}"
            f"<td>{num(whole.tickets)}<td>{money(whole.fines)}<td>{h(r.values['截至'])}\n"
            f"<tr class=records><td colspan=6>{records}{children}\n"
        )
    return Markup("".join(out))


def cross_body(lines: Sequence[Any], base_path: str) -> Markup:
    """The <tbody> rows of a cross table (tables.Line): the item, its total tickets and fines, then its
    tickets each year, every figure a link to its receipt (a cell without records stays empty). End tags
    of cells and rows are left out (HTML allows it)."""
    out = []
    for line in lines:
        total = link(base_path, line.total.path)
        figs = line.total.figs
        out.append(f'<tr><th scope=row>{h(line.ref.label)}<td><a href={total}#tickets>{num(figs.tickets)}</a>'
                   f'<td><a href={total}#fines>{money(figs.fines)}</a>')
        out.extend(f'<td><a href={link(base_path, c.path)}#tickets>{num(c.figs.tickets)}</a>' if c else "<td>"
                   for c in line.cells)
        out.append("\n")
    return Markup("".join(out))


def change(now: int, before: int | None) -> Markup:
    """A change against the previous year: no figure of its own, the difference of the two linked figures
    beside it (<td class="change">)."""
    if before is None:
        return Markup("<span class=new>新出现</span>")
    d = now - before
    sign = "+" if d > 0 else ""
    text = f"{sign}{num(d) if d else '0'}"
    if before:
        text += f"（{sign}{100 * d / before:.0f}%）"
    return Markup(text)


def standings_table(rows: Sequence[Any], column: str, base_path: str, with_previous: bool = True) -> Markup:
    """A league or review table (tables.Standing rows): every figure a link to its line of its receipt, the
    previous year's beside it. End tags of cells, rows and sections are left out (HTML allows it); a league
    page has a few thousand rows, which were most of its rendering through a Jinja macro."""
    previous_heads = "<th scope=col>上年罚单<th scope=col>增减<th scope=col>上年罚款" if with_previous else ""
    out = [
        "<table class=breakdown>\n<thead><tr>"
        f"<th scope=col>{h(column)}<th scope=col>罚单<th scope=col>机构（家次）"
        "<th scope=col>个人（人次）<th scope=col>罚款合计<th scope=col>罚没合计"
        f"{previous_heads}\n<tbody>\n"
    ]
    for s in rows:
        f, here = s.figs, link(base_path, s.path)
        row = (f'<tr><th scope=row>{h(s.ref.label)}<td><a href={here}#tickets>{num(f.tickets)}</a>'
               f'<td><a href={here}#institutions>{num(f.institutions)}</a>'
               f'<td><a href={here}#individuals>{num(f.individuals)}</a>'
               f'<td><a href={here}#fines>{money(f.fines)}</a>'
               f'<td><a href={here}#forfeiture>{money(f.forfeiture)}</a>')
        if with_previous:
            p = s.previous
            if p:
                before = link(base_path, s.previous_path)
                row += (f'<td><a href={before}#tickets>{num(p.tickets)}</a>'
                        f"<td class=change>{change(f.tickets, p.tickets)}"
                        f'<td><a href={before}#fines>{money(p.fines)}</a>')
            else:
                row += f"<td>—<td class=change>{change(f.tickets, None)}<td>—"
        out.append(row + "\n")
    out.append("</table>")
    return Markup("".join(out))
