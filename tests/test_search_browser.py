"""/search/ in headless Chromium (the Chromium on PATH, through Playwright) against the built index
and search.html, served by a local http.server under a path prefix (/fadan/), as on a project site."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, StrictUndefined
from test_search_index import make_corpus

from qa.chromium import find_chromium
from qa.search_reader import SearchIndex
from sitegen.core import urls
from sitegen.search.writer import write_search_index

CHROMIUM = find_chromium()
ROOT = Path(__file__).resolve().parents[1]
BASE_PATH = "/fadan/"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium on PATH (apt-get install chromium)"),
]

# The blocks and globals of the base template contract (site/templates/base.html), nothing else, so this
# tests search.html on its own terms.
STUB_BASE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{% block title %}{% endblock %} · 罚单</title>{% block head %}{% endblock %}</head>
<body><main id="main">{% block content %}{% endblock %}</main>{% block scripts %}{% endblock %}</body></html>"""


def render_search_page(site: Path) -> None:
    env = Environment(
        loader=ChoiceLoader([DictLoader({"base.html": STUB_BASE}), FileSystemLoader(ROOT / "site" / "templates")]),
        autoescape=True, undefined=StrictUndefined,
    )
    env.globals.update(
        url=lambda path="": BASE_PATH + path,
        paths=urls,
        static=lambda name: f"{BASE_PATH}static/{name}",
        site={"name": "罚单", "name_en": "Fadan", "base_path": BASE_PATH, "base_url": "http://localhost" + BASE_PATH},
    )
    html = env.get_template("search.html").render(page_path="search/", canonical="", nav="search")
    (site / "search").mkdir(parents=True, exist_ok=True)
    (site / "search" / "index.html").write_text(html, encoding="utf-8")
    (site / "static").mkdir(exist_ok=True)
    for name in ("search.js", "search.css"):
        shutil.copy(ROOT / "site" / "static" / name, site / "static" / name)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def serve(directory: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-browser")
    engine = make_corpus(tmp, extra=120, seed=11)
    www = tmp / "www"
    write_search_index(engine, www / "fadan", chunk_size=16, shards=5)
    render_search_page(www / "fadan")
    broken = tmp / "broken"  # the page without its index
    render_search_page(broken / "fadan")
    server, broken_server = serve(www), serve(broken)
    yield {
        "url": f"http://127.0.0.1:{server.server_address[1]}{BASE_PATH}search/",
        "broken": f"http://127.0.0.1:{broken_server.server_address[1]}{BASE_PATH}search/",
        "index": SearchIndex(www / "fadan" / "search" / "idx"),
    }
    server.shutdown()
    broken_server.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
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


def settle(page) -> str:
    page.wait_for_function(
        "['done', 'empty', 'error', 'idle'].includes(document.getElementById('search-app').dataset.state)",
        timeout=20_000,
    )
    return page.get_attribute("#search-app", "data-state")


def open_search(page, url: str) -> str:
    page.goto(url)
    return settle(page)


def hit_links(page) -> list[str]:
    return page.eval_on_selector_all(".s-hit h2 a", "els => els.map(e => e.getAttribute('href'))")


def expected_links(index: SearchIndex, result, start: int = 0, size: int = 20) -> list[str]:
    links = []
    for number in result.records[start : start + size].tolist():
        if not index.verified(number, result.plan):
            continue
        rec = index.record(number)
        links.append(f"{BASE_PATH}notices/{rec['notice']['doc_id']}/" + (f"#p{rec['seq']}" if rec["seq"] else ""))
    return links


def test_party_name_search_runs_on_load_and_links_to_the_party(site, page):
    assert open_search(page, site["url"] + "?q=" + quote("李明远")) == "done"
    assert hit_links(page) == [f"{BASE_PATH}notices/1001/#p2"]
    assert page.input_value("#s-q") == "李明远"
    assert "找到 1 条" in page.text_content("#search-status")
    assert page.text_content(".s-hit .s-sanction") == "罚款 5万元 · 警告"
    # A 罚没合计 stated only as one sum is shown as money, like a fine.
    assert open_search(page, site["url"] + "?q=" + quote("罚没")) == "done"
    assert hit_links(page) == [f"{BASE_PATH}notices/1006/#p1"]
    assert page.text_content(".s-hit .s-sanction") == "罚没合计 622.33万元 · 警告"
    # A notice whose parties could not be parsed is found by its title and links to the notice itself.
    assert open_search(page, site["url"] + "?q=" + quote("送达行政处罚决定书")) == "done"
    assert hit_links(page) == [f"{BASE_PATH}notices/1005/"]


def test_phrase_search_shows_only_records_with_the_phrase(site, page):
    index = site["index"]
    assert open_search(page, site["url"] + "?q=" + quote("违规发放贷款") + "&prov=" + quote("浙江")) == "done"
    result = index.search("违规发放贷款", prov=["浙江"])
    assert hit_links(page) == expected_links(index, result)
    assert f"{BASE_PATH}notices/1001/#p1" in hit_links(page)
    marks = page.eval_on_selector_all(".s-hit mark", "els => els.map(e => e.textContent)")
    assert "违规发放贷款" in marks
    # 重庆农商行's facts hold every bigram of the phrase, apart: a candidate, but not shown.
    assert open_search(page, site["url"] + "?q=" + quote("违规发放贷款") + "&prov=" + quote("重庆")) == "empty"
    assert "分散" in page.text_content("#search-status")


def test_a_filter_narrows_the_results(site, page):
    index = site["index"]
    assert open_search(page, site["url"] + "?q=" + quote("贷款")) == "done"
    everything = int(page.get_attribute("#search-app", "data-count"))
    assert everything == index.search("贷款").count
    assert open_search(page, site["url"] + "?q=" + quote("贷款") + "&prov=" + quote("浙江") + "&kind=fine") == "done"
    narrowed = int(page.get_attribute("#search-app", "data-count"))
    assert narrowed == index.search("贷款", prov=["浙江"], kind=["fine"]).count
    assert 0 < narrowed < everything
    assert page.input_value("#s-prov") == "浙江"
    assert page.input_value("#s-kind") == "fine"
    assert page.is_visible("#s-kind")  # a link that sets filters shows them
    assert "已设 2 项" in page.text_content("#s-more summary")


def test_filter_only_link_and_year(site, page):
    index = site["index"]
    assert open_search(page, site["url"] + "?year=2024&who=individual") == "done"
    result = index.search("", year=[2024], who=["individual"])
    assert int(page.get_attribute("#search-app", "data-count")) == result.count
    assert hit_links(page) == expected_links(index, result)


def test_form_submission_updates_the_link(site, page):
    assert open_search(page, site["url"]) == "idle"
    assert "条处罚记录" in page.text_content("#search-status")
    page.fill("#s-q", "李明远")
    page.press("#s-q", "Enter")
    page.wait_for_function("document.getElementById('search-app').dataset.state === 'done'")
    assert "q=" + quote("李明远") in page.url or "李明远" in unquote(page.url)
    assert hit_links(page) == [f"{BASE_PATH}notices/1001/#p2"]
    page.fill("#s-q", "")
    assert not page.is_visible("#s-kind")  # filters start folded away
    page.click("#s-more summary")
    page.select_option("#s-kind", "lifetime")
    page.click(".s-actions button")
    page.wait_for_function("location.search.includes('kind=lifetime')")
    assert settle(page) == "done"
    assert int(page.get_attribute("#search-app", "data-count")) == site["index"].search("", kind=["lifetime"]).count
    page.go_back()
    page.wait_for_function("!location.search.includes('kind=')")
    settle(page)
    assert page.input_value("#s-q") == "李明远"


def test_script_in_a_party_name_renders_as_text(site, page):
    assert open_search(page, site["url"] + "?q=" + quote("恶意测试银行")) == "done"
    assert page.text_content(".s-hit h2 a") == "<script>window.__pwned=1</script>恶意测试银行"
    assert "onerror" in page.text_content(".s-hit .s-facts")
    assert page.evaluate("window.__pwned") is None
    assert page.eval_on_selector_all("#search-results script, #search-results img", "els => els.length") == 0


def test_amount_sort_and_pagination(site, page):
    index = site["index"]
    result = index.search("银行", sort="amount")
    assert result.count > 40
    assert open_search(page, site["url"] + "?q=" + quote("银行") + "&sort=amount") == "done"
    assert hit_links(page) == expected_links(index, result, 0)
    page.click("#search-pages a[rel=next]")
    page.wait_for_function("location.search.includes('page=2')")
    assert settle(page) == "done"
    assert hit_links(page) == expected_links(index, result, 20)
    assert page.get_attribute("#search-pages a[aria-current=page]", "href").endswith("page=2")


def test_group_filter_accepts_a_short_name_or_offers_choices(site, page):
    assert open_search(page, site["url"] + "?group=" + quote("农业银行")) == "done"
    assert sorted(hit_links(page)) == [f"{BASE_PATH}notices/1001/#p1", f"{BASE_PATH}notices/1001/#p2"]
    assert open_search(page, site["url"] + "?group=" + quote("银行")) == "empty"
    choices = page.eval_on_selector_all(".s-choices a", "els => els.map(e => e.textContent)")
    assert any(c.startswith("中国工商银行") for c in choices) and len(choices) > 2


def test_filter_options_come_from_the_index(site, page):
    open_search(page, site["url"])
    options = page.eval_on_selector_all("#s-prov option", "els => els.map(e => e.value)")
    assert "浙江" in options and "重庆" in options
    years = page.eval_on_selector_all("#s-year option", "els => els.map(e => e.value)")
    assert "2025" in years and "2019" in years


def test_missing_index_is_a_clear_error(site, page):
    assert open_search(page, site["broken"] + "?q=" + quote("贷款")) == "error"
    assert "无法读取搜索索引" in page.text_content("#search-status")


def test_an_institution_is_not_named_twice_and_a_person_shows_their_post(site, page):
    def who_lines(query: str) -> dict[str, str]:
        assert open_search(page, site["url"] + "?q=" + quote(query)) == "done"
        return dict(page.eval_on_selector_all(
            ".s-hit", "els => els.map(e => [e.querySelector('h2 a').textContent, "
                      "(e.querySelector('.s-who') || {textContent: ''}).textContent])"))

    # Penalized in its own name: the party is its own institution, and its group is in its name.
    assert who_lines("杭州西湖支行") == {
        "中国农业银行股份有限公司杭州西湖支行": "",
        "李明远": "时任中国农业银行股份有限公司杭州西湖支行行长",  # the institution is in the post already
    }
    assert who_lines("王晓虹")["王晓虹"] == "时任重庆农村商业银行股份有限公司信用卡中心总经理"
