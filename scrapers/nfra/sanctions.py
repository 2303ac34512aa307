"""The sanctions of one decision text: fine, confiscation, warning, bans and the other measures.

`parse_sanctions` reads the decision of ONE party (or a group of parties named together: see
parties.py for splitting a multi-party decision first). It never raises on any string.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import Decimal

from models.record import Measure
from scrapers.nfra.amounts import Money, find_money
from scrapers.nfra.textnorm import ascii_digits, small_number

# The word first, then a look back for its negation: a literal start lets the scan skip ahead at C speed.
_FINE_WORD = re.compile(r"罚[款金](?<!不予罚.)(?<!免予罚.)(?<!免于罚.)(?<!不给予罚.)(?<!免除罚.)")
_FINE_BEFORE = re.compile(r"(?:罚款|罚金|罚)[^没]{0,12}$|(?:^|[并予以])处(?:以)?[^没]{0,4}$")
_FINE_AFTER = re.compile(r"^\s*(?:的)?(?:罚款|罚金)")
_TOTAL = re.compile(r"合计|共计|总计|总额|合并")
# 处以五万元以上三十万元以下的罚款: a range the law allows, quoted, not a sanction.
_RANGE_AFTER = re.compile(r"\s*(?:以上|以下|以内|至)")


def restated_total(amounts: list[int]) -> bool:
    """Three or more figures of which the last is the sum of the others: the text sums its items up
    (罚款50万元…30万元…10万元…处以罚款90万元)."""
    return len(amounts) >= 3 and amounts[-1] == sum(amounts[:-1])
_WARNING = re.compile(r"警告(?<!不予警告)(?<!免予警告)(?<!免于警告)(?<!不给予警告)")
_EACH = re.compile(r"分别|各(?:处|罚|给予)|每人")
# Where one measure ends and the next begins inside a sentence: a comma, or 并/、/及 before a sanction verb.
_MEASURE_SPLIT = re.compile(
    r"[，,；;。\n]|(?:并|、|及|和|同时)(?=(?:处以?|给予|予以)?(?:取消|禁止|撤销|吊销|责令|罚款|没收|警告|停止|暂停|限制|终身))"
)
# Not a date's year or month (停业日期自2008年2月14日…): the figure stands alone.
_DURATION = re.compile(
    r"(?<![\d〇零○])(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>年|个月|月)(?!\d{1,2}日)"
)
_BAN = re.compile(r"禁止|禁业|禁入|市场禁入")
# The gaps ({0,100}: real ones are under 30 characters) are bounded, or a clause of thousands of 责令 with
# no 停止 after them would be scanned to its end once per 责令 (quadratic time).
# 取消高级管理人员资格终身 (cc-0265) names the qualification by the post, without 任职.
_DISQUALIFY = re.compile(
    r"(?:取消|撤销)[^，,。；;]{0,100}?(?:任职|高级管理人员|高管人员|董事|监事)资格|任职资格[^，,。；;]{0,6}(?:取消|撤销)"
)
_SUSPEND = re.compile(
    r"停止接受[^，,。；;]{0,100}?业务|停止[^，,。；;]{0,30}?接受[^，,。；;]{0,60}?业务|停止[^，,。；;]{0,10}新业务"
    r"|停业整顿|停业(?!日期|期间|时间)|暂停[^，,。；;]{0,100}?业务"
)
_REVOKE = re.compile(r"吊销[^，,。；;]{0,100}?(?:许可证|执照)|撤销[^，,。；;]{0,100}?许可证")
# 责令改正 / 责令该公司限期整改 / 责令中国人民人寿保险股份有限公司九江中心支公司改正: the party may be named
# between the verb and the order (up to a full branch name), but not another order (责令撤换…并整改 is other).
_RECTIFY = re.compile(
    r"责令(?:(?!停止|暂停|撤换|调整|辞退|限制)[\u4e00-\u9fff（）()]){0,40}?(?:限期)?(?:改正|整改|纠正)"
)
_OTHER = re.compile(
    r"通报批评|纪律处分|限制[^，,。；;]{0,100}?业务|责令[^，,。；;]{0,100}?(?:撤换|调整|辞退|停止)"
    r"|撤销[^，,。；;]{0,100}?(?:机构|资格)"
    # 吊销你《保险代理从业人员资格证书》 (cc-0008): a person's certificate, not an institution's licence
    r"|吊销[^，,。；;]{0,100}?(?:资格证书|资格证|执业证书|执业证)"
)
# Characters every measure other than a fine or a warning starts with: a text without them has none.
_MEASURE_HINT = re.compile(r"[取撤禁吊停暂责限通纪罚]")
_MEASURE_START = re.compile(r"取消|撤销|责令|吊销|停止|暂停|限制|通报|停业")


@dataclass
class Sanctions:
    fine_yuan: int | None = None
    confiscated_yuan: int | None = None
    warning: bool = False
    ban_years: int | None = None
    ban_lifetime: bool = False
    measures: list[Measure] = field(default_factory=list)
    fine_mentioned: bool = False  # the text orders a 罚款 (whether or not an amount was found)
    fine_total: bool = False  # the fine was stated as a total (合计/共计)
    fine_each: bool = False  # 分别: the same figure for each party named together
    forfeiture_total: int | None = None  # 罚没合计: fine and confiscation as one sum
    fine_items: list[int] = field(default_factory=list)  # the fines stated one by one (not as a total)

    @property
    def any(self) -> bool:
        return bool(
            self.fine_yuan is not None
            or self.confiscated_yuan is not None
            or self.warning
            or self.ban_years
            or self.ban_lifetime
            or self.measures
            or self.forfeiture_total is not None
        )


# A sentence that sums the items up (综上，现给予你警告，并处3.5万元罚款): its figures are the totals.
_RESTATED = re.compile(r"\s*(?:综上|综合以上|合并|以上合计|上述[^。；]{0,12}合计)")
_SENTENCE_CUT = re.compile(r"[。；;\n!！]")
_BREAKDOWN = re.compile("其中")
_AFTER = 64  # enough for what _FINE_AFTER reads after an amount (…元的罚款)
_CLAUSE_CUT = re.compile(r"[，,、：:。；;\n!！]")


def _cuts(pattern: re.Pattern[str], text: str) -> list[int]:
    return [match.start() for match in pattern.finditer(text)]


def _start_before(cuts: list[int], position: int) -> int:
    """Where the piece holding position starts: just after the last cut before it."""
    index = bisect_right(cuts, position - 1)
    return cuts[index - 1] + 1 if index else 0


def _end_after(cuts: list[int], position: int, length: int) -> int:
    index = bisect_left(cuts, position)
    return cuts[index] if index < len(cuts) else length


def _classify(
    text: str, money: Money, previous_end: int, sentences: list[int], clauses: list[int], breakdowns: list[int]
) -> str:
    """fine | confiscation | forfeiture | breakdown | unknown, from the words around the amount.

    Positions are looked up (bisect), not sliced, and `after` stops a little past the amount: a sentence
    of thousands of amounts would otherwise be copied once per amount (quadratic time)."""
    index = bisect_left(breakdowns, _start_before(sentences, money.start))
    if index < len(breakdowns) and breakdowns[index] <= money.start - 2:
        return "breakdown"  # 合计罚款158万元。其中，总公司38万元…: the total already counts these
    before = text[max(_start_before(clauses, money.start), previous_end) : money.start]
    after = text[money.end : min(_end_after(clauses, money.end, len(text)), money.end + _AFTER)]
    if _RANGE_AFTER.match(after) or text[max(money.start - 1, 0) : money.start] == "至":
        return "range"
    if "罚没" in before:
        return "forfeiture"
    seized = max(before.rfind("没收"), before.rfind("违法所得"))
    if seized >= 0 and max(before.rfind("罚款"), before.rfind("罚金")) < seized:
        return "confiscation"  # 并处违法所得1倍的罚款人民币33648元: the fine word comes last, a fine
    if "罚" in before or _FINE_BEFORE.search(before) or _FINE_AFTER.match(after):
        return "fine"
    return "unknown"


def _duration(text: str) -> tuple[int | None, int | None]:
    years = months = None
    for match in _DURATION.finditer(text):
        value = small_number(match.group("n"))
        if value is None or value > 100:
            continue
        if match.group("unit") == "年":
            years = years or value
        else:
            months = months or value
    return years, months


def _measure_text(segment: str) -> str:
    start = _MEASURE_START.search(segment)
    return segment[start.start() :].strip() if start else segment.strip()


def _read_money(text: str, found: Sanctions) -> None:
    monies = find_money(text)
    if not monies:
        return
    sentences, clauses, breakdowns = _cuts(_SENTENCE_CUT, text), _cuts(_CLAUSE_CUT, text), _cuts(_BREAKDOWN, text)
    fines: list[int] = []
    totals: list[int] = []
    unknown: list[int] = []
    confiscated: list[int] = []
    broken_down: list[tuple[str, int]] = []  # the 其中 parts: of a 罚没合计 they are its fine and confiscation
    previous_end = 0
    for money in monies:
        kind = _classify(text, money, previous_end, sentences, clauses, breakdowns)
        if kind == "breakdown":
            broken_down.append((_classify(text, money, previous_end, sentences, clauses, []), money.yuan))
        previous_end = money.end
        if kind == "fine":
            sentence_start = _start_before(sentences, money.start)
            before = text[max(sentence_start, money.start - 12) : money.start]
            restated = _RESTATED.match(text, sentence_start) is not None
            (totals if restated or _TOTAL.search(before) else fines).append(money.yuan)
        elif kind == "confiscation":
            confiscated.append(money.yuan)
        elif kind == "forfeiture":
            found.forfeiture_total = money.yuan
        elif kind == "unknown":
            unknown.append(money.yuan)
    if not totals and restated_total(fines):
        totals, fines = fines[-1:], fines[:-1]
    found.fine_items = fines
    if totals:
        found.fine_yuan, found.fine_total = sum(totals), True
    elif fines:
        found.fine_yuan = sum(fines)
    elif unknown and found.fine_mentioned and len(unknown) == 1:
        found.fine_yuan = unknown[0]  # 罚款…（金额另起一句）: the only amount of a text that orders a fine
    if confiscated:
        found.confiscated_yuan = sum(confiscated)
    if found.forfeiture_total is not None and broken_down and not fines and not totals and not confiscated:
        # 罚没合计163.55035万元，其中罚款155万元，没收违法所得8.55035万元
        parts_fine = [yuan for kind, yuan in broken_down if kind == "fine"]
        parts_seized = [yuan for kind, yuan in broken_down if kind == "confiscation"]
        if parts_fine:
            found.fine_yuan = sum(parts_fine)
        if parts_seized:
            found.confiscated_yuan = sum(parts_seized)
    _fine_as_multiple(text, found)


# 没收违法所得X元，并处违法所得1倍罚款 / 并处1倍罚款 / 处以违法所得二倍的罚款: the fine is a multiple of the gain.
_MULTIPLE = re.compile(
    r"(?:违法所得|所得)?(?P<n>\d{1,2}(?:\.\d{1,2})?|[一二两三四五六七八九十]{1,2}|百分之[一二三四五六七八九十]+|半)\s*倍(?:的)?(?:罚款|罚金)"
)


# 并处违法所得1倍的罚款人民币33648元: the fine's amount printed after it, already read as the fine.
_PRINTED_AFTER = re.compile(r"\s*(?:人民币)?\s*[\d一二两三四五六七八九十百千万]")


def _fine_as_multiple(text: str, found: Sanctions) -> None:
    """Each 'N倍罚款' whose amount is not printed: N times the gain its sentence confiscates, added to the fines
    (1.…没收违法所得6.5万元并处以1倍罚款；2.…罚款人民币50万元: 56.5万, cc-0374)."""
    if found.confiscated_yuan is None:
        return
    added = 0
    for match in _MULTIPLE.finditer(text):
        if _PRINTED_AFTER.match(text, match.end()):
            continue
        start = max(text.rfind(mark, 0, match.start()) for mark in "。；;\n") + 1
        seized = text.rfind("没收", start, match.start())
        gains = find_money(text[seized : match.start()]) if seized >= 0 else []
        word = match.group("n")
        times = Decimal("0.5") if word == "半" else Decimal(word) if word[0].isdigit() else small_number(word)
        if gains and times:
            added += int((Decimal(sum(m.yuan for m in gains)) * Decimal(times)).quantize(Decimal(1)))
    if added:
        found.fine_yuan = (found.fine_yuan or 0) + added


# 撤销任职资格，并在3年内不再受理其任职资格的申请 (cc-0145, cc-0150): the years in which no new qualification is
# granted are the disqualification's term, as in 取消任职资格3年.
_NO_NEW_QUALIFICATION = re.compile(
    r"^\s*并?\s*(?:在|于)?[^，,。；;]{0,8}年内不再(?:受理|核准)[^，,。；;]{0,10}任职资格")


def _read_measures(text: str, found: Sanctions) -> None:
    if not _MEASURE_HINT.search(text.replace("罚款", "")):
        return
    segments = _MEASURE_SPLIT.split(text)
    for index, segment in enumerate(segments):
        if not segment.strip():
            continue
        if _DISQUALIFY.search(segment):
            years, months = _duration(segment)
            measure = _measure_text(segment)
            following = segments[index + 1] if index + 1 < len(segments) else ""
            if years is None and months is None and _NO_NEW_QUALIFICATION.match(following):
                years, months = _duration(following)
                measure = f"{measure}，{following.strip()}"
            found.measures.append(Measure("disqualify", measure, years, months))
        elif _BAN.search(segment):
            if "终身" in segment:
                found.ban_lifetime = True
            else:
                years, months = _duration(segment)
                if years:
                    found.ban_years = max(found.ban_years or 0, years)
                else:  # a ban with no term the text states: keep it, unmeasured
                    found.measures.append(Measure("other", _measure_text_ban(segment), None, months))
        elif _REVOKE.search(segment):
            found.measures.append(Measure("revoke-license", _measure_text(segment)))
        elif _SUSPEND.search(segment):
            years, months = _duration(segment)
            if years and not months:  # 停止接受新业务一年: a suspension is counted in months
                years, months = None, years * 12
            found.measures.append(Measure("suspend-business", _measure_text(segment), years, months))
        elif _RECTIFY.search(segment):
            found.measures.append(Measure("rectify", _measure_text(segment)))
        elif _OTHER.search(segment):
            years, months = _duration(segment)
            found.measures.append(Measure("other", _measure_text(segment), years, months))


def _measure_text_ban(segment: str) -> str:
    start = _BAN.search(segment)
    return segment[start.start() :].strip() if start else segment.strip()


# 依据《保险营销员管理规定》第五十五条“…由中国保监会给予警告，处以1万元以下罚款”的规定，我局决定给予你警告: the
# article quoted after its number is what the law allows, not what was ordered (cc-0380, cc-0407, cc-0409).
_QUOTED_LAW = re.compile(
    r"(?P<article>第[\d一二三四五六七八九十百零〇]+条(?:第[（(]?[\d一二三四五六七八九十]+[）)]?[项款])*)\s*“[^“”]*”"
)


def parse_sanctions(text: str | None) -> Sanctions:
    """The sanctions a decision text orders. '对该公司警告并罚款一万元' → warning, fine_yuan=10000."""
    found = Sanctions()
    if not text:
        return found
    text = _QUOTED_LAW.sub(r"\g<article>", ascii_digits(text))
    found.fine_mentioned = bool(_FINE_WORD.search(text))
    found.warning = bool(_WARNING.search(text))
    found.fine_each = bool(_EACH.search(text))
    _read_money(text, found)
    _read_measures(text, found)
    return found
