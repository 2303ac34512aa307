"""Slugs (models/vocab/slugs.py) are path-safe whatever the name: ASCII [a-z0-9-], never empty, never '.'
or '..', unique, and a path built from one stays inside public/. Names come from the internet (issuers,
institutions, bank groups the vocabularies do not know), so the properties are tested on any text."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from models.vocab.slugs import MAX_SLUG, _digest, slugify, unique_slugs

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PUBLIC = Path("/srv/site/public")

# Any character (surrogates and control characters included), and the pieces of paths and names that
# matter most: dots, slashes, drive letters, pinyin-looking ASCII, real institution names.
HOSTILE = ["..", ".", "/", "\\", "../", "..\\", "%2e%2e%2f", "~", ":", "C:", "\x00", "\u202e", "\ufeff", " ", "-",
           "zhong-086907", "中国农业银行", "中国工商银行股份有限公司", "招商银行", "钟", "中", "İ", "K", "ß"]
names = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.lists(st.sampled_from(HOSTILE), max_size=8).map("".join),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", max_size=20),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=120),
)


def assert_path_safe(slug: str) -> None:
    assert SLUG.fullmatch(slug), slug
    assert slug not in (".", "..") and "/" not in slug and "\\" not in slug
    page = (PUBLIC / "banks" / slug / "index.html").resolve()
    assert page.is_relative_to(PUBLIC / "banks") and page.parent.name == slug


@settings(max_examples=400)
@given(names)
def test_a_slug_is_ascii_nonempty_bounded_and_stays_in_its_directory(name: str) -> None:
    slug = slugify(name)
    assert_path_safe(slug)
    assert len(slug) <= MAX_SLUG + 7  # cut to MAX_SLUG, then "-" and a 6-digit digest
    assert slugify(name) == slug  # deterministic


@settings(max_examples=200)
@given(st.lists(names, max_size=30))
def test_unique_slugs_are_unique_and_path_safe(name_list: list[str]) -> None:
    slugs = unique_slugs(name_list)
    assert set(slugs) == set(name_list)
    assert len(set(slugs.values())) == len(slugs)
    for slug in slugs.values():
        assert_path_safe(slug)
    assert unique_slugs(reversed(name_list)) == slugs  # the same whatever the order


def test_a_name_spelled_like_another_names_suffixed_slug_does_not_take_its_url() -> None:
    # 中 and 钟 are both zhong: they become zhong-<digest>, which a third name could be spelled as.
    clash = f"zhong-{_digest('中')}"
    slugs = unique_slugs(["中", "钟", clash])
    assert len(set(slugs.values())) == 3
    assert slugs["钟"] == f"zhong-{_digest('钟')}"  # untouched by a clash it is not part of


def test_names_with_lone_surrogates_or_only_punctuation_still_get_a_slug() -> None:
    for name in ["\ud800", "金\udfff融", "..", "/", "\x00", ""]:
        assert_path_safe(slugify(name))
