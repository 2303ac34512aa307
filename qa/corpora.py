"""The real notices the quality report parses, one source folder at a time, each as the product parses it.

- `nfra-docclob`: the real docClob samples (../shared/samples/nfra/docclob_*.html), through parse_docclob;
- `nfra-rows`: the 10,239 real 派出机构 table rows, grouped by docId into notices, through parse_records
  (the table cells as a horizontal reader hands them on; no HTML survives in that export). Rows that are
  that export's artefacts, not parties (an empty row, a header or the office's name in the 当事人 column of
  a vertical table it read as horizontal), are left out, as the coverage report does;
- `cbrc-circ`: the 417 CBRC/CIRC notices (../shared/samples/cbrc-circ/notices.jsonl), through parse_docclob.

A notice's layout is the one its folder's README gives (cbrc-circ) or the parser's own (NFRA).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from models.record import ParsedNotice
from qa.checkout import SHARED_SAMPLES
from scrapers.nfra.parse import parse_docclob, parse_records
from scrapers.nfra.parties import read_party_cell
from scrapers.nfra.records import Record, blank

SHARED = SHARED_SAMPLES
NFRA = SHARED / "nfra"
CBRC_CIRC = SHARED / "cbrc-circ" / "notices.jsonl"
REAL_ROWS = "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"


@dataclass
class RealNotice:
    folder: str  # nfra-docclob | nfra-rows | cbrc-circ
    key: str  # file name, docId or cc-NNNN: what a truth set points at
    layout: str  # the folder's own layout label, or the parser's
    parsed: ParsedNotice


def docclob_samples(samples: Path = NFRA) -> Iterator[RealNotice]:
    for path in sorted(samples.glob("docclob_*.html")):
        parsed = parse_docclob(path.read_text(encoding="utf-8"))
        yield RealNotice("nfra-docclob", path.name, parsed.layout, parsed)


def _row_record(row: dict[str, str]) -> Record:
    record = Record()
    for field, column in (("party", "当事人名称"), ("facts", "主要违法违规事实"), ("basis", "行政处罚依据"),
                          ("decision", "行政处罚内容"), ("authority", "作出决定机关"),
                          ("decided_on", "作出处罚决定的日期")):
        record.set(field, blank(row.get(column) or ""))
    # That export wrote each row's cells out, a merged one repeated in every row it covered: which rows
    # shared one cell is lost, so each row is read as its own (the same text repeated in each row, which
    # real notices do too).
    return record


def nfra_row_records(doc_id: str, samples: Path = NFRA) -> list[Record]:
    """The rows of one notice of the real rows export, as records."""
    with (samples / REAL_ROWS).open(encoding="utf-8", newline="") as handle:
        return [_row_record(row) for row in csv.DictReader(handle) if row.get("docId") == doc_id]


def cbrc_circ_line(line: int, path: Path = CBRC_CIRC) -> dict[str, str]:
    """The CBRC/CIRC record on a 1-based line of notices.jsonl."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if number == line:
                return json.loads(text)
    raise LookupError(f"{path} has no line {line}")


def nfra_rows(samples: Path = NFRA) -> Iterator[RealNotice]:
    notices: dict[str, list[Record]] = defaultdict(list)
    with (samples / REAL_ROWS).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not read_party_cell(row.get("当事人名称")).artefact:
                notices[row.get("docId", "")].append(_row_record(row))
    for doc_id, records in notices.items():
        yield RealNotice("nfra-rows", doc_id, "horizontal", parse_records(records, "horizontal"))


def cbrc_circ(path: Path = CBRC_CIRC) -> Iterator[RealNotice]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            notice = json.loads(line)
            yield RealNotice("cbrc-circ", notice["id"], notice["layout"],
                             parse_docclob(notice["html"], title=notice["page_title"]))


def every_notice(samples: Path = NFRA, cbrc: Path = CBRC_CIRC) -> Iterator[RealNotice]:
    yield from docclob_samples(samples)
    yield from nfra_rows(samples)
    if cbrc.is_file():
        yield from cbrc_circ(cbrc)
