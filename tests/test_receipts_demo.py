"""Receipts on the demo corpus: the project's synthetic NFRA corpus (with drifted notices that fail to
parse) and the synthetic PBOC corpus, served by the local server, crawled by the real spiders, built, and
every receipt's figures and CSV recomputed in SQL (tests/test_site_receipts.py); then every figure of the
home, bank, violation, region, regulator, year and people pages is checked to link to a receipt."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_site_fixtures import GOLDEN_AS_OF, build_tiny_site
from test_site_receipts import reconcile, reconcile_people, reconcile_rows, reconcile_units

from localnfra.corpus import Corpus
from localnfra.pboc import PbocCorpus
from localnfra.server import serve
from tests.crawling import crawl

SIZE, SEED, PBOC_SIZE = 150, 5, 24


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    tmp = tmp_path_factory.mktemp("receipts-demo")
    db = tmp / "demo.db"
    with serve(Corpus(SIZE, seed=SEED, drift=0.1), pboc=PbocCorpus(PBOC_SIZE, seed=SEED)) as server:
        for spider in ("nfra", "pboc"):
            result = crawl(server.base_url, f"sqlite:///{db}", spider=spider)
            assert result.returncode in (0, 2), result.stderr[-2000:]  # 2: the failed-parses check, by design here
    yield db, build_tiny_site(tmp, base_url="https://fadan.example/", db=db)


def test_demo_corpus_receipts_reconcile_with_sql(demo: tuple[Path, Path]) -> None:
    db, out = demo
    assert reconcile(out, db) > 100
    assert reconcile_rows(out, db) > 100
    assert reconcile_people(out, db, GOLDEN_AS_OF) > 100  # the register's people, against SQL
    assert reconcile_units(out, db) == len(list((out / "banks").glob("*/branches/*/index.html")))
    assert (out / "stats/all/repeats/index.html").is_file()  # repeats, reconciled by reconcile() above
    # Failed notices were crawled, and the receipts of their years list them.
    failed = [p for p in (out / "stats").glob("*/index.html") if "未解析出当事人的公告" in p.read_text("utf-8")]
    assert failed
    # The year in review exists for every year with records.
    years = {p.parent.name for p in (out / "years").glob("*/index.html")}
    assert years and all((out / "years" / y / "review" / "index.html").is_file() for y in years)


# --- every figure links to a receipt -----------------------------------------------------------------

# urls.link's value, unquoted (the receipts' own tables included), but for the SVG charts' bars
# (sitegen/core/charts.py), which keep their quotes.
RECEIPT_LINK = re.compile(r'<a href=(?:"/stats/[^"]*"|/stats/[^"\s>]*)[^>]*>.*?</a>', re.S)
# The totals box and tree of the landing pages (sitegen/pages/tables.py, institution_pages.py) leave out the end
# tags HTML lets them omit and the quotes of literal values: a value runs to its end tag or the end of its item.
TOTALS = re.compile(r'<dl class=("?)totals\1>(.*?)</dl>', re.S)
DD = re.compile(r"<dd>(.*?)(?=</dd>|<dt|<dd|$)", re.S)
# The class is quoted on some pages and not on others (the pages leave out the quotes of literal values).
BREAKDOWN = re.compile(r'<table class=("?)breakdown\1>(.*?)</table>', re.S)
# A row runs to its end tag or, where HTML lets a table leave end tags out, to the next row or the end of its
# table; a cell to its end tag or to the next cell or the end of its row.
ROW = re.compile(r"<tr>(.*?)(?=</tr>|<tr|</tbody>|$)", re.S)
TD = re.compile(r"<td>(.*?)(?=</td>|<td|<th|$)", re.S)
TREE = re.compile(r'<ul class=("?)tree\1>(.*)</ul>', re.S)
CHART = re.compile(r'<svg class=chart[^>]*>(.*?)</svg>', re.S)
BAR = re.compile(r"(<a [^>]*>)?<rect [^>]*><title>[^<]*：([^<]*)</title>")
TAG = re.compile(r"<[^>]+>")


# A change (增减) beside two linked figures is their difference, not a figure of its own
# (test_a_change_is_the_difference_of_its_row); everything else with a digit must link to a receipt.
CHANGE = re.compile(r'<td class=("?)change\1>.*?(?=</td>|<td|<th|</tr>|<tr|$)', re.S)


def unlinked(fragment: str) -> bool:
    """A figure (a non-zero number) left once every link to a receipt is taken out."""
    rest = TAG.sub("", RECEIPT_LINK.sub("", fragment))
    return bool(re.search(r"[1-9]", rest))


def unlinked_figures(text: str) -> list[str]:
    found = []
    for _, block in TOTALS.findall(text):
        for item in re.findall(r"<div[^>]*>(.*?)</div>", block, re.S):
            found += [f"totals: {TAG.sub('', dd)[:60]}" for dd in DD.findall(item) if unlinked(dd)]
    for _, table in BREAKDOWN.findall(text):
        for row in ROW.findall(CHANGE.sub("", table)):
            cells = TD.findall(row)
            if any(unlinked(c) for c in cells):
                found.append(f"row: {TAG.sub(' ', row)[:80]}")
    for _, tree in TREE.findall(text):  # the tree page: each node's own tickets and fines, and its subtree's
        rest = re.sub(r"<a [^>]*>.*?</a>", "", RECEIPT_LINK.sub("", tree), flags=re.S)
        found += [f"tree: {figure}" for figure in re.findall(r"[1-9][\d,.]*\s*(?:张|万元|元)", TAG.sub("", rest))]
    for chart in CHART.findall(text):
        for link, value in BAR.findall(chart):
            if not link.startswith(('<a href="/stats/', '<a href=/stats/')) and re.search(r"[1-9]", value):
                found.append(f"chart: {TAG.sub('', chart)[:60]}")
                break
    return found


def figure_pages(out: Path) -> list[Path]:
    """The landing pages of every family with figures: home, the indexes, bank, violation, region, regulator,
    year, the year reviews, people (and its ban listings), the repeats (by year and by category), and a
    bank's tree, branch table, branch pages and people page. (Not here: /about/, whose tables count the
    notices each list item of the sources holds, the crawl's coverage rather than a statistic; and the
    statistics pages themselves, whose figures are recomputed in SQL by tests/test_site_receipts.py.)"""
    pages = [out / "index.html", out / "people" / "index.html", out / "repeats" / "index.html"]
    for family in ("banks", "violations", "regions", "regulators", "years", "repeats"):
        pages.append(out / family / "index.html")
        pages += sorted(p for p in (out / family).glob("*/index.html"))
    pages += sorted((out / "years").glob("*/review/index.html"))
    pages += sorted((out / "repeats" / "c").glob("*/index.html"))
    pages += [out / "people" / "bans" / "index.html", out / "people" / "lifetime" / "index.html"]
    for page in ("tree", "branches", "branches/*", "people"):
        pages += sorted((out / "banks").glob(f"*/{page}/index.html"))
    return sorted(set(pages))


def test_every_figure_links_to_a_receipt(demo: tuple[Path, Path]) -> None:
    """Every count and sum of the totals boxes, breakdown tables and month charts links to a stats page."""
    _, out = demo
    missing = {}
    pages = figure_pages(out)
    for page in pages:
        found = unlinked_figures(page.read_text("utf-8"))
        if found:
            missing[page.relative_to(out).as_posix()] = found
    assert len(pages) > 100
    assert not missing, (len(missing), sorted(missing.items())[:10])
    families = {p.relative_to(out).parts[0] for p in pages}
    assert {"repeats", "people", "years", "banks"} <= families
    assert any("review" in p.parts for p in pages) and any("c" in p.parts for p in pages)


def test_a_change_is_the_difference_of_its_row(demo: tuple[Path, Path]) -> None:
    """The one number of a review or league table left without a link, 增减 (a count's), is this year's
    linked count less last year's, both in its row."""
    _, out = demo
    checked = 0
    for page in sorted((out / "years").glob("*/review/index.html")):
        for row in ROW.findall(page.read_text("utf-8")):
            change = re.search(r'<td class=change>([+-]?[\d,]+)(?:（|<td|\s*$)', row)
            if not change:
                continue
            # This year's count is the row's first link, last year's the link just before the change.
            figure = r'<a href=(?:"/stats/[^"]*#\w+"|/stats/[^"\s>]*#\w+)>([\d,]+)</a>'
            linked = [int(n.replace(",", "")) for n in re.findall(figure, row[:change.start()])]
            assert len(linked) >= 2, (page, row)
            assert int(change.group(1).replace(",", "")) == linked[0] - linked[-1], (page, row)
            checked += 1
    assert checked > 10


def test_every_register_count_links_to_the_people_receipt(demo: tuple[Path, Path]) -> None:
    """A person page's count of penalties (and a namesake's) links to the person's row on the people
    receipt, and that row says the same count."""
    _, out = demo
    people = sorted(p for p in (out / "people").glob("*/index.html") if p.parent.name not in ("bans", "lifetime"))
    receipts: dict[str, str] = {}
    for page in people:
        text = page.read_text("utf-8")
        link = re.search(r'<p class=lead><a href=/(stats/all/people/(?:page/\d+/)?)#([\w-]+)>(\d+)</a> 次', text)
        assert link and link.group(2) == page.parent.name, page
        receipt = receipts.setdefault(link.group(1), (out / link.group(1) / "index.html").read_text("utf-8"))
        slug = link.group(2)
        row = re.search(rf"<tr id={slug}><td><a href=/people/{slug}/>[^<]*</a><td>(\d+)<td>", receipt)
        assert row and row.group(1) == link.group(3), page
    assert len(people) > 50
