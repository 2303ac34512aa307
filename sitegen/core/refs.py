"""The vocabularies as pages see them: a label and a path-safe slug for every group, category, region
and office that occurs in the database.

Labels and slugs come from models.vocab (the data files). A name the vocabularies do not know still
gets a page: its slug comes from models.vocab.slugs.unique_slugs over all such names, and never
collides with a vocabulary slug. Every slug is checked against SAFE_SLUG, so no database value or
data-file typo can put a path outside its directory.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.vocab import groups, offices, regions, taxonomy
from models.vocab.slugs import slugify, unique_slugs
from models.vocab.sources import NFRA, Source, load_sources

log = logging.getLogger(__name__)

SAFE_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")


@dataclass(frozen=True, slots=True, eq=False)
class Ref:
    """One named thing with a page: `key` is the database value, `slug` the last path segment.

    A Vocabulary makes exactly one Ref per name, so Refs compare and hash by identity: cheap enough to
    group 290,000 penalties by them.
    """

    key: str
    label: str
    slug: str
    kind: str | None = None  # institution type of a group, level of an office
    province: str | None = None  # province of an office
    en: str | None = None  # English label of a category
    known: bool = True  # False when no vocabulary lists it (shown as such on index pages)


def _safe(slug: str | None, name: str) -> str:
    return slug if slug and SAFE_SLUG.match(slug) else slugify(name)


class Vocabulary:
    """Labels and slugs for the names in one database, built once per build."""

    def __init__(
        self,
        *,
        group_names: Iterable[str] = (),
        provinces: Iterable[str] = (),
        issuers: Iterable[str] = (),
        category_codes: Iterable[str] = (),
        first_seen: Mapping[str, Any] | None = None,
        regulators: Iterable[str] = (NFRA,),
    ) -> None:
        # When each name was first seen: of two homophones, the earlier keeps the plain slug (a URL never
        # changes when a newcomer arrives).
        self._first_seen = first_seen or {}
        # The regulators in the database, in sources.toml order (NFRA first); one more than NFRA puts a
        # per-regulator split beside every total.
        known = {s.code: s for s in load_sources()}
        present = set(regulators) or {NFRA}
        self.sources: list[Source] = [s for s in load_sources() if s.code in present]
        self.sources += [Source(c, c, c, c, c, "", "", "") for c in sorted(present - known.keys())]
        self._office_source: dict[str, str] = {}  # office slug -> regulator code, for non-NFRA head offices
        self._office_table: list[tuple[str, str, str, str, str | None]] = []  # every curated office
        self.institution_types: dict[str, str] = {}  # code -> Chinese label
        self._categories = self._load_categories(set(category_codes))
        self._groups = self._load_groups(set(group_names))
        self._regions = self._load_regions(set(provinces))
        self._offices, self._office_of = self._load_offices(set(issuers))

    # --- lookups -------------------------------------------------------------------------------

    def category(self, code: str) -> Ref:
        ref = self._categories.get(code)
        return ref if ref is not None else Ref(code, code, _safe(code, code), known=False)

    def categories(self) -> list[Ref]:
        """Every category in the taxonomy's display order, then unknown codes found in the data."""
        return list(self._categories.values())

    def group(self, name: str | None) -> Ref | None:
        return self._groups.get(name) if name else None

    def groups(self) -> list[Ref]:
        return list(self._groups.values())

    def region(self, province: str | None) -> Ref | None:
        return self._regions.get(province) if province else None

    def regions(self) -> list[Ref]:
        return list(dict.fromkeys(self._regions.values()))

    def regulator(self, issuer: str | None) -> Ref | None:
        """The office page of an issuer or authority text ('重庆金融监管局')."""
        return self._office_of.get(issuer) if issuer else None

    def regulators(self) -> list[Ref]:
        return list(self._offices.values())

    @property
    def multi_source(self) -> bool:
        return len(self.sources) > 1

    def source_label(self, code: str) -> str:
        return next((s.short for s in self.sources if s.code == code), code)

    def office_source(self, ref: Ref) -> Source | None:
        """The regulator of an office page when it is not NFRA (the PBOC head office)."""
        code = self._office_source.get(ref.slug)
        return next((s for s in self.sources if s.code == code), None) if code else None

    def fingerprint(self) -> str:
        """Changes when a label or slug of the vocabularies changes (part of the build version).

        Names found only in the data are left out: a new bank name must not re-render the whole site.
        Pages digest the slugs they link to, so a data name whose slug changes re-renders its pages.
        """
        h = hashlib.blake2b(digest_size=12)
        for table in (self._categories, self._groups, self._regions):
            for key, ref in table.items():
                if ref.known:
                    h.update(repr((key, ref)).encode())
        h.update(repr((self._office_table, sorted(self.institution_types.items()))).encode())
        if self.multi_source:  # a second regulator adds the split beside every total: every page changes
            h.update(repr([s.code for s in self.sources]).encode())
        return h.hexdigest()

    # --- loading -------------------------------------------------------------------------------

    def _load_categories(self, codes: set[str]) -> dict[str, Ref]:
        result: dict[str, Ref] = {}
        for cat in taxonomy.load_taxonomy():
            result[cat.code] = Ref(cat.code, cat.zh or cat.code, _safe(cat.code, cat.code), en=cat.en)
        for code in sorted(codes - result.keys()):
            result[code] = Ref(code, code, _safe(code, code), known=False)
        return _dedupe_slugs(result)

    def _load_groups(self, names: set[str]) -> dict[str, Ref]:
        result: dict[str, Ref] = {}
        for g in groups.load_groups():
            result[g.name] = Ref(g.name, g.name, _safe(g.slug, g.name), kind=g.type, en=g.short_name)
        self.institution_types = {t.code: t.zh for t in groups.load_institution_types()}
        return _add_unknown(result, names - result.keys(), lambda n: Ref(n, n, "", known=False), self._first_seen)

    def _load_regions(self, provinces: set[str]) -> dict[str, Ref]:
        result: dict[str, Ref] = {}
        for province in regions.load_provinces():
            ref = Ref(province.short_name, province.short_name, _safe(province.slug, province.short_name),
                      en=province.name)
            result[province.short_name] = ref
            result[province.name] = ref  # penalty.province holds the short name; accept the full one too
        return _add_unknown(result, provinces - result.keys(), lambda n: Ref(n, n, "", known=False),
                            self._first_seen)

    def _load_offices(self, issuers: set[str]) -> tuple[dict[str, Ref], dict[str, Ref]]:
        """(slug -> office, issuer text -> office) for the issuers found in the data."""
        self._office_table = [(o.name, o.short_name, o.slug, o.level, o.province) for o in offices.load_offices()]
        by_slug: dict[str, Ref] = {}
        of: dict[str, Ref] = {}
        unmatched: set[str] = set()
        for text in sorted(issuers):
            office = offices.match_office(text)
            if office is None:
                unmatched.add(text)
                continue
            slug = _safe(office.slug, office.name)
            ref = by_slug.setdefault(
                slug,
                Ref(office.name, office.short_name or office.name, slug, kind=office.level,
                    province=office.province),
            )
            of[text] = ref
        for source in load_sources()[1:]:  # another regulator's head office, named as it signs
            if source.name in unmatched:
                unmatched.discard(source.name)
                slug = slugify(source.name)
                by_slug[slug] = of[source.name] = Ref(source.name, source.name, slug, kind="headquarters",
                                                      en=source.en)
                self._office_source[slug] = source.code
        taken = set(by_slug)
        for name, slug in unique_slugs(unmatched, self._first_seen).items():
            if slug in taken:
                slug = f"{slug}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
            ref = Ref(name, name, slug, known=False)
            by_slug[slug] = ref
            of[name] = ref
            taken.add(slug)
        return by_slug, of


def _add_unknown(
    known: dict[str, Ref], names: set[str], make: Callable[[str], Ref], first_seen: Mapping[str, Any]
) -> dict[str, Ref]:
    """Names no vocabulary lists get slugs from unique_slugs that avoid every vocabulary slug."""
    taken = {ref.slug for ref in known.values()}
    for name, slug in sorted(unique_slugs(names, first_seen).items()):
        if slug in taken:
            slug = f"{slug}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
        taken.add(slug)
        ref = make(name)
        known[name] = Ref(ref.key, ref.label, slug, known=False)
    return _dedupe_slugs(known)


def _dedupe_slugs(table: dict[str, Ref]) -> dict[str, Ref]:
    """Two vocabulary entries with one slug (a data-file slip) must not share a directory."""
    seen: dict[str, str] = {}
    result: dict[str, Ref] = {}
    for key, ref in table.items():
        owner = seen.setdefault(ref.slug, ref.key)
        if owner != ref.key:
            log.warning("slug %r is used by %r and %r; the second gets a suffix", ref.slug, owner, ref.key)
            ref = Ref(ref.key, ref.label, f"{ref.slug}-{hashlib.sha1(ref.key.encode()).hexdigest()[:6]}",
                      ref.kind, ref.province, ref.en, ref.known)
        result[key] = ref
    return result
