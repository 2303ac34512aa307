"""Person linking measured on a truth set: `python -m qa.people_links`.

qa/truth/people_links.csv labels, by reading, which appearances of a recurring name in the real 派出机构
rows (../shared/samples/nfra/parsed_records_item4293_….csv, row = 0-based data row) are one person. This
reads every row the way the product does (scrapers.nfra.assemble.split_parties, then enrich), makes one
appearance per (notice, name), links them with sitegen.core.register.people.link and prints, over every pair of
labelled rows of one name: false merges (linked, labelled different people: the error that matters) and
recall (linked among the pairs labelled the same person).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from pathlib import Path

from models.record import NoticeMeta, ParsedNotice
from qa.checkout import SAMPLES
from scrapers.nfra.assemble import split_parties
from scrapers.nfra.enrich import enrich
from sitegen.core.register.people import Appearance, link
from sitegen.core.register.tree import build_tree

REAL_ROWS = "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"
TRUTH = Path(__file__).resolve().parent / "truth" / "people_links.csv"


@dataclass(frozen=True)
class Label:
    name: str
    row: int
    person: str


@dataclass
class Score:
    groups: int = 0
    same_pairs: int = 0
    linked_same: int = 0
    different_pairs: int = 0
    false_merges: list[tuple[Label, Label, str, str]] = field(default_factory=list)
    missed: list[tuple[Label, Label]] = field(default_factory=list)
    unread: list[Label] = field(default_factory=list)  # the parser found no such person in the row's notice

    @property
    def recall(self) -> float:
        return self.linked_same / self.same_pairs if self.same_pairs else 1.0


def read_labels(path: Path = TRUTH) -> list[Label]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [Label(r["name"], int(r["row"]), r["person"]) for r in csv.DictReader(handle)]


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def appearances(path: Path) -> tuple[dict[tuple[int, str], Appearance], list[str]]:
    """One appearance per (doc_id, name) of every person in the rows, and the rows' doc ids. A name is
    anchored at the first row whose 当事人 cell lists it (rows of one notice often repeat one decision)."""
    found: dict[tuple[int, str], tuple[bool, Appearance]] = {}
    doc_of_row: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.DictReader(handle)):
            doc_of_row.append(row["docId"])
            doc_id = int(row["docId"])
            parties = split_parties(row["当事人名称"], row["行政处罚内容"])
            for party in parties:
                party.facts, party.authority = row["主要违法违规事实"], row["作出决定机关"]
            enrich(ParsedNotice(parties=parties), NoticeMeta(doc_id, row["文档标题"], None, row["作出决定机关"]))
            for party in parties:
                if party.party_kind != "individual" or not party.party_name:
                    continue
                listed = party.party_name in row["当事人名称"]
                key = (doc_id, party.party_name)
                if key in found and (found[key][0] or not listed):
                    continue
                found[key] = (listed, Appearance(
                    doc_id, index, party.party_name, party.party_role, party.institution, party.bank_group,
                    _day(row["作出处罚决定的日期"]), _day(row["发布日期"]),
                    tuple(c.code for c in party.categories), party.ban_years, party.ban_lifetime,
                ))
    return {key: appearance for key, (_, appearance) in found.items()}, doc_of_row


def score(labels: list[Label], rows: Path) -> Score:
    found, doc_of_row = appearances(rows)
    apps = list(found.values())
    tree = build_tree(a.institution for a in apps)
    cluster_of = {}
    for person in link(apps, tree):
        for appearance in person.appearances:
            cluster_of[(appearance.doc_id, appearance.name)] = person.slug
    result = Score()
    by_name: dict[str, list[Label]] = defaultdict(list)
    for label in labels:
        by_name[label.name].append(label)
    result.groups = len(by_name)
    for group in by_name.values():
        known = []
        for label in group:
            slug = cluster_of.get((int(doc_of_row[label.row]), label.name))
            if slug is None:
                result.unread.append(label)
            else:
                known.append((label, slug))
        for (a, slug_a), (b, slug_b) in combinations(known, 2):
            if doc_of_row[a.row] == doc_of_row[b.row]:
                continue  # one appearance
            if a.person == b.person:
                result.same_pairs += 1
                if slug_a == slug_b:
                    result.linked_same += 1
                else:
                    result.missed.append((a, b))
            else:
                result.different_pairs += 1
                if slug_a == slug_b:
                    result.false_merges.append((a, b, slug_a, slug_b))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=Path, default=SAMPLES / REAL_ROWS, help="the real rows (CSV)")
    parser.add_argument("--truth", type=Path, default=TRUTH, help="the labels (CSV: name,row,person,reading)")
    parser.add_argument("--missed", action="store_true", help="list the missed same-person pairs")
    args = parser.parse_args(argv)
    result = score(read_labels(args.truth), args.rows)
    print(f"name groups labelled: {result.groups}")
    print(f"pairs labelled different people: {result.different_pairs}; false merges: {len(result.false_merges)}")
    print(f"pairs labelled one person: {result.same_pairs}; linked: {result.linked_same}; "
          f"recall {result.recall:.1%}")
    for a, b, _, _ in result.false_merges:
        print(f"  FALSE MERGE {a.name}: rows {a.row} ({a.person}) and {b.row} ({b.person})")
    if result.unread:
        print("labelled rows whose person the parser did not read: "
              + ", ".join(f"{u.name}@{u.row}" for u in result.unread))
    if args.missed:
        for a, b in result.missed:
            print(f"  missed {a.name}: rows {a.row} and {b.row}")
    return 1 if result.false_merges else 0


if __name__ == "__main__":
    sys.exit(main())
