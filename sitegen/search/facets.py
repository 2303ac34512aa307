"""Filters of the search page. Each filter value is one more term of the index ("k:fine", "p:浙江"),
so a filter is answered exactly like a word: one posting list from one shard.

Terms carry a ':' that no query word can contain, so they never collide with text terms.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (URL parameter, term prefix, label) of every filter that is a posting list. Years are not: records
# are numbered newest first, so a year is a contiguous range of records (meta.json "years").
FACETS: tuple[tuple[str, str, str], ...] = (
    ("group", "g:", "机构集团"),
    ("cat", "c:", "违法违规类型"),
    ("prov", "p:", "省份"),
    ("level", "l:", "监管层级"),
    ("kind", "k:", "处罚种类"),
    ("band", "b:", "罚款金额"),
    ("who", "w:", "当事人类型"),
    ("itype", "i:", "机构类型"),
    ("reg", "r:", "监管部门"),
)
PREFIX = {param: prefix for param, prefix, _ in FACETS}
PARAM_OF_PREFIX = {prefix: param for param, prefix, _ in FACETS}

SANCTION_KINDS: tuple[tuple[str, str], ...] = (
    ("fine", "罚款"),
    ("confiscation", "没收违法所得"),
    ("warning", "警告"),
    ("ban", "禁止从业（含终身）"),
    ("lifetime", "终身禁止从业"),
    ("disqualify", "取消任职资格"),
)

# Fine bands in yuan: [low, high). A record without a fine is in no band.
AMOUNT_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("lt10w", "10万元以下", 1, 100_000),
    ("10w-50w", "10万–50万元", 100_000, 500_000),
    ("50w-100w", "50万–100万元", 500_000, 1_000_000),
    ("100w-500w", "100万–500万元", 1_000_000, 5_000_000),
    ("500w-1000w", "500万–1000万元", 5_000_000, 10_000_000),
    ("ge1000w", "1000万元以上", 10_000_000, None),
)


_SPACE = re.compile(r"[\s\x00-\x1f\x7f]+")


@lru_cache(maxsize=1 << 16)  # a few thousand distinct values, each seen hundreds of times
def facet_value(value: object) -> str | None:
    """A stored value as a filter value: one line (shard dictionaries are newline-separated), valid
    UTF-8 (a lone surrogate becomes "?", as in every file written), None when empty."""
    if value is None:
        return None
    text = _SPACE.sub(" ", str(value)).strip()
    return text.encode("utf-8", "replace").decode("utf-8") or None


def amount_band(fine_yuan: int | None) -> str | None:
    if not fine_yuan or fine_yuan <= 0:
        return None
    for code, _label, low, high in AMOUNT_BANDS:
        if fine_yuan >= low and (high is None or fine_yuan < high):
            return code
    return None


def sanction_kinds(*, amount: int | None, confiscated: int | None, warning: bool, ban_years: int | None,
                   ban_lifetime: bool, measures: tuple[str, ...]) -> list[str]:
    """The "k:" filter values of a penalty; a fine is its ranked amount (a 罚没合计 includes a fine)."""
    kinds: list[str] = []
    if amount and amount > 0:
        kinds.append("fine")
    if confiscated and confiscated > 0:
        kinds.append("confiscation")
    if warning:
        kinds.append("warning")
    if ban_lifetime or (ban_years and ban_years > 0):
        kinds.append("ban")
    if ban_lifetime:
        kinds.append("lifetime")
    if "disqualify" in measures:
        kinds.append("disqualify")
    return kinds


def facet_terms(
    *,
    group: str | None = None,
    categories: tuple[str, ...] = (),
    province: str | None = None,
    level: str | None = None,
    kinds: list[str] | tuple[str, ...] = (),
    band: str | None = None,
    who: str | None = None,
    itype: str | None = None,
    regulator: str | None = None,
) -> list[str]:
    """The filter terms of one record (values already passed through facet_value)."""
    out = [f"c:{c}" for c in categories]
    out += [f"k:{k}" for k in kinds]
    if group:
        out.append("g:" + group)
    if province:
        out.append("p:" + province)
    if level:
        out.append("l:" + level)
    if band:
        out.append("b:" + band)
    if who:
        out.append("w:" + who)
    if itype:
        out.append("i:" + itype)
    if regulator:
        out.append("r:" + regulator)
    return out


def split_facet_term(term: str) -> tuple[str, str] | None:
    """('prov', '浙江') for 'p:浙江'; None for a text term."""
    if len(term) > 2 and term[1] == ":":
        param = PARAM_OF_PREFIX.get(term[:2])
        if param:
            return param, term[2:]
    return None
