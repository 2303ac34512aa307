"""Reading the penalty.measures column (a JSON list the parser writes) for pages, search and downloads."""

from __future__ import annotations

import json
from typing import Any


def measure_kinds(measures: list[dict[str, Any]]) -> tuple[str, ...]:
    """The distinct kinds of parsed measures (parse_measures), in order ('disqualify', 'rectify', …)."""
    return tuple(dict.fromkeys(m["kind"] for m in measures))


def worded_measures(measures: list[dict[str, Any]]) -> str:
    """The measures as the notice words them, "；"-separated (the text, or the kind where none was kept)."""
    return "；".join(m["text"] or m["kind"] for m in measures)


def parse_measures(text: str | None) -> list[dict[str, Any]]:
    """penalty.measures (a JSON list of {kind, text, years, months}); anything malformed is skipped."""
    if not text:
        return []
    try:
        data = json.loads(text)
    except ValueError:
        return []
    if not isinstance(data, list):
        return []
    measures = []
    for item in data:
        if isinstance(item, dict) and isinstance(item.get("text") or item.get("kind"), str):
            measures.append({
                "kind": str(item.get("kind") or "other"),
                "text": str(item.get("text") or ""),
                "years": item.get("years") if isinstance(item.get("years"), int) else None,
                "months": item.get("months") if isinstance(item.get("months"), int) else None,
            })
    return measures
