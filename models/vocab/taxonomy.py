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
        for phrase in phrases:
            if phrase in owner:
                raise VocabularyError(f"violations.toml: {phrase!r} is in both {owner[phrase]} and {code}")
            owner[phrase] = code
        categories.append(ViolationCategory(code, zh, en, phrases))
    if OTHER not in seen_codes:
        raise VocabularyError("violations.toml: the 'other' category is required")
    return tuple(categories)


def category_codes() -> list[str]:
    return [c.code for c in load_taxonomy()]


@cache
def _automaton() -> ahocorasick.Automaton:
    return build((phrase.upper(), (c.code, rank, phrase)) for c in load_taxonomy()
                 for rank, phrase in enumerate(c.phrases))


@cache
def _order() -> dict[str, int]:
    return {code: i for i, code in enumerate(category_codes())}


@lru_cache(maxsize=65536)
def _match(key: str) -> tuple[tuple[str, str], ...]:
    # Per category, the phrase listed first in the data file among those found: the most telling one
    # to show (保险合同约定以外 rather than 投保人), as the file's order says.
    best: dict[str, tuple[int, str]] = {}
    for _start, _key, (code, rank, phrase) in leftmost_longest(_automaton(), key):
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
