"""The register's rules on hand-made cases: ban end dates, the five-year window, repeat flags, the
institution tree and conservative person linking with stable slugs."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.core.refs import SAFE_SLUG
from sitegen.core.register.calendar import Ban, ban_of, shift_years, within_repeat_window
from sitegen.core.register.load import node_slug
from sitegen.core.register.people import Appearance, link, strong_evidence
from sitegen.core.register.repeats import Penalised, by_year_and_category, group_repeats, repeat_flags
from sitegen.core.register.tree import NodeKey, build_tree, locate

# ---------------------------------------------------------------- bans


@pytest.mark.parametrize(("start", "years", "ends"), [
    (date(2020, 2, 29), 5, date(2025, 2, 28)),  # no 29 Feb in 2025
    (date(2020, 2, 29), 4, date(2024, 2, 29)),  # leap to leap
    (date(2023, 2, 28), 1, date(2024, 2, 28)),
    (date(2025, 3, 1), 10, date(2035, 3, 1)),
    (date(2019, 12, 31), 3, date(2022, 12, 31)),
])
def test_ban_ends_whole_calendar_years_after_the_decision(start: date, years: int, ends: date) -> None:
    assert Ban(start, years).ends_on == ends


def test_ban_in_force_until_the_day_before_its_end() -> None:
    ban = Ban(date(2020, 2, 29), 5)
    assert ban.in_force(date(2025, 2, 27)) is True
    assert ban.in_force(date(2025, 2, 28)) is False
    assert ban.in_force(date(2020, 2, 29)) is True
    assert ban.in_force(date(2020, 2, 28)) is True  # before the decision: still to be served, not ended


def test_lifetime_ban_never_ends_and_missing_dates_are_said() -> None:
    lifetime = ban_of(date(2024, 1, 5), date(2024, 2, 1), None, True)
    assert lifetime is not None and lifetime.ends_on is None and lifetime.in_force(date(2099, 1, 1)) is True
    estimated = ban_of(None, date(2024, 2, 1), 3, False)
    assert estimated is not None and estimated.estimated and estimated.ends_on == date(2027, 2, 1)
    assert ban_of(date(2024, 1, 5), None, None, False) is None
    unknown = ban_of(None, None, 3, False)
    assert unknown is not None and unknown.in_force(date(2025, 1, 1)) is None


# ---------------------------------------------------------------- the five-year window


def test_repeat_window_boundary() -> None:
    later = date(2025, 3, 1)
    assert within_repeat_window(date(2020, 3, 1), later)  # exactly five years: inside
    assert not within_repeat_window(date(2020, 2, 29), later)  # a day more: outside
    assert not within_repeat_window(later, later)  # the same day is not "again"
    assert not within_repeat_window(date(2025, 3, 2), later)
    # A leap-day decision looks back to 28 Feb five years before.
    assert within_repeat_window(date(2023, 2, 28), date(2028, 2, 29))
    assert not within_repeat_window(date(2023, 2, 27), date(2028, 2, 29))
    assert shift_years(date(2028, 2, 29), -5) == date(2023, 2, 28)


def _pen(doc: int, subject: str, day: date, *cats: str, group: str = "中国农业银行") -> Penalised:
    return Penalised((doc, 1), subject, group, day, cats)


def test_repeat_flags_same_branch_same_category_within_five_years() -> None:
    branch = "institution:中国农业银行宁德分行"
    rows = [
        _pen(1, branch, date(2019, 6, 1), "credit"),
        _pen(2, branch, date(2020, 6, 1), "credit", "aml"),
        _pen(3, branch, date(2025, 6, 1), "credit"),  # 2020-06-01 is exactly five years before: a repeat
        _pen(4, branch, date(2025, 6, 2), "aml"),  # 2020-06-01 is five years and a day before: not
        _pen(5, "institution:中国农业银行福州分行", date(2025, 7, 1), "credit"),  # another branch
        _pen(6, branch, date(2025, 8, 1), "other"),
    ]
    flags = repeat_flags(rows)
    assert set(flags) == {(2, 1), (3, 1)}
    (flag,) = flags[(3, 1)]
    assert (flag.category, flag.rule, flag.earlier, flag.earlier_count) == ("credit", "same institution", (2, 1), 1)
    assert flags[(2, 1)][0].earlier == (1, 1)
    group = group_repeats(rows)
    assert group[(5, 1)] == ("credit",)  # another branch of the group, same category
    assert (4, 1) not in group  # aml five years and a day after the group's last aml
    assert by_year_and_category(flags, {r.key: r.day for r in rows}) == {(2020, "credit"): 1, (2025, "credit"): 1}


def test_repeat_flags_for_a_person_and_not_within_one_notice() -> None:
    rows = [
        Penalised((10, 2), "person:wang-wei-10", None, date(2021, 1, 4), ("credit",)),
        Penalised((10, 3), "person:wang-wei-10", None, date(2021, 1, 4), ("credit",)),
        Penalised((30, 1), "person:wang-wei-10", None, date(2024, 5, 6), ("credit",)),
    ]
    flags = repeat_flags(rows)
    assert list(flags) == [(30, 1)]
    assert flags[(30, 1)][0].rule == "same person" and flags[(30, 1)][0].earlier_count == 2


# ---------------------------------------------------------------- the institution tree


def test_tree_levels_from_names_as_notices_give_them() -> None:
    tree = build_tree([
        "中国农业银行股份有限公司福建省分行",
        "中国农业银行股份有限公司宁德分行",
        "农业银行宁德市分行",  # short group name, 市: the same node
        "中国农业银行股份有限公司宁德蕉城支行",
        "中国农业银行股份有限公司宁德分行营业部",
    ])
    city = NodeKey("中国农业银行", ("宁德分行",))
    assert tree.lineage(NodeKey("中国农业银行", ("宁德蕉城支行",))) == [
        NodeKey("中国农业银行", ("宁德蕉城支行",)), city, NodeKey("中国农业银行", ("福建分行",)),
        NodeKey("中国农业银行")]
    assert tree.nodes[city].names == {"中国农业银行股份有限公司宁德分行", "农业银行宁德市分行"}
    assert NodeKey("中国农业银行", ("宁德分行", "营业部")) in tree.nodes[city].children
    assert [tree.nodes[k].level for k in tree.lineage(NodeKey("中国农业银行", ("宁德蕉城支行",)))] == [3, 2, 1, 0]


def test_renamed_office_and_former_name_stay_one_node() -> None:
    assert locate("宁德银保监分局").node == locate("宁德金融监管分局").node
    tree = build_tree([
        "中国银行股份有限公司福州马尾分理处",
        "中国银行股份有限公司福州马尾支行（原福州马尾分理处）",
    ])
    current = NodeKey("中国银行", ("福州马尾支行",))
    assert tree.canonical(NodeKey("中国银行", ("福州马尾分理处",))) == current
    assert NodeKey("中国银行", ("福州马尾分理处",)) not in tree.nodes
    assert "中国银行股份有限公司福州马尾分理处" in tree.nodes[current].names


def test_a_role_or_department_ends_the_branch_path() -> None:
    assert locate("华安财产保险股份有限公司河北分公司总经理助理兼邢台中心支公司").node == \
        NodeKey("华安财产保险", ("河北分公司",))
    assert locate("中国工商银行股份有限公司扬州城中支行").node.path == ("扬州城中支行",)  # 城中 is no 中支
    assert locate("时任行长") is None


# ---------------------------------------------------------------- linking people


def _app(doc: int, name: str, institution: str | None, seq: int = 1, **kw) -> Appearance:
    return Appearance(doc, seq, name, role=f"时任{institution}行长" if institution else None,
                      institution=institution, **kw)


def test_same_name_at_different_banks_stays_apart() -> None:
    people = link([
        _app(100, "王磊", "中国银行股份有限公司郑州高新技术开发区支行"),
        _app(200, "王磊", "恒丰银行股份有限公司滨州分行"),
        _app(300, "王磊", "招商银行兰州分行营业部"),
    ])
    assert len(people) == 3
    assert all(len(p.namesakes) == 2 for p in people)


def test_same_name_same_big_bank_different_cities_stays_apart() -> None:
    a = _app(100, "张珂", "中国农业银行股份有限公司沈阳苏家屯支行")
    b = _app(200, "张珂", "中国农业银行股份有限公司都匀市文峰支行")
    c = _app(300, "张珂", "中国农业银行股份有限公司")  # the head office is no branch line
    assert strong_evidence(a, b) is None and strong_evidence(a, c) is None
    assert len(link([a, b, c])) == 3


def test_promotion_within_one_bank_joins() -> None:
    branch = _app(100, "朱牧", "交通银行股份有限公司上海市分行")
    sub = _app(200, "朱牧", "交通银行股份有限公司上海长宁支行")
    tree = build_tree([branch.institution, sub.institution])
    assert strong_evidence(branch, sub, tree) == "one branch line"
    explicit = (_app(1, "何莹", "华安财产保险股份有限公司贵州分公司"),
                _app(2, "何莹", "华安财产保险股份有限公司贵州分公司贵阳中心支公司"))
    assert strong_evidence(*explicit) == "one branch line"
    (person,) = link([branch, sub], tree)
    assert person.slug == "zhu-mu-100" and person.redirects == ["zhu-mu-200"]


def test_a_chain_never_joins_two_groups() -> None:
    # The same notice joins a person listed twice, but not across groups, even through a third row.
    a = _app(100, "李静", "中国工商银行股份有限公司十堰分行")
    b = Appearance(100, 2, "李静")
    c = _app(100, "李静", "中意人寿保险有限公司重庆分公司", seq=3)
    people = link([a, b, c])
    assert sorted(len(p.appearances) for p in people) == [1, 2]


def test_masked_names_and_citations() -> None:
    masked = [_app(1, "张某", "中国银行股份有限公司福州分行"), _app(2, "张某", "中国银行股份有限公司福州分行")]
    assert len(link(masked)) == 2
    cited = [Appearance(1, 1, "刘洋", decision_no="辽金罚决字〔2025〕7号"),
             Appearance(9, 1, "刘洋", cited=("辽金罚决字〔2025〕7号",))]
    assert len(link(cited)) == 1
    assert strong_evidence(*cited) == "notices cite each other"


def test_slugs_stay_when_a_namesake_appears() -> None:
    old = [_app(500, "王刚", "恒丰银行股份有限公司东营分行"),
           _app(700, "王刚", "陕西镇安农村商业银行股份有限公司西口支行")]
    before = {p.first.key: p.slug for p in link(old)}
    # A later namesake elsewhere, and an older notice of yet another 王刚 (crawled late).
    newer = [*old, _app(900, "王刚", "太平财产保险有限公司眉县支公司"),
             _app(300, "王刚", "中国人寿保险股份有限公司天津市分公司")]
    after = {p.first.key: p.slug for p in link(newer)}
    assert before == {(500, 1): "wang-gang-500", (700, 1): "wang-gang-700"}
    assert all(after[key] == slug for key, slug in before.items())
    assert after[(900, 1)] == "wang-gang-900" and after[(300, 1)] == "wang-gang-300"


def test_two_people_of_one_name_in_one_notice_get_distinct_slugs() -> None:
    people = link([_app(5, "陈勇", "中国银行股份有限公司新沂支行", seq=1),
                   _app(5, "陈勇", "中国人民财产保险股份有限公司六安市分公司", seq=4)])
    assert sorted(p.slug for p in people) == ["chen-yong-5", "chen-yong-5-4"]


def test_homophone_names_first_seen_in_one_notice_get_distinct_slugs() -> None:
    people = link([_app(8, "王伟", "中信银行股份有限公司扬州分行"),
                   _app(8, "汪伟", "中信银行股份有限公司扬州分行", seq=2)])
    slugs = {p.name: p.slug for p in people}
    assert slugs["汪伟"] == "wang-wei-8" and slugs["王伟"].startswith("wang-wei-8-") and len(set(slugs.values())) == 2


def test_branch_slugs_read_hang_and_differ_per_full_name() -> None:
    ningde = node_slug(NodeKey("中国农业银行", ("宁德分行",)))
    assert ningde.startswith("ning-de-fen-hang-") and ningde == node_slug(NodeKey("中国农业银行", ("宁德分行",)))
    assert node_slug(NodeKey("中国建设银行", ("宁德分行",))) != ningde  # same branch name, another group


def test_a_slug_two_people_could_have_had_redirects_to_neither() -> None:
    # Two 陈勇 kept apart (different groups), both first seen earlier and both in notice 50.
    people = link([_app(10, "陈勇", "中国银行股份有限公司新沂支行"), _app(50, "陈勇", "中国银行股份有限公司新沂支行"),
                   _app(20, "陈勇", "中国建设银行股份有限公司福州分行"),
                   _app(50, "陈勇", "中国建设银行股份有限公司福州分行", seq=2)])
    assert sorted(p.slug for p in people) == ["chen-yong-10", "chen-yong-20"]
    assert all(p.redirects == [] for p in people)


@pytest.mark.parametrize("text", [
    "", "（", "原", "(原)", "中国农业银行" * 500, "<script>alert(1)</script>支行", "ABC Bank Shanghai Branch",
    "时任" + "分行" * 300, "中国银行股份有限公司（原" + "某" * 1000 + "）",
])
def test_odd_institution_text_is_located_or_refused_without_error(text: str) -> None:
    found = locate(text)
    assert found is None or all(len(part) <= 200 for part in found.node.path)
    people = link([_app(1, "李" + text[:5], text), _app(2, "李" + text[:5], text)])
    assert 1 <= len(people) <= 2 and all(SAFE_SLUG.match(p.slug) for p in people)
