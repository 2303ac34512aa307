"""A scratch PostgreSQL database emptied for a run (the tests' and the scale-out benchmark's)."""

from __future__ import annotations

from sqlalchemy import text

from models.db import make_engine


def empty_schema(url: str) -> str:
    """Drop and recreate the public schema of `url` (a database of its own!), so a run starts from nothing."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
