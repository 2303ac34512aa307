"""One Store per database URL per process, shared by the spider, the pipelines and the summary."""

from __future__ import annotations

from functools import cache

from scrapy.settings import BaseSettings

from models.db import database_url, make_engine
from models.store import Store


@cache
def _store(url: str) -> Store:
    return Store(make_engine(url))


def store_for(settings: BaseSettings) -> Store:
    """The Store of DATABASE_URL (migrated to the current schema on first use)."""
    return _store(database_url(settings))
