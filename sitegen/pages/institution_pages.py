"""A group's institution tree (/banks/{slug}/tree/), a page per branch penalised repeatedly
(/banks/{slug}/branches/{node}/), and the group-level repeat count on the bank page.

The tree is the register's (sitegen.core.register.tree): 总行 → 分行/省分行 → 二级分行 → 支行 as the notices name
them, former names attached. Each node shows its own institution tickets and fines and those of its
subtree; people are counted on their own pages, not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.formats import money, num
from sitegen.core.output import Site
from sitegen.core.refs import Ref
from sitegen.core.register.tree import LEVELS, NodeKey
from sitegen.core.shown import finalize
from sitegen.core.shown import shown_html as h
from sitegen.core.stats import breakdown, totals
from sitegen.core.summaries import Entry
from sitegen.pages.listings import write_framed, write_listing

FAMILY = "banks"


@dataclass
class Branch:
    """A node of the tree as the page shows it."""

    key: NodeKey
    name: str
    level: str
    count: int = 0
    fines: int = 0
    total_count: int = 0
    total_fines: int = 0
    page: str | None = None
    formers: list[str] = field(default_factory=list)
    children: list[Branch] = field(default_factory=list)
    records: list[Entry] = field(default_factory=list)  # its own institution tickets (本级), oldest first

    @property
    def anchor(self) -> str:
        """Its row on the group's all-time receipt (sitegen/pages/receipts)."""
        return urls.node_anchor(self.key.path)

    def walk(self) -> list[Branch]:
        """This node and every node below it, depth first (the order the tree page lists them)."""
        return [self] + [b for child in self.children for b in child.walk()]


def group_tree(site: Site, ref: Ref, items: list[Entry]) -> list[Branch]:
    """The top nodes of the group's tree that have penalties in their subtree, nested."""
    register, tree = site.register, site.register.tree
    own: dict[NodeKey, list[Entry]] = {}
    for e in items:
        if not e.individual and (node := register.node_of.get((e.doc_id, e.seq))) is not None:
            own.setdefault(node, []).append(e)
    made: dict[NodeKey, Branch] = {}

    def branch(key: NodeKey) -> Branch:
        if key not in made:
            node = tree.nodes.get(key)
            page = register.node_pages.get(key)
            made[key] = Branch(
                key, "".join(key.path[-1:]) or key.group, LEVELS.get(node.level if node else 0, ""),
                page=urls.branch(ref.slug, page[1]) if page and page[0] == ref.key else None,
                formers=sorted("".join(f.path) for f in node.formers) if node else [],
            )
        return made[key]

    for key, entries in own.items():
        b = branch(key)
        b.count, b.fines, b.records = len(entries), sum(e.fine_counted for e in entries), entries
        for ancestor in tree.lineage(key):
            a = branch(ancestor)
            a.total_count += b.count
            a.total_fines += b.fines
    roots = []
    for key, b in sorted(made.items()):
        parent = tree.nodes[key].parent if key in tree.nodes else None
        if parent is not None and parent in made and parent != key:
            made[parent].children.append(b)
        else:
            roots.append(b)
    for b in made.values():
        b.children.sort(key=lambda c: (-c.total_count, c.name))
    return sorted(roots, key=lambda c: (-c.total_count, c.name))


def tree_list(roots: list[Branch], receipt: str, base_path: str) -> Markup:
    """The nested lists of the tree page (every node with its figures, linked to its row of `receipt`), in
    Python rather than a recursive macro: a group's tree can hold thousands of nodes. Values escaped, bidi
    controls stripped from the whole (sitegen.core.shown.finalize's rule)."""
    out: list[str] = []

    def branch_list(items: list[Branch]) -> None:
        out.append('<ul class=tree>\n')
        for b in items:
            name = f'<a href={urls.link(base_path, b.page)}>{escape(b.name)}</a>' if b.page else escape(b.name)
            formers = f" · 曾用名 {escape('、'.join(b.formers))}" if b.formers else ""
            r = urls.link(base_path, f"{receipt}#{b.anchor}")
            out.append(f"<li>{name} <small>{escape(b.level)}{formers}</small>\n ")
            if b.count:
                out.append(f'<b><a href={r}>{num(b.count)} 张罚单</a></b>')
                if b.fines:
                    out.append(f' <a href={r}>{money(b.fines)}</a>')
            if b.children:
                total = f"{num(b.total_count)} 张，{money(b.total_fines)}"
                out.append(f' <small>（合计 <a href={r}>{total}</a>）</small>')
                branch_list(b.children)
            out.append("\n")  # no </li>: the next <li> or the list's end closes it
        out.append("</ul>\n")

    branch_list(roots)
    return Markup(finalize("".join(out)))


def group_repeat_counts(site: Site, items: list[Entry]) -> tuple[int, list[tuple[Ref, int]]]:
    """Institution penalties of the group that repeat an earlier one of any of its branches (same
    category, five years), and their count per category."""
    flags = site.register.group_flags
    per_category: Counter[str] = Counter()
    n = 0
    for e in items:
        repeats = flags.get((e.doc_id, e.seq))
        if repeats and not e.individual:
            n += 1
            per_category.update(repeats)
    return n, [(site.vocab.category(c), k) for c, k in sorted(per_category.items(), key=lambda kv: (-kv[1], kv[0]))]


def tree_of(site: Site, ref: Ref, items: list[Entry]) -> Callable[[], list[Branch]]:
    """The group's tree, made on first use and then kept: the bank page and the tree page both show it."""
    return cache(lambda: group_tree(site, ref, items))


def has_tree(site: Site, items: list[Entry]) -> bool:
    """Whether the group has a tree page: some institution penalty of it names a branch node."""
    node_of = site.register.node_of
    return any(not e.individual and (e.doc_id, e.seq) in node_of for e in items)


TREE_TOP_SHOWN = 40


def tree_top(site: Site, items: list[Entry], roots: Callable[[], list[Branch]]) -> list[Branch]:
    """The head office and the first level below it (province or city branches), for the bank page;
    the full tree is on /banks/{slug}/tree/. Empty when the group has no tree page. `roots`: the group's
    tree (group_tree, made once for both pages)."""
    if not has_tree(site, items):
        return []
    top: list[Branch] = []
    for root in roots():
        top.append(root)
        top.extend(root.children if root.key.path == () else [])
    return top[:TREE_TOP_SHOWN]


TREE_LEAD = ("按公告所列机构名称整理的层级（总行/总公司 → 分行/省分行 → 二级分行/中心支公司 → 支行/支公司）。"
             "只写“某某支行”而未写上级的，归入同一地名的分行之下；公告注明的曾用名（“原……”）与改名前后的名称归为同一机构。"
             "每个机构后为其本身的罚单数与罚款，括号内为连同下属机构的合计；人员的处罚见各人页面。")


def write_group_register(site: Site, ref: Ref, items: list[Entry], digest: str,
                         roots: Callable[[], list[Branch]]) -> None:
    """The tree page of a group and the pages of its repeatedly penalised branches. `digest`: of the
    group's entries (listings.entries_digest): the tree is made from their names alone. `roots`: the group's
    tree (group_tree)."""
    base = urls.bank(ref.slug)
    if has_tree(site, items):
        path = site.config.base_path
        write_framed(
            site, urls.bank_tree(ref.slug), ("tree", ref.label, digest), "banks", FAMILY,
            f"{ref.label} · 机构树",
            lambda: f'<p class=crumbs><a href={urls.link(path)}>首页</a> › '
                    f'<a href={urls.link(path, urls.BANKS)}>机构</a> › '
                    f'<a href={urls.link(path, base)}>{h(ref.label)}</a><h1>{h(ref.label)}：机构树</h1>\n'
                    f'<p class=lead>{TREE_LEAD}'
                    f'{tree_list(roots(), urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug), path)}\n',
        )
    register = site.register
    for slug, (node, entries) in sorted(register.branch_pages(ref.key, items).items()):
        label = "".join(node.path)
        node_info = register.tree.nodes.get(node)
        formers = sorted("".join(f.path) for f in node_info.formers) if node_info else []
        receipt = urls.receipt_path(urls.ALL_PERIODS, "bank", ref.slug) + "#" + urls.unit_anchor(slug)
        write_listing(
            site, family=FAMILY, nav="banks", base=urls.branch(ref.slug, slug), entries=entries, omit="group",
            title=f"{ref.label}{label} · 受处罚记录", key=tuple(formers),
            context=lambda label=label, entries=entries, formers=formers, receipt=receipt: dict(
                heading=f"{ref.label} {label}", kicker=(ref.label, base),
                intro=f"{ref.label}{label}作为机构受到的全部行政处罚（按公告所列名称归并"
                      + (f"，包括曾用名{'、'.join(formers)}" if formers else "") + "）。",
                totals=totals(entries), feed=None,
                # Its figures are rows of the group's all-time receipt (receipts.pages._unit_sections).
                receipt=receipt, row_link=lambda row, receipt=receipt: f"{receipt}-violation-{row.ref.slug}",
                sections=[("按违法类型", "违法类型", breakdown(entries, "categories", multi=True,
                                                         label=lambda r: r.label, ref=lambda r: r), urls.VIOLATIONS)],
            ),
        )
