"""/about/ (sources, coverage, method, parse health, schema), /about/failed/ and /data/."""

from __future__ import annotations

from collections import Counter
from datetime import date

from models.vocab.sources import Source
from sitegen.core import urls
from sitegen.core.output import Site
from sitegen.pages.downloads import COLUMNS, DownloadInfo
from sitegen.pages.receipts.rules import REGISTER_RULES, RULES
from sitegen.pages.repeats import repeat_entries

FAMILY = "about"
ITEMS = (4113, 4114, 4115, 4293)
FAILED_SHOWN = 50


def coverage(site: Site) -> tuple[list[int], list[tuple[int | None, list[int], int]]]:
    """(item columns, [(year, notices per item, notices)]) newest year first."""
    per: Counter[tuple[int | None, int]] = Counter()
    per_year: Counter[int | None] = Counter()
    extra: set[int] = set()
    for n in site.corpus.notices:
        per_year[n.year] += 1
        for item in n.item_ids:
            per[(n.year, item)] += 1
            if item not in ITEMS:
                extra.add(item)
    items = [*ITEMS, *sorted(extra)]
    rows = [(year, [per[(year, i)] for i in items], per_year[year])
            for year in sorted(per_year, key=lambda y: (y is None, -(y or 0)))]
    return items, rows


def per_source(site: Site) -> list[tuple[Source, int, date | None, date | None]]:
    """(regulator, notices, first and last publication day) of each regulator, when there are several."""
    if not site.vocab.multi_source:
        return []
    days: dict[str, list[date]] = {}
    counts: Counter[str] = Counter()
    for n in site.corpus.notices:
        counts[n.source] += 1
        if n.day:
            days.setdefault(n.source, []).append(n.day)
    return [(s, counts[s.code], min(days.get(s.code) or [None]), max(days.get(s.code) or [None]))
            for s in site.vocab.sources]


def write_about(site: Site, downloads: list[DownloadInfo]) -> None:
    corpus = site.corpus
    sources = per_source(site)
    failed = [n for n in reversed(corpus.notices) if n.parse_status == "failed"]
    removed = sum(1 for n in corpus.notices if n.removed)
    items, rows = coverage(site)
    status = dict(corpus.status_counts)
    repeats = bool(repeat_entries(site))  # the repeats' receipt exists (sitegen/pages/receipts/repeats.py)
    key = (repeats, tuple(items), tuple((y, tuple(c), t) for y, c, t in rows), tuple(sorted(status.items())), removed,
           tuple((n.doc_id, n.fingerprint) for n in failed[:FAILED_SHOWN]), len(failed),
           tuple((d.path, d.rows) for d in downloads), corpus.as_of, tuple((s.code, *rest) for s, *rest in sources))
    site.html(
        urls.ABOUT, key, "about.html", "about", FAMILY,
        items=items, coverage=rows, status=status, total=len(corpus.notices), removed=removed,
        failed=failed[:FAILED_SHOWN], failed_count=len(failed), columns=COLUMNS, downloads=downloads,
        as_of=corpus.as_of, rules=RULES, register_rules=REGISTER_RULES, sources=sources, repeats=repeats,
    )
    site.html(
        urls.ABOUT_FAILED, tuple((n.doc_id, n.fingerprint) for n in failed), "failed.html", "about", FAMILY,
        failed=failed,
    )


def write_data_page(site: Site, downloads: list[DownloadInfo]) -> None:
    key = (tuple((d.path, d.rows, d.size) for d in downloads), site.corpus.as_of)
    site.html(urls.DATA, key, "data.html", "data", FAMILY, downloads=downloads, as_of=site.corpus.as_of,
              columns=COLUMNS)
