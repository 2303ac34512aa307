"""The parties of a paragraph decision (行政处罚决定书): one per 当事人 block, with what the text says of them.

A block is a party label line (当事人 / 受处罚人 / 受处罚单位 / 被处罚人 / 单位名称 …) and the lines under it
(职务, 住所, 身份证号, 负责人). The name is cleaned ('（以下简称…）' kept apart as the name the text uses later,
labels glued to it cut off); a person's post and institution come from the block, else from the facts
(在你担任…期间, 你作为时任…), with short names the text defines given in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers.nfra import names
from scrapers.nfra.parties import Named, read_name

_PARTY_LABEL = re.compile(
    r"^\s*(?:当事人|受处罚人|受处罚单位|受处罚机构|被处罚人|被处罚单位|被处罚机构|拟被处罚人|单位名称|机构名称)"
    r"(?:名称|姓名|全称)?\s*[：:]\s*(?P<value>\S.*)$"
)

# 京保监罚字[2008]14号受处罚机构：… — the 文号 glued before the first party label.
_LEADING_NUMBER = re.compile(r"^[\u4e00-\u9fff\[\]〔〕【】（）()\d\s]{2,30}?号\s*(?=当事人|受处罚|被处罚|拟被处罚)")

_FIELD_LINE = re.compile(r"^\s*(?P<label>[^：:，。,]{1,12})[：:]\s*(?P<value>.*)$")

_ROLE_LABELS = ("职务", "现任职务", "原职务", "时任职务", "职位", "任职", "岗位")

_WORKPLACE_LABELS = ("工作单位", "单位", "任职单位", "所在单位", "工作单位地址")

_LEGAL_REP = re.compile(r"负责人|法定代表人|主要负责人")

# 刘莹，女，身份证号…，时任…: the pieces after a name in one line
_ROLE_PIECE = re.compile(r"^(?:时任|现任|原任|曾任|原系|系|职务[：:]?)")

_ROLE_LEAD = re.compile(r"^(?:原系|系|职务[：:]?)")  # 时任/现任 are part of the role

_SHORT_NAME = re.compile(
    r"[（(]\s*(?:以下|下)(?:简称|称)[：:]?\s*[“\"「『']?(?P<short>[^”\"」』'）)]{1,30})[”\"」』']?\s*[）)]"
)

_ID_NOTE = re.compile(r"[（(][^（）()]*(?:身份证|证件|号码)[^（）()]*[）)]")

# Where the party blocks end: the first line of the procedure, the facts or the decision.
_BODY_START = re.compile(
    r"^(?:依据|根据|依照|经查|经检查|我局|本局|我分局|本分局|一、|二、|[(（]一[)）]|现查明|现已查明|近期|\d{4}年)"
)


@dataclass
class Block:
    named: Named
    legal_rep: str = ""
    lines: list[str] = field(default_factory=list)


# Labels glued to the name when the copy lost its line breaks (…天津分公司住所：天津市…). Nothing but
# the label's own words lies between it and its colon: in 时任…临时负责人，身份证号码：… the 负责人 is the post.
_GLUED_LABEL = re.compile(
    r"(?:住所|住址|地址|营业场所|主要负责人|负责人|法定代表人|身份证|证件号|职务|性别|年龄|出生|工作单位|联系)[^：:，,。；;]{0,6}[：:]"
)

_BARE_LABEL = re.compile(r"年龄|性别|出生")
_NOT_A_POST_PIECE = re.compile(r"身份证|证件|性别|[男女]$|年龄|出生|民族|住址|住所|地址|电话|\d")


def _is_post(piece: str) -> bool:
    """时任…, 职务：…, or a piece ending in a title (中国太平洋人寿…贵港中心支公司副总经理)."""
    if _ROLE_PIECE.match(piece):
        return True
    return not _NOT_A_POST_PIECE.search(piece) and piece.endswith(names.vocab().titles)


def _clean_name(value: str) -> tuple[str, str | None, str | None]:
    """Name, the short name the text uses later, and a role stated in the same line."""
    glued = _GLUED_LABEL.search(value, 2)
    if glued:
        rest = value[glued.start() :]
        value = value[: glued.start()]
        role = re.match(r"职务[：:]\s*(?P<role>[^，,；;\s]+)", rest)
        if role:
            value = f"{value}，{role.group('role')}" if role.group("role").startswith(("时任", "现任")) else value
    value = re.sub(r"^\s*(?:名称|姓名|全称)\s*[：:]", "", value)  # 受处罚机构：名称：…
    bare = _BARE_LABEL.search(value, 2)
    if bare:  # 受处罚人：姓名杨俊国年龄 33 性别男 (a form's underlined blanks, the labels left without colons)
        value = re.sub(r"^\s*姓名", "", value[: bare.start()])
    short = _SHORT_NAME.search(value)
    value = _SHORT_NAME.sub("", value)
    value = _ID_NOTE.sub("", value)
    pieces = [p.strip() for p in re.split(r"[，,；;]|\s+", value.strip()) if p.strip()]
    name = pieces[0] if pieces else value.strip()
    role = next((_ROLE_LEAD.sub("", p).strip() or None for p in pieces[1:] if _is_post(p)), None)
    name = re.sub(r"\s+", "", name).strip("。.：: ")
    return name, (short.group("short").strip() if short else None), role


def _read_block_line(block: Block, line: str) -> None:
    match = _FIELD_LINE.match(line)
    if not match:
        return
    label, value = match.group("label").strip(), match.group("value").strip()
    if label in _ROLE_LABELS and value:
        block.named.role = value
        institution = names.institution_of(value)
        if institution:
            block.named.institution = institution
    elif label in _WORKPLACE_LABELS and names.is_institution(value) and block.named.kind == "individual":
        # 工作单位地址：石阡县汤山镇河西街446号 (cc-0409) is where the workplace is, not which it is; the same label
        # holds 中国人民财产保险股份有限公司务川…支公司 elsewhere.
        block.named.institution = value
    elif _LEGAL_REP.search(label) and block.named.kind == "institution":
        block.legal_rep = value


def party_blocks(lines: list[str]) -> tuple[list[Block], int]:
    """The party blocks and the index of the first line after them."""
    blocks: list[Block] = []
    end = 0
    for index, line in enumerate(lines):
        match = _PARTY_LABEL.match(_LEADING_NUMBER.sub("", line, count=1))
        if match:
            name, short, role = _clean_name(match.group("value"))
            named = read_name(name) if name else None
            if named is None:
                continue
            if named.kind == "individual" and role:
                named.role = role
                named.institution = names.institution_of(role) or named.institution
            named.short = short
            named.record = len(blocks)
            blocks.append(Block(named))
            end = index + 1
        elif blocks:
            if _BODY_START.match(line) or len(line) > 80:
                break
            _read_block_line(blocks[-1], line)
            end = index + 1
    return blocks, end


_NAMED_SHORT = re.compile(
    r"(?P<full>[\u4e00-\u9fff（）()]{2,60}?)[（(]\s*(?:以下|下)(?:简称|称)[：:]?\s*[“\"「『']?"
    r"(?P<short>[^”\"」』'）)]{1,30})[”\"」』']?\s*[）)]"
)


def _defines(line: str) -> bool:
    """The line gives a short name (以下简称 / 下称): only such lines are searched for one."""
    return "简称" in line or "下称" in line


def _short_names_in_text(blocks: list[Block], lines: list[str]) -> None:
    """The short names the text gives a listed institution after its blocks ('对中国大地…南宁中心支公司（以下
    简称“大地南宁中支”）进行了现场检查')."""
    for line in filter(_defines, lines):
        for match in _NAMED_SHORT.finditer(line):
            full = match.group("full")
            for block in blocks:
                named = block.named
                if named.kind == "institution" and not named.short and full.endswith(named.name):
                    named.short = match.group("short").strip()


# Where a short name's full form starts: after the verb or particle before it (在你担任X（以下简称…）).
_BEFORE_NAME = re.compile(r".*(?:担任|对|为|在|经查|与|向|是|系|由|任|，|,|：|:|。)")

_ROLE_VERB = r"(?:作为|担任|系|(?<![责担])任(?![职何命意务期])|(?=时任))"

_NOT_A_POST = re.compile(r"^(?:直接|主要|主管|负有|其他|相关|该行为|上述)")


def _definitions(lines: list[str]) -> dict[str, str]:
    """Short name → full name, from every '（以下简称“…”）' of the text."""
    found: dict[str, str] = {}
    for line in filter(_defines, lines):
        for match in _PAIRED_SHORTS.finditer(line):
            # 阳光财产保险股份有限公司宿迁中心支公司、…沭阳支公司（以下简称“阳光财险宿迁中支”、“阳光财险沭阳支公司”）
            fulls = match.group("fulls").split("、")
            shorts = re.findall(r"[“\"]([^”\"]{1,30})[”\"]", match.group("shorts"))
            if len(shorts) == len(fulls) > 1:
                for short, full in zip(shorts, fulls, strict=True):
                    full = _BEFORE_NAME.sub("", full).strip()
                    if names.ends_like_institution(full):
                        found.setdefault(short.strip(), full)
        for match in _NAMED_SHORT.finditer(line):
            full = _BEFORE_NAME.sub("", match.group("full")).strip()
            if names.ends_like_institution(full):
                found.setdefault(match.group("short").strip(), full)
    return found


def institutions_defined(lines: list[str]) -> tuple[str, ...]:
    """The institutions a letter names in full with a short name for later (我局对阳光财产保险股份有限公司上海市分公司
    （以下简称“阳光上分”）涉嫌违法一案…)."""
    return tuple(dict.fromkeys(_definitions(lines).values()))


_PAIRED_SHORTS = re.compile(
    r"(?P<fulls>[\u4e00-\u9fff（）()]{2,60}(?:、[\u4e00-\u9fff（）()]{2,60}){1,8})[（(]\s*(?:以下|下)(?:分别)?(?:简称|称)[：:]?"
    r"\s*(?P<shorts>[“\"][^）)]{1,80})[）)]"
)


def _post_in_text(person: Named, text: str, defined: dict[str, str]) -> tuple[str, str | None] | None:
    """A person's post as the facts state it (在你担任X负责人期间, 你作为时任X经理, 张三时任X负责人): the post
    and its institution, the full name where the text defined a short one."""
    pattern = re.compile(
        rf"(?:你|{re.escape(person.name)})[^，,。；;\n]{{0,24}}?{_ROLE_VERB}(?P<role>[^，,。；;\n]{{2,80}}?)"
        # 时 ends it (你作为X时), not 时任 (你作为该公司营业总部时任负责人, cc-0108)
        r"(?:期间|时(?!任)|对|涉嫌|至今|[，,。；;]|的|\n|$)"
    )
    before = re.compile(rf"作为(?P<role>[^，。；\n]{{2,40}}?)[，,](?:你|{re.escape(person.name)})")
    # 时任国寿北分副总经理张松山（身份证号：…），是… / 民太安公估北分工作人员张野（…）是… (cc-0398, cc-0399): the post
    # printed before the name, opening its sentence or clause.
    titled = re.compile(
        rf"(?:^|(?<=[。；，,\n]))(?P<role>[^，。；,\n（(]{{2,40}}?){re.escape(person.name)}(?=[（(，,是])", re.M
    )
    titled_matches = [m for m in titled.finditer(text) if m.group("role").endswith(names.vocab().titles)]
    for match in [*pattern.finditer(text), *before.finditer(text), *titled_matches]:
        role = _through_de(match, text)
        if _NOT_A_POST.match(role):
            continue
        defined_inside = _NAMED_SHORT.search(role)
        if defined_inside:  # 担任上海首创保险代理有限公司（以下简称“首创代理”）负责人
            institution = _BEFORE_NAME.sub("", defined_inside.group("full")).strip()
            return _post(role[defined_inside.end() :]), institution or None
        role = _post(role)
        bare = role.removeprefix("时任")
        if bare.startswith(_THAT_INSTITUTION):  # 你作为该公司总经理 / 你任该公司副总经理（主持工作）
            post = post_after_that_institution(bare)
            if len(defined) == 1:
                return post, next(iter(defined.values()))
            return post, _institution_found(text)
        for short, full in sorted(defined.items(), key=lambda item: -len(item[0])):
            if bare.startswith((short, full)):
                return role, full
        institution = names.institution_of(role)
        return role, defined.get(institution or "", institution) or None
    return None


_DE_TAIL = re.compile(r"[^，。；\n]{1,20}?(?=[，,。；\n]|$)")


def _through_de(match: re.Match[str], text: str) -> str:
    """The role a match read, on through a 的 that ends it when the title comes after (赵凯作为主持全面工作的理事长，
    cc-0349): the 的 that ends a role elsewhere (你作为X的…) is a possessive."""
    role = match.group("role").strip()
    if not match.group(0).endswith("的") or role.endswith(names.vocab().titles):
        return role
    tail = _DE_TAIL.match(text, match.end())
    longer = f"{role}的{tail.group(0)}" if tail else role
    return longer if longer.endswith(names.vocab().titles) else role


# A 公开表's 案由 opening with the post, its subject the party (在担任龙门县农村合作社联合社主任期间违规发放…, cc-0333).
_SUBJECTLESS_POST = re.compile(r"^在?担任")


def post_in_facts(person: Named, facts: str) -> tuple[str | None, str | None] | None:
    """A person's post and institution as a table row's facts state them (赵凯作为主持全面工作的理事长，…), or as
    they print it before the name (原大龙口信用社主任王志强参与民间借贷，…, cc-0366)."""
    if _SUBJECTLESS_POST.match(facts):
        facts = person.name + facts
    return _post_in_text(person, facts, _definitions([facts])) or _post_before_name(person, facts)


def _post_before_name(person: Named, facts: str) -> tuple[str, str | None] | None:
    """The post printed before the name, opening a clause and ending in a title (官屯信用社主任刘赟归集…)."""
    pattern = re.compile(
        rf"(?:^|(?<=[。；;，,\n：:)）]))\s*(?P<role>[^，,。；;\n：:()（）\s]{{2,40}}?){re.escape(person.name)}"
    )
    for match in pattern.finditer(facts):
        role = match.group("role")
        if role.endswith(names.vocab().titles) and not names.has_sanction_word(role):
            return role, names.institution_of(role)
    return None


_THAT_INSTITUTION = ("该中心支公司", "该分公司", "该支公司", "该公司", "该分行", "该支行", "该行", "该社", "该联社")


def post_after_that_institution(role: str) -> str | None:
    """The post of a role that names its institution as 该公司 / 该行 (the said one, named elsewhere): 该行董事长 →
    董事长; the role itself when it does not open so, None when nothing follows."""
    word = next((w for w in _THAT_INSTITUTION if role.startswith(w)), None)
    return role if word is None else role.removeprefix(word) or None


_FOUND = re.compile(
    r"经查[，,：:]?(?P<name>[\u4e00-\u9fff（）()]{4,40}(?:分公司|支公司|营业部|分行|支行|联社|公司))"
    r"(?=自|于|在|存在|未|[，,的从将]|违规|\d)"
)


def _institution_found(text: str) -> str | None:
    """The institution the facts open with (经查，阳光人寿保险股份有限公司天津分公司自…): what 该公司 refers to."""
    match = _FOUND.search(text)
    return match.group("name") if match and names.ends_like_institution(match.group("name")) else None


def _post(text: str) -> str | None:
    """A post without the words around it: 北京东路营销服务部分区经理职务 → …分区经理."""
    return text.strip().removesuffix("职务").strip() or None


def _posts_from_facts(blocks: list[Block], lines: list[str]) -> None:
    """People whose block states no post: the post the facts give them."""
    text = "\n".join(lines)
    defined = _definitions(lines)
    for block in blocks:
        person = block.named
        if person.kind != "individual" or person.role:
            continue
        post = _post_in_text(person, text, defined)
        if post is None:
            continue
        person.role, institution = post
        if institution and not person.institution:
            person.institution = institution


def _full_institution_names(blocks: list[Block], defined: dict[str, str]) -> None:
    """A person's institution by its full name where the text defined the short one it was read as (a short
    form the text does not define is completed by assemble, from the full name the facts print)."""
    for block in blocks:
        person = block.named
        if person.kind != "individual" or not person.institution:
            continue
        institution = re.split(r"[（(]\s*(?:以下|下)(?:简称|称)", person.institution)[0].strip()
        person.institution = defined.get(institution, institution) or None


def _people_of_the_institution(blocks: list[Block]) -> None:
    """With one institution among the parties, its people belong to it: the role names it by its short name
    or not at all (时任分公司总经理, 时任太平产险天分副总经理), unless the role names another institution in full."""
    institutions = [block.named for block in blocks if block.named.kind == "institution"]
    if len(institutions) != 1:
        return
    only = institutions[0]
    for block in blocks:
        person = block.named
        if person.kind != "individual":
            continue
        named = person.institution
        if (
            named
            and named != only.name
            and names.ends_like_institution(named)
            and len(named) > 8
            and not (only.short and only.short in named)
            and not only.name.startswith(named)
            and not named.startswith(only.name)
        ):
            continue  # the role names another institution in full
        person.institution = only.name


def complete_people(blocks: list[Block], lines: list[str], body_start: int) -> None:
    """What the rest of the text says of the listed parties: the short names it gives them, people's
    institution and post."""
    _short_names_in_text(blocks, lines)
    _people_of_the_institution(blocks)
    _posts_from_facts(blocks, lines[body_start:])
    _full_institution_names(blocks, _definitions(lines))
