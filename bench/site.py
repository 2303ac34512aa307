"""Build and site figures: a full build into an empty directory, then what it wrote.

Also the database figure (db_mb), which only reads the crawled file.
"""

from __future__ import annotations

import sqlite3
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from bench.figures import KB, MB, Figure
from bench.machine import load_average
from bench.workspace import StageError, Workspace, build_phases
from ops.publish import site_files


def build_stage(ws: Workspace) -> list[Figure]:
    """build_full_s, build_peak_rss_mb, then the site figures of the fresh build."""
    ws.need_db()
    ws.set_aside(ws.site)  # not deleted before the timing: see Workspace.set_aside
    notices = ws.notice_count()
    load_before = load_average()
    ws.log(f"full build of {notices:,} notices into {ws.site}")
    measured = ws.build("build-full.log")
    details = {
        "notices": notices,
        "cpu_s": round(measured.cpu_seconds, 1),
        "phases": build_phases(measured.log),
        "max_process_rss_mb": round(measured.max_process_rss_mb),
        "load_before": load_before,
        "load_after": load_average(),
    }
    figures = [
        Figure("build_full_s", measured.seconds, details=details),
        Figure("build_peak_rss_mb", measured.peak_tree_rss_mb,
               details={"max_process_rss_mb": round(measured.max_process_rss_mb)}),
    ]
    return figures + site_figures(ws.site)


def site_figures(site: Path) -> list[Figure]:
    """site_mb, site_files (with the count by family: the top-level directory), notice_page_kb, index_page_kb.
    The site is what a publish uploads (ops.publish.site_files): the build's hidden state beside it (its
    manifest, the register's location cache, the lock) is reported apart, as `build_state_mb`."""
    files: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    notice_pages: list[int] = []
    disk = 0
    published = set(site_files(site))
    hidden = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()
                 and p.relative_to(site).as_posix() not in published)
    for name in sorted(published):
        path = site / name
        stat = path.stat()
        relative = path.relative_to(site).parts
        family = relative[0] if len(relative) > 1 else "(top level)"
        files[family] += 1
        sizes[family] += stat.st_size
        disk += stat.st_blocks * 512
        if family == "notices" and len(relative) == 3 and relative[2] == "index.html":
            notice_pages.append(stat.st_size)
    if not files:
        raise StageError(f"{site} holds no file")
    index = site / "index.html"
    by_family: dict[str, Any] = {
        family: {"files": files[family], "mb": round(sizes[family] / MB, 1)} for family in sorted(files)
    }
    notice_details = {}
    if notice_pages:
        ordered = sorted(notice_pages)
        notice_details = {"pages": len(ordered), "p90_kb": round(ordered[int(len(ordered) * 0.9)] / KB, 1),
                          "max_kb": round(ordered[-1] / KB, 1), "over_15kb": sum(s > 15 * KB for s in ordered)}
    return [
        Figure("site_mb", sum(sizes.values()) / MB, details={"disk_mb": round(disk / MB), "by_family": by_family,
                                                             "build_state_mb": round(hidden / MB, 1)}),
        Figure("site_files", sum(files.values()), details={"by_family": {f: files[f] for f in sorted(files)}}),
        Figure("notice_page_kb", statistics.median(notice_pages) / KB if notice_pages else float("nan"),
               details=notice_details),
        Figure("index_page_kb", index.stat().st_size / KB if index.exists() else float("nan")),
    ]


def db_stage(ws: Workspace) -> list[Figure]:
    """db_mb: the SQLite file (and its WAL, if any) per 10,000 notices, with the share of each table."""
    notices = ws.notice_count()
    if not notices:
        raise StageError("the database holds no notice")
    size = sum(Path(f"{ws.db}{suffix}").stat().st_size for suffix in ("", "-wal")
               if Path(f"{ws.db}{suffix}").exists())
    details: dict[str, Any] = {"notices": notices, "file_mb": round(size / MB, 1)}
    try:
        with ws.connect() as conn:
            details["tables_mb"] = {
                name: round(pages / MB, 1)
                for name, pages in conn.execute(
                    "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12")
            }
    except sqlite3.OperationalError:  # SQLite built without the dbstat table
        pass
    return [Figure("db_mb", size / notices * 10_000 / MB, details=details)]
