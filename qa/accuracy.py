"""The parser measured against the hand-labelled truth sets (qa/truth/, loaded by qa/truth_sets.py).

Each labelled notice is parsed as the product parses it (parse_docclob on its text) and compared party by
party: a labelled party is found when a parsed party has its name (whitespace aside); a found party is
right on a field when the values agree. Per notice: fully right when every labelled party is found and right
on every field and no other party was stored. Reported per source folder and layout: parties found, field
accuracy, parties right on every field, and the share of `ok` notices that are fully right.

Conventions of the comparison (the labels' README states the labelling rules):
- an institution's own `institution` column is not compared (the parser repeats the name there, the labels
  leave it empty); a person's is;
- amounts agree within one yuan (labels round 角/分 half-up);
- measures are compared as the multiset of (kind, years, months), without the parser's 'fine-part' entries,
  which record the parts of fine_yuan rather than a sanction of their own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from models.record import ParsedNotice, Party
from scrapers.nfra.parse import parse_docclob

FIELDS = ("party_kind", "party_role", "institution", "decision_no", "fine_yuan", "confiscated_yuan",
          "forfeiture_yuan", "warning", "ban_years", "ban_lifetime", "measures", "fine_note", "authority",
          "decided_on")
SANCTION_FIELDS = ("fine_yuan", "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years", "ban_lifetime",
                   "measures")
AMOUNTS = ("fine_yuan", "confiscated_yuan", "forfeiture_yuan")

# Targets of issue 11 (held-out real notices).
FOUND_TARGET = 0.90
ALL_FIELDS_TARGET = 0.85
OK_RIGHT_TARGET = 0.90


def _squash(name: str | None) -> str:
    return re.sub(r"\s+", "", name or "")


def _value(party: Party, name: str) -> Any:
    value = getattr(party, name)
    if name == "decided_on":
        return value.isoformat() if value else None
    if name == "measures":
        return Counter((m.kind, m.years, m.months) for m in value if m.kind != "fine-part")
    return value


def _expected(label: dict[str, Any], name: str) -> Any:
    value = label[name]
    if name == "measures":
        return Counter((m["kind"], m["years"], m["months"]) for m in value)
    return value


def agrees(name: str, got: Any, want: Any) -> bool:
    if name in AMOUNTS and got is not None and want is not None:
        return abs(got - want) <= 1
    return got == want


def wrong_fields(party: Party, label: dict[str, Any]) -> list[str]:
    wrong = []
    for name in FIELDS:
        if name == "institution" and label["party_kind"] == "institution":
            continue
        if not agrees(name, _value(party, name), _expected(label, name)):
            wrong.append(name)
    return wrong


@dataclass
class Tally:
    notices: int = 0
    expected: int = 0
    found: int = 0
    all_right: int = 0
    extra: int = 0  # parsed parties no label names
    field_right: Counter[str] = field(default_factory=Counter)
    ok_notices: int = 0
    ok_right: int = 0
    wrong_examples: list[str] = field(default_factory=list)

    def share(self, part: int, whole: int) -> float:
        return part / whole if whole else 0.0

    @property
    def found_share(self) -> float:
        return self.share(self.found, self.expected)

    @property
    def all_right_share(self) -> float:
        return self.share(self.all_right, self.expected)

    @property
    def ok_right_share(self) -> float:
        return self.share(self.ok_right, self.ok_notices)

    def field_share(self, name: str) -> float:
        return self.share(self.field_right[name], self.found)


def compare(parsed: ParsedNotice, label: dict[str, Any], tally: Tally, where: str) -> bool:
    """Add one notice to the tally; whether it was fully right."""
    by_name: dict[str, list[Party]] = defaultdict(list)
    for party in parsed.parties:
        by_name[_squash(party.party_name)].append(party)
    tally.notices += 1
    right = True
    matched = 0
    for expected in label["parties"]:
        tally.expected += 1
        candidates = by_name.get(_squash(expected["party_name"]))
        if not candidates:
            right = False
            tally.wrong_examples.append(f"{where}: {expected['party_name']} not found")
            continue
        party = candidates.pop(0)
        matched += 1
        tally.found += 1
        wrong = wrong_fields(party, expected)
        for name in FIELDS:
            tally.field_right[name] += name not in wrong
        if wrong:
            right = False
            tally.wrong_examples.append(
                f"{where}: {expected['party_name']} " + ", ".join(
                    f"{n} {_value(party, n)!r}≠{_expected(expected, n)!r}" for n in wrong)
            )
        else:
            tally.all_right += 1
    extra = len(parsed.parties) - matched
    if extra:
        right = False
        tally.extra += extra
        tally.wrong_examples.append(f"{where}: {extra} parties stored beyond the labelled ones")
    if parsed.parse_status == "ok":
        tally.ok_notices += 1
        tally.ok_right += right
    return right


def measure(items: Iterable[tuple[str, str, str, str, dict[str, Any]]]) -> dict[tuple[str, str], Tally]:
    """items: (folder, layout, markup, title, label). Tallies per (folder, layout) and per (folder, 'all')."""
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for folder, layout, markup, title, label in items:
        parsed = parse_docclob(markup, title=title or None)
        where = label.get("id") or label.get("file") or "?"
        for key in ((folder, layout), (folder, "all"), ("all", "all")):
            compare(parsed, label, tallies[key], where)
    return dict(sorted(tallies.items()))


def truth_items() -> list[tuple[str, str, str, str, dict[str, Any]]] | None:
    """Every labelled penalty notice with its text, or None when the truth sets are not in this checkout."""
    try:
        from qa import truth_sets
    except ImportError:
        return None
    items = []
    if truth_sets.CBRC_CIRC_LABELS.is_file():
        for item in truth_sets.resolve_cbrc_circ(truth_sets.load_labels(truth_sets.CBRC_CIRC_LABELS)):
            items.append(("cbrc-circ", item.label["layout"], item.markup, item.title, item.label))
    if truth_sets.NFRA_LABELS.is_file():
        for item in truth_sets.resolve_nfra(truth_sets.load_labels(truth_sets.NFRA_LABELS)):
            if item.label["layout"] != "non-penalty":
                items.append(("nfra-docclob", item.label["layout"], item.markup, item.title, item.label))
    return items or None
