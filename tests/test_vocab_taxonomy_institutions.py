"""Phrases whose violation depends on the party's institution type (`[[category.at_institutions]]` of
models/data/violations.toml), checked on facts texts read from the real rows in ../shared: the same words
read at a bank, at an insurer and with no type, and through enrichment as a crawl runs it."""

from __future__ import annotations

import pytest

from models.vocab import taxonomy
from models.vocab.datafiles import VocabularyError
from models.vocab.groups import type_codes
from models.vocab.taxonomy import categorize
from tests.test_qa_rows import codes, real_rows

# Rows of the real CSV (0-based) whose facts were read: what each says is in the test using it.
BANK_FALSE_EXPENSES = 6107  # 江西银行吉安分行: …银承垫款；虚列费用
INSURER_AGENCY_CONTRACT = 2553  # 百年人寿重庆分公司: …代理销售合同内容不规范
INSURER_EXPENSE_RECORD = 10005  # 阳光人寿芜湖中支: 未按规定记录银保渠道业务费用
INSURER_DATA_RECORD = 9732  # 幸福人寿咸阳中支: 业务数据记录不真实
LENDER_DEPOSITS = 460  # 尚诚消费金融: …保证金管理严重不审慎…
BANK_AGENCY_MANAGEMENT = 3911  # 张家口农商行: 对分支机构开展保险代理业务管理不严、未经执业登记开展保险代理业务
BANK_AGENT_REGISTRATION = 1371  # 工行黄骅中捷支行: 委托未…执业登记的个人从事保险代理活动
BANK_FEE = 2926  # 邮储银行信用卡中心: …提前还款收取全额手续费…
INTERMEDIARY_ACCOUNT = 4709  # 德和保险销售服务: …未按规定使用独立账户收取佣金…
BANK_SELLERS = 6918  # 邮储银行伊犁州分行: 贷款管理不到位、销售人员管理不到位
BANK_SELLERS_QUALIFICATION = 3082  # 长沙银行星城支行: 代销基金销售人员资质管理不到位，代销基金销售行为管理不到位
AMC_PRE_INVESTMENT = 3710  # 中信金融资产湖南省分公司: …借收购不良资产名义为企业提供融资、投前调查不尽职…
FINANCE_COMPANY_PRE_INVESTMENT = 3447  # 山东黄金集团财务公司: 投前调查不尽职、员工行为管理不到位
INTERMEDIARY_TRAINING = 1289  # 大童保险销售秦皇岛营业部: 未按规定制作客户告知书、从业人员教育培训管理不规范
INSURER_TRAINING = 3382  # 新华人寿乌鲁木齐中支: 培训管理不到位
INTERMEDIARY_OFF_BOOK = 6660  # 文山思恭汽车保险销售: 账外收支手续费、…
INSURER_CUSTOMER_RECORD = 7377  # 阳光财险贵州省分公司: 客户信息不真实
BANK_DECEIT = 8852  # 北京银行: 在办理保险业务活动中欺骗投保人
BANK_CONCEALMENT = 5673  # 邮储银行: 隐瞒与保险合同有关的重要情况
INSURER_CLAIM_REFUSAL = 9212  # 拒不依法履行保险合同约定的赔偿义务
INSURER_SALES_CONDUCT = 6280  # 太平人寿酒泉中支: 保险销售行为不规范，消费者权益保护工作开展不到位


def facts(index: int) -> str:
    return real_rows()[index]["主要违法违规事实"]


def found(index: int, institution_type: str | None = None) -> set[str]:
    return {c.code for c in categorize(facts(index), institution_type)}


def test_false_expenses_are_false_accounts_at_a_bank_and_the_insurance_offence_at_an_insurer(samples) -> None:
    assert "虚列费用" in facts(BANK_FALSE_EXPENSES)
    at_bank = found(BANK_FALSE_EXPENSES, "city-commercial")
    assert "data-reporting" in at_bank and "insurance" not in at_bank
    at_insurer = found(BANK_FALSE_EXPENSES, "insurance")
    assert "insurance" in at_insurer and "data-reporting" not in at_insurer
    phrase = {c.code: c.phrase for c in categorize(facts(BANK_FALSE_EXPENSES), "village")}
    assert phrase["data-reporting"] == "虚列费用"


def test_with_no_type_or_a_type_no_table_names_the_reading_is_the_one_for_everyone(samples) -> None:
    for index in (BANK_FALSE_EXPENSES, INSURER_AGENCY_CONTRACT, INSURER_EXPENSE_RECORD, LENDER_DEPOSITS, BANK_FEE):
        assert categorize(facts(index)) == categorize(facts(index), None) == categorize(facts(index), "other")
    assert found(BANK_FALSE_EXPENSES) >= {"insurance", "bills"}  # the file's lists alone, as before
    assert "interbank-wealth" in found(INSURER_AGENCY_CONTRACT)
    assert "data-reporting" in found(INSURER_EXPENSE_RECORD)
    assert "bills" in found(LENDER_DEPOSITS)


def test_an_insurers_agency_contract_and_records_are_insurance(samples) -> None:
    assert "interbank-wealth" not in found(INSURER_AGENCY_CONTRACT, "insurance")
    assert found(INSURER_EXPENSE_RECORD, "insurance") == {"insurance"}
    assert found(INSURER_EXPENSE_RECORD, "joint-stock") == {"data-reporting"}  # a bank's record is data
    # Figures stay data at an insurer too (the exclusion of the insurer table).
    assert found(INSURER_DATA_RECORD, "insurance") == {"data-reporting"}


def test_a_lenders_deposit_is_lending_not_bills(samples) -> None:
    at_lender = found(LENDER_DEPOSITS, "consumer-finance")
    assert "bills" not in at_lender and "credit" in at_lender
    assert "bills" in found(LENDER_DEPOSITS, "city-commercial")


def test_a_banks_insurance_agency_is_an_agency_sale_unless_the_clause_names_another_fault(samples) -> None:
    assert found(BANK_AGENCY_MANAGEMENT, "rural-commercial") == {"insurance", "interbank-wealth"}
    assert found(BANK_AGENCY_MANAGEMENT, "insurance-intermediary") == {"insurance"}
    assert found(BANK_AGENT_REGISTRATION, "state-owned") == {"insurance"}  # 执业登记 shares its clause


def test_a_banks_fee_is_no_insurance_commission(samples) -> None:
    assert "insurance" in found(BANK_FEE)
    assert "insurance" not in found(BANK_FEE, "state-owned")
    assert "consumer-protection" in found(BANK_FEE, "state-owned")


def test_an_intermediarys_account_is_insurance_and_a_banks_sellers_are_its_staff(samples) -> None:
    assert "deposits" in found(INTERMEDIARY_ACCOUNT)
    assert found(INTERMEDIARY_ACCOUNT, "insurance-intermediary") == {"insurance"}
    assert found(BANK_SELLERS) == {"credit", "insurance"}
    assert found(BANK_SELLERS, "state-owned") == {"credit", "internal-control"}


def test_a_banks_sellers_qualification_is_staff_management_beside_the_agency_sale(samples) -> None:
    assert found(BANK_SELLERS_QUALIFICATION, "city-commercial") == {
        "interbank-wealth", "internal-control", "consumer-protection"}
    assert "internal-control" not in found(BANK_SELLERS_QUALIFICATION)  # an insurer's sellers are its agents


def test_an_amcs_pre_investment_check_is_lending_elsewhere_an_investment(samples) -> None:
    at_amc = found(AMC_PRE_INVESTMENT, "amc")
    assert "credit" in at_amc and "interbank-wealth" not in at_amc
    assert "interbank-wealth" in found(AMC_PRE_INVESTMENT, "state-owned")
    assert "interbank-wealth" in found(FINANCE_COMPANY_PRE_INVESTMENT, "finance-company")


def test_an_intermediarys_training_is_an_agent_rule_an_insurers_is_internal_control(samples) -> None:
    assert found(INTERMEDIARY_TRAINING, "insurance-intermediary") == {"consumer-protection", "insurance"}
    assert found(INSURER_TRAINING, "insurance") == {"internal-control"}


def test_an_insurers_off_book_money_and_customer_record_are_insurance(samples) -> None:
    assert found(INTERMEDIARY_OFF_BOOK, "insurance-intermediary") == {"insurance"}
    assert "data-reporting" in found(INTERMEDIARY_OFF_BOOK, "joint-stock")  # a bank's 账外 is false books
    assert found(INSURER_CUSTOMER_RECORD, "insurance") == {"insurance"}
    assert found(INSURER_CUSTOMER_RECORD, "city-commercial") == {"data-reporting"}


def test_an_insurers_consumer_fault_over_its_policies_is_insurance_too_a_banks_is_not(samples) -> None:
    # Drift audit: at an insurer 投保人 / 保险合同 / 保险产品 name its own insurance business beside the
    # consumer fault; a bank selling insurance commits the consumer fault alone.
    assert found(BANK_DECEIT, "insurance") == {"consumer-protection", "insurance"}
    assert found(BANK_DECEIT, "city-commercial") == {"consumer-protection"}
    assert found(BANK_CONCEALMENT, "insurance") == {"consumer-protection", "insurance"}
    assert found(BANK_CONCEALMENT, "state-owned") == {"consumer-protection"}
    assert found(INSURER_CLAIM_REFUSAL, "insurance") == {"consumer-protection", "insurance"}
    # 保险销售行为 is consumer-protection's phrase and, through insurance's `also`, insurance too, except
    # at a bank (its table excludes it there).
    assert found(INSURER_SALES_CONDUCT, "insurance") == {"consumer-protection", "insurance"}
    assert found(INSURER_SALES_CONDUCT, "joint-stock") == {"consumer-protection"}


def test_enrichment_passes_the_partys_type(samples) -> None:
    # The rows' notices rebuilt and enriched as a crawl does (qa.rows): bank and insurer read apart.
    assert "data-reporting" in codes(BANK_FALSE_EXPENSES) and "insurance" not in codes(BANK_FALSE_EXPENSES)
    assert codes(INSURER_EXPENSE_RECORD) == {"insurance"}
    assert "interbank-wealth" not in codes(INSURER_AGENCY_CONTRACT)


def test_families_name_known_type_codes_and_bad_names_are_refused() -> None:
    families = taxonomy.institution_families()
    assert {"bank", "insurer"} <= set(families)
    assert all(codes_ <= set(type_codes()) for codes_ in families.values())
    assert families["insurer"] == {"insurance", "insurance-intermediary"}
    with pytest.raises(VocabularyError, match="neither a type code nor a family"):
        taxonomy._institution_rule("insurance", {"types": ["banks"], "phrases": ["虚列"]})
    with pytest.raises(VocabularyError, match="without types"):
        taxonomy._institution_rule("insurance", {"phrases": ["虚列"]})


def test_every_type_reads_the_data_file_without_a_phrase_in_two_categories() -> None:
    # taxonomy_at refuses a phrase that two tables give to two categories at one type; built for every
    # type here, so a clash in the data file fails a test rather than the first crawl of such a party.
    for code in type_codes():
        viewed = taxonomy.taxonomy_at(code)
        assert [c.code for c in viewed] == taxonomy.category_codes()
    at_bank = {c.code: c for c in taxonomy.taxonomy_at("rural-credit")}
    assert "虚列费用" in at_bank["data-reporting"].phrases and "虚列费用" not in at_bank["insurance"].phrases
