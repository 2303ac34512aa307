"""Link check of a whole built site: every internal href and src resolves to a file, every #anchor
to an element, and no page loads anything from another host."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
from test_site_fixtures import GOLDEN_BASE_URL, add_notice, build_tiny_site, make_tiny_db, simple_notice


def check_links(out: Path, base_path: str = "/") -> int:
    """Raise AssertionError listing every broken internal link; return how many links were checked."""
    origin = urlsplit(GOLDEN_BASE_URL).netloc
    ids: dict[Path, set[str]] = {}

    def anchors(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(lxml.html.parse(str(path)).getroot().xpath("//@id"))
        return ids[path]

    broken: list[str] = []
    checked = 0
    pages = [p for p in out.rglob("*.html") if "/search/" not in f"/{p.relative_to(out).as_posix()}"]
    assert pages, "no pages built"
    for page in pages:
        doc = lxml.html.parse(str(page)).getroot()
        for element, attribute, link, _pos in doc.iterlinks():
            if element.tag == "form":
                continue
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "javascript", "data"):
                broken.append(f"{page}: {attribute}={link}")  # none of these belong on the site
                continue
            if parts.scheme:
                # Outside links are fine (NFRA originals), outside resources are not.
                if element.tag in ("script", "img", "iframe") or (element.tag == "link" and
                                                                  element.get("rel") in ("stylesheet", "icon")):
                    broken.append(f"{page}: loads {link} from another host")
                if parts.netloc != origin:
                    continue
            checked += 1
            if not parts.path and parts.fragment:
                target = page
            else:
                assert parts.path.startswith(base_path), f"{page}: {link} is outside {base_path}"
                rel = unquote(parts.path[len(base_path):])
                target = out / rel
                if rel == "" or rel.endswith("/"):
                    target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(out)}: {link} -> missing {target.relative_to(out)}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in anchors(target):
                broken.append(f"{page.relative_to(out)}: {link} -> no #{parts.fragment}")
    assert not broken, "broken links:\n" + "\n".join(broken[:50])
    return checked


def test_every_internal_link_resolves(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    assert check_links(out) > 200


def test_links_resolve_under_a_path_prefix(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path, base_url="https://fadan.example/fadan/")
    html = (out / "notices" / "1002" / "index.html").read_text("utf-8")
    assert 'href=/fadan/banks/' in html and 'href=/banks/' not in html and 'href="/banks/' not in html
    assert check_links(out, "/fadan/") > 200


@pytest.mark.slow
def test_links_resolve_with_archive_pages(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    for i in range(30):
        add_notice(db, *simple_notice(2000 + i, datetime(2025, 7, 1 + i % 28, 9), parties=2))
    out = build_tiny_site(tmp_path, db=db, page_size=10)
    assert (out / "banks" / "zhong-guo-nong-ye-yin-hang" / "page" / "6" / "index.html").is_file()
    check_links(out)
