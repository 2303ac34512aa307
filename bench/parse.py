"""Parse figures: re-parse and enrich stored notices from their raw JSON, and pandas.read_html on the same docClobs.

A sample of stored notices, evenly spread over the database, is read as `python -m scrapers.reparse`
reads it (decompress, JSON, notice_meta, read_notice), in one process, one notice after the other.
Each pass starts with the parser's caches emptied (bench.speed.clear_caches), as a fresh
re-parse does; each notice keeps its fastest pass, which removes most of what other processes on a
shared machine add. pandas.read_html, which is how the best-known public NFRA scraper reads a docClob
(raw table cells, no parties, amounts or categories), is timed the same way.
"""

from __future__ import annotations

import io
import json
import statistics
import time
import warnings
from collections.abc import Callable
from typing import Any

from bench.figures import Figure
from bench.machine import load_average
from bench.speed import calibration_seconds, clear_caches
from bench.workspace import StageError, Workspace
from models.store import decompress
from scrapers.nfra.detail import notice_meta
from scrapers.nfra.reader import read_notice


def sample_notices(ws: Workspace, size: int) -> list[tuple[int, int | None, bytes]]:
    """(doc_id, item_id, compressed raw JSON) of `size` NFRA notices spread evenly over the docIds (the crawl
    stores PBOC pages too: their raw body is HTML, and the parse figures are about NFRA's docClob)."""
    with ws.connect() as conn:
        ids = [row[0] for row in conn.execute(
            "SELECT r.doc_id FROM notice_raw r JOIN notice n ON n.doc_id = r.doc_id WHERE n.regulator = 'nfra' "
            "ORDER BY r.doc_id")]
        if not ids:
            raise StageError("the database holds no raw notice")
        step = max(1, len(ids) // size)
        wanted = ids[::step][:size]
        rows = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows += conn.execute(
                f"SELECT r.doc_id, n.item_id, r.body FROM notice_raw r JOIN notice n ON n.doc_id = r.doc_id "
                f"WHERE r.doc_id IN ({marks}) ORDER BY r.doc_id", chunk).fetchall()
    return rows


def _per_notice_ms(calls: list[Callable[[], Any]], passes: int, before_pass: Callable[[], None] | None) -> list[float]:
    """Each call's fastest time over `passes` sequential passes, in milliseconds."""
    best = [float("inf")] * len(calls)
    for _ in range(passes):
        if before_pass is not None:
            before_pass()
        for i, call in enumerate(calls):
            started = time.perf_counter()
            call()
            elapsed = time.perf_counter() - started
            if elapsed < best[i]:
                best[i] = elapsed
    return [b * 1000 for b in best]


def _pandas_reader() -> Callable[[str], Any] | None:
    try:
        import pandas as pd
    except ImportError:  # pandas is a bench extra
        return None

    # lxml only: pandas' default falls back to BeautifulSoup + html5lib (much slower, and not installed)
    # when lxml finds no table, so this is the comparison most favourable to pandas.
    def read(html: str) -> Any:
        try:
            return pd.read_html(io.StringIO(html), flavor="lxml")
        except ValueError:  # "No tables found": a paragraphs-only notice, which pandas cannot read
            return None

    return read


def parse_stage(ws: Workspace, sample: int, passes: int) -> list[Figure]:
    """parse_ms_per_notice: notice_meta + read_notice on a stored notice's decoded JSON (the figure the target
    is about); reading the stored JSON itself (zlib + json.loads) is timed apart and reported in the details,
    with the sum. peer_parse_ratio: pandas.read_html on the same docClobs / notice_meta + read_notice."""
    load_before = load_average()
    calibration_before = calibration_seconds()
    rows = sample_notices(ws, sample)
    ws.log(f"parse: {len(rows)} stored notices, {passes} passes")

    def decode(body: bytes) -> dict[str, Any]:
        return json.loads(decompress(body))["data"]

    notices = [(item_id, decode(body)) for _, item_id, body in rows]
    read_notice(notices[0][1], notice_meta(notices[0][1], notices[0][0]))  # loads the vocabularies: once a run
    decode_ms = _per_notice_ms([lambda body=body: decode(body) for _, _, body in rows], passes, None)
    read_ms = _per_notice_ms(
        [lambda data=data, item_id=item_id: read_notice(data, notice_meta(data, item_id)) for item_id, data in notices],
        passes, clear_caches,
    )
    total_ms = [d + r for d, r in zip(decode_ms, read_ms, strict=True)]
    layouts: dict[str, int] = {}
    for item_id, data in notices:
        layout = read_notice(data, notice_meta(data, item_id)).layout
        layouts[layout] = layouts.get(layout, 0) + 1
    details: dict[str, Any] = {
        "notices": len(notices),
        "passes": passes,
        "mean_ms": round(statistics.fmean(read_ms), 3),
        "p90_ms": round(sorted(read_ms)[int(len(read_ms) * 0.9)], 3),
        "decode_ms_median": round(statistics.median(decode_ms), 3),
        "with_decode_ms_median": round(statistics.median(total_ms), 3),
        "layouts": layouts,
    }
    figures = [Figure("parse_ms_per_notice", statistics.median(read_ms), details=details)]

    read_html = _pandas_reader()
    if read_html is None:
        ws.log("pandas is not installed (pip install -e '.[bench]'): no peer_parse_ratio")
    else:
        docclobs = [str(data.get("docClob") or "") for _, data in notices]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read_html(docclobs[0])  # pandas imports its readers on first use: once a run
            pandas_ms = _per_notice_ms([lambda html=html: read_html(html) for html in docclobs], passes, None)
        figures.append(Figure("peer_parse_ratio", sum(pandas_ms) / sum(read_ms), details={
            "pandas_ms_median": round(statistics.median(pandas_ms), 3),
            "pandas_ms_mean": round(statistics.fmean(pandas_ms), 3),
            "median_of_ratios": round(statistics.median(p / o for p, o in zip(pandas_ms, read_ms, strict=True)), 2),
        }))
    details["calibration_s"] = [round(calibration_before, 3), round(calibration_seconds(), 3)]
    details["load_before"], details["load_after"] = load_before, load_average()
    return figures
