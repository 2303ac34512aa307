"""What opens a post before the name of its institution (时任, 原, 分管, 2016年至2018年任, a bracket):
one rule for the parser, which reads a person's institution from their role, and for the bank-group
enrichment, which cleans an institution string. The words are data (models/data/post_openings.toml)."""

from __future__ import annotations

import re
from functools import cache

from models.vocab.datafiles import VocabularyError, read_toml

# The dates a post was held (2022年2月至5月, 2015年-2017年, 2019年、2020年, …至今, …期间), then perhaps 任 /
# 系 / 为 (2016年任…).
_DATES = (
    r"\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:[至\-—~、](?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?)*(?:至今)?"
    r"(?:期间)?(?:任|系|为)?"
)


def _word(word: str, names: list[str]) -> str:
    """The word, unless it begins one of the names (原 not in 原平市…)."""
    rests = [name[len(word):] for name in names if name.startswith(word) and len(name) > len(word)]
    not_before = f"(?!{'|'.join(map(re.escape, rests))})" if rests else ""
    return re.escape(word) + not_before


@cache
def _opening() -> re.Pattern[str]:
    data = read_toml("post_openings.toml")
    words, names = data.get("words"), data.get("names", [])
    if not words or not all(isinstance(w, str) and w for w in words):
        raise VocabularyError("post_openings.toml: `words` must be a list of non-empty strings")
    # Longest first, so 其时履行 is cut whole before 其时; a bare 任 (任泰康人寿…) but not 任职.
    alternatives = [_word(w, names) for w in sorted(set(words), key=len, reverse=True)]
    return re.compile(rf"^(?:[（(]|{_DATES}|{'|'.join(alternatives)}|{_word('任', names)}(?!职))+")


def cut_post_opening(text: str) -> str:
    """The text without what opens the post: '时任时任原中国银行某支行行长' → '中国银行某支行行长'."""
    return _opening().sub("", text, count=1)
