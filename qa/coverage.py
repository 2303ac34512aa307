"""Coverage of the vocabularies on real NFRA rows: `python -m qa.coverage`.

Reads the 10,239 real 派出机构 rows (../shared/samples/nfra/parsed_records_item4293_….csv) and the
real docClob samples, enriches them exactly as a crawl does (scrapers/nfra/enrich.py), and prints:

- the share of institution parties whose group is in the curated tables (target ≥ 95%),
- the share of institution parties with an institution type other than `other` (≥ 95%),
- the share of parties decided by an office other than 总局 that have a province (≥ 99%),
- the share of parties with at least one category other than `other` (≥ 95%),

each with the 50 most frequent strings it failed on, so the data files can keep improving. Coverage
counts a wrong category as covered, so the report ends with the accuracy on the rows labelled by
reading (qa/rows.py: per-category precision and recall, exact category sets, bank group and type).
Rows whose 当事人名称 cell is not a party (a header, an office name from a vertical table read as a
horizontal one) are counted apart and left out of every share.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from models.record import NoticeMeta, ParsedNotice, Party
from models.vocab.groups import group_of
from models.vocab.offices import match_office
from models.vocab.taxonomy import OTHER
from qa import rows
from qa.checkout import REAL_ROWS, SAMPLES
from scrapers.nfra.parties import read_party_cell

TARGETS = {"group": 0.95, "type": 0.95, "province": 0.99, "category": 0.95}
TOP = 50


@dataclass
class Notice:
    """One notice rebuilt from sample rows, ready for enrich()."""

    meta: NoticeMeta
    parsed: ParsedNotice
    artefacts: int = 0  # rows whose party cell is not a party


@dataclass
class Share:
    hits: int = 0
    total: int = 0
    misses: Counter[str] = field(default_factory=Counter)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        if ok:
            self.hits += 1
        else:
            self.misses[miss or "(empty)"] += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Report:
    source: str
    notices: int = 0
    parties: int = 0
    institutions: int = 0
    individuals: int = 0
    artefacts: int = 0
    shares: dict[str, Share] = field(default_factory=lambda: {k: Share() for k in TARGETS})

    def meets_targets(self) -> bool:
        return all(self.shares[k].value >= t for k, t in TARGETS.items())


# --- reading the samples ---------------------------------------------------------------------------


def read_real_rows(path: Path) -> Iterator[Notice]:
    """The real CSV as notices: rows grouped by docId, in file order."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    by_doc: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_doc.setdefault(row.get("docId") or row.get("源链接") or "", []).append(row)
    for doc_id, doc_rows in by_doc.items():
        yield _notice(doc_id, doc_rows[0].get("文档标题") or "", doc_rows, facts_key="主要违法违规事实")


def read_text_outputs(path: Path) -> Iterator[Notice]:
    """The per-notice key/value records of text_output_records_….json (one party each)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    for title, text in data.items():
        row = dict(line.split("\t", 1) for line in text.splitlines() if "\t" in line)
        yield _notice(title, Path(title).stem, [row], facts_key="主要违法违规行为")


def read_merged_cells(path: Path) -> Iterator[Notice]:
    record = json.loads(path.read_text(encoding="utf-8"))
    rows = [record, *record.get("additional_records", [])]
    yield _notice(path.name, path.name, rows, facts_key="主要违法违规行为")


def read_docclobs(directory: Path) -> Iterator[Notice]:
    """The docClob samples through the project's parser (scrapers/nfra/parse.py)."""
    try:
        from scrapers.nfra.parse import parse_docclob
    except ImportError:  # the parser is another module's job; without it these samples are skipped
        return
    for path in sorted(directory.glob("docclob_*.html")):
        parsed = parse_docclob(path.read_text(encoding="utf-8"), title=path.stem)
        title = path.stem
        if "tianjin" in path.name:
            title = "天津银监局行政处罚信息公开表"
        elif "wuzhong" in path.name:
            title = "吴忠银监分局行政处罚信息公开表"
        yield Notice(NoticeMeta(doc_id=0, title=title, published_at=None), parsed)


def _notice(doc_id: str, title: str, rows: list[dict[str, str]], facts_key: str) -> Notice:
    parties, artefacts = [], 0
    for row in rows:
        cell = read_party_cell(row.get("当事人名称"))
        if cell.kind == "artefact":
            artefacts += 1
            continue
        parties.append(Party(
            seq=len(parties) + 1,
            party_name=cell.name,
            party_kind=cell.kind,
            party_role=cell.role,
            institution=cell.institution,
            facts=row.get(facts_key) or None,
            decision=row.get("行政处罚内容") or None,
            authority=row.get("作出决定机关") or None,
        ))
    number = int(doc_id) if doc_id.isdigit() else 0
    meta = NoticeMeta(doc_id=number, title=title, published_at=None)
    return Notice(meta, ParsedNotice(layout="horizontal", parse_status="ok", parties=parties), artefacts)


# --- measuring -------------------------------------------------------------------------------------


def measure(notices: Iterable[Notice], source: str) -> Report:
    from scrapers.nfra.enrich import enrich

    report = Report(source)
    for notice in notices:
        enrich(notice.parsed, notice.meta)
        report.notices += 1
        report.artefacts += notice.artefacts
        for party in notice.parsed.parties:
            _count(report, party, notice.meta)
    return report


def _count(report: Report, party: Party, meta: NoticeMeta) -> None:
    report.parties += 1
    shares = report.shares
    if party.party_kind == "institution":
        report.institutions += 1
        match = group_of(party.party_name)
        shares["group"].add(bool(match and match.curated), party.party_name or "")
        shares["type"].add(party.institution_type not in (None, OTHER), party.party_name or "")
    else:
        report.individuals += 1
    office = match_office(party.authority) or match_office(meta.issuer) or match_office(meta.title)
    if office is None or office.level != "headquarters":
        shares["province"].add(party.province is not None, f"{party.authority or '-'} | {meta.title}")
    shares["category"].add(any(c.code != OTHER for c in party.categories), party.facts or "")


def time_enrich(notices: list[Notice], rounds: int = 3) -> tuple[float, float]:
    """Milliseconds per notice of enrich(): (first pass with empty string caches, vocabularies already
    loaded; best later pass, every string cached). A crawl sits between the two: institutions and
    offices repeat across notices, facts rarely do."""
    from scrapers.nfra.enrich import enrich

    for cached in _string_caches():
        cached.cache_clear()
    passes = []
    for _ in range(rounds + 1):
        start = time.perf_counter()
        for notice in notices:
            enrich(notice.parsed, notice.meta)
        passes.append((time.perf_counter() - start) * 1000 / max(len(notices), 1))
    return passes[0], min(passes[1:])


def _string_caches() -> list:
    from models.vocab import groups, offices, regions, taxonomy

    return [groups.group_of, groups.institution_province, offices.match_office, regions.province_of,
            taxonomy._match]


# --- output ----------------------------------------------------------------------------------------

_LABELS = {
    "group": "institution parties mapped to a curated group",
    "type": "institution parties with a type other than `other`",
    "province": "parties of non-总局 decisions with a province",
    "category": "parties with a category other than `other`",
}


def render(report: Report, top: int = TOP) -> str:
    lines = [
        f"== {report.source}",
        f"notices {report.notices}, parties {report.parties} (institutions {report.institutions}, "
        f"individuals {report.individuals}), rows that are not parties {report.artefacts}",
    ]
    for key, target in TARGETS.items():
        share = report.shares[key]
        verdict = "ok" if share.value >= target else "BELOW TARGET"
        lines.append(f"{share.value:7.2%}  {_LABELS[key]}: {share.hits}/{share.total} "
                     f"(target {target:.0%}) {verdict}")
    for key in TARGETS:
        misses = report.shares[key].misses
        if misses:
            lines.append(f"-- {top} most frequent unmatched: {_LABELS[key]}")
            lines += [f"{count:5d}  {text[:160]}" for text, count in misses.most_common(top)]
    return "\n".join(lines)


def to_json(report: Report, top: int = TOP) -> dict:
    return {
        "source": report.source,
        "notices": report.notices,
        "parties": report.parties,
        "institutions": report.institutions,
        "individuals": report.individuals,
        "not_parties": report.artefacts,
        "shares": {
            key: {"value": round(s.value, 4), "hits": s.hits, "total": s.total, "target": TARGETS[key],
                  "unmatched": s.misses.most_common(top)}
            for key, s in report.shares.items()
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m qa.coverage",
        description="Coverage of the bank-group, office, region and violation vocabularies on the real "
                    "NFRA samples, with the most frequent strings each failed on, then their accuracy on the "
                    "rows labelled by reading (python -m qa.rows).")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="the real samples folder")
    parser.add_argument("--top", type=int, default=TOP, help="unmatched strings listed per figure")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument("--timing", action="store_true", help="also time enrich() per notice")
    args = parser.parse_args(argv)
    rows_csv = args.samples / REAL_ROWS
    if not rows_csv.is_file():
        print(f"real rows not found: {rows_csv}", file=sys.stderr)
        return 2
    real = list(read_real_rows(rows_csv))
    others = list(read_text_outputs(args.samples / "text_output_records_Yuhamixli_2025-06.json"))
    others += read_merged_cells(args.samples / "parsed_record_docId1212085_Yuhamixli_merged_cells_result.json")
    others += read_docclobs(args.samples)
    reports = [measure(real, f"real rows ({REAL_ROWS})"), measure(others, "docClob and record samples")]
    truth = rows.measure(rows.load_labels(), rows.read_real_rows(args.samples))
    if args.json:
        print(json.dumps({"coverage": [to_json(r, args.top) for r in reports], "truth_set": rows.to_json(truth)},
                         ensure_ascii=False, indent=1))
    else:
        print("\n\n".join([*(render(r, args.top) for r in reports), rows.render(truth, misses=False)]))
    if args.timing:
        cold, warm = time_enrich(real)
        parties = sum(len(n.parsed.parties) for n in real) / max(len(real), 1)
        print(f"\nenrich() on {len(real)} notices ({parties:.1f} parties per notice, one core): "
              f"{cold:.3f} ms per notice on the first pass (string caches empty), "
              f"{warm:.3f} ms warm (best of 3)")
    return 0 if reports[0].meets_targets() and truth.meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main())
