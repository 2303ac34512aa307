"""Agreement of two readers on the same real rows (qa/agreement.py): the measure itself on labels shaped
like the real ones, and the second reader's file of seeds 30–31 staying a label file that points at the
truth set's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.vocab.groups import type_codes
from models.vocab.taxonomy import category_codes
from qa import agreement
from qa.rows import Label, load_labels


def label(row: int, categories: str, group: str = "中国人寿保险", kind: str = "insurance") -> Label:
    return Label(row, "", frozenset(categories.split()), group, kind)


def test_agreement_counts_exact_sets_and_each_readers_extra_codes() -> None:
    first = [label(1, "insurance"), label(2, "credit internal-control", "遵义播州汇隆村镇银行", "village"),
             label(3, "bills", "洛阳银行", "city-commercial"), label(9, "credit")]
    second = [label(1, "insurance data-reporting"), label(2, "credit", "遵义播州汇隆村镇银行", "village"),
              label(3, "bills", "中原银行", "city-commercial"), label(4, "licensing")]
    result = agreement.compare(first, second)
    assert result.rows == 3  # rows 4 and 9 were labelled by one reader only
    assert (result.same["categories"], result.same["bank_group"], result.same["institution_type"]) == (1, 2, 3)
    assert result.only_first == {"internal-control": 1} and result.only_second == {"data-reporting": 1}
    assert [a.row for a, _ in result.differing] == [1, 2]
    text = agreement.render(result)
    assert "33.33%  same categories: 1/3" in text and "row 2: credit internal-control | credit" in text


def test_a_second_reader_file_with_other_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "second.csv"
    path.write_text("row,categories,bank_group,institution_type,facts\n1,credit,x,village,贷款三查不到位\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="columns"):
        agreement.load_second_reader(path)


def test_the_second_reader_labelled_seeds_30_and_31_of_the_truth_set() -> None:
    second = agreement.load_second_reader()
    seeds = {lb.row for lb in load_labels() if lb.sampled in ("random:seed30", "random:seed31")}
    assert len(second) == 160 and {lb.row for lb in second} == seeds
    assert all(lb.categories and lb.categories <= set(category_codes()) for lb in second)
    assert {lb.institution_type for lb in second} <= set(type_codes())
    result = agreement.compare(load_labels(), second)
    assert result.rows == 160 and result.share("institution_type") > 0.9
