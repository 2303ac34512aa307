"""Penalised people: a person's appearances across notices, linked only on strong evidence.

Two appearances of one name become one person when
  1. they are in the same notice (a person listed twice), unless their institutions are of different groups;
  2. they name the same institution node (tree.NodeKey: same group and branch path, renames and （原…）
     folded in), or one node is the other's ancestor below the group's head office — as the notice names
     the path (华安财险贵州分公司 → 贵州分公司贵阳中心支公司), or inferred for a city branch and its
     branches (交通银行上海市分行 → 上海长宁支行) — the promotion path within one bank;
  3. the group is small and local (a county 农商行, a 村镇银行, an agency: tree.SMALL_TYPES) and both name it;
  4. one notice cites the other's decision number (文号) in its text.
Nothing else joins: not the same group alone (two 王伟 at 农业银行 are two people), not the same province,
not a masked name (张某). A merge never joins appearances of two different groups, even through a chain.
A false merge is worse than a missed one: every person page names its namesakes (同名，未必同一人).

Slugs: pinyin of the name + the doc_id of the person's earliest notice (wang-wei-1189918), so a newcomer
namesake never takes an existing slug. When a person's earliest notice changes (an older notice is
crawled, two pages are joined) the page moves; `redirects` lists every slug it may have had (one per
notice it appears in) so that the site keeps each one working.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from operator import attrgetter

from pypinyin import Style, lazy_pinyin

from models.vocab.text import normalize
from sitegen.core.register.calendar import Ban, ban_of
from sitegen.core.register.tree import Located, NodeKey, Tree, locate

# 张某, 王某某, 李*, 赵×: names the notices mask are never linked across notices.
_MASKED = re.compile(r"某|\*|＊|×|╳|X{1,2}$|x{1,2}$")
_NON_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Appearance:
    """One penalty row of a person, as the register reads it."""

    doc_id: int
    seq: int
    name: str
    role: str | None = None
    institution: str | None = None
    group: str | None = None
    decided_on: date | None = None
    published_on: date | None = None
    categories: tuple[str, ...] = ()
    ban_years: int | None = None
    ban_lifetime: bool = False
    decision_no: str | None = None
    cited: tuple[str, ...] = ()  # decision numbers (文号) its notice's text cites

    @property
    def key(self) -> tuple[int, int]:
        return (self.doc_id, self.seq)

    @property
    def day(self) -> date | None:
        """The decision date, else the publication date: what the register dates a penalty by."""
        return self.decided_on or self.published_on

    @property
    def ban(self) -> Ban | None:
        return ban_of(self.decided_on, self.published_on, self.ban_years, self.ban_lifetime)


@dataclass
class Person:
    name: str
    slug: str
    appearances: list[Appearance]  # oldest first
    namesakes: list[str] = field(default_factory=list)  # slugs of the other people of this name
    redirects: list[str] = field(default_factory=list)  # slugs this page may have had before

    @property
    def first(self) -> Appearance:
        return self.appearances[0]


@cache  # one entry per distinct name (beyond 65,536 at national scale; see tree.locate)
def name_key(name: str) -> str:
    return normalize(name)


def is_masked(name: str) -> bool:
    return bool(_MASKED.search(name_key(name)))


def _located(appearance: Appearance) -> Located | None:
    return locate(appearance.institution) or locate(appearance.role)


def _group(appearance: Appearance, where: Located | None) -> str | None:
    return where.node.group if where else appearance.group


def _on_one_path(a: NodeKey, b: NodeKey, tree: Tree | None) -> bool:
    """One node is the other's ancestor, below the group's head office: as named, or as the tree infers
    it for a city-level branch (never a province's branch: too many people share a province)."""
    if a == b:
        return True
    upper, lower = (a, b) if len(a.path) <= len(b.path) else (b, a)
    if upper.path and upper.is_ancestor_of(lower):
        return True
    if tree is None:
        return False
    for x, y in ((a, b), (b, a)):
        lineage = tree.lineage(y)
        x = tree.canonical(x)
        if x in lineage[1:] and tree.nodes[x].city_wide:
            return True
    return False


def strong_evidence(a: Appearance, b: Appearance, tree: Tree | None = None) -> str | None:
    """Why two appearances of one name are one person (the rule), or None. The names must be equal."""
    if (a.name != b.name and name_key(a.name) != name_key(b.name)) or (a.doc_id == b.doc_id and a.seq == b.seq):
        return None
    where_a, where_b = _located(a), _located(b)
    group_a, group_b = _group(a, where_a), _group(b, where_b)
    if group_a and group_b and group_a != group_b:
        return None
    if a.doc_id == b.doc_id:
        return "same notice"
    if is_masked(a.name):
        return None
    if (a.decision_no and a.decision_no in b.cited) or (b.decision_no and b.decision_no in a.cited):
        return "notices cite each other"
    if where_a is None or where_b is None:
        return None
    node_a, node_b = where_a.node, where_b.node
    if tree is not None:
        node_a, node_b = tree.canonical(node_a), tree.canonical(node_b)
    if node_a == node_b:
        return "same institution"
    if where_a.local and where_b.local:
        return "same local institution"
    if _on_one_path(node_a, node_b, tree):
        return "one branch line"
    return None


_order = attrgetter("doc_id", "seq")


def link(appearances: Iterable[Appearance], tree: Tree | None = None) -> list[Person]:
    """The people among `appearances`: clusters joined on strong evidence, with stable slugs."""
    by_name: dict[str, list[Appearance]] = defaultdict(list)
    for appearance in appearances:
        by_name[name_key(appearance.name)].append(appearance)
    people: list[Person] = []
    for name in sorted(by_name):
        people.extend(_link_name(name, sorted(by_name[name], key=_order), tree))
    _settle_homophones(people)
    return people


def _settle_homophones(people: list[Person]) -> None:
    """Two names of one pinyin first seen in one notice (王伟, 汪伟): the name that sorts later adds a digest
    of itself. No redirect may shadow a page, and a slug two people could have had redirects to neither
    (two namesakes kept apart, both in one later notice)."""
    owner: dict[str, str] = {}
    renamed: dict[str, str] = {}
    for person in people:  # names in sorted order
        if owner.setdefault(person.slug, person.name) != person.name:
            old = person.slug
            person.slug = f"{old}-{hashlib.sha1(person.name.encode('utf-8', 'surrogatepass')).hexdigest()[:4]}"
            renamed[old + person.name] = person.slug
            owner[person.slug] = person.name
    claims = Counter(s for person in people for s in person.redirects)
    for person in people:
        if renamed:
            person.namesakes = [renamed.get(s + person.name, s) for s in person.namesakes]
        person.redirects = [s for s in person.redirects if s not in owner and claims[s] == 1]


def _link_name(name: str, rows: list[Appearance], tree: Tree | None) -> list[Person]:
    if len(rows) == 1:  # most names: one appearance is one person, with no namesake and no old slug
        return [Person(name, f"{slug_stem(name)}-{rows[0].doc_id}", rows)]
    if is_masked(name):
        # A masked name (王某) joins only within one notice: compare within each, not all pairs (there
        # can be thousands of 王某).
        by_doc: dict[int, list[Appearance]] = defaultdict(list)
        for row in rows:
            by_doc[row.doc_id].append(row)
        return _named(name, [c for doc_rows in by_doc.values() for c in _clusters(doc_rows, tree)])
    return _named(name, _clusters(rows, tree))


def _clusters(rows: list[Appearance], tree: Tree | None) -> list[list[Appearance]]:
    """Union-find over the pairs with strong evidence, never putting two groups in one cluster."""
    parent = list(range(len(rows)))
    groups: list[set[str]] = [{g} if (g := _group(r, _located(r))) else set() for r in rows]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(rows)):
        for j in range(i + 1, len(rows)):
            ri, rj = find(i), find(j)
            if ri == rj or len(groups[ri] | groups[rj]) > 1:
                continue  # already one, or joining would put two groups in one person
            if strong_evidence(rows[i], rows[j], tree):
                parent[rj] = ri
                groups[ri] |= groups[rj]
    clusters: dict[int, list[Appearance]] = defaultdict(list)
    for i, row in enumerate(rows):
        clusters[find(i)].append(row)
    return [sorted(c, key=_order) for c in clusters.values()]


@lru_cache(maxsize=8192)
def _char_pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]


def slug_stem(name: str, readings: dict[str, str] | None = None) -> str:
    """The pinyin of a name, character by character ('王伟' → 'wang-wei'): person names are short and
    share a few thousand characters, so this is cached per character (whole-name pypinyin was most of
    the register's time). `readings` overrides a character's reading where the context fixes it (行 is
    hang in a branch's name). Never empty; never more than 60 characters; only [a-z0-9-]."""
    readings = readings or {}
    words = [readings.get(c) or (_char_pinyin(c) if "\u4e00" <= c <= "\u9fff" else c) for c in name_key(name)[:30]]
    stem = _NON_SLUG.sub("-", "-".join(words).lower()).strip("-")[:60].strip("-")
    return stem or "x-" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _named(name: str, clusters: list[list[Appearance]]) -> list[Person]:
    """Slugs: pinyin + earliest doc_id; two people of one name first seen in one notice: the later
    seq also gets its seq."""
    stem = slug_stem(name)
    clusters.sort(key=lambda c: c[0].key)
    taken: set[str] = set()
    people = []
    for cluster in clusters:
        slug = f"{stem}-{cluster[0].doc_id}"
        if slug in taken:
            slug = f"{slug}-{cluster[0].seq}"
        taken.add(slug)
        people.append(Person(name, slug, sorted(cluster, key=lambda a: (a.day or date.min, a.key))))
    for person in people:
        person.namesakes = [p.slug for p in people if p is not person]
        person.redirects = sorted({f"{stem}-{a.doc_id}" for a in person.appearances} - taken)
    return people
