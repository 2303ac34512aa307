"""The site's money rules (sitegen/core/money.py), on the shapes real notices give them."""

from __future__ import annotations

from models.store import item_ids_of
from sitegen.core.money import counted_fines, ranked_amount


def test_a_joint_fine_counts_once_per_notice_and_each_fine_counts_per_party() -> None:
    # 共计罚款 100万元 against a bank and its branch, then a person fined 5万元; then 分别 10万元 each.
    parties = [(1_000_000, "joint"), (1_000_000, "joint"), (50_000, None), (100_000, "each"), (100_000, "each")]
    assert counted_fines(parties) == [1_000_000, 0, 50_000, 100_000, 100_000]


def test_two_different_joint_sums_in_one_notice_both_count() -> None:
    assert counted_fines([(300_000, "joint"), (300_000, "joint"), (200_000, "joint")]) == [300_000, 0, 200_000]


def test_parties_without_a_fine_add_nothing() -> None:
    assert counted_fines([(None, None), (None, "joint")]) == [0, 0]


def test_the_ranked_amount_is_the_fine_else_the_forfeiture_sum() -> None:
    assert ranked_amount(500_000, None) == 500_000
    assert ranked_amount(None, 1_230_000) == 1_230_000  # 罚没合计 123万元, no split given
    assert ranked_amount(None, None) is None


def test_item_ids_read_the_column_and_fall_back_to_the_first_item() -> None:
    assert item_ids_of("4114,4293") == (4114, 4293)
    assert item_ids_of(None, 4113) == (4113,)
    assert item_ids_of("", None) == ()
