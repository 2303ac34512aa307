"""The parser against the hand-labelled truth sets (qa/truth, labelled by reading; see qa/accuracy.py).

The targets are those of issue 11; the labelled notices were also the ones the rules were developed on,
so these figures flatter a held-out evaluation (qa/truth/README.md says how they were drawn).
"""

from __future__ import annotations

import pytest

from qa import accuracy
from scrapers.nfra.parse import parse_docclob

pytest.importorskip("qa.truth_sets", reason="the truth sets (qa/truth_sets.py, qa/truth/) come from branch paralabel")


@pytest.fixture(scope="module")
def tallies() -> dict[tuple[str, str], accuracy.Tally]:
    items = accuracy.truth_items()
    assert items, "qa/truth holds no labelled notice"
    return accuracy.measure(items)


def test_at_least_90_percent_of_the_labelled_parties_are_found(tallies) -> None:
    overall = tallies[("all", "all")]
    assert overall.expected > 200
    assert overall.found_share >= accuracy.FOUND_TARGET, overall.wrong_examples[:10]


def test_every_sanction_field_is_right_on_the_nfra_notices(tallies) -> None:
    nfra = tallies[("nfra-docclob", "all")]
    assert nfra.found == nfra.expected > 0
    for name in accuracy.SANCTION_FIELDS:
        assert nfra.field_share(name) >= 0.995, (name, nfra.wrong_examples)


def test_at_least_85_percent_of_parties_are_right_on_every_field(tallies) -> None:
    overall = tallies[("all", "all")]
    assert overall.all_right_share >= accuracy.ALL_FIELDS_TARGET, overall.wrong_examples[:10]


def test_at_least_90_percent_of_ok_notices_are_fully_right(tallies) -> None:
    overall = tallies[("all", "all")]
    assert overall.ok_right_share >= accuracy.OK_RIGHT_TARGET, overall.wrong_examples[:10]


def test_no_party_is_stored_twice_for_one_labelled_notice() -> None:
    # A label names each party once; a parser that multiplied a shared decision would repeat names.
    repeated = []
    for _folder, _layout, markup, title, label in accuracy.truth_items() or []:
        names = [p.party_name for p in parse_docclob(markup, title=title or None).parties]
        labelled = [p["party_name"] for p in label["parties"]]
        if len(names) - len(set(names)) > len(labelled) - len(set(labelled)):
            repeated.append(label.get("id") or label.get("file"))
    assert repeated == []
