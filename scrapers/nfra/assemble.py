"""From the records of a notice's tables to its parties: rows that share one decision (a rowspan, one text
repeated in each row, or a decision split over rows under one 当事人 cell) are read together, each row's
当事人 cell and decision split into parties, which are numbered 1.."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from models.record import Measure, Party
from scrapers.nfra import names
from scrapers.nfra.crosscheck import (
    cross_check,
    institution_abbreviated,
    institution_not_stored,
    institution_unread,
    posts_not_read,
)
from scrapers.nfra.dates import parse_date
from scrapers.nfra.fullnames import printed_full_names
from scrapers.nfra.letterparties import post_in_facts
from scrapers.nfra.parties import (
    MAX_NAMES,
    Draft,
    Named,
    assign,
    read_name,
    read_party_cell,
    sanctions_listed_party,
    sanctions_other_institutions,
)
from scrapers.nfra.records import Record

# The most parties a real notice names is a few dozen: past this many, a table is hostile or broken, and
# reading it on would take seconds per notice. The rest is left in the raw JSON, and the parse is partial.
MAX_PARTIES = MAX_NAMES
_TOO_MANY = f"more than {MAX_PARTIES} parties: the rest not read"


@dataclass
class Assembly:
    parties: list[Party] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why a field is missing, for parse_error


def _groups(records: list[Record]) -> list[list[Record]]:
    """Consecutive records that share one decision: one cell (a rowspan), the same text repeated in each
    row when it names each row's own party ('对徐杨、钱子昂…警告' in the rows of 徐杨 and of 钱子昂), or a
    decision that goes on in the next row (_continues). Two rows that merely read alike ("罚款5万元" twice,
    naming no one) are two decisions. A row repeated verbatim (every cell the same) is read once."""
    groups: list[list[Record]] = []
    seen: list[Record] = []
    for record in records:
        if record.listed is None and record in seen:
            continue  # 宗海霞's row twice in one table (docId 1216785): one decision, stored once
        seen.append(record)
        if groups:
            last = groups[-1][-1]
            if record.decision_key is not None and record.decision_key == last.decision_key:
                groups[-1].append(record)
                continue
            if record.decision and record.decision == last.decision and all(
                _names_own_party(r) for r in (last, record)
            ):
                groups[-1].append(record)
                continue
            if _continues(last, record):
                groups[-1].append(record)
                continue
        groups.append([record])
    return groups


def _continues(last: Record, record: Record) -> bool:
    """The row goes on with the decision of the row above: the same 当事人 cell, facts and 文号 (merged cells,
    spanning both rows or repeated in each), and a decision that sanctions none of the parties that cell
    lists but other institutions: its unnamed branches ('对相关分支机构罚款共计10万元' under 诚泰财险普洱中支,
    docId 1240474) or branches it does not list ('对大连星海支行罚款五十万元' under 兴业银行大连分行, 1242206).
    Read alone, such a row would give the cell's party a second row (the branches' fine as its own) or list
    it without a sanction. A row that sanctions the cell's party itself (海尔消费金融's three rows, each
    '对该公司<its own violation>罚款…', docId 1219008) is a decision of its own; a row of people only is read
    alone as before (the institution is their context)."""
    if record.listed is not None or record.decision_key is not None or last.listed is not None:
        return False
    if not record.party or not record.decision or (record.party, record.facts, record.decision_no) != (
        last.party, last.facts, last.decision_no
    ):
        return False
    return sanctions_other_institutions(read_party_cell(record.party).listed, record.decision)


def _names_own_party(record: Record) -> bool:
    """The record's decision names (one of) the parties its 当事人 cell lists."""
    if record.listed is not None:
        return False
    listed = read_party_cell(record.person_name or record.party).listed
    return any(len(named.name) >= 2 and named.name in record.decision for named in listed)


def _listed(record: Record, index: int) -> tuple[list[Named], bool]:
    """The parties one record lists; the CBRC form gives a person in 个人姓名, the unit in 名称."""
    if record.listed is not None:
        for named in record.listed:
            named.record = index
        return list(record.listed), False
    if record.person_name:
        people = _people_cell(record.person_name)
        if len(people) > 1:  # 个人姓名: 胡金海、李玉海 — one party each, of the unit named beside them
            for person in people:
                person.record = index
                if record.party and not person.institution:
                    person.institution = record.party.split("\n")[0]
            return people + _unit_sanctioned(record, index), False
        person = read_name(record.person_name)
        if person is not None:
            if person.kind == "individual" and not person.role and person.name == record.legal_rep.strip():
                person.role = _LEGAL_REP_ROLE  # the unit's 法定代表人, sanctioned in person
            if person.kind == "individual" and record.party and not person.institution:
                person.institution = record.party.split("\n")[0]
            person.record = index
            return [person, *_unit_sanctioned(record, index)], False
    cell = read_party_cell(record.party)
    for named in cell.listed:
        named.record = index
        if named.kind == "individual" and record.role and not named.role and len(cell.listed) == 1:
            named.role = record.role
    return cell.listed, cell.with_people


_LEGAL_REP_ROLE = "法定代表人（主要负责人）"  # the CBRC form's label for that row


def _unit_sanctioned(record: Record, index: int) -> list[Named]:
    """The CBRC form's 单位 beside its people, when the decision sanctions it too ('对华夏银行邯郸分行责令改正，并处
    罚款三十万元整；对马宁、房建飞分别处罚款五万元整', cc-0280): a party after them, under its full name. A unit the
    decision does not name is the people's employer only."""
    unit = read_name(record.party.split("\n")[0]) if record.party else None
    if unit is None or unit.kind != "institution" or not sanctions_listed_party([unit], record.decision):
        return []
    unit.record = index
    return [unit]


def _people_cell(text: str) -> list[Named]:
    """A 个人姓名 cell that lists several people: each, when every piece is a person."""
    pieces = [piece for piece in re.split(r"[、，,；;\s]+", text.strip()) if piece]
    if len(pieces) < 2:
        return []
    people = [read_name(piece) for piece in pieces]
    return [p for p in people if p] if all(p is not None and p.kind == "individual" for p in people) else []


# 临城县郝庄信用社因管理混乱… / 对三河蒙银村镇银行未及时报送…: the institution the facts open with.
_OPENING_INSTITUTION = re.compile(
    r"(?:^|(?<=[对因，,、：:]))(?!对|因|我局|本局|我分局|本分局|经查|在|于)(?P<name>[\u4e00-\u9fff（）()]{2,40}?(?:农村信用合作联社|信用合作联社|联社|信用合作社|信用社|村镇银行"
    r"|(?:银行|农商行)[\u4e00-\u9fff]{0,16}?(?:分行|支行|营业部)|银行|农商行|分公司|支公司|公司))"
    # what follows the name: a verb of the facts, or anything after a 联社 (成安县农村信用合作联社郭坊信用社员工…:
    # the person answers for the 联社, as a 公开表 names it)
    r"(?:(?=[^\u4e00-\u9fff]|因|在|未|存在|发放|发生|违规|违法|违反|于|对|将|没有)|(?<=联社))"
)
# 对沅江农商行黄茅洲支行贷款调查、审批不尽职…负直接责任: the bank's branch the facts open by holding the person
# responsible for, whatever word follows it (no borrower's name ends in 支行); 对未对…支行…进行清理 (cc-0321) is
# no name.
_OPENING_BRANCH = re.compile(
    r"^对(?![未没不对])(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:银行|农商行)[\u4e00-\u9fff]{0,16}?(?:分行|支行|营业部))")
# 对未对中国银行股份有限公司小榄支行历史遗留"小金库"…进行清理…负有直接领导责任 (cc-0321, cc-0322): the branch the
# person failed to have do something, held responsible for it, is the person's (the branch itself, not 未对…).
_FAILED_BRANCH = re.compile(
    r"^对(?:未|未能|没有|没)对(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:银行|农商行)[\u4e00-\u9fff]{0,16}?"
    r"(?:分行|支行|营业部))(?=.*负.{0,6}责任)")
# 对文安农商银行股权管理、信贷管理…不到位…，负领导责任 (cc-0222): the bank itself, when the clause holds the person
# responsible (no borrower's name ends in 银行).
_OPENING_BANK = re.compile(r"^对(?![未没不对])(?P<name>[\u4e00-\u9fff（）()]{2,30}?(?:银行|农商行))(?=.*负.{0,6}责任)")


def _opening_institution(facts: str) -> str | None:
    """The institution a person's facts open with (in their first sentence), when their row names none (the
    CBRC form's 单位 empty): 临城县郝庄信用社因… / 一、赵庆峰，对成安县农村信用合作联社郭坊信用社员工…"""
    first = re.split(r"[。；;\n]", facts.strip(), maxsplit=1)[0] if facts else ""
    match = (_OPENING_INSTITUTION.search(first) or _OPENING_BRANCH.match(first) or _FAILED_BRANCH.match(first)
             or _OPENING_BANK.match(first))
    return match.group("name") if match else None


def _said_institution(drafts: list[Draft], record: Record, previous: tuple[Record, list[str]] | None) -> str | None:
    """The institution 该公司 / 该分行 / 支行 in a person's role refers to, when the person's row lists none: the one
    institution of the row above it, of the same facts (对该公司罚款…, then 对时任该公司总经理金红岩给予警告, NFRA docId
    1256138: a table lists each institution and then its people, in rows of their own)."""
    if previous is None or len(previous[1]) != 1 or not record.facts or previous[0].facts != record.facts:
        return None
    (institution,) = previous[1]
    for draft in drafts:
        if draft.named.kind != "individual" or not draft.named.role:
            continue
        alias = names.opening_alias(names.named_before_titles(draft.named.role))
        word = alias.removeprefix("该") if alias else None
        if word and (word in ("公司", "行", "机构", "单位") or institution.endswith(word)):
            return institution
    return None


def _names_no_institution(role: str) -> bool:
    """A role whose only institution is an alias (该行董事长), or none at all."""
    named = names.institution_of(role)
    return named is None or names.is_alias(named)


# A 文号 ends in its serial number: 〔2009〕号 with the number left blank (cc-0216) names no decision.
_SERIAL = re.compile(r"[\d一二三四五六七八九十百〇零○]\s*号")


def _decision_no(text: str) -> str | None:
    number = re.sub(r"\s+", "", text)
    return number if _SERIAL.search(number) else None


def _to_party(draft: Draft, record: Record, people_of: str | None, one_person: bool = True) -> Party:
    """`one_person`: the record's cells list one person at most, so its facts speak of that person (or of the
    people the decision names); the enumerated facts of a cell of several (cc-0271) give past posts."""
    named = draft.named
    institution, role = named.institution, named.role
    if named.kind == "individual" and not role and record.facts and one_person:
        # The post the facts give a person whose cell states none (赵凯作为主持全面工作的理事长，…, cc-0349;
        # 原大龙口信用社主任王志强…, cc-0366), and its institution when the 单位 cell names none (在担任龙门县农村
        # 合作社联合社主任期间…, cc-0333).
        role, stated = post_in_facts(named, record.facts) or (None, None)
        institution = institution or stated
    if named.kind == "institution" and not named.group:
        institution = named.name
    elif named.kind == "individual" and not institution and (not role or _names_no_institution(role)):
        # 该行董事长 with no bank listed to resolve 该行: the bank the facts open with.
        institution = people_of or _opening_institution(record.facts)
    found = draft.sanctions
    return Party(
        seq=0,
        party_name=named.name or None,
        party_kind=named.kind,
        party_role=role,
        institution=institution,
        decision_no=_decision_no(record.decision_no),
        facts=record.facts or None,
        basis=record.basis or None,
        decision=draft.decision,
        # 中国银行业监督管理委员会 / 廊坊监管分局 in two paragraphs of one cell (cc-0217): one name.
        authority="".join(line.strip() for line in record.authority.splitlines()) or None,
        decided_on=parse_date(record.decided_on),
        fine_yuan=found.fine_yuan,
        confiscated_yuan=found.confiscated_yuan,
        warning=found.warning,
        ban_years=found.ban_years,
        ban_lifetime=found.ban_lifetime,
        measures=[Measure(m.kind, m.text, m.years, m.months) for m in found.measures],  # not the cached ones
        fine_note=draft.fine_note,
        # Only when the sum is all there is: with a fine or a confiscation beside it, those are the figures.
        forfeiture_yuan=(found.forfeiture_total
                         if found.fine_yuan is None and found.confiscated_yuan is None else None),
    )


def complete_institutions(parties: list[Party], text: str) -> list[str]:
    """People whose institution is a short form (安诚产险重庆分公司, from the role) get the one full legal name the
    facts or the decision print for it (安诚财产保险股份有限公司重庆分公司, cc-0162); several such names are left as
    they are, and each such person is a problem (crosscheck.institution_abbreviated)."""
    problems = []
    for party in parties:
        if party.party_kind == "individual" and party.institution:
            full = printed_full_names(party.institution, text)
            if len(full) == 1:
                party.institution = full[0]
            elif full:
                problems.append(institution_abbreviated(party, full))
    return problems


def assemble(records: list[Record]) -> Assembly:
    """The parties of a notice's records, numbered 1.., with what could not be read."""
    result = Assembly()
    previous: tuple[Record, list[str]] | None = None  # the group before: its first row, its institutions
    for group in _groups(records):
        if len(result.parties) >= MAX_PARTIES:
            result.problems.append(_TOO_MANY)
            break
        listed: list[Named] = []
        with_people = False
        cells: set[tuple[str, str]] = set()
        for index, record in enumerate(group):
            if (record.party, record.person_name) in cells and record.listed is None:
                continue  # the 当事人 cell of the row above, repeated (a decision split over rows)
            cells.add((record.party, record.person_name))
            names_, people = _listed(record, index)
            listed.extend(names_)
            with_people = with_people or people
        # People listed or named with one institution (…及相关责任人, the institution and their names in one
        # 当事人 cell, or a bank's row whose decision names its people) are that institution's people.
        institutions = [n for n in listed if n.kind == "institution" and not n.alias and not n.group]
        people_of = institutions[0].name if len(institutions) == 1 else None
        one_person = sum(n.kind == "individual" for n in listed) <= 1
        # One text for a rowspan or a repeated cell; a decision split over rows is read as its paragraphs.
        decision = "\n".join(dict.fromkeys(r.decision for r in group if r.decision))
        if not listed and not decision:
            continue
        drafts = assign(listed, decision)
        if not drafts:
            result.problems.append(f"no party could be read from {(group[0].party or decision)[:40]!r}")
            continue
        # A letter's blocks list every party, and so does the CBRC form's 个人姓名 / 单位 pair (a horizontal
        # row's cell may not: 对何加仁…，对刘昊昊给予警告).
        if people_of is None and not institutions:
            # 兴业银行北京分行严重违反…。王建、丁继光、林韧为责任人 (cc-0403): people listed alone beside the one
            # institution the decision sanctions by name are that institution's.
            named = [d.named for d in drafts if d.named.kind == "institution" and not d.named.alias
                     and not d.named.group]
            people_of = named[0].name if len(named) == 1 else None
        if people_of is None and not institutions:
            people_of = _said_institution(drafts, group[0], previous)
        complete = any(r.listed is not None or r.person_name for r in group)
        result.problems.extend(cross_check(listed, decision, drafts, with_people=with_people, complete=complete))
        if not one_person:
            result.problems.extend(posts_not_read(drafts, "\n".join(dict.fromkeys(r.facts for r in group if r.facts))))
        first = len(result.parties)
        for draft in drafts:
            if len(result.parties) >= MAX_PARTIES:
                result.problems.append(_TOO_MANY)
                break
            party = _to_party(draft, group[min(draft.named.record, len(group) - 1)], people_of, one_person)
            if draft.unresolved:
                result.problems.append(draft.unresolved)
            if draft.disagreement:
                result.problems.append(f"{party.party_name}: {draft.disagreement}")
            found = draft.sanctions
            if party.decision and not found.any and not found.fine_mentioned:
                # '2026年2月3日' or an office's name where the decision should be (a column shifted): nothing read.
                result.problems.append(f"{party.party_name}: its decision orders no sanction: {party.decision!r:.40}")
            if found.fine_mentioned and found.fine_yuan is None and found.forfeiture_total is None:
                result.problems.append(f"{party.party_name}: fine amount not read from {party.decision!r:.60}")
            result.parties.append(party)
        text = "\n".join(dict.fromkeys(part for r in group for part in (r.facts, r.decision) if part))
        result.problems.extend(complete_institutions(result.parties[first:], text))
        result.problems.extend(institution_not_stored(result.parties[first:]))
        result.problems.extend(institution_unread(result.parties[first:], group[0].institutions_named))
        previous = group[0], [n.name for n in institutions]
    for seq, party in enumerate(result.parties, start=1):
        party.seq = seq
    return result


def split_parties(party_cell: str | None, decision: str | None) -> list[Party]:
    """One table row's parties: a 当事人 cell and its 行政处罚内容, as in the CSV export of NFRA rows.

    '中国农业银行…支行及相关责任人' + '对中国农业银行…支行罚款30万元。对张某警告。'
    → the bank (its fine) and 张某 (a warning)."""
    return assemble([Record(party=(party_cell or "").strip(), decision=(decision or "").strip())]).parties

