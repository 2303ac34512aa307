"""The regulators Fadan collects (models/data/sources.toml) and the permanent key of a notice's page."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from models.vocab.datafiles import VocabularyError, read_toml

NFRA = "nfra"


@dataclass(frozen=True)
class Source:
    code: str  # notice.regulator / penalty.regulator
    name: str
    short: str
    en: str
    spider: str  # `scrapy crawl {spider}`
    site: str
    coverage: str  # what is collected (shown on /about/)
    since: str


@cache
def load_sources() -> tuple[Source, ...]:
    rows = read_toml("sources.toml").get("source", [])
    try:
        sources = tuple(Source(**row) for row in rows)
    except TypeError as exc:
        raise VocabularyError(f"sources.toml: {exc}") from None
    if not sources or sources[0].code != NFRA:
        raise VocabularyError("sources.toml: NFRA must be the first source")
    return sources


def source(code: str) -> Source | None:
    return next((s for s in load_sources() if s.code == code), None)


def notice_key(doc_id: int, regulator: str | None, source_key: str | None) -> str:
    """The key of a notice's permanent page, /notices/{key}/: NFRA's docId, or `{regulator}-{own id}`
    for another regulator (a docId is digits only, so the two can never meet)."""
    if not regulator or regulator == NFRA or not source_key:
        return str(doc_id)
    return f"{regulator}-{source_key}"
