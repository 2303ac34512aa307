"""Search across regulators in headless Chromium: a PBOC penalty (the real page 5860077 stored beside the
tiny NFRA corpus) is found by its bank's name and by the regulator filter, and links to /notices/pboc-…/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from test_search_browser import BASE_PATH, CHROMIUM, hit_links, open_search, render_search_page, serve
from test_site_fixtures import make_tiny_db

from models.db import make_engine
from models.store import Store
from qa.search_reader import SearchIndex
from scrapers.ingest import ingest
from sitegen.search.writer import write_search_index

PBOC_PAGE = (Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"
             / "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium on PATH"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-regulators")
    db = make_tiny_db(tmp / "mixed.db")
    engine = make_engine(f"sqlite:///{db}")
    url = "https://www.pbc.gov.cn/zhengwugongkai/4081330/4081344/4081407/4081705/5860077/index.html"
    result = ingest(Store(engine), "", PBOC_PAGE.read_text(encoding="utf-8"), 4081705, url, url, "pboc", "5860077")
    assert result.parties == 8
    www = tmp / "www"
    write_search_index(engine, www / "fadan", chunk_size=16, shards=3)
    render_search_page(www / "fadan")
    server = serve(www)
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}search/",
           "index": SearchIndex(www / "fadan" / "search" / "idx")}
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    yield pg
    context.close()
    assert errors == []


def test_a_pboc_penalty_is_found_by_bank_name(site, page):
    assert open_search(page, site["url"] + "?q=" + quote("浙商银行") + "&sort=date-asc") == "done"
    links = hit_links(page)
    assert f"{BASE_PATH}notices/pboc-5860077/#p1" in links
    assert f"{BASE_PATH}notices/pboc-5860077/#p2" in links  # 宋某仁, named with 浙商银行 in his role
    assert not [link for link in links if "/notices/-" in link]  # never the surrogate doc_id


def test_the_regulator_filter_keeps_one_regulators_penalties(site, page):
    assert open_search(page, site["url"] + "?reg=pboc") == "done"
    assert int(page.get_attribute("#search-app", "data-count")) == 8
    assert all(link.startswith(f"{BASE_PATH}notices/pboc-5860077/#p") for link in hit_links(page))
    assert page.input_value("#s-reg") == "pboc"
    options = page.eval_on_selector_all("#s-reg option", "els => els.map(e => e.textContent)")
    assert "人民银行（8）" in options
    # The same bank's name under NFRA's filter: the tiny NFRA corpus has no 浙商银行.
    assert open_search(page, site["url"] + "?q=" + quote("浙商银行") + "&reg=nfra") == "empty"
    nfra = site["index"].search("", reg=["nfra"]).count
    assert open_search(page, site["url"] + "?reg=nfra") == "done"
    assert int(page.get_attribute("#search-app", "data-count")) == nfra > 0
