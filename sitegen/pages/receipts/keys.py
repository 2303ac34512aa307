"""Which records each statistic (a receipt) covers. Its permanent address is made by sitegen/core/urls.py
(receipt_path and the rest of the statistics scheme, documented there).

A receipt's `dimension` is bank, type, violation, region, regulator, ban, source or kind (see
dimensions()); its `slug` is the slug of the item's own page (/banks/{slug}/ …), the institution type's
code (`unknown` when none), for bans `any` / `lifetime` / `{n}-years`, for a source the regulator's code
(`nfra`, `pboc`), for kind `individual`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from models.vocab.slugs import slugify
from sitegen.core import urls
from sitegen.core.refs import SAFE_SLUG, Ref
from sitegen.core.summaries import Entry

ALL = urls.ALL_PERIODS
UNKNOWN_TYPE = "unknown"


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str  # the path segment
    label: str  # what a table's column says
    noun: str  # how a sentence names it ("机构类型")
    values: Callable[[Entry], tuple[Ref, ...]]
    # The listing that holds an item's records, all of them and oldest first (/banks/{slug}/ …): its
    # receipts link to its pages. None: the item's all-time receipt lists its records itself.
    listing: Callable[[Ref], str | None]
    # Whether a period's receipt of an item lists records that are spread over the period's listing
    # (/years/{yyyy}/) rather than one run of a listing of its own: a regulator's share of a year.
    spread: bool = False


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
ANY_BAN = "any"


def _ban(slug: str, label: str) -> Ref:
    ref = _BAN_REFS.get(slug)
    if ref is None:
        ref = _BAN_REFS[slug] = Ref(slug, label, slug)
    return ref


def ban_ref(entry: Entry) -> tuple[Ref, ...]:
    """Every ban (the 禁业 count of /people/), and lifetime bans and N-year bans each as their own item
    (the people a year-end story counts). A ban is a person's (禁止从事…工作): counted on individuals only,
    as /people/bans/ lists them."""
    if not entry.individual:
        return ()
    if entry.ban_lifetime:
        return (_ban(ANY_BAN, "禁业（含终身）"), _ban("lifetime", "终身禁业"))
    if entry.ban_years:
        return (_ban(ANY_BAN, "禁业（含终身）"), _ban(f"{entry.ban_years}-years", f"禁业 {entry.ban_years} 年"))
    return ()


# The listings of /people/ that hold exactly the records of a ban item (sitegen/pages/people.py).
BAN_LISTINGS = {ANY_BAN: urls.PEOPLE_BANS, "lifetime": urls.PEOPLE_LIFETIME}


_SOURCE_REFS: dict[tuple[str, str], Ref] = {}


def source_ref(code: str, labels: dict[str, str]) -> Ref:
    """The Ref of a regulator (notice.regulator: nfra, pboc): one per code per build."""
    label = labels.get(code, code)
    ref = _SOURCE_REFS.get((code, label))
    if ref is None:
        slug = code if SAFE_SLUG.match(code) else slugify(code)
        ref = _SOURCE_REFS[(code, label)] = Ref(code, label, slug)
    return ref


INDIVIDUAL = Ref("individual", "个人", "individual")


def _one(ref: Ref | None) -> tuple[Ref, ...]:
    return (ref,) if ref is not None else ()


def _family(family: str) -> Callable[[Ref], str]:
    return lambda ref: f"{family}{ref.slug}/"


def dimensions(type_labels: dict[str, str], source_labels: dict[str, str]) -> tuple[Dimension, ...]:
    """Every dimension, in the order a two-item receipt names them (stats/2025/bank/…/source/pboc/)."""
    return (
        Dimension("bank", "机构（集团）", "机构", lambda e: _one(e.group), _family(urls.BANKS)),
        Dimension("type", "机构类型", "机构类型", lambda e: (type_ref(e.institution_type, type_labels),),
                  lambda _ref: None),
        Dimension("violation", "违法类型", "违法类型", lambda e: e.categories, _family(urls.VIOLATIONS)),
        Dimension("region", "地区", "地区", lambda e: _one(e.region), _family(urls.REGIONS)),
        Dimension("regulator", "监管机构", "监管机构", lambda e: _one(e.regulator), _family(urls.REGULATORS)),
        Dimension("ban", "禁业", "禁业", ban_ref, lambda ref: BAN_LISTINGS.get(ref.slug)),
        Dimension("source", "监管部门", "监管部门", lambda e: (source_ref(e.source, source_labels),),
                  lambda _ref: None, spread=True),
        Dimension("kind", "当事人类型", "当事人类型", lambda e: (INDIVIDUAL,) if e.individual else (),
                  lambda _ref: urls.PEOPLE),
    )


# Rows of an item's all-time receipt that are no dimension of their own (no receipts per year, no tables):
# a group's institutions by the name the notices give them (stats/all/bank/{slug}/#branch-…), and the
# individuals' tickets with a warning or a fine (stats/all/kind/individual/#sanction-warning).
BRANCH = Dimension("branch", "分支机构", "分支机构", lambda e: (), lambda _ref: None)
SANCTION = Dimension("sanction", "处罚种类", "处罚种类", lambda e: (), lambda _ref: None)
SANCTIONS: dict[str, tuple[str, Callable[[Entry], bool]]] = {
    "warning": ("警告", lambda e: e.warning),
    "fine": ("罚款", lambda e: bool(e.fine)),  # as /people/ counts them: a fine stated, joint or not
}
# The column of the individuals' CSV (stats/all/kind/individual/records.csv.gz) the sanction rows filter on:
# it holds 警告, 罚款 or both (joined by ；), so the rows need not list their records (at 100,000 notices
# 7.4 MB of links on one page).
SANCTION_COLUMN = "处罚种类（警告、罚款）"


def sanction_labels(e: Entry) -> str:
    return "；".join(label for label, test in SANCTIONS.values() if test(e))

DIMENSION_ORDER = ("bank", "type", "violation", "region", "regulator", "ban", "source", "kind")


def cross_path(period: int | str, one: tuple[str, str], other: tuple[str, str]) -> str:
    """The receipt of two items ((dimension, slug) each), whatever the order they are given in, the
    dimensions in the order of dimensions(): stats/2025/bank/abc/source/pboc/ (spelled by urls.cross_path)."""
    first, second = sorted((one, other), key=lambda ds: DIMENSION_ORDER.index(ds[0]))
    return urls.cross_path(period, first, second)
