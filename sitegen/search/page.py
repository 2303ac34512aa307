"""/search/: the page (site/templates/search.html) and the index (sitegen/search/, its format in
docs/architecture.md); the build renders the page like any other and calls the index writer."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sitegen.core import database as db
from sitegen.core import urls
from sitegen.core.background import Background
from sitegen.core.config import BuildConfig
from sitegen.core.output import Site
from sitegen.core.render import TEMPLATES
from sitegen.search.writer import write_search_index

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


def _index_in_child(db_url: str, out_dir: Path) -> dict[str, Any]:
    engine = db.open_database(db_url)
    try:
        return write_search_index(engine, out_dir)
    finally:
        engine.dispose()


def start_search_index(config: BuildConfig) -> Background | None:
    """The index in a child process, written while the pages are rendered (none with --jobs 1)."""
    if not config.search or config.jobs <= 1:
        return None
    return Background("writing the search index", _index_in_child, config.db_url, config.out_dir)


def write_search(site: Site, job: Background | None = None) -> dict[str, Any] | None:
    """Render /search/ and write the index (or wait for `job`, which writes it)."""
    context = search_context(site)
    source = (TEMPLATES / SEARCH_TEMPLATE).read_text("utf-8")  # not part of the build version
    site.html(urls.SEARCH, (repr(context), source), SEARCH_TEMPLATE, "search", FAMILY, search=context)
    if not site.config.search:
        log.info("search index skipped (--no-search)")
        return None
    if job is not None:
        return job.result()
    return write_search_index(site.engine, site.config.out_dir)
