"""/search/: the page (site/templates/search.html) and the index (sitegen.search_index), both owned
by the search engineer; the build renders the page like any other and calls the index writer."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from sitegen import database as db
from sitegen.background import Background
from sitegen.config import BuildConfig
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


def _index_writer() -> Callable[[Engine, Path], dict[str, Any]] | None:
    try:
        module = importlib.import_module("sitegen.search_index")
    except ModuleNotFoundError as exc:
        if exc.name != "sitegen.search_index":
            raise
        log.warning("sitegen/search_index.py is missing: no search index written")
        return None
    return module.write_search_index


def _index_in_child(db_url: str, out_dir: Path) -> dict[str, Any] | None:
    write = _index_writer()
    if write is None:
        return None
    engine = db.open_database(db_url)
    try:
        return write(engine, out_dir)
    finally:
        engine.dispose()


def start_search_index(config: BuildConfig) -> Background | None:
    """The index in a child process, written while the pages are rendered (none with --jobs 1)."""
    if not config.search or config.jobs <= 1:
        return None
    return Background("writing the search index", _index_in_child, config.db_url, config.out_dir)


def write_search(site: Site, job: Background | None = None) -> dict[str, Any] | None:
    """Render /search/ and write the index (or wait for `job`, which writes it); skipped, with a log
    line, while either is missing."""
    if site.renderer.has_template(SEARCH_TEMPLATE):
        context = search_context(site)
        source = (TEMPLATES / SEARCH_TEMPLATE).read_text("utf-8")  # not part of the build version
        site.html("search/", (repr(context), source), SEARCH_TEMPLATE, "search", FAMILY, search=context)
    else:
        log.warning("site/templates/search.html is missing: /search/ not written")
    if not site.config.search:
        log.info("search index skipped (--no-search)")
        return None
    if job is not None:
        return job.result()
    write = _index_writer()
    return None if write is None else write(site.engine, site.config.out_dir)
