"""Random mutations of real notices never raise out of the parser, and never reach its catch-all: a
broken notice is 'partial' or 'failed' with a reason, because the code handled it, not because a bug was
swallowed."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.record import ParsedNotice
from scrapers.nfra.parse import parse_docclob
from tests.conftest import SAMPLES

SAMPLE_NAMES = [
    "docclob_2018_cbrc_tianjin_jinyinjianfajue2018-35_vertical9_rowspan_MsoNormalTable.html",
    "docclob_2018_cbrc_wuzhong_wuyinjianfajue2018-11_vertical9_simplified_by_author.html",
    "docclob_2024_zongju_jinfajue2024-27_vertical7_2col_MsoTableGrid_devtools_copy.html",
    "docclob_2024_zongju_jinfajue2024-36_vertical7_2col_MsoNormalTable_devtools_copy.html",
    "docclob_2024_zongju_xinda_horizontal5col_single_party_devtools_copy.html",
    "docclob_2025_zhejiang_zhejinfajue2024-52_horizontal6col_rowspan_innerHTML.html",
]

# Fragments that break Word HTML in the ways the wild does: unclosed comments and blocks, absurd spans,
# stray table tags, entities, full-width digits, labels and amounts out of place.
NASTY = [
    "<!--", "-->", "<!--[if gte mso 9]>", "<![endif]-->", "<![if !supportLists]>", "<style>", "</style>",
    "<head>", "<xml>", "<table>", "</table>", "<tr>", "</tr>", "<td rowspan=99999>", '<td colspan="100000">',
    "<td rowspan=-3>", "<th>", "</td>", "<p>", "</p>", "<br>", "&nbsp;", "&#12288;", "&lt;", "&#0;", "\x00",
    "—", "被处罚当事人", "行政处罚决定", "当事人名称", "行政处罚内容", "作出处罚决定的日期", "对", "罚款", "万元",
    "二十九万元", "１２万元", "合计", "其中，", "分别", "、", "及相关责任人", "（时任", "）", "禁止终身", "9" * 40,
]


@cache
def sample_text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


@st.composite
def mutated_notice(draw: st.DrawFn) -> str:
    text = sample_text(draw(st.sampled_from(SAMPLE_NAMES)))
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 2000)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "truncate", "replace"]))
        if operation == "delete":
            text = text[:start] + text[end:]
        elif operation == "insert":
            piece = draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=30)))
            text = text[:start] + piece + text[start:]
        elif operation == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        elif operation == "truncate":
            text = text[:start]
        else:
            text = text[:start] + draw(st.sampled_from(NASTY)) + text[end:]
    return text


def check_invariants(parsed: ParsedNotice) -> None:
    assert isinstance(parsed, ParsedNotice)
    assert parsed.layout in {"vertical", "horizontal", "text", "unknown"}
    assert parsed.parse_status in {"ok", "partial", "failed"}
    assert not (parsed.parse_error or "").startswith("parser error"), parsed.parse_error
    assert (parsed.parse_status == "ok") == (parsed.parse_error is None)
    assert [party.seq for party in parsed.parties] == list(range(1, len(parsed.parties) + 1))
    for party in parsed.parties:
        assert party.party_kind in {"institution", "individual"}
        for amount in (party.fine_yuan, party.confiscated_yuan):
            assert amount is None or (isinstance(amount, int) and amount >= 0)
        assert party.fine_note in {None, "joint", "each"}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_notice())
def test_mutated_real_notices_never_reach_the_catch_all(docclob: str) -> None:
    check_invariants(parse_docclob(docclob))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=500))
def test_arbitrary_text_never_reaches_the_catch_all(docclob: str) -> None:
    check_invariants(parse_docclob(docclob))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(NASTY), max_size=40).map("".join))
def test_soup_of_word_fragments_never_reaches_the_catch_all(docclob: str) -> None:
    check_invariants(parse_docclob(docclob))


def test_huge_spans_do_not_blow_up() -> None:
    docclob = "<table><tr><td rowspan=99999 colspan=99999>当事人名称</td><td>行政处罚内容</td></tr></table>" * 50
    check_invariants(parse_docclob(docclob))


def test_samples_are_where_the_tests_expect_them() -> None:
    assert all(Path(SAMPLES / name).is_file() for name in SAMPLE_NAMES)
