"""Source format drift: notices in a layout the parser does not know are stored raw, marked failed with a
reason, counted in the crawl summary, logged, and fail the run's failed-parses check when there are too many.

Real crawls (a `scrapy crawl nfra` process) against the local server with its opt-in drift
(localnfra/drift.py: image-only, attachment-only, unknown table labels, an embedding wrapper).
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from localnfra.corpus import Corpus
from localnfra.drift import DRIFT_KINDS
from localnfra.server import serve
from models.db import make_engine
from models.store import NOTICE, PENALTY, RAW, RUN, decompress
from tests.crawling import crawl

pytestmark = pytest.mark.slow  # real crawls or runs in subprocesses: `make quick` leaves them out

SIZE, SEED = 120, 5


def drifted(corpus: Corpus) -> dict[int, str]:
    """docId → drift kind, from the ground truth."""
    return {d: e["drift"] for d in corpus.doc_ids() if "drift" in (e := corpus.expected(d))}


def stored(db_url: str) -> tuple[dict[int, dict], dict[int, str], dict[int, int], dict]:
    """(notices, raw JSON, penalties per notice, the last run's figures)."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        notices = {row.doc_id: dict(row._mapping) for row in conn.execute(select(NOTICE))}
        raw = {row.doc_id: decompress(row.body) for row in conn.execute(select(RAW.c.doc_id, RAW.c.body))}
        penalties: dict[int, int] = {}
        for (doc_id,) in conn.execute(select(PENALTY.c.doc_id)):
            penalties[doc_id] = penalties.get(doc_id, 0) + 1
        figures = json.loads(conn.scalar(select(RUN.c.stats).order_by(RUN.c.id.desc()).limit(1)))
    engine.dispose()
    return notices, raw, penalties, figures


def test_a_drifted_source_is_stored_raw_marked_counted_and_fails_the_run(sqlite_url: str) -> None:
    corpus = Corpus(SIZE, seed=SEED, drift=0.25)
    drift = drifted(corpus)
    assert set(drift.values()) == set(DRIFT_KINDS) and len(drift) > 0.1 * SIZE
    with serve(corpus) as server:
        result = crawl(server.base_url, sqlite_url)
        served = {d: corpus.detail_bytes(d).decode("utf-8") for d in corpus.doc_ids()}
    assert result.returncode == 2, result.stdout + result.stderr
    assert "check failed-parses: FAILED" in result.stdout
    assert f"parse this run: ok {SIZE - len(drift)}, partial 0, failed {len(drift)}" in result.stdout
    assert "exit 2: an assertion failed: a human should look" in result.stdout

    notices, raw, penalties, figures = stored(sqlite_url)
    assert set(notices) == set(corpus.doc_ids())  # nothing dropped
    assert raw == served  # every notice kept exactly as received, for a re-parse
    for doc_id, kind in drift.items():
        row = notices[doc_id]
        assert row["parse_status"] == "failed" and row["parse_error"], (kind, row)
        assert doc_id not in penalties
        assert f"notice {doc_id} parsed failed" in result.stderr  # the log names it, and why
    assert all(row["parse_status"] == "ok" for d, row in notices.items() if d not in drift)
    assert figures["parse_run"] == {"ok": SIZE - len(drift), "partial": 0, "failed": len(drift)}
    assert figures["checks"]["failed-parses"] is False


def test_a_few_drifted_notices_are_counted_but_do_not_fail_the_run(sqlite_url: str) -> None:
    corpus = Corpus(SIZE, seed=SEED, drift=0.03)
    drift = drifted(corpus)
    assert 1 <= len(drift) <= 0.05 * SIZE  # below FADAN_MAX_FAILED_PARSE_SHARE
    with serve(corpus) as server:
        result = crawl(server.base_url, sqlite_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"check failed-parses: ok: {len(drift)} of {SIZE} notices of this run failed to parse" in result.stdout
    assert f"stored: ok {SIZE - len(drift)}, partial 0, failed {len(drift)}" in result.stdout
    notices, _, _, _ = stored(sqlite_url)
    assert {d for d, row in notices.items() if row["parse_status"] == "failed"} == set(drift)


@pytest.mark.parametrize("kind", DRIFT_KINDS)
def test_drift_leaves_every_other_notice_byte_identical(kind: str) -> None:
    plain, drifting = Corpus(300, seed=SEED), Corpus(300, seed=SEED, drift=0.3)
    kinds = drifted(drifting)
    assert kind in kinds.values()
    for doc_id in plain.doc_ids():
        if doc_id in kinds:
            assert drifting.expected(doc_id)["parties"] == [] and drifting.expected(doc_id)["layout"] == "unknown"
        else:
            assert drifting.detail_bytes(doc_id) == plain.detail_bytes(doc_id)


def test_the_new_labels_are_unknown_to_the_parser() -> None:
    from localnfra.drift import NEW_LABELS
    from scrapers.nfra.labels import field_of

    assert [field_of(label) for label in NEW_LABELS] == [None] * len(NEW_LABELS)
