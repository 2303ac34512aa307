"""The register of one build, computed from the database before the notice pages are rendered (the
notice pages show each party's person page and repeat flags): one query of the penalty columns the
register needs, then people.link, tree.build_tree and repeats. Nothing is stored in the database: a rebuild
computes the same register from the same rows. Beside the build manifest, only where each institution
string sits (register/located.py) is kept, so that a nightly build locates only its new strings."""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

from models.vocab.sources import NFRA, notice_key
from sitegen.core.database import as_date
from sitegen.core.register import located
from sitegen.core.register.people import Appearance, Person, link, slug_stem
from sitegen.core.register.repeats import Penalised, Repeat, group_repeats, repeat_flags
from sitegen.core.register.tree import NodeKey, Tree, build_tree, locate, remember

# In a branch's name 行 is 银行's hang (分行, 支行, 营业部 aside), never xing.
_BRANCH_READINGS = {"行": "hang"}
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
    group_flags: dict[Key, tuple[str, ...]]  # the categories in which a penalty repeats one of its group
    days: dict[Key, date | None]  # decision date, else publication date
    by_doc: dict[int, list[Key]] = field(default_factory=dict)
    group_of: dict[Key, str] = field(default_factory=dict)  # penalty.bank_group of institution rows
    node_pages: dict[NodeKey, tuple[str, str]] = field(default_factory=dict)  # node → (bank_group, node slug)
    page_keys: dict[int, str] = field(default_factory=dict)  # doc_id → the notice page's key, where not the docId

    def page_key(self, doc_id: int) -> int | str:
        """The key of a notice's page (sitegen.core.urls.notice): NFRA's docId, or pboc-{articleId} for a PBOC
        notice, whose doc_id is a negative surrogate (migration 4)."""
        return self.page_keys.get(doc_id, doc_id)

    def node_page(self, key: Key) -> tuple[str, str] | None:
        """(bank_group, node slug) of the page of an institution penalty's branch, if it has one."""
        node = self.node_of.get(key)
        return self.node_pages.get(node) if node is not None else None

    def branch_pages(self, group: str, entries: Iterable[Any]) -> dict[str, tuple[NodeKey, list[Any]]]:
        """node slug -> (node, its records) of the branches of `group` with a page of their own
        (/banks/{slug}/branches/{node}/): the institution records among `entries` (summaries.Entry) whose
        branch's page is under that group, the one its notices link it from."""
        pages: dict[str, tuple[NodeKey, list[Any]]] = {}
        for e in entries:
            if e.individual:
                continue
            node = self.node_of.get((e.doc_id, e.seq))
            page = self.node_pages.get(node) if node is not None else None
            if page is not None and page[0] == group:
                pages.setdefault(page[1], (node, []))[1].append(e)
        return pages

    def marks(self, doc_id: int) -> tuple[tuple[Any, ...], ...]:
        """What a notice page shows of the register, per party: (seq, its person's slug, its repeat flags
        as (category, rule, earlier notice's page key, earlier seq, earlier date), its branch page as (bank_group,
        node slug)). Part of the notice's digest."""
        out = []
        for key in self.by_doc.get(doc_id, ()):
            person = self.person_of.get(key)
            flags = tuple((r.category, r.rule, self.page_key(r.earlier[0]), r.earlier[1], r.earlier_day.isoformat())
                          for r in self.flags.get(key, ()))
            node = self.node_page(key)
            if person is not None or flags or node:
                out.append((key[1], person.slug if person else None, flags, node))
        return tuple(out)


# The register's columns of every penalty, with its notice's dates, and the facts only where they may cite
# a decision number (a person's, with 罚…字…号): most rows need none.
_QUERY = """
SELECT p.id, p.doc_id, p.seq, p.party_name, p.party_kind, p.party_role, p.institution, p.bank_group,
       p.decided_on, p.ban_years, p.ban_lifetime, p.decision_no, n.published_at, n.first_seen_at,
       CASE WHEN p.party_kind = 'individual' AND p.facts LIKE '%罚%字%号%' THEN p.facts END,
       n.regulator, n.source_key
FROM penalty p JOIN notice n ON n.doc_id = p.doc_id
ORDER BY p.doc_id, p.seq
"""
_CATEGORIES = "SELECT penalty_id, category FROM penalty_category ORDER BY penalty_id, category"


def _fetch(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    """All rows as plain tuples; on SQLite through the driver's cursor (SQLAlchemy rows for 290,000
    penalties cost more than the query, as in sitegen.core.database)."""
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            return raw.cursor().execute(sql).fetchall()
        finally:
            raw.close()
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def load_register(engine: Engine, located_file: Path | None = None, *, reuse: bool = True) -> Register:
    """The register of the database's penalties. With `located_file`, the strings located by the previous
    build are read from it (unless not `reuse`) and this build's are saved to it."""
    previous = located.load(located_file) if located_file is not None and reuse else {}
    remember(previous)
    categories = {pid: tuple(dict.fromkeys(code for _, code in rows))  # the query orders them by penalty
                  for pid, rows in groupby(_fetch(engine, _CATEGORIES), key=itemgetter(0))}
    day = _Dates()

    appearances: list[Appearance] = []
    institutions: list[tuple[Key, str | None, str | None, tuple[str, ...]]] = []
    days: dict[Key, date | None] = {}
    by_doc: dict[int, list[Key]] = defaultdict(list)
    page_keys: dict[int, str] = {}
    for (pid, doc_id, seq, name, kind, role, institution, group, decided, ban_years, ban_lifetime, decision_no,
         published, first_seen, facts, regulator, source_key) in _fetch(engine, _QUERY):
        key = (doc_id, seq)
        if regulator != NFRA and doc_id not in page_keys:
            page_keys[doc_id] = notice_key(doc_id, regulator, source_key)
        by_doc[doc_id].append(key)
        decided_on = day[decided]
        published_on = day[published] or day[first_seen]
        days[key] = decided_on or published_on
        cats = categories.get(pid, ())
        if kind == "individual":
            if name:
                cited = tuple(m.group(0).replace(" ", "") for m in _DECISION_NO.finditer(facts)) if facts else ()
                appearances.append(Appearance(
                    doc_id, seq, name, role, institution, group, decided_on, published_on, cats, ban_years,
                    bool(ban_lifetime), decision_no, cited,
                ))
        else:
            institutions.append((key, name or institution, group, cats))
    names = [a.institution or a.role for a in appearances] + [name for _, name, _, _ in institutions]
    tree = build_tree(dict.fromkeys(names))  # each distinct string once, in order
    people = link(appearances, tree)
    if located_file is not None:  # the strings looked up: people.link reads a person's role when the
        # institution names none it knows (only those roles: locating every role was a fifth of the register)
        located.save(located_file, [*names, *(a.role for a in appearances if locate(a.institution) is None)],
                     previous)
    person_of = {(a.doc_id, a.seq): p for p in people for a in p.appearances}
    node_of: dict[Key, NodeKey] = {}
    penalised: list[Penalised] = []
    subjects: dict[NodeKey, str] = {}  # node -> its repeat subject, made once (a branch has many penalties)
    for key, name, group, cats in institutions:
        found = locate(name)  # cached: build_tree located every name already
        if found is not None:
            node = node_of[key] = tree.canonical(found.node)
            subject = subjects.get(node)
            if subject is None:
                subject = subjects[node] = f"institution:{node.label}"
            penalised.append(Penalised(key, subject, group or node.group, days[key], cats))
    for person in people:
        subject = f"person:{person.slug}"
        for a in person.appearances:
            key = (a.doc_id, a.seq)
            penalised.append(Penalised(key, subject, a.group, days[key], a.categories))
    group_of = {key: group for key, _, group, _ in institutions if group}
    counts = Counter((group_of[key], node) for key, node in node_of.items() if node.path and key in group_of)
    node_pages = {node: (group, node_slug(node)) for (group, node), n in sorted(counts.items()) if n >= NODE_PAGE_MIN}
    return Register(people, person_of, tree, node_of, repeat_flags(penalised), group_repeats(penalised), days,
                    dict(by_doc), group_of, node_pages, page_keys)


class _Dates(dict[Any, date | None]):
    """Stored date values read as dates, each distinct value once: a few thousand recur on every row."""

    def __missing__(self, value: Any) -> date | None:
        day = self[value] = as_date(value)
        return day


def node_slug(node: NodeKey) -> str:
    """A branch's slug: its path's pinyin and a digest of its full name (unique, the same every build)."""
    digest = hashlib.sha1(node.label.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{slug_stem(''.join(node.path), _BRANCH_READINGS)}-{digest}"
