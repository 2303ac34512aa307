"""Parser speed on the real docClob samples, and against pandas.read_html: `python -m bench.speed`.

A measurement script, not a test (machines are shared; timings are reported, never asserted). For each
sample it prints the best per-parse time over many short batches (the minimum is the least disturbed
by other processes), cold (every cache of the parser emptied before each parse, as for a notice never
seen) and warm, next to pandas.read_html on the same HTML, which extracts only the raw table cells.
A fixed pure-Python loop is timed too, so figures from a busy machine can be put in proportion.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

from qa.checkout import SAMPLES
from scrapers.nfra import dates, labels, parties
from scrapers.nfra.parse import parse_docclob

# Everything the parser memoises; emptied for the cold figures.
CACHES = (labels.field_of, dates.parse_date, parties.clause_sanctions, parties._read_target,
          parties._read_party_cell)


def clear_caches() -> None:
    for cached in CACHES:
        cached.cache_clear()


def best_ms(run: Callable[[], object], batch: int, repeats: int, before: Callable[[], None] | None = None) -> float:
    """The fastest per-call time over `repeats` batches of `batch` calls, in milliseconds."""
    best = float("inf")
    for _ in range(repeats):
        elapsed = 0.0
        for _ in range(batch):
            if before is not None:
                before()
            started = time.perf_counter()
            run()
            elapsed += time.perf_counter() - started
        best = min(best, elapsed / batch)
    return best * 1000


def calibration_seconds(repeats: int = 300) -> float:
    """A fixed pure-Python loop, scaled to 1,000,000 iterations, timed like the parses (best of many short
    runs): about 0.03–0.05 s on an idle modern core. A much larger figure means the machine was too busy
    for any run to go undisturbed, and the parse times are inflated as much."""

    def loop() -> int:
        total = 0
        for i in range(10_000):
            total += i
        return total

    return best_ms(loop, 1, repeats) / 1000 * 100


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--repeats", type=int, default=150, help="short batches per figure (best one kept)")
    args = parser.parse_args(argv)
    try:
        import pandas as pd
    except ImportError:  # pandas is a bench extra
        pd = None
    files = sorted(args.samples.glob("docclob_*.html"))
    if not files:
        print(f"no docclob_*.html samples in {args.samples}", file=sys.stderr)
        return 2
    gc.disable()
    print(f"calibration (1M-iteration loop, best of short runs): {calibration_seconds():.3f} s")
    print(f"{'sample':52} {'bytes':>6} {'cold ms':>8} {'warm ms':>8} {'pandas ms':>9} {'pandas/cold':>11}")
    totals = [0.0, 0.0, 0.0]
    for path in files:
        html = path.read_text(encoding="utf-8")
        parse_docclob(html)
        cold = best_ms(lambda html=html: parse_docclob(html), 1, args.repeats, before=clear_caches)
        warm = best_ms(lambda html=html: parse_docclob(html), 1, args.repeats)
        slow = float("nan")
        if pd is not None:
            slow = best_ms(lambda html=html: pd.read_html(io.StringIO(html)), 1, max(args.repeats // 2, 3))
        totals = [totals[0] + cold, totals[1] + warm, totals[2] + slow]
        print(f"{path.name[:52]:52} {len(html):6d} {cold:8.3f} {warm:8.3f} {slow:9.3f} {slow / cold:11.2f}")
    print(f"{'all samples':52} {'':6} {totals[0]:8.3f} {totals[1]:8.3f} {totals[2]:9.3f} {totals[2] / totals[0]:11.2f}")
    print(f"calibration (1M-iteration loop, best of short runs): {calibration_seconds():.3f} s")
    gc.enable()
    return 0


if __name__ == "__main__":
    sys.exit(main())
