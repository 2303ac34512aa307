"""Sanctions read from one party's decision text (scrapers/nfra/sanctions.py). Texts are real 行政处罚内容
forms from the 派出机构 export in ../shared/samples/nfra, or written in their style."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.record import Party
from scrapers.nfra.parse import parse_docclob
from scrapers.nfra.sanctions import parse_sanctions


@pytest.mark.parametrize(
    ("text", "fine", "warning"),
    [
        ("罚款5万元", 50_000, False),
        ("警告，并罚款6万元人民币", 60_000, True),
        ("警告并处罚款人民币2万元", 20_000, True),
        ("给予警告，并处0.5万元罚款", 5_000, True),
        ("对江西银行股份有限公司南昌京东大道支行予以警告，处1万元罚款", 10_000, True),
        ("对该公司警告并罚款一万元", 10_000, True),
        ("处罚款5.5万元", 55_000, False),
        ("警告并处罚金5万元", 50_000, True),
        ("罚款40万", 400_000, False),
        ("责令改正，并处罚款55000元", 55_000, False),
        ("警告", None, True),
        ("不予警告，罚款1万元", 10_000, False),
    ],
)
def test_fine_and_warning(text: str, fine: int | None, warning: bool) -> None:
    found = parse_sanctions(text)
    assert (found.fine_yuan, found.warning) == (fine, warning)
    assert found.fine_mentioned == (fine is not None)


def test_a_total_and_its_breakdown_count_once() -> None:
    found = parse_sanctions("对复星联合健康保险股份有限公司合计罚款158万元。其中，总公司38万元，分支机构120万元。")
    assert found.fine_yuan == 1_580_000
    assert found.fine_total


def test_fine_and_confiscation_are_apart() -> None:
    found = parse_sanctions("责令改正，罚款2万元，没收违法所得47,687.23元")
    assert (found.fine_yuan, found.confiscated_yuan) == (20_000, 47_687)
    assert [m.kind for m in found.measures] == ["rectify"]
    found = parse_sanctions("对机构没收违法所得1.85万元，罚款100万元")
    assert (found.fine_yuan, found.confiscated_yuan) == (1_000_000, 18_500)


def test_fine_confiscation_and_their_sum() -> None:
    found = parse_sanctions("对泰康在线警告，罚款823.356625万元，没收违法所得210.356625万元，罚没合计1033.71325万元。")
    assert found.fine_yuan == 8_233_566
    assert found.confiscated_yuan == 2_103_566
    assert found.forfeiture_total == 10_337_133
    assert found.measures == []  # the sum repeats the two figures: not a measure of its own


def test_a_forfeiture_sum_alone_is_neither_a_fine_nor_a_measure() -> None:
    found = parse_sanctions("罚没合计575.265231万元")
    assert found.fine_yuan is None and found.confiscated_yuan is None
    assert found.forfeiture_total == 5_752_652 and found.any
    assert found.measures == []  # forfeiture_yuan holds it; the site shows it as money


@pytest.mark.parametrize(
    ("text", "years", "lifetime"),
    [
        ("禁止10年从事银行业工作", 10, False),
        ("禁止从事银行业工作5年", 5, False),
        ("三年内禁止从事银行业工作", 3, False),
        ("给予一年内禁止进入保险业的行政处罚", 1, False),
        ("禁业12年", 12, False),
        ("责令改正，禁入保险业十五年", 15, False),
        ("禁止终身从事银行业工作", None, True),
        ("禁止从事银行业工作直至终身", None, True),
        ("终身禁止进入保险业", None, True),
        ("给予禁止从事银行业终身", None, True),
    ],
)
def test_bans(text: str, years: int | None, lifetime: bool) -> None:
    found = parse_sanctions(text)
    assert (found.ban_years, found.ban_lifetime) == (years, lifetime)


def test_disqualification_is_a_measure_not_a_ban() -> None:
    found = parse_sanctions("取消高级管理人员任职资格10年、禁止从事银行业工作8年、罚款人民币三十万元")
    assert found.ban_years == 8
    assert found.fine_yuan == 300_000
    assert [(m.kind, m.text, m.years) for m in found.measures] == [("disqualify", "取消高级管理人员任职资格10年", 10)]
    lifetime = parse_sanctions("予以取消终身的银行业董事、高级管理人员任职资格")
    assert [(m.kind, m.years) for m in lifetime.measures] == [("disqualify", None)]
    assert "终身" in lifetime.measures[0].text and not lifetime.ban_lifetime


@pytest.mark.parametrize(
    ("text", "kind", "years", "months"),
    [
        ("责令在昆明五华区、盘龙区停止接受车险新业务3个月", "suspend-business", None, 3),
        ("责令停止接受贷款保证保险经纪新业务一年", "suspend-business", None, 12),
        ("责令停业整顿1年", "suspend-business", None, 12),
        ("吊销金融许可证", "revoke-license", None, None),
        ("对机构予以吊销业务许可证的行政处罚", "revoke-license", None, None),
        ("责令改正", "rectify", None, None),
        ("责令整改", "rectify", None, None),
        ("通报批评", "other", None, None),
        ("撤销任职资格", "disqualify", None, None),
    ],
)
def test_other_measures(text: str, kind: str, years: int | None, months: int | None) -> None:
    (measure,) = parse_sanctions(text).measures
    assert (measure.kind, measure.years, measure.months) == (kind, years, months)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("责令该公司限期整改，罚款10万元", ["rectify"]),
        ("责令国寿财险常德中支改正，罚款10万元", ["rectify"]),
        ("责令中国太平洋财产保险股份有限公司梅州中心支公司改正并处罚款10万元", ["rectify"]),
        ("责令该公司撤换相关高级管理人员并整改", ["other"]),  # an order to remove staff is not a 改正
        ("责令该公司停止接受新业务6个月并改正", ["suspend-business"]),
    ],
)
def test_an_order_to_correct_may_name_the_party_between_its_words(text: str, kinds: list[str]) -> None:
    assert [m.kind for m in parse_sanctions(text).measures] == kinds


def test_the_named_party_of_a_real_order_to_correct_gets_it(samples) -> None:
    # Real 九江 rows (派出机构 export): 责令<the branch's full name>改正，处20万元罚款，对易海娟给予警告… The
    # branch is ordered to correct, the person is not.
    from qa import rows as qa_rows

    real = qa_rows.read_real_rows(samples)
    for index in (1342, 1343):
        company, person = qa_rows.row_parties(real[index])
        assert company.party_kind == "institution" and [m.kind for m in company.measures] == ["rectify"]
        assert person.party_kind == "individual" and person.measures == [] and person.warning
    assert qa_rows.row_parties(real[1342])[0].fine_yuan == 200_000


def test_each_and_joint_wording_is_reported() -> None:
    assert parse_sanctions("分别给予警告并处罚款10万元").fine_each
    together = parse_sanctions("警告并罚款共计131万元")
    assert together.fine_total and not together.fine_each


@given(st.text(max_size=200))
def test_any_string_parses_without_raising(text: str) -> None:
    found = parse_sanctions(text)
    assert found.fine_yuan is None or found.fine_yuan >= 0


DECISION_ALPHABET = (
    "对罚款警告禁止终身取消任职资格年个月万元千百十一二三四五六七八九"
    "0123456789.,，。；、合计共计其中没收违法所得罚没"
)


@given(st.text(alphabet=DECISION_ALPHABET, max_size=80))
def test_decision_like_noise_parses_without_raising(text: str) -> None:
    parse_sanctions(text)


def _one_party(decision: str) -> Party:
    table = ("<table><tr><td>行政处罚决定书文号</td><td>沪金罚决字〔2025〕9号</td></tr>"
             "<tr><td>被处罚当事人</td><td>某某人寿保险股份有限公司上海分公司</td></tr>"
             "<tr><td>主要违法违规事实</td><td>虚列费用</td></tr>"
             f"<tr><td>行政处罚内容</td><td>{decision}</td></tr>"
             "<tr><td>作出决定机关</td><td>上海金融监管局</td></tr></table>")
    parsed = parse_docclob(table)
    assert parsed.parse_status == "ok" and len(parsed.parties) == 1
    return parsed.parties[0]


def test_a_forfeiture_stated_only_as_one_sum_is_kept_in_its_own_column() -> None:
    party = _one_party("罚没合计575.265231万元")
    assert (party.fine_yuan, party.confiscated_yuan, party.forfeiture_yuan) == (None, None, 5_752_652)


def test_a_forfeiture_total_beside_its_fine_and_confiscation_is_not_counted_again() -> None:
    party = _one_party("罚款823.356625万元，没收违法所得210.356625万元，罚没合计1033.71325万元")
    assert (party.fine_yuan, party.confiscated_yuan, party.forfeiture_yuan) == (8_233_566, 2_103_566, None)


def test_a_forfeiture_with_thousands_separators_beside_another_measure() -> None:
    party = _one_party("罚没款合计1,312,233.69元,责令改正")
    assert (party.fine_yuan, party.forfeiture_yuan) == (None, 1_312_234)
    assert [(m.kind, m.text) for m in party.measures] == [("rectify", "责令改正")]


def test_a_law_article_quoted_after_its_number_orders_nothing() -> None:
    # As in cc-0409 of ../shared/samples/cbrc-circ: the article allows a warning and a fine; the warning alone
    # was given.
    found = parse_sanctions("依据《保险营销员管理规定》第五十五条“保险营销员违反本规定第二十九条至三十六条规定的，"
                            "由中国保监会给予警告，处以1万元以下罚款”的规定，我局决定给予你警告的行政处罚")
    assert (found.warning, found.fine_mentioned, found.fine_yuan, found.measures) == (True, False, None, [])
    # 责令予以撤换 quoted from 第一百五十条 is no measure; the same words outside quotation marks are.
    quoted = parse_sanctions("依据《保险法》第一百五十条“…可以区别不同情况予以警告，责令予以撤换，处以二万元以上"
                             "十万元以下的罚款”的规定，我局决定给予你罚款2万元的行政处罚")
    assert (quoted.warning, quoted.fine_yuan, quoted.measures) == (False, 20_000, [])
    assert parse_sanctions("警告，责令予以撤换").measures
