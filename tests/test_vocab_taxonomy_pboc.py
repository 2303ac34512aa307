"""The PBOC kinds of violation in the taxonomy, measured on the real head-office pages (../shared/samples/
pboc) and on the real NFRA rows they must not disturb."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from models.vocab.taxonomy import categorize, category_codes
from scrapers.pboc.reader import read_page
from tests.conftest import REAL_ROWS_CSV

PBOC = Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"
PAGES = {
    "2026092418294123383": "pbc_penalty_detail_2026092418294123383_yinfajuezi2026-104-116.html",
    "5860077": "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html",
}
# Every distinct 违法行为类型 item of the real pages (read off them), with the category it belongs to.
ITEMS = {
    "违反金融统计管理规定": "financial-statistics",
    "违反账户管理规定": "accounts",
    "违反清算管理规定": "payments",
    "违反银行卡收单业务管理规定": "payments",
    "违反商户管理规定": "payments",
    "违反数据安全管理规定": "data-security",
    "违反反假货币业务管理规定": "counterfeit-currency",
    "占压财政存款或者资金": "treasury",
    "违反信用信息采集、提供、查询及相关管理规定": "credit-reporting",
    "未按规定履行客户身份识别义务": "aml",
    "未按规定报送大额交易报告": "aml",
    "未按规定报送大额交易报告或者可疑交易报告": "aml",
}
PBOC_CODES = {"credit-reporting", "payments", "accounts", "financial-statistics", "counterfeit-currency", "treasury",
              "data-security", "forex"}
_ITEM = re.compile(r"^(?:\d+\.)?(.+?)[;；。]?$")


def _items_of(facts: str) -> list[str]:
    lines = [line for line in facts.split("\n") if "负有责任" not in line]
    return [_ITEM.match(line).group(1) for line in lines]


def test_every_item_of_the_real_pages_is_labelled() -> None:
    found = set()
    for article_id, name in PAGES.items():
        for party in read_page((PBOC / name).read_text(encoding="utf-8"), article_id).parsed.parties:
            found.update(_items_of(party.facts))
    assert found == set(ITEMS)


@pytest.mark.parametrize(("item", "code"), ITEMS.items())
def test_each_item_gets_exactly_its_category(item: str, code: str) -> None:
    assert [c.code for c in categorize(item)] == [code]


def test_parties_of_the_real_pages_get_their_items_categories() -> None:
    for article_id, name in PAGES.items():
        for party in read_page((PBOC / name).read_text(encoding="utf-8"), article_id).parsed.parties:
            expected = {ITEMS[item] for item in _items_of(party.facts)}
            assert {c.code for c in party.categories} == expected, (party.party_name, party.facts)


def test_the_new_phrases_on_the_real_nfra_rows() -> None:
    """Hand-checked: every NFRA row a PBOC category now takes is about that kind of violation."""
    with REAL_ROWS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    facts_key = next(k for k in rows[0] if "事实" in k)
    taken: dict[str, set[str]] = {}
    for row in rows:
        for c in categorize(row[facts_key]):
            if c.code in PBOC_CODES:
                taken.setdefault(c.code, set()).add(c.phrase)
    # 4 distinct texts in 5 rows, read one by one: 账户管理不合规, 可疑交易账户管理严重违反审慎经营规则,
    # 部分收单业务处理不及时, 单位资金以个人名义开立账户存储: all are what their category says. (NFRA's
    # 数据安全管控不足 stays internal-control: data-security matches only PBOC's 数据安全管理规定.)
    assert taken == {"accounts": {"账户管理", "开立账户"}, "payments": {"收单业务"}}


def test_the_taxonomy_holds_the_pboc_kinds() -> None:
    assert set(category_codes()) >= PBOC_CODES
