"""Parse a notice's docClob (Word-exported HTML) into per-party penalty records.

Entry point: parse_docclob(). It never raises: a bug becomes parse_status 'failed' with the exception
named in parse_error, so a crawl stores the notice (its raw JSON is kept) and goes on.
"""

from __future__ import annotations

from models.record import ParsedNotice, Party
from scrapers.nfra.assemble import assemble, split_parties
from scrapers.nfra.grid import table_grid
from scrapers.nfra.htmlclean import parse_tree, text_of
from scrapers.nfra.layouts import detect, distinct_rows, read_horizontal, read_vertical
from scrapers.nfra.records import Record
from scrapers.nfra.sanctions import parse_sanctions
from scrapers.nfra.textbody import read_text
from scrapers.nfra.textnorm import tidy

__all__ = ["PARSER_VERSION", "parse_docclob", "parse_sanctions", "split_parties"]

# Bump whenever the output for some input changes: the re-parse command compares it with the stored one.
PARSER_VERSION = 1

MAX_ERROR = 500


def parse_docclob(docclob: str | None, *, title: str | None = None) -> ParsedNotice:
    """Layout, parse status and parties of one notice. `title` is the notice title (context for messages)."""
    try:
        return _parse(docclob)
    except Exception as exc:
        return ParsedNotice(
            layout="unknown",
            parse_status="failed",
            parse_error=f"parser error: {type(exc).__name__}: {exc}"[:MAX_ERROR],
        )


def _table_records(tree) -> tuple[str | None, list[Record]]:
    layout = None
    records: list[Record] = []
    for table in tree.iter("table"):
        grid = table_grid(table)
        if not grid:
            continue
        distinct = distinct_rows(grid)
        kind, header = detect(distinct)
        if kind == "horizontal" and header is not None:
            found = read_horizontal(grid, header, distinct)
        elif kind == "vertical":
            found = read_vertical(distinct)
        else:
            continue
        if found:
            layout = layout or kind
            records.extend(found)
    return layout, records


def _status(parties: list[Party], problems: list[str]) -> tuple[str, str | None]:
    """ok: every party has a name and a decision (and its fine an amount); partial: some field missing."""
    if not parties:
        return "failed", "; ".join(problems) or "no party found"
    for party in parties:
        if not party.party_name:
            problems.append(f"party {party.seq} has no name")
        if not party.decision:
            problems.append(f"{party.party_name or f'party {party.seq}'}: no decision text")
    if problems:
        return "partial", "; ".join(dict.fromkeys(problems))[:MAX_ERROR]
    return "ok", None


def _parse(docclob: str | None) -> ParsedNotice:
    if docclob is None or not docclob.strip():
        return ParsedNotice(layout="unknown", parse_status="failed", parse_error="empty docClob")
    tree = parse_tree(docclob)
    layout, records = _table_records(tree)
    if not records:
        text = tidy(text_of(tree))
        if not text:
            return ParsedNotice(layout="unknown", parse_status="failed", parse_error="docClob has no text")
        layout = "text" if tree.find(".//table") is None else "unknown"
        records = read_text(text)
        if not records:
            reason = "paragraph-only notice: no decision found in the text" if layout == "text" else (
                "tables without penalty labels, and no decision found in the text"
            )
            return ParsedNotice(layout=layout, parse_status="failed", parse_error=reason)
    assembly = assemble(records)
    status, error = _status(assembly.parties, assembly.problems)
    return ParsedNotice(layout=layout or "unknown", parse_status=status, parse_error=error, parties=assembly.parties)
