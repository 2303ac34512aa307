"""Which layout a table is in, and the readers for each: vertical (label | value rows) and horizontal
(a header row of labels, then one row per party). Labels are matched by meaning, never by position."""

from __future__ import annotations

import re

from scrapers.nfra.grid import Cell
from scrapers.nfra.labels import field_of
from scrapers.nfra.records import Record, blank

# A field that, seen again in a vertical table after a decision, starts the next party's block.
_BLOCK_START = ("decision_no", "party")

# The CBRC form's rows after its 法定代表人 row, in their fixed order: a copy that lost the label of one of
# them (an empty label cell, 银监.xlsx: cc-0201, cc-0216, cc-0249) still has its value in the row where
# that label stood.
_NEXT_IN_FORM = {"legal_rep": "facts", "facts": "basis", "basis": "decision", "decision": "authority",
                 "authority": "decided_on"}

# The form's heading cell with the 文号 row glued to it (fragments of 银监.xlsx: '…公开表（张桂深）行政处罚决定书文号
# 惠银监罚决字〔2005〕1号', one cell): the number after its label.
_GLUED_NUMBER = re.compile(r"(?:行政处罚决定书|处罚决定书|决定书)文号[：:]?\s*(?P<number>[^\s：:]{2,40})$")


def _distinct(row: list[Cell]) -> list[Cell]:
    """The row's source cells once each, left to right (a colspan covers several positions)."""
    seen: set[int] = set()
    cells = []
    for cell in row:
        if cell.origin >= 0 and cell.origin not in seen:
            seen.add(cell.origin)
            cells.append(cell)
    return cells


def _header_fields(row: list[Cell]) -> list[str | None]:
    return [field_of(cell.text) if cell.origin >= 0 else None for cell in row]


def distinct_rows(grid: list[list[Cell]]) -> list[list[Cell]]:
    return [_distinct(row) for row in grid]


def header_row(distinct: list[list[Cell]]) -> int | None:
    """The row of a horizontal table's column labels: three or more labels of distinct fields, among them
    the party or the decision, and at least one row below it."""
    for index, cells in enumerate(distinct[:-1]):
        fields = {field_of(cell.text) for cell in cells} - {None}
        if len(fields) >= 3 and fields & {"party", "decision"}:
            return index
    return None


def detect(distinct: list[list[Cell]]) -> tuple[str | None, int | None]:
    """('horizontal', header row), ('vertical', None), or (None, None) for a table that is neither
    (a layout table, a title box). `distinct` is distinct_rows(grid)."""
    header = header_row(distinct)
    if header is not None:
        return "horizontal", header
    labelled = [field for field in (field_of(cells[0].text) for cells in distinct if len(cells) >= 2) if field]
    if len(labelled) >= 3 and set(labelled) & {"party", "decision", "person_name"}:
        return "vertical", None
    return None, None


def read_vertical(distinct: list[list[Cell]]) -> list[Record]:
    """Label | value rows (the CBRC 9-row form nests 被处罚当事人 › 单位 › 名称 over spanned label cells).

    A table that lists several parties in value columns yields one record per column."""
    blocks: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] = {}
    # Lines of a value continued on rows with the same label, joined once when needed: joining row by row
    # copies the growing value each time (quadratic on thousands of rows).
    more: dict[str, list[str]] = {}
    previous: str | None = None  # the field of the row above
    for cells in distinct:
        labels: list[str] = []
        position = 0
        while position < len(cells) - 1:
            field = field_of(cells[position].text)
            if field is None:
                break
            labels.append(field)
            position += 1
        if not labels and len(cells) >= 2 and not cells[0].text.strip() and previous in _NEXT_IN_FORM:
            labels, position = [_NEXT_IN_FORM[previous]], 1  # the form's next row, its label cell empty
        glued = _GLUED_NUMBER.search(cells[0].text.strip()) if not labels and len(cells) == 1 else None
        if glued and "decision_no" not in current:
            current["decision_no"] = [glued.group("number")]
            continue
        if not labels:
            continue
        field = previous = labels[-1]  # the most specific label: 个人姓名 under 被处罚当事人
        values = [blank(cell.text) for cell in cells[position:]] or [""]
        if field in _BLOCK_START and current.get("decision") and field in current:
            blocks.append(_join_lines(current, more))
            current = {}
        if field in current and len(values) == 1 == len(current[field]):
            # The same label on a second row (a value continued): one value.
            more.setdefault(field, []).append(values[0])
        else:
            if field in more:
                _join_lines(current, {field: more.pop(field)})
            current.setdefault(field, []).extend(values)
    if current:
        blocks.append(_join_lines(current, more))
    records = []
    for block in blocks:
        columns = max(len(values) for values in block.values())
        for column in range(columns):
            record = Record()
            for field, values in block.items():
                value = values[column] if len(values) == columns else values[0] if len(values) == 1 else ""
                record.set(field, value)
            if not record.empty:
                records.append(record)
    return records


def _join_lines(block: dict[str, list[str]], more: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each continued value as one value: its lines joined by newlines, empty ones left out. Empties `more`."""
    for field, lines in more.items():
        block[field] = ["\n".join(v for v in (block[field][0], *lines) if v)]
    more.clear()
    return block


def read_horizontal(grid: list[list[Cell]], header: int, distinct: list[list[Cell]]) -> list[Record]:
    """One record per party row under the header; a rowspan value is copied down (the grid already did)."""
    fields = _header_fields(grid[header])
    first_data = header + 1
    # A two-row header (当事人 spanning 名称 | 职务): the second row refines the first where it labels.
    if first_data < len(grid):
        second_row = grid[first_data]
        second = _header_fields(second_row)
        if sum(f is not None for f in second) >= 2 and all(
            f is not None or cell.first_row < first_data for f, cell in zip(second, second_row, strict=True)
        ):
            fields = [s or f for f, s in zip(fields, second, strict=True)]
            first_data += 1
    records = []
    for row, cells in zip(grid[first_data:], distinct[first_data:], strict=True):
        if len(cells) <= 1 and len(row) > 2:
            continue  # a note or title spanning the table
        if sum(1 for cell in cells if field_of(cell.text)) >= 3:
            continue  # the header repeated (a table continued over a page)
        record = Record()
        used: set[tuple[str, int]] = set()
        for field, cell in zip(fields, row, strict=True):
            if field is None or field == "seq" or (field, cell.origin) in used:
                continue
            used.add((field, cell.origin))
            record.set(field, blank(cell.text))
            if field == "decision":
                record.decision_key = cell.origin
        if not record.empty:
            records.append(record)
    return records
