"""The NFRA envelopes: real detail JSON reads; every error shape is a BadResponse, never a notice."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pytest

from scrapers.nfra.detail import (
    BadResponse,
    check_detail,
    content_hash,
    list_rows,
    notice_meta,
    parse_publish_date,
    read_envelope,
)
from scrapers.nfra.urls import absolute


def real_detail(samples: Path) -> bytes:
    return (samples / "detail_SelectByDocId_docId1255850_nonpenalty_gov_policy.json").read_bytes()


def test_real_detail_envelope_reads(samples: Path) -> None:
    data = read_envelope(real_detail(samples))
    check_detail(data, 1255850)
    meta = notice_meta(data, 4113)
    assert meta.doc_id == 1255850
    assert meta.title == "国家金融监督管理总局关于平安理财有限责任公司修改公司章程的批复"
    assert meta.published_at == datetime(2026, 4, 24, 17, 32)
    assert meta.document_no == "金复[2026]220号"
    assert meta.level == "headquarters"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"", "empty-body"),
        (b"   \n", "empty-body"),
        (b"<!DOCTYPE html><html><body>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xb9\x81\xe5\xbf\x99</body></html>", "html-200"),
        (b'{"rptCode":200,"msg":"\xe6\x88\x90\xe5\x8a\x9f","data":{"docId":1,"docCl', "bad-json"),
        (b'{"rptCode":500,"msg":"error","data":null}', "rpt-code"),
        (b'{"rptCode":200,"msg":"ok","data":null}', "no-data"),
        (b"[1,2]", "bad-json"),
    ],
)
def test_error_shapes_are_bad_responses(body: bytes, kind: str) -> None:
    with pytest.raises(BadResponse) as raised:
        read_envelope(body)
    assert raised.value.kind == kind


def test_truncated_real_detail_is_bad_json(samples: Path) -> None:
    body = real_detail(samples)
    with pytest.raises(BadResponse) as raised:
        read_envelope(body[: len(body) // 2])
    assert raised.value.kind == "bad-json"


def test_detail_of_another_notice_is_refused(samples: Path) -> None:
    data = read_envelope(real_detail(samples))
    with pytest.raises(BadResponse, match="wrong-doc"):
        check_detail(data, 1255779)


def test_real_list_rows_read(samples: Path) -> None:
    rows = json.loads((samples / "list_rows_item4293_first18_slice.json").read_text("utf-8"))
    page = list_rows({"total": 3580, "rows": rows})
    assert page.total == 3580 and [r["docId"] for r in page.rows][:2] == [1256185, 1256138]
    assert page.rejected == []
    with pytest.raises(BadResponse):
        list_rows({"total": 1})


def test_a_malformed_list_row_is_rejected_alone(samples: Path) -> None:
    rows = json.loads((samples / "list_rows_item4293_first18_slice.json").read_text("utf-8"))
    hostile = [*rows[:3], dict(rows[3], docId="../../x"), "not a row", dict(rows[4], docId=2**53), *rows[5:]]
    page = list_rows({"total": 3580, "rows": hostile})
    assert [r["docId"] for r in page.rows] == [r["docId"] for r in rows[:3] + rows[5:]]  # every good row is read
    assert [r.position for r in page.rejected] == [4, 5, 6]
    assert "docId '../../x'" in page.rejected[0].reason
    assert "above 9,007,199,254,740,991" in page.rejected[2].reason
    assert list_rows({"total": 1, "rows": [dict(rows[0], docId=2**53 - 1)]}).rejected == []
    # the key of a rejected row is stable across pages and runs, and differs between rows
    again = list_rows({"total": 3580, "rows": [hostile[3]]})
    assert again.rejected[0].key == page.rejected[0].key != page.rejected[2].key


def test_content_hash_follows_content_not_counters(samples: Path) -> None:
    data = read_envelope(real_detail(samples))
    same = dict(data, ifShowShare="False", docEditdate="2027-01-01")
    edited = dict(data, docClob=data["docClob"].replace("平安理财", "平安理财（更正）"))
    assert content_hash(same) == content_hash(data)
    assert content_hash(edited) != content_hash(data)


def test_content_hash_is_the_one_every_stored_notice_carries(samples: Path) -> None:
    # Stored fingerprints are compared with new ones: a changed formula would mark every notice as
    # edited upstream on the next full walk. It is the SHA-256 of the content fields as sorted, compact JSON.
    data = read_envelope(real_detail(samples))
    content = {name: data.get(name) for name in ("docTitle", "docSubtitle", "publishDate", "documentNo",
                                                  "docSource", "docClob", "attachmentInfoVOList")}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert content_hash(data) == hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-04-29 15:26:33", datetime(2026, 4, 29, 15, 26, 33)),
        ("2020-03-02 18:16:50.0", datetime(2020, 3, 2, 18, 16, 50)),  # 2020 rows carry a fraction
        ("2024-12-06", datetime(2024, 12, 6)),
        ("yesterday", None),
        (None, None),
    ],
)
def test_publish_dates(value: str | None, expected: datetime | None) -> None:
    assert parse_publish_date(value) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/chinese/OFFICE/PDF/1256185.pdf", "https://www.nfra.gov.cn/chinese/OFFICE/PDF/1256185.pdf"),
        ("https://www.nfra.gov.cn/x.pdf", "https://www.nfra.gov.cn/x.pdf"),
        ("javascript:alert(1)", None),  # a link the site would show: only http(s) is kept
        ("data:text/html,<script>", None),
        (None, None),
        ("http://www.nfra.gov.cn/chinese/OFFICE/PDF/1.pdf", "http://www.nfra.gov.cn/chinese/OFFICE/PDF/1.pdf"),
        ("//evil.example/phish.pdf", None),  # only the NFRA site's own hosts
        ("https://evil.example/chinese/OFFICE/PDF/1.pdf", None),
        ("https://www.nfra.gov.cn.evil.example/x.pdf", None),
        ("https://user@evil.example/x.pdf", None),
        ("https://www.nfra.gov.cn@evil.example/x.pdf", None),
        ("\\\\evil.example/x.pdf", None),
    ],
)
def test_pdf_links_are_absolute_http_on_the_nfra_site(path: str | None, expected: str | None) -> None:
    assert absolute("https://www.nfra.gov.cn", path) == expected
