"""A tiny synthetic database for the site tests, written through models.store.Store like a crawl would.

Fictional people, real institution and office names. It covers the three layouts, a partial and a
failed parse, a removed notice, a lifetime ban, a joint fine, other measures, and a party whose name
carries a <script> tag. Every timestamp is fixed, so a build of it is byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from models.db import make_engine
from models.record import Category, Measure, NoticeMeta, ParsedNotice, Party
from models.store import Store

SCRIPT_NAME = "<script>alert('x')</script>某某小额贷款有限公司"
SEEN = datetime(2025, 6, 30, 12, 0, 0)
NFRA = "https://www.nfra.gov.cn"


def _raw(doc_id: int, title: str, clob: str) -> str:
    return json.dumps({"rptCode": 200, "msg": "成功",
                       "data": {"docId": doc_id, "docSubtitle": title, "docClob": clob}}, ensure_ascii=False)


def _meta(doc_id: int, title: str, published: datetime, issuer: str, level: str, item: int) -> NoticeMeta:
    return NoticeMeta(doc_id=doc_id, title=title, published_at=published, issuer=issuer, level=level,
                      item_id=item, pdf_url=f"{NFRA}/cn/pdf/{doc_id}.pdf")


def tiny_notices() -> list[tuple[NoticeMeta, ParsedNotice, str]]:
    """(meta, parse, docClob) of each notice, oldest first."""
    credit = Category("credit", "贷款管理不审慎")
    return [
        (
            _meta(1001, "国家金融监督管理总局行政处罚信息公开表（金罚决字〔2024〕12号）", datetime(2024, 3, 8, 10, 0),
                  "金融监管总局", "headquarters", 4113),
            ParsedNotice(layout="vertical", parse_status="ok", parties=[
                Party(seq=1, party_name="中国农业银行股份有限公司", party_kind="institution",
                      decision_no="金罚决字〔2024〕12号", facts="贷款管理不审慎；监管数据报送不准确",
                      basis="《中华人民共和国银行业监督管理法》第四十六条", decision="罚款90万元",
                      authority="国家金融监督管理总局", decided_on=date(2024, 3, 1), fine_yuan=900_000,
                      bank_group="中国农业银行", institution_type="state-owned", province="北京",
                      categories=[credit, Category("data-reporting", "监管数据报送不准确")]),
                Party(seq=2, party_name="李明远", party_kind="individual",
                      party_role="时任中国农业银行信贷管理部总经理",
                      institution="中国农业银行股份有限公司", decision_no="金罚决字〔2024〕12号",
                      facts="对贷款管理不审慎负有直接责任", decision="警告", authority="国家金融监督管理总局",
                      decided_on=date(2024, 3, 1), warning=True, bank_group="中国农业银行",
                      institution_type="state-owned", province="北京", categories=[credit]),
            ]),
            "<table><tr><td>行政处罚决定书文号</td><td>金罚决字〔2024〕12号</td></tr></table>",
        ),
        (
            _meta(1002, "浙江金融监管局行政处罚信息公开表", datetime(2024, 11, 20, 9, 30), "浙江金融监管局",
                  "provincial", 4114),
            ParsedNotice(layout="horizontal", parse_status="ok", parties=[
                Party(seq=1, party_name="中国工商银行股份有限公司杭州分行", party_kind="institution",
                      decision_no="浙金罚决字〔2024〕52号", facts="违规发放个人经营性贷款，贷款资金被挪用于购房",
                      decision="罚款50万元，没收违法所得12.5万元", authority="浙江金融监管局",
                      decided_on=date(2024, 11, 15), fine_yuan=500_000, confiscated_yuan=125_000,
                      bank_group="中国工商银行", institution_type="state-owned", province="浙江",
                      measures=[Measure("rectify", "责令改正")],
                      categories=[Category("credit", "违规发放个人经营性贷款"), Category("real-estate", "挪用于购房")]),
                Party(seq=2, party_name="王建华", party_kind="individual", party_role="时任中国工商银行杭州某支行行长",
                      institution="中国工商银行股份有限公司杭州分行", decision_no="浙金罚决字〔2024〕53号",
                      facts="对违规发放贷款负有直接责任", decision="终身禁止从事银行业工作",
                      authority="浙江金融监管局", decided_on=date(2024, 11, 15), ban_lifetime=True,
                      bank_group="中国工商银行", institution_type="state-owned", province="浙江",
                      categories=[Category("credit", "违规发放")]),
                Party(seq=3, party_name="赵晓丽", party_kind="individual",
                      party_role="时任中国工商银行杭州某支行客户经理",
                      institution="中国工商银行股份有限公司杭州分行", decision_no="浙金罚决字〔2024〕54号",
                      facts="对违规发放贷款负有责任", decision="禁止从事银行业工作5年，取消高级管理人员任职资格3年",
                      authority="浙江金融监管局", decided_on=date(2024, 11, 15), ban_years=5,
                      measures=[Measure("disqualify", "取消高级管理人员任职资格3年", years=3)],
                      bank_group="中国工商银行", institution_type="state-owned", province="浙江",
                      categories=[Category("credit", "违规发放")]),
            ]),
            "<table><tr><td>序号</td><td>当事人名称</td></tr></table>",
        ),
        (
            _meta(1003, "重庆金融监管局行政处罚决定书送达公告", datetime(2025, 2, 14, 16, 0), "重庆金融监管局",
                  "provincial", 4114),
            ParsedNotice(layout="text", parse_status="ok", parties=[
                Party(seq=1, party_name="重庆某保险代理有限公司", party_kind="institution",
                      facts="编制虚假资料", decision="罚款8万元", authority="重庆金融监管局",
                      fine_yuan=80_000, institution_type="insurance-intermediary", province="重庆",
                      bank_group="重庆某保险代理有限公司",
                      categories=[Category("insurance", "编制虚假资料")]),
            ]),
            "<p>重庆某保险代理有限公司：本局依法作出行政处罚决定……</p>",
        ),
        (
            _meta(1004, "宁波金融监管局行政处罚信息公开表（甬金罚决字〔2025〕7号、8号）", datetime(2025, 4, 2, 11, 0),
                  "宁波金融监管局", "sub-provincial", 4293),
            ParsedNotice(layout="horizontal", parse_status="partial", parse_error="第 3 行的列数与表头不符，已跳过",
                         parties=[
                Party(seq=1, party_name="宁波银行股份有限公司某支行", party_kind="institution",
                      facts="信用卡业务管理不审慎", decision="对宁波银行股份有限公司某支行及另一机构合计罚款60万元",
                      authority="宁波金融监管局", fine_yuan=600_000, fine_note="joint",
                      bank_group="宁波银行", institution_type="city-commercial", province="浙江",
                      categories=[Category("credit-card", "信用卡业务管理不审慎")]),
                Party(seq=2, party_name="宁波银行股份有限公司另一支行", party_kind="institution",
                      facts="信用卡业务管理不审慎", decision="对宁波银行股份有限公司某支行及另一机构合计罚款60万元",
                      authority="宁波金融监管局", fine_yuan=600_000, fine_note="joint",
                      bank_group="宁波银行", institution_type="city-commercial", province="浙江",
                      categories=[Category("credit-card", "信用卡业务管理不审慎")]),
            ]),
            "<table><tr><td>序号</td></tr></table>",
        ),
        (
            _meta(1005, "某监管分局行政处罚信息公开表", datetime(2025, 5, 9, 15, 0), "大连金融监管局",
                  "sub-provincial", 4293),
            ParsedNotice(layout="unknown", parse_status="failed", parse_error="没有可识别的表格", parties=[]),
            "<html><head><style>p{color:red}</style><script>alert('clob')</script></head><body>"
            "<!--[if gte mso 9]><xml><o:DocumentProperties>x</o:DocumentProperties></xml><![endif]-->"
            "<p class=MsoNormal><span>当事人：大连某融资担保有限公司</span></p>"
            "<p><img src=\"http://evil.example/x.png\">处罚内容：罚款20万元</p>"
            "<p><a href=\"javascript:alert(1)\">点击</a></p></body></html>",
        ),
        (
            _meta(1006, "金融监管总局行政处罚信息公开表（金罚决字〔2025〕3号）", datetime(2025, 6, 3, 10, 0),
                  "金融监管总局", "headquarters", 4113),
            ParsedNotice(layout="vertical", parse_status="ok", parties=[
                Party(seq=1, party_name=SCRIPT_NAME, party_kind="institution",
                      facts="<b>违规</b>收取费用 & 侵害消费者权益", decision="罚款30万元",
                      authority="国家金融监督管理总局", decided_on=date(2025, 5, 28), fine_yuan=300_000,
                      institution_type="other", province="北京", bank_group=SCRIPT_NAME,
                      categories=[Category("consumer-protection", "侵害消费者权益")]),
            ]),
            "<table><tr><td>被处罚当事人</td><td>&lt;script&gt;</td></tr></table>",
        ),
    ]


REMOVED_DOC = 1003


def make_tiny_db(path: Path, notices: list[tuple[NoticeMeta, ParsedNotice, str]] | None = None) -> Path:
    """Write the tiny corpus to a new SQLite file; notice 1003 is marked removed from the NFRA site."""
    engine = make_engine(f"sqlite:///{path}")
    store = Store(engine)
    for meta, parsed, clob in notices or tiny_notices():
        seen = datetime(2025, 1, 1) if meta.doc_id == REMOVED_DOC else SEEN
        store.save_notice(meta, _raw(meta.doc_id, meta.title, clob), f"hash-{meta.doc_id}", parsed,
                          source_url=f"{NFRA}/cn/view/pages/ItemDetail.html?docId={meta.doc_id}&itemId={meta.item_id}"
                          "&generaltype=9", parser_version=1, seen_at=seen)
    store.mark_removed(listed_before=datetime(2025, 3, 1), when=datetime(2025, 3, 5, 8, 0))
    engine.dispose()
    return path


def add_notice(path: Path, meta: NoticeMeta, parsed: ParsedNotice, seen: datetime = SEEN) -> None:
    engine = make_engine(f"sqlite:///{path}")
    Store(engine).save_notice(meta, _raw(meta.doc_id, meta.title, ""), f"hash-{meta.doc_id}", parsed,
                              source_url=f"{NFRA}/cn/view/pages/ItemDetail.html?docId={meta.doc_id}",
                              parser_version=1, seen_at=seen)
    engine.dispose()


def simple_notice(doc_id: int, published: datetime, parties: int = 1) -> tuple[NoticeMeta, ParsedNotice]:
    """A plain notice of `parties` fined branches of 中国农业银行 (for pagination and incremental tests)."""
    meta = _meta(doc_id, f"某金融监管分局行政处罚信息公开表（第{doc_id}号）", published, "浙江金融监管局",
                 "provincial", 4293)
    parsed = ParsedNotice(layout="horizontal", parse_status="ok", parties=[
        Party(seq=i + 1, party_name=f"中国农业银行股份有限公司某{doc_id}-{i + 1}支行", party_kind="institution",
              facts="贷款管理不审慎", decision="罚款20万元", authority="浙江金融监管局", fine_yuan=200_000,
              bank_group="中国农业银行", institution_type="state-owned", province="浙江",
              categories=[Category("credit", "贷款管理不审慎")])
        for i in range(parties)
    ])
    return meta, parsed


def test_tiny_db_has_every_case(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    con = sqlite3.connect(db)
    layouts = {row[0] for row in con.execute("SELECT layout FROM notice")}
    statuses = {row[0] for row in con.execute("SELECT parse_status FROM notice")}
    removed = [row[0] for row in con.execute("SELECT doc_id FROM notice WHERE removed_at IS NOT NULL")]
    lifetime = con.execute("SELECT COUNT(*) FROM penalty WHERE ban_lifetime AND party_kind='individual'").fetchone()
    script = con.execute("SELECT COUNT(*) FROM penalty WHERE party_name LIKE '%<script>%'").fetchone()
    assert {"vertical", "horizontal", "text"} <= layouts
    assert statuses == {"ok", "partial", "failed"}
    assert removed == [REMOVED_DOC]
    assert lifetime == (1,) and script == (1,)


GOLDEN_BASE_URL = "https://fadan.example/"
# The day bans are judged in force on: fixed, so that the golden tree does not change with the calendar.
GOLDEN_AS_OF = date(2025, 12, 1)


def build_tiny_site(tmp_path: Path, *, base_url: str = GOLDEN_BASE_URL, base_path: str | None = None,
                    db: Path | None = None, hostile_base_path: str | None = None, **options: object) -> Path:
    """Build the tiny database (made here unless `db` is given) into tmp_path/public; return that directory.
    `hostile_base_path`: a base path set as is, past normalise_base_path's check (tests/test_site_hostile.py)."""
    from sitegen.builder import build_site
    from sitegen.core.config import BuildConfig, normalise_base_path

    db = db or make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    config = BuildConfig(db_url=f"sqlite:///{db}", out_dir=out, base_url=base_url,
                         base_path=normalise_base_path(base_path, base_url), search=False, jobs=1,
                         as_of=GOLDEN_AS_OF)
    config = replace(config, **options) if options else config
    config = replace(config, base_path=hostile_base_path) if hostile_base_path is not None else config
    build_site(config)
    return out
