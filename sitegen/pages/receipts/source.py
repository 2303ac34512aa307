"""What the receipts need from the database beyond the corpus: each penalty's decision date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from sitegen.core.database import PENALTY, as_date


def decided_dates(engine: Engine) -> dict[tuple[int, int], date]:
    """(doc_id, seq) -> penalty.decided_on, for the records that have one (the decision-date basis)."""
    query = select(PENALTY.c.doc_id, PENALTY.c.seq, PENALTY.c.decided_on).where(PENALTY.c.decided_on.is_not(None))
    with engine.connect() as conn:
        return {(doc_id, seq): day for doc_id, seq, value in conn.execute(query) if (day := as_date(value))}
