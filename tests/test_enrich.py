"""Enrichment of parsed notices, on Party objects built from real rows and real docClob samples."""

from __future__ import annotations

import csv
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from models.record import Category, NoticeMeta, ParsedNotice, Party
from scrapers.nfra.enrich import enrich
from scrapers.nfra.parties import read_party_cell
from tests.conftest import REAL_ROWS_CSV


@cache
def _rows_by_doc() -> dict[str, list[dict[str, str]]]:
    by_doc: dict[str, list[dict[str, str]]] = {}
    with REAL_ROWS_CSV.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            by_doc.setdefault(row["docId"], []).append(row)
    return by_doc


def real_notice(doc_id: str, issuer: str | None = None) -> tuple[ParsedNotice, NoticeMeta]:
    """A real notice's rows as the parser would hand them over (its fields, not its code)."""
    rows = _rows_by_doc()[doc_id]
    parties = []
    for row in rows:
        cell = read_party_cell(row["当事人名称"])
        parties.append(Party(seq=len(parties) + 1, party_name=cell.name, party_kind=cell.kind,
                             party_role=cell.role, institution=cell.institution,
                             facts=row["主要违法违规事实"] or None, decision=row["行政处罚内容"] or None,
                             authority=row["作出决定机关"] or None))
    meta = NoticeMeta(doc_id=int(doc_id), title=rows[0]["文档标题"], published_at=None, issuer=issuer)
    return ParsedNotice(layout="horizontal", parse_status="ok", parties=parties), meta


def test_bank_branch_and_people() -> None:
    parsed, meta = real_notice("1256185")  # 宁德金融监管分局: 泉州银行宁德分行及相关责任人
    enrich(parsed, meta)
    bank = parsed.parties[0]
    assert (bank.bank_group, bank.institution_type, bank.province) == ("泉州银行", "city-commercial", "福建")
    assert {c.code: c.phrase for c in bank.categories} == {"credit": "贷款管理", "real-estate": "按揭"}


def test_person_responsible_for_the_institution_takes_its_categories() -> None:
    parsed, meta = real_notice("1243752")  # 廊坊: 华保鑫诺保险销售有限公司 + 苑法新（…总经理）对上述行为负有责任
    enrich(parsed, meta)
    company, person = parsed.parties
    assert person.facts == "对上述行为负有责任"
    assert company.institution_type == "insurance-intermediary" and company.province == "河北"
    assert person.bank_group == company.bank_group == "华保鑫诺保险销售"
    assert [c.code for c in person.categories] == [c.code for c in company.categories]
    assert "insurance" in {c.code for c in person.categories}
    assert all(c.phrase for c in person.categories)


def test_every_party_of_a_real_notice_is_filled() -> None:
    parsed, meta = real_notice("1255921")  # 黔东南: 中国农业银行黔东南分行 …
    enrich(parsed, meta)
    assert parsed.parties
    for party in parsed.parties:
        assert party.province == "贵州"
        assert party.bank_group and party.institution_type
        assert party.categories and all(isinstance(c, Category) for c in party.categories)


def test_province_from_issuer_then_title_when_authority_is_missing() -> None:
    party = Party(seq=1, party_name="中国农业银行股份有限公司平舆县高杨店分理处", party_kind="institution",
                  facts="贷款三查不到位")
    meta = NoticeMeta(doc_id=1, title="行政处罚信息公示表", published_at=None, issuer="驻马店金融监管分局")
    enrich(ParsedNotice(parties=[party]), meta)
    assert party.province == "河南"
    party.province = None
    meta = NoticeMeta(doc_id=1, title="国家金融监督管理总局三明监管分局行政处罚信息公开表", published_at=None)
    enrich(ParsedNotice(parties=[party]), meta)
    assert party.province == "福建"


def test_headquarters_decision_takes_the_institution_province() -> None:
    national = Party(seq=1, party_name="中国信达资产管理股份有限公司", party_kind="institution",
                     facts="未向监管部门报送境外全资附属金融机构聘任的董事和高级管理人员的任职申请和报告",
                     authority="金融监管总局")
    branch = Party(seq=2, party_name="中国人民财产保险股份有限公司烟台市分公司", party_kind="institution",
                   facts="虚列费用", authority="国家金融监督管理总局")
    enrich(ParsedNotice(parties=[national, branch]), NoticeMeta(doc_id=2, title="", published_at=None))
    assert (national.bank_group, national.institution_type, national.province) == ("中国信达资产管理", "amc", None)
    assert "internal-control" in {c.code for c in national.categories}
    assert branch.province == "山东"


def test_person_without_institution_belongs_to_the_notice_institution() -> None:
    bank = Party(seq=1, party_name="宁夏青铜峡贺兰山村镇银行股份有限公司", party_kind="institution",
                 facts="以不正当手段吸收存款、违规发放贷款", authority="中国银监会吴忠监管分局")
    person = Party(seq=2, party_name="李凌峰", party_kind="individual", facts=None, decision="警告")
    enrich(ParsedNotice(parties=[bank, person]), NoticeMeta(doc_id=3, title="", published_at=None))
    assert (bank.bank_group, bank.institution_type, bank.province) == ("宁夏青铜峡贺兰山村镇银行", "village", "宁夏")
    assert [c.code for c in bank.categories] == ["credit", "deposits"]
    assert person.bank_group == bank.bank_group and person.province == "宁夏"
    assert person.categories == [Category("other", "")]


def test_role_misspelling_the_institution_takes_the_notice_institution() -> None:
    # 固原: 宁夏泾源农村商业银行股份有限公司, then 马玉江（时任宁夏泾源农村商业股份有限公司行长）: 银行 left out
    parsed, meta = real_notice("1195724")
    enrich(parsed, meta)
    bank, person = parsed.parties
    assert person.party_role == "时任宁夏泾源农村商业股份有限公司行长"
    assert (person.bank_group, person.institution_type) == (bank.bank_group, bank.institution_type) \
        == ("宁夏泾源农村商业银行", "rural-commercial")


def test_role_naming_another_institution_keeps_it() -> None:
    # A role naming another institution, in no table either, is no near miss of the listed one.
    bank = Party(seq=1, party_name="宁夏泾源农村商业银行股份有限公司", party_kind="institution",
                 facts="贷款三查不尽职")
    person = Party(seq=2, party_name="张某", party_kind="individual",
                   party_role="时任宁夏泾源县融资担保有限公司总经理", facts="贷款三查不尽职")
    enrich(ParsedNotice(parties=[bank, person]), NoticeMeta(doc_id=1, title="", published_at=None))
    assert bank.bank_group == "宁夏泾源农村商业银行"
    assert person.bank_group == "宁夏泾源县融资担保"


def test_bare_name_alone_has_the_bank_branch_its_facts_open_with() -> None:
    # 岳阳 / 益阳: one bare name per notice; the facts open with the branch, spelt 农商行 and followed by a
    # word no list of verbs holds (对沅江农商行黄茅洲支行贷款调查…), and a person is read as the parser reads it.
    from scrapers.nfra.assemble import assemble
    from scrapers.nfra.records import Record

    for doc_id, institution, group in (("1221262", "华容农商行塔市驿支行", "湖南华容农村商业银行"),
                                       ("1229586", "沅江农商行黄茅洲支行", "湖南沅江农村商业银行")):
        (row,) = _rows_by_doc()[doc_id]
        parsed = assemble([Record(party=row["当事人名称"], facts=row["主要违法违规事实"],
                                  decision=row["行政处罚内容"], authority=row["作出决定机关"])])
        enrich(parsed, NoticeMeta(doc_id=int(doc_id), title=row["文档标题"], published_at=None))
        (person,) = parsed.parties
        assert person.party_kind == "individual" and not person.party_role
        assert person.institution == institution
        assert (person.bank_group, person.institution_type) == (group, "rural-commercial")
    # A borrower the facts open with is no institution of the person's (no branch, no verb after it).
    borrower = assemble([Record(party="张某", facts="对某某房地产开发有限公司贷款三查不尽职负直接责任", decision="警告",
                                authority="某某金融监管分局")])
    assert borrower.parties[0].institution is None


def test_party_kind_unset_is_read_from_the_name() -> None:
    party = Party(seq=1, party_name="陈首伟（时任中国太平洋财产保险股份有限公司温州分公司副总经理）",
                  facts="给予投保人保险合同约定以外的其他利益", authority="浙江金融监管局")
    enrich(ParsedNotice(parties=[party]), NoticeMeta(doc_id=4, title="", published_at=None))
    assert (party.bank_group, party.province) == ("中国太平洋财产保险", "浙江")


def test_docclob_samples_through_the_parser(samples) -> None:
    from scrapers.nfra.parse import parse_docclob

    html = (samples / "docclob_2025_zhejiang_zhejinfajue2024-52_horizontal6col_rowspan_innerHTML.html").read_text()
    parsed = parse_docclob(html)
    enrich(parsed, NoticeMeta(doc_id=1212085, title="浙江金融监管局行政处罚信息公开表", published_at=None))
    assert len(parsed.parties) == 2
    for party in parsed.parties:
        assert (party.bank_group, party.institution_type, party.province) == (
            "中国太平洋财产保险", "insurance", "浙江")
        assert "insurance" in {c.code for c in party.categories}


_ALPHABET = list(
    "（）()[]【】〔〕时任原及、,;银行保险公司分行支行村镇农村商业信用联社监管局分局"
    "重庆宁德海南吉林贷款三查对上述行为负有责任 \u3000\xa0\"“”0123456789年月至"
)
_text = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=80)


@settings(max_examples=300, deadline=None)
@given(name=_text, role=st.one_of(st.none(), _text), facts=st.one_of(st.none(), _text),
       authority=st.one_of(st.none(), _text), kind=st.sampled_from([None, "institution", "individual", "x"]))
def test_enrich_never_raises(name: str, role: str | None, facts: str | None, authority: str | None,
                             kind: str | None) -> None:
    party = Party(seq=1, party_name=name, party_kind=kind, party_role=role, facts=facts, authority=authority)
    enrich(ParsedNotice(parties=[party, Party(seq=2)]), NoticeMeta(doc_id=0, title=name, published_at=None))
    assert party.categories
