"""A build of hostile names: a notice title, party names, roles, facts and decisions carrying markup,
quotes and "javascript:" links, an issuer and a bank group spelled as paths ('../'). Every one renders as
text, no page gets a script, an event handler or a javascript: link from the data, every feed and JSON
file still parses, and no file is written outside public/.

(tests/test_site_browser.py covers one <script> party name and the sanitized source; this adds the rest.)
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db

from models.record import Category, NoticeMeta, ParsedNotice, Party
from sitegen.core.config import normalise_base_path

DOC = 2001
TITLE = "<script>alert('title')</script>\"'><img src=x onerror=alert(1)>某金融监管分局行政处罚信息公开表"
ISSUER = "../../../etc/passwd\"'<b>某监管局"
GROUP = "../../../../tmp/evil\"'<svg onload=alert(1)>银行"
PARTY = "\"><script>alert('party')</script>某某小额贷款有限公司"
ROLE = "时任\"'</dd><a href=\"javascript:alert(1)\">总经理</a>"
FACTS = "<a href=\"javascript:alert('facts')\">违规</a>发放贷款 & \"高利\"；<iframe src=//evil.example></iframe>"
DECISION = "罚款30万元<img src=x onerror=alert('decision')>"
AUTHORITY = "</title><script>alert('authority')</script>某局"
NUMBER = "{{ 7*7 }}{% raw %}'\"<>"  # a template never sees data as template source
MARKERS = ("alert('title')", "alert('party')", "alert('facts')", "alert('decision')", "alert('authority')",
           "onerror=alert(1)", "onload=alert(1)")


def hostile_notice() -> tuple[NoticeMeta, ParsedNotice]:
    meta = NoticeMeta(doc_id=DOC, title=TITLE, published_at=datetime(2025, 6, 20, 10, 0), issuer=ISSUER,
                      level="sub-provincial", document_no="{{ 7*7 }}{% raw %}", item_id=4293,
                      pdf_url="javascript:alert('pdf')")
    party = Party(seq=1, party_name=PARTY, party_kind="institution", institution=PARTY, decision_no=NUMBER,
                  facts=FACTS, basis="《办法》\"'<", decision=DECISION, authority=AUTHORITY,
                  decided_on=date(2025, 6, 10), fine_yuan=300_000, bank_group=GROUP, institution_type="other",
                  province="../../x", categories=[Category("credit", "<b>违规</b>发放贷款")])
    person = Party(seq=2, party_name="王<b>某</b>", party_kind="individual", party_role=ROLE, institution=PARTY,
                   facts=FACTS, decision="警告\"'", authority=AUTHORITY, warning=True, bank_group=GROUP,
                   categories=[Category("credit", "违规")])
    return meta, ParsedNotice(layout="horizontal", parse_status="partial",
                              parse_error="<script>alert('error')</script>", parties=[party, person])


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_hostile_names_render_as_text_and_stay_inside_public(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    add_notice(db, *hostile_notice())
    outside_before = files_under(tmp_path.parent) - files_under(tmp_path)
    out = build_tiny_site(tmp_path, db=db)

    # Nothing written anywhere but public/ (and the database beside it). Only new files count: earlier
    # tests' SQLite -wal/-shm files may vanish meanwhile, when the garbage collector closes their engines.
    assert files_under(tmp_path.parent) - files_under(tmp_path) - outside_before == set()
    public = out.resolve()
    written = [p for p in files_under(tmp_path) if p.is_file()]
    assert all(p.resolve().is_relative_to(public) or p.name.startswith("tiny.db") for p in written)
    assert not any(".." in p.relative_to(out).parts for p in files_under(out))

    pages = sorted(out.rglob("*.html"))
    for path in pages:
        html = path.read_text("utf-8")
        for marker in MARKERS:  # the data's markup never reaches a page as markup
            assert f"<script>{marker}" not in html and f"{marker}>" not in html, (path, marker)
        doc = lxml.html.fromstring(html)
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                assert not name.lower().startswith("on"), (path, element.tag, name)
                if name in ("href", "src", "action"):
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (path, value)
        for script in doc.iter("script"):
            assert "alert(" not in (script.text or ""), path

    notice = lxml.html.parse(str(out / "notices" / str(DOC) / "index.html")).getroot()
    text = notice.text_content()
    for value in (TITLE, PARTY, DECISION, NUMBER):  # shown as written, not interpreted
        assert value in text, value
    assert not notice.xpath("//iframe|//img[@onerror]|//svg")
    assert "javascript:alert('pdf')" not in "".join(notice.xpath("//a/@href"))

    # The hostile group's page is under banks/ with a path-safe slug, and every feed and JSON still parses.
    bank_pages = [p for p in (out / "banks").iterdir() if p.is_dir() and "evil" in p.name]
    assert bank_pages and all(p.parent == out / "banks" for p in bank_pages)
    for feed in out.rglob("*.xml"):
        lxml.etree.parse(str(feed))
    for data in out.rglob("*.json"):
        json.loads(data.read_text("utf-8"))


HOSTILE_BASE_PATH = "/x\"><img src=y onerror=alert(7)>/"


def test_a_hostile_base_path_is_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="--base-path may hold only letters, digits"):
        normalise_base_path(HOSTILE_BASE_PATH, "https://example.org/")


def test_a_hostile_base_path_that_skips_the_check_is_percent_encoded_in_every_link(tmp_path: Path) -> None:
    """A config made without normalise_base_path still gets no markup into a page: every link is urls.link's."""
    out = build_tiny_site(tmp_path, hostile_base_path=HOSTILE_BASE_PATH)
    pages = [p for p in out.rglob("*.html")]
    listed = 0
    for page in pages:
        html = page.read_text("utf-8")
        assert "onerror=alert(7)>" not in html, page
        listed += html.count("<a href=/x%22%3E%3Cimg%20src%3Dy%20onerror%3Dalert%287%29%3E/notices/")
    assert listed > 10  # the listing items (entries) carry the prefix, %-encoded
