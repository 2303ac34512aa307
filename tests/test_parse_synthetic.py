"""parse_docclob against the ground truth of the synthetic corpus (tests/fixtures/synthetic, written by
`python -m localnfra fixtures`): every layout variant, kind of Word noise, amount and sanction form."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.record import Party
from scrapers.nfra.parse import parse_docclob

FIXTURES = Path(__file__).parent / "fixtures" / "synthetic"
EXPECTED = sorted(FIXTURES.glob("detail_*.expected.json"))
FIELDS = ("party_name", "party_kind", "party_role", "institution", "decision_no", "facts", "basis", "decision",
          "authority", "decided_on", "fine_yuan", "confiscated_yuan", "forfeiture_yuan", "fine_note", "warning",
          "ban_years", "ban_lifetime", "measures")


def as_expected(party: Party) -> dict:
    values = {field: getattr(party, field) for field in FIELDS}
    values["decided_on"] = party.decided_on.isoformat() if party.decided_on else None
    values["measures"] = [
        {"kind": m.kind, "text": m.text, "years": m.years, "months": m.months} for m in party.measures
    ]
    return values


def test_the_fixtures_exist() -> None:
    assert len(EXPECTED) >= 10, f"no synthetic fixtures in {FIXTURES} (python -m localnfra fixtures)"


@pytest.mark.parametrize("truth", EXPECTED, ids=lambda path: path.name.split(".")[0])
def test_parse_matches_ground_truth(truth: Path) -> None:
    expected = json.loads(truth.read_text(encoding="utf-8"))
    detail = json.loads(truth.with_name(truth.name.replace(".expected", "")).read_text(encoding="utf-8"))
    parsed = parse_docclob(detail["data"]["docClob"], title=expected["notice"]["title"])
    assert (parsed.layout, parsed.parse_status) == (expected["layout"], "ok"), parsed.parse_error
    assert [as_expected(p) for p in parsed.parties] == [{f: p[f] for f in FIELDS} for p in expected["parties"]]
    assert [p.seq for p in parsed.parties] == [p["seq"] for p in expected["parties"]]
