"""Blind draws of CBRC/CIRC notices to label (run once per draw, kept so a draw can be read and re-run).

`python -m qa.truth.sample_notices --seed 2 --n 40` prints the ids of a seeded draw from
../shared/samples/cbrc-circ/notices.jsonl outside the notices labelled before it in cbrc_circ_notices.jsonl
(every label when the draw has none yet; the labels above its first one once it is labelled, so the draw
re-runs the same after its own and later draws are appended),
stratified by the record's `layout` guess (quotas below, scaled to --n), spread over issuers and years:
within a layout the records are shuffled, then taken round-robin over issuers, a year not yet drawn
for that issuer first. The labels are written before the parser is run on the drawn notices.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from qa.truth_sets import CBRC_CIRC_LABELS, CBRC_CIRC_NOTICES, load_labels

# Share of a 40-notice draw per layout (issue 11's blind draw: paragraphs and tables first).
QUOTAS = {"circ-decision": 10, "cbrc-table": 10, "other": 8, "cbrc-decision": 6, "flattened": 3,
          "cbrc-fragment": 3}


def scaled_quotas(n: int) -> dict[str, int]:
    """QUOTAS scaled to n notices, summing to n exactly (largest remainder; ties in QUOTAS order)."""
    total = sum(QUOTAS.values())
    shares = {layout: quota * n / total for layout, quota in QUOTAS.items()}
    wants = {layout: int(share) for layout, share in shares.items()}
    by_remainder = sorted(QUOTAS, key=lambda layout: -(shares[layout] - wants[layout]))
    for layout in by_remainder[: n - sum(wants.values())]:
        wants[layout] += 1
    return wants


def labelled_before(labels: list[dict[str, Any]], seed: int) -> set[str]:
    """The ids labelled before the draw of this seed: all labels above its first one (all if it has none)."""
    tag = f"blind:seed{seed}"
    first = next((index for index, label in enumerate(labels) if label.get("sampled") == tag), len(labels))
    return {label["id"] for label in labels[:first]}


def draw(records: list[dict[str, Any]], taken: set[str], seed: int, n: int = 40) -> list[dict[str, Any]]:
    """The drawn records, in notices.jsonl order: per layout its quota, round-robin over issuers."""
    rng = random.Random(seed)
    picked: list[dict[str, Any]] = []
    wants = scaled_quotas(n)
    for layout in QUOTAS:
        want = wants[layout]
        by_issuer: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for record in records:
            if record["layout"] == layout and record["id"] not in taken:
                by_issuer[record["issuer_guess"] or ""].append(record)
        for pool in by_issuer.values():
            rng.shuffle(pool)
        issuers = sorted(by_issuer)
        rng.shuffle(issuers)
        years: dict[str, set[Any]] = defaultdict(set)
        chosen: list[dict[str, Any]] = []
        while len(chosen) < want and any(by_issuer.values()):
            for issuer in issuers:
                pool = by_issuer[issuer]
                if not pool or len(chosen) >= want:
                    continue
                fresh = next((r for r in pool if r["year_guess"] not in years[issuer]), pool[0])
                pool.remove(fresh)
                years[issuer].add(fresh["year_guess"])
                chosen.append(fresh)
        picked += chosen
    order = {record["id"]: index for index, record in enumerate(records)}
    return sorted(picked, key=lambda record: order[record["id"]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.truth.sample_notices", description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--notices", type=Path, default=CBRC_CIRC_NOTICES)
    parser.add_argument("--exclude-labels", type=Path, default=CBRC_CIRC_LABELS,
                        help="labels whose notices are left out (those labelled before this draw)")
    args = parser.parse_args(argv)
    with args.notices.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    taken = labelled_before(load_labels(args.exclude_labels), args.seed)
    for record in draw(records, taken, args.seed, args.n):
        print(record["id"], record["layout"], record["issuer_guess"], record["year_guess"], sep="\t")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
