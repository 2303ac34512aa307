"""Enrichment of a parsed notice: each party's bank group, institution type, province and violation
categories, from the vocabularies in models/data (see models/vocab).

Called at crawl time and by the re-parse command, after parsing and before storage. It only fills
Party.bank_group, institution_type, province and categories, in place, and never raises on odd text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from models.record import Category, NoticeMeta, ParsedNotice, Party
from models.vocab.groups import GroupMatch, group_of, institution_province
from models.vocab.offices import Office, match_office
from models.vocab.taxonomy import OTHER, categorize, category_codes
from models.vocab.text import normalize
from scrapers.nfra.parties import read_party_cell

# A person's facts that only point at the institution's violations: 对上述行为负有责任,
# 对该行贷款管理不到位负直接责任, 负有领导责任 …
_RESPONSIBLE = re.compile(r"负有?(?:直接|主要|领导|管理|重要)?责任|承担(?:直接|主要|领导|管理)?责任|负责任")
# The shortest derived name a near-miss spelling may be matched on (宁夏泾源农村商业, not 宁夏).
_MIN_NEAR_MISS = 4


def enrich(parsed: ParsedNotice, meta: NoticeMeta) -> None:
    """Fill bank_group, institution_type, province and categories of every party, in place."""
    notice_office = match_office(meta.issuer) or match_office(meta.title)
    categorized = _once_per_text(categorize)
    kinds = [_kind(party) for party in parsed.parties]
    groups = [_group(party, kind) for party, kind in zip(parsed.parties, kinds, strict=True)]
    groups = _people_of_listed_institutions(kinds, groups)
    groups = _near_misses_to_listed(kinds, groups)
    for party, kind, group in zip(parsed.parties, kinds, groups, strict=True):
        party.bank_group = group.group if group else None
        party.institution_type = group.institution_type if group else None
        party.province = _province(party, kind, notice_office) or (group.province if group else None)
        # The party's type decides what some phrases mean (虚列费用 at an insurer or at a bank).
        party.categories = categorized(party.facts, party.institution_type)
    _inherit_categories(parsed.parties, kinds, groups)
    for party in parsed.parties:
        if not party.categories:
            party.categories = categorized(party.decision, party.institution_type) or [Category(OTHER, "")]


Categorizer = Callable[[str | None, str | None], list[Category]]


def _once_per_text(read: Categorizer) -> Categorizer:
    """`read`, run once per distinct text and institution type of a notice: its parties often share one
    facts cell (a rowspan, one cell for all), and a hostile notice shares a long one among a thousand
    parties."""
    seen: dict[tuple[str | None, str | None], list[Category]] = {}

    def categorized(text: str | None, institution_type: str | None) -> list[Category]:
        key = (text, institution_type)
        if key not in seen:
            seen[key] = read(text, institution_type)
        return [Category(c.code, c.phrase) for c in seen[key]]

    return categorized


def _kind(party: Party) -> str:
    if party.party_kind in ("institution", "individual"):
        return party.party_kind
    return read_party_cell(party.party_name).kind


def _institution_text(party: Party, kind: str) -> str | None:
    if kind == "institution":
        return party.party_name or party.institution
    if party.institution:
        return party.institution
    if party.party_role:
        return party.party_role
    cell = read_party_cell(party.party_name)
    return cell.institution


def _group(party: Party, kind: str) -> GroupMatch | None:
    text = _institution_text(party, kind)
    found = group_of(text) if text else None
    if kind == "individual" and party.party_role and not (found and found.curated):
        # The person's own role is the source: an institution cut short from it (中国金融 out of
        # 时任中国金融租赁董事长) must not hide the group the whole role names.
        from_role = group_of(party.party_role)
        if from_role and from_role.curated:
            return from_role
    return found


def _people_of_listed_institutions(kinds: list[str], groups: list[GroupMatch | None]) -> list[GroupMatch | None]:
    """A person whose role names no institution (时任该公司总经理, a bare name) takes the group of the
    institution listed before them, as notices list an institution and then its people (checked on the
    labelled real rows, qa/truth), else of the first one listed after (people listed first). Two passes,
    so a hostile notice of a thousand parties stays linear."""
    last: GroupMatch | None = None
    before: list[GroupMatch | None] = []
    for kind, group in zip(kinds, groups, strict=True):
        before.append(last)
        if kind == "institution" and group:
            last = group
    filled = list(groups)
    last = None
    for i in range(len(groups) - 1, -1, -1):
        if kinds[i] == "individual" and groups[i] is None:
            filled[i] = before[i] or last
        if kinds[i] == "institution" and groups[i]:
            last = groups[i]
    return filled


def _near_misses_to_listed(kinds: list[str], groups: list[GroupMatch | None]) -> list[GroupMatch | None]:
    """A person whose role names the institution in a spelling no table knows (宁夏泾源农村商业股份有限公司,
    银行 left out; 解放农商银行 for 焦作解放农村商业银行, its city left out) takes the group of the notice's
    listed institution whose name the derived one begins, lies in, or is begun by: the notice names the
    institution correctly in its own row."""
    listed = [g for k, g in zip(kinds, groups, strict=True) if k == "institution" and g and g.curated]
    if not listed:
        return groups
    filled = list(groups)
    for i, (kind, group) in enumerate(zip(kinds, groups, strict=True)):
        if kind != "individual" or group is None or group.curated or len(group.group) < _MIN_NEAR_MISS:
            continue
        near = {g for g in listed if group.group in g.group or group.group.startswith(g.group)}
        if len(near) == 1:
            filled[i] = near.pop()
    return filled


def _province(party: Party, kind: str, notice_office: Office | None) -> str | None:
    """The deciding office's province; for headquarters decisions (or no office), the one the
    institution's own name gives."""
    office = match_office(party.authority) or notice_office
    if office is not None and office.level != "headquarters":
        return office.province
    text = _institution_text(party, kind)
    return institution_province(text) if text else None


def _inherit_categories(parties: list[Party], kinds: list[str], groups: list[GroupMatch | None]) -> None:
    """A person whose facts only say 对上述行为负有责任 takes the categories of the institution rows
    of the notice it refers to: those of the person's own institution when it is among them, else all."""
    order = {code: i for i, code in enumerate(category_codes())}
    institutions = [i for i, k in enumerate(kinds) if k == "institution" and parties[i].categories]
    responsible: dict[str | None, bool] = {}  # once per distinct facts text, as above
    for i, person in enumerate(parties):
        if kinds[i] != "individual" or person.categories:
            continue
        if person.facts not in responsible:
            responsible[person.facts] = bool(_RESPONSIBLE.search(normalize(person.facts)))
        if not responsible[person.facts]:
            continue
        sources = [j for j in institutions if groups[i] is not None and groups[j] == groups[i]]
        sources = sources or institutions or [j for j, p in enumerate(parties) if j != i and p.categories]
        inherited: dict[str, Category] = {}
        for j in sources:
            for category in parties[j].categories:
                if category.code != OTHER:
                    inherited.setdefault(category.code, Category(category.code, category.phrase))
        person.categories = sorted(inherited.values(), key=lambda c: order.get(c.code, len(order)))
