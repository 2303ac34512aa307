"""The decision date of a table cell: 2024年5月28日, 2024.5.28, 2024-05-28, 2024/5/28, 二〇二四年五月二十八日."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from scrapers.nfra.textnorm import ascii_digits, small_number

_CN = "〇零○OＯ一二三四五六七八九十"
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年|[.\-/．])\s*(?P<m>\d{1,2})\s*(?:月|[.\-/．])\s*(?P<d>\d{1,2})(?!\d)"
)
_CN_DATE = re.compile(rf"(?P<y>[{_CN}]{{4}})\s*年\s*(?P<m>[{_CN}]{{1,3}})\s*月\s*(?P<d>[{_CN}]{{1,3}})\s*日")
_CN_YEAR_DIGIT = str.maketrans("〇零○OＯ一二三四五六七八九", "00000123456789")


def _valid(year: int, month: int, day: int) -> date | None:
    if not 1990 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_date(text: str | None) -> date | None:
    """The first date written in text, or None (never raises)."""
    if not text:
        return None
    text = ascii_digits(text)
    match = _DATE.search(text)
    if match:
        return _valid(int(match["y"]), int(match["m"]), int(match["d"]))
    match = _CN_DATE.search(text)
    if match:
        year_text = match["y"].translate(_CN_YEAR_DIGIT)
        month, day = small_number(match["m"]), small_number(match["d"])
        if year_text.isdigit() and month and day:
            return _valid(int(year_text), month, day)
    return None
