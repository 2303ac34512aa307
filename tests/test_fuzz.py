"""The fuzz run of issue 6 (10,000 mutated notices through the crawl's parse path, no exception), and a
regression test for each bug the fuzzing found.

Some bugs were quadratic (or worse) time on hostile input: minutes for a few hundred KB. Their tests run
the input that took the old code over 45 s and carry a pytest timeout: a hang guard, not a speed target
(the new code takes well under a second, and timings are reported by `python -m qa.fuzz`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

import scrapers.nfra.reader
from models.db import make_engine
from models.record import NoticeMeta, ParsedNotice, Party
from models.store import NOTICE, Store
from qa import fuzz as fuzz_module
from qa.fuzz import LAYOUTS, MUTATORS, fuzz, load_seeds
from scrapers.nfra import enrich as enrich_module
from scrapers.nfra.amounts import MAX_YUAN, find_money
from scrapers.nfra.assemble import MAX_PARTIES
from scrapers.nfra.detail import (
    BadResponse,
    content_hash,
    list_rows,
    notice_meta,
    notice_title,
    read_envelope,
)
from scrapers.nfra.grid import MAX_ROWS, MAX_WIDTH, table_grid
from scrapers.nfra.htmlclean import strip_word, tree_of
from scrapers.nfra.layouts import read_vertical
from scrapers.nfra.parse import MAX_DOCCLOB, MAX_FIELD, MAX_POSITIONS, MAX_TEXT, parse_docclob
from scrapers.nfra.parties import assign, cut_clauses, read_party_cell
from scrapers.nfra.reader import read_notice
from scrapers.nfra.sanctions import parse_sanctions
from scrapers.nfra.urls import absolute
from tests.conftest import SAMPLES

FUZZ_COUNT = 10_000
FUZZ_SEED = 20261128
HANG = pytest.mark.timeout(30)
META = NoticeMeta(doc_id=1, title="某金融监管分局行政处罚信息公开表", published_at=None, issuer="北京金融监管局")


def horizontal(party: str, decision: str, facts: str = "违规发放贷款") -> str:
    return (
        "<table><tr><td>序号</td><td>当事人名称</td><td>主要违法违规行为</td><td>行政处罚内容</td><td>作出决定机关</td></tr>"
        f"<tr><td>1</td><td>{party}</td><td>{facts}</td><td>{decision}</td><td>北京金融监管局</td></tr></table>"
    )


def assert_handled(parsed: ParsedNotice) -> None:
    """Parsed by the code, not rescued by the catch-all."""
    assert not (parsed.parse_error or "").startswith("parser error"), parsed.parse_error


# ------------------------------------------------------------------------------------- the fuzz run


@pytest.fixture(scope="module")
def seeds() -> list[fuzz_module.Seed]:
    assert SAMPLES.is_dir(), f"real NFRA samples not found at {SAMPLES}"
    return load_seeds(SAMPLES)


@pytest.mark.slow
def test_ten_thousand_mutated_notices_raise_nothing(seeds: list[fuzz_module.Seed]) -> None:
    report = fuzz(FUZZ_COUNT, FUZZ_SEED, seeds)
    failures = "\n".join(f"{case.describe()}: {problems[0][-300:]}" for case, problems in report.failures[:5])
    assert report.exceptions == 0, failures
    assert report.count == FUZZ_COUNT
    # The run reached every outcome: each layout and parse status, refusals at the envelope, list pages.
    assert set(report.layouts) == LAYOUTS
    assert all(report.statuses[status] > 100 for status in ("ok", "partial", "failed"))
    assert {"bad-response:bad-json", "bad-response:html-200", "list-with-bad-rows"} <= set(report.statuses)
    assert report.statuses["list"] > 50
    assert {m.__name__ for m, _ in MUTATORS} | {"field", "bytes", "list"} <= set(report.mutations)


def test_mutated_notices_can_all_be_stored(seeds: list[fuzz_module.Seed], db_url: str) -> None:
    """What the parse path lets through, the database takes (SQLite, and PostgreSQL in CI)."""
    engine = make_engine(db_url)
    report = fuzz(300, FUZZ_SEED + 1, seeds, store=Store(engine))
    assert report.exceptions == 0, [problems[0][-300:] for _, problems in report.failures[:3]]
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(NOTICE))
    engine.dispose()
    assert stored == len({case.doc_id for case in _parsed_cases(seeds, 300, FUZZ_SEED + 1)})


def _parsed_cases(seeds: list[fuzz_module.Seed], count: int, seed: int) -> list[fuzz_module.Case]:
    cases = [fuzz_module.make_case(seeds, seed, n) for n in range(count)]
    return [c for c in cases if fuzz_module.run_case(c).status in ("ok", "partial", "failed")]


def test_the_fuzzer_reports_what_it_is_there_to_find(seeds: list[fuzz_module.Seed], monkeypatch) -> None:
    calls = iter(range(10**6))

    def flawed(data: dict, meta: NoticeMeta) -> ParsedNotice:
        n = next(calls)
        if n % 3 == 0:
            raise ZeroDivisionError("boom")
        if n % 3 == 1:
            return ParsedNotice("vertical", "ok", None, [Party(seq=1, party_name="甲", party_kind="institution",
                                                                 fine_yuan=10**20)])
        return ParsedNotice("vertical", "failed", "parser error: KeyError: x")

    monkeypatch.setattr(scrapers.nfra.reader, "read_notice", flawed)  # the crawl's path, which the fuzzer runs
    report = fuzz(60, 1, seeds)
    kinds = " ".join(problem for _, problems in report.failures for problem in problems)
    assert "ZeroDivisionError" in kinds and "integer out of range" in kinds and "catch-all" in kinds


# ------------------------------------------------------------------------- HTML cleaning (htmlclean)

TABLE = "<table><tr><td>当事人名称</td></tr></table>"


@HANG
@pytest.mark.parametrize("tail", ["<a" * 300_000, "<td" * 100_000, "<br" * 100_000, "<![if" * 100_000])
def test_unclosed_tags_cost_linear_time(tail: str) -> None:
    # No ">" after them: every "<" used to scan to the end of the text and fail (minutes).
    stripped = strip_word(TABLE + tail)
    assert stripped.startswith("<table><tr><td>当事人名称</td></tr></table>")


@HANG
def test_unclosed_style_blocks_cost_linear_time() -> None:
    # Each <style> without </style> used to search the rest of the text for one.
    assert strip_word("<style>" * 100_000 + "当事人：某银行") == "当事人：某银行"


# ---------------------------------------------------------------------------------- table grid (grid)


def grid_of(html: str, max_positions: int | None = None) -> list[list]:
    table = tree_of(strip_word(html)).find(".//table")
    return table_grid(table, max_positions)


def test_a_span_of_five_thousand_digits_is_clamped() -> None:
    # int() refuses more than 4,300 digits: the parse ended in the catch-all.
    hostile = f'<td rowspan="{"9" * 5000}">1</td>'
    parsed = parse_docclob(horizontal("某银行", "罚款1万元").replace("<td>1</td>", hostile))
    assert_handled(parsed)
    assert parsed.parse_status == "ok" and parsed.parties[0].fine_yuan == 10_000


def test_huge_spans_on_every_row_stay_within_the_grid_bounds() -> None:
    rows = '<tr><td rowspan="99999999" colspan="99999999">当事人名称</td><td>x</td></tr>' * 3000
    grid = grid_of(f"<table>{rows}</table>")
    assert len(grid) == MAX_ROWS and all(len(row) == len(grid[0]) <= MAX_WIDTH for row in grid)


def test_a_row_of_thousands_of_cells_is_cut_at_the_widest_table() -> None:
    grid = grid_of("<table><tr>" + "<td>x</td>" * 5000 + "</tr><tr><td>y</td></tr></table>")
    assert len(grid[0]) == MAX_WIDTH and grid[1][0].text == "y"


def test_a_grid_stops_adding_rows_at_its_position_budget() -> None:
    grid = grid_of("<table>" + ("<tr>" + "<td>x</td>" * 10 + "</tr>") * 1000 + "</table>", max_positions=500)
    assert (len(grid), len(grid[0])) == (50, 10)


# ------------------------------------------------------------------------------- amounts and sanctions


def test_absurd_amounts_are_not_read_as_fines() -> None:
    # 10^24 yuan does not fit the BIGINT column: storing the notice failed, and the notice was lost.
    parsed = parse_docclob(horizontal("某银行", "罚款99999999999999999999万元"))
    assert parsed.parse_status == "partial" and parsed.parties[0].fine_yuan is None
    assert "fine amount not read" in (parsed.parse_error or "")
    assert [m.yuan for m in find_money(f"罚款{MAX_YUAN}元")] == [MAX_YUAN]
    assert find_money(f"罚款{MAX_YUAN + 1}元") == []


@HANG
@pytest.mark.parametrize("text", ["罚款" + "9" * 20_000 + "x万", "1万" * 60_000 + "x", "罚款" + "九" * 3_000 + "x万"])
def test_runs_of_numerals_without_a_unit_cost_linear_time(text: str) -> None:
    assert find_money(text) == []


@HANG
def test_thousands_of_orders_in_one_clause_cost_linear_time() -> None:
    # 责令… with no 停止 after it: each one scanned the rest of the clause.
    found = parse_sanctions("责令" * 50_000)
    assert found.fine_yuan is None and not found.warning


@HANG
def test_thousands_of_amounts_in_one_sentence_cost_linear_time() -> None:
    # Each amount copied the rest of its sentence to look at the words around it.
    assert parse_sanctions("罚款1万元（" * 80_000).fine_yuan == 80_000 * 10_000
    assert parse_sanctions("1元" * 150_000).fine_yuan is None  # no amount is said to be a fine


# -------------------------------------------------------------------------------- parties and layouts


@HANG
def test_a_decision_of_countless_clauses_costs_linear_time() -> None:
    # Clauses naming no one were appended to the one before, copying it each time.
    decision = "罚款1万元，" * 200_000
    (clause,) = cut_clauses(decision)
    assert clause.text == decision and clause.targets == []


def test_a_cell_of_thousands_of_names_stops_at_the_party_bound() -> None:
    names = [f"王{chr(0x4E00 + i % 9000)}{chr(0x4E00 + i // 9000)}" for i in range(3000)]
    assert len(read_party_cell("、".join(names)).listed) == MAX_PARTIES + 1  # one more: "there were more"
    parsed = parse_docclob(horizontal("、".join(names[:1500]), "".join(f"对{n}警告。" for n in names[:1500])))
    assert len(parsed.parties) == MAX_PARTIES and parsed.parse_status == "partial"
    assert f"more than {MAX_PARTIES} parties" in (parsed.parse_error or "")


def test_many_names_on_both_sides_are_matched_by_exact_name_only() -> None:
    # Every name of the decision was compared with every name of the cell (about 10 µs a pair).
    cell = read_party_cell("、".join(f"王{chr(0x4E00 + i)}银行" for i in range(400))).listed
    drafts = assign(cell, "".join(f"对王{chr(0x4E00 + i)}银行罚款1万元。" for i in range(400)))
    assert [d.named.name for d in drafts] == [n.name for n in cell]
    assert all(d.sanctions.fine_yuan == 10_000 for d in drafts)
    assert "matched to the decision by exact name only" in (drafts[0].unresolved or "")


@HANG
def test_a_value_continued_over_thousands_of_rows_is_joined_once() -> None:
    from scrapers.nfra.grid import Cell

    rows = [[Cell("被处罚当事人", 0, 0), Cell("某银行", 1, 0)]]
    rows += [[Cell("主要违法违规事实", 2 + 2 * r, r + 1), Cell("违" * 10_000, 3 + 2 * r, r + 1)] for r in range(2000)]
    rows += [[Cell("行政处罚决定", 9000, 3000), Cell("罚款1万元", 9001, 3000)]]
    (record,) = read_vertical(rows)
    assert record.facts == "\n".join(["违" * 10_000] * 2000)


def test_parties_sharing_one_long_facts_cell_are_categorized_once(monkeypatch) -> None:
    seen: list[str | None] = []

    def counting(text: str | None) -> list:
        seen.append(text)
        return []

    monkeypatch.setattr(enrich_module, "categorize", counting)
    rows = "".join(f"<tr><td>王{chr(0x4E00 + i)}某</td><td>警告</td></tr>" for i in range(1, 300))
    html = ("<table><tr><td>当事人名称</td><td>行政处罚内容</td><td>主要违法违规事实</td></tr>"
            f'<tr><td>王某</td><td>警告</td><td rowspan="300">{"贷款管理不审慎" * 1000}</td></tr>{rows}</table>')
    parsed = read_notice({"docClob": html}, META)
    assert len(parsed.parties) == 300 and len({p.facts for p in parsed.parties}) == 1
    assert len(seen) == len(set(seen)) <= 3  # the facts, and each distinct decision, once


# --------------------------------------------------------------------------------- bounds of the parse


def test_what_is_too_large_to_parse_is_failed_with_the_reason() -> None:
    too_long = parse_docclob("x" * (MAX_DOCCLOB + 1))
    assert too_long.parse_error == f"docClob of {MAX_DOCCLOB + 1:,} characters: too large to parse"
    parsed = parse_docclob("<p>" + "罚款" * MAX_TEXT + "</p>")
    assert parsed.parse_status == "failed" and "characters of text and tables: too large to parse" in parsed.parse_error


def test_tables_past_the_notice_budget_of_cells_are_not_read_and_said_so() -> None:
    # Every row of a table spanned by one cell: 2,000 x 64 positions from 8 KB of HTML.
    monster = '<table><tr><td rowspan="2000" colspan="64">x</td></tr>' + "<tr>" * 1999 + "</table>"
    parsed = parse_docclob(horizontal("某银行", "罚款1万元") + monster * 3)
    assert parsed.parse_status == "partial" and parsed.parties[0].party_name == "某银行"
    assert f"tables of more than {MAX_POSITIONS:,} cells: the rest not read" in parsed.parse_error
    unread = parse_docclob(monster * 3 + horizontal("某银行", "罚款1万元"))
    assert unread.parse_status == "failed" and "the rest not read" in unread.parse_error


def test_a_field_longer_than_any_real_one_is_cut_and_said_so() -> None:
    parsed = parse_docclob(horizontal("某银行", "罚款1万元", facts="违" * (MAX_FIELD + 5)))
    assert parsed.parse_status == "partial" and len(parsed.parties[0].facts) == MAX_FIELD
    assert "facts of more than" in parsed.parse_error


@pytest.mark.parametrize("clob", [5, 1.5, True, [], ["<p>x</p>"], {"a": 1}])
def test_a_docclob_that_is_not_text_fails_with_a_reason(clob: object) -> None:
    # It reached the parser's catch-all ("parser error: AttributeError").
    parsed = read_notice({"docClob": clob}, META)
    assert parsed.parse_status == "failed"
    assert parsed.parse_error == f"docClob is a JSON {type(clob).__name__}, not text"


# ------------------------------------------------------------------------------- envelopes and fields


@pytest.mark.parametrize("body", [
    b"[" * 100_000 + b"]" * 100_000,  # RecursionError
    b'{"rptCode":200,"data":' + b'{"a":' * 50_000 + b"1" + b"}" * 50_001,
    b'{"rptCode":' + b"2" + b"0" * 5000 + b',"data":{}}',  # ValueError: more than 4,300 digits
])
def test_bodies_json_cannot_read_are_bad_responses(body: bytes) -> None:
    with pytest.raises(BadResponse) as error:
        read_envelope(body)
    assert error.value.kind == "bad-json"


def test_an_html_error_page_with_nul_gives_a_storable_reason() -> None:
    with pytest.raises(BadResponse) as error:
        read_envelope(b"<html>\x00 Forbidden")
    assert "\x00" not in error.value.reason


def test_lone_surrogates_and_nul_never_reach_the_database() -> None:
    data = json.loads('{"docId":7,"docSubtitle":"\\u91d1\\ud800\\u0000","docSource":"\\udfff","documentNo":"\\u0000",'
                      '"pdfFileUrl":"/a\\ud83d.pdf","docClob":"\\ud800<p>x</p>"}')
    content_hash(data)  # raised UnicodeEncodeError
    meta = notice_meta(data, 4293)
    for value in (meta.title, meta.issuer, meta.document_no, meta.pdf_url):
        assert "\x00" not in value
        value.encode("utf-8")
    assert notice_title(data) == meta.title == "金\ufffd\ufffd"


@pytest.mark.parametrize("doc_id", ["²", "9" * 5000, "1" * 19, "-1", " 1", True, 2**53])
def test_a_list_row_whose_docid_is_no_number_is_a_bad_row(doc_id: object) -> None:
    # "²".isdigit() is true and int("²") raises; 5,000 digits raise in int() too.
    page = list_rows({"total": 2, "rows": [{"docId": doc_id}, {"docId": 1256185}]})
    assert len(page.rejected) == 1 and [row["docId"] for row in page.rows] == [1256185]
    assert len(page.rejected[0].reason) < 200


@pytest.mark.parametrize("total", [float("inf"), float("nan"), 2**31, -1, "9" * 5000])
def test_a_list_total_out_of_range_is_a_bad_response(total: object) -> None:
    # int(inf) raised OverflowError; 2**31 does not fit crawl_item.last_total.
    with pytest.raises(BadResponse):
        list_rows({"total": total, "rows": []})


@pytest.mark.parametrize("path", ["http://[", "//[::1"])
def test_a_pdf_path_no_url_can_be_made_of_is_none(path: str) -> None:
    assert absolute("https://www.nfra.gov.cn", path) is None  # urljoin raised ValueError


def test_samples_are_where_the_fuzzer_reads_them() -> None:
    assert len(list(Path(SAMPLES).glob("docclob_*.html"))) >= 7
