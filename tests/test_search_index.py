"""The static search index: built from a database written through models.store.Store, decoded in Python
(qa.search_reader, the same semantics as search.js) and checked against a brute-force scan of the
same rows for queries, filters and sorts."""

from __future__ import annotations

import gzip
import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from models.db import make_engine
from models.record import Category, Measure, NoticeMeta, ParsedNotice, Party
from models.store import Store
from models.tables import Notice, Penalty, PenaltyCategory
from qa.search_reader import SearchIndex
from sitegen.search.postings import PostingsBuilder, decode_varints, encode_varints, fnv1a
from sitegen.search.text import index_terms, normalize, query_plan
from sitegen.search.writer import write_search_index

SEEN_AT = datetime(2026, 5, 1, 12, 0)  # naive UTC, as the crawl stores it

# --- a small synthetic corpus: real institution and office names, fictional people -----------------

HAND_WRITTEN = [
    # (doc_id, published, issuer, level, title, parties)
    (
        1001, datetime(2025, 6, 3, 10, 0), "浙江金融监管局", "provincial",
        "国家金融监督管理总局浙江监管局行政处罚信息公开表（浙金罚决字〔2025〕12号）",
        [
            dict(party_name="中国农业银行股份有限公司杭州西湖支行", party_kind="institution",
                 institution="中国农业银行股份有限公司杭州西湖支行",  # as the parser fills it
                 facts="违规发放贷款；贷后管理不到位", decision="罚款50万元", fine_yuan=500_000,
                 bank_group="中国农业银行", institution_type="state-owned", province="浙江",
                 decision_no="浙金罚决字〔2025〕12号", categories=[("credit", "违规发放贷款")]),
            dict(party_name="李明远", party_kind="individual",
                 party_role="时任中国农业银行股份有限公司杭州西湖支行行长",
                 institution="中国农业银行股份有限公司杭州西湖支行", facts="对违规发放贷款负有管理责任",
                 decision="警告并罚款5万元", fine_yuan=50_000, warning=True, bank_group="中国农业银行",
                 institution_type="state-owned", province="浙江", decision_no="浙金罚决字〔2025〕12号",
                 categories=[("credit", "违规发放贷款")]),
        ],
    ),
    (
        1002, datetime(2024, 3, 15, 9, 30), "重庆金融监管局", "provincial",
        "国家金融监督管理总局重庆监管局行政处罚信息公开表",
        [
            dict(party_name="重庆农村商业银行股份有限公司", party_kind="institution",
                 facts="信用卡业务管理不审慎；违规发放信用卡，放贷款项被挪用", decision="罚款120万元",
                 fine_yuan=1_200_000, bank_group="重庆农村商业银行", institution_type="rural-commercial",
                 province="重庆", categories=[("credit-card", "信用卡业务管理不审慎")]),
            dict(party_name="王晓虹", party_kind="individual",
                 party_role="时任重庆农村商业银行股份有限公司信用卡中心总经理",
                 institution="重庆农村商业银行股份有限公司", facts="对信用卡业务管理不审慎负有直接责任",
                 decision="禁止从事银行业工作5年", ban_years=5, bank_group="重庆农村商业银行",
                 institution_type="rural-commercial", province="重庆", categories=[("credit-card", "信用卡")]),
        ],
    ),
    (
        1003, datetime(2023, 11, 20, 16, 0), "宁波金融监管局", "provincial",
        "国家金融监督管理总局宁波监管局行政处罚信息公开表（甬金罚决字〔2023〕7号）",
        [
            dict(party_name="中国人寿保险股份有限公司宁波分公司", party_kind="institution",
                 facts="给予投保人保险合同约定以外的利益；未按规定报送ＥＡＳＴ数据",
                 decision="没收违法所得3,200元，罚款30万元",
                 fine_yuan=300_000, confiscated_yuan=3_200, bank_group="中国人寿保险", institution_type="insurance",
                 province="浙江", categories=[("insurance", "合同约定以外的利益"), ("data-reporting", "EAST")]),
            dict(party_name="赵一鸣", party_kind="individual",
                 party_role="时任中国人寿保险股份有限公司宁波分公司总经理",
                 institution="中国人寿保险股份有限公司宁波分公司", facts="对上述行为负有领导责任",
                 decision="终身禁止从事保险业工作", ban_lifetime=True, bank_group="中国人寿保险",
                 institution_type="insurance", province="浙江", categories=[("insurance", "")]),
            dict(party_name="钱小川", party_kind="individual", party_role="时任该公司副总经理",
                 institution="中国人寿保险股份有限公司宁波分公司", facts="对上述行为负有责任",
                 decision="取消高级管理人员任职资格3年",
                 measures=[Measure("disqualify", "取消高级管理人员任职资格3年", 3)],
                 bank_group="中国人寿保险", institution_type="insurance", province="浙江"),
        ],
    ),
    (
        1004, datetime(2022, 2, 8, 11, 0), "上海金融监管局", "provincial",
        "上海监管局行政处罚信息公开表",
        [
            dict(party_name="<script>window.__pwned=1</script>恶意测试银行", party_kind="institution",
                 facts='<img src=x onerror="window.__pwned=2">违规吸收存款', decision="罚款10万元", fine_yuan=100_000,
                 bank_group="<b>恶意集团</b>", province="上海", categories=[("deposits", "违规吸收存款")]),
        ],
    ),
    (1005, datetime(2021, 7, 1, 8, 0), "北京金融监管局", "provincial",
     "关于送达行政处罚决定书的公告（北京某某商贸）", []),
    (
        # Fine and confiscation stated only as one 罚没合计 sum: found with the fines, sorted by the sum.
        1006, datetime(2025, 1, 10, 10, 0), "广东金融监管局", "provincial",
        "国家金融监督管理总局广东监管局行政处罚信息公开表（粤金罚决字〔2025〕3号）",
        [
            dict(party_name="中国邮政储蓄银行股份有限公司广东省分行", party_kind="institution",
                 facts="贷款三查不尽职", decision="警告并罚没合计622.33万元", forfeiture_yuan=6_223_300,
                 warning=True, bank_group="中国邮政储蓄银行",
                 institution_type="state-owned", province="广东", categories=[("credit", "贷款三查不尽职")]),
        ],
    ),
]

PROVINCES = ["浙江", "江苏", "广东", "四川", "山东", "河南"]
CITIES = {"浙江": "杭州", "江苏": "南京", "广东": "广州", "四川": "成都", "山东": "济南", "河南": "郑州"}
GROUPS = [("中国工商银行", "state-owned"), ("中国建设银行", "state-owned"), ("招商银行", "joint-stock"),
          ("兴业银行", "joint-stock"), ("中国平安财产保险", "insurance")]
VIOLATIONS = [("违规发放贷款", "credit"), ("贷款三查不尽职", "credit"), ("信用卡催收管理不到位", "credit-card"),
              ("误导销售保险产品", "consumer-protection"), ("监管数据报送不准确", "data-reporting"),
              ("员工行为管理不到位", "internal-control"), ("以贷转存虚增存款", "deposits")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平刚华"


def generated(seed: int, count: int) -> list[tuple]:
    """Seeded notices over 2019–2026 with one to four parties each."""
    rnd = random.Random(seed)
    out = []
    start = datetime(2019, 1, 1)
    for i in range(count):
        prov = rnd.choice(PROVINCES)
        city = CITIES[prov]
        published = start + timedelta(days=rnd.randrange(0, 7 * 365), hours=rnd.randrange(8, 18))
        issuer = f"{city}金融监管分局"
        group, itype = rnd.choice(GROUPS)
        inst = f"{group}股份有限公司{city}分行"
        parties = []
        for _ in range(rnd.randint(1, 4)):
            viol = rnd.sample(VIOLATIONS, rnd.randint(1, 2))
            if not parties or rnd.random() < 0.3:
                fine = rnd.choice([100_000, 200_000, 300_000, 500_000, 1_000_000, 6_000_000, 12_000_000])
                parties.append(dict(
                    party_name=inst, party_kind="institution", facts="；".join(v for v, _c in viol),
                    decision=f"罚款{fine // 10000}万元", fine_yuan=fine, warning=rnd.random() < 0.2,
                    bank_group=group, institution_type=itype, province=prov,
                    categories=[(c, v) for v, c in viol]))
            else:
                name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
                kind = rnd.random()
                person = dict(party_name=name, party_kind="individual", party_role=f"时任{inst}客户经理",
                              institution=inst, facts=f"对{viol[0][0]}负有直接责任", bank_group=group,
                              institution_type=itype, province=prov, categories=[(viol[0][1], viol[0][0])])
                if kind < 0.4:
                    person.update(decision="警告并罚款5万元", warning=True, fine_yuan=50_000)
                elif kind < 0.7:
                    person.update(decision="禁止从事银行业工作3年", ban_years=3)
                elif kind < 0.8:
                    person.update(decision="终身禁止从事银行业工作", ban_lifetime=True)
                else:
                    person.update(decision="警告", warning=True)
                parties.append(person)
        out.append((20000 + i, published, issuer, "sub-provincial", f"{issuer}行政处罚信息公开表", parties))
    return out


def fill(engine, notices: list[tuple]) -> None:
    store = Store(engine)
    for doc_id, published, issuer, level, title, parties in notices:
        meta = NoticeMeta(doc_id=doc_id, title=title, published_at=published, issuer=issuer,
                          level=level, item_id=4293)
        rows = []
        for seq, p in enumerate(parties, 1):
            p = dict(p)
            cats = [Category(code, phrase) for code, phrase in p.pop("categories", [])]
            rows.append(Party(seq=seq, authority=issuer, decided_on=published.date() - timedelta(days=20),
                              categories=cats, **p))
        parsed = ParsedNotice(layout="horizontal", parse_status="ok" if rows else "failed", parties=rows)
        store.save_notice(meta, "{}", f"hash-{doc_id}", parsed, source_url=f"https://example.invalid/{doc_id}",
                          parser_version=1, seen_at=SEEN_AT)


def make_corpus(tmp: Path, extra: int = 300, seed: int = 7):
    engine = make_engine(f"sqlite:///{tmp / 'fadan.db'}")
    fill(engine, HAND_WRITTEN + generated(seed, extra))
    return engine


# --- brute force over the database rows -----------------------------------------------------------

def brute_rows(engine) -> list[dict]:
    """Every search record in the order of its number (oldest notice first, its parties from the last seq),
    with its columns."""
    c = PenaltyCategory.__table__.c
    with engine.connect() as conn:
        notices = [dict(r._mapping) for r in conn.execute(select(Notice.__table__))]
        penalties = [dict(r._mapping) for r in conn.execute(select(Penalty.__table__))]
        cats: dict[int, set[str]] = {}
        for pid, code in conn.execute(select(c.penalty_id, c.category)):
            cats.setdefault(pid, set()).add(code)
    by_doc: dict[int, list[dict]] = {}
    for pen in penalties:
        by_doc.setdefault(pen["doc_id"], []).append(pen)
    rows = []
    for notice in sorted(notices, key=lambda x: (x["published_at"], x["doc_id"])):
        parties = sorted(by_doc.get(notice["doc_id"], []), key=lambda x: -x["seq"]) or [None]
        for pen in parties:
            fields = [notice["title"], notice["issuer"], notice["document_no"]]
            row = {"notice": notice, "penalty": pen, "cats": set()}
            if pen is not None:
                fields += [pen[k] for k in ("party_name", "party_role", "institution", "decision_no", "facts",
                                            "decision", "authority")]
                row["cats"] = cats.get(pen["id"], set())
            row["texts"] = [normalize(f) for f in fields if f]
            row["terms"] = set().union(*(index_terms(t) for t in row["texts"]))
            rows.append(row)
    return rows


# Fine bands in yuan, [low, high), as the search page documents them.
BANDS = {"lt10w": (1, 100_000), "10w-50w": (100_000, 500_000), "50w-100w": (500_000, 1_000_000),
         "100w-500w": (1_000_000, 5_000_000), "500w-1000w": (5_000_000, 10_000_000), "ge1000w": (10_000_000, 1 << 62)}


def _amount(pen: dict | None) -> int:
    """What the fine filters and the amount sort read: the fine, else a 罚没合计."""
    pen = pen or {}
    return pen.get("fine_yuan") or pen.get("forfeiture_yuan") or 0


def brute_match(row: dict, q: str, **filters: list[str]) -> bool:
    plan = query_plan(q)
    if not all(set(t.terms) <= row["terms"] for t in plan.include):
        return False
    if any(set(t.terms) <= row["terms"] for t in plan.exclude):
        return False
    pen = row["penalty"] or {}
    checks = {
        "group": lambda v: pen.get("bank_group") == v,
        "prov": lambda v: pen.get("province") == v,
        "cat": lambda v: v in row["cats"],
        "level": lambda v: row["notice"]["level"] == v,
        "who": lambda v: pen.get("party_kind") == v,
        "itype": lambda v: pen.get("institution_type") == v,
        "kind": lambda v: {
            "fine": _amount(pen) > 0,
            "confiscation": (pen.get("confiscated_yuan") or 0) > 0,
            "warning": bool(pen.get("warning")),
            "ban": bool(pen.get("ban_lifetime")) or (pen.get("ban_years") or 0) > 0,
            "lifetime": bool(pen.get("ban_lifetime")),
            "disqualify": '"disqualify"' in (pen.get("measures") or ""),
        }[v],
        "band": lambda v: BANDS[v][0] <= _amount(pen) < BANDS[v][1],
        "year": lambda v: row["notice"]["published_at"].year == int(v),
    }
    return all(any(checks[param](v) for v in values) for param, values in filters.items() if values)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search")
    engine = make_corpus(tmp)
    figures = write_search_index(engine, tmp / "public", chunk_size=16, shards=7)
    return engine, tmp / "public", figures, brute_rows(engine)


QUERIES = [
    ("李明远", {}),
    ("违规发放贷款", {}),
    ("贷款", {}),
    ("银行", {}),
    ("罚", {}),
    ("east", {}),
    ("EAST 数据", {}),
    ("浙金罚决字〔2025〕12号", {}),
    ("送达", {}),
    ("贷款 -警告", {}),
    ("招商银行 南京", {}),
    ("", {"prov": ["浙江"]}),
    ("", {"group": ["中国工商银行"], "kind": ["fine"]}),
    ("", {"cat": ["credit"], "prov": ["江苏", "广东"]}),
    ("", {"kind": ["lifetime"]}),
    ("", {"kind": ["ban"], "who": ["individual"]}),
    ("", {"kind": ["confiscation"]}),
    ("", {"kind": ["disqualify"]}),
    ("", {"band": ["ge1000w"]}),
    ("", {"band": ["500w-1000w"], "kind": ["fine"]}),
    ("", {"band": ["lt10w"], "level": ["sub-provincial"]}),
    ("", {"itype": ["insurance"]}),
    ("贷款", {"year": ["2024"]}),
    ("", {"year": ["2021", "2025"], "prov": ["浙江"]}),
    ("不存在的词语", {}),
]


@pytest.mark.parametrize(("q", "filters"), QUERIES)
def test_queries_and_filters_match_brute_force(corpus, q, filters):
    _engine, public, _figures, rows = corpus
    index = SearchIndex(public / "search" / "idx")
    years = [int(y) for y in filters.get("year", [])]
    others = {k: v for k, v in filters.items() if k != "year"}
    result = index.search(q, year=years, **others)
    expected = [i for i, row in enumerate(rows) if brute_match(row, q, **filters)]
    assert result.records.tolist() == expected[::-1]  # newest first
    assert result.count == len(expected)


def test_known_records_are_found_with_their_fields(corpus):
    _engine, public, _figures, _rows = corpus
    index = SearchIndex(public / "search" / "idx")
    hits = index.search("李明远").records.tolist()
    assert len(hits) == 1
    rec = index.record(hits[0])
    assert (rec["notice"]["doc_id"], rec["seq"], rec["party_kind"]) == (1001, 2, "individual")
    assert rec["fine_yuan"] == 50_000 and rec["warning"] == 1
    assert rec["notice"]["date"] == "2025-06-03"
    # Full-width ＥＡＳＴ in the facts is found by the ASCII word, and the record knows its categories.
    east = [index.record(i) for i in index.search("east").records.tolist()]
    assert [(r["notice"]["doc_id"], r["seq"]) for r in east] == [(1003, 1)]
    assert sorted(east[0]["categories"]) == ["data-reporting", "insurance"]
    assert east[0]["confiscated_yuan"] == 3200
    # A notice without parsed parties is one record, found by its title.
    hits = index.search("送达").records.tolist()
    assert [(index.record(i)["notice"]["doc_id"], index.record(i)["seq"]) for i in hits] == [(1005, 0)]


def test_records_carry_the_sanctions_summary_listings_show(corpus):
    _engine, public, _figures, _rows = corpus
    index = SearchIndex(public / "search" / "idx")

    def summary(name: str) -> str:
        (hit,) = index.search(name).records.tolist()
        return index.record(hit)["sanctions"]

    assert summary("李明远") == "罚款 5万元 · 警告"
    assert summary("王晓虹") == "禁业 5 年"
    assert summary("赵一鸣") == "终身禁业"
    assert summary("钱小川") == "取消任职资格"  # the measure's label from sitegen/labels.toml
    assert summary("中国人寿保险股份有限公司宁波分公司 没收") == "罚款 30万元 · 没收 3,200元"
    hits = index.search("送达").records.tolist()
    assert index.record(hits[0])["sanctions"] == ""  # a notice without parties has no summary


def test_bigram_false_positive_is_caught_by_phrase_verification(corpus):
    _engine, public, _figures, rows = corpus
    index = SearchIndex(public / "search" / "idx")
    result = index.search("违规发放贷款")
    verified = [i for i in result.records.tolist() if index.verified(i, result.plan)]
    exact = [i for i, row in enumerate(rows) if any("违规发放贷款" in t for t in row["texts"])][::-1]
    assert verified == exact
    # 重庆农商行's facts have every bigram of the phrase (违规发放信用卡，放贷款项) but not the phrase.
    false = [i for i in result.records.tolist() if i not in exact]
    assert [(index.record(i)["notice"]["doc_id"], index.record(i)["seq"]) for i in false] == [(1002, 1)]


def test_sorts(corpus):
    _engine, public, _figures, rows = corpus
    index = SearchIndex(public / "search" / "idx")
    by_date = index.search("贷款").records.tolist()
    dates = [rows[i]["notice"]["published_at"] for i in by_date]
    assert dates == sorted(dates, reverse=True)
    assert index.search("贷款", sort="date-asc").records.tolist() == by_date[::-1]
    by_amount = index.search("贷款", sort="amount").records.tolist()
    fines = [_amount(rows[i]["penalty"]) for i in by_amount]
    assert 6_223_300 in fines  # the 罚没合计 of notice 1006 ranks with the fines
    assert sorted(by_amount) == sorted(by_date)
    assert fines == sorted(fines, reverse=True)
    expected = sorted(by_date, key=lambda i: (-_amount(rows[i]["penalty"]), -i))
    assert by_amount == expected
    values, codes = index.amounts()
    assert [int(values[codes[i]]) for i in by_amount] == fines


def test_year_ranges_are_contiguous_and_complete(corpus):
    _engine, public, figures, rows = corpus
    meta = json.loads((public / "search" / "idx" / "meta.json").read_text(encoding="utf-8"))
    assert meta["records"] == figures["records"] == len(rows)
    assert meta["notices"] == figures["notices"] == len(HAND_WRITTEN) + 300
    covered = []
    for year, start, end in meta["years"]:
        assert {rows[i]["notice"]["published_at"].year for i in range(start, end)} == {year}
        covered.extend(range(start, end))
    assert sorted(covered) == list(range(len(rows)))
    assert [y for y, _a, _b in meta["years"]] == sorted({y for y, _a, _b in meta["years"]}, reverse=True)


def test_facet_options_and_groups_have_counts(corpus):
    _engine, public, _figures, rows = corpus
    root = public / "search" / "idx"
    meta = json.loads((root / "meta.json").read_text(encoding="utf-8"))
    prov = {o["v"]: o["n"] for o in meta["options"]["prov"]}
    assert prov["浙江"] == sum(1 for r in rows if (r["penalty"] or {}).get("province") == "浙江")
    kinds = [o["v"] for o in meta["options"]["kind"]]
    assert kinds == ["fine", "confiscation", "warning", "ban", "lifetime", "disqualify"]
    groups = json.loads(gzip.decompress((root / "groups.bin").read_bytes()))
    counts = {g[0]: g[2] for g in groups}
    assert counts["中国农业银行"] == 2
    assert [g[2] for g in groups] == sorted((g[2] for g in groups), reverse=True)
    assert meta["hash_check"] == ["银行", fnv1a("银行")]


def test_hostile_text_is_stored_as_data(corpus):
    _engine, public, _figures, _rows = corpus
    index = SearchIndex(public / "search" / "idx")
    hits = index.search("恶意测试银行").records.tolist()
    rec = index.record(hits[0])
    assert rec["party_name"] == "<script>window.__pwned=1</script>恶意测试银行"
    assert index.search("script").count == 1  # markup is text like any other
    assert index.search("", group=["<b>恶意集团</b>"]).count == 1


def test_rebuild_is_deterministic_and_removes_stale_files(tmp_path):
    engine = make_corpus(tmp_path, extra=40)
    out = tmp_path / "public"
    first = write_search_index(engine, out, chunk_size=8)
    snapshot = {p: p.read_bytes() for p in (out / "search" / "idx").rglob("*") if p.is_file()}
    again = write_search_index(engine, out, chunk_size=8)
    assert again["changed_files"] == 0 and again["removed_files"] == 0
    assert {p: p.read_bytes() for p in (out / "search" / "idx").rglob("*") if p.is_file()} == snapshot
    bigger = write_search_index(engine, out, chunk_size=64)  # fewer, larger chunks
    assert bigger["chunks"] < first["chunks"] and bigger["removed_files"] > 0
    assert sorted(p.name for p in (out / "search" / "idx" / "r").iterdir()) == sorted(
        f"{i}.bin" for i in range(bigger["chunks"])
    )
    assert len(list((out / "search" / "idx").rglob("*.tmp"))) == 0


def test_hostile_values_do_not_break_the_build(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    # (SQLite cannot store a lone surrogate, so none can reach the index from the database.)
    weird = "\u200b孤立代理\x00空字符\n换行\U0010ffff" + "长" * 5000
    fill(engine, [(9, datetime(2025, 1, 1), "测试局", "provincial", "标题\x7f", [
        dict(party_name=weird, party_kind="institution", facts=weird, decision="罚款1万元", fine_yuan=10_000,
             bank_group="集团\n第二行", province="浙\r江", categories=[("credit", "x")],
             fine_note="joint", institution_type="other"),
        dict(party_name="𠀀𪚥", party_kind="individual", fine_yuan=-5, ban_years=0),
    ])])
    figures = write_search_index(engine, tmp_path / "public")
    index = SearchIndex(tmp_path / "public" / "search" / "idx")
    assert figures["records"] == 2
    assert index.search("孤立代理").count == 1
    assert index.search("𠀀𪚥").count == 1  # characters outside the BMP
    assert index.search("", group=["集团 第二行"]).count == 1
    assert index.search("", prov=["浙 江"]).count == 1
    rec = index.record(index.search("孤立代理").records[0])
    assert rec["truncated"] == 1 and len(rec["facts"]) == 1000


# --- the builder against the reference tokenizer ---------------------------------------------------

TEXT = st.text(alphabet=st.sampled_from(list("银行贷款违规发放罚款亿万元中国农业abcEAST2025 ，。、\x00－１２Ａ〇𠀀")),
               max_size=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=30), st.integers(1, 3))
def test_postings_equal_reference_terms(texts, batches):
    norm = [normalize(t) for t in texts]
    builder = PostingsBuilder()
    size = max(1, len(norm) // batches)
    for start in range(0, len(norm), size):
        part = norm[start : start + size]
        builder.add_batch(start, part, [[] for _ in part])
    postings = builder.finish()
    expected: dict[str, list[int]] = {}
    for i, text in enumerate(norm):
        for term in index_terms(text) - set(re.findall(r"[a-z0-9]+", text)):
            expected.setdefault(term, []).append(i)
    got = {term: postings.records_of(t).tolist() for t, term in enumerate(postings.terms)}
    assert got == expected
    for t, term in enumerate(postings.terms):
        assert int(postings.hashes[t]) == fnv1a(term)
        assert len(postings.encoded(t)) == postings.encoded_sizes[t]


# Characters that change under NFKC or lower() at a field's edge: combining marks (which compose with the
# character before them), a final sigma (lower-cased by context), full-width and compatibility forms.
EDGE_CHARS = "ΣσΑΟ\u0301\u0308\u0327eAaK\u212a\u2126ﬁ①㍿ＡＢ１，（银行 İ"
EDGES = st.text(alphabet=st.sampled_from(list(EDGE_CHARS)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(EDGES, min_size=1, max_size=6))
def test_fields_normalise_alone_as_they_do_joined(fields):
    """The records normalise each field once (sitegen/search/records.py caches them): the NUL between fields
    must keep NFKC and lower() from acting across a field boundary."""
    assert "\x00".join(normalize(f) for f in fields) == normalize("\x00".join(fields))


@given(st.lists(st.integers(0, 2**35), max_size=50))
def test_varints_round_trip(values):
    data = encode_varints(np.array(values, dtype=np.int64)).tobytes()
    decoded, end = decode_varints(data, len(values))
    assert decoded == values and end == len(data)


def test_dense_terms_are_bitmaps_and_rare_ones_lists(corpus):
    _engine, public, _figures, _rows = corpus
    index = SearchIndex(public / "search" / "idx")
    shard = index.shard(fnv1a("银行") % index.meta["shards"])
    assert shard.terms["银行"][1] is True  # in most records
    shard = index.shard(fnv1a("明远") % index.meta["shards"])
    assert shard.terms["明远"][1] is False and shard.terms["明远"][0] == 1


def test_display_chunks_hold_consecutive_records(corpus):
    _engine, public, figures, rows = corpus
    root = public / "search" / "idx"
    total = 0
    for k in range(figures["chunks"]):
        chunk = json.loads(gzip.decompress((root / "r" / f"{k}.bin").read_bytes()))
        assert chunk["first"] == total
        for offset, rec in enumerate(chunk["records"]):
            doc_id = chunk["notices"][rec[0]][0]
            row = rows[total + offset]
            assert doc_id == row["notice"]["doc_id"]
            assert rec[1] == (row["penalty"]["seq"] if row["penalty"] else 0)
        total += len(chunk["records"])
    assert total == len(rows)


def test_query_plan_mirrors_the_documented_rules():
    plan = query_plan("  违规发放贷款 -警告　ＥＡＳＴ 罚")
    assert [t.terms for t in plan.include] == [["违规", "规发", "发放", "放贷", "贷款"], ["east"], ["罚"]]
    assert [t.verify for t in plan.include] == [["违规发放贷款"], [], []]
    assert [t.terms for t in plan.exclude] == [["警告"]]
    assert query_plan("，。！ - ").empty
    assert fnv1a("银行") == 2986643679  # search.js checks the same figure from meta.json


def test_empty_database_gives_an_empty_index(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    Store(engine)
    figures = write_search_index(engine, tmp_path / "public")
    index = SearchIndex(tmp_path / "public" / "search" / "idx")
    assert (figures["records"], figures["chunks"], figures["shards"]) == (0, 0, 1)
    assert index.search("银行").count == 0
    assert index.search("", prov=["浙江"], sort="amount").count == 0
