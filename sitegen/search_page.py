"""/search/: the page (site/templates/search.html) and the index (sitegen.search_index), both owned
by the search engineer; the build renders the page like any other and calls the index writer."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from sitegen.render import TEMPLATES
from sitegen.sitectx import Site

log = logging.getLogger(__name__)
FAMILY = "search"
SEARCH_TEMPLATE = "search.html"


def search_context(site: Site) -> dict[str, Any]:
    """Filter choices a search page may render server-side (they are in the index too)."""
    entries = site.corpus.entries
    groups = {e.group for e in entries if e.group}
    regions = {e.region for e in entries if e.region}
    return {
        "categories": [(r.slug, r.label) for r in site.vocab.categories()],
        "groups": sorted(((r.key, r.label) for r in groups), key=lambda g: g[1]),
        "regions": sorted(((r.key, r.label) for r in regions), key=lambda g: g[1]),
        "years": sorted({e.year for e in entries if e.year}, reverse=True),
        "levels": list(site.renderer.labels["level"].items()),
        "institution_types": list(site.renderer.labels["institution_type"].items()),
    }


def write_search(site: Site) -> dict[str, Any] | None:
    """Render /search/ and write the index; skipped, with a log line, while either is missing."""
    if site.renderer.has_template(SEARCH_TEMPLATE):
        context = search_context(site)
        source = (TEMPLATES / SEARCH_TEMPLATE).read_text("utf-8")  # not part of the build version
        site.html("search/", (repr(context), source), SEARCH_TEMPLATE, "search", FAMILY, search=context)
    else:
        log.warning("site/templates/search.html is missing: /search/ not written")
    if not site.config.search:
        log.info("search index skipped (--no-search)")
        return None
    try:
        module = importlib.import_module("sitegen.search_index")
    except ModuleNotFoundError as exc:
        if exc.name != "sitegen.search_index":
            raise
        log.warning("sitegen/search_index.py is missing: no search index written")
        return None
    return module.write_search_index(site.engine, site.config.out_dir)
