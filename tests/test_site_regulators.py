"""Two regulators on one site: an NFRA-only database upgrades in place and builds the same site; a
crawl of both regulators builds bank pages whose totals cover both, split by regulator."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_site_fixtures import build_tiny_site, make_tiny_db
from test_site_golden import GOLDEN, site_files

from localnfra.corpus import Corpus
from localnfra.pboc import PbocCorpus
from localnfra.server import serve
from models.db import make_engine
from models.migrations import migrate
from tests.crawling import crawl


def _downgrade_to_version_3(db: Path) -> None:
    """The same rows in the schema an NFRA-only Fadan wrote before migration 4."""
    con = sqlite3.connect(db)
    con.executescript("""
        DROP INDEX uq_notice_regulator_source_key;
        DROP INDEX ix_penalty_regulator;
        ALTER TABLE notice DROP COLUMN regulator;
        ALTER TABLE notice DROP COLUMN source_key;
        ALTER TABLE notice DROP COLUMN disclosure_until;
        ALTER TABLE penalty DROP COLUMN regulator;
        ALTER TABLE penalty DROP COLUMN disclosure_years;
        ALTER TABLE fetch_failure DROP COLUMN regulator;
        ALTER TABLE crawl_run DROP COLUMN regulator;
        ALTER TABLE crawl_item DROP COLUMN regulator;
        DELETE FROM schema_migration WHERE version = 4;
    """)
    con.commit()
    con.close()


def test_an_nfra_only_database_upgraded_in_place_builds_the_golden_site(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    _downgrade_to_version_3(db)
    assert "regulator" not in {row[1] for row in sqlite3.connect(db).execute("PRAGMA table_info(penalty)")}
    engine = make_engine(f"sqlite:///{db}")
    assert migrate(engine) == [4]
    engine.dispose()
    built = site_files(build_tiny_site(tmp_path, db=db))
    expected = site_files(GOLDEN)
    assert sorted(built) == sorted(expected)
    for rel, path in built.items():
        assert path.read_bytes() == expected[rel].read_bytes(), rel


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, PbocCorpus]]:
    """A database both spiders crawled from the local server, and the site built from it."""
    root = tmp_path_factory.mktemp("mixed")
    db = root / "fadan.db"
    pboc = PbocCorpus(24, seed=8)
    with serve(Corpus(150, seed=8), pboc=pboc) as server:
        for spider in ("nfra", "pboc"):
            result = crawl(server.base_url, f"sqlite:///{db}", spider=spider)
            assert result.returncode == 0, result.stdout + result.stderr
    yield db, build_tiny_site(root, db=db, downloads=True), pboc


def test_pboc_notices_have_pages_of_their_own(mixed: tuple[Path, Path, PbocCorpus]) -> None:
    _db, site, pboc = mixed
    for article_id in pboc.article_ids():
        page = (site / "notices" / f"pboc-{article_id}" / "index.html").read_text(encoding="utf-8")
        assert pboc.expected(article_id)["parties"][0]["decision_no"] in page
    assert not [p for p in (site / "notices").iterdir() if p.name.startswith("-")]  # no surrogate key in a URL
    regulators = (site / "regulators" / "index.html").read_text(encoding="utf-8")
    assert 'href=/regulators/zhong-guo-ren-min-yin-hang/' in regulators
    office = (site / "regulators" / "zhong-guo-ren-min-yin-hang" / "index.html").read_text(encoding="utf-8")
    assert f"/notices/pboc-{pboc.article_ids()[0]}/#p1" in office


def test_bank_totals_cover_both_regulators_split_by_regulator(mixed: tuple[Path, Path, PbocCorpus]) -> None:
    db, site, _ = mixed
    con = sqlite3.connect(db)
    both = con.execute(
        "SELECT bank_group FROM penalty WHERE bank_group IS NOT NULL GROUP BY bank_group "
        "HAVING count(DISTINCT regulator) = 2 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    assert both is not None, "the corpus needs a bank fined by both regulators"
    split = dict(con.execute(
        "SELECT regulator, count(*) FROM penalty WHERE bank_group = ? GROUP BY regulator", both).fetchall())
    pages = [p for p in (site / "banks").glob("*/index.html")
             if f"<h1>{both[0]}" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1, both
    html = pages[0].read_text(encoding="utf-8")
    total = re.search(r"<dt>处罚（当事人）<dd>(?:<a [^>]*>)?([\d,]+)", html)  # the figure may link its receipt
    assert total and int(total.group(1).replace(",", "")) == split["nfra"] + split["pboc"]
    by_source = re.search(r"<div class=by-source><dt>按监管部门<dd>(.*?)</div>", html)
    assert by_source is not None
    shown = re.sub(r"<[^>]+>", "", by_source.group(1))  # each share links its receipt
    assert shown.startswith(f"金融监管总局 {split['nfra']} 项，")
    assert f"；人民银行 {split['pboc']} 项，" in shown
    index = (site / "banks" / "index.html").read_text(encoding="utf-8")
    row = re.search(rf">{both[0]}</a><td>.*?<td>(金融监管总局.*?)\n", index)  # a row ends at its line's end
    assert row and re.sub(r"<[^>]+>", "", row.group(1)) == f"金融监管总局 {split['nfra']} · 人民银行 {split['pboc']}"


def test_downloads_carry_the_regulator(mixed: tuple[Path, Path, PbocCorpus]) -> None:
    db, site, pboc = mixed
    with zipfile.ZipFile(site / "data" / "fadan-penalties.csv.zip") as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_regulator = {r: [row for row in rows if row["regulator"] == r] for r in ("nfra", "pboc")}
    con = sqlite3.connect(db)
    assert len(by_regulator["pboc"]) == con.execute("SELECT count(*) FROM penalty WHERE regulator='pboc'").fetchone()[0]
    first = by_regulator["pboc"][0]
    assert first["page_url"].endswith(f"/notices/pboc-{first['source_key']}/#p{first['seq']}")
    assert first["source_key"] in pboc.article_ids() and first["disclosure_years"] in ("3", "5")
    assert all(row["source_key"] == "" for row in by_regulator["nfra"])


def test_feeds_and_about_name_the_regulator(mixed: tuple[Path, Path, PbocCorpus]) -> None:
    _db, site, _ = mixed
    feeds = [p.read_text(encoding="utf-8") for p in (site / "banks").glob("*/feed.xml")]
    assert any('<category term="pboc" label="人民银行"/>' in feed for feed in feeds)
    assert any('<category term="nfra" label="金融监管总局"/>' in feed for feed in feeds)
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "各监管部门的收录范围" in about
    pboc_row = r"<th scope=row>中国人民银行<td>仅总行“行政处罚公示”栏目.*?<td>2024年3月\d+日 至 "
    assert re.search(pboc_row, about)
    regulators = (site / "regulators" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id=\"g\d+\">([^<]+)</h2>", regulators)
    assert headings[:2] == ["总局", "中国人民银行"]  # its own heading, right after NFRA's headquarters


def test_a_pboc_notice_without_a_table_shows_its_article(tmp_path: Path) -> None:
    from models.store import Store
    from scrapers.ingest import ingest

    page = (Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"
            / "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html").read_text(encoding="utf-8")
    # The same article published as paragraphs (as an attachment-only or text notice would be).
    text_only = page.replace("<table", "<div").replace("</table>", "</div>")
    db = make_tiny_db(tmp_path / "tiny.db")
    url = "https://www.pbc.gov.cn/x/5860077/index.html"
    result = ingest(Store(make_engine(f"sqlite:///{db}")), "", text_only, 4081705, url, url, "pboc", "5860077")
    assert (result.parse_status, result.parties) == ("failed", 0)
    html = (build_tiny_site(tmp_path, db=db) / "notices" / "pboc-5860077" / "index.html").read_text(encoding="utf-8")
    assert "no penalty table" in html and "原文（已清理格式）" in html
    assert "银罚决字〔2025〕33号" in html  # the article's text, sanitized
    assert "京ICP备" not in html  # not the site's navigation and footer
