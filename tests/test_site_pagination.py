"""Stable pagination: archive page k holds the same entries forever once full; newer entries only
touch the landing page (and the page that gains a successor)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import lxml.html
from hypothesis import given
from hypothesis import strategies as st
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db, simple_notice

from sitegen.core.paginate import Listing


@given(st.integers(min_value=0, max_value=95), st.integers(min_value=0, max_value=60), st.integers(1, 12))
def test_archive_pages_never_change_when_newer_entries_arrive(n: int, more: int, size: int) -> None:
    before = Listing("x/", list(range(n)), size)
    after = Listing("x/", list(range(n + more)), size)
    assert after.archive_count >= before.archive_count
    for k in range(1, before.archive_count + 1):
        assert after.archive(k).entries == before.archive(k).entries
        assert len(after.archive(k).entries) == size
    seen = [e for page in after.pages() for e in page.entries]
    assert set(seen) == set(range(n + more))  # every entry is reachable
    landing = after.landing()
    assert landing.entries == sorted(range(max(0, n + more - size), n + more), reverse=True)
    if landing.older:
        k = int(landing.older.split("/")[-2])
        assert landing.first_index - 1 in after.archive(k).entries  # "older" continues where it stops


@given(st.integers(min_value=0, max_value=95), st.integers(1, 12))
def test_the_unarchived_landing_page_holds_each_entry_no_archive_page_holds(n: int, size: int) -> None:
    listing = Listing("x/", list(range(n)), size)
    landing = listing.unarchived()
    archived = [e for k in range(1, listing.archive_count + 1) for e in listing.archive(k).entries]
    assert sorted(archived + landing.entries) == list(range(n))  # every entry once, none twice
    assert landing.entries == sorted(range(listing.archive_count * size, n), reverse=True)
    assert landing.older == (f"x/page/{listing.archive_count}/" if listing.archive_count else None)


def test_pager_links_walk_the_whole_listing() -> None:
    listing = Listing("banks/x/", list(range(25)), 10)
    landing = listing.landing()
    assert landing.older == "banks/x/page/2/" and landing.newer is None
    page2 = listing.archive(2)
    assert (page2.newer, page2.older) == ("banks/x/", "banks/x/page/1/")
    assert listing.archive(1).older is None
    assert listing.bounds(1) == (0, 9)


def _items(path: Path) -> list[str]:
    doc = lxml.html.parse(str(path)).getroot()
    return [a.get("href") for a in doc.xpath("//ol[@class='entries']/li/a")]


def test_built_archive_pages_stay_put_when_notices_are_added(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    for i in range(25):
        add_notice(db, *simple_notice(2000 + i, datetime(2025, 7, 1 + i, 9)))
    out = build_tiny_site(tmp_path, db=db, page_size=10)
    bank = out / "banks" / "zhong-guo-nong-ye-yin-hang"
    page1, page2 = bank / "page" / "1" / "index.html", bank / "page" / "2" / "index.html"
    first = page1.read_bytes(), page1.stat().st_mtime_ns
    items2 = _items(page2)
    assert not (bank / "page" / "3").exists()  # 27 entries: two full pages, the rest on the landing page

    for i in range(12):
        add_notice(db, *simple_notice(3000 + i, datetime(2025, 8, 1 + i, 9)))
    build_tiny_site(tmp_path, db=db, page_size=10)
    assert (page1.read_bytes(), page1.stat().st_mtime_ns) == first
    assert _items(page2) == items2  # same entries; only its "newer" link now points at page 3
    assert 'href=/banks/zhong-guo-nong-ye-yin-hang/page/3/ rel=prev>' in page2.read_text("utf-8")
    page3 = _items(bank / "page" / "3" / "index.html")
    assert len(page3) == 10 and page3[0] == "/notices/3002/#p1" and page3[-1] == "/notices/2018/#p1"
    landing = _items(bank / "index.html")  # 39 entries: three full pages, the other nine on the landing page
    assert landing[0] == "/notices/3011/#p1" and len(landing) == 9 and not set(landing) & set(page3)
