"""ASCII, path-safe, deterministic slugs for page URLs (/banks/{slug}/, /regions/{slug}/, ...).

A slug is the pinyin of the name (without tones), lower-case, words joined by '-'. Non-Chinese,
non-alphanumeric characters are dropped, so a slug can never contain '/', '.', '..' or anything else
that would let a name escape its directory. `unique_slugs` settles the rare collisions
(同音 names) deterministically.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

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


def unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A slug for each distinct name; colliding names get a short hash suffix, the same every run."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(slugify(name), []).append(name)
    result: dict[str, str] = {}
    for slug, group in by_slug.items():
        if len(group) == 1:
            result[group[0]] = slug
        else:
            for name in group:
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
