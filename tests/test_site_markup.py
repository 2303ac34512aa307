"""The pages leave out the end tags HTML lets them omit and the quotes of literal attribute values (issue 12's
size budget), and the browser still builds the intended tree: every list item, term, value, cell and row is
closed by what follows it and holds only its own content; an attribute printed from data keeps its quotes.

Built from the tiny database plus the hostile notice of tests/test_site_hostile.py, and parsed with html5lib,
the WHATWG parsing algorithm browsers use (lxml's own HTML parser predates it: it leaves a <p> open at a
<section>).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import html5lib
import lxml.etree
import pytest
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db
from test_site_hostile import DOC as HOSTILE_DOC
from test_site_hostile import PARTY, ROLE, hostile_notice

ROOT = Path(__file__).resolve().parent.parent
# A start tag, and each attribute in it with its value as written (quoted or not).
TAG = re.compile(r"<[a-zA-Z][^\s>/]*((?:\s+[^\s=>]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]*))?)*)\s*/?>")
ATTR = re.compile(r"\s+([^\s=>]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
# What a <dd>, <dt> or table cell of our own markup never holds: a bad omission would nest it there.
NOT_IN_VALUE = ("dt", "dd", "dl", "div", "p", "section", "h1", "h2", "h3", "table")
NOT_IN_CELL = ("tr", "td", "th", "table", "tbody", "thead")
# The attributes the pages fill with a site link or anchor from urls.link, and what such a value may hold.
LINKED = frozenset({"href", "src", "action", "id", "data-index"})
SAFE_LINK = re.compile(r"(?:[A-Za-z0-9/._~#-]|%[0-9A-F]{2})+")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("markup")
    db = make_tiny_db(tmp / "tiny.db")
    add_notice(db, *hostile_notice())
    return build_tiny_site(tmp, db=db)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def unquoted(html: str) -> set[tuple[str, str]]:
    """The attributes of `html`'s start tags whose values are written without quotes."""
    found = set()
    for tag in TAG.finditer(html):
        for name, value in ATTR.findall(tag.group(1)):
            if value and value[0] not in "\"'":
                found.add((name, value))
    return found


def parse(path: Path) -> lxml.etree._Element:
    """The page's tree as a browser builds it."""
    return html5lib.parse(path.read_bytes(), treebuilder="lxml", namespaceHTMLElements=False).getroot()


def text(element: lxml.etree._Element) -> str:
    return "".join(element.itertext())


def ours(element: lxml.etree._Element) -> bool:
    """Not inside a notice's cleaned source text (its tables are the source's, not our markup)."""
    return not element.xpath("ancestor::div[@class='source-text']")


def test_every_item_term_value_and_cell_is_closed_where_it_should_be(site: Path) -> None:
    checked = 0
    for path in pages(site):
        doc = parse(path)
        for li in doc.iter("li"):
            assert li.getparent().tag in ("ul", "ol"), (path, text(li)[:200])
        for value in doc.iter("dt", "dd"):
            parent = value.getparent()
            assert parent.tag == "dl" or (parent.tag == "div" and parent.getparent().tag == "dl"), path
            inside = [e.tag for e in value.iterdescendants() if isinstance(e.tag, str)]
            assert not set(inside) & set(NOT_IN_VALUE), (path, value.tag, inside)
            checked += 1
        for cell in doc.iter("td", "th"):
            if not ours(cell):
                continue
            assert cell.getparent().tag == "tr", path
            inside = [e.tag for e in cell.iterdescendants() if isinstance(e.tag, str)]
            assert not set(inside) & set(NOT_IN_CELL), (path, inside)
        for row in doc.iter("tr"):
            if ours(row):
                assert row.getparent().tag in ("thead", "tbody", "tfoot"), path
        for option in doc.iter("option"):
            assert option.getparent().tag == "select", path
    assert checked > 500  # every notice page's facts and parties, every landing page's totals


def test_a_notice_page_has_its_facts_one_value_each(site: Path) -> None:
    doc = parse(site / "notices" / "1001" / "index.html")
    article = doc.find(".//article")
    # Each paragraph ends where the next block begins: the crumbs hold no heading, the citation no section.
    assert [(e.tag, e.get("class")) for e in article] == [
        ("p", "crumbs"), ("h1", None), ("dl", "facts"), ("p", "cite"), ("section", "party"), ("section", "party")]
    assert text(article[0]).endswith("公告 1001")
    facts = article.find("dl")
    assert [(text(dt), text(dt.getnext())) for dt in facts.iter("dt")] == [
        ("发布机关", "金融监管总局（总局）"), ("发布日期", "2024年3月8日"), ("决定日期", "2024年3月1日"),
        ("决定书文号", "金罚决字〔2024〕12号"), ("当事人", "2 名"), ("地区", "北京"),
        ("所属集团", "中国农业银行（国有大型商业银行）")]
    person = article.findall("section")[1]
    terms = [text(dt) for dt in person.iter("dt")]
    values = [text(dd) for dd in person.iter("dd")]
    assert len(terms) == len(values) and terms[:2] == ["职务", "所在机构"]
    assert values[:2] == ["时任中国农业银行信贷管理部总经理", "中国农业银行股份有限公司"]
    assert [text(a) for a in person.xpath(".//dd/ul[@class='cats']/li/a")] == ["信贷业务"]
    assert _sanctions(article) == ["罚款 90万元（900,000 元）", "警告"]


def test_a_party_s_sanctions_are_one_value_joined_by_semicolons(site: Path) -> None:
    article = parse(site / "notices" / "1002" / "index.html").find(".//article")
    assert _sanctions(article)[0] == "罚款 50万元（500,000 元）；没收违法所得 12.5万元；责令改正"
    first = next(dd for dd in article.iter("dd") if dd.get("class") == "sanctions")
    assert [text(b) for b in first.iter("b")] == ["50万元", "12.5万元"]  # the amounts stand out


def _sanctions(article: Any) -> list[str]:
    """The 处罚内容 value of each party section, in order."""
    return [text(dd) for section in article.findall("section") for dd in section.iter("dd")
            if dd.get("class") == "sanctions"]


def test_a_hostile_notice_stays_text_in_its_own_values(site: Path) -> None:
    doc = parse(site / "notices" / str(HOSTILE_DOC) / "index.html")
    person = doc.findall(".//section")[1]
    role = person.xpath(".//dt[.='职务']")[0].getnext()
    assert role.tag == "dd" and text(role) == ROLE and len(role) == 0  # "</dd>" in the data is text
    first = doc.findall(".//section")[0]
    assert PARTY in text(first.find("h2"))


def test_only_literal_attribute_values_and_site_links_are_unquoted(site: Path) -> None:
    """An unquoted value on a page is written as `name=value` in the code or a template, or is a site link or
    anchor made by urls.link (letters, digits, / . _ ~ # - and %-escapes only): nothing else printed from the
    data (external URLs, names, the hostile notice's quotes and brackets) is ever unquoted."""
    sources = "\n".join(p.read_text("utf-8") for folder in ("sitegen", "site/templates")
                        for p in sorted((ROOT / folder).rglob("*")) if p.suffix in (".py", ".html"))
    seen: set[tuple[str, str]] = set()
    for path in pages(site):
        html = path.read_text("utf-8")
        for name, value in unquoted(html):
            seen.add((name, value))
            if name in LINKED and SAFE_LINK.fullmatch(value):
                continue  # an internal link or anchor: made by urls.link (tests/test_site_unquoted.py)
            assert f"{name}={value}" in sources, (path, name, value)
    assert {("class", "crumbs"), ("lang", "zh-CN"), ("rel", "nofollow"), ("class", "facts"), ("id", "p1"),
            ("href", "/notices/1001/")} <= seen
