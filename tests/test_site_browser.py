"""The built site in headless Chromium: pages render, nothing is requested from another host, and a
<script> in a party name is shown, never run. (Search: tests/test_search_browser.py.)"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from test_site_fixtures import SCRIPT_NAME, build_tiny_site

from qa.chromium import find_chromium

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium on PATH (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = build_tiny_site(tmp_path_factory.mktemp("site"), base_url="http://127.0.0.1/")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("javascript", [True, False])
def test_pages_render_locally_and_keep_script_text_inert(served: str, javascript: bool) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(java_script_enabled=javascript)
        hosts: set[str] = set()
        dialogs: list[str] = []
        page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(served)
        assert page.title() == "金融监管行政处罚信息库 · 罚单 Fadan"
        assert page.locator("svg.chart").count() >= 2
        page.goto(served + "notices/1006/")
        assert SCRIPT_NAME in page.locator("#p1 h2").inner_text()
        page.set_viewport_size({"width": 375, "height": 800})
        page.goto(served + "banks/zhong-guo-gong-shang-yin-hang/")
        assert page.locator("h1").inner_text() == "中国工商银行"
        assert page.evaluate("document.documentElement.scrollWidth") <= 380  # no sideways scrolling on a phone
        browser.close()
    assert dialogs == []
    assert hosts == {urlsplit(served).netloc}
