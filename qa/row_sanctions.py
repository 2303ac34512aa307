"""Sanction fields measured against real rows labelled by reading: `python -m qa.row_sanctions`.

The labels (qa/truth/nfra_row_sanctions.csv, see qa/truth/README.md) give, for rows of the real 派出机构
CSV in ../shared/samples/nfra, the sanctions the row's 行政处罚内容 gives the party its 当事人名称 cell
names. The row's party is read as qa.rows reads it (the notice's rows through scrapers.nfra.assemble,
the party the cell names first) and each field compared: per field, the share of rows exactly right and
the rows that missed. Issue 11's floor is 99.5% for every field.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from models.record import Party
from models.vocab.text import normalize
from qa import rows as qa_rows
from qa.checkout import REAL_ROWS, SAMPLES
from scrapers.nfra.parties import read_party_cell

TRUTH = Path(__file__).resolve().parent / "truth" / "nfra_row_sanctions.csv"
# Rows of hard shapes (罚没, 没收, 任职资格, 分别, 合计, …) drawn on purpose by qa/truth/sample_sanctions.py.
HARD = TRUTH.with_name("nfra_row_sanctions_hard.csv")
COLUMNS = ["row", "doc_id", "fine_yuan", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years",
           "ban_lifetime", "measure_kinds", "fine_note", "note"]
FIELDS = ["fine_yuan", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years", "ban_lifetime",
          "measure_kinds", "fine_note"]
MEASURE_KINDS = ("disqualify", "suspend-business", "revoke-license", "rectify", "other")
FLOOR = 0.995  # issue 11: every sanction field exactly right on at least 99.5% of rows
# Amounts with 角/分 are rounded half-up by the labeller; the product may round the other way (README).
_AMOUNT_SLACK = 1

Value = int | bool | str | None


@dataclass(frozen=True)
class Label:
    row: int  # 0-based data row of the real CSV
    doc_id: str
    values: dict[str, Value]
    note: str = ""


def _amount(cell: str) -> int | None:
    return int(cell) if cell.strip() else None


def _flag(cell: str) -> bool:
    if cell not in ("true", "false"):
        raise ValueError(f"expected true or false, got {cell!r}")
    return cell == "true"


def parse_label(record: dict[str, str]) -> Label:
    kinds = record["measure_kinds"].split()
    if any(kind not in MEASURE_KINDS for kind in kinds):
        raise ValueError(f"row {record['row']}: unknown measure kind in {record['measure_kinds']!r}")
    if record["fine_note"] not in ("", "joint", "each"):
        raise ValueError(f"row {record['row']}: fine_note is joint, each or empty, not {record['fine_note']!r}")
    values: dict[str, Value] = {
        "fine_yuan": _amount(record["fine_yuan"]),
        "confiscated_yuan": _amount(record["confiscated_yuan"]),
        "forfeiture_yuan": _amount(record["forfeiture_yuan"]),
        "warning": _flag(record["warning"]),
        "ban_years": _amount(record["ban_years"]),
        "ban_lifetime": _flag(record["ban_lifetime"]),
        "measure_kinds": " ".join(kinds),
        "fine_note": record["fine_note"] or None,
    }
    return Label(int(record["row"]), record["doc_id"], values, record["note"])


def load_labels(path: Path = TRUTH) -> list[Label]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError(f"{path.name}: columns {reader.fieldnames}, expected {COLUMNS}")
        return [parse_label(record) for record in reader]


def party_values(party: Party) -> dict[str, Value]:
    """The labelled fields of a product party. The fine's parts ('fine-part' measures, one per item of a
    sum) are how the product shows a fine, not a measure the decision orders, so they are not compared."""
    return {
        "fine_yuan": party.fine_yuan,
        "confiscated_yuan": party.confiscated_yuan,
        "forfeiture_yuan": party.forfeiture_yuan,
        "warning": bool(party.warning),
        "ban_years": party.ban_years,
        "ban_lifetime": bool(party.ban_lifetime),
        "measure_kinds": " ".join(m.kind for m in party.measures if m.kind in MEASURE_KINDS),
        "fine_note": party.fine_note,
    }


def same(field: str, got: Value, want: Value) -> bool:
    if field in ("fine_yuan", "confiscated_yuan", "forfeiture_yuan") and got is not None and want is not None:
        return abs(int(got) - int(want)) <= _AMOUNT_SLACK
    return got == want


@dataclass(frozen=True)
class Outcome:
    label: Label
    got: dict[str, Value]
    party: str
    decision: str

    def right(self, field: str) -> bool:
        return same(field, self.got[field], self.label.values[field])


@dataclass
class Report:
    outcomes: list[Outcome]

    def right(self, field: str) -> int:
        return sum(o.right(field) for o in self.outcomes)

    def share(self, field: str) -> float:
        return self.right(field) / len(self.outcomes) if self.outcomes else 0.0

    def all_right(self) -> int:
        return sum(all(o.right(f) for f in FIELDS) for o in self.outcomes)

    def misses(self, field: str) -> list[Outcome]:
        return [o for o in self.outcomes if not o.right(field)]


def cell_party(row: dict[str, str]) -> Party:
    """The party the row's 当事人名称 cell names, with the sanctions the row's decision gives it.

    As qa.rows picks it (the product party the cell names first, else the row's first party: a cell of
    people the product names otherwise), except where the cell names only institutions and the decision
    sanctions none of them: a table that repeats the notice's bank in every row (对曾文龙、徐小鹏…警告
    beside 竹笮支行, whose own fine is another row). That institution gets nothing from this row."""
    found = qa_rows.row_parties(row)
    cell = normalize(row["当事人名称"])
    named = [p for p in found if p.party_name and cell.startswith(normalize(p.party_name))]
    if named:
        return named[0]
    listed = read_party_cell(row["当事人名称"])
    if not found or (not listed.with_people and all(n.kind == "institution" for n in listed.listed)):
        return Party(seq=0)
    return found[0]


def measure(labels: list[Label], rows: list[dict[str, str]]) -> Report:
    outcomes = []
    for label in labels:
        row = rows[label.row]
        if row["docId"] != label.doc_id:
            raise ValueError(f"row {label.row} is docId {row['docId']}, the label says {label.doc_id}")
        party = cell_party(row)
        outcomes.append(Outcome(label, party_values(party), row["当事人名称"], row["行政处罚内容"]))
    return Report(outcomes)


def sampled(seeds: str | None) -> set[int] | None:
    """The rows of the draws named (`random:seed19,random:seed20`), from nfra_rows.csv's `sampled`."""
    if not seeds:
        return None
    wanted = set(seeds.split(","))
    return {label.row for label in qa_rows.load_labels() if label.sampled in wanted}


def render(report: Report, misses: bool = True, path: Path = TRUTH) -> str:
    n = len(report.outcomes)
    lines = [f"== sanction fields: {n} real rows labelled by reading ({path.relative_to(path.parents[2])})"]
    for field in FIELDS:
        verdict = "ok" if report.share(field) >= FLOOR else "BELOW TARGET"
        lines.append(f"{report.share(field):7.2%}  {field}: {report.right(field)}/{n} (target {FLOOR:.1%}) {verdict}")
    lines.append(f"{report.all_right() / n if n else 0:7.2%}  every field right: {report.all_right()}/{n}")
    if misses:
        for field in FIELDS:
            for o in report.misses(field):
                lines.append(f"  {field} row {o.label.row}: {o.got[field]!r} (label {o.label.values[field]!r})"
                             f"  {o.party[:30]} | {o.decision[:110]}")
    return "\n".join(lines)


def to_json(report: Report) -> dict:
    return {
        "rows": len(report.outcomes),
        "fields": {f: {"right": report.right(f), "share": round(report.share(f), 4),
                       "misses": [o.label.row for o in report.misses(f)]} for f in FIELDS},
        "all_right": report.all_right(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qa.row_sanctions",
        description="Per sanction field, the rows exactly right, on real NFRA rows labelled by reading "
                    "(qa/truth/nfra_row_sanctions.csv).")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="the real samples folder")
    parser.add_argument("--sampled", metavar="DRAWS",
                        help="only the rows of these draws, comma-separated (random:seed19,random:seed20)")
    parser.add_argument("--hard", action="store_true",
                        help="the rows of hard shapes (qa/truth/nfra_row_sanctions_hard.csv) instead")
    parser.add_argument("--no-misses", action="store_true", help="only the figures, not the rows that missed")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)
    if not (args.samples / REAL_ROWS).is_file():
        print(f"real rows not found: {args.samples / REAL_ROWS}", file=sys.stderr)
        return 2
    only = sampled(args.sampled)
    path = HARD if args.hard else TRUTH
    labels = [label for label in load_labels(path) if only is None or label.row in only]
    if not labels:
        print(f"no labelled row is sampled {args.sampled!r}", file=sys.stderr)
        return 2
    report = measure(labels, qa_rows.read_real_rows(args.samples))
    print(json.dumps(to_json(report), ensure_ascii=False, indent=1) if args.json
          else render(report, misses=not args.no_misses, path=path))
    return 0 if all(report.share(f) >= FLOOR for f in FIELDS) else 1


if __name__ == "__main__":
    sys.exit(main())
