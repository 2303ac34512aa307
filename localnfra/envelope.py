"""The JSON the real NFRA API answers with: list rows and detail envelopes, keys and types as in the
real samples (list_rows_item4293_*.json, detail_SelectByDocId_*.json). Compact UTF-8 JSON, no ASCII
escapes, like the site.
"""

from __future__ import annotations

import json
from datetime import timedelta
from functools import lru_cache

from localnfra.notice import Notice
from localnfra.rng import mix, text_key, unit
from localnfra.timeline import ITEM_BRANCH_OFFICES, ITEM_HQ, ITEM_PROVINCIAL, ITEM_SUB

ITEM_NAMES = {ITEM_HQ: "总局机关", ITEM_PROVINCIAL: "监管局本级", ITEM_SUB: "监管分局本级",
              ITEM_BRANCH_OFFICES: "派出机构"}
_PENALTY_ITEM = 931  # 行政处罚, under 政务信息 (923): the breadcrumb of the real ItemDetail pages
OK_ENVELOPE_HEAD = '{"rptCode":200,"msg":"成功","data":'


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _publish_date(notice: Notice, in_list: bool) -> str:
    text = notice.published.strftime("%Y-%m-%d %H:%M:%S")
    # Some CBIRC-era list rows carry a fractional suffix ("2020-03-02 18:16:50.0").
    if in_list and notice.era == "cbirc" and unit(notice.doc_id, 77) < 0.3:
        text += ".0"
    return text


def list_row(notice: Notice) -> dict:
    doc_id = notice.doc_id
    return {
        "docId": doc_id,
        "docSubtitle": notice.title,
        "publishDate": _publish_date(notice, in_list=True),
        "docSummary": None,
        "docFileUrl": f"/chinese/OFFICE/DOC/{doc_id}.doc",
        "generaltype": "0",
        "pdfFileUrl": f"/chinese/OFFICE/PDF/{doc_id}.pdf",
        "itemName": None,
        "solicitFlag": None,
        "docTitle": notice.doc_title,
        "datafrom": None,
        "docUuid": None,
        "builddate": None,
        "isTitleLink": "0",
        "titleLink": None,
        "itemId": None,
        "itemUuid": None,
        "rulesIsVaild": None,
    }


def list_envelope(total: int, rows: list[dict]) -> bytes:
    return (OK_ENVELOPE_HEAD + _dumps({"total": total, "rows": rows}) + "}").encode("utf-8")


def _level(item_id: int, name: str, pid: int, level: int, path: list[int], url: str, order: int) -> dict:
    lv = (path + [None] * 7)[:7]
    return {
        "itemName": name, "itemPid": pid, "itemUrl": url, "logoUrl": "", "itemType": "CN", "orderNo": order,
        "itemId": item_id, "level": level, "generaltype": "0" if level < 4 else "1",
        "itemUUid": str(9100 + item_id % 1000),
        "keyword": name, "type": "政务信息" if level == 2 else "信息公开目录", "desc": name, "ifshow": None,
        "subItemslist": None, "lv1": lv[0], "lv2": lv[1], "lv3": lv[2], "lv4": lv[3], "lv5": lv[4], "lv6": lv[5],
        "lv7": lv[6],
    }


def list_two_item(items: tuple[int, ...]) -> list[dict]:
    """The item a document is filed under, with the path of items above it."""
    own = items[0]
    path = [899, 923, _PENALTY_ITEM]
    levels = [
        _level(923, "政务信息", 899, 2, [899, 923], "relative:zhengwuxinxi/zhengwuxinxi.html", 4),
        _level(_PENALTY_ITEM, "行政处罚", 923, 3, path, "relative:zhengwuxinxi/xingzhengchufa.html", 6),
    ]
    if ITEM_BRANCH_OFFICES in items and own != ITEM_BRANCH_OFFICES:
        path = [*path, ITEM_BRANCH_OFFICES]
        levels.append(_level(ITEM_BRANCH_OFFICES, ITEM_NAMES[ITEM_BRANCH_OFFICES], _PENALTY_ITEM, 4, path,
                             "ItemListRightList.html", 4))
    pid = path[-1]
    path = [*path, own]
    levels.append(_level(own, ITEM_NAMES[own], pid, len(path) - 1, path, "ItemListRightList.html", own % 10))
    return [{"ItemName": ITEM_NAMES[own], "ItemID": own, "shortLink": None, "ItemLvs": levels}]


@lru_cache(maxsize=1024)
def _office_codes(source: str, full: str, headquarters: bool) -> tuple[int, str]:
    org = 717804719 if headquarters else 100000000 + text_key(source) % 899999999
    return org, f"{text_key(source):016x}{text_key(full):016x}"


def detail_fields(notice: Notice, with_items: bool = True) -> dict:
    """Every key of the real detail `data` object before docClob, in the real order."""
    doc_id = notice.doc_id
    edited = notice.published - timedelta(hours=8) + timedelta(minutes=3 + mix(doc_id) % 90)
    if notice.version:
        edited += timedelta(days=notice.version * 3, minutes=17)
    org, agency = _office_codes(notice.office.source, notice.office.full, notice.level == "headquarters")
    fields = {
        "docId": doc_id,
        "docTitle": notice.doc_title,
        "docSubtitle": notice.title,
        "publishDate": _publish_date(notice, in_list=False),
        "docSummary": None,
        "indexNo": f"{org}/{notice.published.year}-{1 + mix(doc_id, 5) % 900}",
        "documentNo": notice.document_no,
        "agencyType": agency,
        "agencyTypeName": notice.office.source,
        "docEditdate": edited.strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
        "remark2": None,
        "documentType": "0",
        "builddate": (notice.published.date() - timedelta(days=1 + mix(doc_id, 6) % 3)).isoformat(),
        "interviewTypeName": "行政处罚",
        "docSource": notice.office.source,
        "docUuid": None,
        "isTitleLink": None,
        "titleLink": None,
        "generaltype": "0",
        "docFileUrl": f"/chinese/OFFICE/DOC/{doc_id}.doc",
        "pdfFileUrl": f"/chinese/OFFICE/PDF/{doc_id}.pdf",
        "caption": None,
        "aviCodeUrl": None,
    }
    if with_items:
        fields["listTwoItem"] = list_two_item(notice.items)
    return fields


@lru_cache(maxsize=64)
def _list_two_item_json(items: tuple[int, ...]) -> str:
    return _dumps(list_two_item(items))


_DETAIL_TAIL = b',"attachmentInfoVOList":[],"docImageInfoVOList":[],"datafrom":null,"ifShowShare":true}}'


@lru_cache(maxsize=256)
def _escaped(text: str) -> bytes:
    """A shared docClob piece (the Word preamble) JSON-escaped once."""
    return _dumps(text)[1:-1].encode("utf-8")


def _json_string_body(text: str) -> bytes:
    """JSON-escape a generated body without the encoder's per-character loop: generated text has quotes
    and maybe backslashes but never control characters (tests check every detail parses back)."""
    return text.replace("\\", "\\\\").replace('"', '\\"').encode("utf-8")


def detail_chunks(notice: Notice, head: str, body: str, tail: str,
                  attachments: list[dict] | None = None) -> tuple[bytes, ...]:
    """The detail envelope as byte chunks whose concatenation is the JSON; the preamble chunk is shared
    between notices, so a cache of chunks costs little more than the notice bodies. `attachments` fills
    attachmentInfoVOList (empty for every generated notice; a drift form uses it)."""
    fields = detail_fields(notice, with_items=False)  # listTwoItem, the last key, is the same for an item
    head_json = _dumps(fields)[:-1] + ',"listTwoItem":' + _list_two_item_json(notice.items)
    end = _DETAIL_TAIL
    if attachments:
        listed = b'"attachmentInfoVOList":' + _dumps(attachments).encode("utf-8")
        end = _DETAIL_TAIL.replace(b'"attachmentInfoVOList":[]', listed)
    return (
        (OK_ENVELOPE_HEAD + head_json + ',"docClob":"').encode("utf-8"),
        _escaped(head),
        _json_string_body(body),
        _escaped(tail),
        b'"' + end,
    )


def detail_envelope(notice: Notice, docclob: str) -> bytes:
    return b"".join(detail_chunks(notice, "", docclob, ""))
