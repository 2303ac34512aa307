"""A query's rows as plain tuples, streamed: the lean reads of the search index and the downloads.

On SQLite the driver's own cursor runs the compiled query: SQLAlchemy's row processing would cost more
than the rows (the same reason as sitegen.core.rows.stream_rows). Values are then as the driver returns
them (dates are ISO strings): use database.as_date / as_datetime.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, Select

from sitegen.core import database as db


def stream_tuples(engine: Engine, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute(str(query.compile(dialect=engine.dialect)))
            while batch := cursor.fetchmany(db.STREAM_BATCH):
                yield from batch
        else:
            for row in conn.execution_options(yield_per=db.STREAM_BATCH).execute(query):
                yield tuple(row)
