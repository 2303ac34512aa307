"""The committed synthetic fixtures: made by `python -m localnfra fixtures`, small, labelled, reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html

from localnfra.fixtures import write_fixtures
from localnfra.notice import VARIANTS
from localnfra.sanctions import AMOUNT_TAGS

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "synthetic"


def test_fixtures_are_what_the_command_writes(tmp_path):
    written = write_fixtures(tmp_path)
    names = sorted(p.name for p in written)
    assert names == sorted(p.name for p in FIXTURES.iterdir()), "regenerate: python -m localnfra fixtures --out " \
                                                                 "tests/fixtures/synthetic"
    for name in names:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def test_fixtures_are_small_labelled_and_cover_every_form():
    files = list(FIXTURES.iterdir())
    assert sum(p.stat().st_size for p in files) < 700_000
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "fictional" in readme
    variants, tags = set(), set()
    for truth_path in FIXTURES.glob("detail_*.expected.json"):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        detail = json.loads((FIXTURES / truth_path.name.replace(".expected", "")).read_text(encoding="utf-8"))
        assert truth["synthetic"] is True and detail["data"]["docId"] == truth["doc_id"]
        text = re.sub(r"\s+", "", lxml.html.fromstring(detail["data"]["docClob"]).text_content())
        for party in truth["parties"]:
            assert party["party_name"] in text
            tags |= set(party["amount_tags"])
        variants.add(truth["variant"])
    assert variants == set(VARIANTS)
    assert tags == set(AMOUNT_TAGS)
    page = json.loads((FIXTURES / "list_item4293_page1.json").read_text(encoding="utf-8"))
    assert page["rptCode"] == 200 and len(page["data"]["rows"]) == 18
