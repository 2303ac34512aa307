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
    # Phrases whose meaning depends on the party's institution (虚列费用 is the Insurance Law's offence at
    # an insurer, false accounts at a bank): see InstitutionRule.
    by_institution: tuple[InstitutionRule, ...] = ()
    # Phrases of other categories that put the facts in this one as well (编制虚假资料 is the Insurance
    # Law's offence and false data at once): a kept match of one counts for both categories.
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstitutionRule:
    """A category's `[[category.at_institutions]]` table: at a party of one of `types` (institution type
    codes, models/data/institution_types.csv), `phrases` and `context` belong to this category, taken
    from whichever category lists them for other institutions, and `exclude` adds contexts in which the
    category's phrases do not count."""

    types: frozenset[str]
    phrases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


def _phrases(entry: dict, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(p) for p in entry.get(key, []) if normalize(p)))


@cache
def institution_families() -> dict[str, frozenset[str]]:
    """The `[families]` table of violations.toml: a name (bank, insurer, …) for several type codes."""
    from models.vocab.groups import type_codes

    known = set(type_codes())
    families = {}
    for name, codes in read_toml("violations.toml").get("families", {}).items():
        unknown = set(codes) - known
        if unknown or name in known:
            raise VocabularyError(f"violations.toml: family {name!r}: unknown type codes {sorted(unknown)} "
                                  "or a name that is a type code")
        families[name] = frozenset(codes)
    return families


def _institution_rule(code: str, entry: dict) -> InstitutionRule:
    from models.vocab.groups import type_codes

    families, known = institution_families(), set(type_codes())
    types: set[str] = set()
    for name in entry.get("types", []):
        if name not in families and name not in known:
            raise VocabularyError(f"violations.toml: {code}: {name!r} is neither a type code nor a family")
        types |= families.get(name, {name})
    if not types:
        raise VocabularyError(f"violations.toml: {code}: an at_institutions table without types")
    return InstitutionRule(frozenset(types), _phrases(entry, "phrases"), _phrases(entry, "context"),
                           _phrases(entry, "exclude"))


@cache
def load_taxonomy() -> tuple[ViolationCategory, ...]:
    """The categories in display order ('other' last), as read at an institution of no known type."""
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
        also = _phrases(entry, "also")
        for excluded in exclude:
            if not any(phrase in excluded for phrase in phrases + context + also):
                raise VocabularyError(f"violations.toml: {code}: exclusion {excluded!r} contains none of its phrases")
        rules = tuple(_institution_rule(code, rule) for rule in entry.get("at_institutions", []))
        for rule in rules:
            for excluded in rule.exclude:
                if not any(phrase in excluded for phrase in phrases + context + rule.phrases + rule.context):
                    raise VocabularyError(f"violations.toml: {code}: exclusion {excluded!r} contains none of "
                                          "its phrases")
        categories.append(ViolationCategory(code, zh, en, phrases, exclude, context, rules, also))
    if OTHER not in seen_codes:
        raise VocabularyError("violations.toml: the 'other' category is required")
    for c in categories:
        for phrase in c.also:
            if owner.get(phrase, c.code) == c.code:
                raise VocabularyError(f"violations.toml: {c.code}: 'also' phrase {phrase!r} is no other "
                                      "category's phrase")
    # 'other' is shown last wherever the file has it (another regulator's block is appended after it).
    return tuple(sorted(categories, key=lambda c: c.code == OTHER))


@cache
def taxonomy_at(institution_type: str | None) -> tuple[ViolationCategory, ...]:
    """The categories as read at a party of `institution_type`: each category's phrases for that type
    come first (the most telling there) and are taken from the category that lists them for the rest."""
    base = load_taxonomy()
    rules = [(c.code, rule) for c in base for rule in c.by_institution if institution_type in rule.types]
    if not rules:
        return base
    owner: dict[str, str] = {}
    for code, rule in rules:
        for phrase in rule.phrases + rule.context:
            if owner.setdefault(phrase, code) != code:
                raise VocabularyError(f"violations.toml: at {institution_type}, {phrase!r} is in both "
                                      f"{owner[phrase]} and {code}")
    viewed = []
    for c in base:
        own = [rule for code, rule in rules if code == c.code]
        phrases = [p for rule in own for p in rule.phrases] + [p for p in c.phrases if p not in owner]
        context = [p for rule in own for p in rule.context] + [p for p in c.context if p not in owner]
        exclude = list(c.exclude) + [p for rule in own for p in rule.exclude]
        viewed.append(ViolationCategory(c.code, c.zh, c.en, tuple(dict.fromkeys(phrases)),
                                        tuple(dict.fromkeys(exclude)), tuple(dict.fromkeys(context)), also=c.also))
    return tuple(viewed)


def category_codes() -> list[str]:
    return [c.code for c in load_taxonomy()]


@cache
def _automaton(institution_type: str | None) -> ahocorasick.Automaton:
    return build((phrase.upper(), (c.code, rank, phrase, rank >= len(c.phrases)))
                 for c in taxonomy_at(institution_type) for rank, phrase in enumerate(c.phrases + c.context))


@cache
def _also(institution_type: str | None) -> dict[str, tuple[tuple[str, int], ...]]:
    """For each phrase some category lists under `also`: (that category, a rank after its own phrases)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for c in taxonomy_at(institution_type):
        for i, phrase in enumerate(c.also):
            found.setdefault(phrase.upper(), []).append((c.code, len(c.phrases) + len(c.context) + i))
    return {phrase: tuple(codes) for phrase, codes in found.items()}


@cache
def _exclusions(institution_type: str | None) -> ahocorasick.Automaton:
    codes: dict[str, list[str]] = {}
    for c in taxonomy_at(institution_type):
        for context in c.exclude:
            codes.setdefault(context.upper(), []).append(c.code)
    return build((context, frozenset(owners)) for context, owners in codes.items())


def _excluded_spans(key: str, institution_type: str | None) -> dict[str, list[tuple[int, int]]]:
    """Per category, the spans of the text its exclusions cover."""
    spans: dict[str, list[tuple[int, int]]] = {}
    automaton = _exclusions(institution_type)
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


@cache
def _types_with_rules() -> frozenset[str]:
    return frozenset(t for c in load_taxonomy() for rule in c.by_institution for t in rule.types)


@lru_cache(maxsize=65536)
def _match(key: str, institution_type: str | None) -> tuple[tuple[str, str], ...]:
    # Per category, the phrase listed first in the data file among those found: the most telling one
    # to show (保险合同约定以外 rather than 投保人), as the file's order says.
    # A phrase inside one of its category's exclusions does not count (see ViolationCategory.exclude);
    # a context phrase does not count in a clause where another category's own phrase does.
    excluded = _excluded_spans(key, institution_type)
    def inside_exclusion(start: int, length: int, code: str) -> bool:
        return any(xs <= start and start + length <= xe for xs, xe in excluded.get(code, ()))

    also = _also(institution_type)
    kept = []
    for start, found, (code, rank, phrase, weak) in leftmost_longest(_automaton(institution_type), key):
        if inside_exclusion(start, len(found), code):
            continue
        kept.append((start, code, rank, phrase, weak))
        kept += [(start, other, other_rank, phrase, False) for other, other_rank in also.get(found, ())
                 if not inside_exclusion(start, len(found), other)]
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


def categorize(text: str | None, institution_type: str | None = None) -> list[Category]:
    """The categories whose phrases occur in `text`, in taxonomy order, each with the phrase that
    matched (the first listed, when several did); empty when none does ('other' is the caller's call).
    `institution_type` (a code of institution_types.csv) is the party's: the phrases whose meaning
    depends on it are read as at that institution; with none, as at one of no known type."""
    key = normalize(text).upper()
    if not key:
        return []
    if institution_type not in _types_with_rules():
        institution_type = None  # one cache entry for every type no table names
    return [Category(code, phrase) for code, phrase in _match(key, institution_type)]
