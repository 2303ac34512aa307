"""One row per sanctioned party: split a 当事人 cell and its decision text into parties with their sanctions.

A table cell often names several parties ("XX银行及相关责任人") and its decision gives each its own
sanction in its own clause ("对XX银行罚款30万元。对张某警告。对李某禁止从事银行业工作5年。"). The
decision is cut into clauses, each clause's target (对…) read as one or more names, and each name matched
to a party of the cell (by name, by alias such as 该公司 or 机构, or by abbreviation such as 祁阳农商行);
names the cell does not list become parties of their own. One amount for several names is recorded as
'joint' (共计, or no 分别) or 'each' (分别); a split is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from models.record import Measure
from models.vocab.offices import match_office
from scrapers.nfra import names
from scrapers.nfra.names import HAN, split_top_level
from scrapers.nfra.sanctions import Sanctions, parse_sanctions, restated_total

MAX_TARGET = 400
# A real cell or decision names a few dozen parties at most. Past this many the rest is not read (one more
# name is, so that the assembly can tell there were more): a hostile list of thousands would cost seconds.
MAX_NAMES = 1000


@dataclass(slots=True)
class Named:
    """A party as a text names it."""

    name: str
    kind: str  # institution | individual
    role: str | None = None
    institution: str | None = None
    alias: bool = False  # 该公司, 机构, 其…: to resolve against the cell's institutions
    group: bool = False  # 相关分支机构: unnamed institutions
    with_branches: bool = False  # X及相关分支机构: one sum for X and its branches
    record: int = 0  # which source record (table row) declared it
    short: str | None = None  # the name a letter gives it for later: （以下简称“太平产险天分”）


@dataclass
class Clause:
    text: str  # verbatim, trimmed
    targets: list[Named]  # [] when the clause names no one (it then concerns the cell's own party)
    sanction_text: str  # the part after the target, where the sanctions are read
    summary: bool = False  # 合计罚款60万元 after several clauses: a total of the others, nobody's own
    raw: str = ""  # verbatim with the separator that follows it (，。；or a line break)


@dataclass
class Draft:
    """A party being assembled: who, and the clauses that concern it."""

    named: Named
    clauses: list[tuple[Clause, int]] = field(default_factory=list)  # (clause, parties named with it)
    order: int = 10**6
    sanctions: Sanctions = field(default_factory=Sanctions)
    fine_note: str | None = None
    unresolved: str | None = None  # why the name could not be tied to the cell's parties
    whole: str | None = None  # the decision cell, when this party's clauses are all of it
    disagreement: str | None = None  # the party's stated total and its items differ (for parse_error)

    @property
    def decision(self) -> str | None:
        """Verbatim: the whole cell for its only party, else this party's clauses in order, each with the
        separator that followed it in the text (the last one dropped)."""
        if self.whole:
            return self.whole
        texts: list[str] = []
        for clause, _ in self.clauses:
            if clause.raw not in texts:
                texts.append(clause.raw)
        joined = "".join(texts).strip().rstrip("，,；;、。 ").strip()
        return joined or None


# ---------------------------------------------------------------- reading names

_PEOPLE_SUFFIX = re.compile(
    r"(?:[及和与、，,]|以及)?(?:其|相关|有关|的|负有责任的)*(?:责任人员|责任人|当事人|人员|个人)(?:等)?$"
)
_BRANCH_SUFFIX = re.compile(
    r"(?:[及和与、，,]|以及|等)?(?:[\d一二两三四五六七八九十]+家)?(?:其|相关|有关|的)*(?:分支机构|下属机构|辖属机构)$"
)
_TARGET_PREFIX = re.compile(
    r"^(?:其|对其)?(?:辖属|下辖|下属|所属)|^(?:相关责任人员|相关责任人|责任人员|责任人|当事人|相关人员)(?=.)"
)
_TARGET_SUFFIX = re.compile(
    r"(?:等(?:相关)?(?:责任)?(?:人员|人)|等?[\d一二两三四五六七八九十]+(?:名|人|家)[\u4e00-\u9fff]{0,6}?(?:人员|机构|分支行|支行|分行|公司)?"
    r"|[二两三四五六七八九十\d]+(?:名|人)(?:员)?|均|各|分别|等|的)$"
)
_TARGET_BRANCHES = re.compile(r"(?:及|和|以及|、)(?:其|相关|有关)*(?:分支机构|下属机构|辖属机构)$")


_TAIL = 24


def _cut_tail(pattern: re.Pattern[str], text: str) -> str:
    """Remove a suffix pattern (anchored with $) looking only at the tail: a $-anchored search would
    otherwise try the pattern at every position of a long name."""
    head, tail = text[:-_TAIL], text[-_TAIL:]
    match = pattern.search(tail)
    return (head + tail[: match.start()]).strip() if match else text


def read_name(item: str) -> Named | None:
    """One listed name: a person (with a 时任… role), an institution, an alias or a group."""
    item = item.strip(" ，,、；;。:：\n")
    if not item:
        return None
    if names.is_alias(item):
        return Named(item, "institution", alias=True)
    group = names.is_group(item)
    if group and len(item) <= len(group) + 2:
        return Named(item, "institution", group=True)
    person, role = names.split_bracketed(item)
    if role and names.is_person_name(person):
        return Named(person, "individual", role=role, institution=names.institution_of(role))
    if names.is_person_name(item):
        return Named(item, "individual")
    shaped = names.role_and_name(item)
    if shaped and not names.is_institution(shaped[1]):
        role, person = shaped
        return Named(person, "individual", role=role, institution=names.institution_of(role))
    return Named(item, "institution", institution=item)


_SHIELD = "\ue001"  # private use: stands for a 和 that begins a place name while splitting


def _split_and(part: str) -> list[str]:
    """Split on 及/和/与 outside brackets, and only between two whole names (和谐健康保险…, …和龙营销服务部,
    呼和浩特 stay whole)."""
    # 延边中心支公司和龙营销服务部: 和龙 is a place, not 'and'; shielded from the split, then restored.
    places = [place for place in names.vocab().conjunction_places if place in part]
    shielded = part
    for place in places:
        shielded = shielded.replace(place, _SHIELD + place[1:])
    pieces = [
        piece.removesuffix("以").strip().replace(_SHIELD, "和")
        for piece in split_top_level(shielded, "及和与")
    ]
    if len(pieces) < 2:
        return [part]
    if all(_personish(p) for p in pieces):
        return pieces
    # Whole institutions; after the first, a branch may be named without its company (…股份有限公司及鼎湖支行,
    # …昆明中心支公司及安宁支公司: two parties, the second given the company by _expand_relative).
    if all(names.ends_like_institution(p) and (len(p) > 5 or (i and names.is_relative_branch(p)))
           for i, p in enumerate(pieces)):
        return pieces
    return [part]


_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")


def _personish(text: str) -> bool:
    return names.is_person_name(text) or names.role_and_name(text) is not None


def _join_roles(pieces: list[str]) -> list[str]:
    """'时任该支行行长（代为履职）、行长王勇': a role with no name belongs to the name that follows."""
    joined: list[str] = []
    carry = ""
    for piece in pieces:
        if carry:
            piece = f"{carry}、{piece}"
            carry = ""
        bare = _TRAILING_NOTE.sub("", piece)
        if bare.endswith(names.vocab().titles) and not _personish(bare):
            carry = piece
            continue
        joined.append(piece)
    if carry:
        joined.append(carry)
    return joined


def _expand_relative(found: list[Named]) -> None:
    """'…广东分公司、佛山分公司': the second names a branch of the same company; give it the company."""
    head = None
    for named in found:
        if named.kind != "institution" or named.alias or named.group:
            continue
        if head and names.is_relative_branch(named.name):
            named.name = named.institution = head + named.name
        else:
            head = names.head_of(named.name) or head


@dataclass
class PartyCell:
    """What a 当事人 cell holds: the parties it lists, or an artefact (a header or an office name that a
    vertical table read as horizontal put where a party should be). The one reader of party cells: the
    parser, enrichment and the reports all use it."""

    listed: list[Named]
    with_people: bool = False  # …及相关责任人: people the decision names belong to the listed institution
    artefact: bool = False
    text: str = ""  # the cell as read (stripped)

    @property
    def first(self) -> Named | None:
        return self.listed[0] if self.listed and not self.artefact else None

    @property
    def kind(self) -> str:
        """institution | individual (of the first party listed) | artefact (no party)."""
        return self.first.kind if self.first else "artefact"

    @property
    def name(self) -> str:
        return self.first.name if self.first else self.text

    @property
    def role(self) -> str | None:
        return self.first.role if self.first else None

    @property
    def institution(self) -> str | None:
        """A person's institution as the cell names it (in the role); None for an institution."""
        first = self.first
        return first.institution if first is not None and first.kind == "individual" else None


_SPACED_HAN = re.compile(rf"(?<=[{HAN}])[ \u3000\u00a0]+(?=[{HAN}])")
_HEADER = re.compile(r"^(?:当事人|被处罚|单位|个人|名称|姓名|序号|主要违法|行政处罚)")
_NOT_AN_OFFICE = re.compile(r"银行|保险|联社|信用社|信托")


def read_party_cell(text: str | None) -> PartyCell:
    """The parties a 当事人 cell lists ('XX银行、张三（时任…）及相关责任人' → XX银行, 张三)."""
    # 杨 书 伟（时任…）: spaces a cell puts between the characters of a name are not part of it.
    text = _SPACED_HAN.sub("", (text or "").strip())
    if not text or _HEADER.match(text):
        return PartyCell([], artefact=True, text=text)
    names_, with_people = _read_party_cell(text)
    if len(names_) == 1 and names_[0].kind == "institution" and _is_office(text):
        return PartyCell([], artefact=True, text=text)
    return PartyCell([_fresh(named) for named in names_], with_people, text=text)


def _is_office(text: str) -> bool:
    """'宁德金融监管分局' in a party cell: the deciding office, from a vertical table read as horizontal."""
    return len(text) <= 40 and not _NOT_AN_OFFICE.search(text) and match_office(text) is not None


def read_target(text: str) -> list[Named]:
    """The names of a clause target ('时任该公司业务负责人刘龙', '黄舒、黄培标、李海燕', '机构')."""
    return [_fresh(named) for named in _read_target(text.strip(" ，,、:："))]


def _fresh(named: Named) -> Named:
    """A copy the caller may change (matching fills roles and institutions in)."""
    return Named(named.name, named.kind, named.role, named.institution, named.alias, named.group,
                 named.with_branches, named.record, named.short)


# Cells and targets repeat within and across notices (项开宝, 机构, XX银行及相关责任人): read each once.
@lru_cache(maxsize=16384)
def _read_party_cell(text: str) -> tuple[tuple[Named, ...], bool]:
    if not text or text in {"—", "-", "无", "/"}:
        return (), False
    if names.is_person_name(text):
        return (Named(text, "individual"),), False
    lines = _join_broken_names([line.strip() for line in text.split("\n") if line.strip()])
    found: list[Named] = []
    with_people = False
    for line in lines:
        for _ in range(3):
            stripped = _cut_tail(_PEOPLE_SUFFIX, line)
            with_people = with_people or stripped != line
            stripped = _cut_tail(_BRANCH_SUFFIX, stripped)
            if stripped == line or not stripped:
                break
            line = stripped
        for part in split_top_level(line, "、，,；;"):
            # X及相关责任人、Y及相关责任人 (docId 1245792): each listed institution may carry the suffix.
            bare = _cut_tail(_PEOPLE_SUFFIX, part)
            if bare and bare != part:
                part, with_people = bare, True
            for piece in _split_and(part):
                named = read_name(piece)
                if named:
                    found.append(named)
            if len(found) > MAX_NAMES:
                break
        if len(found) > MAX_NAMES:
            break
    _expand_relative(found)
    return tuple(found), with_people


_LIST_MARK = re.compile(r"[、，,；;及和与]")


def _join_broken_names(lines: list[str]) -> list[str]:
    """浦发银行股份有限公司 / 廊坊分行 (cc-0220): a company alone on its line and a branch named without it on the
    next are one name broken by the cell's width, not the company and its branch."""
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if (previous and names.head_of(previous) == previous and names.is_relative_branch(line)
                and not _LIST_MARK.search(previous + line)):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return joined


@lru_cache(maxsize=16384)
def _read_target(text: str) -> tuple[Named, ...]:
    if names.is_person_name(text):
        return (Named(text, "individual"),)
    with_branches = False
    cut = _cut_tail(_TARGET_BRANCHES, text)
    if cut != text:
        text, with_branches = cut, True
    for _ in range(3):
        stripped = _cut_tail(_TARGET_SUFFIX, _TARGET_PREFIX.sub("", text, count=1)).strip(" ，,、")
        if stripped == text or not stripped:
            break
        text = stripped
    found: list[Named] = []
    for piece in _join_roles([p for part in split_top_level(text, "、，,") for p in _split_and(part)]):
        named = read_name(piece)
        if named:
            found.append(named)
    if with_branches and found:
        found[-1].with_branches = True
    _expand_relative(found)
    _share_institution(found)
    return tuple(found)


def _share_institution(found: list[Named]) -> None:
    """对时任该公司财务部负责人郭涛、风险管理部总经理郭镇德…: the institution the first person's role names is
    that of the people listed after it whose roles name none (a department: 风险管理部, 贸易金融业务二部)."""
    first = found[0] if found else None
    if first is None or first.kind != "individual" or not first.institution:
        return
    for named in found[1:]:
        if named.kind == "individual" and named.role and not (
            named.institution and names.ends_like_institution(named.institution)
        ):
            named.institution = first.institution


# ---------------------------------------------------------------- cutting a decision into clauses

# The sanction verb that ends a clause's target (对<target><verb>…). 处 in 分理处/办事处/管理处 is a name.
_VERB = (
    r"(?:分别|合计|共计|给予|予以|处以|并处|终身(?=禁)|(?:\d{1,2}|[一二两三四五六七八九十]{1,3})年内?(?=禁|不得)"
    r"|(?<![理事务])处(?=[以罚警])|处(?=[\d一二两三四五六七八九十]|人民币)|罚款|罚没|警告"
    r"|没收|终身禁止|禁止|取消|撤销|责令|吊销|实施|作出|做出|采取|暂停|停止|限制|通报|禁业|依法|合并(?=处|罚)"
    r"|减轻|从轻)"
)
# An item's number before its sentence: 一、 / （二） / 3.
_ITEM = r"(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．])?"
_OBJECT_TARGET = re.compile(
    rf"^\s*{_ITEM}\s*(?:我局|本局|我分局|本分局)?(?:[并另且又]|同时|依法|决定|拟|分别)?\s*对(?P<target>.{{1,{MAX_TARGET}}}?)(?={_VERB})"
)
_BAN_TARGET = re.compile(
    # 禁止周新江、王俊辉终身进入保险业 (NFRA docId 1228831): several people, each banned
    rf"^\s*{_ITEM}\s*(?:[并另且又]|同时)?\s*(?:决定)?禁止(?!终身|其)(?P<target>[{HAN}·]{{2,6}}?(?:、[{HAN}·]{{2,6}}?)*)"
    r"(?=终身|\d|[一二两三四五六七八九十]+年|(?:从事|进入|担任)(?!.{0,3}(?:禁止|从事)))"
)
_GIVE_TARGET = re.compile(
    rf"^\s*{_ITEM}\s*(?:[并另且又]|同时|决定)?\s*(?:分别|各)?(?:给予|对)(?P<target>[{HAN}·、，,]{{2,{MAX_TARGET}}}?)"
    r"(?=警告|罚款|(?:\d|[一二两三四五六七八九十]).{0,8}罚款|禁止|取消|撤销|(?:各|分别)?(?:处以?|罚款))"
)
# 取消杜新国、游丽萍高管人员任职资格1年: the names between the verb and the qualification.
_DISQUALIFY_TARGET = re.compile(
    rf"^\s*{_ITEM}\s*(?:[并另且又]|同时|决定)?\s*(?:取消|撤销)"
    # 取消银行业高级管理人员终身任职资格 (cc-0372): the kind of post disqualified from names no one.
    r"(?!(?:银行业|保险业)?(?:农村)?(?:高级管理人员|高管人员|高管|董事|监事))"
    rf"(?P<target>[{HAN}·、，,]{{2,200}}?)"
    # 农村高管人员任职资格 (cc-0260): the kind of post, not the tail of the last name.
    r"(?=(?:的)?(?:银行业|保险业)?(?:农村)?(?:高级管理人员|高管人员|高管|董事、?监事|董事|监事)?(?:终身)?(?:的)?任职资格)"
)
# 责令兴业银行北京分行改正，给予合计800万元罚款 (cc-0403): the institution ordered to correct is the clause's party.
_RECTIFY_TARGET = re.compile(
    rf"^\s*{_ITEM}\s*(?:[并另且又]|同时|决定)?\s*责令(?P<target>[{HAN}（）()]{{4,60}}?)(?:立即|限期)?(?:改正|整改)"
)
_SUBJECT_TARGET = re.compile(
    rf"^\s*{_ITEM}\s*(?:[并另且又]|同时)?\s*(?P<target>[^，,；;。《》“”\"]{{2,60}}?)(?={_VERB})"
)
_NOT_A_SUBJECT = re.compile(
    rf"^(?:依据|根据|按照|依照|经|我局|本局|我分局|本分局|决定|现|鉴于|综上|其中|以上|上述|{_VERB})|从事|行政|处罚|\d"
)
_SUMMARY = re.compile(r"^\s*(?:合计|共计|总计|罚没合计|罚没款合计|以上合计|累计|综上|合并)")
_SENTENCES = re.compile(r"[^。；;！!\n]*(?:[。；;！!\n]|$)")
_COMMAS = re.compile(r"[^，,]*(?:[，,]|$)")
# 、 before the next 对 once a sanction was stated: 对A罚款合计50万元、对B罚款30万元 (docId 1240307), 对祖大伟禁止从事
# 银行业工作10年、对王波月、李栋禁止终身… (1249528): one clause per party, as if a comma stood there.
_NEXT_OBJECT = re.compile(r"、(?=对)")
_ORDERED = re.compile(r"罚款|警告|禁止|取消|撤销|责令|没收|吊销|停止|[元年]$")


def _segments(sentence: str) -> list[str]:
    """A sentence cut at its commas, and at 、对 after a sanction (the next party's clause)."""
    segments: list[str] = []
    for piece in _COMMAS.findall(sentence):
        if "、对" not in piece:
            segments.append(piece)
            continue
        start = read = 0
        ordered = False
        for mark in _NEXT_OBJECT.finditer(piece):
            # Each stretch is searched once (a long list of 、对 without a sanction stays linear).
            ordered = ordered or _ORDERED.search(piece, read, mark.start()) is not None
            read = mark.start()
            if ordered:
                segments.append(piece[start : mark.end()])
                start = read = mark.end()
                ordered = False
        segments.append(piece[start:])
    return [segment for segment in segments if segment.strip()]


_NOT_A_NAME = re.compile(r"[元万]|警告|罚|处分|处罚|共计|合计|总计|累计|人员|高管|董事|监事|资格")
# 对以贷转存问题… / 对农业银行…存在的第（一）、第（二）项违规问题… / 对贴现业务没收… (cc-0375): a matter, not a party.
_A_MATTER = re.compile(r"问题|行为|事项|存在|违规|违法|第[（(]|业务$")


def names_a_matter(target: str) -> bool:
    """对以贷转存问题… / 对农业银行…存在的第（一）项违规问题…: the words after 对 are a matter, not a party."""
    return _A_MATTER.search(target) is not None
_OBJECT_OPEN = re.compile(rf"^\s*{_ITEM}\s*(?:我局|本局|我分局|本分局)?(?:[并另且又]|同时|依法|决定|拟|分别)?\s*对")
_VERB_START = re.compile(_VERB)


def _known_target(segment: str, declared: list[Named]) -> tuple[list[Named], int] | None:
    """对华人代理处以…: a listed name or short name right after 对, followed by a verb, is the target even
    where the verb's first character could belong to a name (代理处)."""
    opened = _OBJECT_OPEN.match(segment)
    if opened is None or not declared:
        return None
    rest = segment[opened.end() :]
    best: tuple[Named, str] | None = None
    for named in declared:
        for name in (named.name, named.short):
            if name and rest.startswith(name) and _VERB_START.match(rest, len(name)) and (
                best is None or len(name) > len(best[1])
            ):
                best = (named, name)
    if best is None:
        return None
    return [Named(best[0].name, best[0].kind)], opened.end() + len(best[1])


def _target_of(segment: str, declared: list[Named]) -> tuple[list[Named], int] | None:
    """The names a segment starts with and where its sanction text begins; None if it names no one."""
    known = _known_target(segment, declared)
    if known is not None:
        return known
    match = _OBJECT_TARGET.match(segment)
    ban = None if match else _BAN_TARGET.match(segment)
    give = None if match or ban else _GIVE_TARGET.match(segment)
    if give:
        targets = [t for t in read_target(give.group("target")) if t.kind == "individual" or not t.alias]
        each = "分别" in segment[: give.start("target")] or "各" in segment[: give.start("target")]
        if targets and all(
            (t.kind == "individual" and not _NOT_A_NAME.search(t.name))
            or (each and names.ends_like_institution(t.name))
            for t in targets
        ):
            # 分别给予梁明训、方俊星警告: the sanction text keeps 分别 so each gets the figure.
            return targets, 0
    disqualify = None if match or ban or give else _DISQUALIFY_TARGET.match(segment)
    if disqualify:
        targets = read_target(disqualify.group("target"))
        if targets and all(t.kind == "individual" and not _NOT_A_NAME.search(t.name) for t in targets):
            return targets, 0
    rectify = None if match or ban or give or disqualify else _RECTIFY_TARGET.match(segment)
    if rectify and names.ends_like_institution(rectify.group("target")) and not names.is_alias(rectify.group("target")):
        targets = read_target(rectify.group("target"))
        if len(targets) == 1 and targets[0].kind == "institution":
            return targets, 0  # the order itself is the sanction text
    if match and names_a_matter(match.group("target")):
        return None
    if match or ban:
        targets = read_target((match or ban).group("target"))
        if ban and not all(t.kind == "individual" for t in targets):
            targets = []  # 禁止进入保险业15年: no one is named
        if targets:
            # 禁止金艺香终身从事银行业工作: the verb precedes the name, so the whole segment is the sanction.
            return targets, match.end() if match else 0
    match = _SUBJECT_TARGET.match(segment)
    if match and not _NOT_A_SUBJECT.search(match.group("target")):
        subject = match.group("target").strip()
        known = {named.name for named in declared}
        if names.is_alias(subject) or names.ends_like_institution(subject) or subject in known:
            targets = read_target(subject)
            if targets:
                return targets, match.end()
    return None


_PRONOUNS = frozenset({"其", "你"})


def _sentence_subject(opening: str, declared: list[Named]) -> Named | None:
    """The listed party a sentence opens with (by its name or the short name the text gave it)."""
    opening = opening.lstrip("一二三四五六七八九十、（）()0123456789. ")
    best = None
    for named in declared:
        for name in (named.name, named.short):
            if name and opening.startswith(name) and (best is None or len(name) > len(best[1])):
                best = (named, name)
    return best[0] if best else None


def cut_clauses(decision: str, declared: list[Named] | None = None) -> list[Clause]:
    """The decision as clauses, each with the names it starts with (or none)."""
    declared = declared or []
    # (text pieces, targets, sanction-text pieces, summary): a segment that names no one continues the
    # clause before it; pieces are joined once at the end (joining per segment is quadratic on long text).
    pieces: list[tuple[list[str], list[Named], list[str], bool]] = []
    targeted = 0
    lines = decision.split("\n")
    for number, line in enumerate(lines):
        if number and pieces and lines[number - 1].strip():
            # The line break after a paragraph (or a table row's text) stays with its last clause, so a party
            # given clauses of two paragraphs keeps them apart.
            pieces[-1][0].append("\n")
        # 综上，我局决定对华明代理给予警告，合并处3.5万元罚款；对李延茗给予警告，处0.5万元罚款: a paragraph that sums
        # up the items restates each party's sanctions (see assign: for a party with clauses of its own).
        # Also after items that name no one (a letter to one party, its 对你 cut: 处以警告、罚款5万元…; cc-0395).
        restating = _RESTATING.match(line) is not None and (
            targeted > 0 or any(clause_sanctions("".join(piece[2])).any for piece in pieces)
        )
        if restating:
            _restating_clauses(line, declared, pieces)
            continue
        targeted = _cut_line(line, declared, pieces, targeted)
    clauses = []
    for texts, targets, sanction, summary in pieces:
        text = "".join(texts)
        if text.strip():
            clauses.append(Clause(text.strip(), targets, "".join(sanction).strip(), summary, text.rstrip(" ")))
    return clauses


_RESTATING = re.compile(r"^\s*(?:综上|综合以上|综合上述|合并上述|合并)")
Pieces = list[tuple[list[str], list[Named], list[str], bool]]


def _restating_clauses(line: str, declared: list[Named], pieces: Pieces) -> None:
    """The clauses of a summing-up paragraph, each a summary that keeps the names it starts with."""
    start = len(pieces)
    for sentence in _SENTENCES.findall(line):
        for segment in _segments(sentence):
            found = _target_of(segment, declared)
            if found:
                pieces.append(([segment], found[0], [segment[found[1] :]], True))
            elif len(pieces) > start:
                pieces[-1][0].append(segment)
                pieces[-1][2].append(segment)
            else:
                pieces.append(([segment], [], [segment], True))


# The most people one 对… lists with commas between them before its verb (a real row lists six).
_MAX_COMMA_PEOPLE = 40


_DISQUALIFY_OPEN = re.compile(rf"^\s*{_ITEM}\s*(?:[并另且又]|同时|决定)?\s*(?:取消|撤销)")
_QUALIFICATION = "任职资格"


def _join_listed_people(segments: list[str], founds: list, declared: list[Named]) -> None:
    """对时任该分行…总经理徐绍勇，…总经理姜新武，…团队负责人沈文忠分别给予警告 (docId 1219008), or 取消<role>张朝志，
    <role>齐素锂，<role>肖秀泽高管人员任职资格终身 (cc-0260): people listed with commas between them, each with a
    role, and one sanction after the last. Cut at the commas, the first segment names no one (its 对 has no
    verb, its 取消 no 任职资格) and the rest have no 对: the segments are joined into one clause when, joined,
    they name one person per segment."""
    position = 0
    while position < len(segments):
        segment = segments[position]
        disqualify = _DISQUALIFY_OPEN.match(segment) is not None
        if founds[position] is not None or (
            not disqualify and (not _OBJECT_OPEN.match(segment) or _VERB_START.search(segment))
        ) or (disqualify and _QUALIFICATION in segment):
            position += 1
            continue
        last = position + 1
        limit = min(len(segments), position + _MAX_COMMA_PEOPLE)
        while last < limit and not (
            _QUALIFICATION in segments[last] if disqualify else _VERB_START.search(segments[last])
        ):
            last += 1
        if last >= limit:
            return
        joined = "".join(segments[position : last + 1])
        found = _target_of(joined, declared)
        if found and len(found[0]) >= last - position + 1 and all(
            target.kind == "individual" and target.role for target in found[0]
        ) and (disqualify or found[1] > len(joined) - len(segments[last])):
            if disqualify:
                # The sanction is the verb and what follows the last name (取消…高管人员任职资格终身), without the
                # commas of the list between them.
                opener = _DISQUALIFY_OPEN.match(joined)
                tail = joined.rfind(found[0][-1].name) + len(found[0][-1].name)
                found = (found[0], found[1], joined[opener.end() - 2 : opener.end()] + joined[tail:])
            segments[position : last + 1] = [joined]
            founds[position : last + 1] = [found]
        position += 1


def _cut_line(line: str, declared: list[Named], pieces: Pieces, targeted: int) -> int:
    """Cut one paragraph into clauses (appended to pieces); the count of targeted clauses so far."""
    for sentence in _SENTENCES.findall(line):
        if not sentence.strip():
            continue
        in_summary = False
        segments = _segments(sentence)
        founds = [_target_of(s, declared) if targeted + i <= MAX_NAMES else None for i, s in enumerate(segments)]
        _join_listed_people(segments, founds, declared)
        subject = _sentence_subject(segments[0], declared) if len(declared) > 1 else None
        if subject is not None and not any(founds) and clause_sanctions(sentence).any:
            # 四、易明经纪未按规定管理业务档案，违反…第五十五条处罚款8万元 (cc-0075): no 对…, so the sanction is
            # the party the sentence opens with, not the one of the clause before.
            founds[0] = ([Named(subject.name, subject.kind)], 0)
        for position, (segment, found) in enumerate(zip(segments, founds, strict=True)):
            if found and subject is not None and len(found[0]) == 1 and found[0][0].name in _PRONOUNS:
                # 余建灵对…负有直接责任，根据…，我局决定对其作出警告: 其 is the sentence's subject.
                found = ([Named(subject.name, subject.kind)], found[1])
            if in_summary:  # 综上，决定对你公司作出警告，罚款四十八万元: a restatement of the items
                pieces[-1][0].append(segment)
                pieces[-1][2].append(segment)
                continue
            if found:
                targets, start = found[0], found[1]
                sanction = found[2] if len(found) > 2 else segment[start:]  # a list joined: its own sanction
                pieces.append(([segment], targets, [sanction], False))
                targeted += 1
            elif targeted >= 2 and _SUMMARY.match(segment):
                pieces.append(([segment], [], [segment], True))
                in_summary = True
            elif position == 0 and targeted and any(founds) and not clause_sanctions(segment).any:
                pieces.append(([segment], [], [segment], False))  # a new item's preamble, nobody's sanction
            elif pieces and not pieces[-1][3]:
                pieces[-1][0].append(segment)
                pieces[-1][2].append(segment)
            else:
                pieces.append(([segment], [], [segment], False))
    return targeted


# ---------------------------------------------------------------- matching names to the cell's parties

_GENERIC_END = ("中心支公司", "分公司", "支公司", "总公司", "公司", "分行", "支行", "总行", "银行", "营业部",
                "营销服务部", "营业所", "联社", "信用社", "合作社", "中支", "社", "行", "部", "所")


_ANY_INSTITUTION = frozenset({"其", "机构", "公司", "单位", "本公司", "本行", "当事人", "你公司", "你行", "你单位"})


def _resolve_alias(alias: str, institutions: list[Named]) -> Named | None:
    if not institutions:
        return None
    word = alias[1:] if alias.startswith("该") else alias
    if word in _ANY_INSTITUTION or len(institutions) == 1:
        return institutions[0]
    ends = [n for n in institutions if n.name.endswith(word)]
    # 支公司 must not pick a 中心支公司 when a plain 支公司 is listed.
    longer = [g for g in _GENERIC_END if g.endswith(word) and g != word]
    exact = [n for n in ends if not any(n.name.endswith(g) for g in longer)]
    return (exact or ends or institutions)[0]


def _likeness(target: Named, candidate: Named) -> int:
    """How surely two names are one party: 3 same name, 2 one ends the other, 1 abbreviation, 0 different."""
    if target.kind != candidate.kind:
        return 0
    if target.name == candidate.name or target.name == candidate.short:
        return 3
    if target.kind == "individual":
        return 0
    short, long = sorted((target.name, candidate.name), key=len)
    if len(short) < 3:
        return 0
    if long.startswith(short):
        # …有限公司（原…） is the same company; …有限公司云南省分公司 is its branch, another party.
        return 2 if long[len(short)] in names.OPENERS else 0
    if long.endswith(short):
        return 2
    # 祁阳农商行 / 中华财险常德中支 / 新疆银行: an abbreviation keeps the name's characters in order.
    if names.subsequence(short, long) and (short[0] == long[0] or len(short) >= 5):
        return 1
    return 0


# Matching compares every name a decision gives with every name of the cell: beyond this many pairs (no
# real notice comes near: a few dozen parties) only exact names are matched, so a hostile cell of thousands
# of names stays linear time.
MAX_FUZZY_PAIRS = 40_000
Exact = dict[tuple[str, str], "Named"]


# Words a letter uses for its addressee, whoever it is: with one party listed, that party.
_ADDRESSEE = frozenset({"你", "其", "当事人"})


def _match(target: Named, declared: list[Named], exact: Exact | None = None) -> Named | None:
    if target.alias:
        institutions = [n for n in declared if n.kind == "institution" and not n.group]
        if not institutions and target.name in _ADDRESSEE and len(declared) == 1:
            return declared[0]
        return _resolve_alias(target.name, institutions)
    if exact is not None:
        return exact.get((target.name, target.kind))
    best, score = None, 0
    for candidate in declared:
        likeness = _likeness(target, candidate)
        if likeness > score:
            best, score = candidate, likeness
    if best is None and target.kind == "institution":
        best = _person_with_role(target, declared)
    return best


def _person_with_role(target: Named, declared: list[Named]) -> Named | None:
    """'时任该公司刘莹': a listed person's name after a role the name reader did not know."""
    for candidate in declared:
        if (candidate.kind == "individual" and target.name.endswith(candidate.name)
                and len(target.name) - len(candidate.name) >= 2):
            if not candidate.role:
                candidate.role = target.name[: -len(candidate.name)]
            return candidate
    return None


def _institution_for_role(named: Named, declared: list[Named], exact: Exact | None = None) -> None:
    """时任该公司…: the person's institution is the cell's institution."""
    if named.institution and names.is_alias(named.institution):
        resolved = _resolve_alias(named.institution, [n for n in declared if n.kind == "institution"])
        named.institution = resolved.name if resolved else None
    elif named.institution:
        match = _match(Named(named.institution, "institution"), declared, exact)
        if match and len(match.name) > len(named.institution):
            named.institution = match.name


def assign(declared: list[Named], decision: str | None) -> list[Draft]:
    """Drafts for every party of a cell and its decision, in the order the decision names them."""
    decision = (decision or "").strip()
    drafts: dict[int, Draft] = {}
    by_name: dict[tuple[str, str], Draft] = {}

    def draft_for(named: Named, order: int) -> Draft:
        key = (named.name, named.kind)
        if key not in by_name:
            draft = Draft(named, order=order)
            by_name[key] = draft
            drafts[id(draft)] = draft
        return by_name[key]

    for index, named in enumerate(declared):
        draft_for(named, 10**6 + index)

    clauses = cut_clauses(decision, declared) if decision else []
    targeted = [c for c in clauses if c.targets]
    exact: Exact | None = None
    pairs = len(declared) * (sum(len(c.targets) for c in targeted) + len(declared))
    if pairs > MAX_FUZZY_PAIRS:
        exact = {}
        for named in declared:
            exact.setdefault((named.name, named.kind), named)
    if not targeted:
        _assign_untargeted(declared, decision, draft_for)
    else:
        for position, clause in enumerate(clauses):
            if clause.summary:
                continue
            if not clause.targets:  # a preamble or a sanction before any name: the cell's own party
                owners = declared[:1] if declared and clause_sanctions(clause.text).any else []
                for owner in owners:
                    draft = draft_for(owner, position)
                    draft.order = min(draft.order, position)
                    draft.clauses.append((clause, 1))
                continue
            # How many parties one figure of this clause covers (X及相关分支机构: X and unnamed others).
            size = max(sum(0 if t.group else 3 if t.with_branches else 1 for t in clause.targets), 1)
            for target in clause.targets:
                match = _match(target, declared, exact)
                unresolved = None
                if match is None and target.alias:
                    unresolved = f"'{target.name}' names no institution of the party cell"
                if match is None and target.group:
                    # 对分支机构罚款85万元: the branches' fine is part of the institution's penalty.
                    parent = next((n for n in declared if n.kind == "institution" and not n.group), None)
                    if parent is not None:
                        match = parent
                    else:
                        target.institution = None
                if match is None and target.kind == "institution" and names.is_relative_branch(target.name):
                    parent = next((n for n in declared if n.kind == "institution" and not n.group), None)
                    head = names.head_of(parent.name) if parent else None
                    if head:
                        target.name = target.institution = head + target.name
                        match = _match(target, declared, exact)
                draft = draft_for(match or target, position)
                if match is not None and match.kind == "individual" and not match.role and target.role:
                    match.role, match.institution = target.role, target.institution
                draft.order = min(draft.order, position)
                draft.unresolved = draft.unresolved or unresolved
                draft.clauses.append((clause, size))
        _restated_only(clauses, declared, exact, by_name, draft_for)
        _pair_leftovers(declared, by_name, drafts)

    result = sorted(drafts.values(), key=lambda d: d.order)
    if any(d.clauses for d in result):
        # A listed party no clause concerns (the bank of 对张三警告, or a row whose decision sits in another
        # row) is context, not a sanctioned party of this decision.
        result = [d for d in result if d.clauses]
    owned = [c for c in clauses if not c.summary]
    if exact is not None and result:
        result[0].unresolved = result[0].unresolved or (
            f"{len(declared)} names in the party cell: matched to the decision by exact name only"
        )
    for draft in result:
        _institution_for_role(draft.named, declared, exact)
        _read_sanctions(draft)
        if len(result) == 1 and len({id(c) for c, _ in draft.clauses}) == len(owned):
            draft.whole = decision  # the only party, and every clause is its own: the cell verbatim
    return result


def sanctions_listed_party(declared: list[Named], decision: str) -> bool:
    """Whether a clause of the decision names a party of the list (by name, abbreviation or short name; an
    alias or a clause naming no one does not count)."""
    return any(
        not target.alias and not target.group and _match(target, declared) is not None
        for clause in cut_clauses(decision, declared) if not clause.summary
        for target in clause.targets
    )


def sanctions_other_institutions(declared: list[Named], decision: str) -> bool:
    """Whether the decision sanctions no party its cell lists, but some institution: the cell's unnamed
    branches (对相关分支机构罚款…) or a branch the cell does not list. A listed party is sanctioned when the
    decision names it (by name, short name or an alias such as 该公司) or names no one (罚款30万元)."""
    clauses = cut_clauses(decision, declared)
    institution = False
    for clause in clauses:
        if clause.summary:
            continue
        if not clause.targets:
            if clause_sanctions(clause.text).any:
                return False
            continue
        for target in clause.targets:
            if not target.group and _match(target, declared) is not None:
                return False
            institution = institution or target.kind == "institution"
    return institution


def _restated_only(clauses: list[Clause], declared: list[Named], exact: Exact | None, by_name: dict,
                   draft_for) -> None:
    """A summing-up clause restates a party's sanctions: its figures are the party's totals (they win over
    the items read, which may have missed one), and for a party nothing else named it is all there is."""
    for position, clause in enumerate(clauses):
        if not (clause.summary and clause.targets):
            continue
        for target in clause.targets:
            match = _match(target, declared, exact) or target
            existing = by_name.get((match.name, match.kind))
            if existing is not None and existing.clauses:
                existing.clauses.append((clause, len(clause.targets)))
                continue
            draft = draft_for(match, position)
            draft.order = min(draft.order, position)
            draft.clauses.append((clause, len(clause.targets)))


def _assign_untargeted(declared: list[Named], decision: str, draft_for) -> None:
    """A decision that names no one: the cell's party gets it; several parties share it (or, one
    paragraph per party, take theirs in order)."""
    if not decision or not declared:
        return
    paragraphs = [line.strip() for line in decision.split("\n") if line.strip()]
    if len(declared) > 1 and len(paragraphs) == len(declared):
        for index, (named, line) in enumerate(zip(declared, paragraphs, strict=True)):
            draft = draft_for(named, index)
            draft.order = index
            draft.clauses.append((Clause(line, [], line, raw=line), 1))
        return
    whole = Clause(decision, [], decision, raw=decision)
    for index, named in enumerate(declared):
        draft = draft_for(named, index)
        draft.order = index
        draft.clauses.append((whole, len(declared)))
        draft.whole = decision


def _pair_leftovers(declared: list[Named], by_name: dict, drafts: dict) -> None:
    """A listed party no clause matched, and a named party the cell does not list, of the same kind and
    as many of each: the same parties written two ways (the cell's full name wins)."""
    for kind in ("institution", "individual"):
        listed = [
            by_name[(n.name, n.kind)] for n in declared if n.kind == kind and not by_name[(n.name, n.kind)].clauses
        ]
        listed_ids = {id(d.named) for d in listed}
        declared_ids = {id(n) for n in declared}
        extra = [
            d for d in drafts.values()
            if d.named.kind == kind and id(d.named) not in declared_ids and id(d.named) not in listed_ids
            and not d.named.group and d.clauses
        ]
        pairs = list(zip(listed, extra, strict=True)) if listed and len(listed) == len(extra) else []
        if any(_other_branch(keep.named.name, other.named.name) for keep, other in pairs):
            pairs = []  # 中国农业银行大连市分行 listed, 农行大连金州支行 sanctioned: another branch, not a spelling
        if pairs:
            for keep, other in pairs:
                if kind == "individual" and _glued_verb(keep.named.name, other.named.name):
                    keep.named.name = other.named.name
                keep.clauses.extend(other.clauses)
                keep.order = other.order
                keep.unresolved = None
                if kind == "individual" and not keep.named.role and other.named.role:
                    keep.named.role = other.named.role
                    keep.named.institution = other.named.institution or keep.named.institution
                drafts.pop(id(other))
                by_name.pop((other.named.name, other.named.kind), None)


# The opening of what follows a name in a decision (对责任人员刘宇翔警告…, 对…周荣分别给予警告).
_AFTER_A_NAME = ("警告", "给予", "分别", "予以", "处以", "并处", "罚款")


def _glued_verb(listed: str, named: str) -> bool:
    """A listed name that is the decision's name with the start of the next word glued on (刘宇翔警, 周荣分别, 樊波给予
    in an export's 当事人 column, NFRA docIds 1255702, 1249416, 1250156): the decision's name is the person's."""
    rest = listed.removeprefix(named)
    return rest != listed and bool(rest) and any(word.startswith(rest) for word in _AFTER_A_NAME)


def _other_branch(listed: str, named: str) -> bool:
    """Two institution names ending in different kinds of branch (分行 / 支行, 分公司 / 支公司)."""
    ends = [names.vocab().branch_end.search(name) for name in (listed, named)]
    return all(ends) and ends[0].group(0) != ends[1].group(0)


def _fine_disagreement(parts: list[tuple[int, bool, str]], amounts: list[int], each: bool) -> str | None:
    """A stated total (合计 / 综上…) that is not the sum of the fines stated one by one: an item was misread or
    given to another party, or the total is another party's. None when they agree, or when only one of the two
    is stated, or when a figure is each person's (分别…每人: the items are per head, the total for all)."""
    totals = [yuan for yuan, stated_total, _ in parts if stated_total]
    if each or not totals or not amounts or sum(amounts) == sum(totals):
        return None
    return f"fines stated one by one ({sum(amounts):,} yuan) do not add up to the total stated ({sum(totals):,})"


def _settle_fine_parts(total: Sanctions, parts: list[tuple[int, bool, str]], amounts: list[int]) -> None:
    """Several fines on one party: their sum is the fine, each part kept as a 'fine-part' measure. A total
    the text states (合计 / 合并 / 综上…, or a last figure equal to the sum of the earlier ones: 对其罚款35万元…
    10万元…15万元…对该公司作出罚款60万元) is the fine, not one more part."""
    if len(parts) < 2:
        return
    totals = [yuan for yuan, stated_total, _ in parts if stated_total]
    items = [(yuan, text) for yuan, stated_total, text in parts if not stated_total]
    if not totals and restated_total(amounts) and items[-1][0] == amounts[-1]:
        totals, items = [items[-1][0]], items[:-1]
    if totals and items:
        total.fine_yuan = sum(totals)
    if len(items) >= 2:
        for _, text in items:
            total.measures.append(Measure("fine-part", text.strip("，,；;。 ")))


@lru_cache(maxsize=8192)
def clause_sanctions(text: str) -> Sanctions:
    """parse_sanctions, remembered: clause texts repeat within and across notices (警告, 罚款5万元).
    Callers must not modify the result."""
    return parse_sanctions(text)


_SUMMED_UP = re.compile(r"(?:^|[\n。；;])\s*(?:综上|综合以上|综合上述|合并上述)")


def _same_measure(one: Measure, other: Measure) -> bool:
    return (one.kind, one.years, one.months) == (other.kind, other.years, other.months)


def _as_restated(measures: list[Measure], restated: list[Measure]) -> list[Measure]:
    """A summing-up counts each measure once, as it counts the fines: where the items state more measures of a
    kind than the summing-up does (停止接受新业务6个月 for the branches in item 1 and for the company in item 2,
    then 综上…责令你公司及海淀支公司…停止接受新业务6个月 once, cc-0387), that kind's measures are the summing-up's."""
    kinds = {measure.kind for measure in restated}
    over = {kind for kind in kinds if sum(m.kind == kind for m in measures) > sum(m.kind == kind for m in restated)}
    if not over:
        return measures
    kept = [measure for measure in measures if measure.kind not in over]
    for measure in restated:
        if measure.kind in over and measure not in kept:
            kept.append(measure)
    return kept


def _read_sanctions(draft: Draft) -> None:
    """Sanctions of every clause of the party, added up; 'joint'/'each' where one figure names several."""
    total = Sanctions()
    notes: list[str] = []
    parts: list[tuple[int, bool, str]] = []  # (yuan, stated as a total, clause) of every fine clause
    items: list[int] = []  # every fine figure stated one by one, in order
    each_seen = False
    inner: list[tuple[int, int]] = []  # (items, total) of one clause stating both, when they differ
    restated: list[Measure] = []  # the measures of the party's summing-up clauses (综上…)
    for clause, size in draft.clauses:
        found = clause_sanctions(clause.sanction_text or clause.text)
        each_seen = each_seen or found.fine_each
        if found.fine_yuan is not None:
            if not any(target.group for target in clause.targets):  # 对分支机构罚款: the institution's whole
                stated_total = found.fine_total or clause.summary
                parts.append((found.fine_yuan, stated_total, clause.sanction_text or clause.text))
                items.extend(found.fine_items if not stated_total else [])
                if found.fine_total and found.fine_items and sum(found.fine_items) != found.fine_yuan:
                    inner.append((sum(found.fine_items), found.fine_yuan))
            total.fine_yuan = (total.fine_yuan or 0) + found.fine_yuan
            if size > 1:
                notes.append("each" if found.fine_each and not found.fine_total else "joint")
            else:
                notes.append("own")
        if found.confiscated_yuan is not None:
            total.confiscated_yuan = (total.confiscated_yuan or 0) + found.confiscated_yuan
        total.warning = total.warning or found.warning
        if found.ban_years:
            total.ban_years = max(total.ban_years or 0, found.ban_years)
        total.ban_lifetime = total.ban_lifetime or found.ban_lifetime
        measures = found.measures
        if _SUMMED_UP.search(clause.text):
            # Items and their 综上 in one clause (a letter to one party naming no one, cc-0115): the summing-up
            # restates the items' measures, each (kind, term) is one.
            measures = [m for i, m in enumerate(measures) if not any(_same_measure(o, m) for o in measures[:i])]
        for measure in measures:
            # 责令改正 repeated per item is one order to correct; a summing-up restates the items' measures in
            # other words (撤销任职资格的行政处罚 / 撤销任职资格、警告和罚款); other measures are kept as stated.
            if measure not in total.measures and not (
                measure.kind == "rectify" and any(m.kind == "rectify" for m in total.measures)
            ) and not (clause.summary and any(_same_measure(m, measure) for m in total.measures)):
                total.measures.append(measure)
        if clause.summary:
            restated.extend(found.measures)
        total.fine_mentioned = total.fine_mentioned or found.fine_mentioned
        if found.forfeiture_total is not None:
            total.forfeiture_total = found.forfeiture_total
    total.measures = _as_restated(total.measures, restated)
    draft.disagreement = _fine_disagreement(parts, items, each_seen) or (
        None if each_seen or not inner else
        f"fines stated one by one ({inner[0][0]:,} yuan) do not add up to the total stated ({inner[0][1]:,})"
    )
    _settle_fine_parts(total, parts, items)
    draft.sanctions = total
    # The note qualifies the whole figure: 'each' only when all of it comes from 分别 clauses.
    draft.fine_note = "joint" if "joint" in notes else ("each" if notes and set(notes) == {"each"} else None)

