"""From a stored or fetched detail to enriched penalty rows: the one path shared by crawl and re-parse."""

from __future__ import annotations

from typing import Any

from models.record import NoticeMeta, ParsedNotice
from scrapers.guard import guard_notice
from scrapers.nfra.detail import notice_meta
from scrapers.nfra.enrich import enrich
from scrapers.nfra.parse import parse_docclob


def read_detail(data: dict[str, Any], item_id: int | None) -> tuple[NoticeMeta, ParsedNotice]:
    """The notice-level fields and the enriched parse of a detail, through the ingest guard
    (scrapers/guard.py: bidi controls, personal data, field lengths, dates). Never raises."""
    meta = notice_meta(data, item_id)
    parsed = read_notice(data, meta)
    guard_notice(meta, parsed)
    return meta, parsed


def read_notice(data: dict[str, Any], meta: NoticeMeta) -> ParsedNotice:
    """Parse the docClob into parties and fill their enrichment columns. Never raises."""
    docclob = data.get("docClob")
    if docclob is not None and not isinstance(docclob, str):  # the JSON says a number, a list…
        return ParsedNotice(layout="unknown", parse_status="failed",
                            parse_error=f"docClob is a JSON {type(docclob).__name__}, not text")
    return enriched(parse_docclob(docclob, title=meta.title), meta)


def enriched(parsed: ParsedNotice, meta: NoticeMeta) -> ParsedNotice:
    """`parsed` with its parties enriched in place; a failing enrichment is noted, never raised."""
    try:
        enrich(parsed, meta)
    except Exception as exc:  # enrichment is best effort: the parse is still worth storing
        note = f"enrichment failed: {type(exc).__name__}: {exc}"
        parsed.parse_error = f"{parsed.parse_error}; {note}" if parsed.parse_error else note
        if parsed.parse_status == "ok":
            parsed.parse_status = "partial"
    return parsed
