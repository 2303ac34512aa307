"""Provinces and the places within them (models/data/provinces.csv, places.csv).

`province_of` is the fallback that reads a province from an institution's own name
(宁夏青铜峡贺兰山村镇银行 → 宁夏, 中国农业银行股份有限公司宁德分行 → 福建) when no regulator office says it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from models.vocab.datafiles import VocabularyError, read_csv, split_list
from models.vocab.matching import build, first_match
from models.vocab.text import normalize


@dataclass(frozen=True)
class Province:
    short_name: str  # 北京 … 新疆: the value of penalty.province
    name: str  # 北京市, 广西壮族自治区
    slug: str  # /regions/{slug}/
    kind: str  # province | municipality | autonomous-region


@dataclass(frozen=True)
class Place:
    """A prefecture-level division (or a county-level unit or new area that hosts a regulator office)."""

    short_name: str  # 宁德, 黔东南, 兴安
    name: str  # 宁德市, 黔东南苗族侗族自治州, 兴安盟
    province: str  # short province name
    kind: str  # prefecture-city | autonomous-prefecture | league | prefecture | county-level-city | district | ...
    aliases: tuple[str, ...] = ()  # other spellings: 黔东南州, 襄樊 (former name), 巴州


# Places known by their full name only: 滨海 alone is also a county of Jiangsu.
_FULL_NAME_ONLY = {"new-area"}


@cache
def load_provinces() -> tuple[Province, ...]:
    rows = read_csv("provinces.csv", required=("short_name", "name", "slug", "kind"))
    provinces = tuple(Province(r["short_name"], r["name"], r["slug"], r["kind"]) for r in rows)
    _check_unique("provinces.csv", [p.slug for p in provinces])
    return provinces


@cache
def load_places() -> tuple[Place, ...]:
    rows = read_csv("places.csv", required=("short_name", "name", "province", "kind"))
    known = {p.short_name for p in load_provinces()}
    places = []
    for r in rows:
        if r["province"] not in known:
            raise VocabularyError(f"places.csv: {r['short_name']}: unknown province {r['province']!r}")
        places.append(Place(r["short_name"], r["name"], r["province"], r["kind"], tuple(split_list(r["aliases"]))))
    return tuple(places)


def province_names() -> list[str]:
    """The short province names in the data file's order (north to south-west, as GB/T 2260)."""
    return [p.short_name for p in load_provinces()]


def province_by_name(name: str) -> Province | None:
    """A province from its short or full name (陕西, 陕西省)."""
    key = normalize(name)
    for province in load_provinces():
        if key in (province.short_name, province.name):
            return province
    return None


@cache
def _automaton() -> ahocorasick.Automaton:
    """Every spelling of every province and place → its province; provinces win ties (海南 is the
    province, not Qinghai's 海南州, when the text says only 海南)."""
    keys: dict[str, str] = {}
    for place in load_places():
        spellings = [place.name, *place.aliases]
        if place.kind not in _FULL_NAME_ONLY:
            spellings.append(place.short_name)
        for spelling in spellings:
            if len(spelling) >= 2:
                keys.setdefault(spelling, place.province)
    for province in load_provinces():
        keys[province.short_name] = province.short_name
        keys[province.name] = province.short_name
    return build(keys.items())


@lru_cache(maxsize=65536)
def province_of(text: str | None) -> str | None:
    """The province of the first place named in `text` (leftmost, longest spelling), or None."""
    key = normalize(text)
    if not key:
        return None
    return first_match(_automaton(), key)


def _check_unique(filename: str, values: list[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise VocabularyError(f"{filename}: duplicate {value!r}")
        seen.add(value)


@cache
def _spellings() -> frozenset[str]:
    spellings: set[str] = set()
    for place in load_places():
        spellings.update([place.name, *place.aliases])
        if place.kind not in _FULL_NAME_ONLY:
            spellings.add(place.short_name)
    for province in load_provinces():
        spellings.update([province.short_name, province.name])
    return frozenset(s for s in spellings if len(s) >= 2)


def is_place(text: str) -> bool:
    """A province or place name as written (咸宁, 恩施州, 湖北省): not a party, in a title's brackets."""
    return text in _spellings()


def strip_trailing_place(text: str) -> str:
    """'中原银行平顶山' → '中原银行', '中升保险销售海南' → '中升保险销售': a place name (with 省 / 市)
    at the end of a name cut before its branch part. Never strips the whole text."""
    spellings = _spellings()
    for n in range(min(len(text) - 2, 14), 1, -1):
        tail = text[-n:]
        if tail in spellings or (tail[-1] in "省市" and tail[:-1] in spellings):
            return text[:-n]
    return text
