"""Atom feeds: /feed.xml (newest notices) and one per bank, violation and region (newest penalties).

Entries carry publication dates, never the build time, so an unchanged feed keeps its bytes.
"""

from __future__ import annotations

from datetime import date

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.core.stats import entries_key
from sitegen.core.summaries import Entry, NoticeSummary

FEED_SIZE = 30
MAIN_FEED_SIZE = 50
FAMILY = "feeds"


def write_entry_feed(site: Site, path: str, page: str, title: str, entries: list[Entry]) -> None:
    """A feed of the newest penalties of a listing; `entries` oldest first, `page` its HTML page."""
    newest = list(reversed(entries[-FEED_SIZE:]))
    updated = _latest(e.day for e in newest)
    site.writer.page(
        path,
        ("feed", title, page, entries_key(newest)),
        lambda: site.renderer.page(
            "feed.xml", page, "", title=title, feed_path=path, updated=updated, entries=site.atom_entries(newest)
        ),
        FAMILY,
    )


def write_main_feed(site: Site) -> None:
    newest: list[NoticeSummary] = list(reversed(site.corpus.notices[-MAIN_FEED_SIZE:]))
    updated = _latest(n.day for n in newest)
    site.writer.page(
        urls.feed(),
        ("feed", tuple((n.doc_id, n.fingerprint) for n in newest)),
        lambda: site.renderer.page(
            "feed.xml", "", "", title="罚单：最新行政处罚公告", feed_path=urls.feed(), updated=updated,
            notices=newest,
        ),
        FAMILY,
    )


def _latest(days: object) -> date | None:
    known = [d for d in days if d]  # type: ignore[attr-defined]
    return max(known) if known else None
