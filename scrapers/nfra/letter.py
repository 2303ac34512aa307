"""Paragraph decisions (行政处罚决定书) that list their parties: one party per 当事人 block.

CBRC/CIRC and CBIRC-era decisions are prose: one or more party blocks (当事人 / 受处罚人 / 受处罚单位 /
被处罚人 / 单位名称 …, then 职务, 住所, 身份证号, 负责人 lines), 经查 facts, 依据…, the decision sentences
(per party, sometimes per item and then 综上/合计), payment and appeal boilerplate, the office and the date.
Each block becomes a listed party (its 职务 as role, "（以下简称…）" kept apart as the name the text uses
later); the decision sentences are handed to the clause splitter (parties.assign) with those parties, so
each sanction goes to the party its sentence names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scrapers.nfra import names
from scrapers.nfra.parties import Named, read_name
from scrapers.nfra.records import Record

_PARTY_LABEL = re.compile(
    r"^\s*(?:当事人|受处罚人|受处罚单位|受处罚机构|被处罚人|被处罚单位|被处罚机构|拟被处罚人|单位名称|机构名称)"
    r"(?:名称|姓名|全称)?\s*[：:]\s*(?P<value>\S.*)$"
)
# 京保监罚字[2008]14号受处罚机构：… — the 文号 glued before the first party label.
_LEADING_NUMBER = re.compile(
    r"^[\u4e00-\u9fff\[\]〔〕【】（）()\d\s]{2,30}?号\s*(?=当事人|受处罚|被处罚|拟被处罚)"
)
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

# Where the decision itself starts: after 作出如下行政处罚： / 本局决定： / 决定对你….
DECIDED = re.compile(
    r"(?:作出(?:如下|以下)(?:行政)?处罚(?:决定)?|(?:本局|我局|本分局|我分局|现)?(?<!处罚)决定(?!书))[：:，,]?"
)
ADDRESSEE = re.compile(
    r"^(?:对|给予)?(?:你单位|你公司|你行|你社|你|当事人|其)"
    r"(?=[^\u4e00-\u9fff]|给予|予以|处|罚|警告|禁|取消|撤销|吊销|没收|责令|并|终身|\d)"
)
_SANCTION = re.compile(
    r"罚款|警告|禁止|取消[^。]{0,40}任职资格|撤销[^。]{0,40}任职资格|吊销|没收|责令|停止接受|罚没|禁入"
)
_DECIDING = re.compile(
    r"决定|拟对|拟给予|拟作出|给予|处以|予以|并处|如下处罚|处罚如下|作出[^。]{0,20}处罚|依据《|根据《|依照《|^对"
)
# Payment, appeal and procedure sentences: they mention 罚款 but order nothing.
_BOILERPLATE = re.compile(
    r"逾期|加处罚款|复议|诉讼|缴款|缴纳|缴至|划至|汇至|划款|汇缴|缴入|账户|账号|开户|户名|事先告知|陈述|申辩|听证"
    r"|送达|强制执行|不停止执行|拟作出|告知书|收到本|接到本|之日起"
)
_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")
_FACTS_START = re.compile(r"经查|经检查|现查明|查明")
_BASIS = re.compile(r"(?:根据|依据|依照)(?P<basis>《[^。；]*?》[^。；，,]*?)(?:的规定|之规定|规定)?[，,]")
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零○OＯ一二三四五六七八九]{4})\s*年\s*[\d〇零○OＯ一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d〇零○OＯ一二三四五六七八九十]{1,4}\s*日\s*$"
)
_AUTHORITY = re.compile(
    r"^(?:中国)?[\u4e00-\u9fff]{0,30}(?:监管局|监管分局|监督管理总局|金融监管总局|银保监局|银保监分局|银监局|银监分局"
    r"|保监局|保监分局|银保监会|银监会|保监会|监督管理委员会|监管办事处)$"
)
_HEADING_AUTHORITY = re.compile(
    r"^(?P<office>[\u4e00-\u9fff]{2,40}?(?:监管局|监管分局|银监局|银监分局|保监局|银保监局|银保监分局))行政处罚决定书"
)
# The letter's own number has 罚 in its prefix (津银监罚〔2011〕9号); 银发〔2014〕127号 is a cited document.
_DECISION_NO = re.compile(
    r"(?:(?<=决定书)|(?<![\u4e00-\u9fff]))[\u4e00-\u9fff]{0,10}罚[\u4e00-\u9fff]{0,3}[〔\[【(（]\s*\d{4}\s*[〕\]】)）]"
    r"\s*第?\s*\d+\s*号"
)
_BANNER = re.compile(r"按照|内容公布")


@dataclass
class Block:
    named: Named
    legal_rep: str = ""
    lines: list[str] = field(default_factory=list)


# Labels glued to the name when the copy lost its line breaks (…天津分公司住所：天津市…).
_GLUED_LABEL = re.compile(
    r"(?:住所|住址|地址|营业场所|主要负责人|负责人|法定代表人|身份证|证件号|职务|性别|年龄|出生|工作单位|联系)[^：:]{0,6}[：:]"
)


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
    elif label in _WORKPLACE_LABELS and value and block.named.kind == "individual":
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


def decision_sentences(lines: list[str]) -> list[str]:
    """The sentences that order a sanction: from the first that decides (决定…, 根据《…》对…给予…) on, every
    sentence with a sanction word that is not payment or appeal boilerplate."""
    chosen: list[str] = []
    deciding = False
    for line in lines:
        if _DATE_LINE.match(line) or _AUTHORITY.match(line):
            continue
        if chosen and not chosen[-1].endswith("\n"):
            chosen[-1] += "\n"  # the paragraphs stay apart: a summing-up one is read as such
        line_sentences = _SENTENCE.findall(line)
        for sentence in line_sentences:
            sentence = sentence.strip()
            if not sentence or _BOILERPLATE.search(sentence):
                continue
            if not _SANCTION.search(sentence):
                if re.search(r"(?:决定|处罚)(?:如下)?[：:]$|如下(?:行政)?处罚(?:决定)?[：:]$", sentence):
                    deciding = True  # 作出如下行政处罚决定： — the sanction is in the next paragraph
                continue
            if deciding or _DECIDING.search(sentence):
                deciding = True
                chosen.append(sentence)
    return chosen


def trim_decision(sentence: str, single: bool) -> str:
    """A decision sentence from its last 'decided' phrase on (本局决定对当事人作出如下行政处罚：警告 → 警告);
    for a letter to one party, without its addressee too (对你单位罚款… → 罚款…)."""
    sanction = _SANCTION.search(sentence)
    if sanction is None:
        return sentence
    decided = [m for m in DECIDED.finditer(sentence, 0, sanction.start() + 1) if m.end() <= sanction.start()]
    if decided:
        sentence = sentence[decided[-1].end() :].strip()
    if single:
        sentence = ADDRESSEE.sub("", sentence).lstrip("，,：: ")
    return sentence.strip()


_PRONOUN_TARGET = re.compile(r"^(?:对)?(?:其|你)(?![公行单社])")


def _trimmed(sentence: str, single: bool) -> str:
    """trim_decision, except where the rest would say only 对其: the subject before it is the party."""
    if _SUMMING_UP.match(sentence):
        return sentence.strip()  # 综上，我局决定… / 合并上述处罚，…: kept whole, so it is read as a summing-up
    trimmed = trim_decision(sentence, single)
    return sentence.strip() if not single and _PRONOUN_TARGET.match(trimmed) else trimmed


_SUMMING_UP = re.compile(r"^\s*(?:综上|综合以上|综合上述|合并上述|合并)")


_FACTS_LEAD = re.compile(
    r"^(?:经查|经检查|现查明|查明)[，,：:]?(?:当事人存在(?:以下|如下)违法违规(?:行为|事实)[：:]|(?:你单位|你公司|你行|当事人))?"
)


def _facts(lines: list[str]) -> str:
    """From the first 经查 line to the first line that decides; the lead-in (经查，当事人存在以下…：) cut."""
    out: list[str] = []
    started = False
    for line in lines:
        if not started and _FACTS_START.search(line):
            started = True
        if not started:
            continue
        if _SANCTION.search(line) and _DECIDING.search(line) and not _FACTS_START.search(line):
            break
        out.append(line)
    if out:
        out[0] = _FACTS_LEAD.sub("", out[0]).strip()
    return "\n".join(line for line in out if line).rstrip("。")


def _closing(lines: list[str]) -> tuple[str, str]:
    """The office and the date from the closing lines (the date is often the last line alone)."""
    authority = date = ""
    for line in reversed(lines[-6:]):
        text = line.strip()
        if not date and _DATE_LINE.match(text):
            date = text
        elif not authority and _AUTHORITY.match(text):
            authority = text
    if not authority:
        for index, line in enumerate(lines[:3]):
            # The heading names the office, on the line of 行政处罚决定书 or alone above it.
            heading = _HEADING_AUTHORITY.search(line.replace(" ", "") + "".join(lines[index + 1 : index + 2]))
            if heading:
                authority = heading.group("office")
                break
    return authority, date


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
_ROLE_VERB = r"(?:作为|担任|系|(?=时任))"
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


_PAIRED_SHORTS = re.compile(
    r"(?P<fulls>[\u4e00-\u9fff（）()]{2,60}(?:、[\u4e00-\u9fff（）()]{2,60}){1,8})[（(]\s*(?:以下|下)(?:分别)?(?:简称|称)[：:]?"
    r"\s*(?P<shorts>[“\"][^）)]{1,80})[）)]"
)


def _post_in_text(person: Named, text: str, defined: dict[str, str]) -> tuple[str, str | None] | None:
    """A person's post as the facts state it (在你担任X负责人期间, 你作为时任X经理, 张三时任X负责人): the post
    and its institution, the full name where the text defined a short one."""
    pattern = re.compile(
        rf"(?:你|{re.escape(person.name)})[^，。；\n]{{0,24}}?{_ROLE_VERB}(?P<role>[^，。；\n]{{2,80}}?)"
        r"(?:期间|时|对|，|。|；|的|\n|$)"
    )
    before = re.compile(rf"作为(?P<role>[^，。；\n]{{2,40}}?)[，,](?:你|{re.escape(person.name)})")
    for match in [*pattern.finditer(text), *before.finditer(text)]:
        role = match.group("role").strip()
        if _NOT_A_POST.match(role):
            continue
        defined_inside = _NAMED_SHORT.search(role)
        if defined_inside:  # 担任上海首创保险代理有限公司（以下简称“首创代理”）负责人
            institution = _BEFORE_NAME.sub("", defined_inside.group("full")).strip()
            return _post(role[defined_inside.end() :]), institution or None
        role = _post(role)
        bare = role.removeprefix("时任")
        if bare.startswith("该") and len(defined) == 1:  # 你作为该公司总经理: the one institution defined
            return bare.lstrip("该公司行支分中心部社") or None, next(iter(defined.values()))
        for short, full in sorted(defined.items(), key=lambda item: -len(item[0])):
            if bare.startswith((short, full)):
                return role, full
        institution = names.institution_of(role)
        return role, defined.get(institution or "", institution) or None
    return None


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
    """A person's institution by its full name where the text defined the short one it was read as."""
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
        if named and named != only.name and names.ends_like_institution(named) and len(named) > 8 and not (
            only.short and only.short in named) and not only.name.startswith(named) and not named.startswith(only.name):
            continue  # the role names another institution in full
        person.institution = only.name


def read_letter(lines: list[str]) -> Record | None:
    """The record of a decision letter that lists its parties in labelled blocks (None if it lists none)."""
    blocks, body_start = party_blocks(lines)
    if not blocks:
        return None
    body = lines[body_start:]
    sentences = decision_sentences(body)
    _short_names_in_text(blocks, lines)
    _people_of_the_institution(blocks)
    _posts_from_facts(blocks, lines[body_start:])
    _full_institution_names(blocks, _definitions(lines))
    record = Record(listed=[block.named for block in blocks])
    single = len(blocks) == 1
    record.decision = "".join(
        _trimmed(s.rstrip("\n"), single) + ("\n" if s.endswith("\n") else "") for s in sentences
    ).strip().rstrip("。；;")
    record.facts = _facts(body)
    bases = [m.group("basis").strip() for s in sentences for m in _BASIS.finditer(s)]
    record.basis = "；".join(dict.fromkeys(bases))
    heading = "\n".join(line for line in lines[:4] if not _BANNER.search(line))
    number = _DECISION_NO.search(heading)
    if number:
        record.decision_no = re.sub(r"\s+", "", number.group(0))
    record.authority, record.decided_on = _closing(lines)
    record.legal_rep = next((b.legal_rep for b in blocks if b.legal_rep), "")
    return record
