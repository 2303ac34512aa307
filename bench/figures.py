"""The figures of the benchmark (issue 7): name, unit, target, and how a measured value is judged."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

# Sizes are binary: 1 KB = 1,024 bytes, 1 MB = 1,048,576 bytes (the units hosts and `du -h` use).
KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class Spec:
    name: str
    unit: str
    stage: str
    target: float | None  # None: reported, no target
    at_most: bool = True  # the value must be ≤ target (else ≥)
    what: str = ""

    def describe_target(self, target: float | None = None) -> str:
        value = self.target if target is None else target
        if value is None:
            return "—"
        return f"{'≤' if self.at_most else '≥'} {_number(value)}"


SPECS: tuple[Spec, ...] = (
    Spec("crawl_notices_per_s", "notices/s", "crawl", 300, at_most=False,
         what="full crawl of an empty database, local server, politeness off"),
    Spec("crawl_requests_per_new_notice", "requests/notice", "update", 1.14,
         what="incremental crawl after new notices; target 1.1 per notice plus one list page per item"),
    Spec("parse_ms_per_notice", "ms", "parse", 1.0,
         what="notice_meta + read_notice on stored raw JSON (decoding apart), median, one core"),
    Spec("peer_parse_ratio", "x", "parse", 1.5, at_most=False,
         what="pandas.read_html time on the same docClobs / Fadan's parse+enrich time"),
    Spec("build_full_s", "s", "build", 300, what="python build.py into an empty directory, search index included"),
    Spec("build_incremental_s", "s", "update", 30, what="python build.py again after the new notices are crawled"),
    Spec("build_incremental_files", "files", "update", 3000,
         what="files that incremental build rewrites (the search index aside): a night's upload"),
    Spec("build_peak_rss_mb", "MB", "build", 8 * 1024, what="peak resident memory of the build's process tree"),
    Spec("site_mb", "MB", "build", 1024, what="bytes of every file a publish uploads (hidden build state apart)"),
    Spec("site_files", "files", "build", 50_000, what="files of the site"),
    Spec("notice_page_kb", "KB", "build", 15, what="median /notices/{doc_id}/index.html"),
    Spec("index_page_kb", "KB", "build", None, what="/index.html"),
    Spec("search_ms_p50", "ms", "search", 500, what="navigation to results shown, headless Chromium, cold cache"),
    Spec("search_ms_max", "ms", "search", 1500, what="slowest query (median of its repeats)"),
    Spec("search_kb", "KB", "search", 2048, what="bytes transferred by the heaviest query, page and index"),
    Spec("db_mb", "MB/10k notices", "db", 150, what="SQLite file per 10,000 notices, compressed raw JSON included"),
)
BY_NAME = {spec.name: spec for spec in SPECS}


@dataclass
class Figure:
    name: str
    value: float
    target: float | None = None  # when a stage computes its own target (requests per new notice)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def spec(self) -> Spec:
        return BY_NAME[self.name]

    @property
    def unit(self) -> str:
        return self.spec.unit

    @property
    def goal(self) -> float | None:
        return self.target if self.target is not None else self.spec.target

    @property
    def met(self) -> bool | None:
        goal = self.goal
        if goal is None or math.isnan(self.value):
            return None
        return self.value <= goal if self.spec.at_most else self.value >= goal

    def line(self) -> str:
        """`name: value unit`, the line the suite prints per figure."""
        return f"{self.name}: {_number(self.value)} {self.unit}"

    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "—"}[self.met]


def _number(value: float) -> str:
    if math.isnan(value):
        return "nan"
    if value == int(value) and abs(value) >= 100:
        return f"{int(value)}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}" if abs(value) >= 1 else f"{value:.3f}"


def number(value: float) -> str:
    """A value rounded for people: 3 significant digits at most, integers kept whole."""
    return _number(value)
