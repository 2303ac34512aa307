"""The error classes the blind draw (truth set `blind:seed2`) exposed, each on a real notice read by hand.

CBRC/CIRC notices are named by their 1-based line in ../shared/samples/cbrc-circ/notices.jsonl (line N is
cc-N). Every expected value below was read from the notice's text, not from the parser.
"""

from __future__ import annotations

from datetime import date

import pytest

from models.record import ParsedNotice
from qa.corpora import CBRC_CIRC, cbrc_circ_line
from scrapers.nfra.parse import parse_docclob


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
