"""Provinces and places: the fallback that reads a province from an institution's own name."""

from __future__ import annotations

import pytest

from models.vocab.regions import load_places, load_provinces, province_by_name, province_of


def test_provinces() -> None:
    provinces = load_provinces()
    assert len(provinces) == 31
    assert [p.short_name for p in provinces[:3]] == ["北京", "天津", "河北"]
    slugs = {p.short_name: p.slug for p in provinces}
    assert slugs["山西"] != slugs["陕西"]  # shan-xi / shaan-xi
    assert len(set(slugs.values())) == 31
    assert province_by_name("广西壮族自治区").short_name == "广西"


def test_places_cover_every_prefecture_level_division() -> None:
    prefecture_kinds = {"prefecture-city", "autonomous-prefecture", "league", "prefecture"}
    assert sum(p.kind in prefecture_kinds for p in load_places()) >= 333


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("宁夏青铜峡贺兰山村镇银行股份有限公司", "宁夏"),
        ("中国农业银行股份有限公司宁德分行", "福建"),
        ("国家开发银行青海省分行", "青海"),
        ("天津市北辰村镇银行股份有限公司", "天津"),
        ("黔东南苗族侗族自治州", "贵州"),
        ("海南州", "青海"),
        ("兴安盟", "内蒙古"),
        ("大兴安岭农村商业银行", "黑龙江"),
        ("襄樊市", "湖北"),
        ("上海东方证券", "上海"),  # the province, not Qinghai's 海东 inside it
    ],
)
def test_province_of(text: str, province: str) -> None:
    assert province_of(text) == province


@pytest.mark.parametrize("text", ["中国平安财产保险股份有限公司", "滨海县", "", None, "张三"])
def test_province_of_nothing(text: str | None) -> None:
    assert province_of(text) is None
