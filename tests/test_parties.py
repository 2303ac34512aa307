"""Splitting a 当事人 cell and its decision into parties (scrapers/nfra/parties.py, names.py).

Cells and decisions are real rows of the 派出机构 export in ../shared/samples/nfra (public notices), or
written in their style with fictional people."""

from __future__ import annotations

from scrapers.nfra import names
from scrapers.nfra.parties import Draft, assign, read_party_cell, read_target, sanctions_other_institutions


def split(cell: str, decision: str) -> list[Draft]:
    return assign(read_party_cell(cell).listed, decision)


def summary(drafts: list[Draft]) -> list[tuple]:
    return [(d.named.name, d.named.kind, d.sanctions.fine_yuan, d.fine_note, d.sanctions.warning,
             d.sanctions.ban_years) for d in drafts]


def test_person_with_role_in_brackets() -> None:
    (person,) = read_party_cell("陈首伟（时任中国太平洋财产保险股份有限公司温州分公司副总经理）").listed
    assert person.name == "陈首伟" and person.kind == "individual"
    assert person.role == "时任中国太平洋财产保险股份有限公司温州分公司副总经理"
    assert person.institution == "中国太平洋财产保险股份有限公司温州分公司"


def test_bracket_variants_and_nested_brackets() -> None:
    (person,) = read_party_cell("孙天宇[时任英大泰和财产保险股份有限公司菏泽中心支公司副总经理（主持工作）]").listed
    assert (person.name, person.institution) == ("孙天宇", "英大泰和财产保险股份有限公司菏泽中心支公司")
    (person,) = read_party_cell("牛磊(时任瑞福德汽车金融有限公司首席运营官）").listed
    assert (person.name, person.institution) == ("牛磊", "瑞福德汽车金融有限公司")
    # A 及 or 和 inside the role is not a list of parties.
    (person,) = read_party_cell("赵卉（时任星展银行（中国）有限公司企业及机构银行业务部客户经理）").listed
    assert person.name == "赵卉"


def test_an_institution_with_a_bracket_inside_its_name_stays_whole() -> None:
    (institution,) = read_party_cell("天天有保（湖南）保险经纪服务有限公司（原湖南省大鸿保险经纪有限公司）").listed
    assert institution.kind == "institution"
    assert institution.name.startswith("天天有保（湖南）保险经纪服务有限公司")


def test_institution_of_a_role_stops_before_the_department() -> None:
    assert names.institution_of("时任招商银行三明分行公司银行部客户经理") == "招商银行三明分行"
    assert names.institution_of("时任中国建设银行股份有限公司信用卡中心风险管理处副处长") == (
        "中国建设银行股份有限公司信用卡中心"
    )
    assert names.institution_of("时任建行吕梁永宁路支行行长") == "建行吕梁永宁路支行"
    assert names.institution_of("时任该公司综合部负责人") == "该公司"


def test_cell_suffixes_and_relative_branches() -> None:
    cell = read_party_cell("安盛天平财产保险有限公司广东分公司、佛山分公司、广州营业部及相关责任人")
    assert cell.with_people
    assert [n.name for n in cell.listed] == [
        "安盛天平财产保险有限公司广东分公司",
        "安盛天平财产保险有限公司佛山分公司",
        "安盛天平财产保险有限公司广州营业部",
    ]
    # 呼和浩特 and 和龙 are places, not a list.
    (one,) = read_party_cell("中煤财产保险股份有限公司呼和浩特中心支公司").listed
    assert one.name == "中煤财产保险股份有限公司呼和浩特中心支公司"


def test_issue_example_bank_and_responsible_people() -> None:
    drafts = split("中国农业银行股份有限公司歙县支行及相关责任人",
                   "对中国农业银行股份有限公司歙县支行罚款30万元。对李光辉警告。对余景岩禁止从事银行业工作5年。")
    assert summary(drafts) == [
        ("中国农业银行股份有限公司歙县支行", "institution", 300_000, None, False, None),
        ("李光辉", "individual", None, None, True, None),
        ("余景岩", "individual", None, None, False, 5),
    ]
    assert [d.decision for d in drafts] == [
        "对中国农业银行股份有限公司歙县支行罚款30万元", "对李光辉警告", "对余景岩禁止从事银行业工作5年",
    ]


def test_aliases_resolve_to_the_cell_institution() -> None:
    drafts = split("青岛大华保险公估有限公司",
                   "对该公司警告并罚款一万元；对时任该公司综合部负责人李云霞给予警告并罚款五千元")
    assert summary(drafts) == [
        ("青岛大华保险公估有限公司", "institution", 10_000, None, True, None),
        ("李云霞", "individual", 5_000, None, True, None),
    ]
    assert drafts[1].named.role == "时任该公司综合部负责人"
    assert drafts[1].named.institution == "青岛大华保险公估有限公司"
    (bank, _) = split("湖北天门农村商业银行股份有限公司及相关责任人", "对机构罚款70万元，对陈劲警告。")
    assert bank.named.name == "湖北天门农村商业银行股份有限公司"


def test_abbreviations_match_the_listed_institutions() -> None:
    drafts = split(
        "中华联合财产保险股份有限公司清远中心支公司、中华联合财产保险股份有限公司揭阳中心支公司及相关责任人",
        "对中华联合清远中心支公司罚款10万元，对中华联合揭阳中心支公司罚款12万元。对黄志锦、陶纯处警告并罚款合计3万元。",
    )
    assert summary(drafts) == [
        ("中华联合财产保险股份有限公司清远中心支公司", "institution", 100_000, None, False, None),
        ("中华联合财产保险股份有限公司揭阳中心支公司", "institution", 120_000, None, False, None),
        ("黄志锦", "individual", 30_000, "joint", True, None),
        ("陶纯", "individual", 30_000, "joint", True, None),
    ]
    drafts = split("湖南祁阳农村商业银行股份有限公司及相关责任人", "对祁阳农商行罚款60万元。对黄知敏警告。")
    (bank,) = [d for d in drafts if d.named.kind == "institution"]
    assert bank.named.name == "湖南祁阳农村商业银行股份有限公司"


def test_joint_and_each_never_invent_a_split() -> None:
    each = split("江西石城农村商业银行股份有限公司", "对张南、周拯分别给予警告并处罚款10万元")
    assert summary(each) == [("张南", "individual", 100_000, "each", True, None),
                             ("周拯", "individual", 100_000, "each", True, None)]
    joint = split("江西新干农村商业银行股份有限公司", "对童智敏、汤明辉分别给予警告并罚款共计12万元")
    assert [(d.sanctions.fine_yuan, d.fine_note) for d in joint] == [(120_000, "joint"), (120_000, "joint")]
    unqualified = split("黄俊", "对黄俊、曹烽给予警告并处罚款5万元。")
    assert [d.fine_note for d in unqualified] == ["joint", "joint"]


def test_branches_fined_with_the_institution_belong_to_it() -> None:
    drafts = split("中国太平洋财产保险股份有限公司重庆分公司及相关责任人",
                   "对中国太平洋财产保险股份有限公司重庆分公司警告并罚款125万元。对分支机构罚款85万元。"
                   "对任捷、任凤梅警告并罚款共计65万元。")
    company = drafts[0]
    assert company.named.name == "中国太平洋财产保险股份有限公司重庆分公司"
    assert company.sanctions.fine_yuan == 2_100_000
    assert company.decision == "对中国太平洋财产保险股份有限公司重庆分公司警告并罚款125万元。对分支机构罚款85万元"
    assert [d.named.name for d in drafts[1:]] == ["任捷", "任凤梅"]
    (bank,) = split("广州白云民泰村镇银行股份有限公司、相关分支机构及责任人员",
                    "对广州白云民泰村镇银行股份有限公司及相关分支机构罚款合计130万元。")
    assert (bank.named.name, bank.sanctions.fine_yuan, bank.fine_note) == (
        "广州白云民泰村镇银行股份有限公司", 1_300_000, "joint")


def test_a_company_and_a_branch_named_without_it_fined_together_are_two_parties(samples) -> None:
    # Real rows 1197 and 3122: 对<bank>及鼎湖支行罚款65万元 / 对<company>昆明中心支公司及安宁支公司罚款49万元. The
    # short second name is a branch of the first, not the tail of one name: both parties, one joint sum.
    from qa.rows import read_real_rows

    rows = read_real_rows(samples)
    for index, first, second, fine in (
        (1197, "江西安义农村商业银行股份有限公司", "江西安义农村商业银行股份有限公司鼎湖支行", 650_000),
        (3122, "中国太平洋财产保险股份有限公司昆明中心支公司", "中国太平洋财产保险股份有限公司安宁支公司", 490_000),
    ):
        drafts = split(rows[index]["当事人名称"], rows[index]["行政处罚内容"])
        assert summary(drafts) == [(first, "institution", fine, "joint", False, None),
                                   (second, "institution", fine, "joint", False, None)]
    # Written in their style: a short piece that is no branch stays part of the name.
    (bank,) = split("某某农村商业银行股份有限公司", "对某某农村商业银行股份有限公司及其员工罚款10万元")
    assert bank.named.name == "某某农村商业银行股份有限公司"


def test_a_total_after_several_clauses_is_nobody_s_fine() -> None:
    drafts = split("中国建设银行股份有限公司曲靖市分行",
                   "对中国建设银行股份有限公司曲靖市分行罚款30万元，对相关分支机构罚款30万元，合计罚款60万元")
    (bank,) = drafts
    assert bank.sanctions.fine_yuan == 600_000  # 30万 + the branches' 30万; the 合计 is not added again


def test_ban_written_before_the_name() -> None:
    drafts = split("中国邮政储蓄银行股份有限公司图们市向上营业所及相关责任人",
                   "对中国邮政储蓄银行股份有限公司图们市向上营业所罚款40万元。禁止金艺香终身从事银行业工作。")
    assert [(d.named.name, d.sanctions.ban_lifetime) for d in drafts] == [
        ("中国邮政储蓄银行股份有限公司图们市向上营业所", False), ("金艺香", True)]
    # 禁止进入保险业15年 names no one: it is the cell's party's own ban.
    (person,) = split("汪鑫（时任中国人民财产保险股份有限公司平安支公司辅助人员）", "禁止进入保险业15年")
    assert (person.named.name, person.sanctions.ban_years) == ("汪鑫", 15)


def test_roles_listed_with_names() -> None:
    targets = read_target(
        "时任该分行风险管理部总经理助理孟强、信用审批部总经理助理兼放款中心主任石藏珍、城阳支行客户经理孙文峰"
    )
    assert [(t.name, t.role) for t in targets] == [
        ("孟强", "时任该分行风险管理部总经理助理"),
        ("石藏珍", "信用审批部总经理助理兼放款中心主任"),
        ("孙文峰", "城阳支行客户经理"),
    ]
    (person,) = read_target("时任该支行行长（代为履职）、行长王勇")
    assert person.name == "王勇"


def test_one_paragraph_per_party_without_names() -> None:
    drafts = split("某某银行股份有限公司某某支行\n周某某（时任某某银行股份有限公司某某支行行长）",
                   "罚款30万元\n警告")
    assert [(d.named.kind, d.sanctions.fine_yuan, d.sanctions.warning) for d in drafts] == [
        ("institution", 300_000, False), ("individual", None, True)]


def test_a_cell_party_the_decision_does_not_sanction_is_context() -> None:
    drafts = split("交通银行股份有限公司东莞分行", "对胡思颖、黎燕碧分别给予警告。")
    assert [d.named.name for d in drafts] == ["胡思颖", "黎燕碧"]


def test_single_party_keeps_the_decision_verbatim() -> None:
    (party,) = split("中华联合财产保险股份有限公司蕲春支公司", "对机构警告并罚款5000元。")
    assert party.decision == "对机构警告并罚款5000元。"


def test_people_listed_with_commas_each_with_a_role_are_each_a_party() -> None:
    # Written like docId 1219008 (file line 5230): roles and names between commas, one verb after the last.
    drafts = split("某某银行股份有限公司某某分行",
                   "对时任该分行公司业务部总经理张某甲，贸易金融业务二部总经理李某乙，零售贷款部客户经理、"
                   "个贷业务团队负责人王某丙分别给予警告")
    assert [(d.named.name, d.named.kind, d.sanctions.warning) for d in drafts] == [
        ("张某甲", "individual", True), ("李某乙", "individual", True), ("王某丙", "individual", True)]
    assert drafts[2].named.role == "零售贷款部客户经理、个贷业务团队负责人"
    # The bank the first role names (该分行) is that of the people after it, whose roles name a department.
    assert {d.named.institution for d in drafts} == {"某某银行股份有限公司某某分行"}
    # Commas between clauses that each have their verb are still clauses of their own.
    drafts = split("某某银行股份有限公司某某支行", "对该支行罚款30万元，对时任该支行行长赵某丁给予警告")
    assert summary(drafts) == [("某某银行股份有限公司某某支行", "institution", 300_000, None, False, None),
                               ("赵某丁", "individual", None, None, True, None)]


def test_a_comma_list_that_is_not_all_people_is_not_joined() -> None:
    # 对该公司虚列费用，编制虚假资料的行为罚款…: the pieces between the commas are no people.
    (company,) = split("某某财产保险股份有限公司某某支公司", "对该公司虚列费用，编制虚假资料的行为罚款10万元")
    assert (company.named.name, company.sanctions.fine_yuan) == ("某某财产保险股份有限公司某某支公司", 100_000)


def test_sanctions_other_institutions_tells_a_rows_own_party_from_others() -> None:
    listed = read_party_cell("某某财产保险股份有限公司某某中心支公司").listed
    assert sanctions_other_institutions(listed, "对相关分支机构罚款共计10万元")
    assert sanctions_other_institutions(listed, "对某某县支公司罚款5万元。")
    assert not sanctions_other_institutions(listed, "对该公司罚款12万元")
    assert not sanctions_other_institutions(listed, "罚款12万元")
    assert not sanctions_other_institutions(listed, "对某某财产保险股份有限公司某某中心支公司罚款12万元")
    assert not sanctions_other_institutions(listed, "对责任人张某、李某分别予以警告")  # people only


def test_people_listed_with_commas_after_quxiao_each_with_their_term() -> None:
    # Written like cc-0260 of ../shared/samples/cbrc-circ: 取消<role><name>，<role><name>…任职资格<term>.
    drafts = split("张某甲、李某乙、王某丙",
                   "取消甲信用社理事长、主任张某甲，乙信用社主任李某乙高管人员任职资格终身；取消丙信用社副主任王某丙"
                   "高管人员任职资格3年")
    assert [(d.named.name, d.named.role, [(m.kind, m.years) for m in d.sanctions.measures]) for d in drafts] == [
        ("张某甲", "甲信用社理事长、主任", [("disqualify", None)]), ("李某乙", "乙信用社主任", [("disqualify", None)]),
        ("王某丙", "丙信用社副主任", [("disqualify", 3)])]
