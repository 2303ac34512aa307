"""Text normalisation shared by the docClob readers: whitespace, full-width digits, small Chinese numerals."""

from __future__ import annotations

import re

# Paragraph boundary inside a cell (</p>, <br>, </div>), kept apart from source whitespace, which is
# noise. A private-use character: str.split() does not treat it as whitespace (unlike U+2029 or \x1e).
PARA = "\ue000"

_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A space between two CJK characters is layout (宋 薇, 单  位), never meaning. Each pattern starts with
# the space itself so the scan skips other characters at C speed.
_CJK_GAP = re.compile(rf" (?<=[{_CJK}] )(?=[{_CJK}])")
_DIGIT_GAP = re.compile(r" (?<=\d )(?=[.,]?\d)| (?<=\d[.,] )(?=\d)")
_PARA_RUN = re.compile(f"{PARA}+")
_LINE_SPACE = re.compile(r"[^\S\n]+")
_INVISIBLE = ("\u200b", "\ufeff", "\u200c", "\u200d")

# Full-width digits and the decimal point map one-to-one onto ASCII, so offsets survive the mapping.
_WIDE = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _close_gaps(text: str) -> str:
    if " " in text:
        text = _CJK_GAP.sub("", text)
        text = _DIGIT_GAP.sub("", text)
    return text


def clean_text(text: str) -> str:
    """Collapse every run of whitespace (source line breaks included) to one space, drop layout spaces
    between CJK characters; PARA marks become newlines."""
    for mark in _INVISIBLE:
        if mark in text:
            text = text.replace(mark, "")
    text = _close_gaps(" ".join(text.split()))
    if PARA in text:
        text = text.replace(f" {PARA}", PARA).replace(f"{PARA} ", PARA)
        text = _PARA_RUN.sub("\n", text)
    return text.strip(" \n")


def tidy(text: str) -> str:
    """Like clean_text for text that is already in lines (a cell's text after entities were decoded):
    spaces are collapsed within each line, line breaks kept, blank lines dropped."""
    for mark in _INVISIBLE:
        if mark in text:
            text = text.replace(mark, "")
    lines = (_close_gaps(" ".join(line.split())) for line in _LINE_SPACE.sub(" ", text).split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a cleaned text."""
    return [line for line in (part.strip() for part in text.split("\n")) if line]


def label_key(text: str) -> str:
    """A label with every space and line break removed (labels are matched on this form)."""
    return "".join(text.split())


def ascii_digits(text: str) -> str:
    """Full-width digits to ASCII (same length, so positions still index the original)."""
    return text.translate(_WIDE)


_CN_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100}


def small_number(text: str) -> int | None:
    """An integer below 1000 in digits or Chinese numerals (years, months, 一年, 十二, 两): None if not one."""
    text = ascii_digits(text.strip())
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in _CN_DIGIT:
            current = _CN_DIGIT[char]
        elif char in _CN_UNIT:
            total += (current or 1) * _CN_UNIT[char]
            current = 0
        else:
            return None
    return total + current
