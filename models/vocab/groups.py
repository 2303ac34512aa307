"""Bank groups and institution types: which parent an institution belongs to, and what kind it is.

Data: models/data/groups/*.csv (one row per group: display name, type, short and legal names,
province, aliases) and models/data/institution_types.csv (type codes, labels, name patterns).

An institution string (中国农业银行股份有限公司平舆县高杨店分理处, 原中国华融资产管理股份有限公司北京分公司,
时任平安财险商丘中支总经理) is cleaned (原 / 时任 / co-defendants / renamed-from notes removed), then
belongs to the group whose name or alias is its longest prefix. Anything unmapped keeps its own legal
name, stripped of branch parts and company suffixes, as its group, typed by the name patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from models.vocab.datafiles import DATA_DIR, VocabularyError, read_csv, split_list
from models.vocab.posts import cut_post_opening
from models.vocab.regions import province_names, province_of, strip_trailing_place
from models.vocab.slugs import slugify
from models.vocab.text import normalize, split_person

GROUPS_DIR = "groups"
# Longer input is cut: an institution's name and role never come near it, and the regular expressions
# below then stay fast on any text.
MAX_INSTITUTION = 200


@dataclass(frozen=True)
class InstitutionType:
    code: str
    zh: str
    en: str
    patterns: re.Pattern[str] | None  # for institutions missing from the group tables


@dataclass(frozen=True)
class BankGroup:
    name: str  # display name and penalty.bank_group: 中国农业银行, 中国平安财产保险
    short_name: str  # 农业银行, 平安财险
    type: str  # an institution type code
    slug: str  # /banks/{slug}/
    aliases: tuple[str, ...] = ()  # every other spelling that begins an institution's name
    legal_name: str = ""  # 中国农业银行股份有限公司
    province: str | None = None  # home province of a local institution; None for national ones


@dataclass(frozen=True)
class GroupMatch:
    """What an institution string resolves to."""

    group: str  # the group's display name, or the institution's stripped legal name
    institution_type: str
    curated: bool  # True when the group comes from the tables, False when derived from the name
    province: str | None = None  # the group's home province (local institutions only)


@cache
def load_institution_types() -> tuple[InstitutionType, ...]:
    rows = read_csv("institution_types.csv", required=("code", "zh", "en"))
    types = []
    for r in rows:
        try:
            pattern = re.compile(r["patterns"]) if r["patterns"] else None
        except re.error as exc:
            raise VocabularyError(f"institution_types.csv: {r['code']}: bad pattern: {exc}") from exc
        types.append(InstitutionType(r["code"], r["zh"], r["en"], pattern))
    if not any(t.code == "other" for t in types):
        raise VocabularyError("institution_types.csv: the 'other' type is required")
    return tuple(types)


def type_codes() -> list[str]:
    return [t.code for t in load_institution_types()]


@cache
def load_groups() -> tuple[BankGroup, ...]:
    """Every curated group, in file order (groups/banks.csv, insurance.csv, … by file name)."""
    codes = set(type_codes())
    provinces = set(province_names())
    groups: list[BankGroup] = []
    names: set[str] = set()
    for path in sorted((DATA_DIR / GROUPS_DIR).glob("*.csv")):
        relpath = f"{GROUPS_DIR}/{path.name}"
        for r in read_csv(relpath, required=("name", "type")):
            name = normalize(r["name"])
            if r["type"] not in codes:
                raise VocabularyError(f"{relpath}: {name}: unknown type {r['type']!r}")
            if r["province"] and r["province"] not in provinces:
                raise VocabularyError(f"{relpath}: {name}: unknown province {r['province']!r}")
            if name in names:
                raise VocabularyError(f"{relpath}: duplicate group {name!r}")
            names.add(name)
            groups.append(BankGroup(
                name=name,
                short_name=normalize(r["short_name"]) or name,
                type=r["type"],
                slug=r["slug"] or slugify(name),
                aliases=tuple(normalize(a) for a in split_list(r["aliases"])),
                legal_name=normalize(r["legal_name"]),
                province=r["province"] or None,
            ))
    slugs = [g.slug for g in groups]
    if len(set(slugs)) != len(slugs):
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        raise VocabularyError(f"groups: duplicate slugs {dupes}")
    return tuple(groups)


def group_by_name(name: str) -> BankGroup | None:
    return _by_name().get(normalize(name))


@cache
def _by_name() -> dict[str, BankGroup]:
    return {g.name: g for g in load_groups()}


# Short forms derived from a name, so the tables need not spell each one out.
_SHORTENINGS = (
    ("农村商业银行", ("农商银行", "农商行")),
    ("农村合作银行", ("农合行",)),
    ("农村信用合作联社", ("联社", "农联社", "信用联社", "农村信用联社", "农村信用社", "农信社")),
    ("农村信用联社", ("联社", "农联社", "农村信用合作联社")),
    ("财产保险", ("财险", "产险")),
    ("人寿保险", ("人寿",)),
    ("健康保险", ("健康",)),
    ("养老保险", ("养老",)),
    ("农业保险", ("农险",)),
    ("金融租赁", ("金租",)),
)


# The endings whose short forms are spelled out in the name of an institution in no table (子洲农商银行 is
# 子洲农村商业银行, as the labels spell it). The 联社 family is left as printed: 农村信用合作联社 and 农村信用联社 are
# both legal forms; 健康 / 养老 / 农险 end ordinary words or other names too.
_SPELLED_OUT_ENDINGS = frozenset({"农村商业银行", "农村合作银行", "财产保险", "人寿保险", "金融租赁"})
_SPELLED_OUT = tuple((short, legal) for legal, shorts in _SHORTENINGS if legal in _SPELLED_OUT_ENDINGS
                     for short in shorts)
# Names of a kind of institution and of no institution (人寿保险 out of the role 人寿保险滁州中支副总经理):
# a name derived from text that is one of them, 中国 before it or not, names no group.
_GENERIC = frozenset({"人寿保险", "财产保险", "健康保险", "养老保险", "农业保险", "相互保险", "保险", "寿险",
                      "银行", "商业银行", "农村商业银行", "农村合作银行", "村镇银行", "农村信用合作联社",
                      "农村信用联社", "信用合作联社", "农村信用社", "信用社", "联社", "信托", "金融租赁",
                      "消费金融", "汽车金融", "资产管理", "保险代理", "保险经纪", "保险公估"})


def spelled_out(name: str) -> str:
    """`name` with a short ending in its legal form: 解放农商银行 → 解放农村商业银行."""
    for short, legal in _SPELLED_OUT:
        if name.endswith(short) and not name.endswith(legal):
            return name[: -len(short)] + legal
    return name


def is_generic(name: str) -> bool:
    """Whether a derived name is only a kind of institution (人寿保险, 中国农村商业银行)."""
    return name.removeprefix("中国") in _GENERIC


def _derived_spellings(group: BankGroup) -> list[str]:
    """Short forms (农商行, 财险, 县联社 …), the name without its leading province or 中国, and
    without the 县 / 市 / 区 of its county (三原县联社 → 三原联社), when long enough."""
    bases = [group.name, group.short_name, *group.aliases]
    stems = list(bases)
    for base in bases:
        for prefix in ("中国", *province_names()):
            if base.startswith(prefix) and len(base) - len(prefix) >= 4:
                stems.append(base[len(prefix):])
    out = []
    for stem in stems:
        for ending, shorts in _SHORTENINGS:
            if stem.endswith(ending) and len(stem) > len(ending) + 1:
                head = stem[: -len(ending)]
                heads = [head]
                if head[-1] in "县市区" and len(head) >= 3:
                    heads.append(head[:-1])
                out += [h + short for h in heads for short in shorts]
    return [s for s in stems + out if s not in bases]


@cache
def _prefix_index() -> dict[str, BankGroup]:
    """Spelling → group. Explicit spellings (name, legal and short names, aliases) win; a derived
    spelling that two groups would share is ambiguous and dropped."""
    index: dict[str, BankGroup] = {}
    for group in load_groups():
        for spelling in (group.name, group.legal_name, group.short_name, *group.aliases):
            if spelling and len(spelling) >= 2:
                existing = index.setdefault(spelling, group)
                if existing is not group:
                    raise VocabularyError(
                        f"groups: {spelling!r} names both {existing.name!r} and {group.name!r}")
    derived: dict[str, set[str]] = {}
    for group in load_groups():
        for spelling in _derived_spellings(group):
            derived.setdefault(spelling, set()).add(group.name)
    by_name = _by_name()
    for spelling, owners in derived.items():
        if spelling not in index and len(owners) == 1 and len(spelling) >= 3:
            index[spelling] = by_name[next(iter(owners))]
    return index


@cache
def _max_key() -> int:
    return max(len(k) for k in _prefix_index())


# A role that points back at an institution named elsewhere in the notice (时任该公司总经理, 本行员工);
# 本溪 is a place.
_BACK_REFERENCE = re.compile(r"^(?:该|上述|本(?=公司|行|分行|支行|机构|单位|中心支公司|分公司))")
# A role that starts with a unit names no institution either (支公司经理, 公司业务部负责人).
_UNIT_ONLY = re.compile(r"^(?:中心支公司|支公司|分公司|公司|支行|分行|总行|营业部|营业室)")
# A person's name before a role in brackets, when more text follows the bracket (杨晓杰（时任…副经理）
# （主持工作）): split_person does not take such a cell apart.
_PERSON_BEFORE_ROLE = re.compile(r"^[\u4e00-\u9fff·]{2,5}\((?=时任|时为|现任|原任|曾任)")
# Where an institution's own name stops: co-defendants, renamed-from notes, responsible people.
_TAIL = re.compile(r"及|、|,|，|;|；|\(原|\(现|和其|和下属|以及|相关责任|责任人|等\d|等机构")
# Company suffixes and what stays of them (阳光农业相互保险公司 → 阳光农业相互保险).
_COMPANY = {"股份有限公司": "", "有限责任公司": "", "有限公司": "", "相互保险公司": "相互保险", "保险公司": "保险"}
_COMPANY_END = re.compile(r"(?:股份有限公司|有限责任公司|有限公司)")
# Local institutions whose name ends without a company suffix: the first of these ends the name.
_LOCAL_END = re.compile(
    r"(?:农村信用合作社联合社|信用合作社联合社|农村信用合作联社|信用合作联社|农村信用社联合社|信用社联合社|"
    r"农村信用联社|信用联社|农村信用合作社|农村信用社|村镇银行|农村商业银行|农村合作银行|农商银行|农商行|联社|资金互助社)"
)
# Other endings of a name given without company suffix or branch part (兰州银行会计结算部…).
_BARE_END = re.compile(r"(?:银行|信托|财险|产险|寿险|人寿|保险|联社|信用社)")
# Branch and office parts that follow an institution's name.
_BRANCH = re.compile(
    r"(?:分行|支行|分公司|中心支公司|支公司|中支|营业部|营业所|营业室|分理处|储蓄所|信用卡中心|"
    r"营销服务部|代理处|办事处|分社|信用分社|管理部|总部|总行|总公司|事业部)"
)
# Words that show a string names an institution at all (a bare role such as 行长 does not).
_INSTITUTIONAL = re.compile(
    r"银行|保险|公司|联社|联合社|合作社|信用社|农商行|信托|财险|产险|寿险|人寿|金融|资产管理|集团|代理|经纪|公估|互助社"
)


def clean_institution(text: str | None) -> str:
    """The institution part of a party cell or role, starting at the institution's name."""
    s = normalize(text)[:MAX_INSTITUTION].lstrip("([")  # a role in brackets of its own: （时任…）
    person = split_person(s)
    if person and not _INSTITUTIONAL.search(person[0]):
        s = person[1]
    s = _PERSON_BEFORE_ROLE.sub("", s)
    s = cut_post_opening(s)
    if _BACK_REFERENCE.match(s) or _UNIT_ONLY.match(s):
        return ""  # 该公司总经理, 支公司经理 name no institution: the notice's context says which
    s = _TAIL.split(s, maxsplit=1)[0]
    return s


def strip_legal_name(text: str) -> str:
    """The institution's own legal name without branch parts and company suffix:
    中国人民财产保险股份有限公司烟台市分公司 → 中国人民财产保险; 兴平市农村信用合作联社西城信用社 →
    兴平市农村信用合作联社; 中原银行平顶山分行 → 中原银行."""
    s = clean_institution(text)
    m = _COMPANY_END.search(s)
    if m:
        s = s[: m.start()]
    elif m := _LOCAL_END.search(s):
        s = s[: m.end()]
    else:
        b = _BRANCH.search(s)
        if b and b.start() > 1:
            s = strip_trailing_place(s[: b.start()])
        elif m := _BARE_END.search(s):
            s = s[: m.end()]
    for suffix, kept in _COMPANY.items():
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            return s[: -len(suffix)] + kept
    return s


def match_group(text: str | None) -> BankGroup | None:
    """The curated group whose name or alias is the longest prefix of the cleaned institution name."""
    found = _match_prefix(clean_institution(text))
    return found[0] if found else None


def match_prefix(cleaned: str) -> tuple[BankGroup, int] | None:
    """(group, length of the spelling that begins `cleaned`) for an already cleaned name (clean_institution):
    where the branch part of the name starts."""
    return _match_prefix(cleaned)


# An insurer's name at the head of an intermediary's (华泰保险 in 华泰保险经纪, 太平 in 太平保险代理): the
# intermediary is a company of its own, not a branch of the insurer.
_INTERMEDIARY_AFTER = re.compile(r"^(?:保险)?(?:经纪|代理|销售|公估)")


def _match_prefix(s: str) -> tuple[BankGroup, int] | None:
    index = _prefix_index()
    for n in range(min(len(s), _max_key()), 1, -1):
        group = index.get(s[:n])
        if group is not None:
            if group.type != "insurance-intermediary" and _INTERMEDIARY_AFTER.match(s[n:]):
                return None
            return group, n
    return None


@lru_cache(maxsize=65536)
def institution_province(text: str | None) -> str | None:
    """The province an institution's own name gives: a local group's home province, else the first
    place named after the group's name (中国人民财产保险股份有限公司烟台市分公司 → 山东; 永安财产保险…
    is not 福建's 永安), else the first place in the name."""
    s = clean_institution(text)
    found = _match_prefix(s)
    if found:
        group, length = found
        return group.province or province_of(s[length:])
    return province_of(s)


def type_of_name(name: str) -> str:
    """The institution type a name suggests (农村商业银行 → rural-commercial …), else 'other'."""
    for itype in load_institution_types():
        if itype.patterns is not None and itype.patterns.search(name):
            return itype.code
    return "other"


@lru_cache(maxsize=65536)
def group_of(text: str | None) -> GroupMatch | None:
    """(group, institution type) of an institution string, or None when it names no institution.

    >>> group_of("中国农业银行股份有限公司平舆县高杨店分理处").group
    '中国农业银行'
    """
    group = match_group(text)
    if group is not None:
        return GroupMatch(group.name, group.type, True, group.province)
    if not _INSTITUTIONAL.search(clean_institution(text)):
        return None
    name = spelled_out(strip_legal_name(text))
    if len(name) < 4 or is_generic(name):
        return None  # a fragment of a role (人寿保险滁州中支) is no group: the notice's context says which
    return GroupMatch(name, type_of_name(name), False, province_of(name))


def group_slug(name: str) -> str:
    """The /banks/ slug of a group name: the curated slug, else slugify(name)."""
    group = group_by_name(name)
    return group.slug if group else slugify(normalize(name))


def groups_path() -> Path:
    return DATA_DIR / GROUPS_DIR
