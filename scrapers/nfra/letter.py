"""Paragraph decisions (行政处罚决定书) that list their parties: one party per 当事人 block.

CBRC/CIRC and CBIRC-era decisions are prose: one or more party blocks (当事人 / 受处罚人 / 受处罚单位 /
被处罚人 / 单位名称 …, then 职务, 住所, 身份证号, 负责人 lines; read by letterparties.py), 经查 facts, 依据…,
the decision sentences (per party, sometimes per item and then 综上/合计), payment and appeal boilerplate,
the office and the date. The decision sentences are handed to the clause splitter (parties.assign) with the
listed parties, so each sanction goes to the party its sentence names.
"""

from __future__ import annotations

import re

from scrapers.nfra.letterparties import Block, complete_people, institutions_defined, party_blocks
from scrapers.nfra.parties import read_party_cell
from scrapers.nfra.records import Record
from scrapers.nfra.titleparty import title_parties

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
    r"决定|拟对|拟给予|拟作出|给予(?!了)|处以|予以|并处|如下处罚|处罚如下|作出[^。]{0,20}处罚|依据《|根据《|依照《|^对"
)

# Payment, appeal and procedure sentences: they mention 罚款 but order nothing.
_BOILERPLATE = re.compile(
    r"逾期|加处罚款|复议|诉讼|缴款|缴纳|缴至|划至|汇至|划款|汇缴|缴入|账户|账号|开户|户名|事先告知|陈述|申辩|听证"
    r"|送达|强制执行|不停止执行|拟作出|告知书|收到本|接到本|之日起"
)

# Words of payment or procedure that also name a violation (未按规定制作客户告知书, 未使用独立账户代收保险费,
# 未缴纳保证金): in the description of the violation, before its law or its decision, they are not boilerplate.
_VIOLATION_WORDS = re.compile(r"告知书|账户|账号|开户|户名|缴纳|缴款|缴入|缴至|划至|汇至|划款|汇缴")
_ORDER_START = re.compile(r"违反|根据|依据|依照|(?<!处罚)决定(?!书)")
_PROPOSED = re.compile(r"拟(?:决定|对|给予|作出|处)")  # the prior notice's proposal, recounted


def _boilerplate(sentence: str) -> bool:
    """Payment, appeal or procedure: its words anywhere, except words that also name a violation, which count
    only after the violation is described ('（五）你公司未按规定使用独立账户代收保险费的行为，违反了…，责令你公司
    改正，…处0.5万元罚款' orders a sanction, cc-0010; '款项划至下述账户' does not; '拟决定' never does)."""
    if _BOILERPLATE.search(sentence) is None:
        return False
    cut = _ORDER_START.search(sentence)
    if cut is None or _PROPOSED.search(sentence):
        return True
    head, tail = sentence[: cut.start()], sentence[cut.start() :]
    return _BOILERPLATE.search(tail) is not None or _BOILERPLATE.search(_VIOLATION_WORDS.sub("", head)) is not None


_SENTENCE = re.compile(r"[^。；;\n]+[。；;]?")

# 第四十八条规定：“…对直接负责的董事…给予警告，处五万元以上五十万元以下罚款；…” (cc-0403): the law quoted, its
# sentences what it allows, not what was decided.
_QUOTED_LAW = re.compile(r"(?<=规定)[：:]?\s*“[^“”]*”")

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

# The commission a local office's signature opens with, when the copy breaks the signature after it.
_PARENT_BODY = re.compile(r"^(?:中国)?[\u4e00-\u9fff]{0,12}(?:监督管理委员会|银保监会|银监会|保监会)$")

_HEADING_AUTHORITY = re.compile(
    r"^(?P<office>[\u4e00-\u9fff]{2,40}?(?:监管局|监管分局|银监局|银监分局|保监局|银保监局|银保监分局))行政处罚决定书"
)

# The letter's own number has 罚 in its prefix (津银监罚〔2011〕9号); 银发〔2014〕127号 is a cited document.
_DECISION_NO = re.compile(
    r"(?:(?<=决定书)|(?<![\u4e00-\u9fff]))[\u4e00-\u9fff]{0,10}罚[\u4e00-\u9fff]{0,3}[〔﹝\[【(（]\s*\d{4}\s*[〕﹞\]】)）]"
    r"\s*第?\s*\d+\s*号"
)

_BANNER = re.compile(r"按照|内容公布")

_DECIDED_BY = re.compile(
    r"^(?P<office>(?:中国)?[\u4e00-\u9fff]{2,40}?(?:监管局|监管分局|银监局|银监分局|保监局|银保监局|银保监分局))"
    r"于(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:依法)?作出"
)


def _title_blocks(title: str | None, lines: list[str]) -> list[Block]:
    """A disclosure (行政处罚信息披露（民太安…北京分公司、张野）, cc-0399) lists no party in its text, decides on
    each in turn and names them all in its title: one block per name there, when there are several and the
    text names each (a letter to one party is read by its salutation or its decision alone; 公开表 cells that
    name no one are read as such, their parties marked as the title's)."""
    cell = title_parties(title)
    listed = read_party_cell(cell).listed if cell else []
    text = "".join(lines)
    if len(listed) < 2 or not all(named.name in text for named in listed):
        return []
    for index, named in enumerate(listed):
        named.record = index
    return [Block(named) for named in listed]


def decision_sentences(lines: list[str]) -> list[str]:
    """The sentences that order a sanction: from the first that decides (决定…, 根据《…》对…给予…) on, every
    sentence with a sanction word that is not payment or appeal boilerplate."""
    chosen: list[str] = []
    deciding = False
    # A quoted article may run over several paragraphs ((一)…(五)…): cut before the text is split into lines.
    lines = _QUOTED_LAW.sub("", "\n".join(lines)).split("\n")
    for line in lines:
        if _DATE_LINE.match(line) or _AUTHORITY.match(line):
            continue
        if chosen and not chosen[-1].endswith("\n"):
            chosen[-1] += "\n"  # the paragraphs stay apart: a summing-up one is read as such
        line_sentences = _SENTENCE.findall(line)
        for sentence in line_sentences:
            sentence = sentence.strip()
            if not sentence or _boilerplate(sentence):
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
    sentence = _DECISION_LABEL.sub("", sentence.strip())
    if single:
        sentence = ADDRESSEE.sub("", sentence).lstrip("，,：: ")
    return sentence.strip()


# 行政处罚决定：责令…改正 (a 公开表 typed as paragraphs): the cell's label is not part of the decision.
_DECISION_LABEL = re.compile(r"^(?:行政处罚决定|行政处罚内容|处罚决定)\s*[：:]\s*")


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
    closing = [line.strip() for line in lines[-6:]]
    for index in range(len(closing) - 1, -1, -1):
        text = closing[index]
        if not date and _DATE_LINE.match(text):
            date = text
        elif not authority and _AUTHORITY.match(text):
            authority = text
            above = closing[index - 1] if index else ""
            if _PARENT_BODY.match(above) and not _PARENT_BODY.match(text):
                authority = above + text  # 中国保险监督管理委员会 / 北京监管局: one signature over two lines
    if not authority:
        for index, line in enumerate(lines[:3]):
            # The heading names the office, on the line of 行政处罚决定书 or alone above it.
            heading = _HEADING_AUTHORITY.search(line.replace(" ", "") + "".join(lines[index + 1 : index + 2]))
            if heading:
                authority = heading.group("office")
                break
    return authority, date


def read_letter(lines: list[str], title: str | None = None) -> Record | None:
    """The record of a decision letter that lists its parties in labelled blocks, or in its title when it
    has none and decides on several (None if it lists none)."""
    blocks, body_start = party_blocks(lines)
    if not blocks:
        blocks, body_start = _title_blocks(title, lines), 0
    if not blocks:
        return None
    body = lines[body_start:]
    sentences = decision_sentences(body)
    complete_people(blocks, lines, body_start)
    record = Record(listed=[block.named for block in blocks], institutions_named=institutions_defined(lines))
    single = len(blocks) == 1
    record.decision = (
        "".join(_trimmed(s.rstrip("\n"), single) + ("\n" if s.endswith("\n") else "") for s in sentences)
        .strip()
        .rstrip("。；;")
    )
    record.facts = _facts(body)
    bases = [m.group("basis").strip() for s in sentences for m in _BASIS.finditer(s)]
    record.basis = "；".join(dict.fromkeys(bases))
    heading = "\n".join(line for line in lines[:4] if not _BANNER.search(line))
    number = _DECISION_NO.search(heading)
    if number:
        # …于2018年10月17日作出京保监罚〔2018〕21号处罚决定: the number starts after 作出.
        record.decision_no = re.sub(r"\s+", "", number.group(0)).rpartition("作出")[2]
    record.authority, record.decided_on = _closing(lines)
    opening = _DECIDED_BY.match(lines[0]) if lines else None
    if opening:  # a disclosure opens with who decided when: X监管局于2018年10月17日作出…处罚决定
        record.authority = record.authority or opening.group("office")
        record.decided_on = record.decided_on or opening.group("date")
    record.legal_rep = next((b.legal_rep for b in blocks if b.legal_rep), "")
    return record


_ITEM_NUMBER = re.compile(
    r"^\s*(?:[（(](?P<bracketed>[一二三四五六七八九十]{1,3})[）)]|(?P<plain>[一二三四五六七八九十]{1,3})、)"
)
_DIGITS = "一二三四五六七八九"


def _numeral(text: str) -> int:
    """一 … 九十九 as a number."""
    tens, _, units = text.rpartition("十")
    value = (_DIGITS.index(tens) + 1 if tens else 1) * 10 if "十" in text else 0
    return value + (_DIGITS.index(units) + 1 if units else 0)


def items_out_of_order(lines: list[str]) -> str | None:
    """Paragraphs numbered 一、二、四、四、五 (cc-0075: item 三 lost, 四 printed twice): a copy with an item lost or
    repeated, whose sanctions cannot all be trusted. A list may start again at 一 (facts, then decisions)."""
    last: dict[str, tuple[int, str]] = {}
    for line in lines:
        match = _ITEM_NUMBER.match(line)
        if match is None:
            continue
        kind = "bracketed" if match.group("bracketed") else "plain"
        number, written = _numeral(match.group(kind)), match.group(kind)
        if kind in last and number not in (last[kind][0] + 1, 1):
            return f"paragraphs numbered {written} after {last[kind][1]}: an item lost or repeated in this copy"
        last[kind] = number, written
    return None
