"""The NFRA JSON envelopes: validating a response, and the notice-level fields of a detail.

A government site answers errors in many shapes (an HTML page with status 200, an empty body, a
truncated JSON, an envelope whose rptCode is not 200). `read_envelope` turns each into a
`BadResponse` with a short kind, so the spider retries it and never stores it as a notice.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.record import NoticeMeta
from models.vocab.offices import match_office

# The penalty items and the level of office each one lists (4293 lists both kinds).
ITEM_LEVELS = {4113: "headquarters", 4114: "provincial", 4115: "sub-provincial"}

# Detail fields whose change is an upstream edit (not counters or presentation fields).
CONTENT_FIELDS = ("docTitle", "docSubtitle", "publishDate", "documentNo", "docSource", "docClob",
                  "attachmentInfoVOList")

_SPACE = re.compile(r"\s+")
# What a database refuses in text: NUL (PostgreSQL) and lone surrogates (not UTF-8; a JSON body can carry
# them as \ud800 escapes).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_DOC_ID = re.compile(r"[0-9]{1,18}")
# The largest docId the site can link: the search index and the page scripts read docIds as JavaScript
# numbers, exact up to 2^53 - 1 (NFRA's docIds are seven digits).
MAX_DOC_ID = 2**53 - 1
MAX_TOTAL = 2**31  # a list total is stored in an INTEGER column; NFRA's lists hold tens of thousands


class BadResponse(Exception):
    """A response that is not a usable NFRA envelope. `kind` is a short label for stats and logs."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"{kind}: {reason}")
        self.kind = kind
        self.reason = reason


def read_envelope(body: bytes) -> dict[str, Any]:
    """The `data` object of an NFRA response body, or BadResponse saying what is wrong with it."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        raise BadResponse("empty-body", "empty body where JSON was expected")
    if text[0] == "<":
        raise BadResponse("html-200", f"HTML where JSON was expected: {_snippet(text)}")
    try:
        envelope = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadResponse("bad-json", f"invalid JSON ({exc.msg} at {exc.pos} of {len(text)})") from None
    except (ValueError, RecursionError) as exc:  # a number of 5,000 digits, nesting deeper than the stack
        raise BadResponse("bad-json", f"invalid JSON ({type(exc).__name__}: {str(exc)[:80]})") from None
    if not isinstance(envelope, dict):
        raise BadResponse("bad-json", "JSON is not an object")
    code = envelope.get("rptCode")
    if code != 200:
        raise BadResponse("rpt-code", f"rptCode {code!r}: {envelope.get('msg')!r}")
    data = envelope.get("data")
    if not isinstance(data, dict):
        raise BadResponse("no-data", "envelope without a data object")
    return data


@dataclass(frozen=True)
class RejectedRow:
    """A list row that names no notice the site can link: skipped and recorded, the rest of its page read."""

    position: int  # 1-based, on its page
    key: str  # stable across pages and runs: a digest of the row
    reason: str


@dataclass(frozen=True)
class ListPage:
    total: int
    rows: list[dict[str, Any]]  # each with a docId that is an int within 0..MAX_DOC_ID
    rejected: list[RejectedRow]


def list_rows(data: dict[str, Any]) -> ListPage:
    """The total and rows of a list envelope's data. A page without rows or total is a bad response; a
    row without a usable docId is rejected alone (one malformed row must not hide its page's notices)."""
    rows = data.get("rows")
    if not isinstance(rows, list):
        raise BadResponse("no-data", "list without rows")
    try:
        total = int(data.get("total") or 0)
    except (TypeError, ValueError, OverflowError):
        raise BadResponse("no-data", f"list total is not a number: {str(data.get('total'))[:40]!r}") from None
    if not 0 <= total < MAX_TOTAL:
        raise BadResponse("no-data", f"list total out of range: {str(total)[:40]}")
    good, rejected = [], []
    for position, row in enumerate(rows, 1):
        problem = _row_problem(row)
        if problem is None:
            good.append(row)
        else:
            canonical = json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)
            digest = hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:16]
            rejected.append(RejectedRow(position, digest, problem))
    return ListPage(total, good, rejected)


def _row_problem(row: Any) -> str | None:
    if not isinstance(row, dict):
        return f"list row is a JSON {type(row).__name__}, not an object"
    doc_id = row.get("docId")
    # ASCII digits only: "²".isdigit() is true and int("²") raises; a bool is not a docId either.
    if isinstance(doc_id, bool) or not _DOC_ID.fullmatch(str(doc_id if doc_id is not None else "")):
        return f"list row without a numeric docId: docId {_snippet(repr(doc_id), 60)}"
    if int(doc_id) > MAX_DOC_ID:
        return f"docId {doc_id} above {MAX_DOC_ID:,}: the site's links and search could not address it"
    return None


def check_detail(data: dict[str, Any], doc_id: int) -> None:
    """A detail must be the notice asked for, with a title (a docClob may legitimately be empty)."""
    if str(data.get("docId")) != str(doc_id):
        raise BadResponse("wrong-doc", f"asked for docId {doc_id}, got {data.get('docId')!r}")
    if not (data.get("docSubtitle") or data.get("docTitle")):
        raise BadResponse("no-data", "detail without a title")


def content_hash(data: dict[str, Any]) -> str:
    """A fingerprint of what a reader sees in a notice; it changes when NFRA edits the notice."""
    content = {field: data.get(field) for field in CONTENT_FIELDS}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # surrogatepass: a lone surrogate (a \ud800 escape in the body) must not stop the hash; valid text
    # encodes exactly as with "strict".
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def notice_title(data: dict[str, Any]) -> str:
    """The one-line title: docSubtitle when present (docTitle may hold newlines and runs of spaces)."""
    return storable(_SPACE.sub(" ", str(data.get("docSubtitle") or data.get("docTitle") or "")).strip())


def storable(text: str) -> str:
    """Text as a database stores it: NUL and lone surrogates become U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def parse_publish_date(value: Any) -> datetime | None:
    """'2026-04-29 15:26:33', also with a '.0' suffix (2020 rows) or without seconds."""
    if not value:
        return None
    text = str(value).strip().split(".")[0]
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def notice_meta(data: dict[str, Any], item_id: int | None) -> NoticeMeta:
    """The notice-level fields of a detail: title, date, issuing office and its level."""
    title = notice_title(data)
    source = storable(str(data.get("docSource") or "").strip()) or None
    office = (match_office(source) if source else None) or match_office(title)
    if office is not None:
        issuer, level = office.short_name, office.level
    else:
        issuer, level = source, None
    if level is None:
        level = ITEM_LEVELS.get(item_id or 0)
    pdf = data.get("pdfFileUrl")
    return NoticeMeta(
        doc_id=int(data["docId"]),
        title=title,
        published_at=parse_publish_date(data.get("publishDate")),
        issuer=issuer,
        level=level,
        document_no=(storable(str(data.get("documentNo")).strip()) or None) if data.get("documentNo") else None,
        item_id=item_id,
        pdf_url=storable(str(pdf)) if pdf else None,
    )


def _snippet(text: str, limit: int = 120) -> str:
    return storable(_SPACE.sub(" ", text[:limit]))
