"""/: the newest notices, the latest year's totals and largest fines, charts, and a way into every family."""

from __future__ import annotations

from typing import Any

from sitegen.core import urls
from sitegen.core.charts import bar_chart, column_chart
from sitegen.core.formats import money
from sitegen.core.output import Site
from sitegen.core.stats import breakdown, top_fines, totals
from sitegen.core.summaries import Entry, NoticeSummary
from sitegen.pages.listings import entries_digest

FAMILY = "home"
LATEST_NOTICES = 20
MONTHS_CHARTED = 24


def month_series(entries: list[Entry], last: tuple[int, int], months: int) -> list[tuple[tuple[int, int], int, int]]:
    """((year, month), count, fines) for the `months` months ending at `last`, empty months included."""
    y, m = last
    keys = []
    for _ in range(months):
        keys.append((y, m))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    keys.reverse()
    wanted = set(keys)
    count = dict.fromkeys(keys, 0)
    fines = dict.fromkeys(keys, 0)
    for e in reversed(entries):  # newest first: stop once past the window
        if e.day is None:
            continue
        k = (e.day.year, e.day.month)
        if k < keys[0]:
            break
        if k in wanted:
            count[k] += 1
            fines[k] += e.fine_counted
    return [(k, count[k], fines[k]) for k in keys]


def _context(site: Site, latest: list[NoticeSummary]) -> dict[str, Any]:
    corpus = site.corpus
    day = corpus.latest_day
    year = day.year if day else None
    this_year = [e for e in corpus.entries if e.year == year] if year else []
    series = month_series(corpus.entries, (day.year, day.month), MONTHS_CHARTED) if day else []
    labels = [(f"{y % 100:02d}/{m:02d}", c, f) for (y, m), c, f in series]
    by_category = breakdown(this_year, "categories", label=lambda r: r.label, ref=lambda r: r, multi=True)
    base = site.config.base_path
    # Every bar links to its receipt: a month's (stats/{yyyy-mm}/), a category's of the year.
    months = [base + urls.month_path(y, m) if c else None for (y, m), c, _ in series]
    category_links = [base + urls.receipt_path(year, "violation", r.ref.slug) + "#tickets" if r.ref else None
                      for r in by_category] if year else None
    return dict(
        latest=latest,
        year=year,
        year_totals=totals(this_year),
        top=top_fines(this_year, 10),
        all_totals=totals(corpus.entries),
        notice_count=len(corpus.notices),
        count_chart=column_chart([(lbl, c) for lbl, c, _ in labels], title="近24个月每月处罚数", label_every=3,
                                 links=[m and m + "#tickets" for m in months]),
        fine_chart=column_chart([(lbl, f) for lbl, _, f in labels], title="近24个月每月罚款金额", fmt=money,
                                label_every=3, links=[m and m + "#fines" for m in months]),
        category_chart=bar_chart([(r.label, r.count) for r in by_category], title=f"{year} 年各违法类型处罚数",
                                 links=category_links),
        categories=by_category,
        groups=breakdown(this_year, "group", label=lambda r: r.label, ref=lambda r: r, limit=12),
        regions=breakdown(corpus.entries, "region", label=lambda r: r.label, ref=lambda r: r),
        years=breakdown(corpus.entries, "year", order="key-desc"),
    )


def write_home(site: Site) -> None:
    corpus = site.corpus
    latest = list(reversed(corpus.notices[-LATEST_NOTICES:]))
    key = (tuple((n.doc_id, n.fingerprint) for n in latest), len(corpus.notices), entries_digest(corpus.entries))
    site.html_lazy("", key, "home.html", "home", FAMILY, lambda: _context(site, latest))
