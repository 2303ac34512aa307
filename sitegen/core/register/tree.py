"""Institution names → nodes of their group's tree (总行 → 分行/省分行 → 二级分行 → 支行), as notices name them.

A node is (group, branch path): 中国农业银行股份有限公司宁德分行蕉城支行 → (中国农业银行, (宁德分行, 蕉城支行)).
Spellings that differ only in company suffix, 市/省 before the branch kind, a group's short name (工行) or a
renamed office (银保监分局 → 金融监管分局, renames.toml) give the same node; a former name stated in the
notice, "（原…）", attaches to the node of the current one. A branch named without its parent
(宁德蕉城支行) hangs under the group's branch of the same place when the group has one (宁德分行), and a
city branch under its province's branch (宁德分行 under 福建分行): the four levels the issue asks for.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from models.vocab.groups import GroupMatch, clean_institution, group_of, match_prefix
from models.vocab.regions import load_places, load_provinces
from models.vocab.text import normalize

RENAMES = Path(__file__).with_name("renames.toml")

# The kinds of branch a name's path is cut into, longest first (中心支公司 before 支公司 and 分公司).
_KINDS = ("中心支公司", "省分公司", "分公司", "支公司", "中支", "省分行", "分行", "支行", "营业部", "营业室", "营业所",
          "分理处", "储蓄所", "信用卡中心", "营销服务部", "代理处", "办事处", "信用分社", "分社", "信用社",
          "金融监管分局", "金融监管局", "监管分局", "监管局")
_SEGMENT = re.compile(rf"(.*?(?:{'|'.join(_KINDS)}))(?!行|公司)")
# A path stops at a role or a department: 河北分公司总经理助理兼邢台中心支公司 is one branch and a role.
_ROLE = re.compile(r"总经理|经理|行长|主任|助理|负责人|董事|部长|兼|员工|人员|客户")
_COMPANY = re.compile(r"^(?:股份有限公司|有限责任公司|有限公司|相互保险公司|保险公司|公司)")
# Where the name of a local institution without company suffix ends (达州农商银行西区支行).
_LOCAL_END = re.compile(r"村镇银行|农村商业银行|农村合作银行|农商银行|农商行|农村信用合作联社|信用合作联社|"
                        r"农村信用联社|信用联社|联社")
_FORMER = re.compile(r"[(（]原([^()（）]{2,60})[)）]")
_CITY_STEM = re.compile(r"(?<=..)[市省](?=(?:中心支公司|分公司|支公司|分行|支行)$)")
_SHORT_CENTRE = re.compile(r"中支$")

# Institution types small and local enough that one name within one of them is one person (a county's
# 农商行 or 联社, a 村镇银行, an agency): a city commercial bank or an insurer's province is not.
SMALL_TYPES = frozenset({"village", "rural-commercial", "rural-credit", "insurance-intermediary", "finance-company"})

LEVELS = {0: "总行/总公司", 1: "分行/省分行", 2: "二级分行/中心支公司", 3: "支行/支公司"}


@cache
def _renames() -> tuple[tuple[str, str], ...]:
    table = tomllib.loads(RENAMES.read_text(encoding="utf-8"))["renames"]
    return tuple(sorted(table.items(), key=lambda kv: -len(kv[0])))


def renamed(text: str) -> str:
    """The current spelling of a name: every old office/branch word replaced (renames.toml)."""
    for old, new in _renames():
        if old in text:
            text = text.replace(old, new)
    return text


class NodeKey(NamedTuple):
    """A node of a group's tree. A named tuple (not a dataclass) because the register hashes, compares and
    sorts hundreds of thousands of them: a tuple does that in C, a dataclass in Python."""

    group: str
    path: tuple[str, ...] = ()

    @property
    def root(self) -> NodeKey:
        return NodeKey(self.group)

    def is_ancestor_of(self, other: NodeKey) -> bool:
        return self.group == other.group and len(self.path) < len(other.path) and \
            other.path[: len(self.path)] == self.path

    @property
    def label(self) -> str:
        return self.group + "".join(self.path)


@dataclass(frozen=True, slots=True)
class Located:
    """Where one institution string sits: its node, and the nodes of the former names it states."""

    node: NodeKey
    formers: tuple[NodeKey, ...] = ()
    local: bool = False  # the group is small and local (SMALL_TYPES, or not in the group tables)


def _segments(rest: str) -> tuple[str, ...]:
    parts: list[str] = []
    for match in _SEGMENT.finditer(rest):
        piece = match.group(1)
        if _ROLE.search(piece):
            break
        piece = _SHORT_CENTRE.sub("中心支公司", piece)
        parts.append(_CITY_STEM.sub("", piece))
        rest = rest[match.end():]
    return tuple(parts)


def _rest_after_legal_name(text: str, group: str) -> str:
    """The branch path of a name outside the group tables: what follows its own name (the group name
    derived from it, a company suffix, or a local institution's ending)."""
    at = text.find(group)
    if at >= 0:
        return _COMPANY.sub("", text[at + len(group):])
    end = re.search(r"股份有限公司|有限责任公司|有限公司", text) or _LOCAL_END.search(text)
    return text[end.end():] if end else ""


# Where earlier builds of the same code and vocabularies located their strings (register/located.py).
_known: dict[str, Located | None] = {}


def remember(located: Mapping[str, Located | None]) -> None:
    """Results of locate() saved by an earlier build with the same code and vocabularies: returned as they
    are instead of matching the string again."""
    _known.update(located)


# Unbounded: one entry per distinct institution string of the corpus (about 21,000 at 20,000 notices, so
# beyond 65,536 at national scale), and load_register and people.link look every one up again after
# build_tree: a bounded LRU scanned in order would miss on every one of those lookups.
@cache
def locate(text: str | None) -> Located | None:
    """The node an institution string (a party name, or the institution of a person) names, or None
    when it names no institution the group tables or the name patterns recognise."""
    if text in _known:
        return _known[text]
    raw = renamed(normalize(text))
    if not raw:
        return None
    formers = tuple(m.group(1) for m in _FORMER.finditer(raw))
    cleaned = clean_institution(_FORMER.sub("", raw))
    curated = match_prefix(cleaned)
    if curated is not None:  # the spelling that matched (农业银行, 工行, …) ends where the branch path begins
        group, length = curated
        match = GroupMatch(group.name, group.type, True, group.province)
        rest = _COMPANY.sub("", cleaned[length:])
    else:
        match = group_of(cleaned)
        if match is None:
            return None
        rest = _rest_after_legal_name(cleaned, match.group)
    node = NodeKey(match.group, _segments(rest))
    former_nodes = []
    for former in formers:
        found = locate(former) if group_of(former) else None
        if found is not None and found.node.group == node.group:
            former_nodes.append(found.node)
        elif found is None and (path := _segments(former)):
            # A former branch name given alone (原XX分理处) belongs under the same parent.
            former_nodes.append(NodeKey(node.group, node.path[:-1] + path[-1:]))
    local = not match.curated or match.institution_type in SMALL_TYPES
    return Located(node, tuple(n for n in former_nodes if n != node), local)


# ---------------------------------------------------------------- the tree of a group


@cache
def _places() -> dict[str, str]:
    """Short and full names of places and provinces → province short name."""
    names: dict[str, str] = {}
    for province in load_provinces():
        names[province.short_name] = province.short_name
        names[province.name] = province.short_name
    for place in load_places():
        names.setdefault(place.short_name, place.province)
        names.setdefault(place.name, place.province)
    return names


@cache
def _municipalities() -> frozenset[str]:
    return frozenset(p.short_name for p in load_provinces() if p.kind == "municipality")


# A branch's segment (宁德分行) recurs in many groups and on every level test: its place and level are
# worked out once per distinct segment (a few thousand), not on every look.
@cache
def _place_of(segment: str) -> str | None:
    """The place a branch is named after (its longest leading place name), else None."""
    places = _places()
    for n in range(min(len(segment) - 1, 8), 1, -1):
        if segment[:n] in places:
            return segment[:n]
    return None


@cache
def _province_names() -> frozenset[str]:
    return frozenset(p.short_name for p in load_provinces())


@cache
def _level_word(segment: str) -> int:
    if segment.endswith(("省分行", "省分公司")) or (segment.endswith(("分行", "分公司")) and
                                                 _place_of(segment) in _province_names()):
        return 1
    if segment.endswith(("分行", "分公司", "中心支公司", "信用卡中心")):
        return 2
    return 3


@dataclass
class Node:
    key: NodeKey
    parent: NodeKey | None
    names: set[str] = field(default_factory=set)  # every spelling the notices used
    formers: set[NodeKey] = field(default_factory=set)
    children: list[NodeKey] = field(default_factory=list)

    @property
    def level(self) -> int:
        return 0 if not self.key.path else _level_word(self.key.path[-1])

    @property
    def city_wide(self) -> bool:
        """A branch of one city or below (a municipality's branch is one city's, though level 1)."""
        return bool(self.key.path) and (self.level >= 2 or _place_of(self.key.path[-1]) in _municipalities())


class Tree:
    """The nodes of every group, from the institution strings of the penalties."""

    def __init__(self) -> None:
        self.nodes: dict[NodeKey, Node] = {}
        self._alias: dict[NodeKey, NodeKey] = {}

    def canonical(self, key: NodeKey) -> NodeKey:
        while key in self._alias:
            key = self._alias[key]
        return key

    def add(self, text: str | None) -> NodeKey | None:
        """Record an institution string; returns its (canonical) node."""
        found = locate(text)
        if found is None:
            return None
        key = self.canonical(found.node)
        self._ensure(key).names.add(text.strip())
        for former in found.formers:
            former = self.canonical(former)
            if former != key:
                self._merge(former, key)
        return key

    def _ensure(self, key: NodeKey) -> Node:
        node = self.nodes.get(key)
        if node is None:
            node = self.nodes[key] = Node(key, None)
            if key.path:
                self._ensure(NodeKey(key.group, key.path[:-1]))
        return node

    def _merge(self, old: NodeKey, new: NodeKey) -> None:
        """A former name's node becomes part of the current one."""
        self._ensure(new).formers.add(old)
        if old in self.nodes:
            gone = self.nodes.pop(old)
            self.nodes[new].names |= gone.names
            self.nodes[new].formers |= gone.formers
        self._alias[old] = new

    def link(self) -> None:
        """Set every node's parent: its path's parent, else (a one-segment branch) the group's branch of the
        same place, a city branch its province's branch, else the group's root."""
        by_group: dict[str, dict[str, NodeKey]] = {}
        for key in self.nodes:
            if len(key.path) == 1:
                by_group.setdefault(key.group, {})[key.path[0]] = key
        for key, node in self.nodes.items():
            node.children = []
            node.parent = None if not key.path else NodeKey(key.group, key.path[:-1])
            if len(key.path) == 1:
                node.parent = self._inferred_parent(key, by_group.get(key.group, {})) or node.parent
        for key in sorted(self.nodes):
            parent = self.nodes[key].parent
            if parent is not None and parent in self.nodes:
                self.nodes[parent].children.append(key)

    def _inferred_parent(self, key: NodeKey, siblings: dict[str, NodeKey]) -> NodeKey | None:
        segment = key.path[0]
        level = _level_word(segment)
        place = _place_of(segment)
        if place is None or level == 1:
            return None
        province = _places()[place]
        candidates: Iterable[str]
        if level == 3:  # 宁德蕉城支行 → 宁德分行 / 宁德中心支公司 / 宁德分公司
            candidates = (f"{place}{kind}" for kind in ("分行", "中心支公司", "分公司"))
        else:  # 宁德分行 → 福建分行
            candidates = (f"{province}{kind}" for kind in ("分行", "分公司"))
        for name in candidates:
            parent = siblings.get(name)
            if parent is not None and parent != key:
                return parent
        return None

    def lineage(self, key: NodeKey) -> list[NodeKey]:
        """The node and its ancestors, root last."""
        chain: list[NodeKey] = []
        current: NodeKey | None = self.canonical(key)
        while current is not None and current not in chain:
            chain.append(current)
            node = self.nodes.get(current)
            current = node.parent if node else None
        return chain


def build_tree(names: Iterable[str | None]) -> Tree:
    tree = Tree()
    for name in names:
        tree.add(name)
    tree.link()
    return tree
