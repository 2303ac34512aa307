"""The list item of one penalty (an entry), written in Python rather than as a Jinja macro.

Every penalty appears in five or six listings; at 290,000 penalties a macro call per item (about
0.4 ms) would cost minutes, while this costs about 10 µs. Every value is escaped with markupsafe,
exactly as autoescaped templates would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.formats import atom_time, money, xml_text, ymd
from sitegen.core.summaries import Entry

# How a fine shared by several parties (共计) or given to each (分别) is marked in search results.
FINE_NOTES = {"joint": "（合计，多名当事人共同）", "each": "（每人）"}


M = TypeVar("M")

# How the summary words each sanction but a fine and the other measures.
_SHORT_WORDS: dict[str, Callable[[Any], str]] = {
    "confiscated": lambda v: "没收 " + money(v),
    "forfeiture": lambda v: "罚没合计 " + money(v),
    "warning": lambda v: "警告",
    "ban_lifetime": lambda v: "终身禁业",
    "ban_years": lambda v: f"禁业 {v} 年",
}


def sanction_items(
    *, fine: int | None, confiscated: int | None, forfeiture: int | None, warning: bool | None,
    ban_years: int | None, ban_lifetime: bool | None, measures: Sequence[M],
) -> list[tuple[str, Any]]:
    """The sanctions of a penalty as (kind, value), in the order every list of them follows: fine,
    confiscation, 罚没合计, warning, ban (a lifetime ban rather than a number of years), other measures.
    The one rule behind the short summary below and the notice page's longer list (pages/notice_page.py), which
    words each kind its own way; `measures` are kinds (the summary) or the measures themselves (the page)."""
    items: list[tuple[str, Any]] = []
    if fine:
        items.append(("fine", fine))
    if confiscated:
        items.append(("confiscated", confiscated))
    if forfeiture:
        items.append(("forfeiture", forfeiture))
    if warning:
        items.append(("warning", True))
    if ban_lifetime:
        items.append(("ban_lifetime", True))
    elif ban_years:
        items.append(("ban_years", ban_years))
    items.extend(("measure", m) for m in measures)
    return items


def sanctions_summary(
    *, fine: int | None, confiscated: int | None, forfeiture: int | None, warning: bool, ban_years: int | None,
    ban_lifetime: bool, measures: tuple[str, ...], measure_label: Callable[[str], str], fine_note: str | None = None,
) -> str:
    """'罚款 50万元 · 没收 3万元 · 警告 · 禁业 5 年' (plain text): the one summary of a penalty's sanctions,
    in listings and feeds (sanctions() below) and in search results (written into the index by
    sitegen/search/records.py; search.js shows it as it is). `fine_note` marks a joint or per-party fine."""
    items = sanction_items(fine=fine, confiscated=confiscated, forfeiture=forfeiture, warning=warning,
                           ban_years=ban_years, ban_lifetime=ban_lifetime, measures=measures)
    if not items:
        return "处罚内容见公告"
    parts = []
    for kind, value in items:
        if kind == "fine":
            parts.append("罚款 " + money(value) + FINE_NOTES.get(fine_note or "", ""))
        elif kind == "measure":
            parts.append(measure_label(value))
        else:
            parts.append(_SHORT_WORDS[kind](value))
    return " · ".join(parts)


def sanctions(e: Entry, measure_label: Callable[[str], str]) -> str:
    """The summary of an entry in listings and feeds."""
    return sanctions_summary(fine=e.fine, confiscated=e.confiscated, forfeiture=e.forfeiture, warning=e.warning,
                             ban_years=e.ban_years, ban_lifetime=e.ban_lifetime, measures=e.measures,
                             measure_label=measure_label)


def entry_html(e: Entry, base_path: str, measure_label: Callable[[str], str], omit: str | None = None) -> Markup:
    """`omit` ("group" or "regulator") leaves out what every item of a listing shares (a bank's own
    listing need not repeat the bank on 290,000 lines: the site is kept under 1 GB). The group is also
    left out when the line already names it (交通银行股份有限公司宁波分行 needs no 交通银行 after it).
    The date opens the line as plain text, styled by `ol.entries li`: a <time> element around it cost 13
    bytes on every line of every listing (issue 12: 2.5 MB, 1.2% of the site at 10,000 notices). The item has
    no </li>: it is only ever printed in a list, before the next <li> or the list's end (HTML's optional tags)."""
    meta = []
    who = (e.role or e.institution) if e.individual else None
    if who:
        meta.append(who)
    if e.group and omit != "group" and e.group.label not in e.name and not (who and e.group.label in who):
        meta.append(e.group.label)
    if e.regulator and omit != "regulator":
        meta.append(e.regulator.label)
    kind = " <i>个人</i>" if e.individual else ""
    small = f"<small>{escape(' · '.join(meta))}</small>" if meta else ""
    return Markup(
        f'<li>{ymd(e.day)} <a href={urls.link(base_path, e.anchor)}>{escape(e.name)}</a>{kind} '
        f"<b>{escape(sanctions(e, measure_label))}</b>{small}"
    )


def atom_entry(
    e: Entry, base_url: str, measure_label: Callable[[str], str],
    source_label: Callable[[str], str] | None = None,
) -> Markup:
    """The Atom <entry> of a penalty, shared by every feed that lists it (bank, category, region).
    `source_label` (a site with several regulators) adds the regulator as the entry's <category>."""
    url = escape(f"{base_url}{e.anchor}")
    meta = [ymd(e.day)]
    if e.regulator:
        meta.append(e.regulator.label)
    if e.group:
        meta.append(e.group.label)
    if e.individual and e.role:
        meta.append(e.role)
    meta.extend(c.label for c in e.categories)
    title = xml_text(f"{e.name}：{sanctions(e, measure_label)}")
    category = (f'<category term="{escape(e.source)}" label="{escape(xml_text(source_label(e.source)))}"/>\n'
                if source_label is not None else "")
    # A link without rel is the entry's alternate (RFC 4287 4.2.7.2): 37 bytes less on every entry.
    return Markup(
        f'<entry><title>{escape(title)}</title><id>{url}</id><link href="{url}"/>'
        f"<updated>{atom_time(e.day)}</updated>\n"
        f"{category}<summary>{escape(xml_text(' · '.join(meta)))}</summary></entry>"
    )
