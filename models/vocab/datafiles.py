"""Reading the vocabulary data files (models/data/): CSV with '#' comment lines, TOML, '|' lists."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "data"


class VocabularyError(ValueError):
    """A data file is malformed: raised at load time with the file and line, never while matching."""


def read_csv(relpath: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a CSV file as dicts of stripped strings; lines starting with '#' are comments."""
    path = DATA_DIR / relpath
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.lstrip().startswith("#")]
    reader = csv.DictReader(lines)
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise VocabularyError(f"{relpath}: missing columns {missing}")
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise VocabularyError(f"{relpath}: row {number} has more cells than the header")
        clean = {k: (v or "").strip() for k, v in row.items()}
        for column in required:
            if not clean[column]:
                raise VocabularyError(f"{relpath}: row {number} has an empty {column!r}")
        rows.append(clean)
    return rows


def read_toml(relpath: str) -> dict[str, Any]:
    with (DATA_DIR / relpath).open("rb") as f:
        return tomllib.load(f)


def split_list(cell: str) -> list[str]:
    """'a|b| c' -> ['a', 'b', 'c']; empty items dropped."""
    return [item.strip() for item in cell.split("|") if item.strip()]
