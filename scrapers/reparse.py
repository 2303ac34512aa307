"""Re-parse every stored notice from its raw JSON (no network) and print what changed.

    python -m scrapers.reparse                # every notice in DATABASE_URL
    python -m scrapers.reparse --status failed --status partial
    python -m scrapers.reparse --doc-id 1212085 --dry-run

Run it after the parser or a vocabulary file improves: penalties keep their ids (upserts on
doc_id, seq), categories and enrichment are recomputed, and nothing is fetched.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from models.db import database_url, make_engine
from models.store import CATEGORY, NOTICE, PENALTY, RAW, READ_COLUMNS, Store, decompress, penalty_values
from scrapers.ingest import prepare_body
from scrapers.nfra.parse import PARSER_VERSION

# Columns compared to decide whether a notice's parse changed.
COMPARED = ("layout", "parse_status", "parse_error", *READ_COLUMNS)


@dataclass
class Report:
    notices: int = 0
    changed: int = 0
    penalties_before: int = 0
    penalties_after: int = 0
    transitions: Counter[str] = field(default_factory=Counter)
    fields_changed: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"re-parsed {self.notices} notices with parser version {PARSER_VERSION}: {self.changed} changed",
            f"penalty rows: {self.penalties_before} before, {self.penalties_after} after",
        ]
        if self.transitions:
            out.append("parse status: " + ", ".join(f"{k} {v}" for k, v in self.transitions.most_common()))
        if self.fields_changed:
            out.append("fields changed: " + ", ".join(f"{k} {v}" for k, v in self.fields_changed.most_common()))
        out += [f"  e.g. {example}" for example in self.examples]
        return out


def stored_notices(store: Store, statuses: list[str], doc_ids: list[int]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(doc_id, item_id, stored values) of the selected notices, streamed: the raw body (NFRA's JSON,
    PBOC's HTML), its regulator and source key, and the compared columns."""
    query = (
        select(
            NOTICE.c.doc_id, NOTICE.c.item_id, NOTICE.c.regulator, NOTICE.c.source_key, RAW.c.body,
            *[NOTICE.c[c] for c in COMPARED],
        )
        .join(RAW, RAW.c.doc_id == NOTICE.c.doc_id)
        .order_by(NOTICE.c.doc_id)
    )
    if statuses:
        query = query.where(NOTICE.c.parse_status.in_(statuses))
    if doc_ids:
        query = query.where(NOTICE.c.doc_id.in_(doc_ids))
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=500).execute(query):
            yield row.doc_id, row.item_id, {
                "raw": decompress(row.body), "regulator": row.regulator, "source_key": row.source_key,
                **{c: row._mapping[c] for c in COMPARED},
            }


def current_penalties(store: Store, doc_id: int) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(PENALTY).where(PENALTY.c.doc_id == doc_id).order_by(PENALTY.c.seq)).all()
        categories: dict[int, set[str]] = {}
        ids = [row.id for row in rows]
        for penalty_id, category in conn.execute(
            select(CATEGORY.c.penalty_id, CATEGORY.c.category).where(CATEGORY.c.penalty_id.in_(ids))
        ):
            categories.setdefault(penalty_id, set()).add(category)
    result = []
    for row in rows:
        values = dict(row._mapping)
        values["categories"] = categories.get(values.pop("id"), set())
        result.append(values)
    return result


def reparse(store: Store, *, statuses: list[str], doc_ids: list[int], dry_run: bool) -> Report:
    report = Report()
    for doc_id, item_id, stored in stored_notices(store, statuses, doc_ids):
        report.notices += 1
        prepared = prepare_body(stored["regulator"], stored["raw"], item_id, "", stored["source_key"])
        meta, parsed = prepared.meta, prepared.parsed
        meta.doc_id = doc_id  # a PBOC page does not carry the surrogate key it is stored under
        before = current_penalties(store, doc_id)
        after = [
            penalty_values(doc_id, party, meta.regulator) | {"categories": {c.code for c in party.categories}}
            for party in parsed.parties
        ]
        new_notice = {
            "layout": parsed.layout, "parse_status": parsed.parse_status, "parse_error": parsed.parse_error,
            **{name: getattr(meta, name) for name in READ_COLUMNS},
        }
        changed = [c for c in COMPARED if stored[c] != new_notice[c]]
        changed += _penalty_changes(before, after)
        report.penalties_before += len(before)
        report.penalties_after += len(after)
        if not changed:
            continue
        report.changed += 1
        report.fields_changed.update(set(changed))
        if stored["parse_status"] != parsed.parse_status:
            report.transitions[f"{stored['parse_status']}→{parsed.parse_status}"] += 1
        if len(report.examples) < 10:
            report.examples.append(f"notice {doc_id}: {', '.join(sorted(set(changed)))}")
        if not dry_run:
            store.save_parse(meta, parsed, prepared.parser_version)
    return report


def _penalty_changes(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    if len(before) != len(after):
        return ["party count"]
    changed = []
    for old, new in zip(before, after, strict=True):
        changed += [key for key, value in new.items() if key in old and old[key] != value]
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="database URL (default: DATABASE_URL or sqlite:///data/fadan.db)")
    parser.add_argument("--status", action="append", default=[], choices=["ok", "partial", "failed"],
                        help="only notices with this parse status (repeatable)")
    parser.add_argument("--doc-id", action="append", type=int, default=[], help="only this docId (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    args = parser.parse_args(argv)
    store = Store(make_engine(args.db or database_url()))
    report = reparse(store, statuses=args.status, doc_ids=args.doc_id, dry_run=args.dry_run)
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
