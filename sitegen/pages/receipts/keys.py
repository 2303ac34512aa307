"""The permanent address of every statistic (a receipt), and which records each address covers.

Scheme (documented on /stats/ and in the README; permanent once published):

    stats/{period}/                       every record of the period
    stats/{yyyy}/decided/                 every record whose decision date is in yyyy
    stats/{period}/{dimension}/{slug}/    the records of one bank group, type, category, region or office
    …/records.csv.gz                      exactly those records (gzip-compressed CSV)
    …/page/{k}/                           archive pages of the records, where the receipt lists them itself

`period` is a year (yyyy, by publication date) or `all`; `dimension` is bank, type, violation, region,
regulator or ban (see dimensions()); `slug` is the slug of the item's own page (/banks/{slug}/ …), the
institution type's code (`unknown` when none), or for bans `lifetime` / `{n}-years`. The words
`decided`, `page`, `league` and `tables` are never dimensions (they sit where a dimension would).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from models.vocab.slugs import slugify
from sitegen.core.refs import SAFE_SLUG, Ref
from sitegen.core.summaries import Entry

ALL = "all"
UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str  # the path segment
    label: str  # what a table's column says
    noun: str  # how a sentence names it ("机构类型")
    values: Callable[[Entry], tuple[Ref, ...]]
    listing: str | None  # the family whose all-time pages list the same records (banks/, …), if any


_TYPE_REFS: dict[str, Ref] = {}


def type_ref(code: str | None, labels: dict[str, str]) -> Ref:
    """The Ref of an institution type code (one per code per build, so Refs group by identity)."""
    code = code or UNKNOWN_TYPE
    ref = _TYPE_REFS.get(code)
    label = labels.get(code, "未识别类型" if code == UNKNOWN_TYPE else code)
    if ref is None or ref.label != label:
        # A code the vocabulary does not list is stored data: it becomes a path only through a safe slug.
        slug = code if SAFE_SLUG.match(code) else slugify(code)
        if any(other.slug == slug and key != code for key, other in _TYPE_REFS.items()):
            slug = f"{slug[:100]}-{hashlib.blake2b(code.encode(), digest_size=4).hexdigest()}"
        ref = _TYPE_REFS[code] = Ref(code, label, slug)
    return ref


_BAN_REFS: dict[str, Ref] = {}


def ban_ref(entry: Entry) -> tuple[Ref, ...]:
    """Lifetime bans and N-year bans, each its own item (the people a year-end story counts)."""
    if entry.ban_lifetime:
        slug, label = "lifetime", "终身禁业"
    elif entry.ban_years:
        slug, label = f"{entry.ban_years}-years", f"禁业 {entry.ban_years} 年"
    else:
        return ()
    ref = _BAN_REFS.get(slug)
    if ref is None:
        ref = _BAN_REFS[slug] = Ref(slug, label, slug)
    return (ref,)


def _one(ref: Ref | None) -> tuple[Ref, ...]:
    return (ref,) if ref is not None else ()


def dimensions(type_labels: dict[str, str]) -> tuple[Dimension, ...]:
    return (
        Dimension("bank", "机构（集团）", "机构", lambda e: _one(e.group), "banks/"),
        Dimension("type", "机构类型", "机构类型", lambda e: (type_ref(e.institution_type, type_labels),), None),
        Dimension("violation", "违法类型", "违法类型", lambda e: e.categories, "violations/"),
        Dimension("region", "地区", "地区", lambda e: _one(e.region), "regions/"),
        Dimension("regulator", "监管机构", "监管机构", lambda e: _one(e.regulator), "regulators/"),
        Dimension("ban", "禁业", "禁业", ban_ref, None),
    )


def period_path(period: int | str) -> str:
    return f"stats/{period}/"


def receipt_path(period: int | str, dimension: str | None = None, slug: str | None = None) -> str:
    """stats/2025/, stats/2025/bank/abc/, stats/all/region/beijing/."""
    if dimension is None:
        return period_path(period)
    return f"stats/{period}/{dimension}/{slug}/"


def decided_path(year: int) -> str:
    return f"stats/{year}/decided/"


def csv_path(receipt: str) -> str:
    return receipt + "records.csv.gz"


def table_path(dimension: str, order: str = "tickets") -> str:
    """stats/tables/bank/ (sorted by tickets) and stats/tables/bank/by-fines/ (by 罚款合计)."""
    return f"stats/tables/{dimension}/" if order == "tickets" else f"stats/tables/{dimension}/by-{order}/"


def league_path(year: int) -> str:
    return f"stats/{year}/league/"


def review_path(year: int) -> str:
    return f"years/{year}/review/"
