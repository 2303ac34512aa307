"""NFRA's offices (总局, provincial bureaus 监管局, sub-bureaus 监管分局) and recognising one in any spelling.

Data: models/data/offices.csv (one row per office) and office_names.toml (the names of each era and the
suffixes that identify an office after its place name). Old names map to today's office: 重庆银保监局,
中国银监会重庆监管局 and 重庆金融监管局 are the same office, with the same slug.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from models.vocab.datafiles import VocabularyError, read_csv, read_toml, split_list
from models.vocab.matching import build, first_match
from models.vocab.regions import province_names
from models.vocab.text import normalize

LEVELS = ("headquarters", "provincial", "sub-provincial")


@dataclass(frozen=True)
class Office:
    name: str  # current full name: 国家金融监督管理总局重庆监管局
    short_name: str  # 重庆金融监管局
    slug: str  # /regulators/{slug}/: ASCII, stable, unique
    level: str  # headquarters | provincial | sub-provincial
    province: str | None  # short province name; None for headquarters
    place: str | None = None  # 重庆, 宁德, 黔东南; None for headquarters
    aliases: tuple[str, ...] = ()  # other spellings of the place (黔东南州, 襄樊)
    former_names: tuple[str, ...] = ()  # the names of earlier eras, newest first


@cache
def load_offices() -> tuple[Office, ...]:
    """Every office: headquarters first, then provincial bureaus, then sub-bureaus (file order)."""
    rows = read_csv("offices.csv", required=("slug", "level", "name", "short_name"))
    eras = _names()["era"]
    provinces = set(province_names())
    offices, slugs = [], set()
    for r in rows:
        level, province, place = r["level"], r["province"] or None, r["place"] or None
        if level not in LEVELS:
            raise VocabularyError(f"offices.csv: {r['slug']}: unknown level {level!r}")
        if (level == "headquarters") != (province is None) or (province and province not in provinces):
            raise VocabularyError(f"offices.csv: {r['slug']}: bad province {province!r} for {level}")
        if r["slug"] in slugs or not r["slug"].isascii():
            raise VocabularyError(f"offices.csv: duplicate or non-ASCII slug {r['slug']!r}")
        slugs.add(r["slug"])
        former: list[str] = []
        if place:
            for era in eras:
                former += [t.format(place=place) for t in era[level]]
            former = [n for n in dict.fromkeys(former) if n not in (r["name"], r["short_name"])]
        offices.append(Office(r["name"], r["short_name"], r["slug"], level, province, place,
                              tuple(split_list(r["aliases"])), tuple(former)))
    if sum(o.level == "headquarters" for o in offices) != 1:
        raise VocabularyError("offices.csv: exactly one headquarters row is expected")
    return tuple(offices)


def headquarters() -> Office:
    return next(o for o in load_offices() if o.level == "headquarters")


@cache
def _names() -> dict:
    return read_toml("office_names.toml")


@cache
def _place_automaton() -> ahocorasick.Automaton:
    """'place + suffix' → office. Keys of the office's own level are added first, so 吉林监管局 is the
    provincial bureau and 吉林监管分局 the city's sub-bureau; cross-level and truncated keys only
    fill gaps."""
    suffixes = _names()["suffixes"]
    keys: dict[str, Office] = {}
    located = [o for o in load_offices() if o.place]

    def spellings(office: Office) -> list[str]:
        return [office.place or "", *office.aliases]

    for office in located:
        for place in spellings(office):
            for suffix in suffixes[office.level]:
                keys.setdefault(place + suffix, office)
    for suffix_level in ("provincial", "sub-provincial"):
        for office in sorted(located, key=lambda o: o.level != "provincial"):
            for place in spellings(office):
                for suffix in (*suffixes[suffix_level], *suffixes["either"]):
                    keys.setdefault(place + suffix, office)
    return build(keys.items())


@cache
def _headquarters_automaton() -> ahocorasick.Automaton:
    hq = _names()["headquarters"]
    return build((normalize(key), key) for key in (*hq["names"], *hq["departments"]))


@lru_cache(maxsize=16384)
def match_office(text: str | None) -> Office | None:
    """The office named in `text` (a 作出决定机关 cell, a title, a docSource), in any era's spelling.

    A located office (place + suffix) wins over a mention of headquarters, so
    '国家金融监督管理总局宁德监管分局行政处罚信息公示表' is 宁德, and '金融监管总局' alone is headquarters.
    """
    key = normalize(text)
    if not key:
        return None
    office = first_match(_place_automaton(), key)
    if office is not None:
        return office
    return headquarters() if first_match(_headquarters_automaton(), key) else None
