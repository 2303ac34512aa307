"""Bank groups and institution types, checked on hand-checked real institution strings."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocab.groups import (
    clean_institution,
    group_of,
    group_slug,
    institution_province,
    load_groups,
    load_institution_types,
    strip_legal_name,
    type_of_name,
)
from models.vocab.offices import match_office
from models.vocab.regions import province_of
from models.vocab.taxonomy import categorize
from scrapers.nfra.parties import read_party_cell
from tests.conftest import REAL_ROWS_CSV

# (当事人名称 cell of the real rows, group, type): one or more per institution type.
REAL_EXAMPLES = [
    ("中国农业银行股份有限公司平舆县高杨店分理处", "中国农业银行", "state-owned"),
    ("中国工商银行股份有限公司广州东山口支行（原中国工商银行股份有限公司广州庙前直街支行）",
     "中国工商银行", "state-owned"),
    ("鲁海岚（时任建设银行兰州金城支行副行长）", "中国建设银行", "state-owned"),
    ("张龙举（时任中国邮政储蓄银行股份有限公司连云港市赣榆支行客户经理）", "中国邮政储蓄银行", "state-owned"),
    ("广发银行股份有限公司长春分行和其分支机构及相关责任人", "广发银行", "joint-stock"),
    ("恒丰银行股份有限公司聊城东昌府支行（原恒丰银行股份有限公司聊城开发区支行）", "恒丰银行", "joint-stock"),
    ("国家开发银行青海省分行", "国家开发银行", "policy"),
    ("中国农业发展银行江西省分行", "中国农业发展银行", "policy"),
    ("中原银行平顶山分行", "中原银行", "city-commercial"),
    ("泉州银行股份有限公司宁德分行及相关责任人", "泉州银行", "city-commercial"),
    ("魏学鑫（兰州银行会计结算部总经理）", "兰州银行", "city-commercial"),
    ("青海化隆农村商业银行股份有限公司", "青海化隆农村商业银行", "rural-commercial"),
    ("朱晓黎（江苏江南农村商业银行股份有限公司常州市钟楼支行客户经理）", "江苏江南农村商业银行", "rural-commercial"),
    ("兴平市农村信用合作联社西城信用社", "兴平市农村信用合作联社", "rural-credit"),
    ("刘永红（时任昌黎县农村信用合作联社部门经理）", "昌黎县农村信用合作联社", "rural-credit"),
    ("上海松江民生村镇银行股份有限公司", "上海松江民生村镇银行", "village"),
    ("付剑（2016年11月至2018年6月任天津市北辰村镇银行股份有限公司原风险管理部负责人）",
     "天津市北辰村镇银行", "village"),
    ("浙江网商银行股份有限公司", "浙江网商银行", "private"),
    ("澳门国际银行股份有限公司广州分行、相关分支机构及责任人员", "澳门国际银行", "foreign"),
    ("中国人民财产保险股份有限公司烟台市分公司", "中国人民财产保险", "insurance"),
    ("胡颖（时任太平洋财险咸宁中支车商专员）", "中国太平洋财产保险", "insurance"),
    ("人保财险同德支公司", "中国人民财产保险", "insurance"),
    ("都邦财产保险股份有限公司黑河中心支公司", "都邦财产保险", "insurance"),
    ("天安财产保险股份有限公司绥化中心支公司海伦营销服务部", "天安财产保险", "insurance"),
    ("何庭含（时任阳光信保事业部许昌第一营业部经理）", "阳光财产保险", "insurance"),  # its credit-insurance unit
    ("房敏（时任安华财险长岭支公司经理）", "安华农业保险", "insurance"),  # 财险, not the derived 农险
    ("河南丰泰保险代理有限公司", "河南丰泰保险代理", "insurance-intermediary"),
    ("大童保险销售服务有限公司江西分公司", "大童保险销售服务", "insurance-intermediary"),
    # An insurer's name at the head of its broker's or sales company's is not the insurer's group.
    ("储仕哲（时任太平保险经纪有限公司辽宁分公司主要负责人）", "太平保险经纪", "insurance-intermediary"),
    ("永安保险销售（陕西）有限公司宁波分公司", "永安保险销售(陕西)", "insurance-intermediary"),
    ("金波（时任原中国华融资产管理股份有限公司陕西省分公司副总经理）", "中国中信金融资产管理", "amc"),
    ("雪松国际信托股份有限公司", "雪松国际信托", "trust"),
    ("王琳（时任捷信消费金融有限公司客服中心电销组长）", "捷信消费金融", "consumer-finance"),
    ("江苏金融租赁股份有限公司", "江苏金融租赁", "financial-leasing"),
    ("重汽汽车金融有限公司", "重汽汽车金融", "auto-finance"),
    ("江西铜业集团财务有限公司", "江西铜业集团财务", "finance-company"),
    ("宁银理财有限责任公司及相关责任人", "宁银理财", "wealth-management"),
    ("中国邮政集团有限公司江西省瑞金市分公司及相关责任人", "中国邮政集团", "other"),
]


@pytest.mark.parametrize(("cell", "group", "itype"), REAL_EXAMPLES)
def test_real_institutions_map_to_their_group(cell: str, group: str, itype: str) -> None:
    match = group_of(cell)
    assert match is not None and match.curated
    assert (match.group, match.institution_type) == (group, itype)


def test_examples_are_real_and_cover_every_type() -> None:
    text = REAL_ROWS_CSV.read_text(encoding="utf-8")
    assert [cell for cell, _, _ in REAL_EXAMPLES if cell not in text] == []
    assert {t for _, _, t in REAL_EXAMPLES} == {t.code for t in load_institution_types()}


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("中国人民财产保险股份有限公司烟台市分公司", "中国人民财产保险"),
        ("兴平市农村信用合作联社西城信用社", "兴平市农村信用合作联社"),
        ("中原银行平顶山分行", "中原银行"),
        ("玉溪市中冀斯巴鲁汽车销售有限公司普洱分公司", "玉溪市中冀斯巴鲁汽车销售"),
        ("阳光农业相互保险公司鸡西中心支公司八五五保险社", "阳光农业相互保险"),
        ("中升保险销售海南分公司", "中升保险销售"),
        ("原平市农村信用合作联社", "原平市农村信用合作联社"),  # 原平 is a place, not 原 (former)
    ],
)
def test_strip_legal_name(text: str, stripped: str) -> None:
    assert strip_legal_name(text) == stripped


def test_unmapped_institution_keeps_its_stripped_name_typed_by_pattern() -> None:
    cases = {
        "江西某某农村商业银行股份有限公司某某支行": ("江西某某农村商业银行", "rural-commercial"),
        "某某村镇银行股份有限公司": ("某某村镇银行", "village"),
        "某某县农村信用合作联社营业部": ("某某县农村信用合作联社", "rural-credit"),
        "某某保险经纪有限公司某某分公司": ("某某保险经纪", "insurance-intermediary"),
        "某某人寿保险股份有限公司某某中心支公司": ("某某人寿保险", "insurance"),
        "某某国际信托有限公司": ("某某国际信托", "trust"),
        "某某汽车销售服务有限公司": ("某某汽车销售服务", "other"),
    }
    for text, (group, itype) in cases.items():
        match = group_of(text)
        assert match is not None and not match.curated, text
        assert (match.group, match.institution_type) == (group, itype), text


@pytest.mark.parametrize("text", ["", None, "行长", "时任副行长", "张三", "对上述行为负有责任",
                                  # a role naming only a kind of institution (row 5883 of the real CSV)
                                  "人寿保险滁州中支副总经理", "时任农村商业银行某某支行行长"])
def test_no_institution(text: str | None) -> None:
    assert group_of(text) is None


def test_a_name_in_no_table_is_spelled_in_its_legal_form() -> None:
    # A short ending is spelled out (the role 时任子洲农商银行稽核审计部副经理, row 9675); the 联社 family,
    # whose two legal forms a short one does not tell apart, stays as printed.
    for role, group in {"时任某某农商银行某某支行行长": "某某农村商业银行", "时任某某农商行副行长": "某某农村商业银行",
                        "时任某某财险滁州中支经理": "某某财产保险", "时任某某联社某某信用社主任": "某某联社"}.items():
        match = group_of(role)
        assert match is not None and not match.curated and match.group == group, role
    # A former name is spelled by the table (威海市商业银行 was renamed 威海银行 in 2017, as 恒大人寿 → 海港人寿).
    match = group_of("时任原威海市商业银行股份有限公司青岛分行行长")
    assert match is not None and (match.group, match.curated) == ("威海银行", True)
    match = group_of("其时履行唐县农村信用合作联社副主任职责")  # 其时履行 is no part of the name
    assert match is not None and (match.group, match.curated) == ("唐县农村信用合作联社", True)
    # Nor 代为履职 (acting for the post), which the table once held as a group of its own.
    match = group_of("2022年2月至5月代为履职佛山南海新华村镇银行股份有限公司行长")
    assert match is not None and (match.group, match.curated) == ("佛山南海新华村镇银行", True)
    # Nor 分管 (in charge of: a CIRC notice, cc-0166); 唐山市商业银行 is 唐山银行's former name (cc-0209).
    match = group_of("分管人保财险重庆市分公司农险、理赔等部门的副总经理")
    assert match is not None and (match.group, match.curated) == ("中国人民财产保险", True)
    match = group_of("唐山市商业银行火炬路支行")
    assert match is not None and (match.group, match.institution_type) == ("唐山银行", "city-commercial")


def test_clean_institution_reads_roles() -> None:
    assert clean_institution("刘思民(LIUSIMIN)(时任安盛天平财产保险有限公司财会部门负责人)").startswith("安盛天平")
    assert clean_institution("程明龙（时任安心（湖北）保险代理有限公司股东、实").startswith("安心(湖北)保险代理")
    assert clean_institution("康盛（北京）保险销售有限公司").startswith("康盛(北京)")
    role = "2023年1月至2月时任新华人寿保险股份有限公司鸡西中心支公司总经理助理"
    assert clean_institution(role).startswith("新华人寿")


def test_institution_province() -> None:
    assert institution_province("中国人民财产保险股份有限公司烟台市分公司") == "山东"
    assert institution_province("永安财产保险股份有限公司兰州市东岗支公司") == "甘肃"
    assert institution_province("中国平安财产保险股份有限公司") is None
    assert institution_province("嘉善联合村镇银行") == "浙江"  # the group's home province


def test_tables_are_consistent() -> None:
    groups = load_groups()
    assert len(groups) > 1000
    names = [g.name for g in groups]
    assert len(set(names)) == len(names)
    slugs = [g.slug for g in groups]
    assert len(set(slugs)) == len(slugs) and all(s.isascii() for s in slugs)
    by_type = {}
    for g in groups:
        by_type.setdefault(g.type, []).append(g.name)
    assert len(by_type["state-owned"]) == 6
    assert len(by_type["joint-stock"]) == 12
    assert len(by_type["policy"]) == 3
    assert {"中国信达资产管理", "中国中信金融资产管理", "中国长城资产管理", "中国东方资产管理"} <= set(by_type["amc"])
    assert group_slug("中国农业银行") == "zhong-guo-nong-ye-yin-hang"
    assert type_of_name("某某农商银行") == "rural-commercial"


def test_most_institution_cells_of_the_real_rows_are_curated() -> None:
    """Not the coverage target itself (tests/test_vocab_coverage.py): a quick check on distinct cells."""
    with REAL_ROWS_CSV.open(encoding="utf-8", newline="") as f:
        cells = {c for r in csv.DictReader(f) if "银行" in (c := r["当事人名称"]) and "（" not in c}
    curated = sum(bool((m := group_of(c)) and m.curated) for c in cells)
    assert curated / len(cells) > 0.97


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_matchers_never_raise(text: str) -> None:
    match = group_of(text)
    assert match is None or (match.group and match.institution_type)
    assert isinstance(clean_institution(text), str) and isinstance(strip_legal_name(text), str)
    read_party_cell(text)
    match_office(text)
    province_of(text)
    assert all(c.code and c.phrase for c in categorize(text))


@pytest.mark.parametrize("text", ["2016年" * 3000, "时任" * 5000, "(" * 10000, "张三(" + "(" * 5000, "原" * 10000])
def test_hostile_input_is_handled(text: str) -> None:
    assert group_of(text) is None or group_of(text).group
    assert read_party_cell(text).kind in ("institution", "individual", "artefact")


def test_an_insurers_name_opening_an_intermediarys_is_not_the_insurers_group() -> None:
    # 华泰保险 is an alias of 华泰财产保险: the demo corpus's 华泰保险经纪有限公司厦门分公司 was filed under the
    # insurer. The class, not only the companies with a row of their own: an insurer's spelling followed by 经纪 /
    # 代理 / 销售 / 公估 is an intermediary's name.
    for cell, group in [("华泰保险经纪有限公司厦门分公司", "华泰保险经纪"),
                        ("时任华泰经纪吉林省分公司银保部负责人", "华泰保险经纪"),
                        ("华泰保险代理有限公司", "华泰保险代理"), ("中国人寿保险销售有限公司", "中国人寿保险销售")]:
        match = group_of(cell)
        assert match is not None and (match.group, match.institution_type) == (group, "insurance-intermediary"), cell
    insurer = group_of("华泰财产保险有限公司厦门分公司")
    assert insurer is not None and insurer.group == "华泰财产保险"
