"""A notice the parser could not read is shown as its sanitised source, in bounded work.

html5ever (inside nh3) is quadratic in nesting depth: a 2.2 MB notice of nested <div>s once took a
build from 0.9 s to 83 s. The sanitiser's input is capped in size and depth, measured here by what nh3
is handed (never by the clock), and the page says the source is cut and links to the original.
"""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path

import nh3
import pytest
from test_site_fixtures import build_tiny_site, make_tiny_db, tiny_notices

import sitegen.core.sanitize as sanitize
from models.record import NoticeMeta, ParsedNotice

DEEP_DOC = 3101
VOID = {"br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "embed", "param", "source",
        "track"}


def deep_clob(size: int = 2_000_000) -> str:
    """Word-like noise, a readable start, then <div>s nested until the notice is `size` characters long."""
    head = "<p class=MsoNormal><span>当事人：某某融资担保有限公司</span></p><p>处罚内容：罚款20万元</p>"
    depth = (size - len(head)) // 11
    return head + "<div>" * depth + "<p>深处的文字</p>" + "</div>" * depth


class _Depth(HTMLParser):
    """The deepest element nesting of a document (a reference count, independent of the code under test)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(0, self.depth - 1)


def depth_of(html: str) -> int:
    parser = _Depth()
    parser.feed(html)
    return parser.deepest


@pytest.fixture
def nh3_inputs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every document the sanitiser hands to nh3."""
    seen: list[str] = []
    real = nh3.clean

    def recording(html: str, **kwargs: object) -> str:
        seen.append(html)
        return real(html, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sanitize.nh3, "clean", recording)
    return seen


@pytest.mark.timeout(120)
def test_a_deep_two_megabyte_source_is_cut_before_the_sanitiser(nh3_inputs: list[str]) -> None:
    clob = deep_clob()
    assert len(clob) >= 2_000_000 and depth_of(clob) > 150_000
    html, truncated = sanitize.clean_source(clob)
    assert truncated
    assert nh3_inputs, "nothing was sanitised"
    for given in nh3_inputs:
        assert len(given) <= sanitize.SOURCE_INPUT_LIMIT
        assert depth_of(given) <= sanitize.MAX_DEPTH
    assert "罚款20万元" in html  # the readable start is still shown


def test_an_ordinary_source_is_not_cut(nh3_inputs: list[str]) -> None:
    clob = ("<table>" + "<tr><td><p class=MsoNormal><span>当事人甲</span></p></td><td>罚款10万元</td></tr>" * 100
            + "</table>" + "<p>段落" * 500)  # Word leaves <p> open: siblings, not nesting
    html, truncated = sanitize.clean_source(clob)
    assert not truncated and html.count("罚款10万元") == 100 and html.count("段落") == 500
    assert nh3_inputs[0] == clob


@pytest.mark.timeout(300)
def test_the_page_of_a_deep_notice_says_it_is_cut_and_links_the_original(tmp_path: Path) -> None:
    meta = NoticeMeta(doc_id=DEEP_DOC, title="某监管分局行政处罚信息公开表（嵌套）",
                      published_at=datetime(2025, 6, 1, 9), issuer="大连金融监管局", level="sub-provincial",
                      item_id=4293)
    failed = ParsedNotice(layout="unknown", parse_status="failed", parse_error="没有可识别的表格", parties=[])
    db = make_tiny_db(tmp_path / "tiny.db", [*tiny_notices(), (meta, failed, deep_clob())])
    out = build_tiny_site(tmp_path, db=db)
    page = (out / "notices" / str(DEEP_DOC) / "index.html").read_text("utf-8")
    assert "此处只显示开头部分" in page
    source = f"https://www.nfra.gov.cn/cn/view/pages/ItemDetail.html?docId={DEEP_DOC}&amp;itemId=4293&amp;generaltype=9"
    note = page[page.index("此处只显示开头部分"):]
    assert f'<a href="{source}" rel=nofollow>原文</a>' in note[:400]
    assert "罚款20万元" in page
