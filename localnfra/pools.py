"""Name pools: regulator offices spelled as in each era, institutions and their branches, fictional people.

The vocabularies are data files in localnfra/data/; this module only composes names from them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from localnfra.rng import Rng, text_key

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------- offices


@dataclass(frozen=True)
class Office:
    """A regulator office as it was named in one era.

    `full` is the formal name (titles, signatures), `short` the everyday one used in the
    作出决定机关 cell (浙江金融监管局), `source` the docSource of the detail JSON (浙江监管局).
    """

    level: str  # headquarters | provincial | sub-provincial
    era: str  # cbrc | cbirc | nfra
    regulator: str  # bank | insurance | unified
    province: str | None
    city: str | None
    full: str
    short: str
    source: str
    prefix: str  # of decision numbers, e.g. 浙金罚决字 (completed with 〔YYYY〕N号)

    @property
    def place(self) -> str | None:
        return self.city or self.province


def _province(name: str) -> dict:
    for p in load("offices")["provinces"]:
        if p["name"] == name:
            return p
    raise KeyError(name)


def _decision_prefix(abbr: str, era: str, regulator: str, style: int) -> str:
    if era == "nfra":
        return abbr + ("金罚决字", "金罚决字", "金监罚决字", "金管罚决字")[style % 4]
    if era == "cbirc":
        return abbr + "银保监罚决字"
    return abbr + ("保监罚" if regulator == "insurance" else "银监罚决字")


def headquarters(era: str, regulator: str, department: str | None) -> Office:
    if era == "nfra":
        return Office("headquarters", era, "unified", None, None, "国家金融监督管理总局", "金融监管总局",
                      department or "国家金融监督管理总局", "金罚决字")
    if era == "cbirc":
        return Office("headquarters", era, "unified", None, None, "中国银行保险监督管理委员会", "中国银保监会",
                      "中国银保监会", "银保监罚决字")
    if regulator == "insurance":
        return Office("headquarters", era, regulator, None, None, "中国保险监督管理委员会", "中国保监会",
                      "中国保监会", "保监罚")
    return Office("headquarters", era, "bank", None, None, "中国银行业监督管理委员会", "中国银监会",
                  "中国银监会", "银监罚决字")


def provincial(province: str, era: str, regulator: str) -> Office:
    p = _province(province)
    style = text_key(province) % 7
    prefix = _decision_prefix(p["abbr"], era, regulator, style)
    if era == "nfra":
        return Office("provincial", era, "unified", province, None, f"国家金融监督管理总局{province}监管局",
                      f"{province}金融监管局", f"{province}监管局", prefix)
    if era == "cbirc":
        return Office("provincial", era, "unified", province, None, f"中国银保监会{province}监管局",
                      f"{province}银保监局", f"{province}银保监局", prefix)
    if regulator == "insurance":
        return Office("provincial", era, regulator, province, None, f"中国保监会{province}监管局",
                      f"{province}保监局", f"{province}保监局", prefix)
    return Office("provincial", era, "bank", province, None, f"中国银监会{province}监管局",
                  f"{province}银监局", f"{province}银监局", prefix)


def sub_provincial(province: str, city: str, era: str, regulator: str) -> Office:
    c = next(c for c in _province(province)["cities"] if c["name"] == city)
    style = text_key(city) % 5
    prefix = _decision_prefix(c["abbr"], era, regulator, style)
    if era == "nfra":
        return Office("sub-provincial", era, "unified", province, city, f"国家金融监督管理总局{city}监管分局",
                      f"{city}金融监管分局", f"{city}监管分局", prefix)
    if era == "cbirc":
        return Office("sub-provincial", era, "unified", province, city, f"中国银保监会{city}监管分局",
                      f"{city}银保监分局", f"{city}银保监分局", prefix)
    if regulator == "insurance":
        return Office("sub-provincial", era, regulator, province, city, f"中国保监会{city}监管分局",
                      f"{city}保监分局", f"{city}保监分局", prefix)
    return Office("sub-provincial", era, "bank", province, city, f"中国银监会{city}监管分局",
                  f"{city}银监分局", f"{city}银监分局", prefix)


def pick_office(rng: Rng, level: str, era: str) -> Office:
    """An office of the given level, as named in the era. Before 2018 banks and insurers had separate
    regulators; 保监分局 existed in only a few cities."""
    offices = load("offices")
    regulator = "unified"
    if era == "cbrc":
        regulator = "insurance" if rng.chance(0.35) else "bank"
    if level == "headquarters":
        return headquarters(era, regulator, rng.pick(offices["headquarters_departments"]))
    provinces = offices["provinces"]
    if level == "provincial":
        return provincial(rng.pick(provinces)["name"], era, regulator)
    with_cities = [p for p in provinces if p["cities"]]
    p = rng.pick(with_cities)
    city = rng.pick(p["cities"])["name"]
    if regulator == "insurance" and city not in offices["insurance_sub_bureaus_before_2018"]:
        regulator = "bank"
    return sub_provincial(p["name"], city, era, regulator)


# ----------------------------------------------------------------------------------------- institutions


@dataclass(frozen=True)
class Institution:
    """A sanctioned institution: the group's legal entity or one of its branches."""

    name: str  # full name as written in the notice
    short: str  # how a role or a decision may refer to it (建设银行吕梁永宁路支行)
    group: str  # the group's legal name (中国建设银行股份有限公司)
    type: str
    sector: str  # bank | insurance | nonbank


def _groups_for(sector_filter: str | None) -> list[dict]:
    groups = load("institutions")["groups"]
    if sector_filter is None:
        return groups
    return [g for g in groups if g["sector"] == sector_filter]


def _alive(member: dict, year: int) -> bool:
    return member.get("since", 0) <= year and year <= member.get("until", 9999)


def _place_names(province: dict, city: dict | None) -> tuple[str, list[str]]:
    """(city name, its districts) of an office's jurisdiction."""
    if city is not None:
        return city["name"], city["districts"]
    if province.get("municipality") or province.get("plan_city"):
        return province["name"], province["districts"]
    return province["capital"], province["districts"]


@cache
def _candidates(sector: str | None, regulator: str, home: str | None, year: int) -> list:
    """((group, members), weight) pairs an office may sanction; home limits regional members."""
    if sector == "bank" and regulator == "bank":
        groups = [g for g in _groups_for(None) if g["sector"] in ("bank", "nonbank")]
    else:
        groups = _groups_for(sector)
    candidates = []
    for g in groups:
        members = [m for m in g["members"] if _alive(m, year)]
        if home is not None:
            members = [m for m in members if m.get("province") in (None, home)]
        if members:
            candidates.append(((g, members), g["weight"]))
    return candidates


def pick_institution(rng: Rng, office: Office, year: int, sector: str | None = None) -> Institution:
    """An institution under the office's supervision: a branch in its jurisdiction, or a group itself
    for headquarters cases."""
    if sector is None and office.regulator in ("bank", "insurance"):
        sector = office.regulator
    home = None if office.level == "headquarters" else office.province
    candidates = _candidates(sector, office.regulator, home, min(max(year, 2022), 2025))
    group, members = rng.weighted(candidates)
    member = rng.pick(members)
    sector_of = group["sector"]
    if office.level == "headquarters" or group["branching"] == "none":
        return Institution(member["name"], member["short"], member["name"], group["type"], sector_of)
    province = _province(office.province) if office.province else None
    city = None
    if province is not None and office.city:
        city = next(c for c in province["cities"] if c["name"] == office.city)
    return _branch(rng, group, member, province, city, office.level)


def _branch(rng: Rng, group: dict, member: dict, province: dict, city: dict | None, level: str) -> Institution:
    name, short = member["name"], member["short"]
    town, districts = _place_names(province, city)
    district = rng.pick(districts)
    kind = group["branching"]
    if kind == "cooperative":
        full = f"{district}县农村信用合作联社" if rng.chance(0.5) else f"{town}市{district}农村信用合作联社"
        return Institution(full, full, full, group["type"], group["sector"])
    if kind == "policy":
        unit = f"{province['branch']}分行" if level == "provincial" else f"{town}市分行"
        return Institution(name + unit, short + unit, name, group["type"], group["sector"])
    if kind == "amc":
        unit = f"{province['branch']}分公司"
        return Institution(name + unit, short + unit, name, group["type"], group["sector"])
    if kind == "regional-bank":
        roll = rng.random()
        if roll < 0.35:
            return Institution(name, short, name, group["type"], group["sector"])
        unit = f"{district}支行" if roll < 0.75 else f"{town}分行"
        return Institution(name + unit, short + unit, name, group["type"], group["sector"])
    if kind == "bank":
        roll = rng.random()
        municipality = province.get("municipality")
        if level == "provincial" and roll < 0.45 and not province.get("plan_city"):
            unit = f"{province['branch']}分行"
        elif roll < 0.7 and not municipality:
            unit = f"{town}分行"
        else:
            unit = f"{town}{district}支行"
        return Institution(name + unit, short + unit, name, group["type"], group["sector"])
    if kind == "intermediary":
        unit = f"{province['branch']}分公司" if level == "provincial" else f"{town}分公司"
        return Institution(name + unit, short + unit, name, group["type"], group["sector"])
    # insurer
    roll = rng.random()
    if level == "provincial" and roll < 0.5:
        unit = f"{province['branch']}分公司"
    elif roll < 0.7:
        unit = f"{town}中心支公司" if not province.get("municipality") else f"{town}{district}支公司"
    elif roll < 0.9:
        unit = f"{district}支公司"
    else:
        unit = f"{town}{district}营销服务部"
    return Institution(name + unit, short + unit, name, group["type"], group["sector"])


# -------------------------------------------------------------------------------------------- people


@cache
def _avoided() -> frozenset[str]:
    path = DATA / "avoid_name_hashes.txt"
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="ascii").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def name_hash(name: str) -> str:
    """The digest under which a real person's name is recorded in avoid_name_hashes.txt."""
    return hashlib.blake2b(name.encode("utf-8"), digest_size=6).hexdigest()


def person_name(rng: Rng) -> str:
    """A fictional person: a common surname and one or two random given-name characters."""
    people = load("people")
    avoided = _avoided()
    while True:
        given = rng.pick(people["given"])
        if rng.chance(0.75):
            given += rng.pick(people["given"])
        name = rng.pick(people["surnames"]) + given
        if name_hash(name) not in avoided:
            return name


def people(rng: Rng, k: int) -> list[str]:
    out: list[str] = []
    while len(out) < k:
        name = person_name(rng)
        if name not in out:
            out.append(name)
    return out
