"""Masking ID-card numbers and home addresses (models/privacy.py) on real CBRC/CIRC notices.

The expected values were read off the notices in ../shared/samples/cbrc-circ/notices.jsonl (row id, then
what the masked text must say); the texts themselves stay in ../shared.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache

import pytest

from models.privacy import mask_personal_data
from tests.conftest import REAL_ROWS_CSV, ROOT

CBRC_CIRC = ROOT.parent / "shared" / "samples" / "cbrc-circ" / "notices.jsonl"
_TAG = re.compile(r"<[^>]+>")

# Notices that print full 18-digit ID numbers, and the number as it must be published (first 6, last 4).
FULL_NUMBERS = {
    "cc-0001": ["310105********0848"],
    "cc-0028": ["532201********0418"],
    "cc-0064": ["120106********3021"],
    "cc-0098": ["450121********0044", "452231********0550", "450881********7742"],
    "cc-0136": ["622126********1218"],
    "cc-0138": ["622201********0312"],
}
# A person's address: only the region stays.
PERSON_ADDRESSES = {
    "cc-0064": "住所：天津市红桥区***",  # 苏欣, after her ID number
    "cc-0028": "住所：曲靖市麒麟区***",
    "cc-0134": "住址：江苏省淮安市清浦区***",
    "cc-0098": "广西忻城县***",  # 住址 in its own cell
}
# An institution's address (住所 with no ID number in its block) is public and stays whole.
INSTITUTION_ADDRESSES = {
    "cc-0063": "住所：武清区徐官屯工贸大街西侧19号",  # 天津庆隆汽车修理有限公司
    "cc-0080": "住所：天津市河东区十一经路61号",  # 人保产险天分
    "cc-0072": "住所：石家庄市桥西区中山东路166号",  # the company, before its manager's ID number
}
# 18 characters with a plausible birth date, or a labelled number whose birth-date digits show.
_FULL_ID = re.compile(r"(?<!\d)\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?!\d)")
_BIRTH_DATE_SHOWN = re.compile(r"身份证号码?[：:]?\s*\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])")


@cache
def notices() -> dict[str, str]:
    """Each real notice's text (tags as line breaks), by id."""
    assert CBRC_CIRC.is_file(), f"real CBRC/CIRC samples not found at {CBRC_CIRC}"
    rows = (json.loads(line) for line in CBRC_CIRC.read_text(encoding="utf-8").splitlines())
    return {row["id"]: _TAG.sub("\n", row["html"]) for row in rows}


@pytest.mark.parametrize("notice_id", sorted(FULL_NUMBERS))
def test_full_id_numbers_keep_their_first_6_and_last_4_characters(notice_id: str) -> None:
    masked = mask_personal_data(notices()[notice_id])
    assert _FULL_ID.findall(masked) == []
    for number in FULL_NUMBERS[notice_id]:
        assert number in masked


def test_no_real_notice_shows_a_birth_date_or_a_full_number_once_masked() -> None:
    texts = notices()
    shown = [notice_id for notice_id, text in texts.items() if _FULL_ID.search(text) or _BIRTH_DATE_SHOWN.search(text)]
    assert len(shown) >= 40  # the samples do print them: the check below is not vacuous
    for notice_id in shown:
        masked = mask_personal_data(texts[notice_id])
        assert not _FULL_ID.search(masked), notice_id
        assert not _BIRTH_DATE_SHOWN.search(masked), notice_id


@pytest.mark.parametrize(("notice_id", "expected"), sorted(PERSON_ADDRESSES.items()))
def test_a_persons_address_keeps_only_its_region(notice_id: str, expected: str) -> None:
    assert expected in mask_personal_data(notices()[notice_id])


@pytest.mark.parametrize(("notice_id", "address"), sorted(INSTITUTION_ADDRESSES.items()))
def test_an_institutions_address_stays_whole(notice_id: str, address: str) -> None:
    text = notices()[notice_id]
    assert address in text
    assert address in mask_personal_data(text)


def test_masking_is_idempotent_and_leaves_other_text_alone() -> None:
    for text in notices().values():
        masked = mask_personal_data(text)
        assert mask_personal_data(masked) == masked
        assert len(masked.splitlines()) == len(text.splitlines())
    plain = "对中国工商银行某支行罚款50万元，没收违法所得123456789元。"
    assert mask_personal_data(plain) is plain


def test_layout_spaces_full_width_digits_and_15_digit_numbers() -> None:
    wide = "身 份 证 号：１１０１０５１９８００１０１１２３４"
    assert mask_personal_data(wide) == "身 份 证 号：１１０１０５********１２３４"
    assert mask_personal_data("身份证号码：110105800101123") == "身份证号码：110105*****1123"
    assert mask_personal_data("公民身份号码 11010519800101123X，住 所：北京市西城区某路1号") == (
        "公民身份号码 110105********123X，住 所：北京市西城区***"
    )


def test_masking_leaves_every_field_of_the_real_nfra_rows_alone(samples) -> None:
    """Precision: today's notices print no ID number nor home address; 住所 in facts (变更住所) is not one."""
    with REAL_ROWS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        values = [value for row in csv.DictReader(handle) for value in row.values() if value]
    assert len(values) > 50_000
    assert sum("住所" in value or "地址" in value for value in values) > 0
    assert [value for value in values if mask_personal_data(value) != value] == []


def test_source_html_is_masked_too() -> None:
    """The site shows some notices' source HTML (sanitised): labels and values sit in separate elements."""
    rows = (json.loads(line) for line in CBRC_CIRC.read_text(encoding="utf-8").splitlines())
    for row in rows:
        masked_text = _TAG.sub("\n", mask_personal_data(row["html"]))
        assert not _FULL_ID.search(masked_text), row["id"]
        assert not _BIRTH_DATE_SHOWN.search(masked_text), row["id"]
        assert masked_text.count("\n") == _TAG.sub("\n", row["html"]).count("\n")  # the markup is intact
        # as much is masked as in the visible text (addresses follow ID numbers at a distance in markup)
        assert masked_text.count("***") == mask_personal_data(_TAG.sub("\n", row["html"])).count("***"), row["id"]
    html = '<p><span>住址：</span></p><p><span style="x">天津市河西区尖山路为民楼1号501</span></p>'
    assert mask_personal_data(html) == '<p><span>住址：</span></p><p><span style="x">天津市河西区***</span></p>'


@pytest.mark.timeout(30)
@pytest.mark.parametrize("hostile", [
    "住址" + " " * 100_000,
    ("身份证号" + "<p> </p>" * 5_000) * 10,
    "住所：" * 30_000,
    "身份证号：110105198001011234 " + "住所" * 40_000,
])
def test_hostile_text_costs_linear_time(hostile: str) -> None:
    # A gap that could split two ways between label and value once made the work quadratic in its length.
    masked = mask_personal_data(hostile)
    assert mask_personal_data(masked) == masked
