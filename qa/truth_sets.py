"""Truth sets: penalty rows labelled by reading real notices, resolved against the texts in ../shared.

The label files (qa/truth/*.jsonl, described in qa/truth/README.md) hold keys and expected `penalty`
rows, never the notice texts. This module loads them, finds the text each label points at in
../shared/samples, and reports labels whose key no longer leads to a text naming their parties, so the
labels cannot drift silently when the shared samples are re-cut.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from qa.checkout import SAMPLES, SHARED_SAMPLES

ROOT = Path(__file__).resolve().parents[1]
TRUTH_DIR = ROOT / "qa" / "truth"
CBRC_CIRC_LABELS = TRUTH_DIR / "cbrc_circ_notices.jsonl"
NFRA_LABELS = TRUTH_DIR / "nfra_docclob_notices.jsonl"
CBRC_CIRC_NOTICES = SHARED_SAMPLES / "cbrc-circ" / "notices.jsonl"
NFRA_SAMPLES = SAMPLES

# The fields of one labelled party: the `penalty` columns a parser must fill, plus `seq`.
PARTY_FIELDS = (
    "seq", "party_name", "party_kind", "party_role", "institution", "decision_no", "fine_yuan",
    "confiscated_yuan", "forfeiture_yuan", "warning", "ban_years", "ban_lifetime", "measures",
    "fine_note", "authority", "decided_on",
)
AMOUNT_FIELDS = ("fine_yuan", "confiscated_yuan", "forfeiture_yuan")
PARTY_KINDS = {"institution", "individual"}
FINE_NOTES = {None, "joint", "each"}
MEASURE_KINDS = {"disqualify", "suspend-business", "revoke-license", "rectify", "other"}  # models.record.Measure


class LabelDrift(LookupError):
    """A label's key no longer leads to a shared record."""


@dataclass(frozen=True)
class Resolved:
    """A label with the text it points at."""

    label: dict[str, Any]
    markup: str  # the notice as stored in ../shared (HTML or plain text)
    title: str  # the page title beside it ('' when the sample has none)
    where: str  # the key in words, for messages
    moved: bool = False  # found by its stable key, but no longer at the labelled line


def load_labels(path: Path) -> list[dict[str, Any]]:
    """The labels of one truth file, in file order."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def visible_text(markup: str) -> str:
    """The readable characters of a notice: no comments, styles, tags, entities or whitespace.

    Whitespace goes too, because the crawler and Word break names across lines and spans
    (「浦发银行股份有限公司<br>廊坊分行」), while a label holds the joined name.
    """
    text = re.sub(r"(?is)<style.*?</style>|<!--.*?-->", "", markup)
    text = html.unescape(re.sub(r"<[^>]*>", "", text))
    return re.sub(r"\s+", "", text)


def resolve_cbrc_circ(labels: list[dict[str, Any]], notices_path: Path = CBRC_CIRC_NOTICES) -> list[Resolved]:
    """Each CBRC/CIRC label with its record, found by `id` (then `source_url`); `line` is checked, not trusted."""
    with notices_path.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    numbered = list(enumerate(records, 1))
    by_id = {record["id"]: (number, record) for number, record in numbered}
    by_url = {record["source_url"]: (number, record) for number, record in numbered if record["source_url"]}
    resolved = []
    for label in labels:
        found = by_id.get(label["id"]) or (by_url.get(label["source_url"]) if label["source_url"] else None)
        if found is None:
            raise LabelDrift(f"{label['id']} (line {label['line']}) is not in {notices_path}")
        number, record = found
        if label["source_url"] and record["source_url"] != label["source_url"]:
            raise LabelDrift(f"{label['id']}: source_url {record['source_url']!r} != labelled {label['source_url']!r}")
        resolved.append(Resolved(label, record["html"], record["page_title"] or "",
                                 f"notices.jsonl line {number} ({record['id']})", moved=number != label["line"]))
    return resolved


def resolve_nfra(labels: list[dict[str, Any]], directory: Path = NFRA_SAMPLES) -> list[Resolved]:
    """Each NFRA label with its docClob: the file itself, or the JSON member named by `json_path`."""
    resolved = []
    for label in labels:
        path = directory / label["file"]
        if not path.is_file():
            raise LabelDrift(f"{label['file']} is not in {directory}")
        if label["json_path"]:
            value: Any = json.loads(path.read_text(encoding="utf-8"))
            for key in label["json_path"].split("."):
                value = value[key]
            markup = value
        else:
            markup = path.read_text(encoding="utf-8")
        resolved.append(Resolved(label, markup, "", label["file"]))
    return resolved


def missing_party_names(item: Resolved) -> list[str]:
    """The labelled party names that the pointed-at text (or its title) does not contain."""
    haystack = visible_text(item.markup) + visible_text(item.title)
    return [party["party_name"] for party in item.label["parties"]
            if re.sub(r"\s+", "", party["party_name"]) not in haystack]


def schema_problems(label: dict[str, Any]) -> list[str]:
    """What is malformed in one label (wrong field set, types, kinds, dates, counts)."""
    problems = []
    parties = label["parties"]
    if label["n_parties"] != len(parties):
        problems.append(f"n_parties {label['n_parties']} but {len(parties)} parties")
    for index, party in enumerate(parties, 1):
        name = party.get("party_name")
        if tuple(party) != PARTY_FIELDS:
            problems.append(f"{name}: fields {tuple(party)}")
            continue
        if party["seq"] != index:
            problems.append(f"{name}: seq {party['seq']} at position {index}")
        if not name or party["party_kind"] not in PARTY_KINDS:
            problems.append(f"{name}: party_kind {party['party_kind']!r}")
        if party["party_kind"] == "institution" and (party["party_role"] or party["institution"]):
            problems.append(f"{name}: an institution has no role or institution of its own")
        for field in AMOUNT_FIELDS:
            value = party[field]
            if value is not None and (type(value) is not int or value <= 0):
                problems.append(f"{name}: {field} {value!r}")
        if party["ban_years"] is not None and (type(party["ban_years"]) is not int or party["ban_lifetime"]):
            problems.append(f"{name}: ban_years {party['ban_years']!r} with ban_lifetime {party['ban_lifetime']}")
        if party["fine_note"] not in FINE_NOTES or (party["fine_note"] and party["fine_yuan"] is None):
            problems.append(f"{name}: fine_note {party['fine_note']!r}")
        if party["decided_on"] is not None:
            try:
                date.fromisoformat(party["decided_on"])
            except ValueError:
                problems.append(f"{name}: decided_on {party['decided_on']!r}")
        for measure in party["measures"]:
            if set(measure) != {"kind", "text", "years", "months"} or measure["kind"] not in MEASURE_KINDS:
                problems.append(f"{name}: measure {measure}")
    return problems
