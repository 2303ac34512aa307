"""The synthetic corpus: determinism, size independence, realism and ground truth consistent with the HTML."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

import lxml.html
import pytest

from localnfra import Corpus
from localnfra.avoid import person_names
from localnfra.notice import VARIANTS, generate
from localnfra.pools import load, name_hash
from localnfra.sanctions import AMOUNT_TAGS
from localnfra.timeline import CAPACITY, ITEMS

FEATURES = {
    "word_preamble_raw", "word_preamble_inner", "no_preamble", "unquoted_attrs", "rowspan", "colspan",
    "label_spaces", "label_split_p", "label_br", "multi_party_cell", "chsdate", "nbsp", "dash_empty",
    "split_number_spans", "font_tags", "div_center", "title_paragraphs", "ole_anchor",
}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus(400, seed=1, cache_size=500)


def _visible_text(docclob: str) -> str:
    """The text a reader sees, without any whitespace (Word splits words across spans and lines)."""
    root = lxml.html.fromstring(docclob)
    for bad in root.xpath("//style|//title"):
        bad.drop_tree()
    return re.sub(r"\s+", "", root.text_content().replace("\u00a0", " "))


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not():
    a, b, c = Corpus(150, seed=11), Corpus(150, seed=11), Corpus(150, seed=12)
    ids = list(a.doc_ids())
    assert ids == list(b.doc_ids())
    for doc_id in ids:
        assert a.detail_bytes(doc_id) == b.detail_bytes(doc_id)
    for item in (4113, 4114, 4115, 4293):
        assert a.list_bytes(item, 1, 50) == b.list_bytes(item, 1, 50)
    shared = set(ids) & set(c.doc_ids())
    assert sum(a.detail_bytes(d) != c.detail_bytes(d) for d in shared) > 0.9 * len(shared)


def test_notice_i_is_the_same_in_a_corpus_of_100_and_of_200000():
    small, large = Corpus(100, seed=3), Corpus(200_000, seed=3)
    for doc_id in small.doc_ids():
        assert small.detail_bytes(doc_id) == large.detail_bytes(doc_id)
        assert small.expected(doc_id) == large.expected(doc_id)
    assert len(large) == 200_000
    with pytest.raises(ValueError):
        Corpus(CAPACITY + 1)


def test_dates_and_doc_ids_look_like_the_real_list():
    corpus = Corpus(3000, seed=5)
    placements = [corpus.placement(k) for k in sorted({k for item in ITEMS for k in corpus.keys(item)},
                                                       key=lambda k: -corpus.placement(k).order)]
    dates = [p.published for p in placements]
    assert dates == sorted(dates, reverse=True), "lists are newest first"
    ids = [p.doc_id for p in placements]
    assert len(set(ids)) == len(ids) == 3000
    assert min(ids) >= 800_000 and max(ids) < 1_260_000
    assert ids == sorted(ids, reverse=True), "docIds rise with the date"
    years = Counter(d.year for d in dates)
    assert set(years) == set(range(2014, 2027))
    assert years[2021] > 2 * years[2015], "the output grows after 2018"
    busiest = Counter(d.date() for d in dates if d.year == 2026).most_common(1)[0][1]
    assert busiest >= 2, "several notices a day at the end"
    assert all(d.weekday() < 5 for d in dates)


def test_office_names_are_spelled_as_in_their_era(corpus):
    seen_eras = Counter()
    for doc_id in corpus.doc_ids():
        n = corpus.notice(doc_id)
        seen_eras[n.era] += 1
        issuer = n.issuer
        if n.published.date() < date(2018, 4, 8):
            assert n.era == "cbrc" and re.search("银监|保监", issuer) and "银保监" not in issuer, issuer
        elif n.published.date() < date(2023, 5, 18):
            assert n.era == "cbirc" and "银保监" in issuer, issuer
        else:
            assert n.era == "nfra" and "金融监管" in issuer, issuer
        for case in n.cases:
            assert case.decision_no.startswith(n.office.prefix)
            assert str(case.decided_on.year) in case.decision_no
            assert case.decided_on < n.published.date()
    assert min(seen_eras.values()) > 40


def test_a_few_hundred_notices_hold_every_variant_noise_and_amount_form(corpus):
    variants, features, tags, items = set(), set(), set(), set()
    for doc_id in corpus.doc_ids():
        exp = corpus.expected(doc_id)
        variants.add(exp["variant"])
        features |= set(exp["features"])
        items.add(tuple(exp["notice"]["item_ids"]))
        for p in exp["parties"]:
            tags |= set(p["amount_tags"])
    assert variants == set(VARIANTS)
    assert features == FEATURES
    assert tags == set(AMOUNT_TAGS)
    assert items == {(4113,), (4114,), (4115,), (4114, 4293), (4115, 4293), (4293,)}


def test_ground_truth_is_what_the_docclob_shows(corpus):
    for doc_id in corpus.doc_ids():
        exp = corpus.expected(doc_id)
        text = _visible_text(corpus.docclob(doc_id))

        def shows(value: str | None, text: str = text) -> bool:
            return value is None or re.sub(r"\s+", "", value) in text

        for p in exp["parties"]:
            assert shows(p["party_name"]) and shows(p["party_role"]) and shows(p["institution"]), (doc_id, p)
            assert shows(p["decision"]) and shows(p["decision_no"]) and shows(p["authority"]), (doc_id, p)
            assert shows(p["facts"]) and shows(p["basis"]), (doc_id, p)
            if p["decided_on"]:
                y, m, d = (int(x) for x in p["decided_on"].split("-"))
                assert f"{y}年{m}月{d}日" in text, (doc_id, p["decided_on"])


def test_expected_parties_are_well_formed(corpus):
    counts = Counter()
    for doc_id in corpus.doc_ids():
        exp = corpus.expected(doc_id)
        assert exp["synthetic"] is True and exp["layout"] in ("vertical", "horizontal", "text")
        assert [p["seq"] for p in exp["parties"]] == list(range(1, len(exp["parties"]) + 1))
        for p in exp["parties"]:
            counts[p["party_kind"]] += 1
            if p["party_kind"] == "individual":
                assert re.fullmatch(r"[\u4e00-\u9fa5]{2,3}", p["party_name"]), p["party_name"]
            else:
                assert p["party_role"] is None and p["institution"] == p["party_name"]
            if p["fine_note"]:
                assert p["fine_yuan"] and p["fine_note"] in ("joint", "each")
            for value in (p["fine_yuan"], p["confiscated_yuan"], p["forfeiture_yuan"]):
                assert value is None or (isinstance(value, int) and value > 0)
            sanctioned = (p["fine_yuan"] or p["forfeiture_yuan"] or p["warning"] or p["ban_years"]
                          or p["ban_lifetime"] or p["measures"])
            assert sanctioned, (doc_id, p)
    assert counts["institution"] > 100 and counts["individual"] > 100


def test_institutions_and_offices_come_from_the_vocabularies(corpus):
    groups = [m["name"] for g in load("institutions")["groups"] for m in g["members"]]
    places = {p["name"] for p in load("offices")["provinces"]}
    places |= {c["name"] for p in load("offices")["provinces"] for c in p["cities"]}
    for doc_id in corpus.doc_ids():
        n = corpus.notice(doc_id)
        if n.office.level != "headquarters":
            assert n.office.place in places
        for p in n.parties:
            if p.kind == "institution":
                assert any(p.name.startswith(g) for g in groups) or p.name.endswith("农村信用合作联社"), p.name


def test_people_are_fictional(samples):
    corpus = Corpus(2000, seed=9)
    real = person_names(samples)
    notices = [generate(corpus.seed, corpus.placement(k)) for k in range(corpus.size)]
    generated = {p.name for n in notices for p in n.parties if p.kind == "individual"}
    assert len(generated) > 1000
    assert not generated & real
    # The digests the generator avoids cover every person named in the samples.
    listed = set(load_avoid_list())
    hint = "run python -m localnfra avoid-names --samples ../shared/samples/nfra"
    assert {name_hash(n) for n in real} <= listed, hint


def load_avoid_list() -> list[str]:
    from localnfra.pools import DATA

    lines = (DATA / "avoid_name_hashes.txt").read_text(encoding="ascii").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def _table_shape(html: str) -> list[list[tuple[int, int]]]:
    root = lxml.html.fromstring(html)
    table = root.xpath("//table")[0]
    return [[(int(td.get("rowspan", 1)), int(td.get("colspan", 1))) for td in tr.xpath("./td")]
            for tr in table.xpath(".//tr")]


def test_vertical_tables_have_the_shape_of_the_real_samples(corpus, samples):
    cbrc = "docclob_2018_cbrc_tianjin_jinyinjianfajue2018-35_vertical9_rowspan_MsoNormalTable.html"
    zongju = "docclob_2024_zongju_jinfajue2024-27_vertical7_2col_MsoTableGrid_devtools_copy.html"
    real9 = _table_shape((samples / cbrc).read_text(encoding="utf-8"))
    real7 = _table_shape((samples / zongju).read_text(encoding="utf-8"))
    shapes = {v: set() for v in ("vertical9", "vertical7")}
    for doc_id in corpus.doc_ids():
        n = corpus.notice(doc_id)
        if n.variant in shapes:
            shapes[n.variant].add(json.dumps(_table_shape(corpus.docclob(doc_id))))
    assert shapes["vertical9"] == {json.dumps(real9)}
    assert shapes["vertical7"] == {json.dumps(real7)}


def test_horizontal_rowspans_cover_the_rows_of_a_decision(corpus):
    checked = 0
    for doc_id in corpus.doc_ids():
        n = corpus.notice(doc_id)
        if n.variant != "horizontal":
            continue
        shape = _table_shape(corpus.docclob(doc_id))
        width = len(shape[0])
        assert all(cs == 1 for row in shape for _, cs in row)
        # Every row has as many cells as the header once the rowspans above it are counted.
        spans: list[int] = []
        for row in shape[1:]:
            covered = sum(1 for s in spans if s > 0)
            assert len(row) + covered == width, (doc_id, shape)
            spans = [s - 1 for s in spans if s > 1] + [rs - 1 for rs, _ in row if rs > 1]
            checked += 1
    assert checked > 100
