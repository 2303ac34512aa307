"""How text becomes search terms: the one definition that the index builder and search.js share.

Text is NFKC-normalised and lower-cased (full-width digits and letters become ASCII). Han characters
(CJK ideographs, plus 〇) give every unigram and every adjacent bigram of each run; ASCII letters and
digits give whole words ([a-z0-9]+). Everything else separates terms, so no term spans a punctuation
mark, a space or a field boundary. site/static/search.js mirrors `query_plan` and `is_han`; tests
check that the vectorised builder in `postings.py` agrees with `index_terms`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# Han ranges (inclusive): Extension A, the URO, compatibility ideographs, Extensions B–H and the
# compatibility supplement; 〇 (U+3007) is used as a digit in dates.
HAN_RANGES: tuple[tuple[int, int], ...] = (
    (0x3007, 0x3007),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x323AF),
)
_HAN_CLASS = "".join(f"{chr(a)}-{chr(b)}" if a != b else chr(a) for a, b in HAN_RANGES)
HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
WORD = re.compile(r"[a-z0-9]+")
_TERM = re.compile(f"[{_HAN_CLASS}]+|[a-z0-9]+")


def normalize(text: str) -> str:
    """NFKC, lower case: the form both the index and the query see."""
    return unicodedata.normalize("NFKC", text).lower()


def is_han(ch: str) -> bool:
    cp = ord(ch)
    return any(a <= cp <= b for a, b in HAN_RANGES)


def index_terms(text: str) -> set[str]:
    """Every term one normalised field contributes (reference implementation, used by tests)."""
    terms: set[str] = set()
    for run in HAN_RUN.findall(text):
        terms.update(run)
        terms.update(run[i : i + 2] for i in range(len(run) - 1))
    terms.update(WORD.findall(text))
    return terms


def words(text: str) -> list[str]:
    return WORD.findall(text)


@dataclass
class Token:
    """One whitespace-separated part of a query: the index terms it needs and the runs to verify."""

    terms: list[str] = field(default_factory=list)
    # Han runs of three or more characters: bigram AND can match them out of order, so a displayed
    # record is checked for the run itself.
    verify: list[str] = field(default_factory=list)


@dataclass
class QueryPlan:
    include: list[Token] = field(default_factory=list)
    exclude: list[Token] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.include and not self.exclude


def token_of(part: str) -> Token | None:
    token = Token()
    for piece in _TERM.findall(part):
        if HAN_RUN.fullmatch(piece):
            if len(piece) == 1:
                token.terms.append(piece)
            else:
                token.terms.extend(piece[i : i + 2] for i in range(len(piece) - 1))
                if len(piece) >= 3:
                    token.verify.append(piece)
        else:
            token.terms.append(piece)
    if not token.terms:
        return None
    token.terms = list(dict.fromkeys(token.terms))
    return token


def query_plan(query: str) -> QueryPlan:
    """Split a query into tokens: all must match, except those written `-token`, which must not."""
    plan = QueryPlan()
    for part in normalize(query).split():
        negative = part.startswith("-") and len(part) > 1
        token = token_of(part[1:] if negative else part)
        if token is not None:
            (plan.exclude if negative else plan.include).append(token)
    return plan
