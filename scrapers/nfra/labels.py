"""Which field a table label heads (行政处罚决定书文号 → decision_no), from the vocabulary data/labels.json."""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

from scrapers.nfra.textnorm import label_key

LABELS_PATH = Path(__file__).with_name("data") / "labels.json"

# Fields a notice's table is built from; the readers need at least a party or a decision label.
FIELDS = ("seq", "decision_no", "party", "person_name", "role", "legal_rep", "facts", "basis", "decision",
          "authority", "decided_on")


@cache
def _vocab() -> tuple[dict[str, str], tuple[tuple[str, str], ...], int, re.Pattern[str]]:
    data = json.loads(LABELS_PATH.read_text(encoding="utf-8"))
    contains = tuple((k, f) for k, f in data["contains"])
    # Most cells are values, not labels: one search rejects them before the ordered rules are tried.
    any_keyword = re.compile("|".join(re.escape(keyword) for keyword, _ in contains))
    return data["exact"], contains, int(data["max_label_length"]), any_keyword


@lru_cache(maxsize=8192)
def field_of(text: str) -> str | None:
    """The field a cell's text labels, or None if the text is not a label."""
    key = label_key(text).rstrip("：:")
    exact, contains, longest, any_keyword = _vocab()
    if not key or len(key) > longest:
        return None
    if key in exact:
        return exact[key]
    if not any_keyword.search(key):
        return None
    return next((field for keyword, field in contains if keyword in key), None)
