"""The violation taxonomy, checked on hand-checked real facts (主要违法违规事实) of the real rows."""

from __future__ import annotations

import pytest

from models.vocab.taxonomy import categorize, category_codes, load_taxonomy
from tests.conftest import REAL_ROWS_CSV
from tests.test_vocab_taxonomy_pboc import PBOC_CODES

# (real facts text, a category it must get, the phrase recorded for it)
REAL_FACTS = [
    ("贷款“三查”不到位", "credit", "贷款三查"),
    ("贷后管理不到位，贷款资金被挪用", "credit", "贷后管理"),  # 挪用 is a context word: listed after
    ("违规房地产开发企业贷款", "real-estate", "房地产"),
    ("流动资金贷款管理不到位；办理法人按揭贷款不审慎；个人经营性贷款管理不到位", "real-estate", "按揭"),
    ("违规办理信用卡汽车专项分期业务", "credit-card", "信用卡"),
    ("销售误导", "consumer-protection", "销售误导"),
    ("欺骗投保人", "consumer-protection", "欺骗"),
    ("给予投保人保险合同约定以外的利益", "insurance", "保险合同约定以外"),
    ("利用保险代理人虚构保险中介业务套取费用", "insurance", "虚构保险中介业务"),
    ("未按照规定使用经批准或者备案的保险条款、保险费率", "insurance", "保险条款"),
    ("虚列费用", "insurance", "虚列费用"),
    ("票据业务贸易背景审查不严。", "bills", "票据"),
    ("代销理财产品违规承诺", "interbank-wealth", "理财"),
    ("违规办理同业业务、违规发放委托贷款、违规办理展期贷款", "interbank-wealth", "同业"),
    ("虚增存贷款规模", "deposits", "存贷款"),
    ("贷款风险分类不准确", "asset-quality", "风险分类"),
    ("贷款风险分类不准确", "credit", "贷款"),  # a loan's classification names the loan (drift audit)
    ("贷款风险分类不准确、EAST数据报送不准确", "data-reporting", "EAST"),
    ("非现场监管数据不准确", "data-reporting", "监管数据"),
    ("员工行为管理不到位", "internal-control", "员工行为"),
    ("内控管理不到位", "internal-control", "内控"),
    ("授信管理不审慎、交易监测管控不到位、发卡营销业务违规外包、EAST数据报送不准确等", "aml", "交易监测"),
    ("因管理不善导致许可证遗失", "licensing", "许可证"),
]


@pytest.mark.parametrize(("facts", "code", "phrase"), REAL_FACTS)
def test_real_facts(facts: str, code: str, phrase: str) -> None:
    found = {c.code: c.phrase for c in categorize(facts)}
    assert found.get(code) == phrase, found


def test_examples_are_real_and_cover_every_code() -> None:
    text = REAL_ROWS_CSV.read_text(encoding="utf-8")
    assert [f for f, _, _ in REAL_FACTS if f not in text] == []
    # The PBOC kinds are measured on the PBOC pages (tests/test_vocab_taxonomy_pboc.py).
    assert {c for _, c, _ in REAL_FACTS} | {"other"} == set(category_codes()) - PBOC_CODES


def test_longer_phrase_hides_the_shorter_inside_it() -> None:
    assert [c.code for c in categorize("虚增存贷款规模")] == ["deposits"]  # not credit's 贷款
    assert "interbank-wealth" not in {c.code for c in categorize("非同业关联客户大额风险暴露超比例")}
    # A short key that a longer, incomplete key begins with is still found (pyahocorasick iter_long misses it).
    assert [c.code for c in categorize("向公职人员发放个人经营性贷款")] == ["credit"]


def test_several_categories_in_taxonomy_order() -> None:
    codes = [c.code for c in categorize("个人住房贷款管理不审慎；信用卡透支；EAST数据报送不准确")]
    assert codes == ["credit", "real-estate", "credit-card", "data-reporting"]


@pytest.mark.parametrize("text", ["", None, "对上述行为负有责任", "警告"])
def test_nothing_matches(text: str | None) -> None:
    assert categorize(text) == []


def test_taxonomy_shape() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy[-1].code == "other" and taxonomy[-1].phrases == ()
    required = {"credit", "real-estate", "credit-card", "consumer-protection", "insurance", "bills",
                "interbank-wealth", "deposits", "asset-quality", "data-reporting", "internal-control", "aml",
                "licensing", "other"}
    assert required <= {c.code for c in taxonomy}
    assert all(c.zh and c.en for c in taxonomy)
    issue_phrases = {
        "credit": ["贷款三查", "挪用", "违规发放", "贷后管理", "授信"],
        "consumer-protection": ["误导销售", "电话营销", "违规收费", "捆绑搭售", "侵害消费者", "个人信息"],
        "insurance": ["编制虚假资料", "合同约定以外的利益", "条款费率", "虚列费用", "虚构中介业务"],
        "interbank-wealth": ["同业", "理财", "资管", "代销"],
        "asset-quality": ["资产分类", "不良资产"],
        "data-reporting": ["监管数据", "EAST", "报表", "统计"],
        "internal-control": ["内控", "员工行为", "股权", "关联交易", "任职资格", "案件防控"],
        "licensing": ["未经批准", "擅自", "吊销"],
    }
    # The vocabulary of a category: its own phrases and its context words (挪用 counts for credit
    # unless another category's fault shares its clause: 票据贴现资金被挪用 is bills).
    phrases = {c.code: set(c.phrases) | set(c.context) for c in taxonomy}
    for code, wanted in issue_phrases.items():
        assert set(wanted) <= phrases[code], code


def test_a_context_phrase_counts_only_in_a_clause_without_another_fault() -> None:
    # 保险产品 names what the fault concerns: beside 代客操作 (mis-selling) it adds nothing ...
    assert {c.code for c in categorize("代客操作购买保险产品")} == {"consumer-protection"}
    # ... alone in its clause it is the insurance business, and another clause does not silence it.
    assert {c.code for c in categorize("保单未记载投保人地址")} == {"insurance"}
    assert {c.code for c in categorize("员工行为管理不到位；保险产品管理不规范")} == {"insurance", "internal-control"}
    assert all(set(c.context).isdisjoint(c.phrases) for c in load_taxonomy())


def test_in_a_clause_of_context_phrases_only_the_first_names_the_subject() -> None:
    # 保单 (insurance) comes before 不真实 (data-reporting): a false policy record, not false data.
    assert {c.code for c in categorize("保单记载业务员不真实")} == {"insurance"}
    assert {c.code for c in categorize("资料不真实")} == {"data-reporting"}


def test_a_phrase_listed_under_also_counts_for_both_categories() -> None:
    # The Insurance Law's 编制虚假资料 is an insurance offence and false data (qa/truth/README.md,
    # double-labelling); an expense line so described stays insurance alone.
    codes = lambda text: {c.code for c in categorize(text, "insurance")}  # noqa: E731
    assert codes("编制虚假资料") == {"insurance", "data-reporting"}
    assert codes("编制或者提供虚假的报告、报表、文件、资料") == {"insurance", "data-reporting"}
    assert codes("编制虚假财务资料") == {"insurance", "data-reporting"}
    assert codes("编制虚假业务宣传费") == {"insurance"}
    assert codes("虚假理赔") == {"insurance"}  # a false claim is fraud, not false data


def test_an_also_phrase_must_belong_to_another_category(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.vocab import taxonomy
    from models.vocab.datafiles import VocabularyError

    data = {"category": [
        {"code": "insurance", "zh": "保险", "en": "Insurance", "phrases": ["编制虚假资料"]},
        {"code": "data-reporting", "zh": "数据", "en": "Data", "phrases": ["报表"], "also": ["虚假报表"]},
        {"code": "other", "zh": "其他", "en": "Other"},
    ]}
    monkeypatch.setattr(taxonomy, "read_toml", lambda name: data)
    with pytest.raises(VocabularyError, match="no other category's phrase"):
        taxonomy.load_taxonomy.__wrapped__()
    data["category"][1]["also"] = ["编制虚假资料"]
    assert taxonomy.load_taxonomy.__wrapped__()[1].also == ("编制虚假资料",)
