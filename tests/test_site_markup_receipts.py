"""The statistics pages leave out the end tags HTML allows and the quotes of literal attribute values
(sitegen/pages/receipts, sitegen/core/charts.py and their templates): parsed as a browser parses them
(html5lib, the WHATWG algorithm), every page still has the structure it had with every end tag written
(a <dd> holds only its value, no row inside a cell, no list item inside another, a receipt's citation
alone in its paragraph, each breakdown table right after the note stating its rows' sentence), and no
attribute built from the data is written without its quotes (a hostile bank group's included).

The corpus is the receipts' (tests/test_site_receipts.py: breakdowns, a bank tree, the people receipt,
leagues and reviews) plus tests/test_site_hostile.py's notice of markup-laden names.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db, tiny_notices
from test_site_hostile import hostile_notice
from test_site_receipts import receipt_notices

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_DOC = 2901  # the hostile notice under a number of its own (the receipts' corpus has a 2001)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("markup")
    db = make_tiny_db(tmp / "markup.db", [*tiny_notices(), *receipt_notices()])
    meta, parsed = hostile_notice()
    add_notice(db, dataclasses.replace(meta, doc_id=HOSTILE_DOC), parsed)
    return build_tiny_site(tmp, db=db)


def statistics_pages(out: Path) -> list[Path]:
    """Every page made by the statistics modules and templates: stats/ and the year reviews."""
    return sorted([*(out / "stats").rglob("index.html"), *(out / "years").glob("*/review/index.html")])


def parse(page: Path) -> Element:
    return html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def main_of(page: Path) -> Element:
    main = parse(page).find(".//main")
    assert main is not None, page
    return main


def text(el: Element) -> str:
    return "".join(el.itertext()).strip()


def children(el: Element) -> list[str]:
    return [c.tag for c in el if isinstance(c.tag, str)]


def check_structure(main: Element, page: Path) -> None:
    """What an end tag left out in the wrong place would change: the next element would nest inside."""
    for dt in main.iter("dt"):
        assert not children(dt), (page, children(dt))  # a term holds only its label
    for dd in main.iter("dd"):
        assert set(children(dd)) <= {"small", "a", "code"}, (page, children(dd))  # a value only
    for li in main.iter("li"):
        nested = [d.tag for d in li.iter() if d is not li and d.tag in ("li", "p", "div", "h2", "ul", "ol", "table")]
        assert not nested, (page, nested)
    for table in main.iter("table"):
        assert children(table) == ["thead", "tbody"], (page, children(table))
        head = table.find("thead")
        assert children(head) == ["tr"] and set(children(head.find("tr"))) == {"th"}, page
        for row in table.iter("tr"):
            assert children(row) and set(children(row)) <= {"th", "td"}, (page, children(row))
            for cell in row:
                inside = [d.tag for d in cell.iter() if d.tag in ("tr", "td", "th", "table", "tbody", "p", "div")]
                assert inside == [cell.tag], (page, inside)  # no row, cell, table or block inside a cell
    for p in main.iter("p"):
        assert not (p.find("textarea") is not None and p.find("a") is not None), page  # the citation alone


def check_breakdowns(main: Element, page: Path) -> int:
    """A breakdown or tree table: right after the note that states its rows' sentence (a template, the
    spans static/cite.js reads), a row of figures ending with its as-of date, then (if any) its records row,
    spanning the table."""
    checked = 0
    body = list(main)
    for i, table in enumerate(body):
        if table.tag != "table" or "rows" not in table.get("class", "").split():
            continue
        note = body[i - 1]
        spans = {s.get("class") or s.get("data-slot"): s for s in note.iter("span")}
        heads = [text(th) for th in table.find("thead/tr")]
        width = len(heads)
        rows = list(table.find("tbody"))
        # A table with sub-rows (a branch's "· 信贷业务") states their 范围 too: the words after their parent's.
        subs = any(text(row[0]).startswith("· ") for row in rows if row.get("id"))
        stated = {"template", "监管部门", "范围"} | ({"sub-scope"} if subs else set())
        assert note.tag == "p" and set(spans) == stated, (page, set(spans))
        assert text(spans["template"]).startswith("据罚单（Fadan）统计，") and text(spans["template"]).endswith("）。")
        assert spans["template"].get("data-same") in ("罚没合计 罚款合计", "含下属罚单 本级罚单"), page
        for k, row in enumerate(rows):
            if row.get("id") is None:
                assert row.get("class") == "records" and rows[k - 1].get("id"), (page, row.attrib)
                assert len(row) == 1 and row[0].get("colspan") == str(width), page
                continue
            assert len(row) == width, (page, row.get("id"), len(row), width)
            as_of = text(row[heads.index("截至")])
            assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|日期不详", as_of), (page, row.get("id"), as_of)
            assert set(row.attrib) <= {"id", "data-scope", "data-pub"}, (page, row.attrib)
            # The name: text, a tree row's level after it, or a link to the listing of exactly its records.
            assert children(row[0]) in ([], ["small"], ["a"]), (page, row.get("id"), children(row[0]))
            checked += 1
    return checked


def check_script(root: Element, page: Path) -> None:
    """A page with such tables loads the local script that shows their rows' sentences, and only it."""
    scripts = [s.get("src") for s in root.iter("script")]
    has_rows = any(s.get("class") == "template" for s in root.iter("span"))
    assert scripts == (["/static/cite.js"] if has_rows else []), (page, scripts)
    if has_rows:
        assert next(root.iter("script")).get("defer") == "", page


def check_receipt_head(main: Element, page: Path) -> None:
    """A receipt opens with its crumbs, heading, lead, figures box and citation, each an element of its own."""
    tags = [(c.tag, c.get("class"), c.get("id")) for c in main]
    assert tags[:4] == [("p", "crumbs", None), ("h1", None, None), ("p", "lead", None),
                        ("dl", "totals figures", None)], (page, tags[:4])
    box = main[3]
    assert [d.get("id") for d in box] == ["tickets", "institutions", "individuals", "fines", "forfeiture",
                                          "notices"], page
    for div in box:
        assert children(div) == ["dt", "dd"] and re.fullmatch(r"[\d,.]+(?:万元|亿元|元)?", div[1].text or ""), (
            page, div.get("id"), div[1].text)
    cite = next(i for i, c in enumerate(main) if c.get("id") == "cite")
    assert children(main[cite + 1]) == ["textarea"], page
    assert [c.get("download") for c in main[cite + 2]] == [""], page  # the CSV link, alone in the next paragraph
    assert main[-1].tag == "section" and main[-1].get("class") == "rules", page


def check_charts(root: Element, page: Path) -> int:
    """SVG is foreign content: no end tag left out, and no unquoted value took the '/' of a '/>'."""
    charts = list(root.iter(f"{SVG}svg"))
    for svg in charts:
        assert svg.get("class") == "chart" and svg.get("role") == "img", page
        for line in svg.iter(f"{SVG}line"):
            assert len(line) == 0 and line.get("class") == "axis", page  # self-closed: nothing nests in it
        assert children(svg)[0] == f"{SVG}title", page
        for el in svg.iter():
            assert all(not v.endswith("/") for v in el.attrib.values()), (page, el.attrib)
            assert el.tag.startswith(SVG), (page, el.tag)  # nothing of the page after it fell inside
    return len(charts)


# --- raw markup: which attribute values are written without quotes --------------------------------

TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^\s\"'>/=]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>")
ATTR = re.compile(r"([^\s\"'>/=]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")


def attributes(markup: str) -> Iterator[tuple[str, str, str, bool]]:
    """(tag, attribute, value, quoted) of every attribute with a value in `markup`."""
    for tag in TAG.finditer(markup):
        for name, value in ATTR.findall(tag.group(2)):
            if value:
                quoted = value[0] in "\"'"
                yield tag.group(1), name, value[1:-1] if quoted else value, quoted


# Attributes whose values the statistics code builds from the data (paths from slugs, anchors from codes,
# labels, CSV row numbers, chart coordinates): quoted, but for the values written literally in the code and
# templates (LITERAL).
# What urls.link makes of a path: letters, digits, / . _ ~ # - and %-escapes, safe unquoted (a trailing "/"
# before ">" stays part of the value).
SITE_LINK = re.compile(r"(?:[A-Za-z0-9/._~#-]|%[0-9A-F]{2})+")
BUILT = {"href", "id", "data-rows", "aria-label", "colspan", "x", "y", "width", "height", "viewBox", "data-scope",
         "data-pub", "data-pre", "data-post", "data-same", "data-slot"}
LITERAL_IDS = {"tickets", "institutions", "individuals", "fines", "forfeiture", "notices", "people", "stated", "cite",
               "records", "by-node", "unparsed", "totals", "sources", "types", "groups", "largest", "grew", "bans",
               "offices", "years", "tables", "scheme"}
LITERAL = {("a", "href", "#by-node"), ("textarea", "aria-label", "可复制的引用句"), ("text", "y", "14"),
           ("td", "colspan", "6"), ("td", "colspan", "8"), ("td", "colspan", "9"),
           ("span", "data-slot", "监管部门"), ("span", "data-slot", "范围"),
           ("nav", "aria-label", "翻页"),  # the pager's (sitegen/pages/listing_html.py), in a receipt's main
           ("main", "id", "main")}  # the frame's <main> (base.html), where the slice below starts


def check_quotes(page: Path) -> int:
    """Every unquoted value is safe unquoted and, where its attribute takes values from the data, one written
    literally; returns how many values were unquoted."""
    markup = page.read_text("utf-8")
    main = markup[markup.index("<main"):markup.index("</main>")]
    unquoted = [(tag, name, value) for tag, name, value, quoted in attributes(main) if not quoted]
    for tag, name, value in unquoted:
        if name in ("href", "id") and SITE_LINK.fullmatch(value):
            continue  # an internal link or anchor made by urls.link (tests/test_site_unquoted.py)
        assert re.fullmatch(r"[^\s\"'=<>`]+", value) and not value.endswith("/"), (page, tag, name, value)
        if name in BUILT:
            assert (tag, name, value) in LITERAL or (name == "id" and value in LITERAL_IDS), (page, tag, name, value)
    return len(unquoted)


def test_statistics_pages_keep_their_structure(out: Path) -> None:
    pages = statistics_pages(out)
    receipts = rows = 0
    for page in pages:
        main = main_of(page)
        check_structure(main, page)
        check_script(parse(page), page)
        rows += check_breakdowns(main, page)
        if main.find("dl") is not None and main.find("dl").get("class") == "totals figures":
            check_receipt_head(main, page)
            receipts += 1
    assert len(pages) > 100 and receipts > 50 and rows > 100, (len(pages), receipts, rows)
    # The people receipt: its box and its rows (one person each, three cells).
    people = main_of(out / "stats/all/people/index.html")
    box = people.find("dl")
    assert [d.get("id") for d in box][:2] == ["people", "tickets"] and all(children(d) == ["dt", "dd"] for d in box)
    persons = people.findall(".//table/tbody/tr")
    assert persons and all(len(r) == 3 and r.get("id") for r in persons)
    # The full counting rules (/stats/, /about/): a term, then its text, each on its own.
    for page in (out / "stats/index.html", out / "about/index.html"):
        for dl in parse(page).iter("dl"):
            if dl.find("dt") is not None and dl.find("dt").get("id", "").startswith("rule-"):
                tags = children(dl)
                assert tags == ["dt", "dd"] * (len(tags) // 2) and len(tags) >= 4, (page, tags)


def test_charts_keep_their_svg(out: Path) -> None:
    charts = sum(check_charts(parse(p), p) for p in [out / "index.html", *(out / "years").glob("*/index.html"),
                                                     *(out / "years").glob("*/review/index.html")])
    assert charts >= 6


def test_no_value_from_the_data_loses_its_quotes(out: Path) -> None:
    assert sum(check_quotes(page) for page in statistics_pages(out)) > 1000  # the transformation is there
    # The hostile bank group's receipt: its name is text, every path or anchor built from it is quoted or a
    # link of urls.link's safe characters.
    hostile = [p for p in (out / "stats/all/bank").glob("*/index.html") if "evil" in p.read_text("utf-8")]
    assert hostile
    for page in hostile:
        markup = page.read_text("utf-8")
        for tag, name, value, quoted in attributes(markup[markup.index("<main"):]):
            if name in BUILT and ("/stats/" in value or "/banks/" in value or "/notices/" in value):
                assert quoted or (name in ("href", "id") and SITE_LINK.fullmatch(value)), (page, tag, name, value)
        # Its markup stayed text: no element of the page got an event handler from it.
        assert not [k for el in parse(page).iter() for k in el.attrib if k.startswith("on")], page
