"""Receipts on the demo corpus: the project's synthetic NFRA corpus (with drifted notices that fail to
parse) served by the local server, crawled by the real spider, built, and every receipt's figures and CSV
recomputed in SQL (tests/test_site_receipts.py)."""

from __future__ import annotations

from pathlib import Path

from test_site_fixtures import build_tiny_site
from test_site_receipts import reconcile

from localnfra.corpus import Corpus
from localnfra.server import serve
from tests.crawling import crawl

SIZE, SEED = 150, 5


def test_demo_corpus_receipts_reconcile_with_sql(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    with serve(Corpus(SIZE, seed=SEED, drift=0.1)) as server:
        result = crawl(server.base_url, f"sqlite:///{db}")
    assert result.returncode in (0, 2), result.stderr[-2000:]  # 2: the failed-parses check, by design here
    out = build_tiny_site(tmp_path, base_url="https://fadan.example/", db=db)
    assert reconcile(out, db) > 100
    # Failed notices were crawled, and the receipts of their years list them.
    failed = [p for p in (out / "stats").glob("*/index.html") if "未解析出当事人的公告" in p.read_text("utf-8")]
    assert failed
    # The year in review exists for every year with records.
    years = {p.parent.name for p in (out / "years").glob("*/index.html")}
    assert years and all((out / "years" / y / "review" / "index.html").is_file() for y in years)
