"""From a fetched or stored PBOC detail page to enriched penalty rows: the path shared by crawl and re-parse."""

from __future__ import annotations

from scrapers.guard import guard_notice
from scrapers.nfra.reader import enriched
from scrapers.pboc.detail import DetailPage, disclosure_until, parse_detail

# Raised when what the PBOC reader produces changes, as scrapers.nfra.parse.PARSER_VERSION does for NFRA.
PARSER_VERSION = 1


def read_page(html: str, article_id: str, item_id: int | None = None) -> DetailPage:
    """Parse a detail page, enrich its parties like NFRA's, pass it through the ingest guard
    (scrapers/guard.py) and date the end of its 公示期限. Raises BadResponse only for a page that is
    no PBOC article (the spider's check)."""
    page = parse_detail(html, article_id)
    page.meta.item_id = item_id
    enriched(page.parsed, page.meta)
    guard_notice(page.meta, page.parsed)
    years = max((p.disclosure_years for p in page.parsed.parties if p.disclosure_years), default=None)
    page.meta.disclosure_until = disclosure_until(page.meta.published_at, years)
    return page
