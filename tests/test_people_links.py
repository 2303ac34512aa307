"""Person linking on the truth set labelled by reading real rows (qa/truth/people_links.csv)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qa.people_links import Score, read_labels, score

# Measured on the set (python -m qa.people_links): 24 of 30 same-person pairs linked, 0 of 297
# different-people pairs merged. The six missed are moves the rules refuse to guess (another city of
# the same province, a county branch the place table does not know).
RECALL_FLOOR = 0.80


@pytest.fixture(scope="module")
def result(samples: Path) -> Score:
    return score(read_labels(), samples / "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv")


def test_no_false_merge_on_the_truth_set(result: Score) -> None:
    assert result.false_merges == []
    assert result.different_pairs >= 250


def test_recall_on_the_truth_set(result: Score) -> None:
    assert result.same_pairs >= 30
    assert result.recall >= RECALL_FLOOR
    assert result.unread == []


def test_labels_point_at_rows_that_name_the_person(samples: Path) -> None:
    labels = read_labels()
    assert len({label.name for label in labels}) >= 40
    with (samples / "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for label in labels:
        row = rows[label.row]
        assert label.name in row["当事人名称"] + row["行政处罚内容"], label
