"""ASCII, path-safe, deterministic slugs for page URLs (/banks/{slug}/, /regions/{slug}/, ...).

A slug is the pinyin of the name (without tones), lower-case, words joined by '-'. Non-Chinese,
non-alphanumeric characters are dropped, so a slug can never contain '/', '.', '..' or anything else
that would let a name escape its directory. `unique_slugs` settles the rare collisions
(同音 names) deterministically.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from pypinyin import Style, lazy_pinyin

_NON_SLUG = re.compile(r"[^a-z0-9]+")
MAX_SLUG = 80


def slugify(name: str) -> str:
    """'中国农业银行' -> 'zhong-guo-nong-ye-yin-hang'; never empty, never more than MAX_SLUG characters."""
    words = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    slug = _NON_SLUG.sub("-", "-".join(words).lower()).strip("-")
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].rstrip("-") + "-" + _digest(name)
    return slug or "x-" + _digest(name)


def unique_slugs(names: Iterable[str], seniority: Mapping[str, Any] | None = None) -> dict[str, str]:
    """A slug for each distinct name, the same every run. Among names that share a slug (同音), the senior
    one keeps the plain slug and the others get a short hash suffix: seniority[name] (e.g. when the name's
    first notice was first seen), then the name, decides. A URL never changes when a homophone arrives
    later, as long as the newcomer's seniority is later; names without a seniority come last."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(slugify(name), []).append(name)
    rank = seniority or {}
    result: dict[str, str] = {}
    for slug, group in by_slug.items():
        if len(group) > 1:  # only a collision reads the seniority (it may be costly to get)
            group.sort(key=lambda name: (name not in rank, rank.get(name, 0), name))
        result[group[0]] = slug
        for name in group[1:]:
            result[name] = f"{slug}-{_digest(name)}"
    # A name can be spelled like another's suffixed slug ('zhong-086907' beside 中 and 钟): such clashes
    # take a longer digest of their own name, until every slug is unique (real names never get here).
    for size in range(10, 41, 10):
        owners: dict[str, list[str]] = {}
        for name, slug in result.items():
            owners.setdefault(slug, []).append(name)
        clashes = [name for names in owners.values() if len(names) > 1 for name in names]
        if not clashes:
            break
        for name in clashes:
            result[name] = f"{result[name]}-{_digest(name, size)}"
    return result


def _digest(name: str, size: int = 6) -> str:
    # surrogatepass: a lone surrogate must not make slugify raise (valid text encodes as with "strict")
    return hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:size]
