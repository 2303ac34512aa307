"""What the spider hands to the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.record import NoticeMeta, ParsedNotice


@dataclass
class FetchedNotice:
    """A notice's detail response, validated; ParsePipeline fills `meta` and `parsed`."""

    doc_id: int
    item_id: int | None
    url: str  # the detail URL it came from
    source_url: str  # the human page, for citation
    raw_json: str  # the body exactly as received
    data: dict[str, Any] = field(repr=False)
    meta: NoticeMeta | None = None
    parsed: ParsedNotice | None = None
