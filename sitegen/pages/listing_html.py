"""The markup of a family item's listing pages (its landing page and its archive pages), in Python.

Every bank, branch, violation, region, regulator, year and people listing is one landing page and an archive
page per full `page_size` entries: 2,500 pages at 10,000 notices. As Jinja templates (listing.html,
archive.html, bank.html, year.html and the pager, archive and top-fines macros) they were most of the listings'
CPU: each printed value went through a lookup, finalize and escape, each macro call through Jinja's machinery.
Here every value from the database is still printed through `shown_html` (bidi controls stripped, then
escaped: what the autoescaped templates printed); figures made by our own formats (num, money, ymd: digits,
separators, 万元) are written as they are. The entry lines are sitegen.core.fragments' (made once per build,
sitegen.core.output.Site.row) and lose their bidi controls as a whole (`finalize`), as `{{ rows }}` did.

listing.html and _macros.html remain as thin Jinja entry points to these functions, for the templates that
extend or import them (people.html, receipt.html, review.html, home.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from sitegen.core import urls
from sitegen.core.formats import money, num, ymd
from sitegen.core.paginate import Listing, Page
from sitegen.core.shown import finalize
from sitegen.core.shown import shown_html as h
from sitegen.core.summaries import Entry

if TYPE_CHECKING:
    from sitegen.pages.tables import Tables


def top_fines(base: str, entries: list[Entry]) -> str:
    """The "罚款最多" list (largest first; `base`: the site's base path)."""
    if not entries:
        return '<p class=note>没有罚款记录。</p>\n'
    out = ['<ol class=top>\n']
    for e in entries:
        amount = money(e.fine) if e.fine else "罚没合计 " + money(e.forfeiture)
        office = f" · {h(e.regulator.label)}" if e.regulator else ""
        out.append(f'<li><a href={urls.link(base, e.anchor)}>{h(e.name)}</a> <b>{amount}</b> '
                   f"<small>{ymd(e.day)}{office}</small>\n")
    out.append("</ol>\n")
    return "".join(out)


def pager(base: str, page: Page[Any]) -> str:
    """The links to the newer and older pages of a listing (none on a landing page without archives)."""
    if not (page.newer or page.older or page.number):
        return ""
    out = ['<nav class=pager aria-label=翻页>\n']
    if page.number:
        out.append(f'<a href={urls.link(base, page.landing)}>最新</a>')
    if page.newer:
        out.append(f'<a href={urls.link(base, page.newer)} rel=prev>← 较新</a>')
    if page.number:
        out.append(f"<span>第 {page.number} 页（自最早起第 {page.first_index + 1}–"
                   f"{page.first_index + len(page.entries)} 条）</span>")
    if page.older:
        out.append(f'<a href={urls.link(base, page.older)} rel=next>较早 →</a>')
    out.append("</nav>\n")
    return "".join(out)


def archive_list(base: str, listing: Listing[Entry]) -> str:
    """Every archive page of a listing, newest first, with the dates it spans."""
    if not listing.archive_count:
        return ""
    out = [f'<details class=archive><summary>按时间浏览全部 {num(len(listing.items))} 条（{listing.archive_count} '
           f"页存档，每页 {listing.size} 条，自最早起编号）</summary>\n<ol>\n"]
    for k in range(listing.archive_count, 0, -1):
        first, last = listing.bounds(k)
        out.append(f'<li><a href={urls.link(base, listing.archive_path(k))}>第 {k} 页</a> '
                   f"{ymd(first.day)} 至 {ymd(last.day)}\n")
    out.append("</ol>\n</details>\n")
    return "".join(out)


def entry_lines(rows: list[Markup]) -> str:
    """The list of a page's entries; bidi controls stripped from the whole (as `{{ rows }}` printed it)."""
    return f'<ol class=entries>\n{finalize(chr(10).join(rows))}\n</ol>\n'


def head(base: str, ctx: Mapping[str, Any]) -> str:
    """The landing page's <head> addition: its feed, if it has one."""
    feed = ctx.get("feed")
    if not feed:
        return ""
    return (f'<link rel=alternate type=application/atom+xml title="{h(ctx["heading"])}：最新处罚" '
            f'href={urls.link(base, feed)}>')


def landing(base: str, tables: Tables, ctx: Mapping[str, Any], extra_top: str = "") -> str:
    """The `content` of a landing page. `ctx`: title, heading, kicker (label, path), intro, totals, sections
    [(heading, column label, rows, link base)], stat (optional: (period, dimension, slug) of its receipt,
    sitegen/pages/receipts/links.py), receipt (optional: the receipt row of its totals instead), row_link
    (optional: a function giving a breakdown row's receipt), top (entries), feed (site path or None), listing,
    page, rows (the lines of the entries no archive page holds, Listing.unarchived), unparsed (optional: notices
    without parties), extra_top and extra (optional: HTML of the page's own sections, after the totals and
    after the breakdowns). `extra_top` (argument): a Jinja block's (people.html)."""
    kicker, intro, stat = ctx["kicker"], ctx.get("intro"), ctx.get("stat")
    listing: Listing[Entry] = ctx["listing"]
    page: Page[Entry] = ctx["page"]
    feed = ctx.get("feed")
    receipt = ctx["receipt"] if "receipt" in ctx else _stat_path(stat)
    out = [f'<p class=crumbs><a href={urls.link(base)}>首页</a> › '
           f'<a href={urls.link(base, kicker[1])}>{h(kicker[0])}</a>'
           f'<h1>{h(ctx["heading"])}</h1>\n']
    if intro:
        out.append(f'<p class=lead>{h(intro)}')  # no </p>: the totals' <dl> follows
    out += [tables.totals(ctx["totals"], receipt, stat), "\n", ctx.get("extra_top", ""), extra_top]
    if ctx["top"]:
        out += ["<h2>罚款最多</h2>\n", top_fines(base, ctx["top"]), "\n"]
    row_link = ctx.get("row_link")
    for heading, column, rows, link in ctx["sections"]:
        if rows:
            out += [f"<h2>{h(heading)}</h2>\n", tables.breakdown(rows, column, link, stat, row_link=row_link), "\n"]
    out.append(ctx.get("extra", ""))
    if unparsed := ctx.get("unparsed"):
        out.append('<h2>未解析出当事人的公告</h2>\n'
                   '<p class=note>以下公告未能从原文中读出处罚明细，未计入上面的统计，请查看原文。'
                   '<ul class=links>\n')
        out += [f'<li><a href={urls.link(base, n.path)}>{h(n.title)}</a> <small>{ymd(n.day)}</small>\n'
                for n in unparsed]
        out.append("</ul>\n")
    subscribe = f' <a class=feed href={urls.link(base, feed)}>订阅</a>' if feed else ""
    out.append(f'<h2 id=latest>最新处罚{subscribe}</h2>\n')
    if page.entries:
        out.append(entry_lines(ctx["rows"]))
    elif listing.archive_count:
        out.append(f'<p class=note>最新的 {listing.size} 条已满一页，见<a href={urls.link(base, page.older)}>'
                   f"第 {listing.archive_count} 页</a>。\n")
    else:
        out.append('<p class=note>没有解析出当事人的处罚记录。\n')
    out += [pager(base, page), "\n", archive_list(base, listing), "\n"]
    return "".join(out)


def archive(base: str, title: str, parent: str, page: Page[Entry], rows: list[Markup]) -> str:
    """The `content` of archive page k of a listing: a fixed set of entries, numbered from the oldest."""
    nav = pager(base, page)
    return (f'<p class=crumbs><a href={urls.link(base)}>首页</a> › <a href={urls.link(base, parent)}>{h(title)}</a> › '
            f"第 {page.number} 页<h1>{h(title)} <small>第 {page.number} 页</small></h1>\n"
            f"{nav}\n{entry_lines(rows)}{nav}\n")


# The two imports of the receipts package below are made when called: it imports sitegen.pages.listings, which
# imports this module.


def tables_of(env: Any, base: str) -> Tables:
    """The figures box and breakdown tables of the listings (sitegen/pages/tables.py)."""
    from sitegen.pages.tables import Tables

    return Tables(env, base)


def _stat_path(stat: Any) -> str | None:
    """The receipt of a page's own totals (sitegen/pages/receipts/links.py)."""
    from sitegen.pages.receipts.links import stat_path

    return stat_path(stat)


def install(env: Any, base: str) -> None:
    """The globals of listing.html and _macros.html (the templates that extend or import them: people.html,
    home.html, review.html, receipt.html): `listing_head()` and `listing_content(extra_top)` read the page's
    context."""
    tables = tables_of(env, base)

    @pass_context
    def listing_head(context: Context) -> Markup:
        return Markup(head(base, context))

    @pass_context
    def listing_content(context: Context, extra_top: str) -> Markup:
        return Markup(landing(base, tables, context, extra_top))

    env.globals.update(listing_head=listing_head, listing_content=listing_content,
                       listing_pager=lambda page: Markup(pager(base, page)),
                       listing_top_fines=lambda entries: Markup(top_fines(base, entries)))
