"""A family item's pages: its landing page (totals, breakdowns, newest entries) and its archive pages."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.core.paginate import Listing
from sitegen.core.shown import shown_html
from sitegen.core.stats import TOP_FINES, top_fines
from sitegen.core.summaries import Entry
from sitegen.pages import listing_html as html

if TYPE_CHECKING:
    from sitegen.pages.tables import Tables


def entries_digest(entries: list[Entry]) -> str:
    """Which entries a listing holds and what their notices say: everything its landing page is made
    from (totals and breakdowns included), hashed without computing any of them."""
    h = hashlib.blake2b("".join(map(_FINGERPRINT, entries)).encode(), digest_size=16)
    h.update(str(len(entries)).encode())
    return h.hexdigest()


_FINGERPRINT = attrgetter("fingerprint")


def contents_digest(entries: list[Entry]) -> str:
    """entries_digest of what the statistics receipts show of each entry (Entry.content): the same but for
    the register's marks, which later notices change (a night's new notices would otherwise re-render
    the receipts of years they are not in, with the same bytes)."""
    h = hashlib.blake2b("".join(map(_CONTENT, entries)).encode(), digest_size=16)
    h.update(str(len(entries)).encode())
    return h.hexdigest()


_CONTENT = attrgetter("content")


def lines_digest(entries: list[Entry]) -> str:
    """What a list of entries contributes to the key of a page that shows only their lines (an archive page,
    a feed): each one's identity and content (Entry.content: the lines show nothing of the register's marks,
    which later notices change, so a night re-rendered old archive pages to the same bytes). Joined and hashed
    here: the repr() of a tuple of the same values, digested by the writer, cost four times as much (every
    archive page's key is made in every build, the night's too)."""
    text = " ".join([f"{e.doc_id}.{e.seq}.{e.content}" for e in entries])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def tables_of(site: Site) -> Tables:
    """The figures box and breakdown tables of the site's listings (sitegen/pages/tables.py)."""
    return html.tables_of(site.renderer.env, site.config.base_path)


def write_framed(site: Site, directory: str, key: Any, nav: str, family: str, title: str,
                 content: Callable[[], str]) -> bool:
    """Write `{directory}index.html` unless its inputs (`key`) are unchanged: `content()` (HTML made in Python)
    in the page frame (Renderer.frame.page), under `title` (plain text, escaped here)."""
    renderer = site.renderer
    return site.writer.page(urls.index_file(directory), key, lambda: renderer.frame.page(
        title=shown_html(title), canonical=site.config.absolute(directory), content=content(), nav=nav), family)


def write_listing(
    site: Site,
    *,
    family: str,
    nav: str,
    base: str,
    entries: list[Entry],
    title: str,
    context: Callable[[], dict[str, Any]],
    template: str = "listing.html",
    key: Any = (),
    omit: str | None = None,
    top: int = TOP_FINES,
    digest: str | None = None,
) -> Listing[Entry]:
    """Write `base` (landing) and `base/page/k/` (archives) for `entries` (oldest first); the landing page
    lists only the entries no archive page holds (Listing.unarchived).

    `context()` makes the rest of the landing page's context (heading, kicker, intro, totals, top,
    sections, feed, extra_top, extra, ...: sitegen.pages.listing_html.landing); it is called only when the
    page is rendered, so its totals and breakdowns cost nothing in an incremental build. Everything it returns
    must follow from `entries` and `key`. `template`: a Jinja template extending listing.html (people.html),
    or listing.html itself. `omit` names the field every entry shares ("group" on a bank's pages), left out
    of its lines. A listing of at most TOP_FINES entries has no "罚款最多" list: it would be the lines below,
    sorted again (issue 12: 9 MB of branch pages at 100,000 notices). Otherwise the list holds the `top`
    largest fines of `entries` unless `context()` gives its own ("top"): made here, only when shown (at
    10,000 notices three listings in four, most of them branch pages, are too short to show it).
    `digest`: entries_digest(entries), when the caller has it already (a bank's tree page keys on it too).
    """
    listing: Listing[Entry] = Listing(base, entries, site.config.page_size)
    landing = listing.unarchived()
    row = site.row

    def landing_context() -> dict[str, Any]:
        own = context()
        if len(entries) <= TOP_FINES:  # every entry is listed below: the top fines would repeat those lines
            own["top"] = []
        elif "top" not in own:
            own["top"] = top_fines(entries, top)
        return dict(title=title, listing=listing, page=landing, rows=[row(e, omit) for e in landing.entries], **own)

    renderer, path = site.renderer, site.config.base_path

    def render_landing() -> str:
        ctx = landing_context()
        # Frame.page has no <head> part: a page with a feed link, or a template extending listing.html
        # (people.html), goes through listing.html, which calls the same Python (listing_html.install).
        if template != "listing.html" or ctx.get("feed"):
            return renderer.page(template, base, nav, **ctx)
        return renderer.frame.page(title=shown_html(title), canonical=site.config.absolute(base),
                                   content=html.landing(path, tables_of(site), ctx), nav=nav)

    digest = digest or entries_digest(entries)
    site.writer.page(urls.index_file(base), (template, (title, key, digest)), render_landing, family)
    for k in range(1, listing.archive_count + 1):
        page = listing.archive(k)
        write_framed(
            site, page.path, ("archive", title, k, page.newer, page.first_index, lines_digest(page.entries)),
            nav, family, f"{title} · 第 {page.number} 页",
            lambda page=page: html.archive(path, title, base, page, [row(e, omit) for e in page.entries]),
        )
    return listing
