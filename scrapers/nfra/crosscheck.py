"""Cross-checks that decide whether a decision's split into parties can be called `ok`.

A split is trusted only when the text agrees with it:
- every amount the decision orders (a fine, a confiscation, a 罚没合计) sits in a clause given to exactly one
  party, or to several with 分别 (each) or 共计/合计 (one joint sum), or in a summary total (合计…);
- every party the notice lists (a 当事人 block, a name in a 当事人 cell) was given a sanction, except an
  institution listed as context for its people (…及相关责任人, or a row whose decision names only people);
- no one the decision names is missing from a list that names every party (a letter's blocks, a cell of
  people only), since such a name is a misread more often than a party;
- no institution is given a ban or a disqualification (only people are);
- a person's role that names an institution (…信用社理事长, 该公司总经理) comes with an institution stored, a
  letter's person has an institution when the text names one in full, a person's institution read as a short
  form is not one the text prints under several full names, and the people of a cell of several have
  no post the facts state that was left unread.
Each failure is a sentence for parse_error; the notice is then `partial`.
"""

from __future__ import annotations

import re
from collections import Counter

from models.record import Party
from scrapers.nfra import names
from scrapers.nfra.letterparties import post_in_facts
from scrapers.nfra.parties import Draft, Named, clause_sanctions, cut_clauses, names_a_matter, read_target

_JOINT = re.compile(r"分别|各|共计|合计|总计|每人")


def _orders_money(text: str) -> bool:
    found = clause_sanctions(text)
    return found.fine_yuan is not None or found.confiscated_yuan is not None or found.forfeiture_total is not None


def unattributed_amounts(decision: str, listed: list[Named], drafts: list[Draft]) -> list[str]:
    """Amount clauses of the decision given to no party, or to several without 分别/共计."""
    clauses = cut_clauses(decision, listed)
    if not any(clause.targets for clause in clauses):
        # Naming no one, the decision is its party's whole (or one paragraph per party, in order).
        shared = len(drafts) > 1 and all(draft.whole for draft in drafts)
        if shared and _orders_money(decision) and not _JOINT.search(decision):
            return [f"one amount for {len(drafts)} parties without 分别 or 共计: {decision[:40]!r}"]
        named = [d for d in drafts if d.named.kind == "individual" and d.named.name in decision]
        if shared and len(named) >= 2:
            # 取消…主任张朝志，…主任齐素锂…任职资格终身；取消…: it sanctions them one by one, unread.
            return [f"the decision names its {len(drafts)} parties one by one; each was given all of it"]
        return []
    owners = Counter(clause.text for draft in drafts for clause in {c.text: c for c, _ in draft.clauses}.values())
    problems = []
    for clause in clauses:
        if clause.summary or not _orders_money(clause.sanction_text or clause.text):
            continue
        count = owners[clause.text]
        if count and not clause.targets and len(drafts) > 1 and not _owner_by_default(listed):
            # Naming no one among clauses that name their parties, it went to the first listed: right for the
            # one institution of a cell (对该公司…的违法违规行为罚款), a guess for a person or one of several banks.
            problems.append(f"amount naming no party, given to the first listed: {clause.text[:40]!r}")
        elif count == 0:
            problems.append(f"amount given to no party: {clause.text[:40]!r}")
        elif count > 1 and not _JOINT.search(clause.text):
            problems.append(f"one amount for {count} parties without 分别 or 共计: {clause.text[:40]!r}")
    return problems


# 对A罚款合计50万元、对B罚款30万元 read as one clause: a second 对<name><sanction> inside a party's clause.
_SECOND_OBJECT = re.compile(
    r"(?<=[、，,；;\s])对(?P<target>[^对，,；;。]{2,40}?)(?=罚款|警告|给予|处以|禁止|取消|没收|责令)"
)


def others_inside(drafts: list[Draft]) -> list[str]:
    """A party's clause that goes on to sanction someone else by name: that one's sanction was counted as the
    party's own (the clause was not cut between them)."""
    problems = []
    for draft in drafts:
        for clause, _ in draft.clauses:
            text = clause.sanction_text or clause.text
            for match in _SECOND_OBJECT.finditer(text):
                if names_a_matter(match.group("target")):
                    continue
                named = [t for t in read_target(match.group("target")) if not t.alias and not t.group]
                if named and all(t.name != draft.named.name for t in named):
                    problems.append(f"{draft.named.name}: its clause also sanctions {match.group('target')[:20]}")
                    break
    return list(dict.fromkeys(problems))


# What no institution's name holds: a person's post (时任…), the people or the count of a cell (及相关责任人,
# 等13家), a verb of the decision (做出), or a sanction word.
_NOT_IN_A_NAME = re.compile(r"时任|现任|原任|责任人|相关人员|等[\d一二三四五六七八九十]+家|做出|作出")


def misread_names(drafts: list[Draft]) -> list[str]:
    """Institutions whose name is a misread cell or clause (刘思敏（…）（时任…）, …分公司及相关责任人, …支公司做出)."""
    return [
        f"{draft.named.name[:40]}: not an institution's name"
        for draft in drafts
        if draft.named.kind == "institution" and not draft.named.alias and not draft.named.group
        and (_NOT_IN_A_NAME.search(draft.named.name) or names.has_sanction_word(draft.named.name))
    ]


def _owner_by_default(listed: list[Named]) -> bool:
    """The first listed party is the one institution listed: a clause naming no one is its own."""
    institutions = [named for named in listed if named.kind == "institution" and not named.group]
    return bool(listed) and len(institutions) == 1 and listed[0] is institutions[0]


def listed_without_sanction(listed: list[Named], drafts: list[Draft], with_people: bool) -> list[str]:
    given = {id(draft.named) for draft in drafts}
    people_sanctioned = any(draft.named.kind == "individual" for draft in drafts)
    problems = []
    for named in listed:
        if id(named) in given or named.alias or named.group:
            continue
        if named.kind == "institution" and (with_people or people_sanctioned):
            continue  # the institution of the people sanctioned, named as context
        problems.append(f"{named.name}: listed as a party, no sanction found for it")
    return problems


def named_but_not_listed(listed: list[Named], drafts: list[Draft], complete: bool) -> list[str]:
    """Parties the decision names that a complete list (a letter's blocks, a cell of people) does not hold."""
    if not complete or not listed:
        return []
    declared = {id(named) for named in listed}
    return [
        f"{draft.named.name}: named in the decision, not among the parties listed"
        for draft in drafts
        if id(draft.named) not in declared and not draft.named.group
    ]


def cross_check(listed: list[Named], decision: str, drafts: list[Draft], *, with_people: bool,
                complete: bool) -> list[str]:
    problems = unattributed_amounts(decision, listed, drafts) if decision else []
    problems += listed_without_sanction(listed, drafts, with_people)
    problems += named_but_not_listed(listed, drafts, complete)
    problems += others_inside(drafts)
    problems += misread_names(drafts)
    problems += personal_sanction_of_an_institution(drafts)
    return problems


# An institution's end in what a role names (…信用社, …支行, …公司, …中支); a department (…部, …组, …中心) is none.
_INSTITUTION_TAIL = re.compile(r"(?:社|行|司|中支)$")


def personal_sanction_of_an_institution(drafts: list[Draft]) -> list[str]:
    """An institution given a ban or a disqualification, which only a person can be given: a person's clause was
    read as its own (…吊销万宁保险代理公司的…许可证，…我局决定撤销侯保健的任职资格, cc-0143)."""
    return [
        f"{draft.named.name[:40]}: an institution given a person's sanction (a ban or a disqualification)"
        for draft in drafts
        if draft.named.kind == "institution" and (
            draft.sanctions.ban_years or draft.sanctions.ban_lifetime
            or any(m.kind == "disqualify" for m in draft.sanctions.measures))
    ]


def institution_not_stored(parties: list[Party]) -> list[str]:
    """People whose role names an institution (原风岗一社理事长、主任, 时任该公司总经理) while none was stored: the
    name was not read as one (an abbreviation), or the alias names an institution no row of theirs lists."""
    problems = []
    for party in parties:
        if party.party_kind != "individual" or not party.party_role or party.institution:
            continue
        named = names.named_before_titles(party.party_role)
        if len(named) >= 2 and (names.opening_alias(named) or _INSTITUTION_TAIL.search(named)):
            problems.append(f"{party.party_name}: the role names {named}, no institution stored")
    return problems


def institution_unread(parties: list[Party], named: tuple[str, ...]) -> list[str]:
    """People given no institution in a letter that names one in full (我局对…（以下简称“阳光上分”）涉嫌违法一案, then
    你作为网电客户部的原负责人, cc-0024): the text places them, the reading did not."""
    if not named:
        return []
    return [f"{party.party_name}: no institution read, the text names {named[0][:40]}" for party in parties
            if party.party_kind == "individual" and not party.institution]


def posts_not_read(drafts: list[Draft], facts: str) -> list[str]:
    """People of a cell that lists several, given no post, whose post the facts state: the facts of such a cell
    often give past posts (cc-0271, 原主任 of another 信用社), so none is read; the roles are then not known."""
    problems = []
    for draft in drafts:
        person = draft.named
        if person.kind == "individual" and not person.role and post_in_facts(person, facts):
            problems.append(f"{person.name}: the facts state a post, not read for a cell of several people")
    return problems


def institution_abbreviated(party: Party, full: list[str]) -> str:
    """A person whose institution was read as a short form (from the role) while the text prints several full
    legal names of the same group and unit (`full`, fullnames.printed_full_names): which one is theirs is not
    known, so the full name was not stored."""
    return f"{party.party_name}: {party.institution} is printed in full as {'、'.join(full)[:80]}"
