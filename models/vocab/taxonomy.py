"""The violation taxonomy (models/data/violations.toml) and categorising a party's facts with it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from models.record import Category
from models.vocab.datafiles import VocabularyError, read_toml
from models.vocab.matching import build, leftmost_longest
from models.vocab.text import normalize

OTHER = "other"


@dataclass(frozen=True)
class ViolationCategory:
    code: str  # credit, credit-card, aml, …: penalty_category.category and /violations/{code}/
    zh: str
    en: str
    phrases: tuple[str, ...]
    # Contexts in which this category's own phrases do not count: a match of one of the phrases that
    # lies inside an occurrence of an exclusion is dropped (账户 inside 佣金收取账户 is no deposit).
    exclude: tuple[str, ...] = ()
    # Phrases that name what a fault concerns rather than the fault (保险产品, 代理人, 存款): they put the
    # facts in this category only when no other category's own phrase shares their clause (代客操作购买
    # 保险产品 is mis-selling at a bank, not insurance business).
    context: tuple[str, ...] = ()


@cache
def load_taxonomy() -> tuple[ViolationCategory, ...]:
    """The categories in display order ('other' last)."""
    data = read_toml("violations.toml")
    categories, seen_codes, owner = [], set(), {}
    for entry in data.get("category", []):
        try:
            code, zh, en = entry["code"], entry["zh"], entry["en"]
        except KeyError as exc:
            raise VocabularyError(f"violations.toml: a category lacks {exc}") from exc
        if code in seen_codes or not code.isascii():
            raise VocabularyError(f"violations.toml: duplicate or non-ASCII code {code!r}")
        seen_codes.add(code)
        phrases = tuple(dict.fromkeys(normalize(p) for p in entry.get("phrases", []) if normalize(p)))
        context = tuple(dict.fromkeys(normalize(p) for p in entry.get("context", []) if normalize(p)))
        for phrase in phrases + context:
            if phrase in owner:
                raise VocabularyError(f"violations.toml: {phrase!r} is in both {owner[phrase]} and {code}")
            owner[phrase] = code
        exclude = tuple(dict.fromkeys(normalize(p) for p in entry.get("exclude", []) if normalize(p)))
        for excluded in exclude:
            if not any(phrase in excluded for phrase in phrases + context):
                raise VocabularyError(f"violations.toml: {code}: exclusion {excluded!r} contains none of its phrases")
        categories.append(ViolationCategory(code, zh, en, phrases, exclude, context))
    if OTHER not in seen_codes:
        raise VocabularyError("violations.toml: the 'other' category is required")
    # 'other' is shown last wherever the file has it (another regulator's block is appended after it).
    return tuple(sorted(categories, key=lambda c: c.code == OTHER))


def category_codes() -> list[str]:
    return [c.code for c in load_taxonomy()]


@cache
def _automaton() -> ahocorasick.Automaton:
    return build((phrase.upper(), (c.code, rank, phrase, rank >= len(c.phrases))) for c in load_taxonomy()
                 for rank, phrase in enumerate(c.phrases + c.context))


@cache
def _exclusions() -> ahocorasick.Automaton:
    codes: dict[str, list[str]] = {}
    for c in load_taxonomy():
        for context in c.exclude:
            codes.setdefault(context.upper(), []).append(c.code)
    return build((context, frozenset(owners)) for context, owners in codes.items())


def _excluded_spans(key: str) -> dict[str, list[tuple[int, int]]]:
    """Per category, the spans of the text its exclusions cover."""
    spans: dict[str, list[tuple[int, int]]] = {}
    automaton = _exclusions()
    if automaton.kind != ahocorasick.AHOCORASICK:
        return spans
    for end, (length, owners) in automaton.iter(key):
        for code in owners:
            spans.setdefault(code, []).append((end - length + 1, end + 1))
    return spans


@cache
def _order() -> dict[str, int]:
    return {code: i for i, code in enumerate(category_codes())}


# Where one fact ends and the next begins: a context phrase is weighed against its own clause only.
CLAUSE_ENDS = frozenset("，,；;。：:、！!？?\n")


def _clause_numbers(key: str) -> list[int]:
    """For each position of `key`, the number of the clause it lies in (clauses end at CLAUSE_ENDS)."""
    numbers, current = [], 0
    for ch in key:
        numbers.append(current)
        current += ch in CLAUSE_ENDS
    return numbers


@lru_cache(maxsize=65536)
def _match(key: str) -> tuple[tuple[str, str], ...]:
    # Per category, the phrase listed first in the data file among those found: the most telling one
    # to show (保险合同约定以外 rather than 投保人), as the file's order says.
    # A phrase inside one of its category's exclusions does not count (see ViolationCategory.exclude);
    # a context phrase does not count in a clause where another category's own phrase does.
    excluded = _excluded_spans(key)
    kept = [(start, code, rank, phrase, weak)
            for start, found, (code, rank, phrase, weak) in leftmost_longest(_automaton(), key)
            if not any(xs <= start and start + len(found) <= xe for xs, xe in excluded.get(code, ()))]
    clause_of = _clause_numbers(key)
    telling = {(clause_of[start], code) for start, code, _, _, weak in kept if not weak}
    # In a clause of context phrases only, the first one names what the clause is about
    # (保单记载业务员不真实 is a false policy record, not false data).
    leading: dict[int, str] = {}
    for start, code, *_ in kept:
        leading.setdefault(clause_of[start], code)
    best: dict[str, tuple[int, str]] = {}
    for start, code, rank, phrase, weak in kept:
        clause = clause_of[start]
        if weak and (any(c == clause and other != code for c, other in telling) or leading[clause] != code):
            continue
        if code not in best or rank < best[code][0]:
            best[code] = (rank, phrase)
    order = _order()
    return tuple((code, best[code][1]) for code in sorted(best, key=order.__getitem__))


def categorize(text: str | None) -> list[Category]:
    """The categories whose phrases occur in `text`, in taxonomy order, each with the phrase that
    matched (the first listed, when several did); empty when none does ('other' is the caller's call)."""
    key = normalize(text).upper()
    if not key:
        return []
    return [Category(code, phrase) for code, phrase in _match(key)]
