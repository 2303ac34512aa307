"""Normalising notice text before matching: one spelling for the many a Word export produces."""

from __future__ import annotations

import re
import unicodedata

# Whitespace of every kind (Word exports split words with spaces, U+00A0 and U+3000), zero-width
# characters, and quotation marks ("贷款“三查”" must match 贷款三查).
_NOISE = re.compile(r"[\s\u200b-\u200f\u2028\u2029\ufeff\"'“”‘’「」『』〝〞]+")


def normalize(text: str | None) -> str:
    """NFKC (full-width letters, digits and brackets to ASCII), then noise removed. Never raises."""
    if not text:
        return ""
    if not isinstance(text, str):
        text = str(text)
    return _NOISE.sub("", unicodedata.normalize("NFKC", text))


_OPEN, _CLOSE = "([【〔", ")]】〕"
_LATIN = re.compile(r"^[A-Za-z][A-Za-z .·\-]*$")
_NAME = re.compile(r"^(?:[\u4e00-\u9fff·]{2,20}|[A-Za-z][A-Za-z.·\- ]{1,40})$")


def split_person(text: str) -> tuple[str, str] | None:
    """'姓名(时任…)' (normalized) → ('姓名', '时任…'); None unless the bracket that follows a name
    closes only at the end of the text (康盛(北京)保险销售有限公司 is not a person). A romanised
    name in its own brackets is skipped: 刘思民(LIUSIMIN)(时任…) → ('刘思民', '时任…')."""
    start = next((i for i, ch in enumerate(text) if ch in _OPEN), -1)
    if start < 1 or not _NAME.match(text[:start]):
        return None
    name, depth, i = text[:start], 0, start
    while i < len(text):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                inner, rest = text[start + 1 : i], text[i + 1 :]
                if rest and rest[0] in _OPEN and _LATIN.match(inner):
                    start = i + 1  # the romanised name: the role is in the next bracket
                elif rest.strip(_CLOSE):
                    return None
                else:
                    return name, inner
        i += 1
    return name, text[start + 1 :].rstrip(_CLOSE)  # unclosed: a truncated cell
