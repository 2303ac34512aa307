"""The ingest guard (scrapers/guard.py): what a hostile or careless source sends is stored safe to show.

Details are the project's synthetic fixtures with one field made hostile; the personal-data cases are
real CBRC/CIRC notices (../shared/samples/cbrc-circ) read the way the crawl reads a detail.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from models.record import NoticeMeta, ParsedNotice, Party
from scrapers.guard import LIMITS, guard_notice
from scrapers.nfra.reader import read_detail
from tests.test_privacy import FULL_NUMBERS, notices

FIXTURE = Path(__file__).parent / "fixtures" / "synthetic" / "detail_1006640.json"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI}]")
_FULL_ID = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?!\d)")
TODAY = date.today()


def detail(**changes: Any) -> dict[str, Any]:
    """The synthetic fixture's detail data (a 5-party vertical table), with `changes` applied."""
    data = json.loads(FIXTURE.read_text("utf-8"))["data"]
    data.update(changes)
    return data


def texts(meta: NoticeMeta, parsed: ParsedNotice) -> list[str]:
    """Every text field the site, the feeds, the search index and the downloads show."""
    values = [meta.title, meta.issuer, meta.document_no]
    for party in parsed.parties:
        values += [party.party_name, party.party_role, party.institution, party.decision_no, party.facts,
                   party.basis, party.decision, party.authority]
        values += [m.text for m in party.measures] + [c.phrase for c in party.categories]
    return [v for v in values if v]


def test_the_untouched_fixture_passes_the_guard_unchanged() -> None:
    meta, parsed = read_detail(detail(), 4115)
    assert parsed.parse_status == "ok" and parsed.parse_error is None
    assert meta.published_at == datetime(2021, 5, 6, 10, 3)
    assert [p.party_name for p in parsed.parties][:2] == ["中国建设银行股份有限公司牡丹江分行", "任平冬"]


def test_bidi_controls_are_removed_from_every_field() -> None:
    data = detail()
    data["docSubtitle"] = "\u202e" + data["docSubtitle"]
    data["documentNo"] = "牡银保监罚决字\u2067[2021]12号\u2069"
    data["docClob"] = data["docClob"].replace("任平冬", "任\u202e平冬\u200f").replace("史国宁", "\u2066史国宁\u061c")
    meta, parsed = read_detail(data, 4115)
    assert not any(_BIDI.search(value) for value in texts(meta, parsed))
    assert meta.document_no == "牡银保监罚决字[2021]12号"
    names = [p.party_name for p in parsed.parties]
    assert "任平冬" in names and "史国宁" in names
    assert parsed.parse_status == "ok"  # removing them is normalisation, not a problem


@pytest.mark.parametrize(("key", "field"), [("docSource", "issuer"), ("docSubtitle", "title"),
                                            ("documentNo", "document_no")])
def test_an_overlong_notice_field_is_cut_flagged_and_the_notice_kept(key: str, field: str) -> None:
    # A title that names no known office, so the issuer is docSource as given.
    data = detail(docSubtitle="行政处罚信息公开表", docTitle="行政处罚信息公开表")
    meta, parsed = read_detail(data | {key: "某" * 2_000_000}, 4115)
    value = getattr(meta, field)
    assert len(value) == LIMITS[field] and value.endswith("…")
    assert parsed.parse_status == "partial"
    assert f"{field} of 2,000,000 characters cut to {LIMITS[field]:,}" in parsed.parse_error
    assert len(parsed.parties) == 5  # nothing dropped


def test_an_overlong_party_name_is_cut_and_flagged_once_for_all_parties_it_concerns() -> None:
    data = detail()
    long_name = "中国建设银行股份有限公司牡丹江" + "某" * 5_000 + "分行"
    data["docClob"] = data["docClob"].replace("中国建设银行股份有限公司牡丹江分行", long_name, 1)
    _meta, parsed = read_detail(data, 4115)
    assert len(parsed.parties[0].party_name) == LIMITS["party_name"]
    assert all(len(p.institution) == LIMITS["institution"] for p in parsed.parties)
    assert parsed.parse_status == "partial"
    assert parsed.parse_error == (
        "party 1: party_name of 5,017 characters cut to 1,000; "
        "parties 1, 2, 3, 4, 5: institution of 5,017 characters cut to 1,000"
    )


@pytest.mark.parametrize("published", ["0001-01-01 00:00:00", "1999-12-31 09:00:00", "9999-12-31 23:59:59"])
def test_an_implausible_publication_date_is_dropped_as_a_parse_problem(published: str) -> None:
    meta, parsed = read_detail(detail(publishDate=published), 4115)
    assert meta.published_at is None
    assert parsed.parse_status == "partial"
    assert f"publication date {published[:10]} implausible" in parsed.parse_error


def test_a_date_of_today_or_just_ahead_is_kept() -> None:
    meta, parsed = read_detail(detail(publishDate=f"{TODAY.isoformat()} 09:00:00"), 4115)
    assert meta.published_at == datetime(TODAY.year, TODAY.month, TODAY.day, 9)
    assert parsed.parse_status == "ok"


@pytest.mark.parametrize("decided", [date(1, 1, 1), date(2002, 12, 31), date(9999, 1, 1)])
def test_an_implausible_decision_date_is_dropped_as_a_parse_problem(decided: date) -> None:
    meta, parsed = read_detail(detail(), 4115)
    parsed.parties[1].decided_on = decided
    guard_notice(meta, parsed, today=TODAY)
    assert parsed.parties[1].decided_on is None
    assert parsed.parties[0].decided_on == date(2021, 4, 19)
    assert parsed.parse_status == "partial"
    assert f"party 2: decision date {decided.year:04d}-{decided.month:02d}-{decided.day:02d} implausible" in (
        parsed.parse_error
    )


def test_a_failed_parse_stays_failed_and_keeps_its_own_reason_first() -> None:
    parsed = ParsedNotice(layout="unknown", parse_status="failed", parse_error="empty docClob")
    meta = NoticeMeta(doc_id=1, title="某" * 1_001, published_at=None)
    guard_notice(meta, parsed)
    assert parsed.parse_status == "failed"
    assert parsed.parse_error.startswith("empty docClob; title of 1,001 characters")


@pytest.mark.parametrize("notice_id", sorted(FULL_NUMBERS))
def test_real_id_numbers_are_masked_in_every_parsed_field(notice_id: str) -> None:
    """A real notice that prints full ID numbers, read as the crawl reads a detail (its docClob)."""
    html = notices()[notice_id]
    data = detail(docClob=html, docSubtitle=f"行政处罚决定书 {notice_id}")
    meta, parsed = read_detail(data, 4115)
    assert not any(_FULL_ID.search(value) for value in texts(meta, parsed))


@pytest.mark.parametrize("notice_id", sorted(FULL_NUMBERS))
def test_real_id_numbers_in_any_party_field_are_masked_by_the_guard(notice_id: str) -> None:
    text = notices()[notice_id]
    party = Party(seq=1, party_name=text, party_role=text, institution=text, facts=text, basis=text, decision=text)
    parsed = ParsedNotice(layout="text", parse_status="ok", parties=[party])
    guard_notice(NoticeMeta(doc_id=1, title=text, published_at=None), parsed)
    for value in (party.party_name, party.party_role, party.institution, party.facts, party.decision):
        assert not _FULL_ID.search(value)
        for number in FULL_NUMBERS[notice_id]:
            assert number in value


def test_the_parsers_reasons_are_masked_too() -> None:
    """parse_error is shown on the site's parse-health list and in the downloads; it quotes party names."""
    parsed = ParsedNotice(layout="text", parse_status="partial",
                          parse_error="苏欣身份证号：120106198306283021\u202e: no decision text")
    guard_notice(NoticeMeta(doc_id=1, title="行政处罚信息公开表", published_at=None), parsed)
    assert parsed.parse_error == "苏欣身份证号：120106********3021: no decision text"
