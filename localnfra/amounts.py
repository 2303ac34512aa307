"""Amounts written the ways NFRA notices write them (万元, decimals, 元, thousands separators, Chinese
numerals, 人民币 before or after, 万 without 元), each tagged with the pattern name of the curated real
examples (penalty_text_examples_item4293_curated.csv) so tests can check every form is generated.
"""

from __future__ import annotations

from localnfra.rng import Rng

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99,999,999 in Chinese numerals as written in amounts: 十五, 二十九, 一百零五, 三千."""
    if not 0 < n < 100_000_000:
        raise ValueError(n)
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        tail = "" if low == 0 else ("零" if low < 1000 else "") + chinese_number(low)
        return chinese_number(high) + "万" + tail
    out = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_DIGITS[d] + unit)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text


def _wan(yuan: int) -> str:
    """56, 12.5, 1.35: yuan in 万, without a trailing .0."""
    whole, rest = divmod(yuan, 10_000)
    if rest == 0:
        return str(whole)
    return f"{yuan / 10_000:.4f}".rstrip("0").rstrip(".")


# style → (tag of the curated examples, can it write this amount?)
STYLES: dict[str, str] = {
    "wan": "plain_wan",
    "wan_decimal": "plain_wan_decimal",
    "wan_bare": "wan_no_yuan",
    "rmb_before": "renminbi",
    "rmb_after": "renminbi",
    "yuan": "yuan_not_wan",
    "comma": "comma_thousands",
    "cn_wan": "chinese_numeral",
    "cn_qian": "chinese_numeral",
    "digit_qian": "chinese_numeral",
}


def can_write(yuan: int, style: str) -> bool:
    if style in ("wan", "wan_bare", "rmb_before", "rmb_after"):
        return yuan % 10_000 == 0 or (style != "wan" and yuan > 10_000 and yuan % 1000 == 0)
    if style == "wan_decimal":
        return yuan > 10_000 and yuan % 10_000 != 0 and yuan % 100 == 0
    if style == "cn_wan":
        return yuan % 10_000 == 0 and yuan // 10_000 < 1000
    if style in ("cn_qian", "digit_qian"):
        return yuan < 10_000 and yuan % 1000 == 0
    if style == "comma":
        return yuan >= 1000
    return True  # yuan


def write_yuan(yuan: int, style: str) -> str:
    """The amount as text, e.g. write_yuan(560000, 'wan') == '56万元'."""
    if style == "wan":
        return f"{_wan(yuan)}万元"
    if style == "wan_decimal":
        return f"{_wan(yuan)}万元"
    if style == "wan_bare":
        return f"{_wan(yuan)}万"
    if style == "rmb_before":
        return f"人民币{_wan(yuan)}万元"
    if style == "rmb_after":
        return f"{_wan(yuan)}万元人民币"
    if style == "yuan":
        return f"{yuan}元"
    if style == "comma":
        return f"{yuan:,}元"
    if style == "cn_wan":
        return f"{chinese_number(yuan // 10_000)}万元"
    if style == "cn_qian":
        return f"{chinese_number(yuan)}元"
    if style == "digit_qian":
        return f"{yuan // 1000}千元"
    raise ValueError(style)


def write_fen(fen: int, style: str) -> str:
    """A confiscated sum with 分 (553.2元, 47,687.23元, 1.85万元)."""
    yuan, cents = divmod(fen, 100)
    if cents == 0:
        return write_yuan(yuan, style)
    frac = f"{cents:02d}".rstrip("0")
    if style == "comma":
        return f"{yuan:,}.{frac}元"
    return f"{yuan}.{frac}元"


def write_wan_fen(fen: int) -> str:
    """A sum with 分 in 万元, every digit kept (611.86951万元, 25.186642万元): how 罚没合计 is often written."""
    wan, rest = divmod(fen, 1_000_000)
    frac = f"{rest:06d}".rstrip("0")
    return f"{wan}.{frac}万元" if frac else f"{wan}万元"


def round_fen(fen: int) -> int:
    """Integer yuan of a sum in 分, half up: what confiscated_yuan records for 4127.74元 (4128)."""
    return (fen + 50) // 100


def choose_style(rng: Rng, yuan: int, weights: list[tuple[str, float]]) -> str:
    usable = [(s, w) for s, w in weights if can_write(yuan, s)]
    return rng.weighted(usable) if usable else ("wan" if yuan % 10_000 == 0 else "yuan")


FINE_STYLE_WEIGHTS = [
    ("wan", 50.0), ("wan_decimal", 8.0), ("wan_bare", 3.0), ("rmb_before", 4.0), ("rmb_after", 3.0),
    ("yuan", 4.0), ("comma", 2.5), ("cn_wan", 4.0), ("cn_qian", 2.0), ("digit_qian", 1.5),
]
