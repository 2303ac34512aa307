"""How values read on a page: amounts in 万元/亿元, dates, safe outside links, XML-safe text."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from markupsafe import Markup


@lru_cache(maxsize=None, typed=True)  # typed: money(1.0) stays 1.0元, not money(1)'s 1元
def money(yuan: int | None) -> str:
    """Amounts as a Chinese reader says them: 5,000元, 50万元, 1.2345万元, 3.25亿元. Each amount is worded
    once per process: the statistics pages print about 130,000 at 10,000 notices, mostly the same few
    thousand amounts again."""
    if yuan is None:
        return "—"
    if abs(yuan) >= 100_000_000:
        return _trim(f"{yuan / 100_000_000:.2f}") + "亿元"
    if abs(yuan) >= 10_000:
        return _trim(f"{yuan / 10_000:.4f}") + "万元"
    return f"{yuan:,}元"


def _trim(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def yuan(value: int | None) -> str:
    return "—" if value is None else f"{value:,} 元"


def num(value: int | None) -> str:
    return "0" if not value else f"{value:,}"


def ymd(value: date | datetime | None) -> str:
    if value is None:
        return "日期不详"
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def ext_url(value: str | None) -> str | None:
    """An outside link only if it is plain http(s): a stored `javascript:` URL must never become a link."""
    if value and value.strip().lower().startswith(("https://", "http://")):
        return value.strip()
    return None


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: Any) -> Any:
    """Drop the characters XML 1.0 forbids (Word exports carry \\x0b and friends) so a feed always parses."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return Markup(_XML_INVALID.sub("", value))
    return _XML_INVALID.sub("", str(value))


def atom_time(value: date | datetime | None) -> str:
    """RFC 3339 in Beijing time; NFRA publishes dates in China Standard Time."""
    if value is None:
        return "1970-01-01T00:00:00Z"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S+08:00")
    return value.strftime("%Y-%m-%dT00:00:00+08:00")


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return "日期不详"
    return f"{value.year}年{value.month}月{value.day}日"
