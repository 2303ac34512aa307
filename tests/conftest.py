"""Shared test fixtures: where the real NFRA samples are (../shared beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "nfra"
REAL_ROWS_CSV = SAMPLES / "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"


@pytest.fixture(scope="session")
def samples() -> Path:
    """The real NFRA samples; CI has ../shared beside the checkout, so their absence is an error."""
    assert SAMPLES.is_dir(), f"real NFRA samples not found at {SAMPLES}"
    return SAMPLES
