"""The records behind a figure: as compact table rows on a receipt page and as its CSV.

A receipt lists each record with the amounts it adds to each sum (rules.counted_fine and
rules.counted_forfeiture), so a reader can add them up; the CSV has exactly the same records.
Rows are made in Python, like sitegen.core.fragments, because a build makes hundreds of thousands.

Every record is in about 14 receipts (a year and all years, times the year itself, its decision year,
bank group, type, categories, region and office): at 5,000 notices plain quoted CSVs with a link column
were 28 MB, more than the notice pages. So the CSV is gzip-compressed (about a fifth of the bytes;
`gzip -d` or any unzip tool opens it) and keeps only what identifies a record and what it adds to
each sum: its link is {site}/notices/{doc_id}/#p{seq}, as the receipt page says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date

from markupsafe import Markup, escape

from sitegen.core import urls
from sitegen.core.csvsafe import csv_safe_cell
from sitegen.core.deflate import gzip_bytes
from sitegen.core.formats import ymd
from sitegen.core.refs import Ref
from sitegen.core.summaries import Entry
from sitegen.pages.receipts.rules import counted_fine, counted_forfeiture

PARTIAL = "partial"
# zlib-ng level 6: the receipts' CSVs at 100,000 notices (414 MB) in 54.4 MB and 6.2 s of CPU; zlib's level 6
# made 54.6 MB in 10.0 s, zlib-ng's level 5 55.4 MB (README, "Deflate").
CSV_LEVEL = 6

CSV_COLUMNS = (
    "发布日期", "决定日期", "公告编号(doc_id)", "当事人序号(seq)", "当事人", "当事人类型",
    "计入罚款合计(元)", "没收(元)", "原文罚没合计(元)", "计入罚没合计(元)", "共同罚款已计在他人名下", "解析状态",
    "机构（集团）", "地区", "监管机构", "违法类型", "监管部门",
)


def _label(ref: Ref | None) -> str:
    return ref.label if ref else ""


def _amount(value: int) -> str:
    return f"{value:,}" if value else "—"


def record_row(e: Entry, base_path: str, status: str, decided: date | None) -> Markup:
    """One <tr>: dates, party (linked to its section of the notice), kind, what it adds to each sum.
    End tags of cells and of the row are left out (HTML allows it: a row is followed by a row or the end of
    its <tbody>), as are the quotes of its link (urls.link: safe unquoted): a few hundred thousand rows are
    listed."""
    flag = " <i class=flag>部分解析</i>" if status == PARTIAL else ""
    joint = " <i class=flag>共同罚款</i>" if e.fine and e.fine_counted != e.fine else ""
    return Markup(
        f'<tr><td>{ymd(e.day)}<td>{ymd(decided) if decided else "—"}'
        f"<td><a href={urls.link(base_path, e.anchor)}>{escape(e.name)}</a>{flag}"
        f'<td>{"个人" if e.individual else "机构"}<td>{_amount(counted_fine(e))}{joint}'
        f"<td>{_amount(counted_forfeiture(e))}"
    )


def record_rows(
    entries: Iterable[Entry], base_path: str, status: dict[int, str], decided: dict[tuple[int, int], date]
) -> Markup:
    return Markup("\n").join(
        record_row(e, base_path, status.get(e.doc_id, ""), decided.get((e.doc_id, e.seq))) for e in entries
    )


def records_csv(
    entries: Iterable[Entry], status: dict[int, str], decided: dict[tuple[int, int], date],
    extra: tuple[str, Callable[[Entry], str]] | None = None, lines: dict[int, bytes] | None = None,
) -> bytes:
    """Gzip-compressed CSV, UTF-8 with BOM (Excel reads it as Chinese), oldest record first, a name a
    spreadsheet would run as a formula defused (sitegen.core.csvsafe). The gzip
    header carries no name and no time, so the same records always make the same bytes. `extra`: (column,
    value of a record) of one more column a receipt's rows filter on (the repeats' categories). `lines`:
    each record's line by its index, kept across the receipts of a build (a record is in about 14 CSVs);
    a line with the `extra` column is that line with one more cell. Lines are kept encoded: a CSV is then
    joined from bytes, not encoded again whole."""
    cache = lines if lines is not None else {}
    made = [_BOM, _csv_line((*CSV_COLUMNS, extra[0])).encode() if extra else _HEADER]
    for e in entries:
        line = cache.get(e.index)
        if line is None:
            line = cache[e.index] = _csv_line(_csv_cells(e, status, decided)).encode()
        made.append(_with_cell(line, extra[1](e)) if extra else line)
    return gzip_bytes(b"".join(made), CSV_LEVEL)


def _csv_cells(e: Entry, status: dict[int, str], decided: dict[tuple[int, int], date]) -> tuple[object, ...]:
    day = decided.get((e.doc_id, e.seq))
    joint = "是" if e.fine and e.fine_counted != e.fine else ""
    return (
        ymd(e.day) if e.day else "", day.isoformat() if day else "", e.doc_id, e.seq, csv_safe_cell(e.name),
        "个人" if e.individual else "机构", counted_fine(e), e.confiscated or 0, e.forfeiture or 0,
        counted_forfeiture(e), joint, status.get(e.doc_id, ""),
        # The items a breakdown row of a receipt filters on (sitegen/pages/receipts/pages.py: breakdowns).
        csv_safe_cell(_label(e.group)), _label(e.region), _label(e.regulator),
        "；".join(c.label for c in e.categories), e.source,
    )


_BUFFER = io.StringIO()
_WRITER = csv.writer(_BUFFER, lineterminator="\r\n")


def _csv_line(cells: Iterable[object]) -> str:
    """One CSV line as csv.writer writes it (its quoting, CRLF)."""
    _BUFFER.seek(0)
    _BUFFER.truncate()
    _WRITER.writerow(cells)
    return _BUFFER.getvalue()


def _with_cell(line: bytes, value: str) -> bytes:
    """A CSV line with one more cell at its end, quoted as csv.writer quotes it there (an empty cell is
    written as nothing: only a line of that one cell would need its quotes)."""
    cell = _csv_line((value,)).encode()[:-2] if value else b""
    return b"%s,%s\r\n" % (line[:-2], cell)


_HEADER = _csv_line(CSV_COLUMNS).encode()
_BOM = "\ufeff".encode()  # Excel reads the file as UTF-8 (Chinese) only with it
