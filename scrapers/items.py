"""What the spider hands to the pipeline."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class FetchedNotice:
    """A notice's detail response, validated by the spider; the pipeline parses and stores it."""

    doc_id: int | None
    item_id: int | None
    url: str  # the detail URL it came from
    source_url: str  # the human page, for citation
    raw_json: str  # the body exactly as received (NFRA's JSON; PBOC's HTML page)
    regulator: str = "nfra"
    source_key: str | None = None  # a non-NFRA notice's own id (PBOC's articleId); doc_id is then None
