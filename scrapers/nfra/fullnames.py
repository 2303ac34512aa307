"""The full legal name a notice prints for the institution a person's role abbreviates.

A role often names its institution by a short form (李玉海作为安诚产险重庆分公司副总经理, 时任国寿财险大理中支总经理)
while the facts print the institution's legal name, often as the head of a longer one (安诚财产保险股份有限公司重庆
分公司黔江中心支公司, cc-0162; 中国人寿财产保险股份有限公司大理中心支公司, cc-0041), with no 以下简称 tying the two.
The two are one institution when they belong to the same group (models.vocab.groups) and name the same unit after
the group's name (重庆分公司, 大理中心支公司 = 大理中支), or that unit under the branch above it
(重庆分公司黔江中心支公司 for 安诚产险黔江中支): the full name is then stored as printed, up to that unit.
"""

from __future__ import annotations

import re

from models.vocab.groups import clean_institution, match_prefix

# Where a unit of an institution ends in a text (the longest first: 中心支公司 before 支公司).
_UNIT_END = re.compile(r"中心支公司|分公司|支公司|分行|支行|营业部")
# A company's legal form: what a full legal name holds and a short form does not.
_LEGAL_FORM = ("股份有限公司", "有限责任公司", "有限公司")
# Short ends of a unit and their full form.
_SHORT_UNITS = (("中支", "中心支公司"),)
# Far above the longest legal name with a branch and a unit (中国人寿财产保险股份有限公司大理中心支公司: 21).
_LONGEST = 50


def _group_and_unit(name: str) -> tuple[str, str] | None:
    """(group, the unit after the group's name and legal form) of a name that starts with a group's spelling:
    安诚产险重庆分公司 → (安诚财产保险, 重庆分公司); 国寿财险大理中支 → (中国人寿财产保险, 大理中心支公司)."""
    found = match_prefix(name)
    if found is None:
        return None
    group, length = found
    unit = name[length:]
    for form in _LEGAL_FORM:
        if unit.startswith(form):
            unit = unit[len(form):]
            break
    for short, full in _SHORT_UNITS:
        if unit.endswith(short):
            unit = unit[: -len(short)] + full
    return (group.name, unit) if unit else None


# The branch a full name prints above the unit a short form names (重庆分公司 of 安诚产险黔江中支).
_BRANCH_ABOVE = re.compile(r"(?:分公司|分行)$")


def _same_unit(full: tuple[str, str] | None, short: tuple[str, str]) -> bool:
    """Whether a full name is of the group and unit of a short form: the same unit, or that unit under the
    branch above it (重庆分公司黔江中心支公司 for 黔江中支), the unit with its place (黔江, not 中心支公司 alone)."""
    if full is None or full[0] != short[0]:
        return False
    (_, unit), (_, wanted) = full, short
    if unit == wanted:
        return True
    place = _UNIT_END.sub("", wanted)
    return len(place) >= 2 and unit.endswith(wanted) and bool(_BRANCH_ABOVE.search(unit[: -len(wanted)]))


def _abbreviated(name: str) -> bool:
    return not any(form in name for form in _LEGAL_FORM)


def printed_full_names(short: str, text: str) -> list[str]:
    """The full legal names `text` prints for the abbreviated institution `short` (distinct, in text order):
    each the longest name ending at a unit's end that belongs to the same group and names the same unit."""
    if not _abbreviated(short):
        return []
    wanted = _group_and_unit(clean_institution(short))
    if wanted is None:
        return []
    found = []
    for end in _UNIT_END.finditer(text):
        stop = end.end()
        for start in range(max(0, stop - _LONGEST), stop - len(short)):
            name = text[start:stop]
            if _abbreviated(name) or clean_institution(name) != name:
                continue
            if _same_unit(_group_and_unit(name), wanted):
                found.append(name)
                break
    return list(dict.fromkeys(found))
