"""The error classes of issue 11, each on a real notice read by hand (../shared/samples).

CBRC/CIRC notices are named by their 1-based line in cbrc-circ/notices.jsonl; NFRA table rows by the docId
of parsed_records_item4293_….csv (file lines in the comments). Every expected value below was read from the
notice's text, not from the parser.
"""

from __future__ import annotations

from datetime import date

import pytest

from models.record import ParsedNotice, Party
from qa.corpora import CBRC_CIRC, cbrc_circ_line, nfra_row_records
from scrapers.nfra.crosscheck import misread_names, others_inside
from scrapers.nfra.letter import decision_sentences
from scrapers.nfra.names import institution_of
from scrapers.nfra.parse import parse_docclob, parse_records
from scrapers.nfra.parties import Clause, Draft, Named
from scrapers.nfra.records import Record
from scrapers.nfra.titleparty import title_parties
from tests.conftest import REAL_ROWS_CSV


@pytest.fixture(autouse=True, scope="module")
def _shared_samples() -> None:
    assert CBRC_CIRC.is_file() and REAL_ROWS_CSV.is_file(), "real samples not found beside the checkout"


def letter(line: int) -> ParsedNotice:
    record = cbrc_circ_line(line)
    return parse_docclob(record["html"], title=record["page_title"])


def rows(doc_id: str) -> ParsedNotice:
    return parse_records(nfra_row_records(doc_id), "horizontal")


def by_name(parsed: ParsedNotice) -> dict[str, Party]:
    return {party.party_name: party for party in parsed.parties}


# ---------------------------------------------------------------- 1. paragraph decisions


def test_company_and_its_managers_are_each_a_party_with_every_fine_summed() -> None:
    # Line 78 (cc-0078, 津保监罚〔2018〕9号): 泰康养老天分 and five managers over four items. The company:
    # 6万 + 10万 + 10万 + 警告并3万; 王文军: 4.5万 + 2万 + 2万, each with a warning; the others one item each.
    parsed = letter(78)
    assert parsed.parse_status == "ok", parsed.parse_error
    company = "泰康养老保险股份有限公司天津分公司"  # '（以下简称泰康养老天分）' cut from the name
    assert [p.party_name for p in parsed.parties] == [company, "王文军", "崔慧艳", "丰树仁", "张春雷", "靳辉"]
    parties = by_name(parsed)
    assert [(p.fine_yuan, p.warning) for p in parsed.parties] == [
        (290_000, True), (85_000, True), (40_000, True), (10_000, True), (10_000, True), (10_000, True)
    ]
    assert parties[company].party_kind == "institution"
    wang = parties["王文军"]
    assert (wang.party_kind, wang.party_role, wang.institution) == ("individual", "时任分公司总经理", company)
    assert [m.text for m in wang.measures if m.kind == "fine-part"] == [
        "给予警告，并处罚款4.5万元", "给予警告，并处罚款2万元", "给予警告，并处罚款2万元"
    ]
    assert {p.decision_no for p in parsed.parties} == {"津保监罚〔2018〕9号"}


def test_summed_items_restated_after_zongshang_are_not_added_again() -> None:
    # Line 27 (cc-0027): items of 十八万, 十五万, 十万, 五万 and a warning, then '综上…作出警告，罚款四十八万元'.
    parsed = letter(27)
    (company,) = parsed.parties
    assert company.party_name == "中国人民财产保险有限公司云南省分公司"
    assert (company.fine_yuan, company.warning) == (480_000, True)
    assert "rectify" in {m.kind for m in company.measures}
    assert company.decided_on == date(2012, 2, 13)  # 二○一二年二月十三日, the last line


def test_a_decision_without_jueding_and_a_date_only_on_the_last_line() -> None:
    # Line 1 (cc-0001): '根据《保险法》第一百七十三条的规定，对你给予警告，并处罚款1万元。' — no 决定;
    # the date '2012年 10月24日' alone on the last line.
    parsed = letter(1)
    assert parsed.parse_status == "ok", parsed.parse_error
    (person,) = parsed.parties
    assert (person.party_name, person.party_kind) == ("陆萍", "individual")
    assert (person.fine_yuan, person.warning) == (10_000, True)
    assert person.decided_on == date(2012, 10, 24)


def test_a_revoked_qualification_of_a_circ_letter() -> None:
    # Line 2 (cc-0002): '…根据《保险法》第一百七十三条的规定，决定撤销你的保险中介机构高级管理人员任职资格。'
    (person,) = letter(2).parties
    assert (person.party_name, person.fine_yuan, person.warning) == ("杨伟中", None, False)
    assert [(m.kind, m.years) for m in person.measures] == [("disqualify", None)]
    assert person.institution == "上海海发代理保险有限公司"  # 在你担任上海海发代理保险有限公司…期间


def test_the_sanction_in_the_paragraphs_after_zuochu_ruxia_chufa() -> None:
    # Line 125 (cc-0125): '我局决定对你作出如下行政处罚：' then items (一)(二)(三) of 二万, 一万, 一万 with
    # warnings, and '综上，我局决定对你作出警告并处罚款四万元的行政处罚。'; signed 江苏保监局 2016年7月15日.
    parsed = letter(125)
    (person,) = parsed.parties
    assert (person.party_name, person.fine_yuan, person.warning) == ("杨国祥", 40_000, True)
    assert (person.authority, person.decided_on) == ("江苏保监局", date(2016, 7, 15))


def test_zeling_before_jueding_and_a_gongji_restatement() -> None:
    # Line 38 (cc-0038): '…我局责令你公司改正，决定给予你公司警告，处五千元罚款的行政处罚。云南保监局2014年1月29日'.
    (company,) = letter(38).parties
    assert (company.party_name, company.fine_yuan, company.warning) == ("云南三合众力保险代理有限公司", 5_000, True)
    assert [m.kind for m in company.measures] == ["rectify"]
    assert (company.authority, company.decided_on) == ("云南保监局", date(2014, 1, 29))
    # Line 31 (cc-0031): 十万元 for the first item, 二万元 for the second, then '综上，…给予共计十二万元罚款'.
    (company,) = letter(31).parties
    assert (company.party_name, company.fine_yuan) == ("云南三佳汽车销售服务有限公司", 120_000)


def test_a_branch_suspension_and_its_dates() -> None:
    # Line 56 (cc-0056): '…作出责令停止蓟县营销服务部接受交强险新业务1个月的行政处罚，停业日期自2008年2月14日至
    # 2008年3月14日。' — one suspension of one month; the dates are no duration.
    (company,) = letter(56).parties
    assert company.party_name == "天安保险股份有限公司天津分公司"
    assert [(m.kind, m.years, m.months) for m in company.measures] == [("suspend-business", None, 1)]


def test_qi_is_the_party_the_sentence_opens_with() -> None:
    # Line 81 (cc-0081): '…大地南宁中支…决定对其作出罚款十万元…五万元…对大地南宁中支作出合计罚款十五万元';
    # '余建灵对…负有直接责任，…我局决定对其作出警告，并处罚款一万元'; 叶岿锷 likewise.
    parsed = letter(81)
    assert parsed.parse_status == "ok", parsed.parse_error
    parties = by_name(parsed)
    company = parties["中国大地财产保险股份有限公司南宁中心支公司"]
    assert (company.fine_yuan, company.warning) == (150_000, False)
    for name in ("余建灵", "叶岿锷"):
        assert (parties[name].fine_yuan, parties[name].warning) == (10_000, True)
        assert parties[name].institution == company.party_name


def test_a_short_name_is_cut_from_the_party_and_matched_in_the_decision() -> None:
    # Line 70 (cc-0070): '当事人：太平财产保险有限公司天津分公司（以下简称“太平产险天分”）' and '当事人：刘莹 职务：时任
    # 太平产险天分副总经理'; '决定对该公司处10万元罚款；…决定对时任该公司刘莹给予警告，并处1万元罚款。'
    parsed = letter(70)
    company, person = parsed.parties
    assert company.party_name == "太平财产保险有限公司天津分公司"
    assert (company.fine_yuan, company.warning) == (100_000, False)
    assert (person.party_name, person.fine_yuan, person.warning) == ("刘莹", 10_000, True)
    assert person.party_role == "时任太平产险天分副总经理"


def test_confiscated_gains_and_a_fine_of_one_times_them() -> None:
    # Line 355 (cc-0355, flattened): '警告，没收违法所得人民币33648元，并处违法所得1倍的罚款人民币33648元';
    # the party is only in the title (…公开表（农业银行宁蒗县支行）), so the notice is partial.
    parsed = letter(355)
    (bank,) = parsed.parties
    assert bank.party_name == "农业银行宁蒗县支行"
    assert (bank.confiscated_yuan, bank.fine_yuan, bank.warning) == (33_648, 33_648, True)
    assert parsed.parse_status == "partial" and "title" in parsed.parse_error


def test_several_names_in_one_personal_name_cell_are_several_people() -> None:
    # Line 259 (cc-0259, 银监邢局罚〔2005〕2号): 个人姓名 '胡金海、李玉海', 取消高级管理人员任职资格6年.
    parsed = letter(259)
    assert [(p.party_name, p.party_kind) for p in parsed.parties] == [
        ("胡金海", "individual"), ("李玉海", "individual")
    ]
    for person in parsed.parties:
        assert [(m.kind, m.years) for m in person.measures] == [("disqualify", 6)]


def test_a_person_s_institution_is_the_one_the_facts_open_with_when_the_role_names_none() -> None:
    # Line 169 (cc-0169, 渝保监罚〔2015〕10号): '当事人：张晓慧' and '经查实，瑞泰人寿保险有限公司重庆分公司（以下简称
    # “瑞泰人寿重庆分公司”）存在以下违法行为'; her role (银保经代业务部销售总监) names a department only.
    (person,) = letter(169).parties
    assert (person.party_name, person.institution) == ("张晓慧", "瑞泰人寿保险有限公司重庆分公司")


def test_a_gongkaibiao_without_its_party_cells() -> None:
    # Lines 376–417 hold 公开表 republished as their 案由 / 依据 / 决定 cells only, the 当事人 cells lost and no
    # party in the title ('文号') or heading. Line 376 (cc-0376): '行政处罚决定：警告并罚款五万元整' of no one named.
    parsed = letter(376)
    assert (parsed.parse_status, parsed.parties) == ("failed", [])
    assert parsed.parse_error.startswith("公开表 cells with no 当事人: the decision (警告并罚款五万元整)")
    # Line 416 (cc-0416, 黔西南银监罚﹝2016﹞2号): the facts end '陈坤敏作为该行董事长，对贞丰农村商业银行在经营管理
    # 中存在的问题应承担直接责任', the decision '取消高级管理人员任职资格两年': his, read from the facts (so partial);
    # the post 董事长 of 该行, the bank the facts open with.
    parsed = letter(416)
    assert parsed.parse_status == "partial" and "named only in the facts: 陈坤敏" in parsed.parse_error
    (person,) = parsed.parties
    assert (person.party_name, person.party_kind, person.party_role) == ("陈坤敏", "individual", "董事长")
    assert person.institution == "贵州贞丰农村商业银行股份有限公司"
    assert [(m.kind, m.years) for m in person.measures] == [("disqualify", 2)]
    assert person.decision == "取消高级管理人员任职资格两年"


def test_a_post_office_named_only_in_the_title_is_the_party() -> None:
    # Line 368 (cc-0368): the title '涪陵银监分局行政处罚信息公开表（重庆市涪陵区邮政局）' and the three cells
    # '违规公款转储' / '《金融违法行为处罚办法》第十五条' / '警告，没收违法所得2735.69元人民币，并处违法所得2倍罚款
    # 5471.38 元。' (邮政局 ran postal savings: a financial institution of its day).
    parsed = letter(368)
    assert parsed.parse_status == "partial" and "named only in the title" in parsed.parse_error
    (office,) = parsed.parties
    assert (office.party_name, office.party_kind) == ("重庆市涪陵区邮政局", "institution")
    assert (office.warning, office.confiscated_yuan, office.fine_yuan) == (True, 2_736, 5_471)


def test_the_unit_beside_the_people_of_a_cbrc_form_is_a_party_when_the_decision_fines_it() -> None:
    # Line 280 (cc-0280, 邯银监罚决字〔2017〕21-23号): 个人姓名 '马宁、房建飞', 单位名称 '华夏银行股份有限公司邯郸分行',
    # decision '对华夏银行邯郸分行责令改正，并处罚款三十万元整；对马宁、房建飞分别处罚款五万元整'.
    parsed = letter(280)
    assert parsed.parse_status == "ok", parsed.parse_error
    parties = by_name(parsed)
    assert set(parties) == {"马宁", "房建飞", "华夏银行股份有限公司邯郸分行"}
    bank = parties["华夏银行股份有限公司邯郸分行"]
    assert (bank.fine_yuan, [m.kind for m in bank.measures]) == (300_000, ["rectify"])
    assert parties["马宁"].fine_yuan == parties["房建飞"].fine_yuan == 50_000
    # A unit the decision does not name is the person's employer, no party (the form written with fictional names).
    for decision in ("对张某某给予警告，并处罚款5万元", "警告，并处罚款5万元"):
        record = Record(person_name="张某某", party="某某县农村信用合作联社", decision=decision)
        alone = parse_records([record], "vertical")
        assert [(p.party_name, p.institution, p.fine_yuan) for p in alone.parties] == [
            ("张某某", "某某县农村信用合作联社", 50_000)]


def test_the_law_quoted_in_a_circ_letter_is_not_its_sanction() -> None:
    # Line 409 (cc-0409): '依据《保险营销员管理规定》第五十五条“…给予警告，处以1万元以下罚款”的规定，
    # 我局决定给予你警告的行政处罚' — a warning, no fine. Line 380 (cc-0380): 第145条“…责令改正，
    # 并处以五万元以上三十万元以下的罚款…” and 第99条“…给予警告，责令改正…”, then '我局对你公司作出责令改正的行政处罚':
    # 责令改正 only, no warning.
    (agent,) = letter(409).parties
    assert (agent.party_name, agent.warning, agent.fine_yuan) == ("鄢娅", True, None)
    parsed = letter(380)
    assert parsed.parse_status == "ok", parsed.parse_error
    (company,) = parsed.parties
    assert (company.warning, company.fine_yuan, [m.kind for m in company.measures]) == (False, None, ["rectify"])
    # Line 62 (cc-0062): '受处罚人：姓名杨俊国年龄 33 性别男', the form's labels left without colons.
    (person,) = letter(62).parties
    assert (person.party_name, person.party_kind) == ("杨俊国", "individual")
    assert (person.warning, person.fine_yuan) == (True, None)


# ---------------------------------------------------------------- 3. the party a sentence names


def test_a_ban_inside_an_institutions_decision_is_the_named_persons() -> None:
    # docId 1240967 (file line 2096): '对…福州台江支行合计处以80万元罚款，禁止吴伟从事银行业工作5年，禁止林圣超从事
    # 银行业工作5年'; docId 1244020 (line 1210): '对恒丰银行…福州分行合计处以100万元罚款，禁止王刚终身从事银行业工作'.
    parties = by_name(rows("1240967"))
    bank = parties["中国农业银行股份有限公司福州台江支行"]
    assert (bank.fine_yuan, bank.ban_years, bank.ban_lifetime) == (800_000, None, False)
    assert parties["吴伟"].ban_years == parties["林圣超"].ban_years == 5
    parties = by_name(rows("1244020"))
    assert parties["恒丰银行股份有限公司福州分行"].ban_lifetime is False
    assert parties["王刚"].ban_lifetime is True


def test_bans_from_the_insurance_industry_go_to_the_people_named() -> None:
    # docId 1252864 (file line 675): '对…天津市东丽支公司罚款12万元。对刘晗禁止进入保险业3年。'; docId 1249856 (line
    # 702): '对机构警告并罚款1万元。对丁信警告并罚款1万元，对朱波波、谌宗宸终身禁止进入保险业。'
    parties = by_name(rows("1252864"))
    assert parties["刘晗"].ban_years == 3
    branch = parties["中国人民财产保险股份有限公司天津市东丽支公司"]
    assert (branch.fine_yuan, branch.ban_years) == (120_000, None)
    parties = by_name(rows("1249856"))
    assert parties["朱波波"].ban_lifetime and parties["谌宗宸"].ban_lifetime
    assert (parties["丁信"].fine_yuan, parties["丁信"].warning, parties["丁信"].ban_lifetime) == (10_000, True, False)
    assert parties["中国人寿保险股份有限公司武汉市分公司"].ban_lifetime is False


def test_fenbie_geiyu_a_b_warnings_gives_each_person_a_warning() -> None:
    # docId 1238413 (file lines 4035–4041): the 广西上思农商行 row reads '分别给予梁明训、方俊星、马松余、黄海清警告'.
    parties = by_name(rows("1238413"))
    for name in ("梁明训", "方俊星", "马松余", "黄海清"):
        assert (parties[name].party_kind, parties[name].warning) == ("individual", True)
        assert parties[name].institution == "广西上思农村商业银行股份有限公司"
    assert parties["广西上思农村商业银行股份有限公司"].warning is False


def test_a_fomo_total_with_its_breakdown_fills_fine_and_confiscation() -> None:
    # docId 1196642 (file line 8094): '罚没合计163.55035万元，其中罚款155万元，没收违法所得8.55035万元'.
    bank = by_name(rows("1196642"))["云南寻甸农村商业银行股份有限公司"]
    assert (bank.fine_yuan, bank.confiscated_yuan, bank.forfeiture_yuan) == (1_550_000, 85_504, None)


# ---------------------------------------------------------------- 4. one decision shared by many rows


def test_rows_repeating_one_decision_store_each_person_once() -> None:
    # docId 1243848 (file lines 1254–1278): 18 rows, one per person, each repeating
    # '对徐杨、钱子昂、…、陈方明警告。'.
    parsed = rows("1243848")
    names = [p.party_name for p in parsed.parties]
    assert len(names) == len(set(names))
    people = ["徐杨", "钱子昂", "沈潜威", "郑和兵", "鲍莹", "林望", "吴瑶", "高原", "许玲", "童中宁", "曹水洪", "章俊",
              "王东慧", "徐明焱", "吴早生", "郑闻凯", "朱军", "陈方明"]
    assert names[1:19] == people
    assert all(p.warning and p.fine_yuan is None for p in parsed.parties[1:19])


def test_a_row_sanctioning_only_its_cells_unnamed_branches_goes_on_with_the_row_above() -> None:
    # docId 1240474 (file lines 2257–2259): three rows under one 当事人 cell '诚泰财产保险股份有限公司普洱中心支公司'
    # and one facts cell: '对…普洱中心支公司罚款12万元' / '对相关分支机构罚款共计10万元' / '对责任人左健、胥奇超、李翠芬
    # 分别予以警告并处罚款共计3万元。'. One decision: the company once, its branches' 10万 part of its fine
    # (qa/truth/README.md: unnamed branches are no party of their own).
    parsed = rows("1240474")
    assert parsed.parse_status == "ok", parsed.parse_error
    company = parsed.parties[0]
    assert [p.party_name for p in parsed.parties] == [company.party_name, "左健", "胥奇超", "李翠芬"]
    assert company.party_name == "诚泰财产保险股份有限公司普洱中心支公司"
    assert (company.fine_yuan, company.decision) == (220_000, "对诚泰财产保险股份有限公司普洱中心支公司罚款12万元\n"
                                                                "对相关分支机构罚款共计10万元")
    # docId 1229340 (lines 3989–3991): the same shape, the second row also warning a branch by name.
    parties = by_name(rows("1229340"))
    assert len(parties) == 9  # the company, the branch warned and seven people
    assert parties["中国人寿保险股份有限公司普洱分公司"].fine_yuan == 555_000  # 35万 + 20.5万
    branch = parties["中国人寿保险股份有限公司思茅区支公司"]
    assert (branch.warning, branch.fine_yuan) == (True, None)


def test_branches_fined_in_the_rows_under_their_banks_cell_are_the_banks_decision() -> None:
    # docId 1242206 (file lines 1583–1586): 兴业银行大连分行 is fined 80万 in one decision (its own facts) and, in
    # another, 260万 while the next two rows of that decision, under the same 当事人 cell, fine two of its
    # branches: '对大连星海支行罚款五十万元' / '对大连西安路支行罚款八十万元。'. The branches are parties, the bank
    # no party left without a sanction; the bank's two decisions are two rows.
    parsed = rows("1242206")
    assert parsed.parse_status == "ok", parsed.parse_error
    assert [(p.party_name, p.fine_yuan) for p in parsed.parties] == [
        ("兴业银行股份有限公司大连分行", 800_000), ("兴业银行股份有限公司大连分行", 2_600_000),
        ("兴业银行股份有限公司大连星海支行", 500_000), ("兴业银行股份有限公司大连西安路支行", 800_000)]
    assert parsed.parties[0].facts != parsed.parties[1].facts


def test_a_row_repeated_verbatim_is_stored_once() -> None:
    # docId 1216785 (file lines 5596–5597): the row '宗海霞（阳光人寿开封中支个人代理人）' / '警告，并处罚款0.1万元' /
    # '误导宣传' twice, every cell the same: one decision. 王小改 and 朱小峰, whose rows read alike but name
    # other people, stay parties of their own.
    names = [p.party_name for p in rows("1216785").parties]
    assert names.count("宗海霞") == 1
    assert names.count("王小改") == names.count("朱小峰") == 1
    assert len(names) == 8


def test_people_listed_with_commas_in_a_row_under_their_banks_cell() -> None:
    # docId 1219008 (file lines 5229–5230): under '平安银行股份有限公司青岛分行', '对该分行罚款110万元' and then
    # '对时任该分行地产金融业务部总经理徐绍勇，贸易金融业务二部总经理姜新武，…开发区支行个贷业务团队负责人沈文忠分别给予
    # 警告': six people warned, the bank fined once (it was given the warnings as a second row).
    parsed = rows("1219008")
    bank = [p for p in parsed.parties if p.party_name == "平安银行股份有限公司青岛分行"]
    assert [(p.fine_yuan, p.warning) for p in bank] == [(1_100_000, False)]
    people = ["徐绍勇", "姜新武", "李超", "田阳", "张昊", "沈文忠"]
    parties = by_name(parsed)
    for name in people:
        assert (parties[name].warning, parties[name].fine_yuan) == (True, None), name
    # 该分行 in the first role is the bank of those whose roles name a department (沈文忠's names a 支行).
    for name in people[:5]:
        assert parties[name].institution == "平安银行股份有限公司青岛分行", name
    assert parties["李超"].party_role == "网金业务二部总经理助理（主持工作）"


def test_one_party_in_two_decisions_of_a_notice_is_stored_for_each() -> None:
    # docId 1219008 (lines 5233–5235): 海尔消费金融 fined in three rows, each for its own violation
    # ('对该公司<violation>的违法违规行为罚款…'), 黄应华 warned and fined 20万 in one, disqualified in another:
    # three decisions, so three rows for the company and two for him.
    parsed = rows("1219008")
    company = [p.fine_yuan for p in parsed.parties if p.party_name == "海尔消费金融有限公司"]
    assert company == [1_050_000, 500_000, 500_000]
    huang = [(p.fine_yuan, [m.kind for m in p.measures]) for p in parsed.parties if p.party_name == "黄应华"]
    assert huang == [(200_000, []), (None, ["disqualify"])]
    # docId 1208285 (lines 6605–6609): 高小鹏 banned eight years as 董事长 of 延安农商行 and, in the next
    # institution's decision, as 理事长 of 延长县联社: two decisions with the same words.
    gao = [p.party_role for p in rows("1208285").parties if p.party_name == "高小鹏"]
    assert gao == ["时任延安农村商业银行股份有限公司董事长", "时任延长县农村信用合作联社理事长"]


# ---------------------------------------------------------------- 5. ok only when the text agrees


def test_one_amount_for_two_people_without_fenbie_is_partial() -> None:
    # docId 1255844 (file lines 17–35): '对黄俊、曹烽给予警告并处罚款5万元。' — each 5万, or 5万 between them?
    parsed = rows("1255844")
    assert parsed.parse_status == "partial"
    assert "without 分别 or 共计" in parsed.parse_error


def test_spaces_between_the_characters_of_a_name_are_not_part_of_it() -> None:
    # docId 1198835 (file lines 7878–7880): the 当事人 cell '杨 书 伟（时任中国太平洋财产保险股份有限公司恩施市支公司
    # 经理）', 警告并处罚款1万元.
    person = by_name(rows("1198835"))["杨书伟"]
    assert person.party_kind == "individual"
    assert person.party_role == "时任中国太平洋财产保险股份有限公司恩施市支公司经理"
    assert (person.fine_yuan, person.warning) == (10_000, True)


def test_people_listed_with_commas_after_quxiao_each_get_their_disqualification() -> None:
    # Line 260 (cc-0260): seven names in the 个人姓名 cell; '取消南宫市原紫冢信用社理事长、主任张朝志，
    # 风岗第二信用社理事长、主任齐素锂，明化信用社理事长、主任肖秀泽高管人员任职资格终身；取消原风岗一社理事长、
    # 主任吴丙庆，…段头信用社副主任李爱兵农村高管人员任职资格6年': three for life, four for six years, each with the
    # role the list gives. 原风岗一社 (吴丙庆's) is not read as an institution: partial, for that alone.
    parsed = letter(260)
    assert parsed.parse_error == "吴丙庆: the role names 风岗一社, no institution stored"
    assert [(p.party_name, [(m.kind, m.years) for m in p.measures]) for p in parsed.parties] == [
        ("张朝志", [("disqualify", None)]), ("齐素锂", [("disqualify", None)]), ("肖秀泽", [("disqualify", None)]),
        ("吴丙庆", [("disqualify", 6)]), ("张祖伦", [("disqualify", 6)]), ("刘风章", [("disqualify", 6)]),
        ("李爱兵", [("disqualify", 6)])]
    assert "终身" in parsed.parties[0].measures[0].text
    parties = by_name(parsed)
    assert (parties["张朝志"].party_role, parties["张朝志"].institution) == ("南宫市原紫冢信用社理事长、主任",
                                                                          "南宫市原紫冢信用社")
    assert (parties["李爱兵"].party_role, parties["李爱兵"].institution) == ("段头信用社副主任", "段头信用社")


def test_a_decision_naming_its_people_one_by_one_but_unsplit_is_partial() -> None:
    # cc-0260's shape with a piece that is no role and name (风岗信用社齐某某 has no title): not read as a list,
    # so both would be given all of it.
    record = Record(person_name="张某某、齐某某",
                    decision="取消紫冢信用社理事长张某某，风岗信用社齐某某高管人员任职资格终身")
    parsed = parse_records([record], "vertical")
    assert len(parsed.parties) == 2
    assert parsed.parse_status == "partial" and "one by one" in parsed.parse_error


def test_a_place_that_begins_with_he_is_not_split_as_and() -> None:
    # docId 1249594 (file lines 1117–1119): '对安华农业保险股份有限公司延边中心支公司和龙营销服务部罚款5万元。'
    # — 和龙 is a city of 延边, so this is one branch, not the 中心支公司 'and' a 龙营销服务部.
    parsed = rows("1249594")
    branch = by_name(parsed)["安华农业保险股份有限公司延边中心支公司和龙营销服务部"]
    assert (branch.party_kind, branch.fine_yuan) == ("institution", 50_000)
    assert parsed.parse_status == "ok", parsed.parse_error


# ---------------------------------------------------------------- 6. the misses of the second round (part 6)


def test_a_violation_named_after_a_payment_word_still_orders_its_sanction() -> None:
    # Line 73 (cc-0073): items three and four are 未按规定制作客户告知书 and 未按规定使用独立保费代收账户, words of
    # the payment boilerplate (告知书, 账户), each then '我局决定对鑫元代理给予警告，并处0.5万元罚款'. The company:
    # 50万 + 0.5万 × 3 = 51.5万; 邢伟洁 10万 + 0.5万 × 3 = 11.5万.
    parsed = letter(73)
    assert parsed.parse_status == "ok", parsed.parse_error
    assert [(p.party_name, p.fine_yuan, p.warning) for p in parsed.parties] == [
        ("天津市鑫元保险代理有限公司", 515_000, True), ("邢伟洁", 115_000, True)]
    # The payment sentences themselves (…持缴款码…缴款, 逾期…加处罚款) still order nothing.
    assert not any("缴款" in (p.decision or "") for p in parsed.parties)
    # Nor does a prior notice recounted, its violation named with such a word.
    violation = "你公司未按规定使用独立账户代收保险费的行为违反了《保险专业代理机构监管规定》第三十二条，"
    assert decision_sentences([violation + "我局拟决定对你公司处以罚款1万元。"]) == []
    assert decision_sentences([violation + "我局决定对你公司处以罚款1万元。"]) != []


def test_a_sentence_naming_no_one_is_the_party_it_opens_with() -> None:
    # Line 75 (cc-0075): '四、易明经纪未按规定管理业务档案，违反…第五十五条处罚款8万元；依据第一百七十一条，对时任
    # 执行董事王丹给予警告、并处罚款8万元。' — the first 8万 is the company's (the sentence's subject), not 王丹's.
    # Read as printed: company 1+1+8+1+6 = 17万, 王丹 1+1+8+1+5 = 16万.
    parsed = letter(75)
    assert [(p.party_name, p.fine_yuan) for p in parsed.parties] == [
        ("天津易明保险经纪有限公司", 170_000), ("王丹", 160_000)]
    # The copy lost item 三 and prints 四 twice: read as printed, but not trusted.
    assert parsed.parse_status == "partial"
    assert parsed.parse_error == "paragraphs numbered 四 after 二: an item lost or repeated in this copy"


def test_a_summing_up_after_items_addressed_to_you_is_not_added_again() -> None:
    # Line 395 (cc-0395): '…我局决定对你处以警告、罚款5万元…', '…对你处以撤销任职资格…', then '综上，我局决定对你处以
    # 撤销任职资格、警告和罚款5万元' (the total, once); signed '中国保险监督管理委员会' / '北京监管局' on two lines.
    (person,) = letter(395).parties
    assert (person.party_name, person.fine_yuan, person.warning) == ("高恩昌", 50_000, True)
    assert [m.kind for m in person.measures if m.kind != "fine-part"] == ["disqualify"]
    assert person.authority == "中国保险监督管理委员会北京监管局"


def test_a_unit_name_broken_over_two_lines_of_its_cell_is_one_party() -> None:
    # Line 220 (cc-0220): the CBRC form's 名称 cell '浦发银行股份有限公司<br>廊坊分行', 警告并罚款人民币二十五万元.
    parsed = letter(220)
    assert parsed.parse_status == "ok", parsed.parse_error
    (bank,) = parsed.parties
    assert (bank.party_name, bank.fine_yuan, bank.warning, bank.fine_note) == (
        "浦发银行股份有限公司廊坊分行", 250_000, True, None)


def test_a_disclosure_naming_its_parties_only_in_the_title_gives_each_its_decision() -> None:
    # Line 399 (cc-0399), 行政处罚信息披露（民太安财产保险公估股份有限公司北京分公司、张野）: '中国保险监督管理委员会
    # 北京监管局于2018年10月17日作出京保监罚〔2018〕21号处罚决定。…对民太安公估北分处以警告、罚款1万元…，并责令改正…。
    # …决定对张野处以警告、罚款1万元的行政处罚。'
    parsed = letter(399)
    assert parsed.parse_status == "ok", parsed.parse_error
    company = "民太安财产保险公估股份有限公司北京分公司"
    assert [(p.party_name, p.fine_yuan, p.warning) for p in parsed.parties] == [
        (company, 10_000, True), ("张野", 10_000, True)]
    assert [m.kind for m in parsed.parties[0].measures] == ["rectify"]
    assert by_name(parsed)["张野"].institution == company
    assert {(p.decision_no, p.authority, p.decided_on) for p in parsed.parties} == {
        ("京保监罚〔2018〕21号", "中国保险监督管理委员会北京监管局", date(2018, 10, 17))}


def test_a_quoted_law_is_no_decision_and_a_bank_ordered_to_correct_is_a_party() -> None:
    # Line 403 (cc-0403), title '…_王建、丁继光、林韧': the 依据 quotes 第四十八条 ('对直接负责的董事…给予警告，处五万元
    # 以上五十万元以下罚款…'); the decision: '责令兴业银行北京分行改正，给予合计800万元罚款的行政处罚。对王建…对丁继光…
    # 对林韧给予警告并处10万元罚款'. The bank is not among the title's names: partial, saying so.
    parsed = letter(403)
    parties = by_name(parsed)
    assert set(parties) == {"兴业银行北京分行", "王建", "丁继光", "林韧"}
    assert (parties["兴业银行北京分行"].fine_yuan, [m.kind for m in parties["兴业银行北京分行"].measures]) == (
        8_000_000, ["rectify"])
    assert (parties["王建"].fine_yuan, parties["王建"].ban_lifetime) == (None, True)
    assert [(m.kind, m.years) for m in parties["丁继光"].measures] == [("disqualify", 5)]
    assert (parties["林韧"].fine_yuan, parties["林韧"].warning) == (100_000, True)
    # '王建、丁继光、林韧为责任人', listed without an institution beside the one bank the decision sanctions: theirs.
    assert {parties[name].institution for name in ("王建", "丁继光", "林韧")} == {"兴业银行北京分行"}
    assert parsed.parse_status == "partial"
    assert "兴业银行北京分行: named in the decision, not among the parties listed" in parsed.parse_error


def test_an_amount_naming_no_one_given_to_a_person_by_default_is_partial() -> None:
    # The shape cc-0403 had before its bank was read: the first clause names no one, the others name people, and
    # the first listed party is a person: the amount is only guessed to be theirs.
    record = Record(party="王某某、丁某某", decision="给予合计800万元罚款；对丁某某给予警告")
    parsed = parse_records([record], "horizontal")
    assert parsed.parse_status == "partial"
    assert "amount naming no party, given to the first listed" in parsed.parse_error
    # The one institution of a cell owns a clause naming no one (docId 1219008: '对该公司…的违法违规行为罚款105万元').
    record = Record(party="某某消费金融有限公司",
                    decision="对该公司违规办理同业业务的违法违规行为罚款50万元，对时任该公司总经理黄某某取消任职资格二年")
    own = parse_records([record], "horizontal")
    assert own.parse_status == "ok", own.parse_error


def test_several_parties_against_the_decision_text_of_a_row_cut_at_dun_dui() -> None:
    # docId 1243151 (file lines 4393–4394): '对农行海南省分行罚款100万元、对农行三亚分行罚款35万元、
    # 对农行东方支行罚款30万元、对农行儋州分行罚款25万元、对农行定安支行罚款20万元、对农行海秀支行罚款25万元，
    # 对廖宝印、蔡亲道、许晓雯警告。' — one party per 、对, not 235万 for the 省分行; docId 1249528:
    # '对祖大伟禁止从事银行业工作10年、对王波月、李栋禁止终身…'.
    fines = [(p.party_name, p.fine_yuan) for p in rows("1243151").parties if p.party_kind == "institution"][:6]
    assert [yuan for _, yuan in fines] == [1_000_000, 350_000, 300_000, 250_000, 200_000, 250_000]
    # 农行三亚分行 is named as printed: its 农行 is the bank, not a branch of the company named before it.
    assert [name for name, _ in fines[:2]] == ["中国农业银行股份有限公司海南省分行", "农行三亚分行"]
    bans = {p.party_name: (p.ban_years, p.ban_lifetime) for p in rows("1249528").parties}
    assert (bans["祖大伟"], bans["王波月"], bans["李栋"]) == ((10, False), (None, True), (None, True))


def test_a_clause_that_goes_on_to_sanction_another_party_is_partial() -> None:
    # docId 1254519 as its clauses were read before '、对' cut them: 廖礼鹏's clause held the four others' fines.
    text = "对廖礼鹏警告并罚款0.6万元、对何勇警告并罚款0.7万元、对曾春警告并罚款0.6万元"
    draft = Draft(Named("廖礼鹏", "individual"), clauses=[(Clause(text, [Named("廖礼鹏", "individual")], text), 1)])
    assert others_inside([draft]) == ["廖礼鹏: its clause also sanctions 何勇"]
    # 对农业银行…存在的第（一）、第（二）项违规问题 (cc-0316) is a matter of the bank's, not another party.
    own = "对中国农业银行股份有限公司武汉江岸支行罚款50万元，对农业银行武汉江岸支行存在的第（二）项违规问题罚款20万元"
    bank = Draft(Named("中国农业银行股份有限公司武汉江岸支行", "institution"),
                 clauses=[(Clause(own, [Named("中国农业银行股份有限公司武汉江岸支行", "institution")], own), 1)])
    assert others_inside([bank]) == []


def test_a_stated_total_that_is_not_the_sum_of_its_items_is_partial() -> None:
    # cc-0010's shape when one 0.5万 item was lost (客户告知书 read as payment): the total stored, the notice partial.
    decision = "（一）对该公司罚款2万元；\n（二）对该公司给予警告，罚款0.5万元；\n综上，对该公司给予警告，合计罚款3万元"
    record = Record(party="某某保险代理有限公司", decision=decision)
    parsed = parse_records([record], "horizontal")
    assert parsed.parties[0].fine_yuan == 30_000
    assert parsed.parse_status == "partial"
    assert "fines stated one by one (25,000 yuan) do not add up to the total stated (30,000)" in parsed.parse_error
    # Line 10 (cc-0010) itself: ten items, 2万 + 0.5万 × 6 + 2万 + 2万 + 10万 = 合计19万 — they agree.
    parsed = letter(10)
    assert parsed.parse_status == "ok", parsed.parse_error
    assert parsed.parties[0].fine_yuan == 190_000


def test_a_party_the_title_names_that_the_parse_missed_makes_it_partial() -> None:
    # Line 398 (cc-0398), 行政处罚信息披露(中国人寿保险股份有限公司北京市分公司、张松山、程炳华、朱宇阳）:
    # all four read.
    parsed = letter(398)
    assert parsed.parse_status == "ok", parsed.parse_error
    assert [(p.party_name, p.fine_yuan) for p in parsed.parties] == [
        ("中国人寿保险股份有限公司北京市分公司", 300_000), ("张松山", 70_000), ("程炳华", 80_000), ("朱宇阳", 80_000)]
    # A disclosure whose text decides on the company only, while its title names a person too.
    title = "行政处罚信息披露（北京某某保险代理有限公司、张某某）"
    text = ("<p>中国保险监督管理委员会北京监管局于2018年1月5日作出京保监罚〔2018〕3号处罚决定。</p>"
            "<p>经查，北京某某保险代理有限公司（以下简称某某代理）编制虚假资料，违反了《中华人民共和国保险法》"
            "第一百三十二条的规定，根据《中华人民共和国保险法》第一百七十条，"
            "我局决定对某某代理处以警告、罚款1万元的行政处罚。</p>")
    parsed = parse_docclob(text, title=title)
    assert parsed.parse_status == "partial"
    assert parsed.parse_error == "the title names 北京某某保险代理有限公司、张某某, not among the parties read"


def test_a_fine_of_one_times_the_gains_beside_another_fine() -> None:
    # Line 374 (cc-0374): '1.对…的问题，作出给予警告，没收违法所得6.5万元人民币并处以1倍罚款的行政处罚；2.对以贷转存问题
    # 罚款人民币50万元。' — 6.5万 × 1 + 50万 = 56.5万, the gains 6.5万 confiscated.
    (bank,) = letter(374).parties
    assert (bank.party_name, bank.fine_yuan, bank.confiscated_yuan, bank.warning) == (
        "重庆三峡银行股份有限公司", 565_000, 65_000, True)


def test_a_line_of_business_after_dui_is_no_party() -> None:
    # Line 375 (cc-0375): '1.对银行承兑汇票业务没收违法所得12.45万元人民币，并处以1倍罚款；2.对贴现业务没收违法所得
    # 28.9万元人民币。' — one party (the bank in the title): 12.45万 fined, 12.45万 + 28.9万 confiscated.
    (bank,) = letter(375).parties
    assert (bank.party_name, bank.fine_yuan, bank.confiscated_yuan) == ("重庆三峡银行股份有限公司", 124_500, 413_500)


def test_a_post_printed_before_the_name_is_the_persons_role() -> None:
    # Line 398 (cc-0398): '时任国寿北分副总经理张松山（身份证号：…），是对上述违规问题直接负责的主管人员' and two more.
    roles = {p.party_name: (p.party_role, p.institution) for p in letter(398).parties}
    company = "中国人寿保险股份有限公司北京市分公司"
    assert roles["张松山"] == ("时任国寿北分副总经理", company)
    assert roles["朱宇阳"] == ("时任国寿北分银行保险部理财管理部经理", company)


def test_zuochu_spelt_with_zuo_of_doing_is_a_sanction_verb() -> None:
    # Line 136 (cc-0136): '综上，我局决定对中华联合…肃州区支公司做出合并罚款十二万元人民币的行政处罚。当事人郭宗汉对
    # 上述违法行为负有直接的主管责任，…我局决定对其个人做出撤销任职资格的行政处罚。' — 做出 for 作出: not part of
    # a name.
    parsed = letter(136)
    assert parsed.parse_status == "ok", parsed.parse_error
    assert [(p.party_name, p.fine_yuan, [m.kind for m in p.measures if m.kind != "fine-part"])
            for p in parsed.parties] == [("中华联合财产保险股份有限公司酒泉市肃州区支公司", 120_000, []),
                                         ("郭宗汉", None, ["disqualify"])]


def test_a_person_whose_cell_holds_a_second_bracket_is_a_person() -> None:
    # docId 1226873: '刘思敏（LIU SIMIN）（时任安盛天平财产保险有限公司财会部门负责人）' (the name again in Latin
    # letters); docId 1228676: '杨晓杰（时任…揭阳市分公司车辆保险部副经理）（主持工作）'; docId 1224492:
    # '周建晶（时任天津宁河村镇银行股份有限公司客户经理））' (one bracket too many). Each was stored as an institution
    # of that name.
    liu = by_name(rows("1226873"))["刘思敏"]
    assert (liu.party_kind, liu.party_role) == ("individual", "时任安盛天平财产保险有限公司财会部门负责人")
    yang = by_name(rows("1228676"))["杨晓杰"]
    assert yang.party_role == "时任中国人民财产保险股份有限公司揭阳市分公司车辆保险部副经理（主持工作）"
    assert yang.institution == "中国人民财产保险股份有限公司揭阳市分公司"
    zhou = by_name(rows("1224492"))["周建晶"]
    assert (zhou.party_kind, zhou.party_role) == ("individual", "时任天津宁河村镇银行股份有限公司客户经理")
    # A bracket inside an institution's name stays part of it (docId 1233071).
    assert "天天有保（湖南）保险经纪服务有限公司（原湖南省大鸿保险经纪有限公司）" in by_name(rows("1233071"))


def test_each_institution_of_a_cell_may_carry_its_people_suffix() -> None:
    # docId 1245792: '中国太平洋人寿保险股份有限公司吉林省分公司及相关责任人、中国太平洋人寿…长春中心支公司
    # 及相关责任人';
    # docId 1242798: '中国邮政储蓄银行股份有限公司广州分行等13家分支机构及相关责任人员'.
    institutions = [p.party_name for p in rows("1245792").parties if p.party_kind == "institution"]
    assert institutions == ["中国太平洋人寿保险股份有限公司吉林省分公司",
                            "中国太平洋人寿保险股份有限公司长春中心支公司"]
    bank = rows("1242798").parties[0]
    assert (bank.party_name, bank.fine_yuan) == ("中国邮政储蓄银行股份有限公司广州分行", 3_300_000)


def test_an_institution_named_with_a_post_a_cell_suffix_or_a_verb_is_partial() -> None:
    # The names the parser stored, status ok, before the fixes above (docIds 1245792, 1226873, cc-0136).
    misread = [
        "中国太平洋人寿保险股份有限公司吉林省分公司及相关责任人",
        "刘思敏（LIU SIMIN）（时任安盛天平财产保险有限公司财会部门负责人）",
        "中国邮政储蓄银行股份有限公司广州分行等13家",
        "中华联合财产保险股份有限公司酒泉市肃州区支公司做出",
    ]
    drafts = [Draft(Named(name, "institution")) for name in misread]
    assert len(misread_names(drafts)) == 4
    # Real names with brackets, a 部 or a 中心 pass.
    fine = [
        "天天有保（湖南）保险经纪服务有限公司（原湖南省大鸿保险经纪有限公司）",
        "中国工商银行股份有限公司私人银行部",
        "太平人寿保险有限公司辽宁电话销售中心",
    ]
    assert misread_names([Draft(Named(name, "institution")) for name in fine]) == []


def test_places_in_a_titles_brackets_are_not_parties() -> None:
    # An NFRA list title (list_rows_item4293…json):
    # '国家金融监督管理总局湖北监管局行政处罚信息公开表（咸宁、孝感、恩施）' — the offices' cities, not three
    # people, so no party is read from it nor found missing against it.
    assert title_parties("国家金融监督管理总局湖北监管局行政处罚信息公开表（咸宁、孝感、恩施）") is None
    assert title_parties("松原金融监管分局行政处罚决定书送达公告（韩晓东）") == "韩晓东"


def test_a_decision_that_orders_no_sanction_is_partial() -> None:
    # docId 1248702: the export's decision column holds '2026年2月3日' (a column shifted); line 255 (cc-0255): the
    # 公开表's 行政处罚决定 cell holds only '《金融许可证管理办法》第十六条'. Nothing was read: not ok.
    shifted = rows("1248702")
    assert shifted.parse_status == "partial"
    assert "its decision orders no sanction: '2026年2月3日'" in shifted.parse_error
    law_only = letter(255)
    assert law_only.parse_status == "partial" and "orders no sanction" in law_only.parse_error


def test_a_persons_certificate_revoked_is_a_measure() -> None:
    # Line 8 (cc-0008): '…给予吊销你《保险代理从业人员资格证书》的行政处罚' — not an institution's licence: 'other'.
    parsed = letter(8)
    assert parsed.parse_status == "ok", parsed.parse_error
    (person,) = parsed.parties
    assert [(m.kind, m.text) for m in person.measures] == [("other", "吊销你《保险代理从业人员资格证书》的行政处罚")]


def test_an_individual_agent_or_a_department_names_no_institution() -> None:
    # docId 1253528: '严巍巍（个人保险代理人）' was given the institution 个人保险; docId 1214341:
    # '时任结构金融部副总经理' the institution 结构金融. Each now has the one institution of its notice's row.
    assert institution_of("个人保险代理人") is None
    assert institution_of("时任结构金融部副总经理（主持工作）") is None
    assert institution_of("马上消费金融风控部经理") == "马上消费金融"
    assert by_name(rows("1253528"))["严巍巍"].institution == "泰康人寿保险有限责任公司云南分公司"
