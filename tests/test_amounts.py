"""Amounts of money in every form NFRA decisions write them (scrapers/nfra/amounts.py)."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrapers.nfra.amounts import find_money, parse_amount


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("50万元", 500_000),
        ("1.1万元", 11_000),
        ("12.5万元", 125_000),
        ("1033.71325万元", 10_337_133),  # 10,337,132.5 rounds half up
        ("5000元", 5_000),
        ("55000元", 55_000),
        ("47,687.23元", 47_687),
        ("5,000元", 5_000),
        ("4127.74元", 4_128),
        ("二十九万元", 290_000),
        ("五千元", 5_000),
        ("两千元", 2_000),
        ("十一万五千元", 115_000),
        ("一百万元", 1_000_000),
        ("二百六十万元", 2_600_000),
        ("伍万元", 50_000),
        ("8千元", 8_000),
        ("1万5千元", 15_000),
        ("40万", 400_000),
        ("人民币15万元", 150_000),
        ("60万元人民币", 600_000),
        ("３万元", 30_000),
        ("10万余元", 100_000),
    ],
)
def test_parse_amount_every_form(text: str, yuan: int) -> None:
    assert parse_amount(text) == yuan


@pytest.mark.parametrize("text", ["张三", "第四十六条", "2025年12月30日", "", "万元", "三年"])
def test_parse_amount_rejects_what_is_not_money(text: str) -> None:
    assert parse_amount(text) is None


def test_find_money_in_real_decision_sentences() -> None:
    found = find_money("对中国工商银行股份有限公司绍兴分行罚款360万元、没收违法所得4127.74元")
    assert [m.yuan for m in found] == [3_600_000, 4_128]
    assert find_money("罚没合计1033.71325万元")[0].yuan == 10_337_133
    # A bare 万 only counts where the clause ends: 罚款40万。 but never 万科 or a year.
    assert [m.yuan for m in find_money("罚款40万。")] == [400_000]
    assert find_money("禁止从事银行业工作5年，万科公司") == []


def test_numbers_split_by_layout_spaces_are_not_joined_across_words() -> None:
    assert [m.yuan for m in find_money("第5条 30万元")] == [300_000]


def test_cn2an_sees_only_the_amount_span() -> None:
    # cn2an on a whole sentence would turn the 三 of a name into 3; the pattern hands it 三十万 only.
    found = find_money("对张三罚款三十万元")
    assert [(m.text, m.yuan) for m in found] == [("三十万元", 300_000)]


def test_approximate_amounts_are_flagged() -> None:
    (money,) = find_money("没收违法所得1.2万余元")
    assert money.yuan == 12_000 and money.approximate


# ------------------------------------------------------------------ round trips (hypothesis)

yuan_amounts = st.integers(min_value=1, max_value=99_999_999)


@given(yuan_amounts)
def test_round_trip_plain_yuan(yuan: int) -> None:
    assert parse_amount(f"{yuan}元") == yuan


@given(yuan_amounts)
def test_round_trip_thousands_separators(yuan: int) -> None:
    assert parse_amount(f"{yuan:,}元") == yuan


@given(st.integers(min_value=1, max_value=9_999_999), st.sampled_from(["万元", "万"]))
def test_round_trip_wan_with_decimals(tenths_of_yuan_in_wan: int, unit: str) -> None:
    # 0.0001万 = 1 元: any integer yuan is exactly a 万 figure with up to four decimals.
    text = f"{tenths_of_yuan_in_wan / 10_000:.4f}".rstrip("0").rstrip(".")
    assert parse_amount(f"{text}{unit}") == tenths_of_yuan_in_wan


@given(yuan_amounts)
def test_round_trip_chinese_numerals(yuan: int) -> None:
    assert parse_amount(f"{cn2an.an2cn(yuan)}元") == yuan


@given(st.integers(min_value=1, max_value=9_999))
def test_round_trip_chinese_wan(wan: int) -> None:
    assert parse_amount(f"{cn2an.an2cn(wan)}万元") == wan * 10_000


@given(st.integers(min_value=1, max_value=9))
def test_round_trip_digit_thousand(thousands: int) -> None:
    assert parse_amount(f"{thousands}千元") == thousands * 1000


@given(yuan_amounts, st.sampled_from(["人民币{}元", "{}元人民币", "人民币{}元整"]))
def test_round_trip_renminbi_before_or_after(yuan: int, template: str) -> None:
    assert parse_amount(template.format(yuan)) == yuan


@given(st.integers(min_value=1, max_value=99_999_999), st.sampled_from(["罚款{}", "并处{}罚款", "罚款合计{}"]))
def test_amount_found_inside_a_decision(yuan: int, template: str) -> None:
    text = template.format(f"{yuan}元")
    assert [m.yuan for m in find_money(text)] == [yuan]
