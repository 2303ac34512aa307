"""The quality report's duplicate check (qa/repeats.py): one party stored twice for one decision, told
apart from one party sanctioned in two decisions of a notice."""

from __future__ import annotations

from models.record import Party
from qa.corpora import nfra_row_records
from qa.repeats import repeated
from scrapers.nfra.parse import parse_records


def party(name: str, *, no: str | None = None, facts: str = "贷款“三查”不到位", decision: str = "罚款30万元",
          role: str | None = None, kind: str = "institution") -> Party:
    return Party(seq=0, party_name=name, party_kind=kind, decision_no=no, facts=facts, decision=decision,
                 party_role=role)


def test_one_decision_number_is_one_decision_whatever_the_rows_say() -> None:
    first = party("某某银行某某支行", no="某金罚决字〔2025〕3号", decision="罚款30万元")
    again = party("某某银行某某支行", no="某金罚决字〔2025〕3号", decision="对该支行罚款20万元")
    other = party("某某银行某某支行", no="某金罚决字〔2025〕4号", decision="罚款30万元")
    assert repeated([first, again, other]) == [again]


def test_without_a_number_the_same_facts_decision_and_role_are_one_decision() -> None:
    person = party("张某", kind="individual", role="时任某某银行某某支行行长", decision="警告")
    assert repeated([person, party("张某", kind="individual", role="时任某某银行某某支行行长", decision="警告")])
    # Other facts, another sanction or another role: another decision of the notice.
    assert not repeated([person, party("张某", kind="individual", role="时任某某银行某某支行行长", decision="警告",
                                       facts="违规发放贷款")])
    assert not repeated([person, party("张某", kind="individual", role="时任某某银行某某支行行长",
                                       decision="警告并罚款5万元")])
    assert not repeated([person, party("张某", kind="individual", role="时任某某联社理事长", decision="警告")])
    # A person and an institution of one name are two parties.
    assert not repeated([party("某某", kind="individual"), party("某某")])


def test_a_bank_fined_in_two_decisions_of_a_real_notice_is_no_repeat() -> None:
    # docId 1253337 (file lines 283–286): 潍坊银行临沂分行 fined 30万 for 集团客户统一授信管理不到位 and 30万 for
    # 贷款“三查”不到位, a manager warned in each: two decisions, the bank stored for each.
    parsed = parse_records(nfra_row_records("1253337"), "horizontal")
    banks = [p for p in parsed.parties if p.party_name == "潍坊银行股份有限公司临沂分行"]
    assert [p.fine_yuan for p in banks] == [300_000, 300_000]
    assert repeated(parsed.parties) == []
    # The same rows with the bank's second row given the first one's facts: one decision read twice.
    banks[1].facts = banks[0].facts
    assert repeated(parsed.parties) == [banks[1]]
