"""A 罚没合计 stated only as one sum (about 1 decision in 850 of the real rows, up to 611万元 each):
parsed into forfeiture_yuan and shown as money on the notice page, in listings, in the bank's totals
and in search, where a journalist would otherwise see no amount at all."""

from __future__ import annotations

import html
import re
from datetime import datetime
from pathlib import Path

from models.db import make_engine
from models.record import NoticeMeta
from scrapers.nfra.enrich import enrich
from scrapers.nfra.parse import parse_docclob
from sitegen.search.records import RECORD_FIELDS, iter_records
from tests.test_site_fixtures import add_notice, build_tiny_site, make_tiny_db

DOC_ID = 1201
# The wording of a real row (doc 1237316 of the samples' export), in a horizontal table.
CLOB = (
    "<table><tr><td>序号</td><td>当事人名称</td><td>主要违法违规行为</td><td>行政处罚内容</td><td>作出决定机关</td></tr>"
    "<tr><td>1</td><td>中国农业银行股份有限公司广东省分行</td><td>贷款三查不尽职；信贷资产风险分类不准确</td>"
    "<td>对中国农业银行股份有限公司广东省分行及相关分支机构警告并罚没合计622.33万元</td><td>广东金融监管局</td></tr>"
    "<tr><td>2</td><td>陈某某（时任中国农业银行股份有限公司广东省分行某部门负责人）</td>"
    "<td>对上述违法违规行为负有责任</td><td>警告并罚款5万元</td><td>广东金融监管局</td></tr></table>"
)


def _notice() -> tuple[NoticeMeta, object]:
    meta = NoticeMeta(doc_id=DOC_ID, title="广东金融监管局行政处罚信息公开表", issuer="广东金融监管局",
                      published_at=datetime(2025, 6, 20, 10, 0), level="provincial", item_id=4293)
    parsed = parse_docclob(CLOB, title=meta.title)
    enrich(parsed, meta)
    return meta, parsed


def test_the_parser_reads_the_sum_as_forfeiture_not_as_a_fine() -> None:
    _, parsed = _notice()
    bank, person = parsed.parties
    assert (bank.fine_yuan, bank.confiscated_yuan, bank.forfeiture_yuan, bank.warning) == (None, None, 6_223_300, True)
    assert bank.bank_group == "中国农业银行"
    assert (person.fine_yuan, person.forfeiture_yuan) == (50_000, None)


def test_the_site_shows_the_sum_as_money_everywhere_it_shows_amounts(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    meta, parsed = _notice()
    add_notice(db, meta, parsed)
    out = build_tiny_site(tmp_path, db=db)

    page = (out / "notices" / str(DOC_ID) / "index.html").read_text(encoding="utf-8")
    bank_section = page[page.index('id=p1'):page.index('id=p2')]
    assert re.search(r"罚没合计 <b>[^<]*622\.33万", bank_section), bank_section
    assert "6,223,300" in bank_section
    # Shown once, as money: not repeated as an 'other measure' nor flagged as unparsed.
    assert "<span>罚没合计622.33万元</span>" not in bank_section
    assert "未解析出具体处罚" not in bank_section

    bank_page = (out / "banks" / "zhong-guo-nong-ye-yin-hang" / "index.html").read_text(encoding="utf-8")
    totals = bank_page[bank_page.index("class=totals"):bank_page.index("</dl>")]
    assert "另有罚没合计" in totals and "622.33万" in totals
    # The figure links to its receipt (sitegen/pages/receipts): the number is inside the link.
    fines = re.search(r"<dt>罚款合计<dd>(?:<a [^>]*>)?([^<]*)(?:</a>)?</div>", totals)
    assert fines and "622" not in fines.group(1)  # the sum is beside the fines, not added to them
    # An item ends where the next begins or its list ends (no </li>: HTML's optional tags).
    items = re.findall(r"<li>.*?(?=<li>|</ol>)", bank_page, re.S)
    listed = [html.unescape(li) for li in items if str(DOC_ID) in li]
    assert any("罚没合计 622.33万元 · 警告" in li for li in listed), listed  # in the listing
    # A bank of so few entries lists no 罚款最多 (the lines above, sorted again); the home page's does.
    assert "<h2>罚款最多</h2>" not in bank_page

    home = (out / "index.html").read_text(encoding="utf-8")
    top = html.unescape(home[home.index("<ol class=top>"):home.index("</ol>", home.index("<ol class=top>"))])
    assert "罚没合计 622.33万" in re.findall(r"<li>.*?(?=<li>|$)", top, re.S)[0], top  # first among the largest amounts
    lead = home[home.index("class=lead"):home.index("<form", home.index("class=lead"))]  # the search form ends it
    assert "另有罚没合计 622.33万元" in re.sub(r"<[^>]+>", "", lead), lead  # figures are links to receipts

    engine = make_engine(f"sqlite:///{db}")
    records = [r for r in iter_records(engine) if r.doc_id == DOC_ID]
    engine.dispose()
    bank_record = next(r for r in records if r.record[RECORD_FIELDS.index("seq") - 1] == 1)
    assert bank_record.record[RECORD_FIELDS.index("forfeiture_yuan") - 1] == 6_223_300
    assert bank_record.fine_yuan == 6_223_300  # sorted by amount among the fines
    assert "k:fine" in bank_record.terms
