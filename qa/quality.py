"""Real-data quality report of the parser: `python -m qa.quality`.

Runs the parser's text functions on every row of the real 派出机构 export (10,239 table rows of NFRA
notices, Dec 2024 – Apr 2026: 当事人名称 + 行政处罚内容 per row) and parse_docclob on the real docClob
samples, and prints:

1. the share of decisions ordering a 罚款 whose amount was read (for every party the fine concerns);
2. the share of rows naming several parties that were split consistently (checks below);
3. the share of docClob samples parsed to their expected parties;
4. the leftovers, grouped by pattern, with examples;
5. per source folder and layout (qa/corpora.py): notices, parties found, parties stored twice for one
   decision (qa/repeats.py; a name a notice sanctions in two decisions is counted apart, it is no error),
   and the shares of ok / partial / failed; with the truth sets (qa/truth), field accuracy.

A multi-party row is split consistently when: every clause that orders a sanction went to a party;
every party has a plausible name (a personal name, an institution, or an alias resolved to the cell's
institution) and at least one sanction; no listed institution of the cell was left out while the
decision names it; and the fines of the parties add up to the fines the text states (a joint figure
counted once, an 'each' figure once per party). There is no ground truth for these rows (that export's
own splitting is the thing being improved on), so this is a consistency check, not an accuracy figure.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa import accuracy
from qa.checkout import SAMPLES
from qa.corpora import CBRC_CIRC, every_notice
from qa.repeats import repeated
from scrapers.nfra import names
from scrapers.nfra.parse import parse_docclob
from scrapers.nfra.parties import Draft, assign, clause_sanctions, cut_clauses, read_party_cell
from scrapers.nfra.sanctions import parse_sanctions

REAL_ROWS = "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"

FINE_TARGET = 0.995
SAMPLE_TARGET = 1.0

# The parties of each real docClob sample, read by a person from the sample itself (the Zhejiang notice
# also from the rowspan-aware parse next to it, parsed_record_docId1212085_…merged_cells_result.json).
_FOSUN_PEOPLE = ["项开宝", "陈雄斌", "刘益成", "尹志军", "代强", "潘麟", "胡峻", "李正", "王利钿", "廖志洪", "彭裕群",
                 "吕志坚"]
EXPECTED_PARTIES: dict[str, list[str]] = {
    "docclob_2018_cbrc_tianjin_jinyinjianfajue2018-35_vertical9_rowspan_MsoNormalTable.html": ["平安银行股份有限公司"],
    "docclob_2018_cbrc_wuzhong_wuyinjianfajue2018-11_vertical9_simplified_by_author.html": [
        "宁夏青铜峡贺兰山村镇银行股份有限公司"
    ],
    "docclob_2024_zongju_jinfajue2024-27_vertical7_2col_MsoTableGrid_devtools_copy.html": ["罗振宏"],
    "docclob_2024_zongju_jinfajue2024-36_vertical7_2col_MsoNormalTable_devtools_copy.html": [
        "复星联合健康保险股份有限公司", *_FOSUN_PEOPLE
    ],
    "docclob_2024_zongju_jinfajue2024-36_vertical7_innerHTML_with_word_preamble.html": [
        "复星联合健康保险股份有限公司", *_FOSUN_PEOPLE
    ],
    "docclob_2024_zongju_xinda_horizontal5col_single_party_devtools_copy.html": ["中国信达资产管理股份有限公司"],
    "docclob_2025_zhejiang_zhejinfajue2024-52_horizontal6col_rowspan_innerHTML.html": "merged_cells_result",
}
MERGED_CELLS = "parsed_record_docId1212085_Yuhamixli_merged_cells_result.json"


@dataclass
class SourceTally:
    """One source folder and layout: what the parser made of its notices."""

    notices: int = 0
    parties: int = 0
    repeats: int = 0  # parties stored again for a decision that already gave them a row
    other_decisions: int = 0  # names the notice stored before, for another decision (no error)
    status: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)  # 'docId: name' of each repeat

    def share(self, status: str) -> float:
        return self.status[status] / self.notices if self.notices else 0.0


def tally_sources(samples: Path, cbrc: Path = CBRC_CIRC) -> dict[tuple[str, str], SourceTally]:
    tallies: dict[tuple[str, str], SourceTally] = defaultdict(SourceTally)
    for notice in every_notice(samples, cbrc):
        for key in ((notice.folder, notice.layout), (notice.folder, "all")):
            tally = tallies[key]
            tally.notices += 1
            tally.parties += len(notice.parsed.parties)
            again = repeated(notice.parsed.parties)
            names_ = [(p.party_name, p.party_kind) for p in notice.parsed.parties]
            tally.repeats += len(again)
            tally.other_decisions += len(names_) - len(set(names_)) - len(again)
            tally.examples += [f"{notice.key}: {party.party_name}" for party in again]
            tally.status[notice.parsed.parse_status] += 1
    return dict(sorted(tallies.items()))


@dataclass
class Row:
    doc_id: str
    party_cell: str
    decision: str


@dataclass
class Report:
    rows: int = 0
    fine_rows: int = 0
    fine_read: int = 0
    fine_leftovers: list[Row] = field(default_factory=list)
    multi_rows: int = 0
    multi_ok: int = 0
    multi_parties: int = 0
    multi_failures: dict[str, list[tuple[Row, str]]] = field(default_factory=lambda: defaultdict(list))
    empty_rows: int = 0  # no 行政处罚内容 at all
    no_sanction_rows: list[Row] = field(default_factory=list)  # a date or a label where the decision should be
    forfeiture_rows: int = 0  # 罚没合计 with no fine/confiscation split: in forfeiture_yuan
    samples: int = 0
    samples_ok: int = 0
    sample_lines: list[str] = field(default_factory=list)
    sources: dict[tuple[str, str], SourceTally] = field(default_factory=dict)
    truth: dict[tuple[str, str], accuracy.Tally] | None = None  # None: no truth sets in this checkout
    seconds: float = 0.0

    @property
    def fine_share(self) -> float:
        return self.fine_read / self.fine_rows if self.fine_rows else 1.0

    @property
    def multi_share(self) -> float:
        return self.multi_ok / self.multi_rows if self.multi_rows else 1.0

    @property
    def sample_share(self) -> float:
        return self.samples_ok / self.samples if self.samples else 0.0


def read_rows(path: Path) -> Iterator[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            yield Row(record.get("docId", ""), record.get("当事人名称") or "", record.get("行政处罚内容") or "")


def _fine_unread(drafts: list[Draft]) -> bool:
    return not drafts or any(
        d.sanctions.fine_mentioned and d.sanctions.fine_yuan is None and d.sanctions.forfeiture_total is None
        for d in drafts
    )


def _stated_fines(decision: str, listed_count: int) -> int:
    """The fines the text states, read clause by clause without any party logic: each clause's fine once,
    except a summary total (合计 after several clauses)."""
    total = 0
    for clause in cut_clauses(decision):
        if clause.summary:
            continue
        found = clause_sanctions(clause.sanction_text)
        if found.fine_yuan is not None:
            times = len(clause.targets) if found.fine_each and not found.fine_total and len(clause.targets) > 1 else 1
            total += found.fine_yuan * times
    return total


def _split_fines(drafts: list[Draft]) -> int:
    """The parties' fines added up, counting a joint figure once per clause and an 'each' figure per party."""
    total = 0
    seen_joint: set[int] = set()
    for draft in drafts:
        for clause, size in draft.clauses:
            found = clause_sanctions(clause.sanction_text or clause.text)
            if found.fine_yuan is None:
                continue
            if size > 1 and not (found.fine_each and not found.fine_total):
                if id(clause) in seen_joint:
                    continue
                seen_joint.add(id(clause))
            total += found.fine_yuan
    return total


def _plausible(draft: Draft, listed: set[str]) -> bool:
    """A name the party cell lists is taken as written; a name read from the decision must look like one:
    a personal name, a full institution name (…公司, …支行), a resolved alias or a group (分支机构)."""
    named = draft.named
    if named.name in listed:
        return True
    if named.kind == "individual":
        return names.is_person_name(named.name) and not names.has_sanction_word(named.name)
    if named.alias:
        return draft.unresolved is None
    return named.group or names.ends_like_institution(named.name)


def check_split(row: Row) -> tuple[list[Draft], str | None]:
    """The row's parties and the first consistency check they fail (None when consistent)."""
    cell = read_party_cell(row.party_cell)
    drafts = assign(cell.listed, row.decision)
    if not drafts:
        return drafts, "no party"
    if not _is_multi(cell.listed, drafts):
        return drafts, None  # one party: nothing to split
    assigned = {clause.text for draft in drafts for clause, _ in draft.clauses}
    for clause in cut_clauses(row.decision, cell.listed):
        if not clause.summary and clause.text not in assigned and clause_sanctions(clause.text).any:
            return drafts, "sanction clause given to no party"
    listed = {named.name for named in cell.listed}
    for draft in drafts:
        if not _plausible(draft, listed):
            return drafts, "implausible party name"
        if not draft.sanctions.any:
            return drafts, "party without a sanction"
    if _split_fines(drafts) != _stated_fines(row.decision, len(cell.listed)):
        return drafts, "fines do not add up"
    return drafts, None


def _is_multi(listed: list, drafts: list[Draft]) -> bool:
    """The row names several parties (in its cell or in its decision)."""
    return len(drafts) > 1 or len(listed) > 1


def _shape(text: str) -> str:
    """A pattern for grouping leftovers: digits → 9, Chinese numerals → 〇, the words around 罚款 kept."""
    at = text.find("罚款")
    window = text[max(at - 8, 0) : at + 14] if at >= 0 else text[:22]
    window = re.sub(r"\d+(?:[.,]\d+)*", "9", window)
    return re.sub(r"[零〇一二两三四五六七八九十百千万亿]+", "〇", window)


def expected_for(sample: str, samples_dir: Path) -> list[str]:
    expected = EXPECTED_PARTIES[sample]
    if expected == "merged_cells_result":
        merged = json.loads((samples_dir / MERGED_CELLS).read_text(encoding="utf-8"))
        cells = [merged["当事人名称"], *(extra["当事人名称"] for extra in merged.get("additional_records", []))]
        return [names.split_bracketed(cell)[0] for cell in cells]
    return list(expected)


TruthItem = tuple[str, str, str, str, dict]  # (folder, layout, markup, title, label), as accuracy.truth_items gives


def only_sampled(items: list[TruthItem], sampled: str | None) -> list[TruthItem]:
    """The truth items of one draw (labels whose `sampled` is that value, e.g. blind:seed2); all when None."""
    return items if sampled is None else [item for item in items if item[4].get("sampled") == sampled]


def run(samples_dir: Path = SAMPLES, limit: int | None = None, sampled: str | None = None) -> Report:
    report = Report()
    started = time.perf_counter()
    for index, row in enumerate(read_rows(samples_dir / REAL_ROWS)):
        if limit is not None and index >= limit:
            break
        report.rows += 1
        if not row.decision.strip():
            report.empty_rows += 1
            continue
        drafts, failure = check_split(row)
        if not any(d.sanctions.any for d in drafts):
            report.no_sanction_rows.append(row)
        if any(d.sanctions.forfeiture_total is not None and d.sanctions.fine_yuan is None for d in drafts):
            report.forfeiture_rows += 1
        if parse_sanctions(row.decision).fine_mentioned:
            report.fine_rows += 1
            if _fine_unread(drafts):
                report.fine_leftovers.append(row)
            else:
                report.fine_read += 1
        if _is_multi(read_party_cell(row.party_cell).listed, drafts):
            report.multi_rows += 1
            report.multi_parties += len(drafts)
            if failure is None:
                report.multi_ok += 1
            else:
                report.multi_failures[failure].append((row, " | ".join(d.named.name for d in drafts)))
    for sample in sorted(EXPECTED_PARTIES):
        path = samples_dir / sample
        report.samples += 1
        parsed = parse_docclob(path.read_text(encoding="utf-8"))
        got = [party.party_name for party in parsed.parties]
        expected = expected_for(sample, samples_dir)
        good = got == expected and parsed.parse_status == "ok"
        report.samples_ok += good
        report.sample_lines.append(
            f"  {'ok ' if good else 'BAD'} {sample[:70]}: {parsed.layout}, {parsed.parse_status}, "
            f"{len(got)} parties" + ("" if good else f"\n      expected {expected}\n      got      {got}")
        )
    report.sources = tally_sources(samples_dir)
    items = only_sampled(accuracy.truth_items() or [], sampled)
    report.truth = accuracy.measure(items) if items else None
    report.seconds = time.perf_counter() - started
    return report


def _print_examples(lines: Iterable[str], out) -> None:
    for line in lines:
        print(line, file=out)


def passed(report: Report) -> bool:
    return report.fine_share >= FINE_TARGET and report.sample_share >= SAMPLE_TARGET


def render(report: Report, show: int = 5, out=None) -> None:
    out = out or sys.stdout
    print(f"Fadan parser quality report — real data from {SAMPLES}", file=out)
    print(f"rows read: {report.rows} ({REAL_ROWS}); {report.seconds:.1f} s\n", file=out)
    print(
        f"1. 罚款 amounts read: {report.fine_read}/{report.fine_rows} decisions = {report.fine_share:.2%} "
        f"(target ≥ {FINE_TARGET:.1%}) {'PASS' if report.fine_share >= FINE_TARGET else 'FAIL'}",
        file=out,
    )
    shapes = Counter(_shape(row.decision) for row in report.fine_leftovers)
    for shape, count in shapes.most_common(show):
        example = next(row for row in report.fine_leftovers if _shape(row.decision) == shape)
        print(f"     {count:4d} × {shape!r}  e.g. doc {example.doc_id}: {example.decision[:80]!r}", file=out)
    print(
        f"\n2. multi-party rows split consistently: {report.multi_ok}/{report.multi_rows} = "
        f"{report.multi_share:.2%} ({report.multi_parties} parties)",
        file=out,
    )
    for reason, failures in sorted(report.multi_failures.items(), key=lambda item: -len(item[1])):
        print(f"     {len(failures):4d} × {reason}", file=out)
        for row, got in failures[:show]:
            print(f"          doc {row.doc_id}: {row.party_cell[:40]!r} / {row.decision[:90]!r}\n"
                  f"              → {got[:120]}", file=out)
    print("\n   Notes on the export itself:", file=out)
    print(f"     {report.empty_rows} rows have no 行政处罚内容; {len(report.no_sanction_rows)} hold no sanction "
          "(that export's column shifts: a date or a label in the decision column), e.g.", file=out)
    for row in report.no_sanction_rows[:show]:
        print(f"          doc {row.doc_id}: {row.decision[:60]!r}", file=out)
    print(f"     {report.forfeiture_rows} decisions state only a 罚没合计 (fine and confiscation as one sum): "
          "stored in forfeiture_yuan (fine_yuan empty)", file=out)
    print(
        f"\n3. docClob samples parsed to the expected parties: {report.samples_ok}/{report.samples} = "
        f"{report.sample_share:.0%} (target {SAMPLE_TARGET:.0%}) "
        f"{'PASS' if report.sample_share >= SAMPLE_TARGET else 'FAIL'}",
        file=out,
    )
    _print_examples(report.sample_lines, out)
    print("\n5. per source folder and layout: notices, parties found, parties stored twice for one decision "
          "(twice), names stored again for another decision of the notice (other), parse status", file=out)
    print(f"     {'folder':<13} {'layout':<14} {'notices':>7} {'parties':>7} {'twice':>6} {'other':>6} "
          f"{'ok':>6} {'partial':>8} {'failed':>7}", file=out)
    for (folder, layout), tally in report.sources.items():
        print(f"     {folder:<13} {layout:<14} {tally.notices:>7} {tally.parties:>7} {tally.repeats:>6} "
              f"{tally.other_decisions:>6} {tally.share('ok'):>6.1%} {tally.share('partial'):>8.1%} "
              f"{tally.share('failed'):>7.1%}", file=out)
    for (_, layout), tally in report.sources.items():
        if layout == "all":
            for example in tally.examples[:show]:
                print(f"       twice: {example}", file=out)


def render_truth(report: Report, show: int, out) -> None:
    if report.truth is None:
        print("\n6. truth sets: none in this checkout (qa/truth, qa/truth_sets.py)", file=out)
        return
    print("\n6. against the hand-labelled truth sets (qa/truth): parties found, parties right on every field, "
          "ok notices fully right", file=out)
    print(f"     {'folder':<13} {'layout':<14} {'notices':>7} {'found':>13} {'all fields':>10} {'ok right':>13}",
          file=out)
    for (folder, layout), t in report.truth.items():
        print(f"     {folder:<13} {layout:<14} {t.notices:>7} {t.found:>4}/{t.expected:<4}{t.found_share:>5.0%} "
              f"{t.all_right_share:>10.1%} {t.ok_right:>3}/{t.ok_notices:<3}{t.ok_right_share:>6.1%}", file=out)
    overall = report.truth[("all", "all")]
    print("     field accuracy (of the parties found): " + ", ".join(
        f"{name} {overall.field_share(name):.1%}" for name in accuracy.FIELDS), file=out)
    print(f"     targets: found ≥ {accuracy.FOUND_TARGET:.0%}, all fields ≥ {accuracy.ALL_FIELDS_TARGET:.0%}, "
          f"ok notices right ≥ {accuracy.OK_RIGHT_TARGET:.0%}", file=out)
    for line in overall.wrong_examples[:show]:
        print(f"       {line[:160]}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qa.quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="the real samples directory")
    parser.add_argument("--show", type=int, default=5, help="examples per leftover pattern")
    parser.add_argument("--sampled", help="part 6 on one labelled draw only (a label's `sampled`, e.g. blind:seed2)")
    args = parser.parse_args(argv)
    if not (args.samples / REAL_ROWS).is_file():
        print(f"real rows not found: {args.samples / REAL_ROWS}", file=sys.stderr)
        return 2
    report = run(args.samples, sampled=args.sampled)
    render(report, args.show)
    render_truth(report, args.show, sys.stdout)
    return 0 if passed(report) else 1


if __name__ == "__main__":
    sys.exit(main())
