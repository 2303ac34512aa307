"""In headless Chromium (the Chromium on PATH, through Playwright), with JavaScript on and off: a reader
goes from a number on the home page and on a bank page to its receipt in one click, and finds there the same
number, the rule, the records, the CSV and the sentence to cite."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from test_site_fixtures import build_tiny_site, make_tiny_db, tiny_notices
from test_site_receipts import receipt_notices, row_sentences

from qa.chromium import find_chromium

CHROMIUM = find_chromium()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium on PATH")]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("receipts-browser")
    db = make_tiny_db(tmp / "receipts.db", [*tiny_notices(), *receipt_notices()])
    out = build_tiny_site(tmp, base_url="http://127.0.0.1/", db=db)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _follow(page, link, anchor: str) -> str:
    """Click a figure's link; return the figure it showed after checking the receipt shows the same."""
    shown = link.inner_text()
    link.click()
    page.wait_for_load_state()
    assert "/stats/" in page.url and page.url.endswith("#" + anchor)
    assert page.locator(f"#{anchor} dd").inner_text().startswith(shown)
    assert page.locator("#rules").is_visible()  # the counting rules are on the page
    sentence = page.locator("p.cite textarea").input_value()
    # It cites the page it is on, at the site's public address (--base-url).
    assert sentence.startswith("据罚单（Fadan）统计，") and f"http://127.0.0.1{urlsplit(page.url).path}）。" in sentence
    return shown


@pytest.mark.parametrize("javascript", [True, False])
def test_from_home_and_bank_page_to_the_receipt(served: str, javascript: bool) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(java_script_enabled=javascript)
        page.goto(served)
        tickets = _follow(page, page.locator("dl.totals a[href$='#tickets']").first, "tickets")
        assert page.locator("h1").inner_text().startswith("2025 年")
        download = page.locator("a[download]")
        csv = page.request.get(served + download.get_attribute("href").lstrip("/"))
        rows = gzip.decompress(csv.body()).decode("utf-8-sig").strip().splitlines()
        # A year's records are rows a–b (after the header) of every record's CSV, which its link names.
        first, _, last = download.get_attribute("data-rows").partition("-")
        year = rows[int(first):int(last) + 1]
        assert csv.ok and len(year) == int(tickets) and all(r.startswith("2025-") for r in year)  # 发布日期
        page.locator("#records + p a").first.click()  # the listing that holds them
        page.wait_for_load_state()
        assert page.url.endswith("/years/2025/") and page.locator("ol.entries li").count() == int(tickets)

        page.goto(served + "banks/zhong-guo-nong-ye-yin-hang/")
        # 90万 (notice 1001) and the joint 40万 of notice 2002, counted once on its first party; the
        # 罚没合计 of notice 2001 is not a fine; 150万 and 5万 from the PBOC.
        assert _follow(page, page.locator("dl.totals a[href$='#fines']").first, "fines") == "285万元"
        assert "自最早起第 1–7 条" in page.locator("#records + p").inner_text()
        # The PBOC's share beside it links its row on the bank's receipt, whose sentence names the PBOC.
        page.go_back()
        page.wait_for_load_state()
        pboc = page.locator("div.by-source a[href$='#source-pboc']").last  # its 罚款
        assert pboc.inner_text() == "155万元"
        pboc.click()
        page.wait_for_load_state()
        assert page.url.endswith("/stats/all/bank/zhong-guo-nong-ye-yin-hang/#source-pboc")
        assert page.locator("#source-pboc td").nth(3).inner_text() == "155万元"  # 罚单, 机构, 个人, 罚款合计
        # The row's sentence: shown under it by the script; without it, the table's note states its template.
        expected = row_sentences(page.content())["source-pboc"]
        assert expected.startswith("据罚单（Fadan）统计，") and "人民银行公开的" in expected
        assert expected.endswith("#source-pboc）。")
        if javascript:
            assert page.locator("#source-pboc + tr.cite textarea").input_value() == expected
        else:
            assert page.locator("tr.cite").count() == 0 and page.locator("span.template").first.is_visible()
        browser.close()


# The rows of the bank's receipt whose sentence is checked word for word (tests/test_site_receipts.py has it
# from the page's template and SQL's figures): a region and a regulator's share of the bank.
SI_CHUAN = ("据罚单（Fadan）统计，2023年以来，金融监管总局及其派出机构公开的、涉及中国农业银行的、四川地区的罚单2张，"
            "罚款合计0元，罚没合计120万元（按发布日期，截至2025年1月6日；"
            "http://127.0.0.1/stats/all/bank/zhong-guo-nong-ye-yin-hang/#region-si-chuan）。")


# A branch's row on its group's receipt (its name a link to the branch's page) and a category row under it, whose
# 范围 is not on the row but made from the branch row's and the note's words (the table's default for a sub-row).
UNIT = "unit-ning-bo-fen-hang-cafbb8"
UNIT_CATEGORY = UNIT + "-violation-credit-card"


@pytest.mark.parametrize("receipt", ["stats/all/bank/zhong-guo-nong-ye-yin-hang/", "stats/all/bank/ning-bo-yin-hang/",
                                     "stats/all/bank/zhong-guo-gong-shang-yin-hang/",
                                     "stats/all/bank/script-alert-x-script-mou-mou-xiao-e-dai-kuan-you-xian-gong-si/"])
def test_the_script_shows_each_rows_sentence(served: str, receipt: str) -> None:
    """Opened at a row's anchor, a receipt shows that row's sentence at once, selected; each row's 引用
    button shows its own: the sentence the Python side gives (the template filled from the row), for
    every breakdown and tree row, a hostile name's included, without a console error."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        expected = row_sentences(page.request.get(served + receipt).text())
        rows = page.locator("tbody tr[id]")
        first = sorted(expected)[0]
        page.goto(f"{served}{receipt}#{first}")
        page.wait_for_load_state()
        shown = page.locator(f"#{first} + tr.cite textarea")
        assert shown.input_value() == expected[first]
        # Selected whole, ready to copy; read-only.
        assert shown.evaluate("a => [a.selectionStart, a.selectionEnd, a.readOnly]") == [0, len(expected[first]), True]
        assert page.locator("tr.cite").count() == 1
        assert rows.count() == len(expected) >= 2  # a breakdown row and a tree row at least
        for anchor, sentence in expected.items():
            if anchor == first:
                continue
            page.locator(f'[id="{anchor}"] > th button').click()
            assert page.locator(f'[id="{anchor}"] + tr.cite textarea').input_value() == sentence, anchor
        if "zhong-guo-nong-ye-yin-hang" in receipt:
            assert expected["region-si-chuan"] == SI_CHUAN
        if "zhong-guo-gong-shang-yin-hang" in receipt:  # checked above like every row: here, that they are there
            assert page.locator(f"#{UNIT} > th a").get_attribute("href").endswith("/branches/ning-bo-fen-hang-cafbb8/")
            assert page.locator(f"#{UNIT_CATEGORY}").get_attribute("data-scope") is None
            assert "、对中国工商银行宁波分行开出的罚单" in expected[UNIT]
            assert "、对中国工商银行宁波分行开出的、因“信用卡”相关问题开出的罚单" in expected[UNIT_CATEGORY]
        # A second click hides the sentence again.
        page.locator(f"#{first} > th button").click()
        assert page.locator(f"#{first} + tr.cite").count() == 0
        # A name's anchor on a tree row's header (#branch-…, linked from the bank page): that row's sentence.
        alias = page.locator("tbody th[id]")
        if alias.count():
            name, row = alias.first.get_attribute("id"), alias.first.evaluate("th => th.parentElement.id")
            if page.locator(f"#{row} + tr.cite").count():  # hidden first: the anchor must show it again
                page.locator(f"#{row} > th button").click()
            assert page.locator(f"#{row} + tr.cite").count() == 0
            page.goto(f"{served}{receipt}#{name}")
            assert page.locator(f"#{row} + tr.cite textarea").input_value() == expected[row]
        assert not errors, errors
        assert all(u.startswith(served) for u in requested), requested  # nothing from another host
        browser.close()


def test_from_the_people_page_and_a_person_to_the_people_receipt(served: str) -> None:
    """The register's counts (people, not tickets) go to stats/all/people/ in one click: the same number, the
    rule of who is one person, the sentence to cite; a person page's count to that person's row."""
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(java_script_enabled=False)
        page.goto(served + "people/")
        link = page.locator("dl.totals a[href$='#people']")
        shown = link.inner_text()
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith("/stats/all/people/#people")
        assert page.locator("#people dd").inner_text() == shown
        assert "同一份公告" in page.locator("#register-rules").inner_text()  # the register's rule
        sentence = page.locator(".cite textarea").input_value()
        assert f"个人共{shown}人" in sentence and sentence.endswith("http://127.0.0.1/stats/all/people/）。")
        page.goto(served + "people/zhou-jian-guo-2101/")
        count = page.locator("p.lead a")
        assert count.inner_text() == "2"  # 周建国, twice at 工商银行宁波分行
        count.click()
        page.wait_for_load_state()
        assert page.url.endswith("#zhou-jian-guo-2101")
        assert page.locator("#zhou-jian-guo-2101 td").nth(1).inner_text() == "2"
        browser.close()
