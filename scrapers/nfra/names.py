"""Who a party is: a person (name, 时任… role, the institution the role names) or an institution.

The vocabulary (institution suffixes, role titles, aliases such as 该公司) is data: data/names.json.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models.vocab.posts import cut_post_opening

VOCAB_PATH = Path(__file__).with_name("data") / "names.json"

HAN = r"\u3400-\u9fff\uf900-\ufaff"
OPENERS = "（(〔[【<〈［"
CLOSERS = "）)〕]】>〉］"
_PAIRS = dict(zip(OPENERS, CLOSERS, strict=True))


@dataclass(frozen=True)
class Vocab:
    institution_suffix: re.Pattern[str]
    institution_end: re.Pattern[str]
    abbreviated_end: re.Pattern[str]
    institution_word: re.Pattern[str]
    head: re.Pattern[str]
    branch_end: re.Pattern[str]
    aliases: frozenset[str]
    conjunction_places: tuple[str, ...]
    group_words: tuple[str, ...]
    titles: tuple[str, ...]
    person_prefix: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@cache
def vocab() -> Vocab:
    data = json.loads(VOCAB_PATH.read_text(encoding="utf-8"))
    suffixes = _alternation(data["institution_suffixes"])
    specific = _alternation([w for w in data["institution_suffixes"] if w not in ("公司", "银行")])
    return Vocab(
        # A suffix followed by 部/处/卡… names a department (公司银行部, 银行卡部), not the institution's end; 部门
        # is any department of it (昌黎县农村信用合作联社部门经理, …汽车销售服务有限公司部门经理), unless the suffix is
        # a department's own (太保产险安徽分公司运营服务部部门负责人).
        # Tried at every position (a lookahead, so 城中支行 yields 中支 and 支行 and the longer end wins).
        # A bare 公司 before 业务部, 银行部…, a bare 银行 before 部: a department, not the name's end.
        institution_suffix=re.compile(
            rf"(?=((?:{specific})(?!部(?!门)|[处科室组卡条线])(?!(?<=部)部门)"
            rf"|公司(?!部(?!门)|业务|金融|客户|信贷|授信|机构|团体|个人|零售|营销|渠道|银行|管理部|[处科室])"
            # 银行保险部 is an insurer's department (…中心支公司银行保险部督导岗)
            rf"|银行(?!部|卡|保险)))"
        ),
        abbreviated_end=re.compile(rf"(?=({_alternation(data['abbreviated_institution_ends'])}))"),
        institution_end=re.compile(rf"(?:{suffixes})[）)]?$"),
        institution_word=re.compile(_alternation(data["institution_words"])),
        head=re.compile(r"^.*?(?:银行|公司|联社|农商行)(?:股份有限公司|有限责任公司|有限公司)?"),
        branch_end=re.compile(r"(?:中心支公司|分公司|支公司|分行|支行|营业部|营销服务部|营业所|分理处|储蓄所)$"),
        aliases=frozenset(data["alias_words"]),
        conjunction_places=tuple(data["places_starting_with_conjunction"]),
        group_words=tuple(sorted(data["group_words"], key=len, reverse=True)),
        titles=tuple(data["role_titles"]) + tuple(f"{t}）" for t in data["role_titles"]) + tuple(
            f"{t})" for t in data["role_titles"]
        ),
        person_prefix=re.compile(rf"^(?:{_alternation(data['person_prefixes'])})"),
    )


_PERSON = re.compile(rf"^(?:[{HAN}]{{2,4}}|[{HAN}]{{1,8}}[·•．.][{HAN}]{{1,10}}(?:[·•．.][{HAN}]{{1,10}})?)$")
_LATIN_PERSON = re.compile(r"^[A-Za-z][A-Za-z .'-]{1,40}$")


def is_person_name(text: str) -> bool:
    """A bare personal name: 2–4 Han characters, or a transcribed name with ·, with no institution word."""
    if _PERSON.match(text):
        return not vocab().institution_word.search(text) and text not in vocab().aliases and text[0] != "该"
    return bool(_LATIN_PERSON.match(text)) and " " in text


def is_institution(text: str) -> bool:
    return len(text) >= 3 and bool(vocab().institution_word.search(text)) and not is_person_name(text)


def ends_like_institution(text: str) -> bool:
    """…公司, …支行, …营业部 (a bracket may close it): the shape of a full institution name."""
    return bool(vocab().institution_end.search(text)) and not _NOT_A_NAME.search(text)


_NOT_A_NAME = re.compile(r"禁止|从事|进入|罚款|警告|给予|予以|处以|取消|责令|吊销|没收|终身")


def has_sanction_word(text: str) -> bool:
    """禁止, 罚款, 警告…: a 'name' holding one of these is a misread clause."""
    return bool(_NOT_A_NAME.search(text))


def is_alias(text: str) -> bool:
    """该公司, 机构, 其, 分公司…: a reference to an institution named elsewhere."""
    v = vocab()
    return text in v.aliases or (text.startswith("该") and 2 <= len(text) <= 7 and not is_person_name(text[1:]))


def is_group(text: str) -> str | None:
    """相关分支机构…: several unnamed institutions; returns the group word."""
    return next((word for word in vocab().group_words if text.endswith(word)), None)


_OPENER = re.compile(f"[{re.escape(OPENERS)}]")
_ANY_BRACKET = re.compile(f"[{re.escape(OPENERS + CLOSERS)}]")


def split_bracketed(text: str) -> tuple[str, str | None]:
    """'陈首伟（时任…）' → ('陈首伟', '时任…'); (text, None) unless a bracket opens after the name and runs
    to the end (天天有保（湖南）保险经纪服务有限公司 is a name with a bracket inside, not a name and a role)."""
    first = _OPENER.search(text, 1)
    if first is None:
        return text, None
    start = first.start()
    depth = 0
    for position in range(start, len(text)):
        char = text[position]
        if char in OPENERS:
            depth += 1
        elif char in CLOSERS:
            depth -= 1
            if depth == 0:
                rest = text[position + 1 :].strip()
                if rest.strip("".join(CLOSERS)):
                    # The bracket closes before the end: part of an institution's name, or a person's name with
                    # a second bracket (刘思敏（LIU SIMIN）（时任…）, 杨晓杰（时任…副经理）（主持工作）).
                    return _person_with_brackets(text[:start].strip(), text[start:])
                break
    inner = text[start + 1 :].strip()
    if inner and inner[-1] in CLOSERS:
        inner = inner[:-1]
    return text[:start].strip(), _unmatched_closers_cut(inner.strip()) or None


def _unmatched_closers_cut(text: str) -> str:
    """周建晶（时任…客户经理））: a closing bracket typed once too often is not part of the role."""
    while text and text[-1] in CLOSERS and sum(c in CLOSERS for c in text) > sum(c in OPENERS for c in text):
        text = text[:-1]
    return text


_BRACKET_GROUP = re.compile(r"[（(][^（）()]*[）)]")
_ROLE_OPENINGS = ("时任", "现任", "原任", "曾任", "原")
_LATIN_ONLY = re.compile(r"^[（(][A-Za-z .·-]+[）)]$")


def _person_with_brackets(name: str, brackets: str) -> tuple[str, str | None]:
    """A person's name followed by bracket groups: the role is the first group that is not the name in Latin
    letters, with the groups right after it (（主持工作）); text after the groups (a note typed into the cell)
    is left out. Anything else before the brackets is an institution's name, kept whole."""
    if not is_person_name(name):
        return name + brackets, None
    groups: list[str] = []
    position = 0
    for match in _BRACKET_GROUP.finditer(brackets):
        if match.start() != position and brackets[position : match.start()].strip():
            break
        position = match.end()
        if not groups and _LATIN_ONLY.match(match.group(0)):
            continue  # 刘思敏（LIU SIMIN）: the name again
        groups.append(match.group(0))
    role = (groups[0][1:-1] + "".join(groups[1:])).strip() if groups else ""
    bare = _BRACKET_GROUP.sub("", role)
    if not (role.startswith(_ROLE_OPENINGS) or bare.endswith(vocab().titles)):
        return name + brackets, None  # 天天有保（湖南）保险经纪…: a bracket inside an institution's name
    return name, role


# Where a role of several posts goes on to the next (…黄岚支行外勤副行长、高村支行外勤副行长; …副总经理兼…支公司经理).
_NEXT_POST = re.compile(r"[、，,；;]\s*(?:兼任|兼)?|兼任|兼|及")
_TRAILING_BRACKETS = re.compile(r"(?:[（(][^（）()]*[）)])+$")


def _posts(text: str) -> list[str]:
    """A role cut into its posts, at a separator that follows a title (and its （主持工作）)."""
    titles = vocab().titles
    posts: list[str] = []
    start = 0
    for match in _NEXT_POST.finditer(text):
        before = _TRAILING_BRACKETS.sub("", text[start : match.start()])
        if before.endswith(titles):
            posts.append(text[start : match.start()])
            start = match.end()
    posts.append(text[start:])
    return posts


def institution_of(role: str) -> str | None:
    """The institution a role names: 时任X银行Y支行副行长 → X银行Y支行 (or an alias such as 该公司); of a role of
    several posts, the first post's that names one."""
    return next(filter(None, map(_institution_of_post, _posts(role.strip()))), None)


def _institution_of_post(text: str) -> str | None:
    v = vocab()
    text = cut_post_opening(text.strip())
    end = max((match.start() + len(match.group(1)) for match in v.institution_suffix.finditer(text)), default=0)
    if end < 2:  # no full name: an abbreviation (新华保险, 马上消费金融), the first, before the department
        # …金融部 / …保险部 is a department (时任结构金融部副总经理), not the end of an abbreviation.
        end = min((match.start() + len(match.group(1)) for match in v.abbreviated_end.finditer(text)
                   if not text.startswith("部", match.start() + len(match.group(1)))), default=0)
    if end < 3:
        return None
    name = text[:end].strip("，,、 ")
    # 个人保险代理人: an individual agent; 银行保险业务发展部经理: a line of business (bancassurance); no institution.
    return name if len(name) >= 2 and not name.startswith(("个人", "银行保险")) else None


_TITLE_JOINS = "、，,及和兼 "


def named_before_titles(role: str) -> str:
    """A role without its opening word (时任, 原…) and the titles it ends with: what it names the post of
    (原风岗一社理事长、主任 → 风岗一社, 时任该公司车险部负责人 → 该公司车险部, 时任支行负责人 → 支行)."""
    text = cut_post_opening(role.strip())
    text = re.sub(r"[（(][^（）()]*[）)]$", "", text)
    titles = sorted(vocab().titles, key=len, reverse=True)
    while True:
        text = text.rstrip(_TITLE_JOINS)
        title = next((t for t in titles if text.endswith(t)), None)
        if title is None:
            return text
        text = text[: -len(title)]


def opening_alias(text: str) -> str | None:
    """The alias a text opens with (该公司车险部 → 该公司), or that it is (支行): the institution named elsewhere."""
    words = [w for w in vocab().aliases if text == w or (w.startswith("该") and text.startswith(w))]
    return max(words, key=len) if words else None


def role_and_name(text: str) -> tuple[str, str] | None:
    """'时任该公司综合部负责人李云霞' → ('时任该公司综合部负责人', '李云霞'); None if it is not that shape."""
    titles = vocab().titles
    for size in (2, 3, 4):
        if len(text) <= size:
            break
        role, name = text[:-size], text[-size:]
        if is_person_name(name) and role.endswith(titles):
            return role, name
    dot = max(text.rfind("·"), text.rfind("•"))
    if dot > 0:  # 迪丽努尔·玉荪 after a title
        for start in range(max(dot - 8, 0), dot):
            role, name = text[:start], text[start:]
            if is_person_name(name) and role.endswith(titles):
                return role, name
    return None


def head_of(institution: str) -> str | None:
    """The legal entity at the start of a branch name: 华夏银行股份有限公司广州分行 → 华夏银行股份有限公司."""
    match = vocab().head.match(institution)
    return match.group(0) if match else None


def is_relative_branch(item: str) -> bool:
    """'佛山分公司' after '安盛天平财产保险有限公司广东分公司、…': a branch named without its company."""
    # 农行三亚分行 names its bank by the short form (docId 1243151): not a branch of the company before it.
    return bool(vocab().branch_end.search(item)) and not re.search(
        r"股份有限公司|有限责任公司|有限公司|银行|联社|农商行|总公司|保险|人寿|财险|寿险"
        r"|^(?:农发|农|工|建|中|交|招)行", item
    )


def subsequence(short: str, long: str) -> bool:
    """Every character of short appears in long in order (祁阳农商行 in 湖南祁阳农村商业银行股份有限公司)."""
    position = 0
    for char in short:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


@cache
def _separator_pattern(separators: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(separators)}]")


def split_top_level(text: str, separators: str) -> list[str]:
    """Split on separators outside brackets (a role in （…） may itself contain 、)."""
    if not _ANY_BRACKET.search(text):  # the common case, at C speed
        return [part.strip() for part in _separator_pattern(separators).split(text) if part.strip()]
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in _PAIRS:
            depth += 1
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and char in separators:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]
