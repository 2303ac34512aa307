"""The register of one build, computed from the database before the notice pages are rendered (the
notice pages show each party's person page and repeat flags): one query of the penalty columns the
register needs, then people.link, tree.build_tree and repeats. Nothing is stored: the database schema
stays as it is, and a rebuild computes the same register from the same rows."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Engine, and_, case, select

from models.vocab.slugs import slugify
from sitegen.database import CATEGORY, NOTICE, PENALTY, as_date
from sitegen.register.people import Appearance, Person, link
from sitegen.register.repeats import Penalised, Repeat, group_repeats, repeat_flags
from sitegen.register.tree import NodeKey, Tree, build_tree, locate

# A branch penalised this often gets its own page (/banks/{group}/branches/{node}/), linked from its notices.
NODE_PAGE_MIN = 3

Key = tuple[int, int]
# A decision number cited in a text: 辽金罚决字〔2025〕7号, 银保监罚决字[2021]12号.
_DECISION_NO = re.compile(r"[\u4e00-\u9fff]{1,12}罚(?:决)?字\s*[〔\[(（【]\d{4}[〕\])）】]\s*\d{1,5}\s*号")


@dataclass
class Register:
    people: list[Person]
    person_of: dict[Key, Person]
    tree: Tree
    node_of: dict[Key, NodeKey]
    flags: dict[Key, list[Repeat]]
    group_flags: dict[Key, list[Repeat]]
    days: dict[Key, date | None]  # decision date, else publication date
    by_doc: dict[int, list[Key]] = field(default_factory=dict)
    group_of: dict[Key, str] = field(default_factory=dict)  # penalty.bank_group of institution rows
    node_pages: dict[NodeKey, tuple[str, str]] = field(default_factory=dict)  # node → (bank_group, node slug)

    def node_page(self, key: Key) -> tuple[str, str] | None:
        """(bank_group, node slug) of the page of an institution penalty's branch, if it has one."""
        node = self.node_of.get(key)
        return self.node_pages.get(node) if node is not None else None

    def marks(self, doc_id: int) -> tuple[tuple[Any, ...], ...]:
        """What a notice page shows of the register, per party: (seq, its person's slug, its repeat flags
        as (category, rule, earlier doc_id, earlier seq, earlier date), its branch page as (bank_group,
        node slug)). Part of the notice's digest."""
        out = []
        for key in self.by_doc.get(doc_id, ()):
            person = self.person_of.get(key)
            flags = tuple((r.category, r.rule, r.earlier[0], r.earlier[1], r.earlier_day.isoformat())
                          for r in self.flags.get(key, ()))
            node = self.node_page(key)
            if person is not None or flags or node:
                out.append((key[1], person.slug if person else None, flags, node))
        return tuple(out)


_COLUMNS = ("id", "doc_id", "seq", "party_name", "party_kind", "party_role", "institution", "bank_group",
            "decided_on", "ban_years", "ban_lifetime", "decision_no")


def load_register(engine: Engine) -> Register:
    categories: dict[int, list[str]] = defaultdict(list)
    # The facts only where they may cite a decision number (a person's, with 罚…字…号): most rows need none.
    cites = case((and_(PENALTY.c.party_kind == "individual", PENALTY.c.facts.like("%罚%字%号%")), PENALTY.c.facts))
    query = select(*(PENALTY.c[c] for c in _COLUMNS), NOTICE.c.published_at, NOTICE.c.first_seen_at,
                   cites).join(NOTICE, NOTICE.c.doc_id == PENALTY.c.doc_id)
    with engine.connect() as conn:
        for penalty_id, code in conn.execute(select(CATEGORY.c.penalty_id, CATEGORY.c.category)):
            categories[penalty_id].append(code)
        rows = [tuple(r) for r in conn.execute(query.order_by(PENALTY.c.doc_id, PENALTY.c.seq))]
    appearances: list[Appearance] = []
    institutions: list[tuple[Key, str | None, str | None, tuple[str, ...]]] = []
    days: dict[Key, date | None] = {}
    by_doc: dict[int, list[Key]] = defaultdict(list)
    for (pid, doc_id, seq, name, kind, role, institution, group, decided, ban_years, ban_lifetime, decision_no,
         published, first_seen, facts) in rows:
        key = (doc_id, seq)
        by_doc[doc_id].append(key)
        decided_on = as_date(decided)
        published_on = as_date(published) or as_date(first_seen)
        days[key] = decided_on or published_on
        cats = tuple(sorted(set(categories.get(pid, ()))))
        if kind == "individual" and name:
            cited = tuple(m.group(0).replace(" ", "") for m in _DECISION_NO.finditer(facts)) if facts else ()
            appearances.append(Appearance(
                doc_id, seq, name, role, institution, group, decided_on, published_on, cats, ban_years,
                bool(ban_lifetime), decision_no, cited,
            ))
        elif kind != "individual":
            institutions.append((key, name or institution, group, cats))
    tree = build_tree([a.institution or a.role for a in appearances] + [name for _, name, _, _ in institutions])
    people = link(appearances, tree)
    person_of = {a.key: p for p in people for a in p.appearances}
    node_of: dict[Key, NodeKey] = {}
    penalised: list[Penalised] = []
    for key, name, group, cats in institutions:
        found = locate(name)  # cached: build_tree located every name already
        if found is not None:
            node = node_of[key] = tree.canonical(found.node)
            penalised.append(Penalised(key, f"institution:{node.label}", group or node.group, days[key], cats))
    for person in people:
        for a in person.appearances:
            penalised.append(Penalised(a.key, f"person:{person.slug}", a.group, days[a.key], a.categories))
    group_of = {key: group for key, _, group, _ in institutions if group}
    counts = Counter((group_of[key], node) for key, node in node_of.items() if node.path and key in group_of)
    node_pages = {node: (group, node_slug(node)) for (group, node), n in sorted(counts.items()) if n >= NODE_PAGE_MIN}
    return Register(people, person_of, tree, node_of, repeat_flags(penalised), group_repeats(penalised), days,
                    dict(by_doc), group_of, node_pages)


def node_slug(node: NodeKey) -> str:
    """A branch's slug: its path's pinyin and a digest of its full name (unique, the same every build)."""
    digest = hashlib.sha1(node.label.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{slugify(''.join(node.path))[:60].rstrip('-')}-{digest}"
