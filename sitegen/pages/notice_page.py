"""The markup of a notice page (/notices/{key}/), written in Python rather than as a Jinja template.

There is one notice page per notice (100,000 at 100,000 notices): as a template it was the largest part of
a full build's CPU (each page printed about 200 values through Jinja's attribute lookups, finalize and
escape). Here every value from the database is still printed through `shown_str`, the text of `shown_html`:
exactly what the autoescaped template printed (bidi controls stripped, then escaped), without a Markup object
per value; literal markup is written as is.
The page's data is prepared by sitegen/pages/notices.py (render_notice); the frame around it is base.html
(sitegen/core/frame.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from sitegen.core import urls
from sitegen.core.formats import cn_date, ext_url, money, yuan
from sitegen.core.refs import Ref
from sitegen.core.shown import shown_str as h

if TYPE_CHECKING:
    from sitegen.pages.notices import PartyView

Label = Callable[[Any, str], str]


def content(
    *, url: Callable[[str], str], label: Label, notice: dict[str, Any], notice_label: str, publisher_name: str,
    disclosure_until: date | None, level_label: str, published: date | None, removed: date | None,
    regulator: Ref | None, parties: list[PartyView], one_number: str | None,
    decided: list[date], shared_region: Ref | None, shared_categories: list[tuple[Ref, str | None]] | None,
    shared_group: tuple[Ref, str | None] | None, canonical: str, source: str | None, source_truncated: bool,
) -> str:
    """The `content` block of the page; `url(path)` is the site link of a path (already escaped)."""
    issuer = notice["issuer"]
    out = ['<article class=notice>\n<p class=crumbs><a href=', url(""), '>首页</a> › ']
    if regulator:
        out += ['<a href=', url(urls.regulator(regulator.slug)), '>', h(regulator.label), "</a>"]
    else:
        out.append(h(issuer or "发布机关不详"))
    out += [" › 公告 ", h(notice_label), "<h1>", h(notice["title"]), "</h1>\n"]
    if removed:
        out += ['<p class=alert>此公告已于 ', h(cn_date(removed)), " 从", h(publisher_name), "网站撤下"]
        if disclosure_until and removed >= disclosure_until:
            out += ["（公示期限已于 ", h(cn_date(disclosure_until)), " 届满）"]
        out.append("，本站保留存档。")
    status, error = notice["parse_status"], notice["parse_error"]
    if status == "failed":
        out.append('<p class=alert>未能从原文解析出处罚明细')
        if error:
            out += ["（", h(error), "）"]
        out.append("。请以原文为准")
        if source:
            out.append("；下方为清理后的原文")
        out.append("。")
    elif status == "partial":
        out.append('<p class=alert>原文仅部分解析成功')
        if error:
            out += ["（", h(error), "）"]
        out.append("，以下明细可能不完整，请以原文为准。")
    out.append('<dl class=facts>\n<dt>发布机关<dd>')
    out.append(h(issuer or regulator.label) if regulator else h(issuer or "不详"))
    if notice["level"]:
        out += ["（", h(level_label), "）"]
    out += ["<dt>发布日期<dd>", h(cn_date(published))]
    if decided:
        out += ["<dt>决定日期<dd>", "、".join(h(cn_date(d)) for d in decided)]
    if one_number:
        out += ["<dt>决定书文号<dd>", h(one_number)]
    out += ["<dt>当事人<dd>", str(len(parties)), " 名"]
    if disclosure_until:
        out += ["<dt>公示期限<dd>至 ", h(cn_date(disclosure_until)), "（期满后原网站可能撤下，本站保留）"]
    if shared_region:
        out += ['<dt>地区<dd><a href=', url(urls.region(shared_region.slug)), '>', h(shared_region.label), "</a>"]
    if shared_group:
        group, kind = shared_group
        out += ['<dt>所属集团<dd><a href=', url(urls.bank(group.slug)), '>', h(group.label), "</a>"]
        if kind:
            out += ["（", h(label(kind, "institution_type")), "）"]
    if shared_categories:
        out += ["<dt>违法类型<dd>", _categories(url, shared_categories)]
    src, pdf = ext_url(notice["source_url"]), ext_url(notice["pdf_url"])
    out += ['</dl>\n<p class=cite><b>引用</b> ', h(issuer or publisher_name), "：《", h(notice["title"]), "》，",
            h(cn_date(published))]
    if one_number:
        out += ["，", h(one_number)]
    out.append("。原文：")
    if src:
        out += ['<a href="', h(src), '" rel=nofollow>', h(publisher_name), "网站</a>"]
    else:
        out.append(h(notice["source_url"] or "链接不详"))
    if pdf:
        out += ['（<a href="', h(pdf), '" rel=nofollow>PDF</a>）']
    out += ["；存档：", h(canonical)]
    shared = _Shared(regulator, issuer, one_number, len(decided) > 1, bool(shared_group), bool(shared_region),
                     bool(shared_categories))
    for p in parties:
        _party(out, url, label, p, shared)
    if source:
        out.append('<section class=source>\n<h2>原文（已清理格式）</h2>\n')
        if source_truncated:
            out.append('<p class=note>原文较长或结构过深，此处只显示开头部分；完整内容见')
            out.append(f'<a href="{h(src)}" rel=nofollow>原文</a>' if src else "原文")
            out.append("。")
        out += ['<div class=source-text>', h(source), "</div>\n</section>\n"]
    elif not parties:
        out.append('<p class=note>本站没有这份公告的可读文本，请查看上方原文链接。')
    # No line of the source's listing (栏目, the level the facts show) or layout (版式): the downloads keep both.
    out.append("</article>\n")
    return "".join(out)


class _Shared(NamedTuple):
    """What a party section compares with the whole notice (what is shown once above the parties)."""

    regulator: Ref | None
    issuer: str | None
    one_number: str | None
    several_days: bool
    group: bool
    region: bool
    categories: bool


def _party(out: list[str], url: Callable[[str], str], label: Label, p: PartyView, shared: _Shared) -> None:
    """One party's section (anchor #p{seq})."""
    seq = h(p.seq)
    anchor = urls.link("", urls.party_anchor(p.seq))  # '#p2', safe unquoted
    name, individual, institution = p.name, p.individual, p.institution
    out += ['<section class=party id=', anchor[1:], '>\n<h2><a href=', anchor, '>', seq, "</a> ",
            h(name or "（未列明当事人）"), " <i>", h(label(p.kind, "party_kind")), "</i></h2>\n<dl>\n"]
    if individual and p.role:
        out += ["<dt>职务<dd>", h(p.role)]
    if institution and institution != name:
        out += ["<dt>所在机构<dd>", h(institution)]
    person, branch = p.person_slug, p.branch_page
    if person or branch:
        out.append("<dt>全部处罚<dd>")
        if person:
            out += ['<a href=', url(urls.person(person)), '>本人</a>']
        if person and branch:
            out.append(" · ")
        if branch:
            out += ['<a href=', url(branch), '>', "所在机构" if individual else "本机构", "</a>"]
    group, kind = p.group, p.institution_type
    if shared.group:
        pass
    elif group:
        out += ['<dt>所属集团<dd><a href=', url(urls.bank(group.slug)), '>', h(group.label), "</a>"]
        if kind:
            out += ["（", h(label(kind, "institution_type")), "）"]
    elif kind:
        out += ["<dt>机构类型<dd>", h(label(kind, "institution_type"))]
    region = p.region
    if region and not shared.region:
        out += ['<dt>地区<dd><a href=', url(urls.region(region.slug)), '>', h(region.label), "</a>"]
    if p.decision_no and not shared.one_number:
        out += ["<dt>文号<dd>", h(p.decision_no)]
    if p.disclosure_years:
        out += ["<dt>公示期限<dd>", h(p.disclosure_years), " 年"]
    for text, heading in ((p.facts, "主要违法违规事实"), (p.basis, "处罚依据"), (p.decision, "处罚决定（原文）")):
        if text:
            out += ["<dt>", heading, "<dd>", h(text)]
    out.append('<dt>处罚内容<dd class=sanctions>')
    # Which sanctions, in which order: sitegen/core/fragments.py: sanction_items (the listings' summary is the
    # short form); each is worded here.
    sanctions = p.sanctions
    out.append("；".join(_sanction(kind_of, value, p.fine_note, label) for kind_of, value in sanctions)
               or "未解析出具体处罚，见原文")
    # The deciding office and date only when they differ from the notice's (they rarely do). Offices are
    # compared by slug: pages rendered in worker processes get copies of the references, not the same objects.
    authority, authority_ref, decided_on = p.authority, p.authority_ref, p.decided_on
    regulator = shared.regulator
    own_authority = (authority and not (authority_ref and regulator and authority_ref.slug == regulator.slug)
                     and authority != shared.issuer)
    if own_authority or (decided_on and shared.several_days):
        out.append("<dt>决定机关<dd>")
        if authority_ref:
            out += ['<a href=', url(urls.regulator(authority_ref.slug)), '>', h(authority), "</a>"]
        else:
            out.append(h(authority or ""))
        if decided_on:
            out += ["，", h(cn_date(decided_on))]
    repeats = p.repeats
    if repeats:
        out += ['<dt><a href=', url(urls.REPEATS), '>再次违规</a><dd class=repeat>']
        out.append("<br>".join(
            f'<b>{h(label(r["rule"], "repeat_rule"))}五年内再次因「{h(r["category"].label)}」受罚</b>：前次见 '
            f'<a href={url(r["earlier"])}>{h(cn_date(r["earlier_day"]))}</a>'
            for r in repeats
        ))
    if p.categories and not shared.categories:
        out += ["<dt>违法类型<dd>", _categories(url, p.categories)]
    out.append("</dl>\n</section>\n")


def _sanction(kind: str, value: Any, fine_note: str | None, label: Label) -> str:
    """One sanction of a party's list, worded in full (the list is joined with "；")."""
    if kind == "fine":
        note = f"，{h(label(fine_note, 'fine_note'))}" if fine_note else ""
        return f"罚款 <b>{h(money(value))}</b>（{h(yuan(value))}{note}）"
    if kind == "confiscated":
        return f"没收违法所得 <b>{h(money(value))}</b>"
    if kind == "forfeiture":
        return f"罚没合计 <b>{h(money(value))}</b>（{h(yuan(value))}，原文未分罚款与没收）"
    if kind == "warning":
        return "警告"
    if kind == "ban_lifetime":
        return "<b>终身禁止从事相关工作</b>"
    if kind == "ban_years":
        return f"禁止从事相关工作 <b>{h(value)} 年</b>"
    return h(value['text'] or label(value['kind'], 'measure'))


def _categories(url: Callable[[str], str], categories: list[tuple[Ref, str | None]]) -> str:
    """The violation categories of a party or of every party, each with the phrase that matched it."""
    items = "".join(
        f'<li><a href={url(urls.violation(ref.slug))}>{h(ref.label)}</a>{_phrase(phrase)}'
        for ref, phrase in categories
    )
    return f'<ul class=cats>{items}</ul>'


def _phrase(phrase: str | None) -> str:
    return f" <q>{h(phrase)}</q>" if phrase else ""
