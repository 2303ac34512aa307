"""What a layout reader hands on: the labelled cell texts of one party row (or one vertical table)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Record:
    party: str = ""  # the 当事人 cell: one or several parties
    person_name: str = ""  # CBRC form: 个人姓名
    role: str = ""  # a separate 职务 column
    legal_rep: str = ""  # CBRC form: 法定代表人（主要负责人）姓名 (context, not a sanctioned party)
    decision_no: str = ""
    facts: str = ""
    basis: str = ""
    decision: str = ""
    authority: str = ""
    decided_on: str = ""
    # Records with the same key share one decision cell (a rowspan across party rows).
    decision_key: object = None
    # Parties already read (a letter's 当事人 blocks, parties.Named): used instead of reading `party`.
    listed: list[Any] | None = field(default=None)
    # The institutions a letter's text names in full (…（以下简称“阳光上分”）): a person of it with none stored
    # is one the text places but the reading did not.
    institutions_named: tuple[str, ...] = ()

    def set(self, field: str, value: str) -> None:
        if field in _TEXT_FIELDS:
            current = getattr(self, field)
            if value and value not in current:
                setattr(self, field, f"{current}\n{value}" if current else value)

    @property
    def empty(self) -> bool:
        return not (self.party or self.person_name or self.decision)


_TEXT_FIELDS = frozenset(
    ("party", "person_name", "role", "legal_rep", "decision_no", "facts", "basis", "decision", "authority",
     "decided_on")
)


def blank(value: str) -> str:
    """'—', '-', '/', '无' stand for an empty cell."""
    value = value.strip()
    return "" if value in {"—", "-", "--", "——", "/", "无", "／", "－", "–", "N/A"} else value
