"""Internal links and anchors are printed without quotes (issue 12's size budget), which is safe only because
every one is made by sitegen.core.urls.link: letters, digits, / . _ ~ # - and %-escapes, nothing that could end
an unquoted attribute value or start another attribute. External URLs (the source's) keep their quotes.

Built from the tiny database plus the hostile notice of tests/test_site_hostile.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db
from test_site_hostile import DOC as HOSTILE_DOC
from test_site_hostile import hostile_notice

from sitegen.core import urls
from sitegen.core.config import normalise_base_path

# A start tag (its attributes), and each attribute with its value as written: quoted or not.
START_TAG = re.compile(r"<[a-zA-Z][^\s>/]*((?:\s+[^\s=>]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*/?>")
ATTRIBUTE = re.compile(r"\s+([^\s=>]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
SAFE_LINK = re.compile(r"(?:[A-Za-z0-9/._~#-]|%[0-9A-F]{2})+")
LINK_ATTRIBUTES = ("href", "src", "action")
# What may never be in an unquoted value: it would end it, open another attribute, or start a reference.
NEVER_UNQUOTED = re.compile(r"[\s\"'=<>`&]")
SVG = re.compile(r"<svg[\s>].*?</svg>", re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("unquoted")
    db = make_tiny_db(tmp / "tiny.db")
    add_notice(db, *hostile_notice())
    return build_tiny_site(tmp, db=db)


def unquoted(html: str) -> list[tuple[str, str]]:
    """The attributes of `html`'s start tags whose values are written without quotes."""
    return [(name, value) for tag in START_TAG.finditer(html) for name, value in ATTRIBUTE.findall(tag.group(1))
            if value and value[0] not in "\"'"]


def test_every_unquoted_link_is_an_internal_one_of_safe_characters(site: Path) -> None:
    links = 0
    for page in sorted(site.rglob("*.html")):
        for name, value in unquoted(page.read_text("utf-8")):
            assert value and not NEVER_UNQUOTED.search(value), (page, name, value)
            if name in LINK_ATTRIBUTES:
                # Internal: root-relative or an anchor, never a scheme (an external URL stays quoted).
                assert SAFE_LINK.fullmatch(value) and value[0] in "/#", (page, name, value)
                links += 1
    assert links > 1000  # every page's frame, crumbs, listing lines and figures


def test_the_source_links_keep_their_quotes(site: Path) -> None:
    # The source's page on a notice page (one of them from the hostile source) and a listing's canonical link.
    for page in ("notices/1001/index.html", f"notices/{HOSTILE_DOC}/index.html", "banks/index.html"):
        html = (site / page).read_text("utf-8")
        external = [href for href in lxml.html.fromstring(html).xpath("//@href")
                    if href.startswith(("http:", "https:"))]
        assert external, page
        assert html.count('href="http') == len(external) and "href=http" not in html, page


def test_a_notice_page_links_its_parties_and_pages_unquoted(site: Path) -> None:
    html = (site / "notices" / "1001" / "index.html").read_text("utf-8")
    assert "<section class=party id=p1>" in html and "<a href=#p1>1</a>" in html
    assert "<p class=crumbs><a href=/>首页</a>" in html
    assert '<a href=/regions/bei-jing/>北京</a>' in html


def test_the_statistics_pages_print_their_own_links_and_ids_unquoted(site: Path) -> None:
    """The receipts, tables, leagues and year reviews (sitegen/pages/receipts and their templates) print their
    links and ids as the other pages do: every link of the site's own and every id unquoted (urls.link makes
    each; ids are slugs and anchors of the safe characters); quoted are only absolute URLs (the canonical link)
    and text (data-scope, data-pub, a template's data-same). A review's charts are sitegen/core/charts.py's,
    shared with the home and year pages, SVG: not theirs."""
    pages = [*(site / "stats").rglob("index.html"), *(site / "years").glob("*/review/index.html")]
    assert len(pages) > 50
    unquoted_links = unquoted_ids = 0
    for page in pages:
        html = SVG.sub("", page.read_text("utf-8"))
        for tag in START_TAG.finditer(html):
            for name, value in ATTRIBUTE.findall(tag.group(1)):
                quoted = value[:1] in "\"'"
                if name in LINK_ATTRIBUTES:
                    assert not quoted or value[1:].startswith(("http:", "https:")), (page, name, value)
                    unquoted_links += not quoted
                elif name == "id":
                    assert not quoted and SAFE_LINK.fullmatch(value), (page, value)
                    unquoted_ids += 1
    # Every page's crumbs, figures, rows (#unit-…, #node-…, #region-…) and their links to listings and records.
    assert unquoted_links > 1500 and unquoted_ids > 1000, (unquoted_links, unquoted_ids)


@pytest.mark.parametrize("path, link", [
    ('notices/1"onclick=x/', '/notices/1%22onclick%3Dx/'),
    ("notices/a b>/", "/notices/a%20b%3E/"),
    ("banks/x'<`&y/", "/banks/x%27%3C%60%26y/"),
    ("people/王/", "/people/%E7%8E%8B/"),
    ("stats/100%/", "/stats/100%25/"),  # a % of a name is escaped too: the link is never decoded twice
])
def test_link_percent_encodes_what_could_break_an_unquoted_value(path: str, link: str) -> None:
    assert urls.link("/", path) == link
    assert SAFE_LINK.fullmatch(link)


def test_link_leaves_the_site_s_own_paths_as_they_are() -> None:
    path = urls.party("pboc-5860077", 2)
    assert urls.link("/fadan/", path) == "/fadan/notices/pboc-5860077/#p2"
    assert urls.link("/", urls.receipt_path(urls.ALL_PERIODS, "bank", "zhong-guo-yin-hang")
                     + "#" + urls.branch_anchor("某支行")).startswith("/stats/all/bank/zhong-guo-yin-hang/#branch-")


@pytest.mark.parametrize("value", ['/a"b/', "/a b/", "/a>b/", "/a=b/", "/a#b/", "/a?b/", "/站/"])
def test_a_base_path_outside_the_safe_characters_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="--base-path"):
        normalise_base_path(value, "https://example.org/")


def test_a_plain_base_path_is_normalised() -> None:
    assert normalise_base_path("fadan", "https://example.org/") == "/fadan/"
    assert normalise_base_path(None, "https://x.github.io/fa-dan_2.0/") == "/fa-dan_2.0/"
