"""Untrusted notice text stays text; source HTML is sanitized; nothing is loaded from another host;
paths cannot escape the site; the database is only read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import lxml.html
import pytest
from test_site_fixtures import SCRIPT_NAME, build_tiny_site, make_tiny_db

from sitegen.core.database import DatabaseMissing, open_database
from sitegen.core.sanitize import clean_source
from sitegen.core.writer import SiteWriter, UnsafePath


def test_script_in_a_party_name_renders_as_text(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    page = out / "notices" / "1006" / "index.html"
    html = page.read_text("utf-8")
    assert "<script>alert" not in html
    doc = lxml.html.fromstring(html)
    assert not doc.xpath("//script")
    heading = doc.xpath("//section[@id='p1']/h2")[0].text_content()
    assert SCRIPT_NAME in heading
    # Markup in the facts is shown, not interpreted.
    assert doc.xpath("//section[@id='p1']//dd[contains(., '<b>违规</b>收取费用 & 侵害')]")
    # Every page that names it (listings, search-free pages) keeps it as text.
    for path in out.rglob("*.html"):
        if "/search/" not in path.as_posix():
            assert "<script>alert" not in path.read_text("utf-8"), path


def test_failed_notice_shows_sanitized_source(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    doc = lxml.html.parse(str(out / "notices" / "1005" / "index.html")).getroot()
    source = doc.xpath("//div[@class='source-text']")[0]
    assert "当事人：大连某融资担保有限公司" in source.text_content()
    assert "处罚内容：罚款20万元" in source.text_content()
    inside = "descendant::script|descendant::style|descendant::img|descendant::a|descendant::*/@*"
    assert not source.xpath(inside)
    assert "DocumentProperties" not in lxml.html.tostring(source, encoding="unicode")
    assert "未能从原文解析出处罚明细" in doc.text_content()


@pytest.mark.parametrize("hostile", [
    "<p onclick=alert(1)>x</p><script>alert(1)</script>",
    "<img src=x onerror=alert(1)><iframe src=//evil></iframe>",
    "<table><tr><td rowspan=2 style='x'>a<a href=javascript:alert(1)>b</a>",
    "<svg><script>alert(1)</script></svg><math><mi>x</mi></math>",
    "<" * 5000 + "p>",
])
def test_clean_source_keeps_no_active_content(hostile: str) -> None:
    html, _ = clean_source(hostile)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    assert not tree.xpath("//script|//img|//iframe|//svg|//a|//@onclick|//@onerror|//@style|//@href|//@src")


def test_long_source_is_cut_with_balanced_tags() -> None:
    html, truncated = clean_source("<table>" + "<tr><td>当事人甲</td><td>罚款10万元</td></tr>" * 2000 + "</table>",
                                   limit=3000)
    assert truncated and len(html) <= 3100
    assert html.count("<table>") == html.count("</table>") == 1


def test_notice_pages_mark_removed_and_partial_notices(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    removed = (out / "notices" / "1003" / "index.html").read_text("utf-8")
    assert "此公告已于 2025年3月5日 从国家金融监督管理总局网站撤下，本站保留存档" in removed
    partial = (out / "notices" / "1004" / "index.html").read_text("utf-8")
    assert "原文仅部分解析成功（第 3 行的列数与表头不符，已跳过）" in partial
    ok = (out / "notices" / "1001" / "index.html").read_text("utf-8")
    assert "撤下" not in ok and "部分解析" not in ok


def test_no_page_requests_another_host(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    for path in list(out.rglob("*.html")) + list(out.rglob("*.css")):
        text = path.read_text("utf-8")
        doc = lxml.html.fromstring(text) if path.suffix == ".html" else None
        if doc is not None:
            for url in doc.xpath("//script/@src|//img/@src|//link[@rel='stylesheet' or @rel='icon']/@href"):
                assert url.startswith("/"), (path, url)
        assert "@import" not in text and "url(http" not in text, path


@pytest.mark.parametrize("path", ["../x.html", "a/../../x", "/etc/passwd", "a//b", ".hidden/x", "a/./b", ""])
def test_writer_refuses_paths_outside_the_site(tmp_path: Path, path: str) -> None:
    writer = SiteWriter(tmp_path / "out", "v")
    with pytest.raises(UnsafePath):
        writer.write(path, "x", "d", "test")


def test_build_only_reads_the_database(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    engine = open_database(f"sqlite:///{db}")
    with engine.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM penalty")
    engine.dispose()
    build_tiny_site(tmp_path, db=db)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    # SQLite may create its shared-memory index beside a WAL database, but no write-ahead data.
    wal = tmp_path / "tiny.db-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatabaseMissing, match="no database at"):
        open_database(f"sqlite:///{tmp_path / 'nope.db'}")
    assert not (tmp_path / "nope.db").exists()
