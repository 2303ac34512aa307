"""Atom feeds parse as XML, carry absolute links to pages that exist, and keep hostile text as text."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from test_site_fixtures import GOLDEN_BASE_URL, SCRIPT_NAME, build_tiny_site

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feeds_are_atom_with_links_to_built_pages(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    feeds = sorted(out.rglob("feed.xml"))
    assert out / "feed.xml" in feeds
    assert out / "banks" / "zhong-guo-gong-shang-yin-hang" / "feed.xml" in feeds
    assert out / "violations" / "credit" / "feed.xml" in feeds
    assert out / "regions" / "zhe-jiang" / "feed.xml" in feeds
    for feed in feeds:
        root = etree.parse(str(feed)).getroot()  # raises on anything that is not well-formed XML
        assert root.tag == f"{ATOM}feed"
        entries = root.findall(f"{ATOM}entry")
        assert entries, feed
        for entry in entries:
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(GOLDEN_BASE_URL)
            page = link[len(GOLDEN_BASE_URL):].split("#")[0]
            assert (out / page / "index.html").is_file(), link
            assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}updated")


def test_main_feed_lists_newest_notice_first(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    root = etree.parse(str(out / "feed.xml")).getroot()
    ids = [e.findtext(f"{ATOM}id") for e in root.findall(f"{ATOM}entry")]
    assert ids[0] == f"{GOLDEN_BASE_URL}notices/1006/"
    assert ids[-1] == f"{GOLDEN_BASE_URL}notices/1001/"
    assert root.findtext(f"{ATOM}updated") == "2025-06-03T00:00:00+08:00"


def test_script_party_name_is_text_in_feeds(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    raw = (out / "feed.xml").read_text("utf-8")
    bank_feeds = [f for f in out.glob("banks/*/feed.xml") if "script" in f.parent.name]
    assert bank_feeds
    feed = etree.parse(str(bank_feeds[0])).getroot()
    assert feed.find(f"{ATOM}entry").findtext(f"{ATOM}title").startswith(SCRIPT_NAME)
    assert "<script>" not in raw and "<script>" not in bank_feeds[0].read_text("utf-8")


def test_control_characters_never_break_a_feed(tmp_path: Path) -> None:
    from test_site_fixtures import make_tiny_db, tiny_notices

    notices = tiny_notices()
    notices[-1][1].parties[0].party_name = "某\x0b公司\x1f（Word 导出的控制字符）"
    db = make_tiny_db(tmp_path / "tiny.db", notices)
    out = build_tiny_site(tmp_path, db=db)
    for feed in out.rglob("feed.xml"):
        etree.parse(str(feed))
