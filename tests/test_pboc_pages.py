"""The PBOC head office's real pages (../shared/samples/pboc) parse to the parties, 文号, amounts,
dates and 公示期限 read off the pages by hand."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from scrapers.nfra.detail import BadResponse
from scrapers.pboc.detail import disclosure_until, parse_detail
from scrapers.pboc.listing import parse_list
from scrapers.pboc.urls import COLUMN_PATH, article_id_of, detail_url, list_url

PBOC = Path(__file__).resolve().parents[2] / "shared" / "samples" / "pboc"
LIST_PAGE = "pbc_penalty_list_column4081705_page1_2026-09-24.html"
GDB = "pbc_penalty_detail_2026092418294123383_yinfajuezi2026-104-116.html"
CZB = "pbc_penalty_detail_5860077_yinfajuezi2025-31-38.html"


def _page(name: str) -> bytes:
    path = PBOC / name
    assert path.is_file(), f"real PBOC sample not found at {path}"
    return path.read_bytes()


# (seq, party_name, kind, 文号 number, fine yuan, warning) as the page states them.
GDB_ROWS = [
    (1, "广发银行股份有限公司", "institution", 104, 17_124_000, True),
    (2, "蒋某", "individual", 105, 160_000, True),
    (3, "陈某香", "individual", 106, 70_000, False),
    (4, "谢某升", "individual", 107, 40_000, False),
    (5, "周某", "individual", 108, 40_000, False),
    (6, "王某", "individual", 109, 40_000, False),
    (7, "杨某明", "individual", 110, 10_000, False),
    (8, "崔某晖", "individual", 111, 35_000, False),
    (9, "孙某涛", "individual", 112, 70_000, False),
    (10, "宋某伟", "individual", 113, 35_000, False),
    (11, "黎某艺", "individual", 114, 35_000, False),
    (12, "张某光", "individual", 115, 10_000, False),
    (13, "秦某", "individual", 116, 10_000, False),
]
CZB_ROWS = [
    (1, "浙商银行股份有限公司", "institution", 31, 2_959_900, True),
    (2, "宋某仁", "individual", 32, 70_000, True),
    (3, "陆某", "individual", 33, 50_000, True),
    (4, "孙某名", "individual", 34, 11_000, False),
    (5, "冯某", "individual", 35, 11_000, False),
    (6, "郑某京", "individual", 36, 10_000, False),
    (7, "杨某正", "individual", 37, 20_000, False),
    (8, "史某文", "individual", 38, 10_000, False),
]


@pytest.mark.parametrize(
    ("name", "article_id", "title", "published", "decided", "year", "years", "rows", "bank"),
    [
        (GDB, "2026092418294123383", "银罚决字〔2026〕104-116号", datetime(2026, 9, 24), date(2026, 9, 8), 2026, 5,
         GDB_ROWS, "广发银行股份有限公司"),
        (CZB, "5860077", "银罚决字〔2025〕31-38号", datetime(2025, 9, 30), date(2025, 8, 20), 2025, 3,
         CZB_ROWS, "浙商银行股份有限公司"),
    ],
)
def test_detail_pages_parse_every_row(
    name: str, article_id: str, title: str, published: datetime, decided: date, year: int, years: int,
    rows: list[tuple], bank: str,
) -> None:
    page = parse_detail(_page(name), article_id)
    assert (page.meta.title, page.meta.published_at) == (title, published)
    assert (page.meta.regulator, page.meta.source_key, page.meta.issuer) == ("pboc", article_id, "中国人民银行")
    parsed = page.parsed
    assert (parsed.parse_status, parsed.parse_error, parsed.layout) == ("ok", None, "horizontal")
    got = [(p.seq, p.party_name, p.party_kind, p.decision_no, p.fine_yuan, p.warning) for p in parsed.parties]
    assert got == [(s, n, k, f"银罚决字〔{year}〕{no}号", fine, w) for s, n, k, no, fine, w in rows]
    for party in parsed.parties:
        assert party.authority == "中国人民银行"
        assert party.decided_on == decided  # 2025年8月 20日: the space inside is layout
        assert party.disclosure_years == years
        assert party.ban_years is None and not party.ban_lifetime
        if party.party_kind == "individual":
            # 「X某（…）」: the bracket is the role, the institution is the one they answer for.
            assert party.institution == bank
            assert party.party_role and party.party_role.startswith(("时任", bank))


def test_gdb_institution_row_confiscation_decimals_and_ten_items() -> None:
    bank = parse_detail(_page(GDB), "2026092418294123383").parsed.parties[0]
    assert bank.decision == "警告，没收违法所得1.621747万元，罚款1712.4万元"
    assert bank.confiscated_yuan == 16_217  # 1.621747万元 = 16,217.47 yuan, rounded to the yuan
    assert bank.fine_yuan == 17_124_000
    items = bank.facts.split("\n")
    assert len(items) == 10
    assert items[0] == "1.违反金融统计管理规定;"
    assert items[4] == "5.违反数据安全管理规定;"
    assert items[9] == "10.未按规定报送大额交易报告。"


def test_czb_roles_with_inner_and_half_width_brackets() -> None:
    people = {p.party_name: p for p in parse_detail(_page(CZB), "5860077").parsed.parties}
    # A full-width （ closed by a half-width ) on the page.
    assert people["宋某仁"].party_role == "时任浙商银行股份有限公司运营管理部总经理"
    assert people["孙某名"].party_role == "时任浙商银行股份有限公司信用卡（消费金融）部风险管理中心职员"
    assert people["宋某仁"].facts == (
        "对浙商银行股份有限公司以下违法行为负有责任：\n1.违反账户管理规定；\n2.未按规定报送大额交易报告或者可疑交易报告。"
    )


def test_disclosure_period_ends_after_its_years() -> None:
    assert disclosure_until(datetime(2025, 9, 30), 3) == date(2028, 9, 30)
    assert disclosure_until(date(2024, 2, 29), 5) == date(2029, 2, 28)
    assert disclosure_until(None, 3) is None


def test_the_fingerprint_ignores_the_cms_around_the_article() -> None:
    html = _page(CZB)
    regenerated = html.replace(b"2026-03-19 21:22:38", b"2026-12-01 08:00:00")
    assert regenerated != html
    assert parse_detail(regenerated, "5860077").fingerprint == parse_detail(html, "5860077").fingerprint
    edited = html.replace("罚款295.99万元".encode(), "罚款296.99万元".encode())
    assert parse_detail(edited, "5860077").fingerprint != parse_detail(html, "5860077").fingerprint


def test_list_page_rows_and_pager() -> None:
    page = parse_list(_page(LIST_PAGE))
    assert (page.total, page.page, page.pages, len(page.rows)) == (60, 1, 3, 20)
    first, last = page.rows[0], page.rows[-1]
    assert (first.article_id, first.title, first.published_on) == (
        "2026092418294123383", "银罚决字〔2026〕104-116号", date(2026, 9, 24)
    )
    assert (last.article_id, last.title, last.published_on) == ("5798574", "银罚决字【2025】10-25号", date(2025, 8, 1))
    assert [r.article_id for r in page.rows].index("5860077") == 17
    assert sum(r.article_id.isdigit() and len(r.article_id) == 19 for r in page.rows) == 12


def test_an_error_page_is_no_list_and_no_article() -> None:
    error = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>\n"
    with pytest.raises(BadResponse) as listing:
        parse_list(error)
    assert listing.value.kind == "not-a-list"
    with pytest.raises(BadResponse) as detail:
        parse_detail(error, "1")
    assert detail.value.kind == "not-an-article"


def test_urls_follow_the_site() -> None:
    base = "https://www.pbc.gov.cn"
    assert list_url(base, 1) == f"{base}{COLUMN_PATH}/index.html"
    assert list_url(base, 3) == f"{base}/zhengwugongkai/4081330/4081344/4081407/4081705/d80f41dc-3.html"
    assert detail_url(base, "5860077") == f"{base}{COLUMN_PATH}/5860077/index.html"
    assert article_id_of(f"{COLUMN_PATH}/2026092418294123383/index.html") == "2026092418294123383"
    assert article_id_of("/zhengwugongkai/4081330/4081347/4081461/index.html") is None


def test_a_page_cut_short_is_refused_not_read() -> None:
    html = _page(CZB)
    cut = html[: html.index("银罚决字〔2025〕35号".encode())]  # inside the table: four parties would be lost
    with pytest.raises(BadResponse) as detail:
        parse_detail(cut, "5860077")
    assert detail.value.kind == "truncated"
    with pytest.raises(BadResponse) as empty:
        parse_list(b"  ")
    assert empty.value.kind == "empty-body"
