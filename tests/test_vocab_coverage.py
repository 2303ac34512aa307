"""The coverage report of issue 4 on the 10,239 real rows stays at or above its targets."""

from __future__ import annotations

from qa.coverage import REAL_ROWS, TARGETS, measure, read_docclobs, read_real_rows, render


def test_real_rows_meet_the_targets(samples) -> None:
    report = measure(read_real_rows(samples / REAL_ROWS), "real rows")
    assert report.notices > 3000 and report.institutions > 4000 and report.individuals > 5000
    assert report.artefacts < 600  # header and office cells of vertical tables read as rows
    figures = {key: share.value for key, share in report.shares.items()}
    assert all(figures[key] >= target for key, target in TARGETS.items()), figures
    text = render(report, top=5)
    assert "institution parties mapped to a curated group" in text and "BELOW TARGET" not in text


def test_docclob_samples_are_covered(samples) -> None:
    report = measure(read_docclobs(samples), "docClob samples")
    assert report.parties >= 15
    assert report.shares["category"].value == 1.0
    assert report.shares["province"].value == 1.0
    assert report.shares["group"].value == 1.0
