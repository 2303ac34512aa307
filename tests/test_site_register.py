"""The register in a built site: person pages, namesakes, ban status, repeat flags on notice pages, a
branch's page and the group tree, incremental and stable URLs, and a person page in Chromium.

A synthetic corpus of fictional people at real institutions: 张三 at 农业银行宁德分行 in 2020 and, promoted,
at its 宁德蕉城支行 in 2025 (banned five years; both he and the branch repeat a 2020 credit violation exactly
five years later), and a namesake 张三 at 建设银行福州分行. A second corpus of common names (namesakes_corpus):
six people named 李四 and six of a hostile name, one at each of six groups, whose pages list three namesakes
and link the search for the rest, and three named 王五, whose pages list both of the others.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from markupsafe import escape as markup_escape
from test_site_fixtures import _meta, add_notice, build_tiny_site, make_tiny_db
from test_site_incremental import snapshot

from models.record import Category, NoticeMeta, ParsedNotice, Party
from qa.chromium import find_chromium
from sitegen.pages.person_pages import NAMESAKES_SHOWN
from sitegen.pages.receipts.rules import BAN_RULE

CHROMIUM = find_chromium()
CREDIT = Category("credit", "贷款管理不审慎")
AML = Category("aml", "未按规定履行客户身份识别义务")
NINGDE = "中国农业银行股份有限公司宁德分行"


def _branch(decided: date, category: Category = CREDIT) -> Party:
    return Party(seq=1, party_name=NINGDE, party_kind="institution", facts=category.phrase, decision="罚款30万元",
                 authority="宁德金融监管分局", decided_on=decided, fine_yuan=300_000, bank_group="中国农业银行",
                 institution_type="state-owned", province="福建", categories=[category])


def _zhang(seq: int, role: str, institution: str, group: str, decided: date, **sanction: object) -> Party:
    return Party(seq=seq, party_name="张三", party_kind="individual", party_role=role, institution=institution,
                 facts="对贷款管理不审慎负有责任", decision="见处罚内容", authority="宁德金融监管分局",
                 decided_on=decided, bank_group=group, institution_type="state-owned", province="福建",
                 categories=[CREDIT], **sanction)


def notice(doc_id: int, published: datetime, *parties: Party) -> tuple[NoticeMeta, ParsedNotice, str]:
    meta = _meta(doc_id, f"宁德金融监管分局行政处罚信息公示表（{doc_id}）", published, "宁德金融监管分局",
                 "sub-provincial", 4293)
    return meta, ParsedNotice(layout="horizontal", parse_status="ok", parties=list(parties)), ""


def corpus() -> list[tuple[NoticeMeta, ParsedNotice, str]]:
    return [
        notice(2001, datetime(2020, 3, 10, 9), _branch(date(2020, 3, 1)),
               _zhang(2, "时任中国农业银行股份有限公司宁德分行公司业务部经理", NINGDE, "中国农业银行",
                      date(2020, 3, 1), warning=True)),
        notice(2002, datetime(2025, 3, 10, 9), _branch(date(2025, 3, 1)),
               _zhang(2, "时任中国农业银行股份有限公司宁德蕉城支行行长", "中国农业银行股份有限公司宁德蕉城支行",
                      "中国农业银行", date(2025, 3, 1), ban_years=5)),
        notice(2003, datetime(2025, 6, 1, 9), _branch(date(2025, 5, 20), AML),
               _zhang(2, "时任中国建设银行股份有限公司福州分行客户经理", "中国建设银行股份有限公司福州分行",
                      "中国建设银行", date(2025, 5, 20), warning=True)),
    ]


def main(directory: Path) -> str:
    """The <main> of the page in `directory`."""
    html = (directory / "index.html").read_text(encoding="utf-8")
    return html.split("<main id=main>", 1)[1].split("</main>", 1)[0]


def built(tmp_path: Path, name: str, notices: list[tuple[NoticeMeta, ParsedNotice, str]]) -> tuple[Path, Path]:
    """(database, site) of `notices` (make_tiny_db's input), built into `tmp_path`."""
    db = make_tiny_db(tmp_path / f"{name}.db", notices)
    return db, build_tiny_site(tmp_path, db=db)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    return built(tmp_path, "register", corpus())


def test_person_pages_link_a_promotion_and_keep_a_namesake_apart(site: tuple[Path, Path]) -> None:
    _, out = site
    person = main(out / "people" / "zhang-san-2001")
    assert person.count('<li id=d') == 2  # 2020 at 宁德分行, 2025 at 宁德蕉城支行
    assert "禁止从事银行业工作 5 年" in person and "2030-03-01" in person and "禁业中" in person
    assert "同名，未必同一人" in person and "/people/zhang-san-2003/" in person
    assert "另有" not in person and "/search/" not in person  # one namesake: listed, no search line
    # A ban that ends links the ban rule, stated once on /about/ (and on /stats/, with the register's rules).
    assert '<p class=note><a href=/about/#rule-ban>期满日的算法</a>' in person and "期满日：" not in person
    for page in ("about", "stats"):
        assert f'<dt id=rule-ban>禁业期<dd>{BAN_RULE}' in main(out / page), page
    # The people's receipt counts bans in force: it states the person and ban rules, not the repeat rule.
    receipt = main(out / "stats" / "all" / "people")
    assert "id=rule-person>" in receipt and f'<dt id=rule-ban>禁业期<dd>{BAN_RULE}' in receipt
    assert "id=rule-repeat>" not in receipt
    namesake = main(out / "people" / "zhang-san-2003")
    assert namesake.count('<li id=d') == 1 and "中国建设银行股份有限公司福州分行" in namesake
    assert "/people/zhang-san-2001/" in namesake
    assert "rule-ban" not in namesake  # no ban, no note
    index = main(out / "people")
    # Each count of people links to its figure on the people receipt (stats/all/people/).
    assert '禁业期未满（<a href=/stats/all/people/#in-force>1</a> 人）' in index
    assert '多次受罚（<a href=/stats/all/people/#repeated>1</a> 人）' in index


def test_repeat_flags_on_the_notice_page_link_the_earlier_penalty(site: tuple[Path, Path]) -> None:
    _, out = site
    page = main(out / "notices" / "2002")
    # Exactly five years after the 2020-03-01 decisions: the branch and the person are repeats.
    assert page.count("五年内再次因「信贷业务」受罚") == 2
    # Each flag links the rule, stated once there.
    assert page.count('<dt><a href=/repeats/>再次违规</a><dd class=repeat>') == 2
    assert 'href=/notices/2001/#p1' in page and 'href=/notices/2001/#p2' in page
    assert 'href=/people/zhang-san-2001/' in page
    first = main(out / "notices" / "2001")
    assert "再次违规" not in first
    aml = main(out / "notices" / "2003")
    assert "再次违规" not in aml  # another category; the namesake is another person
    repeats = main(out / "repeats")
    assert 'href=/repeats/2025/' in repeats
    assert (out / "repeats" / "2025" / "index.html").is_file()
    assert 'href=/repeats/c/credit/' in repeats
    # A year's cell of a category links that category's row on the year's receipt.
    assert '<td><a href=/stats/2025/repeats/#violation-credit>2</a>' in repeats
    # Its figures link to its row on the repeats' receipt, which says the same.
    assert ('<dt>处罚（当事人）<dd><a href=/stats/all/repeats/#violation-credit>2</a>'
            in main(out / "repeats" / "c" / "credit"))
    assert "<tr id=violation-credit><th scope=row>信贷业务<td>2<td>" in main(out / "stats/all/repeats")


def test_branch_page_and_group_tree(site: tuple[Path, Path]) -> None:
    _, out = site
    branch_pages = list((out / "banks" / "zhong-guo-nong-ye-yin-hang" / "branches").glob("ning-de-fen-hang-*"))
    assert len(branch_pages) == 1  # three penalties of 宁德分行
    branch_path = "/banks/zhong-guo-nong-ye-yin-hang/branches/" + branch_pages[0].name + "/"
    assert branch_path in main(out / "notices" / "2003")
    # Its figures link to its row on the group's receipt (#unit-{node}), which says the same.
    unit = "unit-" + branch_pages[0].name
    assert (f'<dt>处罚（当事人）<dd><a href=/stats/all/bank/zhong-guo-nong-ye-yin-hang/#{unit}>3</a>'
            in main(branch_pages[0]))
    # Its name there links the branch page, whose listing holds exactly its records.
    assert f"<tr id={unit}><th scope=row><a href={branch_path}>中国农业银行宁德分行</a><td>3<td>" in main(
        out / "stats/all/bank/zhong-guo-nong-ye-yin-hang")
    tree = main(out / "banks" / "zhong-guo-nong-ye-yin-hang" / "tree")
    assert branch_path in tree and "3 张罚单" in tree
    bank = main(out / "banks" / "zhong-guo-nong-ye-yin-hang")
    assert "集团内再次违规" in bank and "/banks/zhong-guo-nong-ye-yin-hang/tree/" in bank
    assert f'<a href={branch_path}>宁德分行</a>' in bank  # the tree's first level on the bank page


def test_rebuild_is_byte_identical_and_a_namesake_moves_no_page(site: tuple[Path, Path], tmp_path: Path) -> None:
    db, out = site
    before = snapshot(out)
    build_tiny_site(tmp_path, db=db)
    assert snapshot(out) == before

    meta, parsed, _ = notice(2004, datetime(2026, 1, 5, 9), _zhang(
        1, "时任中国银行股份有限公司厦门分行行长", "中国银行股份有限公司厦门分行", "中国银行", date(2025, 12, 20),
        warning=True))
    add_notice(db, meta, parsed)
    build_tiny_site(tmp_path, db=db)
    after = snapshot(out)
    for slug in ("zhang-san-2001", "zhang-san-2003"):
        path = f"people/{slug}/index.html"
        assert path in after and "/people/zhang-san-2004/" in after[path][0].decode()
    assert "people/zhang-san-2004/index.html" in after


def test_an_older_notice_moves_a_page_and_its_old_url_redirects(site: tuple[Path, Path], tmp_path: Path) -> None:
    db, out = site
    meta, parsed, _ = notice(1990, datetime(2019, 5, 6, 9), _zhang(
        1, "时任中国农业银行股份有限公司宁德分行信贷员", NINGDE, "中国农业银行", date(2019, 5, 1), warning=True))
    add_notice(db, meta, parsed)
    build_tiny_site(tmp_path, db=db)
    assert main(out / "people" / "zhang-san-1990").count('<li id=d') == 3
    old = (out / "people" / "zhang-san-2001" / "index.html").read_text(encoding="utf-8")
    assert "http-equiv=refresh" in old and 'url=/people/zhang-san-1990/' in old


@pytest.fixture
def served(site: tuple[Path, Path]) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site[1]))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium on PATH (apt-get install chromium)")
def test_person_page_in_chromium(served: str) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(java_script_enabled=False)
        page.goto(served + "people/zhang-san-2001/")
        assert page.locator("h1").inner_text() == "张三"
        assert page.locator("ol.appearances > li").count() == 2
        assert page.locator("table.bans .in-force").inner_text() == "禁业中"
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 380
        page.get_by_role("link", name="张三").last.click()
        page.wait_for_url("**/people/zhang-san-2003/")
        assert "中国建设银行股份有限公司福州分行" in page.locator("ol.appearances").inner_text()
        page.goto(served + "notices/2002/")
        page.locator("#p2 .repeat a").click()
        page.wait_for_url("**/notices/2001/#p2")
        browser.close()


def test_a_repeat_of_a_pboc_penalty_links_the_pboc_notice_page(tmp_path: Path) -> None:
    """A PBOC notice's doc_id is a negative surrogate (migration 4): the repeat flag must link its own page,
    /notices/pboc-{articleId}/, never /notices/-1/."""
    notices = []
    for article_id, published, decided in (("5860077", datetime(2020, 6, 1, 9), date(2020, 5, 20)),
                                           ("5860099", datetime(2024, 6, 1, 9), date(2024, 5, 20))):
        meta, parsed, clob = notice(0, published, _branch(decided, AML))
        meta.doc_id, meta.regulator, meta.source_key = None, "pboc", article_id
        meta.title = f"中国人民银行行政处罚信息公示表（{article_id}）"
        notices.append((meta, parsed, clob))
    out = build_tiny_site(tmp_path, db=make_tiny_db(tmp_path / "pboc.db", notices))
    later = main(out / "notices" / "pboc-5860099")
    assert "五年内再次因「反洗钱」受罚" in later
    assert 'href=/notices/pboc-5860077/#p1' in later
    assert 'href=/notices/-' not in later


# Six groups, each an institution no name is joined across (the register never joins two groups).
GROUPS = (("中国农业银行", "中国农业银行股份有限公司宁德分行"), ("中国建设银行", "中国建设银行股份有限公司福州分行"),
          ("中国银行", "中国银行股份有限公司厦门分行"), ("中国工商银行", "中国工商银行股份有限公司泉州分行"),
          ("交通银行", "交通银行股份有限公司福建省分行"), ("招商银行", "招商银行股份有限公司福州分行"))
# A person's name carrying markup and what a URL's query and fragment are made of (quotes the ingest strips).
HOSTILE_NAME = "李<b>x</b>&q=1?#%20"


def _person(seq: int, name: str, group: tuple[str, str], decided: date, **sanction: object) -> Party:
    return Party(seq=seq, party_name=name, party_kind="individual", party_role="时任客户经理", institution=group[1],
                 facts="对贷款管理不审慎负有责任", decision="见处罚内容", authority="福建金融监管局",
                 decided_on=decided, bank_group=group[0], institution_type="state-owned", province="福建",
                 categories=[CREDIT], **sanction)


def namesakes_corpus() -> list[tuple[NoticeMeta, ParsedNotice, str]]:
    """Notice 3001 + k (k = 0..5): 李四 and the hostile name at group k; 王五 at groups 0..2, the first banned
    for life, the second for three years."""
    notices = []
    for k, group in enumerate(GROUPS):
        decided = date(2024, 1 + k, 10)
        parties = [_person(1, "李四", group, decided, warning=True),
                   _person(2, HOSTILE_NAME, group, decided, warning=True)]
        if k < 3:
            ban = [dict(ban_lifetime=True), dict(ban_years=3), dict(warning=True)][k]
            parties.append(_person(3, "王五", group, decided, **ban))
        notices.append(notice(3001 + k, datetime(2024, 1 + k, 20, 9), *parties))
    return notices


def person_slugs(out: Path, name: str) -> list[str]:
    """The slugs of the person pages of `name`, in the register's order (the earliest first notice first)."""
    heading = f"<h1>{markup_escape(name)}</h1>"  # a redirect page (an old slug) has none
    slugs = [p.name for p in (out / "people").iterdir()
             if (p / "index.html").is_file() and heading in (p / "index.html").read_text("utf-8")]
    return sorted(slugs, key=lambda s: int(s.rsplit("-", 1)[1]))


def namesake_lines(page: str) -> list[str]:
    """The slugs a person page lists under 同名，未必同一人, in order."""
    section = page.split("<h2>同名，未必同一人</h2>", 1)[1]
    return [a.get("href").split("/")[2] for a in lxml.html.fragment_fromstring(section, create_parent="div")
            .xpath("//ul[@class='links']/li/a[1]")]


@pytest.fixture
def namesakes_site(tmp_path: Path) -> tuple[Path, Path]:
    return built(tmp_path, "namesakes", namesakes_corpus())


def test_a_common_name_lists_three_namesakes_and_links_the_search(namesakes_site: tuple[Path, Path]) -> None:
    _, out = namesakes_site
    slugs = person_slugs(out, "李四")
    assert len(slugs) == 6 and NAMESAKES_SHOWN == 3
    for slug in slugs:
        page = main(out / "people" / slug)
        others = [s for s in slugs if s != slug]
        # The first three others in the register's order, each a line as before; then the count of the rest.
        assert namesake_lines(page) == others[:3], slug
        assert page.count("<li><a href=/people/") == 3
        assert '<p>另有 2 人同名：<a href="/search/?q=%E6%9D%8E%E5%9B%9B">搜索全部处罚记录</a>' in page, slug
        assert "人员归并规则</a>，以公告原文为准。" in page  # the heading's note stays
    # 王五: two namesakes, both listed, no search line. A lifetime ban has no end day: no ban note.
    wang = person_slugs(out, "王五")
    assert len(wang) == 3
    for slug in wang:
        page = main(out / "people" / slug)
        assert namesake_lines(page) == [s for s in wang if s != slug] and "另有" not in page, slug
        assert "/search/" not in page
    assert "终身禁业" in main(out / "people" / wang[0]) and "rule-ban" not in main(out / "people" / wang[0])
    assert '<a href=/about/#rule-ban>期满日的算法</a>' in main(out / "people" / wang[1])
    assert "rule-ban" not in main(out / "people" / wang[2])  # a warning, no ban


def test_a_hostile_name_stays_inert_in_the_search_link(namesakes_site: tuple[Path, Path]) -> None:
    _, out = namesakes_site
    slugs = person_slugs(out, HOSTILE_NAME)
    assert len(slugs) == 6
    html = main(out / "people" / slugs[0])
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    assert tree.xpath("//h1")[0].text_content() == HOSTILE_NAME and not tree.xpath("//h1//b")
    (link,) = [a for a in tree.xpath("//a") if "/search/" in a.get("href")]
    href = link.get("href")
    # Quoted (a `?q=` value holds an `=`), %-encoded whole: the query gives back exactly the name.
    assert f'href="{href}"' in html
    assert urlsplit(href).path == "/search/" and not urlsplit(href).fragment
    assert parse_qs(urlsplit(href).query) == {"q": [HOSTILE_NAME]}
    assert re.fullmatch(r"[A-Za-z0-9/?=%_.~-]+", href), href
    assert link.getparent().text_content().strip() == "另有 2 人同名：搜索全部处罚记录"


def test_a_namesake_past_the_list_rewrites_no_page_but_through_the_count(
        namesakes_site: tuple[Path, Path], tmp_path: Path) -> None:
    db, out = namesakes_site
    slugs = person_slugs(out, "李四")
    keys = json.loads((out / ".fadan-build.json").read_text("utf-8"))["files"]
    before = snapshot(out)
    # The last 李四 is punished again at his institution: his line changes, but every other page lists the
    # first three others, never him, so only his own page changes, and no other page's key.
    add_notice(db, *notice(3100, datetime(2025, 6, 1, 9), _person(1, "李四", GROUPS[5], date(2025, 5, 20),
                                                                  warning=True)))
    build_tiny_site(tmp_path, db=db)
    after = snapshot(out)
    assert person_slugs(out, "李四") == slugs  # joined to the last one: still six
    changed = {s for s in slugs if after[f"people/{s}/index.html"] != before[f"people/{s}/index.html"]}
    assert changed == {slugs[5]}, changed  # the last one is listed by none of the others
    new_keys = json.loads((out / ".fadan-build.json").read_text("utf-8"))["files"]
    assert all(new_keys[f"people/{s}/index.html"] == keys[f"people/{s}/index.html"] for s in slugs[:5])
    # A seventh 李四 changes every page of the name through the count alone.
    add_notice(db, *notice(3101, datetime(2025, 7, 1, 9), _person(
        1, "李四", ("兴业银行", "兴业银行股份有限公司福州分行"), date(2025, 6, 20), warning=True)))
    build_tiny_site(tmp_path, db=db)
    for slug in slugs:
        page = main(out / "people" / slug)
        assert "<p>另有 3 人同名：" in page and namesake_lines(page) == [s for s in slugs if s != slug][:3], slug
    # The first 李四, listed on every other page, is punished again: each line of him shows his count.
    add_notice(db, *notice(3102, datetime(2025, 8, 1, 9), _person(1, "李四", GROUPS[0], date(2025, 7, 20),
                                                                  warning=True)))
    build_tiny_site(tmp_path, db=db)
    for slug in slugs[1:]:
        line = main(out / "people" / slug).split(f"<li><a href=/people/{slugs[0]}/>", 1)[1].split("\n", 1)[0]
        assert "2025-08-01" in line and line.endswith("2</a> 次</small>"), (slug, line)
