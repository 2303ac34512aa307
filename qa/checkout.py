"""Where the tools find their inputs in a checkout: the real samples in ../shared beside it (read at
run time, never copied into the project) and the synthetic fixtures under tests/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"
SAMPLES = SHARED_SAMPLES / "nfra"
REAL_ROWS = "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"  # in SAMPLES
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
