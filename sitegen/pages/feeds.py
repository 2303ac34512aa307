"""Atom feeds: /feed.xml (newest notices) and one per bank, violation and region (newest penalties).

Entries carry publication dates, never the build time, so an unchanged feed keeps its bytes. The XML is written
in Python (a template per feed cost more than its entries, which are made once per build: Site.atom_entries);
every value from the database is printed through `shown_html` after `xml_text`, as the autoescaped template did.
"""

from __future__ import annotations

from datetime import date

from sitegen.core import urls
from sitegen.core.formats import atom_time, money, xml_text
from sitegen.core.output import Site
from sitegen.core.shown import finalize
from sitegen.core.shown import shown_html as h
from sitegen.core.summaries import Entry, NoticeSummary
from sitegen.pages.listings import lines_digest

FEED_SIZE = 30
MAIN_FEED_SIZE = 50
FAMILY = "feeds"


def write_entry_feed(site: Site, path: str, page: str, title: str, entries: list[Entry]) -> None:
    """A feed of the newest penalties of a listing; `entries` oldest first, `page` its HTML page."""
    newest = list(reversed(entries[-FEED_SIZE:]))
    site.writer.page(
        path,
        ("feed", title, page, lines_digest(newest)),
        lambda: _feed(site, title, path, page, _latest(e.day for e in newest),
                      f"{finalize(site.atom_entries(newest))}\n"),
        FAMILY,
    )


def write_main_feed(site: Site) -> None:
    newest: list[NoticeSummary] = list(reversed(site.corpus.notices[-MAIN_FEED_SIZE:]))
    site.writer.page(
        urls.feed(),
        ("feed", tuple((n.doc_id, n.fingerprint) for n in newest)),
        lambda: _feed(site, "罚单：最新行政处罚公告", urls.feed(), "", _latest(n.day for n in newest),
                      _notice_entries(site, newest)),
        FAMILY,
    )


def _feed(site: Site, title: str, path: str, page: str, updated: date | None, entries: str) -> str:
    """The feed document around its <entry> elements (`entries`, XML already)."""
    root = site.config.absolute("")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
            f"<title>{h(xml_text(title))}</title>\n<subtitle>罚单 Fadan：金融监管行政处罚公开信息</subtitle>\n"
            f'<id>{h(root + path)}</id>\n<link rel="self" type="application/atom+xml" href="{h(root + path)}"/>\n'
            f'<link rel="alternate" type="text/html" href="{h(root + page)}"/>\n'
            f"<updated>{atom_time(updated)}</updated>\n"
            f"<author><name>罚单 Fadan</name><uri>{h(root)}</uri></author>\n{entries}</feed>")


def _notice_entries(site: Site, notices: list[NoticeSummary]) -> str:
    """The <entry> of each notice of the main feed (with its regulator as <category> on a site with several)."""
    root = site.config.absolute("")
    globals_ = site.renderer.env.globals
    source_label = globals_["source_label"] if globals_["multi_source"] else None
    out = []
    for n in notices:
        url = h(root + n.path)
        out.append(f"<entry><title>{h(xml_text(n.title))}</title><id>{url}</id><link href=\"{url}\"/>"
                   f"<updated>{atom_time(n.day)}</updated>\n")
        if source_label is not None:
            out.append(f'<category term="{h(n.source)}" label="{h(xml_text(source_label(n.source)))}"/>\n')
        names = ""
        if n.names:
            more = "等" if n.party_count > len(n.names) else ""
            names = f"（{h(xml_text('、'.join(n.names)))}{more}）"
        fines = f"，罚款合计 {money(n.fine_total)}" if n.fine_total else ""
        issuer = h(xml_text(n.issuer or ""))
        out.append(f"<summary>{issuer}：{n.party_count} 名当事人{names}{fines}。</summary></entry>\n")
    return "".join(out)


def _latest(days: object) -> date | None:
    known = [d for d in days if d]  # type: ignore[attr-defined]
    return max(known) if known else None
