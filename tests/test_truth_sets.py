"""The truth sets (qa/truth/) stay well-formed and keep pointing at the real texts they were read from."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from qa import truth_sets


@pytest.fixture(scope="module")
def cbrc_circ() -> list[truth_sets.Resolved]:
    assert truth_sets.CBRC_CIRC_NOTICES.is_file(), f"real CBRC/CIRC notices not found at {truth_sets.CBRC_CIRC_NOTICES}"
    return truth_sets.resolve_cbrc_circ(truth_sets.load_labels(truth_sets.CBRC_CIRC_LABELS))


@pytest.fixture(scope="module")
def nfra() -> list[truth_sets.Resolved]:
    assert truth_sets.NFRA_SAMPLES.is_dir(), f"real NFRA samples not found at {truth_sets.NFRA_SAMPLES}"
    return truth_sets.resolve_nfra(truth_sets.load_labels(truth_sets.NFRA_LABELS))


def test_cbrc_circ_labels_cover_paragraphs_and_tables(cbrc_circ: list[truth_sets.Resolved]) -> None:
    layouts = Counter(item.label["layout"] for item in cbrc_circ)
    assert len(cbrc_circ) >= 60
    assert len({item.label["id"] for item in cbrc_circ}) == len(cbrc_circ)
    assert layouts["circ-decision"] + layouts["cbrc-decision"] + layouts["other"] >= 45, layouts
    assert layouts["cbrc-table"] >= 15, layouts


def test_every_cbrc_circ_key_still_points_at_its_text(cbrc_circ: list[truth_sets.Resolved]) -> None:
    assert [item.where for item in cbrc_circ if item.moved] == []
    missing = {item.where: names for item in cbrc_circ if (names := truth_sets.missing_party_names(item))}
    assert missing == {}


def test_every_nfra_label_names_parties_its_docclob_contains(nfra: list[truth_sets.Resolved]) -> None:
    assert len(nfra) >= 5
    missing = {item.where: names for item in nfra if (names := truth_sets.missing_party_names(item))}
    assert missing == {}


def test_labels_are_well_formed(cbrc_circ: list[truth_sets.Resolved], nfra: list[truth_sets.Resolved]) -> None:
    problems = {item.where: found for item in cbrc_circ + nfra if (found := truth_sets.schema_problems(item.label))}
    assert problems == {}


def test_a_moved_or_renamed_record_is_caught(cbrc_circ: list[truth_sets.Resolved]) -> None:
    label = dict(cbrc_circ[0].label)
    assert truth_sets.resolve_cbrc_circ([{**label, "line": label["line"] + 1}])[0].moved
    with pytest.raises(truth_sets.LabelDrift):
        truth_sets.resolve_cbrc_circ([{**label, "id": "cc-9999", "source_url": None}])
    wrong = {**label, "parties": [{**label["parties"][0], "party_name": "不存在的银行"}]}
    resolved = truth_sets.Resolved(wrong, cbrc_circ[0].markup, cbrc_circ[0].title, cbrc_circ[0].where)
    assert truth_sets.missing_party_names(resolved) == ["不存在的银行"]


@pytest.mark.parametrize("seed, n", [(2, 40), (3, 24), (4, 24), (5, 24), (6, 24), (7, 24)])
def test_each_blind_draw_is_the_seeded_draw_outside_the_earlier_labels(
        cbrc_circ: list[truth_sets.Resolved], seed: int, n: int) -> None:
    """The labels marked blind:seedN are exactly what `python -m qa.truth.sample_notices --seed N --n n`
    draws from the notices the labels above them leave, so each draw can be re-run and checked."""
    from qa.truth.sample_notices import draw, labelled_before, scaled_quotas

    with truth_sets.CBRC_CIRC_NOTICES.open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    labels = [item.label for item in cbrc_circ]
    earlier = labelled_before(labels, seed)
    blind = [label for label in labels if label.get("sampled") == f"blind:seed{seed}"]
    drawn = draw(records, earlier, seed=seed, n=n)
    assert [label["id"] for label in blind] == [record["id"] for record in drawn]
    # A layout whose pool outside the earlier labels runs short gives what it has (seed 7: `other`).
    pools = Counter(record["layout"] for record in records if record["id"] not in earlier)
    wants = {layout: min(want, pools[layout]) for layout, want in scaled_quotas(n).items()}
    assert Counter(label["layout"] for label in blind) == Counter(wants)
    assert not earlier & {label["id"] for label in blind}
    assert len(earlier) == len(labels[: labels.index(blind[0])])


def test_scaled_quotas_sum_to_the_draw_size() -> None:
    from qa.truth.sample_notices import QUOTAS, scaled_quotas

    assert scaled_quotas(40) == QUOTAS
    assert scaled_quotas(24) == {"circ-decision": 6, "cbrc-table": 6, "other": 5, "cbrc-decision": 3,
                                 "flattened": 2, "cbrc-fragment": 2}
    assert all(sum(scaled_quotas(n).values()) == n for n in range(1, 80))
