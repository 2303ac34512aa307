"""One build: open the database read-only, stream it once (context pass), then write every family."""

from __future__ import annotations

import gc
import hashlib
import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.context import collect, load_vocabulary
from sitegen.core import database as db
from sitegen.core.background import ForkedPages
from sitegen.core.buildlock import exclusive_build
from sitegen.core.config import BuildConfig
from sitegen.core.output import Site
from sitegen.core.register.load import load_register
from sitegen.core.register.located import CACHE_FILE as LOCATED_FILE
from sitegen.core.render import LABELS_FILE, TEMPLATES, Renderer
from sitegen.core.writer import SiteWriter
from sitegen.pages.about import write_about, write_data_page
from sitegen.pages.banks import write_banks
from sitegen.pages.downloads import DownloadJob, write_downloads
from sitegen.pages.feeds import write_main_feed
from sitegen.pages.home import write_home
from sitegen.pages.listing_html import install as install_listing_pages
from sitegen.pages.notices import start_workers as start_notice_workers
from sitegen.pages.notices import stop_workers as stop_notice_workers
from sitegen.pages.people import write_people
from sitegen.pages.receipts import write_stats
from sitegen.pages.receipts.links import install as install_receipt_links
from sitegen.pages.regions import write_regions
from sitegen.pages.regulators import write_regulators
from sitegen.pages.repeats import write_repeats
from sitegen.pages.static import write_static
from sitegen.pages.tables import install as install_tables
from sitegen.pages.violations import write_violations
from sitegen.pages.years import write_years
from sitegen.search.page import SEARCH_TEMPLATE, start_search_index, write_search

log = logging.getLogger("sitegen")

# Sources whose change can change any page: a new version re-renders everything (bytes still compared).
# (The search index is not among them: it carries its own format version, sitegen/search/.)
_SITEGEN = Path(__file__).parent
_OWN_SOURCES = sorted(
    p for pattern in ("*.py", "core/**/*.py", "core/**/*.toml", "pages/**/*.py", "search/page.py")
    for p in _SITEGEN.glob(pattern)
)
# The masking rule shapes every page that shows source text (sitegen.core.shown): a new rule re-renders them.
_MODELS = Path(__file__).resolve().parents[1] / "models"
_OWN_SOURCES.append(_MODELS / "privacy.py")
# The register places institutions in their group's tree with the vocabularies' code and tables at build
# time (sitegen.core.register): a change there re-renders the tree pages, whose keys digest only penalties.
_OWN_SOURCES += sorted((_MODELS / "vocab").glob("*.py")) + sorted(p for p in (_MODELS / "data").rglob("*")
                                                                  if p.is_file())


@dataclass
class BuildReport:
    seconds: float
    notices: int
    entries: int
    counts: dict[str, dict[str, int]]
    removed: list[str]
    search: dict[str, Any] | None
    phases: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [f"built {self.notices:,} notices, {self.entries:,} penalties in {self.seconds:.1f} s"]
        for family, c in sorted(self.counts.items()):
            out.append(
                f"  {family:<11} written {c.get('written', 0):>7,}  unchanged {c.get('unchanged', 0):>7,}"
                f"  skipped {c.get('skipped', 0):>7,}"
            )
        if self.removed:
            out.append(f"  removed {len(self.removed)} stale files")
        out.append("  phases: " + ", ".join(f"{k} {v:.1f}s" for k, v in self.phases.items()))
        if self.search is not None:
            out.append(f"  search index: {self.search}")
        return out


def build_version(config: BuildConfig, vocab_fingerprint: str) -> str:
    """Digest of everything besides the data that shapes a page: code, templates, labels, URLs, vocab."""
    h = hashlib.blake2b(digest_size=12)
    # search.html changes re-render /search/ only: its source is part of that page's key (search_page.py).
    templates = sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and p.name != SEARCH_TEMPLATE)
    sources = [*_OWN_SOURCES, LABELS_FILE, *templates]
    for path in sources:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(repr((config.base_url, config.base_path, config.page_size, vocab_fingerprint,
                   sys.version_info[:2])).encode())
    return h.hexdigest()


def _timed(name: str, write: Callable[[], object]) -> dict[str, float]:
    """Run `write`; its wall and CPU times as build phases (`name`, `name cpu`)."""
    wall, cpu = time.perf_counter(), time.process_time()
    write()
    return {name: time.perf_counter() - wall, name + " cpu": time.process_time() - cpu}


def build_site(config: BuildConfig) -> BuildReport:
    """Build the site into config.out_dir; a second build of the same folder waits for this one."""
    with exclusive_build(config.out_dir):
        return _build_site(config)


def _build_site(config: BuildConfig) -> BuildReport:
    started = time.perf_counter()
    phases: dict[str, float] = {}
    mark, cpu_mark = started, time.process_time()

    def phase(name: str) -> None:
        nonlocal mark, cpu_mark
        now, cpu = time.perf_counter(), time.process_time()
        phases[name] = now - mark
        phases[name + " cpu"] = cpu - cpu_mark
        mark, cpu_mark = now, cpu

    engine = db.open_database(config.db_url)
    job = search_job = None
    forked: list[ForkedPages[dict[str, float]]] = []
    try:
        vocab = load_vocabulary(engine)
        renderer = Renderer(config)
        renderer.labels["institution_type"] = dict(vocab.institution_types)
        install_receipt_links(renderer.env)
        install_tables(renderer.env, config.base_path)
        install_listing_pages(renderer.env, config.base_path)
        renderer.env.globals.update(multi_source=vocab.multi_source, source_label=vocab.source_label)
        writer = SiteWriter(config.out_dir, build_version(config, vocab.fingerprint()), trust_manifest=not config.full)
        phase("vocabulary")
        # The children and the notice workers fork before the register is loaded: they do not need it,
        # and each forked copy of it would count again in the build's resident memory.
        job = DownloadJob(config) if config.downloads else None
        search_job = start_search_index(config)
        start_notice_workers(renderer, vocab, writer, config.jobs)
        # The register and the corpus are a few hundred thousand long-lived objects: without this, every
        # cyclic garbage collection triggered by the allocations that follow would scan all of them again
        # (measured: a breakdown of 100,000 entries took 0.4 s instead of 0.03 s; the register of 20,000
        # notices 3.2 s of CPU instead of 2.4 s).
        gc.disable()
        try:
            register = load_register(engine, config.out_dir / LOCATED_FILE, reuse=not config.full)
            phase("register")
            corpus = collect(engine, vocab, renderer, writer, config.jobs, register)
        finally:
            gc.enable()
        gc.freeze()
        phase("notices")
        site = Site(config, renderer, writer, vocab, corpus, engine, register)
        write_static(site)
        # The people pages and the receipts depend on the loaded corpus and register alone: with more than
        # one process each is written in a forked child beside the other listings (on 2 cores the three
        # overlap instead of adding up; at 20,000 notices their CPU is about 12, 18 and 15 s).
        apart = {
            "people": lambda: (write_people(site, config.as_of), write_repeats(site)),
            "stats": lambda: write_stats(site),
        }
        if config.jobs > 1:
            forked = [ForkedPages(f"writing the {name} pages", writer, engine, partial(_timed, name, write))
                      for name, write in apart.items()]
        write_banks(site)
        write_violations(site)
        write_regions(site)
        write_regulators(site)
        write_years(site)
        phase("listings")
        if not forked:
            for name, write in apart.items():
                phases.update(_timed(name, write))
            mark, cpu_mark = time.perf_counter(), time.process_time()
        else:
            for child in forked:
                phases.update(child.join())  # the child's own times
            forked = []
            phase("forked wait")
        write_home(site)
        write_main_feed(site)
        downloads = write_downloads(site, job)
        phase("downloads")
        write_about(site, downloads)
        write_data_page(site, downloads)
        # Static hosts (GitHub Pages, Netlify, Cloudflare Pages) serve /404.html for a missing page.
        writer.write("404.html", renderer.page("404.html", "404.html", ""), "404", "about")
        search = write_search(site, search_job)
        phase("search")
        removed = writer.finish()
    finally:
        stop_notice_workers()
        if job is not None:
            job.cleanup()
        if search_job is not None:
            search_job.close()
        for child in forked:
            child.close()
        engine.dispose()
        gc.unfreeze()
    return BuildReport(
        seconds=time.perf_counter() - started,
        notices=len(corpus.notices),
        entries=len(corpus.entries),
        counts={family: dict(c) for family, c in writer.counts.items()},
        removed=removed,
        search=search,
        phases=phases,
    )
