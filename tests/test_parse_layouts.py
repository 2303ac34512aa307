"""parse_docclob on every layout: the real docClob samples (read from ../shared) and Word-style synthetic
notices written here (fictional people, real institution and office names)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from models.record import ParsedNotice
from scrapers.nfra.parse import PARSER_VERSION, parse_docclob

FOSUN_PEOPLE = ["项开宝", "陈雄斌", "刘益成", "尹志军", "代强", "潘麟",
                "胡峻", "李正", "王利钿", "廖志洪", "彭裕群", "吕志坚"]


def parse_sample(samples: Path, name: str) -> ParsedNotice:
    return parse_docclob((samples / name).read_text(encoding="utf-8"))


def test_parser_version_is_an_int() -> None:
    assert isinstance(PARSER_VERSION, int) and PARSER_VERSION >= 1


# ------------------------------------------------------------------ real samples


@pytest.mark.parametrize(
    "name",
    [
        "docclob_2024_zongju_jinfajue2024-36_vertical7_2col_MsoNormalTable_devtools_copy.html",
        "docclob_2024_zongju_jinfajue2024-36_vertical7_innerHTML_with_word_preamble.html",
    ],
)
def test_vertical7_one_decision_paragraph_per_party(samples: Path, name: str) -> None:
    parsed = parse_sample(samples, name)
    assert (parsed.layout, parsed.parse_status, parsed.parse_error) == ("vertical", "ok", None)
    assert [p.party_name for p in parsed.parties] == ["复星联合健康保险股份有限公司", *FOSUN_PEOPLE]
    assert [p.seq for p in parsed.parties] == list(range(1, 14))
    company, *people = parsed.parties
    assert company.party_kind == "institution" and company.institution == company.party_name
    assert company.fine_yuan == 1_580_000  # 合计158万元, its 其中 breakdown not counted again
    assert company.fine_note is None and not company.warning
    # Its clauses verbatim, the separator after the last one dropped (as for every split decision).
    assert company.decision == "对复星联合健康保险股份有限公司合计罚款158万元。其中，总公司38万元，分支机构120万元"
    assert [p.fine_yuan for p in people] == [10_000, 20_000, 10_000, 10_000, 10_000, 70_000] + [10_000] * 6
    assert all(p.warning and p.party_kind == "individual" for p in people)
    assert people[1].decision == "对陈雄斌警告并罚款2万元"
    for party in parsed.parties:
        assert party.decision_no == "金罚决字〔2024〕36号"
        assert party.authority == "国家金融监督管理总局"
        assert party.decided_on == date(2024, 7, 8)
        assert party.basis.startswith("《保险公司管理规定》第五十四条")
        assert party.facts.split("\n")[0] == "一、委托未取得合法资格的个人从事保险销售活动"
    # The Word preamble (document properties, CSS) must not leak into any field.
    assert all("mso" not in (p.facts or "") + (p.decision or "") for p in parsed.parties)


def test_vertical7_individual_with_role_and_split_label(samples: Path) -> None:
    parsed = parse_sample(samples, "docclob_2024_zongju_jinfajue2024-27_vertical7_2col_MsoTableGrid_devtools_copy.html")
    (party,) = parsed.parties
    assert parsed.parse_status == "ok"
    assert (party.party_name, party.party_kind) == ("罗振宏", "individual")
    assert party.party_role == "时任中国信达资产管理股份有限公司首席风险官"
    assert party.institution == "中国信达资产管理股份有限公司"
    assert party.warning and party.fine_yuan is None and party.decision == "警告"
    assert party.authority == "国家金融监督管理总局"  # label split over two <p>: 作出处罚决定的 / 机关名称
    assert party.decided_on == date(2024, 5, 28)


def test_cbrc_vertical9_with_rowspans_and_chsdate(samples: Path) -> None:
    parsed = parse_sample(
        samples, "docclob_2018_cbrc_tianjin_jinyinjianfajue2018-35_vertical9_rowspan_MsoNormalTable.html"
    )
    (party,) = parsed.parties
    assert (parsed.layout, parsed.parse_status) == ("vertical", "ok")
    # 个人姓名 is "—": the sanctioned party is the unit, not its legal representative 谢永林.
    assert (party.party_name, party.party_kind) == ("平安银行股份有限公司", "institution")
    assert party.decision_no == "津银监罚决字〔2018〕35号"
    assert party.fine_yuan == 500_000 and party.decision == "罚款人民币50万元"
    assert party.authority == "天津银监局"
    assert party.decided_on == date(2018, 6, 28)  # inside <st1:chsdate>
    assert "《中国银监会关于印发<节能减排授信工作指导意见>的通知》" in party.basis
    assert party.facts.startswith("贷前调查不到位")


def test_cbrc_vertical9_simplified_chinese_numeral_fine(samples: Path) -> None:
    parsed = parse_sample(
        samples, "docclob_2018_cbrc_wuzhong_wuyinjianfajue2018-11_vertical9_simplified_by_author.html"
    )
    (party,) = parsed.parties
    assert party.party_name == "宁夏青铜峡贺兰山村镇银行股份有限公司"
    assert party.fine_yuan == 300_000
    assert party.decided_on == date(2018, 4, 23)


def test_horizontal5_header_labels_over_two_paragraphs(samples: Path) -> None:
    parsed = parse_sample(samples, "docclob_2024_zongju_xinda_horizontal5col_single_party_devtools_copy.html")
    (party,) = parsed.parties
    assert (parsed.layout, parsed.parse_status) == ("horizontal", "ok")
    assert party.party_name == "中国信达资产管理股份有限公司"
    assert party.fine_yuan == 900_000 and party.authority == "金融监管总局"
    assert party.decided_on is None  # no date column: never the publication date


def test_horizontal6_rowspan_copied_down_like_merged_cells_result(samples: Path) -> None:
    parsed = parse_sample(samples, "docclob_2025_zhejiang_zhejinfajue2024-52_horizontal6col_rowspan_innerHTML.html")
    merged = json.loads((samples / "parsed_record_docId1212085_Yuhamixli_merged_cells_result.json").read_text("utf-8"))
    expected = [merged, *merged["additional_records"]]
    assert (parsed.layout, parsed.parse_status) == ("horizontal", "ok")
    assert len(parsed.parties) == len(expected) == 2
    for party, record in zip(parsed.parties, expected, strict=True):
        assert record["当事人名称"].startswith(party.party_name)
        assert party.decision == record["行政处罚内容"]
        assert party.facts == record["主要违法违规行为"]
        assert party.authority == record["作出决定机关"]
        assert party.decision_no == "浙金罚决字〔2024〕52号"  # rowspan=2: the second row's copy
    company, person = parsed.parties
    assert company.fine_yuan == 560_000
    assert (person.party_role, person.institution) == (
        "时任中国太平洋财产保险股份有限公司温州分公司副总经理", "中国太平洋财产保险股份有限公司温州分公司")
    assert person.warning and person.fine_yuan == 140_000


def test_paragraph_only_document_that_is_not_a_penalty(samples: Path) -> None:
    detail = json.loads((samples / "detail_SelectByDocId_docId1255850_nonpenalty_gov_policy.json").read_text("utf-8"))
    parsed = parse_docclob(detail["data"]["docClob"])
    assert (parsed.layout, parsed.parse_status, parsed.parties) == ("text", "failed", [])
    assert "no decision" in parsed.parse_error


# ------------------------------------------------------------------ synthetic notices in Word's style

WORD_PREAMBLE = (
    '<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv=Content-Type '
    'content="text/html; charset=gb2312"><!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>CBIRC'
    "</o:Author></o:DocumentProperties></xml><![endif]--><style>p.MsoNormal{mso-style-name:正文;font-size:"
    "10.5pt;}</style></head><body><!--StartFragment--><div class=Section0>"
)
WORD_END = "</div><!--EndFragment--></body></html>"


def p(text: str) -> str:
    """A Word paragraph: spans, an <o:p>, styles."""
    return (f'<p class=MsoNormal style="text-align:center;mso-pagination:widow-orphan"><span style="font-family:'
            f"仿宋_GB2312;font-size:16.0pt\">{text}</span><span><o:p>&nbsp;</o:p></span></p>")


def td(*paragraphs: str, rowspan: int = 1, colspan: int = 1) -> str:
    spans = (f" rowspan={rowspan}" if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    inner = "".join(p(x) for x in paragraphs)
    return f'<td width=120 valign=top style="border:solid windowtext 1.0pt"{spans}>{inner}</td>'


def table(*rows: str) -> str:
    return f'<table class=MsoNormalTable border=1 cellspacing=0>{"".join(f"<tr>{r}</tr>" for r in rows)}</table>'


def notice(*body: str) -> str:
    return WORD_PREAMBLE + p("国家金融监督管理总局江西监管局行政处罚信息公开表") + "".join(body) + WORD_END


def test_horizontal_extra_columns_spaced_labels_and_shared_decision() -> None:
    html = notice(table(
        td("序号") + td("当 事 人", "名 称") + td("行政处罚决定书文号") + td("主要违法违规行为") + td("行政处罚依据")
        + td("行政处罚内容") + td("作出决定机关") + td("作出决定时间"),
        td("1") + td("江西银行股份有限公司南昌京东大道支行") + td("赣金罚决字〔2025〕7号")
        + td("贷款管理不审慎", rowspan=3)
        + td("《中华人民共和国银行业监督管理法》第四十六条", rowspan=3) + td("罚款<span>3</span><span>0</span>万元")
        + td("江西金融监管局", rowspan=3) + td("2025.5.28", rowspan=3),
        td("2") + td("张某甲（时任江西银行股份有限公司南昌京东大道支行行长）") + td("赣金罚决字〔2025〕8号")
        + td("对张某甲、李某乙分别给予警告并罚款5万元", rowspan=2),
        td("3") + td("李某乙（时任江西银行股份有限公司南昌京东大道支行客户经理）") + td("—"),
    ))
    parsed = parse_docclob(html)
    assert (parsed.layout, parsed.parse_status) == ("horizontal", "ok"), parsed.parse_error
    bank, first, second = parsed.parties
    assert bank.party_name == "江西银行股份有限公司南昌京东大道支行" and bank.fine_yuan == 300_000
    assert bank.decision_no == "赣金罚决字〔2025〕7号"
    for person in (first, second):
        assert person.party_kind == "individual" and person.warning
        assert (person.fine_yuan, person.fine_note) == (50_000, "each")
        assert person.facts == "贷款管理不审慎" and person.authority == "江西金融监管局"
        assert person.basis == "《中华人民共和国银行业监督管理法》第四十六条"
        assert person.decided_on == date(2025, 5, 28)
    assert (first.party_name, second.party_name) == ("张某甲", "李某乙")
    assert second.decision_no is None  # "—" is an empty cell
    assert second.party_role == "时任江西银行股份有限公司南昌京东大道支行客户经理"


def test_horizontal_row_of_a_bank_and_its_people() -> None:
    html = notice(table(
        td("序号") + td("当事人名称") + td("主要违法违规事实") + td("行政处罚内容") + td("作出决定机关"),
        td("1") + td("中国农业银行股份有限公司歙县支行及相关责任人") + td("贷款“三查”不到位")
        + td("对中国农业银行股份有限公司歙县支行罚款30万元。对张某警告。对李某禁止从事银行业工作5年。")
        + td("黄山金融监管分局"),
    ))
    parsed = parse_docclob(html)
    assert [(x.party_name, x.fine_yuan, x.warning, x.ban_years) for x in parsed.parties] == [
        ("中国农业银行股份有限公司歙县支行", 300_000, False, None),
        ("张某", None, True, None),
        ("李某", None, False, 5),
    ]
    assert all(x.authority == "黄山金融监管分局" for x in parsed.parties)
    # A person listed only as "相关责任人" of the bank belongs to it.
    assert parsed.parties[1].institution == "中国农业银行股份有限公司歙县支行"


def test_vertical_party_cell_listing_an_institution_and_people() -> None:
    html = notice(table(
        td("行政处罚决定书文号") + td("赣金罚决字〔2025〕12号"),
        td("被处罚当事人") + td("九江银行股份有限公司某某支行", "王某某（时任九江银行股份有限公司某某支行行长）",
                                 "刘某某（时任九江银行股份有限公司某某支行客户经理）"),
        td("主要违法违规事实") + td("违规发放贷款"),
        td("行政处罚依据") + td("《中华人民共和国银行业监督管理法》第四十六条"),
        td("行政处罚决定") + td("罚款人民币五十万元", "警告", "禁止从事银行业工作终身"),
        td("作出处罚决定的", "机关名称") + td("国家金融监督管理总局江西监管局"),
        td("作出处罚决定的日期")
        + td('<st1:chsdate Year="2025" Month="3" Day="5" w:st="on">2025年3月5日</st1:chsdate>'),
    ))
    parsed = parse_docclob(html)
    assert (parsed.layout, parsed.parse_status) == ("vertical", "ok")
    assert [(x.party_name, x.party_kind, x.fine_yuan, x.warning, x.ban_lifetime) for x in parsed.parties] == [
        ("九江银行股份有限公司某某支行", "institution", 500_000, False, False),
        ("王某某", "individual", None, True, False),
        ("刘某某", "individual", None, False, True),
    ]
    assert {x.decided_on for x in parsed.parties} == {date(2025, 3, 5)}


def test_two_vertical_tables_in_one_notice() -> None:
    block = [td("行政处罚决定书文号") + td("X金罚决字〔2025〕{n}号"), td("被处罚当事人") + td("{name}"),
             td("行政处罚决定") + td("{decision}"), td("作出处罚决定的机关名称") + td("宜春金融监管分局")]

    def one(n: int, name: str, decision: str) -> str:
        return table(*(row.format(n=n, name=name, decision=decision) for row in block))

    parsed = parse_docclob(notice(one(1, "宜春农村商业银行股份有限公司", "罚款40万元"), p("&nbsp;"),
                                  one(2, "周某（时任宜春农村商业银行股份有限公司副行长）", "警告并罚款5万元")))
    assert [(x.seq, x.party_name, x.decision_no, x.fine_yuan) for x in parsed.parties] == [
        (1, "宜春农村商业银行股份有限公司", "X金罚决字〔2025〕1号", 400_000),
        (2, "周某", "X金罚决字〔2025〕2号", 50_000),
    ]


@pytest.mark.parametrize(
    ("body", "party", "decision", "fine", "decided_on"),
    [
        (
            [p("国家金融监督管理总局某某监管分局行政处罚决定书送达公告"), p("某某县农村信用合作联社："),
             p("因其他方式无法送达，根据《中华人民共和国行政处罚法》第六十一条的规定，现依法向你单位公告送达《行政处罚决定书》"
               "（某金罚决字〔2025〕76号）。经查，你单位并购贷款审查不到位。本局决定：对你单位罚款人民币65万元。"),
             p("国家金融监督管理总局某某监管分局"), p("2026年1月14日")],
            "某某县农村信用合作联社", "罚款人民币65万元", 650_000, None,
        ),
        (
            [p("国家金融监督管理总局某某监管分局行政处罚决定书"), p("某金罚决字〔2025〕66号"),
             p("当事人：华安财产保险股份有限公司芜湖中心支公司"),
             p("经查，当事人存在以下违法违规行为：未按照规定使用经备案的保险条款。"),
             p("根据《中华人民共和国保险法》第八十六条，本局决定对当事人作出如下行政处罚：警告，并罚款128000元。"),
             p("芜湖金融监管分局"), p("2025年11月5日")],
            "华安财产保险股份有限公司芜湖中心支公司", "警告，并罚款128000元", 128_000, date(2025, 11, 5),
        ),
        (
            [p("国家金融监督管理总局某某监管分局行政处罚决定履行催告书"), p("龙某某："),
             p("本局于2025年6月8日作出《行政处罚决定书》（某金罚决字〔2025〕59号），决定对你罚款1万元。你至今未履行上述行政处罚决定。"),
             p("某某金融监管分局"), p("2025年6月26日")],
            "龙某某", "罚款1万元", 10_000, date(2025, 6, 8),
        ),
    ],
)
def test_paragraph_only_notices(body: list[str], party: str, decision: str, fine: int, decided_on: date | None) -> None:
    parsed = parse_docclob(notice(*body))
    assert (parsed.layout, parsed.parse_status) == ("text", "ok"), parsed.parse_error
    (found,) = parsed.parties
    assert (found.party_name, found.decision, found.fine_yuan, found.decided_on) == (party, decision, fine, decided_on)
    assert found.decision_no.endswith("号")


# ------------------------------------------------------------------ honesty: partial and failed


def test_missing_decision_is_partial_with_a_reason() -> None:
    parsed = parse_docclob(notice(table(
        td("序号") + td("当事人名称") + td("主要违法违规行为") + td("行政处罚内容") + td("作出决定机关"),
        td("1") + td("某某银行股份有限公司某某支行") + td("违规发放贷款") + td("—") + td("某某金融监管分局"),
    )))
    assert parsed.parse_status == "partial"
    assert "no decision" in parsed.parse_error
    assert parsed.parties[0].party_name == "某某银行股份有限公司某某支行"


def test_fine_without_a_readable_amount_is_partial() -> None:
    parsed = parse_docclob(notice(table(
        td("序号") + td("当事人名称") + td("行政处罚内容") + td("作出决定机关"),
        td("1") + td("某某银行股份有限公司某某支行") + td("罚款（金额见附件）") + td("某某金融监管分局"),
    )))
    assert parsed.parse_status == "partial"
    assert "fine amount not read" in parsed.parse_error


@pytest.mark.parametrize("docclob", [None, "", "   ", "<html><head><style>p{}</style></head></html>"])
def test_empty_notices_fail_with_a_reason(docclob: str | None) -> None:
    parsed = parse_docclob(docclob)
    assert (parsed.parse_status, parsed.parties) == ("failed", [])
    assert parsed.parse_error


def test_a_bug_becomes_a_failed_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    import scrapers.nfra.parse as parse_module

    def broken(_tree: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(parse_module, "_table_records", broken)
    parsed = parse_module.parse_docclob(notice(table(td("当事人名称") + td("行政处罚内容"), td("甲") + td("警告"))))
    assert parsed.parse_status == "failed"
    assert parsed.parse_error == "parser error: ZeroDivisionError: boom"


def test_a_table_typed_as_labelled_paragraphs() -> None:
    parsed = parse_docclob(notice(
        p("行政处罚决定书文号：宁金罚决字〔2025〕3号"), p("当事人名称：宁德市某某汽车运输有限公司"),
        p("主要违法违规事实：因管理不善导致许可证遗失"), p("行政处罚内容：给予警告，并处0.5万元罚款"),
        p("作出决定机关：宁德金融监管分局"), p("作出决定日期：2025年5月6日"),
    ))
    assert (parsed.layout, parsed.parse_status) == ("text", "ok")
    (party,) = parsed.parties
    assert (party.party_name, party.fine_yuan, party.warning) == ("宁德市某某汽车运输有限公司", 5_000, True)
    assert (party.decision_no, party.authority, party.decided_on) == (
        "宁金罚决字〔2025〕3号", "宁德金融监管分局", date(2025, 5, 6))


def test_split_parties_reads_one_csv_row() -> None:
    from scrapers.nfra.parse import split_parties

    parties = split_parties("徽商银行股份有限公司亳州分行及相关责任人",
                            "对徽商银行股份有限公司亳州分行罚款30万元。对刘焱、刘洋警告。对张永杰禁止从业5年。")
    assert [(x.seq, x.party_name, x.fine_yuan, x.warning, x.ban_years) for x in parties] == [
        (1, "徽商银行股份有限公司亳州分行", 300_000, False, None),
        (2, "刘焱", None, True, None),
        (3, "刘洋", None, True, None),
        (4, "张永杰", None, False, 5),
    ]
    assert parties[1].institution == "徽商银行股份有限公司亳州分行"


def test_gongkaibiao_cells_without_a_party_name_a_person_only_when_the_facts_do_once() -> None:
    # The 案由 / 依据 / 决定 cells of a 公开表 whose 当事人 cells were lost (as cc-0376…0417 of ../shared are).
    cells = ("<p>主要违法违规事实（案由）：某某农村信用合作联社违规发放贷款。{who}</p>"
             "<p>行政处罚依据：《中华人民共和国银行业监督管理法》第四十八条；</p><p>行政处罚决定：{decision}；</p>")
    one = parse_docclob(cells.format(who="张某某作为该联社理事长，对上述问题应承担直接责任。",
                                     decision="取消高级管理人员任职资格三年"), title="文号某银监罚〔2016〕3号")
    assert one.parse_status == "partial" and [p.party_name for p in one.parties] == ["张某某"]
    assert one.parties[0].institution == "某某农村信用合作联社"
    # Two people answer for it: whose the decision is, is not said.
    two = parse_docclob(cells.format(who="张某某作为该联社理事长，对上述问题应承担直接责任；李某某作为该联社主任，"
                                         "对上述问题负有直接责任。", decision="取消高级管理人员任职资格三年"))
    assert two.parse_status == "failed" and two.parse_error.startswith("公开表 cells with no 当事人")
    # A fine or a warning may be the unnamed institution's: no person's, whatever the facts say.
    fine = parse_docclob(cells.format(who="张某某作为该联社理事长，对上述问题应承担直接责任。",
                                      decision="警告并罚款三十万元"))
    assert fine.parse_status == "failed" and fine.parties == []
