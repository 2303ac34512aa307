"""How far two readers agree on the same real rows: `python -m qa.agreement`.

A second reader labelled seeds 30–31 of qa/truth/nfra_rows.csv blind (without seeing the first labels,
the per-row refinements of qa/truth/README.md or the product's output); their labels are
qa/truth/nfra_rows_second_reader.csv (row, categories, bank_group, institution_type). This prints, on the
rows both files label, the share with exactly the same set of categories, the same bank group and the same
type, and per category how often each reader has a code the other lacks, then the rows that differ.
Read against the labels as first committed (git history) it gives the blind agreement; against the
current truth set, what is left after the disagreements were settled (qa/truth/README.md, "Double-labelling").
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from models.vocab.text import normalize
from qa.rows import TRUTH, Label, load_labels

SECOND_READER = TRUTH.with_name("nfra_rows_second_reader.csv")
SECOND_READER_COLUMNS = ["row", "categories", "bank_group", "institution_type"]


@dataclass
class Agreement:
    rows: int = 0
    same: Counter[str] = field(default_factory=Counter)  # key (categories, bank_group, institution_type) -> rows
    only_first: Counter[str] = field(default_factory=Counter)  # category code -> rows where only the first has it
    only_second: Counter[str] = field(default_factory=Counter)
    differing: list[tuple[Label, Label]] = field(default_factory=list)  # (first, second), categories differ

    def share(self, key: str) -> float:
        return self.same[key] / self.rows if self.rows else 0.0


def load_second_reader(path: Path = SECOND_READER) -> list[Label]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != SECOND_READER_COLUMNS:
            raise ValueError(f"{path}: columns must be {SECOND_READER_COLUMNS}, not {reader.fieldnames}")
        return [Label(int(r["row"]), "", frozenset(r["categories"].split()), r["bank_group"],
                      r["institution_type"]) for r in reader]


def compare(first: list[Label], second: list[Label]) -> Agreement:
    """Agreement on the rows both readers labelled (a row only one of them labelled is not counted)."""
    firsts = {label.row: label for label in first}
    result = Agreement()
    for b in second:
        a = firsts.get(b.row)
        if a is None:
            continue
        result.rows += 1
        result.same["categories"] += a.categories == b.categories
        result.same["bank_group"] += normalize(a.bank_group) == normalize(b.bank_group)
        result.same["institution_type"] += a.institution_type == b.institution_type
        result.only_first.update(a.categories - b.categories)
        result.only_second.update(b.categories - a.categories)
        if a.categories != b.categories:
            result.differing.append((a, b))
    return result


def render(agreement: Agreement, rows: bool = True) -> str:
    lines = [f"== two readers on {agreement.rows} real rows"]
    for key in ("categories", "bank_group", "institution_type"):
        lines.append(f"{agreement.share(key):7.2%}  same {key}: {agreement.same[key]}/{agreement.rows}")
    codes = sorted(set(agreement.only_first) | set(agreement.only_second),
                   key=lambda c: -(agreement.only_first[c] + agreement.only_second[c]))
    if codes:
        lines.append("-- per category: rows where only the first / only the second reader has it")
        lines += [f"  {code:20} {agreement.only_first[code]:3} / {agreement.only_second[code]:3}" for code in codes]
    if rows and agreement.differing:
        lines.append("-- rows whose categories differ (first | second)")
        lines += [f"  row {a.row}: {' '.join(sorted(a.categories))} | {' '.join(sorted(b.categories))}"
                  for a, b in agreement.differing]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qa.agreement",
        description="Agreement of two readers on the same real rows (categories, bank group, type).")
    parser.add_argument("--first", type=Path, default=TRUTH, help="the first reader's labels (nfra_rows.csv)")
    parser.add_argument("--second", type=Path, default=SECOND_READER, help="the second reader's labels")
    parser.add_argument("--no-rows", action="store_true", help="only the figures, not the rows that differ")
    args = parser.parse_args(argv)
    agreement = compare(load_labels(args.first), load_second_reader(args.second))
    if not agreement.rows:
        print("the two files label no row in common", file=sys.stderr)
        return 2
    print(render(agreement, rows=not args.no_rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
