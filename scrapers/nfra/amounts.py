"""Money in NFRA decision texts: every written form of an amount, to integer yuan.

Forms seen on the real site: 50万元, 1.1万元, 1033.71325万元, 5000元, 47,687.23元, 8千元, 二十九万元,
十一万五千元, 40万 (no 元), 人民币15万元 / 15万元人民币, 伍万元. A pattern finds the span; only that span
goes to cn2an, never a sentence (cn2an turns 张三 into 张3).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

import cn2an

_CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟"
_MULTIPLIER = {"亿": 100_000_000, "万": 10_000, "千": 1_000, "": 1}

# A bare 万 (罚款40万) counts only where the sentence or clause ends or a money word follows.
_BARE_WAN_END = r"(?=\s*(?:$|[，,。；;、）)\s]|人民币|罚款|的|整|余|多|[(（]))"
# Starts with a digit or a Chinese numeral, so the scan skips every other character at C speed; 人民币
# before or after an amount is context, not part of the span. Runs are bounded, possessive where giving
# back never helps, and a match starts only where a run of numerals starts: on a hostile run of digits
# or numerals with no unit after it, a match fails once per run instead of once per character.
_CN = f"{_CN_DIGITS}{_CN_UNITS}"
MONEY = re.compile(
    r"(?:"
    r"(?<!\d)(?P<num>\d{1,20}+(?:[,，]\d{3}){0,6}+(?:\.\d{1,12}+)?)\s*"
    rf"(?:(?P<mixed>万[{_CN_DIGITS}\d][{_CN}\d]{{0,12}})\s*元|"
    rf"(?P<unit>亿|万|千)?\s*(?P<approx>余|多)?\s*元|(?P<wan>万|亿)(?P<wapprox>余|多)?{_BARE_WAN_END})"
    r"|"
    rf"(?<![{_CN}])(?P<cn>[{_CN}]{{0,24}}[{_CN_DIGITS}][{_CN}]{{0,24}}|[十拾][{_CN}]{{0,24}})"
    rf"(?P<cnpoint>点[{_CN_DIGITS}]{{1,12}})?\s*(?:(?P<cnunit>万|亿)?\s*(?P<cnapprox>余|多)?\s*元|(?P<cnwan>万|亿){_BARE_WAN_END})"
    r")"
)
# No NFRA fine comes near 一万亿元: a larger figure is a typo or hostile, and would not fit a BIGINT column.
MAX_YUAN = 10**12
_FULL_AMOUNT = re.compile(r"(?:人民币|RMB|￥|¥)?\s*(?P<amount>.+?)\s*(?:人民币|整)?")


class Money(NamedTuple):
    start: int
    end: int
    yuan: int
    text: str
    approximate: bool = False  # 万余元: "more than"; the figure is the lower bound the text states


def _to_int(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _chinese(span: str) -> Decimal | None:
    try:
        value = cn2an.cn2an(span, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(value))


def _read_yuan(match: re.Match[str]) -> int | None:
    num, cn = match.group("num", "cn")
    try:
        if num is not None:
            mixed, unit, wan = match.group("mixed", "unit", "wan")
            if mixed:  # 1万5千元
                value = _chinese(num + mixed)
                return _to_int(value) if value is not None else None
            return _to_int(Decimal(num.replace(",", "").replace("，", "")) * _MULTIPLIER[unit or wan or ""])
        value = _chinese(cn + (match.group("cnpoint") or ""))
        if value is None:
            return None
        return _to_int(value * _MULTIPLIER[match.group("cnunit") or match.group("cnwan") or ""])
    except (InvalidOperation, OverflowError, ValueError):
        return None


def _match_yuan(match: re.Match[str]) -> int | None:
    yuan = _read_yuan(match)
    return yuan if yuan is None or yuan <= MAX_YUAN else None


def find_money(text: str) -> list[Money]:
    """Every amount of money in text, in order, with its position."""
    if "元" not in text and "万" not in text:
        return []
    found = []
    for match in MONEY.finditer(text):
        yuan = _match_yuan(match)
        if yuan is None:
            continue
        approximate = any(match.group("approx", "wapprox", "cnapprox"))
        found.append(Money(match.start(), match.end(), yuan, match.group(0).strip(), approximate))
    return found


def parse_amount(text: str) -> int | None:
    """The amount of a text that is one amount ('1.5万元', '人民币二十九万元', '40万'): integer yuan or None."""
    outer = _FULL_AMOUNT.fullmatch(text.strip())
    match = MONEY.fullmatch(outer.group("amount")) if outer else None
    return _match_yuan(match) if match else None
