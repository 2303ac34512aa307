"""Where the tools find their inputs in a checkout: the real samples in ../shared beside it (read at
run time, never copied into the project) and the synthetic fixtures under tests/."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "nfra"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"
