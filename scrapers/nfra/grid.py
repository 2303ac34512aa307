"""A table as a rectangular grid: rowspan/colspan cells repeated over every position they cover."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from lxml import etree

from scrapers.nfra.htmlclean import text_of
from scrapers.nfra.textnorm import tidy

# Hostile or broken spans ("rowspan=99999") must not blow up memory: no real notice comes near these.
MAX_COLSPAN = 64
MAX_ROWS = 2000
# A grid is at most MAX_ROWS x MAX_WIDTH positions, and spans write at most MAX_SPANNED positions in all
# (beyond that a span counts as 1): thousands of rows that each span the whole table stay linear.
MAX_WIDTH = 128
MAX_SPANNED = 1 << 18


@dataclass(slots=True)
class Cell:
    text: str  # cleaned text, one line per source paragraph
    origin: int  # id of the source cell: equal for every position a spanned cell covers (-1: no cell)
    first_row: int  # the grid row where the source cell starts


BLANK = Cell("", -1, -1)
MAX_CELLS = 1 << 20
_ORIGINS = itertools.count()


def table_rows(table: etree._Element) -> list[etree._Element]:
    """The table's own rows, not those of a table nested in one of its cells. The stripped docClob has
    no <tbody>, so rows are usually the table's children; a parser that moved them is handled too."""
    rows = table.findall("tr")
    if rows and len(rows) == sum(1 for _ in table.iter("tr")):
        return rows
    return [row for row in table.iter("tr") if _owning_table(row) is table]


def _owning_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


# Whitespace the whole-document normalisation cannot have removed: entities lxml decoded afterwards.
_ODD_SPACE = re.compile("[\xa0\u3000\u200b\ufeff\t\r\u2002\u2003]|  | \n|\n ")


def cell_text(cell: etree._Element) -> str:
    """The cell's text; the tree was normalised as a whole, so only decoded entities need another pass."""
    text = text_of(cell).strip()
    return tidy(text) if _ODD_SPACE.search(text) else text


def _span(cell: etree._Element, name: str, limit: int) -> int:
    value = cell.get(name, "1")
    if not value.isdigit():
        return 1
    # int() refuses strings of more than 4,300 digits; anything past nine is past every limit anyway.
    return limit if len(value) > 9 else min(max(int(value), 1), limit)


def table_grid(table: etree._Element, max_positions: int | None = None) -> list[list[Cell]]:
    """Rows of cells, spans expanded; ragged rows are padded with BLANK so all rows have one width.

    With max_positions, rows stop once the grid would exceed that many positions (rows x width)."""
    rows = table_rows(table)[:MAX_ROWS]
    grid: list[list[Cell | None]] = [[] for _ in rows]
    origin = next(_ORIGINS) * MAX_CELLS  # unique across the tables of a notice (a decision cell's key)
    spanned = 0
    width = 0
    for r, row in enumerate(rows):
        if max_positions is not None and (r + 1) * width > max_positions:
            rows, grid = rows[:r], grid[:r]
            break
        width = max(width, len(grid[r]))
        c = 0
        for source in row:
            if source.tag not in ("td", "th"):
                continue
            line = grid[r]
            while c < len(line) and line[c] is not None:
                c += 1
            if c >= MAX_WIDTH:
                break  # cells past the widest plausible table are not read
            if source.attrib:  # only rowspan/colspan survive the stripping
                rowspan = _span(source, "rowspan", len(rows) - r)
                colspan = _span(source, "colspan", min(MAX_COLSPAN, MAX_WIDTH - c))
                spanned += rowspan * colspan
                if spanned > MAX_SPANNED:
                    rowspan = colspan = 1
            else:
                rowspan = colspan = 1
            cell = Cell(cell_text(source), origin, r)
            origin += 1
            for rr in range(r, r + rowspan):
                target = grid[rr]
                if len(target) < c + colspan:
                    target.extend([None] * (c + colspan - len(target)))
                for cc in range(c, c + colspan):
                    target[cc] = cell
            c += colspan
        width = max(width, len(grid[r]))
    width = max((len(line) for line in grid), default=0)
    return [[cell or BLANK for cell in line] + [BLANK] * (width - len(line)) for line in grid]
