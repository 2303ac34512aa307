"""Regulator offices: every spelling of every era maps to today's office, on real cells and titles."""

from __future__ import annotations

import csv
import json

import pytest

from models.vocab.offices import headquarters, load_offices, match_office
from models.vocab.regions import province_names
from tests.conftest import REAL_ROWS_CSV


@pytest.mark.parametrize(
    ("text", "short_name", "level", "province"),
    [
        # Current names, in the forms of the real 作出决定机关 cells and titles.
        ("重庆金融监管局", "重庆金融监管局", "provincial", "重庆"),
        ("国家金融监督管理总局重庆监管局", "重庆金融监管局", "provincial", "重庆"),
        ("国家金融监督管理总局宁德监管分局行政处罚信息公示表", "宁德金融监管分局", "sub-provincial", "福建"),
        ("宁德金融监管分局", "宁德金融监管分局", "sub-provincial", "福建"),
        ("国家金融监督管理总局黔东南监管分局", "黔东南金融监管分局", "sub-provincial", "贵州"),
        ("国家金融监督管理总局深圳监管局", "深圳金融监管局", "provincial", "广东"),
        ("大连金融监管局", "大连金融监管局", "provincial", "辽宁"),
        ("国家金融监督管理总局宁波监管局", "宁波金融监管局", "provincial", "浙江"),
        ("厦门金融监管局", "厦门金融监管局", "provincial", "福建"),
        ("国家金融监督管理总局青岛监管局", "青岛金融监管局", "provincial", "山东"),
        # Same place, two levels: the suffix decides.
        ("吉林金融监管局", "吉林金融监管局", "provincial", "吉林"),
        ("吉林金融监管分局", "吉林金融监管分局", "sub-provincial", "吉林"),
        ("海南金融监管局", "海南金融监管局", "provincial", "海南"),
        ("海南金融监管分局", "海南金融监管分局", "sub-provincial", "青海"),  # 海南藏族自治州
        # Old names of every era.
        ("重庆银保监局", "重庆金融监管局", "provincial", "重庆"),
        ("中国银保监会重庆监管局", "重庆金融监管局", "provincial", "重庆"),
        ("重庆银监局", "重庆金融监管局", "provincial", "重庆"),
        ("重庆保监局", "重庆金融监管局", "provincial", "重庆"),
        ("天津银监局", "天津金融监管局", "provincial", "天津"),
        ("中国银监会吴忠监管分局", "吴忠金融监管分局", "sub-provincial", "宁夏"),
        ("吴忠银保监分局", "吴忠金融监管分局", "sub-provincial", "宁夏"),
        ("中国银保监会赣州监管分局", "赣州金融监管分局", "sub-provincial", "江西"),
        ("原绥化银保监分局", "绥化金融监管分局", "sub-provincial", "黑龙江"),
        ("滨海银保监分局", "滨海金融监管分局", "sub-provincial", "天津"),
        ("襄樊银监分局", "襄阳金融监管分局", "sub-provincial", "湖北"),
        # Typos and truncations seen in the real cells.
        ("国家金融监管管理总局忻州监管分局", "忻州金融监管分局", "sub-provincial", "山西"),
        ("国家金融监管总局新乡监管分局", "新乡金融监管分局", "sub-provincial", "河南"),
        ("云南金融监管", "云南金融监管局", "provincial", "云南"),
        ("国家金融监督管理总局开封监管局行政处罚信息公示表", "开封金融监管分局", "sub-provincial", "河南"),
        ("国家金融监督管理总局平凉分局行政处罚信息公示表", "平凉金融监管分局", "sub-provincial", "甘肃"),
        ("国家金融监督管理总局肇庆监管分局金融监管总局", "肇庆金融监管分局", "sub-provincial", "广东"),
        ("国家金融监督管理总局晋城监管分局高平监管支局", "晋城金融监管分局", "sub-provincial", "山西"),
    ],
)
def test_match_office_real_spellings(text: str, short_name: str, level: str, province: str) -> None:
    office = match_office(text)
    assert office is not None, text
    assert (office.short_name, office.level, office.province) == (short_name, level, province)


@pytest.mark.parametrize(
    "text",
    ["国家金融监督管理总局", "金融监管总局", "国家金融监管总局", "中国银保监会", "中国银行保险监督管理委员会",
     "中国银监会", "中国保监会", "保险和非银机构检查局", "银行机构检查局"],
)
def test_headquarters_in_every_era(text: str) -> None:
    office = match_office(text)
    assert office is headquarters()
    assert office.level == "headquarters" and office.province is None


@pytest.mark.parametrize("text", ["", None, "作出决定机关", "中国农业银行股份有限公司", "国家开发银行青海省分行",
                                  "行政处罚信息公示表（吉金罚决字〔2025〕10-18号）"])
def test_no_office_named(text: str | None) -> None:
    assert match_office(text) is None


def test_every_name_of_every_office_maps_back_to_it() -> None:
    for office in load_offices():
        for name in (office.name, office.short_name, *office.former_names):
            assert match_office(name) == office, name


def test_table_shape() -> None:
    offices = load_offices()
    slugs = [o.slug for o in offices]
    assert len(set(slugs)) == len(slugs)
    assert all(s.isascii() and s == s.lower() and "/" not in s and ".." not in s for s in slugs)
    provincial = {o.place: o.province for o in offices if o.level == "provincial"}
    assert set(province_names()) <= set(provincial)  # a bureau for every province
    assert {k: provincial[k] for k in ("深圳", "大连", "宁波", "厦门", "青岛")} == {
        "深圳": "广东", "大连": "辽宁", "宁波": "浙江", "厦门": "福建", "青岛": "山东"}
    assert sum(o.level == "sub-provincial" for o in offices) >= 300  # every prefecture-level division


def test_every_office_in_the_real_rows_is_known(samples) -> None:
    with REAL_ROWS_CSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    cells = {r["作出决定机关"] for r in rows if r["作出决定机关"] and r["作出决定机关"] != "作出决定机关"}
    unknown = sorted(c for c in cells if match_office(c) in (None, headquarters()))
    assert unknown == []
    titles = json.loads((samples / "list_rows_item4293_2024-12-06_to_2026-04-29.json").read_text("utf-8"))
    named = [r["docSubtitle"] for r in titles if "监管" in r["docSubtitle"]]
    assert len(named) > 3000
    assert [t for t in named if match_office(t) is None] == []
