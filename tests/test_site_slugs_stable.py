"""A page's URL never changes when a homophone arrives: the newcomer gets the suffix.

钟山 and 中山 are both zhong-shan. A bank group and an office no vocabulary knows get slugs from their
names; when a second name with the same pinyin appears in a later crawl, the page that was published
first keeps its URL (build.py reads the database only: seniority is when a name's first notice was
first seen).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from test_site_fixtures import add_notice, build_tiny_site, make_tiny_db

from models.record import Category, NoticeMeta, ParsedNotice, Party
from models.vocab.slugs import _digest, unique_slugs

OLD_GROUP, NEW_GROUP = "钟山小额贷款有限公司", "中山小额贷款有限公司"
OLD_OFFICE, NEW_OFFICE = "钟山某某办事处", "中山某某办事处"
GROUP_SLUG, OFFICE_SLUG = "zhong-shan-xiao-e-dai-kuan-you-xian-gong-si", "zhong-shan-mou-mou-ban-shi-chu"


def notice(doc_id: int, group: str, office: str, published: datetime) -> tuple[NoticeMeta, ParsedNotice]:
    meta = NoticeMeta(doc_id=doc_id, title=f"{office}行政处罚信息公开表", published_at=published, issuer=office,
                      level="sub-provincial", item_id=4293)
    party = Party(seq=1, party_name=group, party_kind="institution", authority=office, decided_on=published.date(),
                  fine_yuan=100_000, bank_group=group, institution_type="other", province="江苏",
                  decision="罚款10万元", categories=[Category("credit", "违规")])
    return meta, ParsedNotice(layout="horizontal", parse_status="ok", parties=[party])


def test_the_senior_name_keeps_the_plain_slug_whatever_the_name_order() -> None:
    assert unique_slugs([OLD_GROUP, NEW_GROUP], {OLD_GROUP: 1, NEW_GROUP: 2})[OLD_GROUP] == GROUP_SLUG
    assert unique_slugs([OLD_GROUP, NEW_GROUP], {OLD_GROUP: 2, NEW_GROUP: 1})[NEW_GROUP] == GROUP_SLUG
    slugs = unique_slugs([OLD_GROUP, NEW_GROUP], {OLD_GROUP: 1, NEW_GROUP: 2})
    assert slugs[NEW_GROUP] == f"{GROUP_SLUG}-{_digest(NEW_GROUP)}"


def test_a_homophone_in_a_later_crawl_does_not_move_the_published_pages(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    add_notice(db, *notice(4001, OLD_GROUP, OLD_OFFICE, datetime(2025, 6, 10, 9)), seen=datetime(2025, 6, 10, 12))
    out = build_tiny_site(tmp_path, db=db)
    bank_page = out / "banks" / GROUP_SLUG / "index.html"
    office_page = out / "regulators" / OFFICE_SLUG / "index.html"
    assert OLD_GROUP in bank_page.read_text("utf-8") and OLD_OFFICE in office_page.read_text("utf-8")

    # The next night: a homophone of each, in a notice first seen later (even if published earlier).
    add_notice(db, *notice(4002, NEW_GROUP, NEW_OFFICE, datetime(2025, 6, 1, 9)), seen=datetime(2025, 6, 11, 12))
    out = build_tiny_site(tmp_path, db=db)
    assert OLD_GROUP in bank_page.read_text("utf-8") and NEW_GROUP not in bank_page.read_text("utf-8")
    assert OLD_OFFICE in office_page.read_text("utf-8")
    newcomer = out / "banks" / f"{GROUP_SLUG}-{_digest(NEW_GROUP)}" / "index.html"
    assert NEW_GROUP in newcomer.read_text("utf-8")
    assert (out / "regulators" / f"{OFFICE_SLUG}-{_digest(NEW_OFFICE)}" / "index.html").is_file()
    assert date(2025, 6, 1).isoformat() in newcomer.read_text("utf-8")
