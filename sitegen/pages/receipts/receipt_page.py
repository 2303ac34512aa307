"""The markup of a receipt page (stats/…/) and of its archive pages, written in Python rather than as Jinja
templates.

There are about 6,000 receipts at 10,000 notices (60,000 at 100,000): as a template the page printed each of
its few dozen values through Jinja's lookups, finalize and escape, a fifth of the statistics' CPU. Here
every value is still printed through `shown_html` (bidi controls removed, then escaped), exactly what the
autoescaped template printed, the tables made in Python (html.py) included; literal markup is written as
is, without the end tags HTML lets a page leave out (what follows each is named where it is left out) and
without quotes around literal attribute values (a value from the data keeps its quotes, but for the site's own
links and anchors, made by sitegen.core.urls.link and safe unquoted, as on every other page). Values are
printed with shown_str, shown_html's text without a Markup made of each (the same characters; a plain value
with nothing to remove or escape, most of them, is printed as it is). The page's data is
gathered by pages.write_receipt; the frame around it is base.html (sitegen/core/frame.py); the pager is
_macros.html's, shared with every listing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from sitegen.core import urls
from sitegen.core.formats import cn_date, money, num, ymd, yuan
from sitegen.core.paginate import Listing, Page
from sitegen.core.shown import shown_str as h
from sitegen.core.summaries import NoticeSummary
from sitegen.pages.receipts.rules import Figures

Link = tuple[str, str]  # (site path, label)
Pager = Callable[[Page[Any], Listing[Any]], str]  # _macros.html's pager
# (dimension, CSV column, whether it has a CSV filter column, <tbody> rows, its note's statement of their sentence)
Section = tuple[Any, str, bool, str, str]

_RECORDS_HEAD = (
    '<table class="breakdown records">\n<thead><tr><th scope=col>发布日期<th scope=col>决定日期'
    "<th scope=col>当事人<th scope=col>类型<th scope=col>计入罚款合计（元）"
    "<th scope=col>计入罚没合计（元）\n<tbody>\n"
)
_RECORDS_TAIL = "\n</table>\n"


@cache
def _crumbs(base_path: str) -> str:
    """The crumbs' start: a page ends them with its heading and leaves out their </p> (an <h1> follows)."""
    return (f"<p class=crumbs><a href={urls.link(base_path)}>首页</a> › "
            f"<a href={urls.link(base_path, urls.STATS)}>统计</a> › ")


def _links(links: Sequence[Link], base_path: str) -> str:
    """Links separated by 、 (the template's `{{ "、" if not loop.last }}`)."""
    return "、".join(f"<a href={urls.link(base_path, path)}>{h(label)}</a>" for path, label in links)


def receipt_content(
    *, base_path: str, heading: str, basis: str, as_of: date | None, closed: bool, figs: Figures, partial: int,
    shown: int, note: str, sentence: str, csv: str, csv_rows: tuple[int, int] | None, csv_order: str,
    months: Sequence[Link], shared: Sequence[Link], grouped: bool, period: int | str, position: tuple[int, int] | None,
    decided: bool, spread: bool, pager: str, rows: str, sections: Sequence[Section], tree: tuple[str, str] | None,
    tree_slug: str | None, unparsed: Sequence[NoticeSummary], label: Callable[[Any, str], str], rules_box: str,
) -> str:
    """The `content` block of a receipt page. `rows`, the `sections`' bodies and notes, `tree` (its rows and
    note) and `rules_box` are HTML (printed through shown_html too, as the template printed them); `pager`
    is its pager or ""."""
    shown_heading = h(heading)
    out = [_crumbs(base_path), shown_heading, "\n<h1>", shown_heading, " <small>统计凭据</small></h1>\n",
           "<p class=lead>", h(basis)]
    if as_of:
        out += ["，截至 ", h(cn_date(as_of)), "（该年已结束）" if closed else "（本组最新一条记录的发布日期）"]
    # The lead's </p>: a <dl> follows; a <dd>'s </dd>: the end of its <div>.
    out += ["。每个数字都由下列记录按页末口径算出。\n", '<dl class="totals figures">\n',
            "<div id=tickets><dt>罚单（张）<dd>", num(figs.tickets), "</div>\n",
            "<div id=institutions><dt>机构（家次）<dd>", num(figs.institutions), "</div>\n",
            "<div id=individuals><dt>个人（人次）<dd>", num(figs.individuals), "</div>\n",
            "<div id=fines><dt>罚款合计<dd>", money(figs.fines), "<small>", yuan(figs.fines), "</small></div>\n",
            "<div id=forfeiture><dt>罚没合计<dd>", money(figs.forfeiture), "<small>", yuan(figs.forfeiture),
            "</small></div>\n",
            "<div id=notices><dt>公告（份）<dd>", num(figs.notices), "</div>\n</dl>\n"]
    stated = figs.confiscated or figs.stated_forfeiture
    if stated or partial or note:
        out.append("<p class=note id=stated>")  # its </p> left out: an <h2> follows
        if stated:
            out += ["罚没合计 = 罚款合计 ", yuan(figs.fines), " + 没收 ", yuan(figs.confiscated),
                    " + 原文仅写罚没合计的金额 ", yuan(figs.stated_forfeiture), "。"]
        if partial:
            out += ["其中 ", num(partial), " 条记录来自部分解析的公告（CSV“解析状态”为 partial",
                    "，清单中标注" if shown else "", "）。"]
        if note:
            out.append(h(note))
    # The </p> of the citation and of the CSV's line left out: a <p> follows the first, a <p> or an <h2> the
    # second; as the months' (an <h2>).
    out += ["<h2 id=cite>引用</h2>\n<p class=cite><textarea readonly rows=4 aria-label=可复制的引用句>",
            h(sentence), "</textarea>\n", "<p><a href=", urls.link(base_path, csv), " download"]
    if csv_rows:
        out += [f' data-rows="{csv_rows[0]:d}-{csv_rows[1]:d}">下载这些记录</a>（CSV，gzip；其第 ',
                num(csv_rows[0]), "–", num(csv_rows[1]), " 行含且仅含这 ", num(figs.tickets), " 条，该 CSV 按",
                h(csv_order), "排列）\n"]
    else:
        out += [">下载这些记录</a>（CSV，gzip；含且仅含这 ", num(figs.tickets), " 条）\n"]
    if months:
        out += ["<p>按处罚决定月份：", _links(months, base_path)]
    out.append("<h2 id=records>记录</h2>\n")
    if shared:
        out.append("<p>这些记录")
        if grouped:
            out += ["是以下机构（集团）列表中的", "全部" if period == "all" else "该年",
                    "记录（机构类型随机构而定：这些机构的记录都属于这一类型；列表按公告发布日期排列，存档页固定）"]
        elif position:
            out += ["是以下列表（按", "处罚决定日期" if decided else "公告发布日期", "排列，存档页固定）中自最早起第 ",
                    num(position[0]), "–", num(position[1]), " 条"]
        elif spread:
            out.append("分布在以下列表页中（按公告发布日期排列，存档页固定；逐条见 CSV）")
        else:
            out.append("按年份列在")
        # Its </p> left out: a pager (<nav>), a <table>, an <h2> or the rules' <section> follows.
        out += ["：", _links(shared, base_path), "。\n"]
    if shown:
        out += [pager, _RECORDS_HEAD, h(rows), _RECORDS_TAIL, pager]
    for dim, column, filter_on, body, cite in sections:
        out += ["<h2 id=", urls.link("", "by-" + dim.name), ">按", h(dim.label), "</h2>\n",
                "<p class=note>每一行是本页记录中同时属于该", h(dim.noun), "的部分，按同样的口径计算；"]
        if dim.name == "unit":
            out.append("分支机构的行（即其专页上的全部数字；名称链接该专页）的记录是该专页所列的全部记录（列表按公告"
                       "发布日期排列，存档页固定，专页有存档页的列在该行下）；其后“· 违法类型”各行的记录，"
                       "是该分支机构行所列记录中、"
                       "本页 CSV“违法类型”列含该类型的")
        elif column:
            out.append("它的记录是本页 CSV")
            if csv_rows:
                out += ["（上述第 ", num(csv_rows[0]), "–", num(csv_rows[1]), " 行）"]
            out += ["中“", h(column), "”列为该行", "“CSV 筛选”栏" if filter_on else "名称",
                    "所示值（违法类型等以“；”分隔多个值的列：含该值）的行"]
            if dim.name == "branch":
                out.append("；一个名称的记录恰是机构树中一个机构本级的全部罚单时，它的数字是"
                           "<a href=#by-node>按机构树</a>中该机构的行（本级）")
        else:
            out.append("它的记录列在该行下（公告编号#当事人序号，即本页 CSV 的前两个编号列）")
        out += ["。", h(cite), "\n", '<table class="breakdown rows">\n<thead><tr><th scope=col>', h(dim.label),
                "<th scope=col>罚单<th scope=col>机构（家次）<th scope=col>个人（人次）"
                "<th scope=col>罚款合计<th scope=col>罚没合计<th scope=col>公告<th scope=col>截至",
                "<th scope=col>CSV 筛选" if filter_on else "", "\n<tbody>\n", h(body), "</table>\n"]
    if tree:
        out += ["<h2 id=by-node>按机构树</h2>\n<p class=note>机构树见<a href=",
                urls.link(base_path, urls.bank_tree(tree_slug or "")),
                ">机构树</a>页（按公告所列名称整理的层级，只计机构罚单）。每一行是一个机构：“本级”是它本身的罚单，"
                "记录列在该行下（公告编号#当事人序号，即本页 CSV 的前两个编号列；"
                "有分支机构专页的，是该专页所列的全部记录，列表按公告发布日期排列，存档页固定）；“含下属”另加其下各机构（行内链接）及其下属的罚单。",
                h(tree[1]), "\n"
                '<table class="breakdown rows tree">\n<thead><tr><th scope=col>机构<th scope=col>本级罚单'
                "<th scope=col>本级罚款<th scope=col>含下属罚单<th scope=col>含下属罚款<th scope=col>截至"
                "\n<tbody>\n", h(tree[0]), "</table>\n"]
    if unparsed:
        out += ["<h2 id=unparsed>未解析出当事人的公告</h2>\n<p class=note>以下 ", num(len(unparsed)),
                " 份公告未能读出处罚明细，没有罚单，未计入上面的数字：\n<ul class=links>\n"]
        for n in unparsed:
            out += ["<li><a href=", urls.link(base_path, n.path), ">", h(n.title), "</a> <small>", h(ymd(n.day)), " · ",
                    h(label(n.parse_status, "parse_status")), "</small>\n"]
        out.append("</ul>\n")
    out += [h(rules_box), "\n"]
    return "".join(out)


def archive_content(*, base_path: str, heading: str, parent: str, number: int, pager: str, rows: str) -> str:
    """The `content` block of archive page `number` of a receipt's own record list."""
    return "".join((
        _crumbs(base_path), "<a href=", urls.link(base_path, parent), ">", h(heading), f"</a> › 第 {number:d}",
        " 页\n<h1>", h(heading), f" <small>记录第 {number:d} 页</small></h1>\n", pager, "\n",
        _RECORDS_HEAD, h(rows), _RECORDS_TAIL, pager, "\n",
    ))
