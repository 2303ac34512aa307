"""The real-data quality report (python -m qa.quality) stays at or above its targets."""

from __future__ import annotations

import io

import pytest

from qa import accuracy, quality
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def report() -> quality.Report:
    assert (SAMPLES / quality.REAL_ROWS).is_file(), f"real rows not found in {SAMPLES}"
    return quality.run(SAMPLES)


def test_fine_amounts_and_samples_meet_the_targets(report: quality.Report) -> None:
    assert report.rows == 10_239
    assert report.fine_rows > 7_000  # every decision ordering a 罚款 was counted
    assert report.fine_share >= quality.FINE_TARGET, [row.decision for row in report.fine_leftovers[:5]]
    assert report.sample_share == quality.SAMPLE_TARGET, report.sample_lines
    assert quality.passed(report)


def test_multi_party_rows_stay_consistent(report: quality.Report) -> None:
    assert report.multi_rows > 1_000
    assert report.multi_share >= 0.99, {reason: len(rows) for reason, rows in report.multi_failures.items()}


def test_report_prints_its_figures(report: quality.Report) -> None:
    out = io.StringIO()
    quality.render(report, out=out)
    text = out.getvalue()
    assert "1. 罚款 amounts read" in text and "3. docClob samples" in text
    assert "PASS" in text and "FAIL" not in text


def test_no_party_is_stored_twice_for_one_decision(report: quality.Report) -> None:
    # Issue 11's target, on every real source folder (qa/repeats.py says what one decision is).
    assert {key: tally.examples for key, tally in report.sources.items() if tally.repeats} == {}
    assert report.sources[("nfra-rows", "all")].notices > 3_000


def test_part_6_can_be_restricted_to_one_labelled_draw() -> None:
    items = accuracy.truth_items() or []
    blind = quality.only_sampled(items, "blind:seed2")
    assert len(blind) == 40
    assert {item[4]["sampled"] for item in blind} == {"blind:seed2"}
    assert {item[0] for item in blind} == {"cbrc-circ"}
    assert quality.only_sampled(items, None) == items
    assert quality.only_sampled(items, "blind:seed999") == []
