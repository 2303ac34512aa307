"""The local NFRA server over real HTTP: envelopes with the real keys and types, paging, items, mutations."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import httpx
import pytest

from localnfra import Corpus, serve
from localnfra.timeline import ITEM_4293_FROM


@pytest.fixture(scope="module")
def server():
    with serve(Corpus(240, seed=21)) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.base_url, timeout=10) as c:
        yield c


def _type(value: object) -> str:
    return type(value).__name__


def _list(client: httpx.Client, item: int, page: int, size: int) -> dict:
    r = client.get("/cbircweb/DocInfo/SelectDocByItemIdAndChild",
                   params={"itemId": item, "pageSize": size, "pageIndex": page})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    return r.json()


def _published(row: dict) -> datetime:
    return datetime.strptime(row["publishDate"].removesuffix(".0"), "%Y-%m-%d %H:%M:%S")


def test_list_envelope_and_rows_have_the_real_keys_and_types(client, samples):
    real_rows = json.loads((samples / "list_rows_item4293_first18_slice.json").read_text(encoding="utf-8"))
    real_types = {k: _type(v) for k, v in real_rows[0].items()}
    body = _list(client, 4293, 1, 18)
    assert list(body) == ["rptCode", "msg", "data"] and body["rptCode"] == 200 and body["msg"] == "成功"
    assert list(body["data"]) == ["total", "rows"] and isinstance(body["data"]["total"], int)
    for row in body["data"]["rows"]:
        assert list(row) == list(real_rows[0])
        assert {k: _type(v) for k, v in row.items()} == real_types
        assert row["docFileUrl"] == f"/chinese/OFFICE/DOC/{row['docId']}.doc"


def test_static_and_dynamic_list_forms_answer_the_same(client):
    for item in (4113, 4114, 4115, 4293):
        dynamic = client.get(f"/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId={item}&pageSize=7&pageIndex=2")
        static = client.get(f"/cn/static/data/DocInfo/SelectDocByItemIdAndChild/data_itemId={item},pageIndex=2,"
                            "pageSize=7.json")
        assert dynamic.status_code == static.status_code == 200
        assert dynamic.content == static.content


def test_pages_walk_every_notice_of_an_item_newest_first(client, server):
    for item in (4113, 4114, 4115, 4293):
        rows, page = [], 1
        total = _list(client, item, 1, 9)["data"]["total"]
        while True:
            data = _list(client, item, page, 9)["data"]
            assert data["total"] == total
            if not data["rows"]:
                break
            assert len(data["rows"]) <= 9
            rows += data["rows"]
            page += 1
        assert len(rows) == total == len(list(server.corpus.doc_ids(item))) > 0
        assert [r["docId"] for r in rows] == list(server.corpus.doc_ids(item))
        dates = [_published(r) for r in rows]
        assert dates == sorted(dates, reverse=True)
    assert _list(client, 9999, 1, 10)["data"] == {"total": 0, "rows": []}


def test_item_4293_lists_its_children_since_december_2024(client, server):
    def ids(item: int) -> set[int]:
        total = _list(client, item, 1, 1)["data"]["total"]
        return {r["docId"] for r in _list(client, item, 1, total)["data"]["rows"]}

    hq, provincial, sub, branch_offices = ids(4113), ids(4114), ids(4115), ids(4293)
    assert branch_offices & provincial and branch_offices & sub, "one docId listed by two items"
    assert not hq & branch_offices
    own = branch_offices - provincial - sub
    assert own, "派出机构 also lists documents filed under itself"
    for doc_id in branch_offices:
        assert server.corpus.notice(doc_id).published.date() >= ITEM_4293_FROM
    for doc_id in provincial | sub:
        listed_by_parent = doc_id in branch_offices
        assert listed_by_parent == (server.corpus.notice(doc_id).published.date() >= ITEM_4293_FROM)


def test_detail_envelope_has_every_key_of_the_real_one(client, server, samples):
    real = json.loads((samples / "detail_SelectByDocId_docId1255850_nonpenalty_gov_policy.json")
                      .read_text(encoding="utf-8"))
    real_data = real["data"]
    doc_id = next(server.corpus.doc_ids(4113))
    r = client.get(f"/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json")
    assert r.status_code == 200
    body = r.json()
    assert list(body) == list(real) and body["rptCode"] == 200 and body["msg"] == "成功"
    data = body["data"]
    assert list(data) == list(real_data)
    for key, value in data.items():
        if value is not None and real_data[key] is not None:
            assert _type(value) == _type(real_data[key]), key
        if real_data[key] is None and key not in ("docFileUrl", "pdfFileUrl"):
            assert value is None, key
    entry, real_entry = data["listTwoItem"][0], real_data["listTwoItem"][0]
    assert list(entry) == list(real_entry) and entry["ItemID"] == 4113
    assert all(list(lv) == list(real_entry["ItemLvs"][0]) for lv in entry["ItemLvs"])
    assert data["docId"] == doc_id and data["documentNo"] == server.corpus.notice(doc_id).cases[0].decision_no
    assert data["docClob"] == server.corpus.docclob(doc_id)


def test_both_detail_forms_answer_the_same_bytes(client, server):
    for doc_id in list(server.corpus.doc_ids())[:20]:
        static = client.get(f"/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json")
        dynamic = client.get("/cbircweb/DocInfo/SelectByDocId", params={"docId": doc_id})
        assert static.status_code == dynamic.status_code == 200
        assert static.content == dynamic.content == server.corpus.detail_bytes(doc_id)


def test_a_child_of_4293_names_its_parent_in_list_two_item(client, server):
    doc_id = next(d for d in server.corpus.doc_ids(4114) if d in set(server.corpus.doc_ids(4293)))
    data = client.get(f"/cbircweb/DocInfo/SelectByDocId?docId={doc_id}").json()["data"]
    path = [lv["itemId"] for lv in data["listTwoItem"][0]["ItemLvs"]]
    assert path == [923, 931, 4293, 4114]


def test_unknown_doc_ids_answer_404(client):
    for url in ("/cn/static/data/DocInfo/SelectByDocId/data_docId=123.json",
                "/cbircweb/DocInfo/SelectByDocId?docId=1259999",
                "/cbircweb/DocInfo/SelectByDocId?docId=abc",
                "/cn/view/pages/ItemDetail.html?docId=123&itemId=4113&generaltype=9",
                "/chinese/OFFICE/PDF/123.pdf",
                "/no/such/page"):
        assert client.get(url).status_code == 404, url
    assert client.get("/cbircweb/DocInfo/SelectDocByItemIdAndChild?itemId=x&pageSize=1&pageIndex=1").status_code == 400


def test_human_page_and_pdf_are_marked_synthetic(client, server):
    doc_id = next(server.corpus.doc_ids(4114))
    notice = server.corpus.notice(doc_id)
    page = client.get(f"/cn/view/pages/ItemDetail.html?docId={doc_id}&itemId=4114&generaltype=9")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "合成数据" in html and "SYNTHETIC" in html
    assert f"发布时间：{notice.published:%Y-%m-%d}" in html and f"来源：{notice.office.source}" in html
    assert notice.parties[0].name in html
    pdf = client.get(f"/chinese/OFFICE/PDF/{doc_id}.pdf").content
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF") and b"Synthetic" in pdf
    xref_at = int(pdf.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[xref_at:xref_at + 4] == b"xref"


def test_head_answers_headers_only(client, server):
    doc_id = next(server.corpus.doc_ids())
    r = client.head(f"/cbircweb/DocInfo/SelectByDocId?docId={doc_id}")
    assert r.status_code == 200 and r.content == b""
    assert int(r.headers["content-length"]) == len(server.corpus.detail_bytes(doc_id))


def test_added_notices_come_first_and_are_served():
    with serve(Corpus(60, seed=4)) as server, httpx.Client(base_url=server.base_url) as client:
        before = {item: _list(client, item, 1, 5)["data"]["total"] for item in (4113, 4114, 4115, 4293)}
        added = server.add(4)
        assert len(set(added)) == 4 and min(added) > max(server.corpus.doc_ids(4113))
        after = {item: _list(client, item, 1, 5)["data"]["total"] for item in before}
        listed = 0
        for item in before:
            first = [r["docId"] for r in _list(client, item, 1, 60)["data"]["rows"]]
            new_here = [d for d in reversed(added) if item in server.corpus.notice(d).items]
            assert first[:len(new_here)] == new_here
            assert after[item] == before[item] + len(new_here)
            listed += len(new_here)
        assert listed >= 4
        for doc_id in added:
            assert client.get(f"/cbircweb/DocInfo/SelectByDocId?docId={doc_id}").json()["data"]["docId"] == doc_id


def test_edit_remove_restore():
    with serve(Corpus(60, seed=4)) as server, httpx.Client(base_url=server.base_url) as client:
        doc_id = next(server.corpus.doc_ids(4115))
        url = f"/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json"
        before = client.get(url).json()
        fines_before = [p["fine_yuan"] for p in server.corpus.expected(doc_id)["parties"]]
        assert server.edit(doc_id) == 1
        after = client.get(url).json()
        assert after["data"]["docId"] == doc_id and after["data"]["docClob"] != before["data"]["docClob"]
        assert after["data"]["docEditdate"] > before["data"]["docEditdate"]
        assert after["data"]["docSubtitle"] == before["data"]["docSubtitle"]
        assert [p["fine_yuan"] for p in server.corpus.expected(doc_id)["parties"]] != fines_before
        total = _list(client, 4115, 1, 100)["data"]["total"]
        server.remove(doc_id)
        assert client.get(url).status_code == 404
        rows = _list(client, 4115, 1, 100)["data"]
        assert rows["total"] == total - 1 and doc_id not in [r["docId"] for r in rows["rows"]]
        server.restore(doc_id)
        assert client.get(url).json() == after
        assert _list(client, 4115, 1, 100)["data"]["total"] == total


def test_admin_endpoints_drive_a_server_in_another_process():
    proc = subprocess.Popen([sys.executable, "-m", "localnfra", "serve", "--notices", "30", "--seed", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        with httpx.Client(base_url=base, timeout=10) as client:
            total = _list(client, 4293, 1, 5)["data"]["total"]
            added = client.post("/_localnfra/add?n=2").json()["added"]
            assert _list(client, 4293, 1, 5)["data"]["total"] == total + 2
            doc_id = added[0]
            assert client.post(f"/_localnfra/edit?docId={doc_id}").json()["version"] == 1
            assert client.post(f"/_localnfra/remove?docId={doc_id}").status_code == 200
            assert client.get(f"/cbircweb/DocInfo/SelectByDocId?docId={doc_id}").status_code == 404
            assert client.post(f"/_localnfra/restore?docId={doc_id}").status_code == 200
            assert client.post("/_localnfra/edit?docId=5").status_code == 404
            assert client.get("/_localnfra/add?n=1").status_code == 405
            stats = client.get("/_localnfra/stats").json()
            assert stats["by_endpoint"]["list"] == 2 and stats["by_outcome"]["not-found"] == 1
    finally:
        proc.terminate()
        proc.wait(timeout=10)
