"""The error classes the blind draw (truth set `blind:seed2`) exposed, each on a real notice read by hand.

CBRC/CIRC notices are named by their 1-based line in ../shared/samples/cbrc-circ/notices.jsonl (line N is
cc-N); NFRA table rows by the docId of parsed_records_item4293_….csv. Every expected value below was read
from the notice's text, not from the parser.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from models.record import ParsedNotice, Party
from qa.corpora import CBRC_CIRC, cbrc_circ_line, nfra_row_records
from scrapers.nfra.assemble import complete_institutions
from scrapers.nfra.fullnames import printed_full_names
from scrapers.nfra.parse import parse_docclob, parse_records


@pytest.fixture(autouse=True, scope="module")
def _shared_samples() -> None:
    assert CBRC_CIRC.is_file(), "real samples not found beside the checkout"


def letter(line: int) -> ParsedNotice:
    record = cbrc_circ_line(line)
    return parse_docclob(record["html"], title=record["page_title"])


# ---------------------------------------------------------------- CBRC form with empty label cells


def test_the_form_rows_whose_label_cell_is_empty_are_read_in_the_forms_order() -> None:
    # Line 249 (cc-0249, 银监.xlsx): the 案由, 依据 and 决定 rows have empty label cells; the 决定 cell is
    # 「罚款40万元」. The 文号 cell 「（甘银监罚〔2015〕号）」 has no serial number, and the 机关 / 日期 cells are
    # empty.
    parsed = letter(249)
    assert parsed.parse_status == "ok", parsed.parse_error
    (bank,) = parsed.parties
    assert (bank.party_name, bank.fine_yuan, bank.decision) == ("中国银行甘肃省分行", 400_000, "罚款40万元")
    assert bank.basis.startswith("《商业银行法》第五十五条")
    assert bank.facts.startswith("办理同业业务时存在为第三方金融机构")
    assert (bank.decision_no, bank.authority, bank.decided_on) == (None, None, None)


def test_the_unlabelled_row_after_the_decision_is_the_authority() -> None:
    # Line 216 (cc-0216): labelled 文号 … 决定 rows, then 「中国银监会山东监管局」 in a row with an empty label
    # cell (the 机关 row). The 文号 「（鲁银监）罚字〔2009〕号」 lacks its number: no decision number.
    (bank,) = letter(216).parties
    assert (bank.party_name, bank.fine_yuan) == ("恒丰银行莱州支行", 800_000)
    assert (bank.authority, bank.decision_no) == ("中国银监会山东监管局", None)
    # Line 201 (cc-0201): every row after the 法定代表人 unlabelled: 依据, 决定 「处以五十万元罚款。」, 机关.
    parsed = letter(201)
    assert parsed.parse_status == "ok", parsed.parse_error
    (bank,) = parsed.parties
    assert (bank.party_name, bank.fine_yuan, bank.authority) == ("吉林舒兰农村商业银行股份有限公司", 500_000,
                                                                 "吉林银监分局")
    assert bank.basis.startswith("《企业会计准则》第十二条")


def test_a_form_with_empty_party_cells_sanctions_the_party_its_title_names() -> None:
    # Line 202 (cc-0202): 个人姓名 and 名称 cells empty, 「处以十万元罚款。」 in the unlabelled 决定 row; the
    # title is 「吉林银监分局行政处罚信息公开表（石义）」.
    parsed = letter(202)
    (person,) = parsed.parties
    assert (person.party_name, person.party_kind, person.fine_yuan) == ("石义", "individual", 100_000)
    assert person.authority == "吉林银监分局"
    assert parsed.parse_status == "partial" and "named only in the title" in parsed.parse_error


# ---------------------------------------------------------------- a disqualification named by the post


def test_quxiao_gaoji_guanli_renyuan_zige_is_a_disqualification_without_renzhi() -> None:
    # Line 265 (cc-0265): 「取消高级管理人员资格终身，禁止终身从事银行业工作。」 — a lifetime disqualification
    # (no term in years) and a lifetime ban.
    (person,) = letter(265).parties
    assert person.party_name == "程立峰"
    assert [(m.kind, m.text, m.years) for m in person.measures] == [("disqualify", "取消高级管理人员资格终身", None)]
    assert (person.ban_lifetime, person.ban_years, person.fine_yuan) == (True, None, None)


# ---------------------------------------------------------------- a post stated in the facts


def test_a_post_stated_in_the_facts_ends_before_what_the_person_is_suspected_of() -> None:
    # Line 21 (cc-0021): 「我局对你作为平安人寿保险股份有限公司上海分公司代理人涉嫌保单违规销售一案进行了调查」:
    # the post as printed (with the company's name, as cc-0043 and cc-0044), not the case after it.
    (person,) = letter(21).parties
    assert (person.party_name, person.party_role, person.institution) == (
        "朱龙正", "平安人寿保险股份有限公司上海分公司代理人", "平安人寿保险股份有限公司上海分公司")
    assert (person.fine_yuan, person.warning) == (20_000, True)
    # Line 17 (cc-0017): 「你自2013年9月3日起担任鼎泽保险代理有限公司执行董事至今」.
    (person,) = letter(17).parties
    assert (person.party_role, person.institution) == ("鼎泽保险代理有限公司执行董事", "鼎泽保险代理有限公司")
    # Line 14 (cc-0014): 「你2007年起担任上海智莺保险代理有限公司（以下简称“智莺代理”）至今」: no post printed.
    (person,) = letter(14).parties
    assert (person.party_role, person.institution) == (None, "上海智莺保险代理有限公司")


def test_a_post_runs_on_through_a_de_that_its_title_follows() -> None:
    # Line 166 (cc-0166): 「戴路作为分管人保财险重庆市分公司农险、理赔等部门的副总经理，对上述违法行为负有…责任」.
    (person,) = letter(166).parties
    assert person.party_role == "分管人保财险重庆市分公司农险、理赔等部门的副总经理"


# ---------------------------------------------------------------- a 公开表 cut inside its first cell


def test_a_form_cut_inside_its_first_cell_is_read_as_the_table_it_is() -> None:
    # Line 333 (cc-0333, 银监.xlsx): the copy starts inside the heading cell 「惠州银监分局行政处罚信息公开表（张桂深）
    # 行政处罚决定书文号惠银监罚决字〔2005〕1号</td></tr>…」; 单位名称 「/」; 案由 「在担任龙门县农村合作社联合社
    # 主任期间违规发放…」; 机关 中国银监会惠州监管分局, 日期 2005年4月6日.
    parsed = letter(333)
    assert parsed.parse_status == "ok", parsed.parse_error
    (person,) = parsed.parties
    assert (person.party_name, person.party_kind) == ("张桂深", "individual")
    assert (person.party_role, person.institution) == ("龙门县农村合作社联合社主任", "龙门县农村合作社联合社")
    assert person.decision_no == "惠银监罚决字〔2005〕1号"
    assert (person.authority, person.decided_on) == ("中国银监会惠州监管分局", date(2005, 4, 6))
    assert [(m.kind, m.years) for m in person.measures] == [("disqualify", 3)]


def test_the_persons_unit_cell_and_the_post_the_facts_give_under_geren_xingming() -> None:
    # Line 349 (cc-0349): 被处罚当事人 | 个人 | 姓名 | 赵凯, then 单位 | 东辽县农村信用合作联社 (his unit), then the
    # empty 单位 · 名称 row; 案由 「赵凯作为主持全面工作的理事长，在东辽县农村信用合作联社违规开展同业业务…」;
    # 决定 「警告，并罚款5万元。」. The 联社 is not sanctioned.
    parsed = letter(349)
    assert parsed.parse_status == "ok", parsed.parse_error
    (person,) = parsed.parties
    assert (person.party_name, person.party_role, person.institution) == (
        "赵凯", "主持全面工作的理事长", "东辽县农村信用合作联社")
    assert (person.fine_yuan, person.warning) == (50_000, True)
    assert (person.decision_no, person.authority, person.decided_on) == (
        "辽银监罚决字〔2017〕5号", "辽源银监分局", date(2017, 9, 4))


def test_a_form_cut_inside_its_first_cell_naming_only_the_unit() -> None:
    # Line 332 (cc-0332): 个人姓名 empty, 单位名称 林州德丰村镇银行股份有限公司, 法定代表人 王新奎 (named in the
    # heading, not sanctioned), 决定 「对机构罚款人民币二十万元」; stored with no party before (read as text).
    parsed = letter(332)
    assert parsed.parse_status == "ok", parsed.parse_error
    (bank,) = parsed.parties
    assert (bank.party_name, bank.party_kind) == ("林州德丰村镇银行股份有限公司", "institution")
    assert bank.fine_yuan == 200_000
    assert (bank.decision_no, bank.decided_on) == ("安银监罚〔2013〕2号", date(2013, 9, 16))


# ---------------------------------------------------------------- posts the facts print before a name


def test_people_the_decision_names_get_the_post_the_facts_print_before_their_names() -> None:
    # Line 366 (cc-0366): a 公开表 as three fields, the 联社 in the title; 案由 「(二)原大龙口信用社主任王志强参与民间
    # 借贷…；原大龙口信用社信贷员吴世书…；弥兴信用社客户经理龚兴宏…；龙岗信用社主任姚献康…；龙岗信用社信贷员周绍文…；
    # 官屯信用社主任刘赟…」; 决定 「(一)对姚安县农村信用合作联社罚款人民币40万元；(二)禁止王志强从事银行业工作10年；
    # 对吴世书、龚兴宏、姚献康、周绍文、刘赟处以警告」.
    parsed = letter(366)
    assert [(p.party_name, p.party_role, p.institution) for p in parsed.parties] == [
        ("姚安县农村信用合作联社", None, "姚安县农村信用合作联社"),
        ("王志强", "原大龙口信用社主任", "大龙口信用社"),
        ("吴世书", "原大龙口信用社信贷员", "大龙口信用社"),
        ("龚兴宏", "弥兴信用社客户经理", "弥兴信用社"),
        ("姚献康", "龙岗信用社主任", "龙岗信用社"),
        ("周绍文", "龙岗信用社信贷员", "龙岗信用社"),
        ("刘赟", "官屯信用社主任", "官屯信用社"),
    ]
    assert (parsed.parties[0].fine_yuan, parsed.parties[1].ban_years) == (400_000, 10)


def test_a_row_of_one_person_gets_the_post_its_facts_print_before_the_name() -> None:
    # docId 1195397 (NFRA rows): 当事人 高齐, 主要违法违规事实 「时任浦发银行商丘分行副行长高齐对浦发银行商丘分行个人
    # 住房按揭贷款贷前调查不认真…负直接管理责任。」
    people = {p.party_name: p for p in parse_records(nfra_row_records("1195397"), "horizontal").parties}
    assert (people["高齐"].party_role, people["高齐"].institution) == ("时任浦发银行商丘分行副行长", "浦发银行商丘分行")


def test_the_enumerated_facts_of_a_cell_of_several_people_give_no_post() -> None:
    # Line 271 (cc-0271): 13 names in one 个人姓名 cell; items 「三、永年县农村信用合作联社小北汪信用社原主任贾进举对其
    # 在刘固信用社任副主任兼会计期间…」: past posts of some, none of others; each is the 联社's person, no role.
    parsed = letter(271)
    assert {(p.party_role, p.institution) for p in parsed.parties} == {(None, "永年县农村信用合作联社")}


# ---------------------------------------------------------------- the blind draw blind:seed4


def test_a_decision_number_in_small_form_brackets_is_read() -> None:
    # Line 135 (cc-0135): the heading prints 苏保监罚﹝2018﹞1号 with the small tortoise-shell brackets
    # (U+FE5D / U+FE5E), which Word copies carry as often as 〔〕.
    (party,) = letter(135).parties
    assert party.decision_no == "苏保监罚﹝2018﹞1号"


def test_a_post_ending_in_a_label_word_before_a_comma_is_the_post() -> None:
    # Line 94 (cc-0094): 「当事人：王涛，时任合众人寿保险股份有限公司广西分公司临时负责人，身份证号码：…」 — the
    # 负责人 is the end of the post, not a 负责人： label glued to the line.
    person = next(p for p in letter(94).parties if p.party_name == "王涛")
    assert person.party_role == "时任合众人寿保险股份有限公司广西分公司临时负责人"
    assert person.institution == "合众人寿保险股份有限公司广西分公司"


# ---------------------------------------------------------------- the misses left on every label (para-fix3)


def test_a_summing_up_counts_a_measure_the_items_state_twice_once() -> None:
    # Line 387 (cc-0387): item 1 「…处以罚款20万元，责令你公司海淀支公司、丰台支公司、朝阳营销服务部停止接受新业务6个
    # 月…，并责令改正违法违规行为」, item 2 「…处以罚款50万元、责令停止接受新业务6个月」, item 3 「…罚款10万元…，并责
    # 令改正…」, then 「综上，我局决定对你公司处以罚款80万元、责令你公司及海淀支公司、丰台支公司、朝阳营销服务部停止接
    # 受新业务6个月的行政处罚，并责令改正违法违规行为」: one suspension of 6 months, as the fine is the one total.
    (company,) = letter(387).parties
    assert company.fine_yuan == 800_000
    assert sorted((m.kind, m.months) for m in company.measures if m.kind != "fine-part") == [
        ("rectify", None), ("suspend-business", 6)]
    (suspension,) = [m for m in company.measures if m.kind == "suspend-business"]
    assert suspension.text.startswith("责令你公司及海淀支公司")


def test_an_abbreviated_branch_in_the_post_is_the_branch_the_facts_open_with() -> None:
    # Line 41 (cc-0041): 「经查，中国人寿财产保险股份有限公司大理中心支公司存在编制或者提供虚假报告的行为。…杨建红作为
    # 时任国寿财险大理中支总经理，对以上行为负有直接责任」: no 以下简称 ties the two names; the post keeps the
    # abbreviation.
    (person,) = letter(41).parties
    assert person.party_role == "时任国寿财险大理中支总经理"
    assert person.institution == "中国人寿财产保险股份有限公司大理中心支公司"


def test_the_address_of_a_workplace_is_not_the_institution() -> None:
    # Line 409 (cc-0409): 「受处罚人：姓名：鄢娅年龄：37周岁性别：女工作单位地址：石阡县汤山镇河西街446号」, and the
    # text names no employer (a 保险营销员). Line 407 (cc-0407): 「工作单位地址：贵州省平塘县平湖镇外环路3号」, then
    # 「你在2006年任中国人寿保险股份有限公司都匀剑江中路营销服务部经理期间」: the institution is the one of the post.
    (agent,) = letter(409).parties
    assert (agent.party_name, agent.institution) == ("鄢娅", None)
    (manager,) = letter(407).parties
    assert manager.institution == "中国人寿保险股份有限公司都匀剑江中路营销服务部"


def test_fenguan_before_the_institution_is_no_part_of_its_name() -> None:
    # Line 166 (cc-0166): 「你作为分管人保财险重庆市分公司农险、理赔等部门的副总经理」: 分管 (in charge of) opens the
    # post.
    (person,) = letter(166).parties
    assert person.institution == "人保财险重庆市分公司"


def test_a_department_manager_belongs_to_the_institution_before_bumen() -> None:
    # docId 1243754: 刘永红（时任昌黎县农村信用合作联社部门经理）; docId 1206157: 牛冰（晋城市华洋汽车销售服务有限公司
    # 部门经理）; docId 1203255: 丁亚夫（太保产险安徽分公司运营服务部部门负责人）, where 运营服务部 is the department.
    def person(doc_id: str, name: str):
        return next(p for p in parse_records(nfra_row_records(doc_id), "horizontal").parties if p.party_name == name)

    assert person("1243754", "刘永红").institution == "昌黎县农村信用合作联社"
    assert person("1206157", "牛冰").institution == "晋城市华洋汽车销售服务有限公司"
    assert person("1203255", "丁亚夫").institution == "太保产险安徽分公司"


def test_a_post_in_the_facts_ends_at_a_half_width_comma_and_runs_on_through_shiren() -> None:
    # Line 133 (cc-0133): 「你时任该公司负责人,对此行为负责」 (a half-width comma); line 108 (cc-0108): 「你作为该公司
    # 营业总部时任负责人，对任职期间内违法行为负有责任」: the 时 of 时任 does not end the post.
    (broker,) = letter(133).parties
    assert (broker.party_role, broker.institution) == ("负责人", "爱邦保险经纪有限公司")
    (head,) = letter(108).parties
    assert head.party_role == "营业总部时任负责人"


def test_a_listed_name_with_the_next_word_glued_on_is_the_name_the_decision_gives() -> None:
    # The export's 当事人 column cuts some names one or two characters late: docId 1255702 lists 刘宇翔警 beside
    # 「对责任人员刘宇翔警告并罚款8万元」; docId 1249416 lists 周荣分别 beside 「对姚小梅、周朝阳、周星桥、周荣分别给予
    # 警告并罚款共计32万元」.
    def people(doc_id: str) -> list[str]:
        parsed = parse_records(nfra_row_records(doc_id), "horizontal")
        return [p.party_name for p in parsed.parties if p.party_kind == "individual"]

    assert people("1255702") == ["刘宇翔"]
    assert people("1249416") == ["姚小梅", "周朝阳", "周星桥", "周荣"]


def test_a_role_naming_an_institution_that_was_not_stored_makes_the_notice_partial() -> None:
    # Line 260 (cc-0260): 「取消原风岗一社理事长、主任吴丙庆，…」: 风岗一社 (the 风岗 第一信用社) is not read as an
    # institution. Line 132 (cc-0132): 「你于2013年12月至今任该中心负责人」, 该中心 being 阳光人寿保险股份有限公司无锡
    # 电话销售中心, not read as one. A post naming only a department stays ok (docId 1249025, 杨梅: 时任业务管
    # 理部经理).
    for line, name in ((260, "吴丙庆"), (132, "范成江")):
        parsed = letter(line)
        assert parsed.parse_status == "partial"
        assert f"{name}: the role names" in parsed.parse_error
    assert parse_records(nfra_row_records("1249025"), "horizontal").parse_status == "ok"


def test_the_said_institution_of_a_persons_row_is_the_one_of_the_row_above_with_the_same_facts() -> None:
    # docId 1256138: 「瑞众人寿保险有限责任公司青岛分公司即墨支公司 | 对该公司警告并罚款一万元」, then 「金红岩 | 对时
    # 任该公司总经理金红岩给予警告处罚」, both rows 退保流程不规范…; docId 1230626: 「江阴农村商业银行天长支行 |
    # 罚款30万元」, then 「徐学峰（时任支行负责人） | 警告」, both 存贷挂钩.
    def person(doc_id: str, name: str):
        parsed = parse_records(nfra_row_records(doc_id), "horizontal")
        return next(p for p in parsed.parties if p.party_name == name)

    assert person("1256138", "金红岩").institution == "瑞众人寿保险有限责任公司青岛分公司即墨支公司"
    assert person("1256138", "吕世龙").institution == "阳光人寿保险股份有限公司青岛分公司"
    assert person("1230626", "徐学峰").institution == "江阴农村商业银行天长支行"


def test_posts_the_facts_state_for_a_cell_of_several_people_make_the_notice_partial() -> None:
    # Line 273 (cc-0273): 个人姓名 「赵庆峰、熊艳平、郭金海」; the 案由 「…郭金海作为承担检查监督职责的联社监事长…」,
    # 「熊艳平作为成安县联社案件防控工作的主要负责人」: posts of some, duties of others, not read for a cell of
    # several (whose facts often give past posts, cc-0271), so the roles are not known.
    parsed = letter(273)
    assert parsed.parse_status == "partial"
    assert "郭金海: the facts state a post" in parsed.parse_error
    assert [p.party_role for p in parsed.parties] == [None, None, None]


def test_a_letters_person_with_no_institution_read_while_the_text_names_one_is_partial() -> None:
    # Line 24 (cc-0024): 「我局对阳光财产保险股份有限公司上海市分公司（以下简称“阳光上分”）涉嫌违法一案进行了调查」,
    # then 「你作为网电客户部的原负责人、网电客户部的分管领导」: the department's, not read as the company's.
    parsed = letter(24)
    assert parsed.parse_status == "partial"
    assert parsed.parse_error == "徐俊: no institution read, the text names 阳光财产保险股份有限公司上海市分公司"


def test_an_authority_cell_of_two_paragraphs_is_one_name() -> None:
    # Line 217 (cc-0217): the 机关 cell holds 「<p>中国银行业监督管理委员会</p><p>廊坊监管分局</p>」.
    (bank,) = letter(217).parties
    assert bank.authority == "中国银行业监督管理委员会廊坊监管分局"


def test_the_bank_the_facts_hold_the_person_responsible_for_is_theirs() -> None:
    # Line 222 (cc-0222): 个人姓名 王子实, 单位 empty, 案由 「对文安农商银行股权管理、信贷管理、内控管理等管理不到位、
    # 严重违反审慎经营规则，负领导责任、管理责任。」
    (person,) = letter(222).parties
    assert (person.party_name, person.institution) == ("王子实", "文安农商银行")


def test_a_plain_text_ending_with_its_date_after_one_space_is_dated() -> None:
    # Line 384 (cc-0384): plain text, paragraphs apart by single spaces, ending 「…我局将申请人民法院强制执行。 二OO九年
    # 四月三十日」 (letter O for 〇).
    (company,) = letter(384).parties
    assert company.decided_on == date(2009, 4, 30)


def test_the_institution_of_a_role_of_several_posts_is_the_first_posts() -> None:
    # NFRA rows: docId 1254038 李宏智（时任山东文登农村商业银行股份有限公司黄岚支行外勤副行长、高村支行外勤副行长）;
    # docId 1240622 李冠华（时任中国平安人寿保险股份有限公司济宁中心支公司副总经理兼中国平安人寿保险股份有限公司济宁市
    # 邹城支公司经理）: the institution was read up to the last post's, the first post's title inside it.
    def person(doc_id: str, name: str):
        return next(p for p in parse_records(nfra_row_records(doc_id), "horizontal").parties if p.party_name == name)

    assert person("1254038", "李宏智").institution == "山东文登农村商业银行股份有限公司黄岚支行"
    assert person("1240622", "李冠华").institution == "中国平安人寿保险股份有限公司济宁中心支公司"


def test_several_people_after_jinzhi_are_each_banned() -> None:
    # docId 1228831: 「对中信保诚人寿北京分公司罚款合计80万元，禁止周新江、王俊辉终身进入保险业，对张颖给予警告并处罚
    # 款14 万元，…」: the two people banned for life were read as the company's ban.
    parties = {p.party_name: p for p in parse_records(nfra_row_records("1228831"), "horizontal").parties}
    assert (parties["周新江"].ban_lifetime, parties["王俊辉"].ban_lifetime) == (True, True)
    assert parties["中信保诚人寿北京分公司"].ban_lifetime is False


def test_an_institution_given_a_persons_sanction_makes_the_notice_partial() -> None:
    # Line 143 (cc-0143): 「…我局决定吊销万宁保险代理公司的经营保险代理业务许可证，根据《保险法》第一百七十三条规定，
    # 我局决定撤销侯保健的任职资格」: the disqualification of 侯保健 was read into the company's clause too.
    parsed = letter(143)
    assert parsed.parse_status == "partial"
    assert "甘肃万宁保险代理有限公司: an institution given a person's sanction" in parsed.parse_error


def test_a_sentence_recounting_an_earlier_order_decides_nothing() -> None:
    # Line 158 (cc-0158): 「我局…开展现场检查发现，…存在…的行为，当即责令整改，并依法给予了行政处罚。…」 recounts the
    # earlier case; the decision is 「…我局决定撤销曾明国任平安产险长寿支公司经理的任职资格」 alone.
    (person,) = letter(158).parties
    assert [m.kind for m in person.measures] == ["disqualify"]


def test_items_and_their_summing_up_in_one_clause_count_a_measure_once() -> None:
    # Line 115 (cc-0115): a letter to one company naming no one; item (五)
    # 「…我局责令你公司停止接受意外险新业务一年」, then 「综上，我局责令你公司改正，并决定对你公司作出警告并处罚款一百
    # 三十一万元，停止接受意外险新业务一年的行政处罚」.
    (company,) = letter(115).parties
    assert company.fine_yuan == 1_310_000
    assert sorted((m.kind, m.months) for m in company.measures if m.kind != "fine-part") == [
        ("rectify", None), ("suspend-business", 12)]


def test_an_insurers_yinhang_baoxian_department_is_no_bank() -> None:
    # NFRA docId 1226507: 杨文豪（时任富德生命人寿保险股份有限公司太原中心支公司银行保险部业务督导岗）: 银行保险部 is
    # the insurer's bancassurance department; docId 1198347: 高莉萍（时任上海松江民生村镇银行股份有限公司公司管理部业
    # 务推动岗）.
    def person(doc_id: str, name: str):
        return next(p for p in parse_records(nfra_row_records(doc_id), "horizontal").parties if p.party_name == name)

    assert person("1226507", "杨文豪").institution == "富德生命人寿保险股份有限公司太原中心支公司"
    assert person("1198347", "高莉萍").institution == "上海松江民生村镇银行股份有限公司"


def test_qishi_lvxing_opens_a_post_as_shiren_does() -> None:
    # docId 1252096: 狄世杰（其时履行唐县农村信用合作联社副主任职责）.
    parsed = parse_records(nfra_row_records("1252096"), "horizontal")
    person = next(p for p in parsed.parties if p.party_name == "狄世杰")
    assert person.institution == "唐县农村信用合作联社"


def test_the_dates_a_post_was_held_and_a_repeated_shiren_are_no_part_of_its_institution() -> None:
    # docId 1249869: 付剑（2016年11月至2018年6月任天津市北辰村镇银行股份有限公司原风险管理部负责人）; docId 1217806:
    # 刘海亭（时任时任中国建设银行股份有限公司涡阳青牛支行行长）; docId 1230009: 黎伙德（时任原阳山县农村信用合作联社…
    # ）, the former 联社 (as 原大龙口信用社主任 gives 大龙口信用社, cc-0366).
    def person(doc_id: str, name: str):
        return next(p for p in parse_records(nfra_row_records(doc_id), "horizontal").parties if p.party_name == name)

    assert person("1249869", "付剑").institution == "天津市北辰村镇银行股份有限公司"
    assert person("1217806", "刘海亭").institution == "中国建设银行股份有限公司涡阳青牛支行"
    assert person("1230009", "黎伙德").institution == "阳山县农村信用合作联社"


# ---------------------------------------------------------------- the blind draw blind:seed5 (para-fix4)


def test_the_branch_a_person_failed_to_have_cleared_and_answers_for_is_theirs() -> None:
    # Lines 321 and 322 (cc-0321 / cc-0322, 中山银监分局 公开表 cut inside the first cell): 单位名称 「/」, the 案由
    # 「对未对中国银行股份有限公司小榄支行历史遗留“小金库”…进行清理，…负有直接领导责任」 (主要领导责任 for cc-0321).
    for line, name, years in ((322, "李信洲", 2), (321, "吴伟斌", 3)):
        parsed = letter(line)
        assert parsed.parse_status == "ok", parsed.parse_error
        (person,) = parsed.parties
        assert (person.party_name, person.party_role) == (name, None)
        assert person.institution == "中国银行股份有限公司小榄支行"
        assert [(m.kind, m.years) for m in person.measures] == [("disqualify", years)]


def test_a_short_form_in_the_role_is_stored_as_the_full_name_the_facts_print_up_to_its_unit() -> None:
    # Line 162 (cc-0162): 「李玉海作为安诚产险重庆分公司副总经理」; the facts print 安诚财产保险股份有限公司重庆分公司
    # only as the head of its 黔江中心支公司 and 綦江支公司 (each 以下简称 安诚产险…), never the role's short form.
    parsed = letter(162)
    assert parsed.parse_status == "ok", parsed.parse_error
    (person,) = parsed.parties
    assert (person.party_name, person.party_role) == ("李玉海", "安诚产险重庆分公司副总经理")
    assert person.institution == "安诚财产保险股份有限公司重庆分公司"


def test_a_short_form_is_completed_only_by_a_full_name_of_the_same_group_and_unit() -> None:
    facts = re.sub(r"<[^>]+>", "", cbrc_circ_line(162)["html"])
    assert printed_full_names("安诚产险重庆分公司", facts) == ["安诚财产保险股份有限公司重庆分公司"]
    assert printed_full_names("安诚产险黔江中支", facts) == ["安诚财产保险股份有限公司重庆分公司黔江中心支公司"]
    assert printed_full_names("安诚产险涪陵支公司", facts) == []  # a unit the text does not print
    assert printed_full_names("人保财险重庆分公司", facts) == []  # another insurer's
    # Line 145 (cc-0145): 天安财险临夏中心支公司 in the role; the text prints only the 甘肃省分公司 in full.
    text = re.sub(r"<[^>]+>", "", cbrc_circ_line(145)["html"])
    assert "天安财产保险股份有限公司甘肃省分公司" in text
    assert printed_full_names("天安财险临夏中心支公司", text) == []


def test_a_short_form_printed_in_full_two_ways_is_left_and_makes_the_notice_partial() -> None:
    # Two full spellings of one unit (the second with the company's former 中国 dropped): which is the
    # person's is not known.
    text = ("经查，中国人寿财产保险股份有限公司大理中心支公司存在编制虚假报告的行为；"
            "人寿财产保险股份有限公司大理中心支公司未如实记录。杨某作为时任国寿财险大理中支总经理，对以上行为负有直接责任。")
    full = printed_full_names("国寿财险大理中支", text)
    assert len(full) == 2
    person = Party(seq=1, party_name="杨某", party_kind="individual", institution="国寿财险大理中支")
    (problem,) = complete_institutions([person], text)
    assert person.institution == "国寿财险大理中支"
    assert problem.startswith("杨某: 国寿财险大理中支 is printed in full as")


def test_the_years_no_new_qualification_is_accepted_are_the_disqualifications_term() -> None:
    # Lines 150 and 145 (cc-0150 / cc-0145, 甘肃保监局): 「我局决定对刘继尧撤销任职资格，并在3年内不再受理其任职
    # 资格的申请」 (米华 likewise): the 3 years, as 取消任职资格3年, are the term; the company's 警告 and 罚款1万元
    # stay its own.
    for line, name in ((150, "刘继尧"), (145, "米华")):
        parsed = letter(line)
        assert parsed.parse_status == "ok", parsed.parse_error
        person = next(p for p in parsed.parties if p.party_name == name)
        assert [(m.kind, m.text, m.years, m.months) for m in person.measures] == [
            ("disqualify", "撤销任职资格，并在3年内不再受理其任职资格的申请", 3, None)]
        assert (person.fine_yuan, person.warning, person.ban_years) == (None, False, None)
        (company,) = [p for p in parsed.parties if p.party_kind == "institution"]
        assert (company.fine_yuan, company.warning, company.measures) == (10_000, True, [])


# ---------------------------------------------------------------- the blind:seed6 and seed7 draws, tuned on


def test_the_institution_a_persons_facts_open_with_before_a_verb_of_event() -> None:
    # Line 346 (cc-0346, 贵港银监分局, the person named only in the title): 「贵港市横岭农村信用合作社发生财物被盗
    # 案件。黄光治对相关违法违规行为负有责任」: the 信用合作社 before 发生 is the person's institution.
    parsed = letter(346)
    (person,) = parsed.parties
    assert (person.party_name, person.institution) == ("黄光治", "贵港市横岭农村信用合作社")


def test_the_kind_of_post_a_disqualification_covers_is_no_ones_post() -> None:
    # Line 372 (cc-0372, 西双版纳银监分局): 「取消银行业高级管理人员终身任职资格并禁止终身从事银行业工作」 names the
    # posts 刘新艺 may not hold, not his post (the text prints none); his institution is the one he answers for.
    parsed = letter(372)
    (person,) = parsed.parties
    assert (person.party_name, person.party_role, person.institution) == ("刘新艺", None, "工商银行西双版纳分行")
    assert person.ban_lifetime
