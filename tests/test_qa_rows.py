"""Categories, bank group and type on real rows: the labelled truth set (qa/truth/nfra_rows.csv) and
one real row for each class of error issue 11 found. Labels were made by reading, never from the
classifier's output."""

from __future__ import annotations

import csv
import dataclasses
from functools import cache

import pytest

from models.record import Party
from models.vocab import taxonomy
from models.vocab.groups import type_codes
from qa import rows as qa_rows

# The floors of issue 11 (a held-out labelled set checks them too).
CATEGORY_FLOOR, GROUP_FLOOR, TYPE_FLOOR = 0.97, 0.99, 0.99


@cache
def real_rows() -> list[dict[str, str]]:
    assert (qa_rows.SAMPLES / qa_rows.REAL_ROWS).is_file(), f"real rows not found in {qa_rows.SAMPLES}"
    return qa_rows.read_real_rows()


def party(index: int) -> Party:
    return qa_rows.party_of_row(real_rows(), index)


def codes(index: int) -> set[str]:
    return {c.code for c in party(index).categories}


def test_labels_point_at_real_rows_and_copy_no_text(samples) -> None:
    labels = qa_rows.load_labels()
    rows = real_rows()
    assert len(labels) >= 300 and len({label.row for label in labels}) == len(labels)
    assert all(rows[label.row]["docId"] == label.doc_id for label in labels)
    assert {label.row for label in labels if not rows[label.row]["当事人名称"].strip()} == set()
    known_codes, known_types = set(taxonomy.category_codes()), set(type_codes())
    assert all(label.categories and label.categories <= known_codes for label in labels)
    assert all(label.institution_type in known_types or (not label.institution_type and not label.bank_group)
               for label in labels)
    with qa_rows.TRUTH.open(encoding="utf-8", newline="") as f:
        columns = next(csv.reader(f))
    assert columns == ["row", "doc_id", "sampled", "categories", "bank_group", "institution_type", "note"]
    # Stratified: every year, over a hundred notices, people and institutions, every kind of institution.
    years = {rows[label.row]["发布日期"][:4] for label in labels}
    assert years == {"2024", "2025", "2026"}
    assert len({label.doc_id for label in labels}) > 200
    assert {label.institution_type for label in labels} >= {
        "state-owned", "joint-stock", "policy", "city-commercial", "rural-commercial", "rural-credit", "village",
        "insurance", "insurance-intermediary", "auto-finance", "consumer-finance", "trust", "amc"}


def test_truth_set_meets_the_floors(samples) -> None:
    report = qa_rows.measure(qa_rows.load_labels(), real_rows())
    shares = {key: report.share(key) for key in qa_rows.TARGETS}
    assert shares["categories"] >= CATEGORY_FLOOR, qa_rows.render(report)
    assert shares["bank_group"] >= GROUP_FLOOR, qa_rows.render(report)
    assert shares["institution_type"] >= TYPE_FLOOR, qa_rows.render(report)
    assert "BELOW TARGET" not in qa_rows.render(report, misses=False)


# --- one real row per class of error ----------------------------------------------------------------


def test_filed_insurance_terms_are_insurance_not_reporting(samples) -> None:
    assert codes(4572) == {"insurance"}  # 未按照规定使用经批准或者备案的保险条款、保险费率
    assert codes(930) == {"insurance"}  # 通过保单特别约定形式改变经备案的保险产品


def test_payment_of_a_loan_is_credit_and_a_late_claim_is_consumer_protection(samples) -> None:
    assert codes(2158) == {"credit"}  # 贷款支付审核不到位
    assert codes(5782) == {"credit"}  # 受托支付不合规
    assert codes(1451) == {"consumer-protection"}  # 农险理赔支付超期
    assert codes(96) == {"data-reporting", "insurance"}  # …向不具备保险业务资质的机构支付佣金


def test_a_trade_background_that_is_not_real_is_bills(samples) -> None:
    assert codes(2275) == {"bills"}  # 国内信用证贸易背景不真实，部分议付资金回流开证人
    assert codes(9883) == {"bills"}  # 信用证业务贸易背景不真实，福费廷资金回流开证人


def test_inducing_agents_is_insurance_and_inducing_policyholders_consumer_protection(samples) -> None:
    assert codes(1741) == {"insurance"}  # 唆使、诱导保险代理人进行违背诚信义务的活动
    # An insurer's policyholders are its insurance business too (drift audit): both.
    assert codes(672) == {"consumer-protection", "insurance"}  # 欺骗投保人、诱导投保人不如实履行告知义务


def test_obstructing_policyholders_is_consumer_protection(samples) -> None:
    assert codes(7772) == {"consumer-protection"}  # 销售误导、阻碍投保人履行如实告知义务


def test_debt_collection_at_an_auto_finance_lender_is_not_credit_cards(samples) -> None:
    assert codes(7837) == {"consumer-protection"}  # 广汽汇理汽车金融: 向借款人转嫁催收费用
    assert codes(7166) == {"credit", "internal-control"}  # 蚂蚁消费金融: …委外催收管理不到位


def test_checks_and_balances_and_network_isolation_are_internal_control(samples) -> None:
    assert codes(9806) == {"internal-control"}  # 岗位相互制衡不到位
    assert "internal-control" in codes(7836)  # …金融专网与互联网安全隔离不到位


def test_a_context_word_does_not_add_the_category_it_names(samples) -> None:
    # Fresh draw of seed 14 (and rows before it): a word naming what a fault concerns, in the clause of
    # another category's fault, is no fault of its own.
    # At an insurer they name its own insurance business (drift audit); at a bank they do not.
    assert codes(229) == {"consumer-protection", "insurance"}  # 欺骗投保人、被保险人或者受益人 (an insurer)
    assert codes(6251) == {"consumer-protection"}  # 光大银行: 代客操作购买保险产品
    assert codes(9663) == {"consumer-protection", "insurance"}  # 以银行存款…为噱头宣传保险产品；代理人学历不真实
    # Figures or fees of a named line name that line too (drift audit): 存款数据 and a 现金管理费 are
    # deposits, 贷款数据 credit.
    assert codes(8678) == {"credit", "deposits", "data-reporting"}  # 单位存款数据失真、流动资金贷款被挪用
    assert codes(2167) == {"credit", "consumer-protection", "deposits", "data-reporting"}  # …质价不符现金管理费


def test_a_generic_word_beside_a_specific_fault_is_that_fault(samples) -> None:
    # Fresh draw of seed 15: 制度执行 / 股东 / 冒用 / 银行卡 / 不真实 name no fault of their own
    # beside another category's fault in the same clause. 管理不善 does (drift audit): lax management is
    # internal control also where the licence it lost is licensing's.
    assert codes(1373) == {"consumer-protection"}  # 保险销售行为可回溯制度执行不到位
    assert codes(3809) == {"licensing", "internal-control"}  # 因管理不善导致保险许可证遗失
    assert codes(2923) == {"credit"}  # 违规办理续贷、发放股东贷款贷前调查不审慎
    assert codes(5721) == {"internal-control"}  # 员工冒用客户名义诈骗资金
    assert codes(7969) == {"internal-control"}  # 员工违规保管客户银行卡并违规操作
    assert codes(7252) == {"insurance", "internal-control"}  # 销售管理不到位、从业人员档案不真实


def test_fresh_draws_16_to_24_classes(samples) -> None:
    assert codes(3490) == {"insurance", "data-reporting"}  # 编制虚假的报表、报告、文件、资料
    assert codes(3095) == {"data-reporting", "licensing"}  # 未履行报告程序擅自设立分支机构: the report unmade too
    assert codes(5618) == {"asset-quality"}  # 已核销资产管理不到位: write-offs, not asset management
    # 他行不良贷款 is no bad loan of its own; its 形成不良 is (drift audit: the consequence counts).
    assert codes(5815) == {"credit", "asset-quality"}  # 贷款资金挪用于归还他行不良贷款；…导致形成不良
    assert codes(9904) == {"insurance", "data-reporting"}  # 财务资料虚假记载
    assert codes(1771) == {"consumer-protection", "interbank-wealth"}  # 理财产品销售风险匹配原则
    assert codes(6740) == {"credit", "asset-quality"}  # 租后检查不审慎…；资产五级分类不准确
    assert "real-estate" in codes(7868)  # 发放经营性物业贷款不审慎
    assert codes(355) == {"bills"}  # 票据贴现资金被挪用于银票保证金 (seed 18)
    assert codes(4150) == {"credit"}  # …押品估值管理严重违反审慎经营规则: collateral in lending
    # seed 19
    assert codes(592) == {"consumer-protection", "insurance", "internal-control"}  # 保险代理人侵害消费者权益…
    assert codes(8852) == {"consumer-protection"}  # 在办理保险业务活动中欺骗投保人 (at a bank)
    assert codes(1292) == {"data-reporting"}  # 未按规定报送下辖网点临时停业报告
    assert codes(2485) == {"asset-quality", "data-reporting", "internal-control"}  # 抵债资产处置, 计提风险加权资产
    assert codes(6353) == {"insurance"}  # 委托具有严重失信不良记录的个人保险代理人: no bad loan, no record
    assert codes(5368) == {"consumer-protection", "insurance"}  # 产说会管理不当、代理人培训管理不当
    # seed 20
    assert codes(194) == {"credit", "internal-control"}  # 贷款管理不审慎，导致案件…: a case (drift audit)
    assert codes(3760) == {"credit"}  # 部分信贷业务履职回避执行不到位，向关系人发放信用贷款
    assert codes(2098) == {"consumer-protection", "interbank-wealth"}  # 投资交易管理…投资者准入不审慎
    assert codes(3683) == {"deposits", "internal-control"}  # 关联交易管理不审慎、存贷考核指标设置不合理
    # seed 21
    assert codes(8193) == {"insurance"}  # 个人代理人代收保费: no deposit business
    assert codes(8225) == {"credit", "interbank-wealth", "asset-quality"}  # 理财资金投资股权项目
    assert codes(6574) == {"consumer-protection", "insurance"}  # 未按规定保管业务经营活动资料
    # seed 22
    assert codes(5235) == {"consumer-protection", "insurance"}  # 保险销售行为可回溯内控管理不规范 (an insurer)
    assert codes(1500) == {"credit"}  # 项目贷款未约定项目收入账户导致贷后管理不到位
    assert codes(6745) == {"insurance", "data-reporting"}  # 向监管部门提供不实资料 (an insurer)
    # seed 24
    assert codes(1716) == {"credit"}  # 违规发放存单质押贷款: a loan, not deposit business
    assert codes(5805) == {"credit", "asset-quality"}  # 贷款风险五级分类不准确: the loan and its class
    assert codes(8337) == {"insurance", "interbank-wealth"}  # 代理销售保险业务未如实记录投保人实际地址


def test_insurer_offences_read_by_meaning(samples) -> None:
    assert codes(3886) == {"insurance", "data-reporting", "internal-control"}  # 夸大保险事故损失 is no mis-selling
    assert codes(7209) == {"insurance"}  # 未严格执行经报备的费率
    assert codes(5912) == {"insurance"}  # 编制虚假业务宣传费: an expense line, not promotion
    assert codes(8893) == {"insurance"}  # 侵占农险保费
    assert codes(7682) == {"credit", "asset-quality"}  # 信贷资产五级分类不准确
    assert codes(7392) == {"credit", "asset-quality"}  # 对已核销贷款追偿不到位
    assert codes(988) == {"insurance"}  # 虚列佣金套取费用、通过经代渠道报销银保渠道费用
    assert codes(1558) == {"insurance", "data-reporting"}  # 报告、报表、文件和资料不真实
    assert codes(7785) == {"insurance", "data-reporting"}  # 保单客户信息不真实、…业务数据不真实


def test_seeds_28_29_classes(samples) -> None:
    # The blind draw of seeds 28 and 29, tuned on after it was measured (qa/truth/README.md).
    assert codes(1298) == {"credit", "internal-control"}  # 关联交易及集团客户管理不到位
    assert codes(2407) == {"credit", "asset-quality"}  # 未真实准确反映信贷资产风险水平: the loans' risk (drift audit)
    # A fee named after a loan is a fee on that loan: consumer protection and lending (drift audit).
    assert codes(2648) == {"credit", "consumer-protection"}  # 违规收取小微企业贷款承诺费
    assert codes(2325) == {"credit", "consumer-protection"}  # 违规筹组银团收取银团贷款安排费
    assert codes(3454) == {"consumer-protection", "insurance"}  # 欺骗投保人、被保险人: the policy (drift audit)
    assert codes(4415) == {"asset-quality", "data-reporting"}  # 审计报告不真实 is no internal audit
    assert codes(1099) == {"consumer-protection", "data-reporting"}  # 销售人员…误导宣传: promotion
    assert codes(3371) == {"internal-control"}  # 利用职务便利挪用资金: embezzlement, not loan money
    assert codes(6543) == {"consumer-protection", "data-reporting", "insurance", "internal-control"}  # 提供虚假文件资料
    # An insurer's 档案 is its records (insurance), a bank's stays data-reporting.
    assert codes(4176) == {"consumer-protection", "insurance"}  # …产说会资料档案管理不到位
    assert codes(9919) == {"data-reporting"}  # 档案管理不到位 (城商行)
    # 存贷款 / 存款和贷款 is deposits; a loan fault needs its own words.
    assert codes(1960) == {"consumer-protection", "deposits"}  # 存贷款业务严重违反审慎经营规则、违规收费
    assert codes(1892) == {"deposits"}  # 存款和贷款业务未严格分离


def test_seeds_34_35_classes(samples) -> None:
    # The blind draw of seeds 34 and 35, tuned on after it was measured, and the sweeps of each class over
    # the real CSV (qa/truth/README.md).
    assert codes(4810) == {"credit"}  # 违规跨经营区域发放贷款: lending out of area is lending alone
    assert codes(3713) == {"deposits", "licensing"}  # 违规开展异地业务 (no loan named) is licensing
    assert codes(5539) == {"insurance", "data-reporting"}  # 编制或提供虚假的报告报表: also false data
    assert codes(6192) == {"credit", "real-estate", "bills"}  # 违规办理房e贷业务
    assert codes(5867) == {"credit", "real-estate"}  # 违规办理二手房贷款
    assert codes(169) == {"credit", "internal-control"}  # 审贷未分离: duties not kept apart
    assert codes(5296) == {"credit", "interbank-wealth"}  # 理财投资与自营投资风险未分离 stays wealth
    # At an insurer its policyholders and its sales are its insurance business too (drift audit).
    assert codes(2425) == {"consumer-protection", "insurance"}  # 骗取投保人保单质押贷款
    assert codes(3587) == {"internal-control"}  # 违规保管客户已签字但关键要素空白的文书: custody
    assert codes(3815) == {"data-reporting", "internal-control"}  # 关联方信息不真实
    assert codes(991) == {"insurance"}  # 代理人执业登记信息不真实: an insurer's record, not data
    assert codes(6280) == {"consumer-protection", "insurance"}  # 保险销售行为不规范 (an insurer)
    assert codes(6764) == {"consumer-protection", "insurance"}  # 不具备代理资格违规销售: an agent rule
    assert codes(7298) == {"credit"}  # 流动资金贷款被关联方挪用: the borrower's related party
    # 车险 at an insurer names its own line (drift audit: the insurer table): a late claim and insurance.
    assert codes(7502) == {"consumer-protection", "insurance"}  # 车险理赔不及时
    assert codes(10019) == {"credit", "asset-quality"}  # 违规续贷掩盖不良
    # Phrase audit: an intermediary's 授权 is its agency (insurance); 妨碍调查 obstructs the regulator.
    assert codes(8484) == {"insurance"}  # 销售非保险产品;超出授权范围违规销售财产险产品
    assert codes(8485) == {"insurance", "internal-control"}  # …违规招录代理人员、妨碍调查工作


def test_seeds_36_37_classes(samples) -> None:
    # The blind draw of seeds 36 and 37, tuned on after it was measured, and the sweeps of each class over
    # the real CSV (qa/truth/README.md).
    assert codes(3914) == {"insurance", "internal-control"}  # 风险排查不到位: case prevention
    assert codes(3915) == {"internal-control"}  # 对可疑线索排查不到位负有责任
    assert codes(5333) == {"consumer-protection", "insurance"}  # 将投保人的投保资金非法占为己有
    assert codes(1580) == {"consumer-protection", "insurance"}  # 骗取客户保费资金 (an insurer)
    assert codes(6931) == {"internal-control"}  # 员工非法侵占客户资金: staff fraud stays internal control
    assert codes(2218) == {"credit"}  # 使用错误数据测算授信企业营运资金需求: a credit assessment's input
    assert codes(5104) == {"credit", "credit-card"}  # 贷款资金被挪用于申购基金: where misused money went
    # A product tied to a loan names the lending line beside the mis-selling; insurance products at a bank
    # are the consumer fault, never the insurer's business (drift audit).
    assert codes(1554) == {"credit", "consumer-protection"}  # 个人贷款业务搭售保险产品
    # 信贷业务过程中搭售贵金属、保险产品；员工违规代客操作购买理财、基金产品
    assert codes(6825) == {"credit", "consumer-protection", "interbank-wealth", "internal-control"}
    assert codes(6251) == {"consumer-protection"}  # 代客操作购买保险产品 (a bank)
    assert codes(5622) == {"insurance"}  # 投标管理不规范 at an insurer: its bidding for business


def test_seed_38_classes(samples) -> None:
    # The blind draw of seed 38, tuned on after it was measured, and the sweeps of each class over the real
    # CSV (qa/truth/README.md).
    # Policies taken out with an insurer are its own line: their figures are data and insurance (drift audit).
    assert codes(1098) == {"insurance", "data-reporting"}  # 投保数据不真实 (an insurer's employee)
    assert codes(632) == {"insurance", "data-reporting"}  # the same facts at an insurer's branch
    # Staff using their post commit a staff fault beside the offence; an agent's stays the agent rule.
    assert codes(2040) == {"insurance", "internal-control"}  # 业务人员利用开展保险业务为个人牟取不正当利益
    assert codes(7146) == {"insurance", "internal-control"}  # 原工作人员利用开展保险业务…
    assert codes(2203) == {"insurance"}  # 保险代理人利用开展保险业务为其他机构谋取不正当利益


def test_seed_39_classes(samples) -> None:
    # The blind draw of seed 39, tuned on after it was measured (qa/truth/README.md).
    # An agency's own 账户管理 is its commission accounts: insurance, not PBOC's kind (a bank's customers' accounts).
    assert codes(5061) == {"insurance"}  # 安徽金安保险代理: 账户管理不合规
    # 邮政储银行 (a misspelling in a role) is 邮储银行, not a group of its own typed `other`.
    assert (party(2640).bank_group, party(2640).institution_type) == ("中国邮政储蓄银行", "state-owned")


def test_seed_40_classes(samples) -> None:
    # The collateral's insurance premium is a fee on lending, as its valuation fee is (drift audit).
    assert codes(5555) == {"credit", "consumer-protection"}  # 未与小微企业共同承担抵押物财产保险费
    assert codes(7606) == {"credit", "consumer-protection"}  # 违规转嫁抵押物保险费及评估费


def test_a_role_pointing_back_takes_the_institution_listed_before(samples) -> None:
    # 新华人寿…青岛分公司's row sanctions only 对时任该公司银行渠道部（原银行业务部）负责人曲文: the role
    # must not become a group '该公司银行'; the notice names banks and insurers.
    rows = real_rows()
    parsed, _, _ = qa_rows.notice_parties(qa_rows.by_notice(rows)["1240740"])
    person = next(p for p in parsed.parties if p.party_name == "曲文")
    assert person.party_role and "该公司" in person.party_role
    assert (person.bank_group, person.institution_type) == ("新华人寿保险", "insurance")
    assert not any((p.bank_group or "").startswith("该") for p in parsed.parties)


def test_people_of_a_notice_naming_several_groups_keep_theirs(samples) -> None:
    # 江西: 信泰人寿, 佳和佳保险代理, 世捷开元保险代理, 车车保险销售, 渤海财险, each with its people.
    assert (party(3615).bank_group, party(3615).institution_type) == ("世捷开元保险代理", "insurance-intermediary")
    # 九江: a bare name listed after 交通银行九江分行 and its first person.
    assert (party(6620).bank_group, party(6620).institution_type) == ("交通银行", "state-owned")
    # A person whose own role names an institution keeps it, whatever the notice lists.
    assert party(9272).bank_group == "中国金融租赁"  # 时任中国金融租赁董事长、董事会风险管理委员会主任委员


def test_a_role_that_names_no_institution_never_becomes_a_group(samples) -> None:
    # 平凉: 韩小龙(支公司经理) after 阳光财产保险…静宁支公司; the notice names four groups.
    assert party(2036).bank_group == "阳光财产保险"
    # 天水: 张勃（（时任太平洋财险天水中支车商销售团队副经理））, the role in brackets of its own.
    assert party(1955).bank_group == "中国太平洋财产保险"
    # 揭阳: 杨晓杰（时任中国人民财产保险…副经理）（主持工作）, a cell the parser may read as an institution.
    assert (party(4420).bank_group, party(4420).institution_type) == ("中国人民财产保险", "insurance")


def test_a_role_naming_a_short_or_generic_institution_takes_the_listed_one(samples) -> None:
    # 滁州: 李柏林（人寿保险滁州中支副总经理）, listed after 中国人民人寿保险…滁州中心支公司: 人寿保险 is a kind of
    # institution, not a group of its own (seed 38).
    assert (party(5883).bank_group, party(5883).institution_type) == ("中国人民人寿保险", "insurance")
    # A short spelling of the listed institution, its city left out: 解放农商银行 / 余姚农商行 / 皖东农商行.
    assert party(7007).bank_group == "焦作解放农村商业银行"
    assert party(7448).bank_group == "宁波余姚农村商业银行"
    assert party(5889).bank_group == "滁州皖东农村商业银行"
    # A role naming a bank in no table, in a notice listing another institution, keeps its own, spelled out.
    assert (party(9040).bank_group, party(9040).institution_type) == ("五台农村商业银行", "rural-commercial")
    # An insurer's name at the head of another company's (太平保险 in 太平保险经纪, 永安 in 永安保险销售) is not
    # that company's group: the broker and the sales company are intermediaries of their own.
    assert (party(3284).bank_group, party(3284).institution_type) == ("太平保险经纪", "insurance-intermediary")
    assert (party(7593).bank_group, party(7593).institution_type) == ("永安保险销售(陕西)", "insurance-intermediary")


def test_short_and_rural_names_in_a_role_find_their_group() -> None:
    # Real roles of notices that name no institution row (河南 1248489, 海东 1233070).
    from models.vocab.groups import group_of

    leasing = group_of("时任九鼎金租总经理助理")
    assert leasing is not None
    assert (leasing.group, leasing.institution_type) == ("河南九鼎金融租赁", "financial-leasing")
    mutual = group_of("时任原海东市乐都区雨润镇兴乐农村资金互助社理事长")
    assert mutual is not None
    assert (mutual.group, mutual.institution_type) == ("海东市乐都区雨润镇兴乐农村资金互助社", "rural-credit")


def test_people_listed_before_their_institution_take_the_one_after(samples) -> None:
    # 辽宁: 郭磊 is the first row; 兴业银行沈阳分行 is listed five rows later.
    assert (party(7241).bank_group, party(7241).institution_type) == ("兴业银行", "joint-stock")


def test_people_of_a_notice_naming_no_institution_get_no_group(samples) -> None:
    assert (party(5191).bank_group, party(5191).institution_type) == (None, None)


# --- the exclusions of the taxonomy data file ------------------------------------------------------------


@pytest.fixture
def without_exclusions(monkeypatch: pytest.MonkeyPatch):
    """The taxonomy with every category's `exclude` list emptied, caches cleared before and after."""
    caches = (taxonomy.load_taxonomy, taxonomy.taxonomy_at, taxonomy._types_with_rules, taxonomy._automaton,
              taxonomy._exclusions, taxonomy._match)
    loaded = taxonomy.load_taxonomy()
    stripped = tuple(dataclasses.replace(c, exclude=()) for c in loaded)
    for cached in caches:
        cached.cache_clear()
    monkeypatch.setattr(taxonomy, "load_taxonomy", lambda: stripped)
    yield
    monkeypatch.undo()
    for cached in caches[1:]:
        cached.cache_clear()


def _precision(code: str) -> float:
    return qa_rows.measure(qa_rows.load_labels(), real_rows()).per_category()[code].precision


def test_the_data_file_exclusions_raise_precision(samples, request: pytest.FixtureRequest) -> None:
    assert any(c.exclude for c in taxonomy.load_taxonomy())
    with_them = {code: _precision(code) for code in ("deposits", "data-reporting", "internal-control")}
    request.getfixturevalue("without_exclusions")
    without = {code: _precision(code) for code in with_them}
    assert all(with_them[code] > without[code] for code in with_them), (with_them, without)
    assert with_them["deposits"] >= 0.95 and with_them["data-reporting"] >= 0.95


def test_an_exclusion_drops_only_its_own_category() -> None:
    # 核销 (asset-quality) inside 审核销售 is no write-off; 夸大 still counts for consumer protection.
    found = {c.code for c in taxonomy.categorize("未严格审核销售人员学历证书；夸大保险产品收益")}
    assert "asset-quality" not in found and "consumer-protection" in found
    assert {c.code for c in taxonomy.categorize("办理核销不规范")} == {"asset-quality"}



def test_one_rule_cuts_a_posts_opening_for_the_parser_and_the_groups(samples) -> None:
    # models/data/post_openings.toml: the parser's institution of a role and the group enrichment cut the same
    # openings. 历任 was the groups' alone: the parser stored 历任恒丰银行股份有限公司上海分行 (上海 1199567).
    from models.vocab.groups import clean_institution
    from models.vocab.posts import cut_post_opening

    assert party(7695).institution == "恒丰银行股份有限公司上海分行"
    assert party(8134).institution == "浙商银行股份有限公司上海分行"
    for role, rest in [("历任恒丰银行上海分行总经理", "恒丰银行上海分行总经理"),
                       ("2016年11月至2018年6月任大龙口信用社主任", "大龙口信用社主任"),
                       ("时任时任原大龙口信用社主任", "大龙口信用社主任"),
                       ("其时履行支行行长职责", "支行行长职责"),
                       ("原平市农村信用合作联社主任", "原平市农村信用合作联社主任"),  # a place, not 原
                       ("任丘市农村信用合作联社主任", "任丘市农村信用合作联社主任"),
                       ("任职期间", "任职期间")]:
        assert cut_post_opening(role) == rest, role
        # the groups' cleaning starts where the parser's does (支行 alone names no institution: empty)
        assert clean_institution(role) == ("" if rest.startswith("支行") else rest), role
