"""Parties a notice stores twice for one decision (issue 11: "a party is stored once per decision").

One party may rightly appear twice in one notice: a bank fined in two decisions for two sets of facts, the
same manager warned in each (潍坊银行临沂分行, docId 1253337), or one name in two institutions' decisions.
What must not happen is one decision giving one party two rows. Two stored parties are the same party of the
same decision when their name and kind are equal and:

- both carry a 文号 (decision_no) and it is the same: one decision, whatever each row's text says;
- neither carries one (a table without that column, the real-rows export): their facts, their decision
  text and their role as the notice writes them are all the same, i.e. one decision read twice (a shared
  cell multiplied over its rows, or a row repeated verbatim). Rows that state other facts, another sanction
  or another role (高小鹏 as 董事长 of one bank and 理事长 of another, docId 1208285) are other decisions.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.record import Party

DecisionKey = tuple[str | None, ...]


def decision_key(party: Party) -> DecisionKey:
    """The party and the decision it was stored for."""
    if party.decision_no:
        return (party.party_name, party.party_kind, party.decision_no)
    return (party.party_name, party.party_kind, None, party.facts, party.decision, party.party_role)


def repeated(parties: Iterable[Party]) -> list[Party]:
    """The parties stored again for a decision that already gave them a row (each after its first)."""
    seen: set[DecisionKey] = set()
    again = []
    for party in parties:
        key = decision_key(party)
        if key in seen:
            again.append(party)
        seen.add(key)
    return again
