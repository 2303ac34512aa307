"""Masking what a penalty notice says about a private person beyond what the public record needs.

Older notices (CBRC/CIRC, before about 2019) print a person's ID-card number (身份证号码: 18 characters,
or 15 digits before 1999; the last may be X) and home address in full. Regulators now publish the number
as its first 6 and last 4 characters (110105********1234: the issuing region stays, the birth date goes)
and no home address. `mask_personal_data` applies that rule to a text; it is the one place of the rule:
ingest runs every parsed field through it, and the site runs any raw source text it displays through it.

Addresses: a 住址 (home address; 家庭住址, 现住址 …) is a person's; a 住所 / 地址 is a person's when it
follows an ID number within the same party block (institutions print 住所 with no ID number). Either keeps
only its leading administrative region (天津市红桥区***), which says where without saying the door. A
company that labels its office 住址 (some 天津保监局 notices do) loses its street too: the lesser harm.
"""

from __future__ import annotations

import re

MASK = "*"


def _spaced(pattern: str) -> str:
    """`pattern` allowing layout spaces between its CJK characters (住 所, 身份证 号): source text has them."""
    return "".join(f"(?:{char}[ \u3000]*+)" if "\u4e00" <= char <= "\u9fff" else char for char in pattern)


# Between a label and its value: spaces, a colon, and in source HTML tags and &nbsp; (a label and its value
# are often separate <p> or <td> elements).
_GAP = r"(?:\s|&nbsp;|<[^<>]{0,300}>)*+"  # possessive: no backtracking over a long gap
_SEP = rf"{_GAP}[：:]?{_GAP}"
# Where an ID number is labelled: 身份证号码, 身份证号, 公民身份号码, 身份证件号, 证件号码 …
_ID_LABEL = _spaced(r"(?:公民)?身份证件?(?:号码|号)?|公民身份号码|证件号码?")
# A labelled number: 6 digits (the region), then 8 to 13 digits or masking characters. The source also
# prints 17- and 19-character typos and numbers already masked with xxxx, XXXX or ****.
_LABELLED_ID = re.compile(
    rf"(?P<label>{_ID_LABEL})(?P<sep>{_SEP})(?P<number>[0-9\uff10-\uff19]{{6}}[0-9\uff10-\uff19XxＸｘ*＊×]{{8,13}})"
    r"(?![0-9\uff10-\uff19XxＸｘ*＊×])"
)
# An unlabelled number of the exact shape: region, birth date (yyyymmdd or yymmdd), sequence, check.
_DATE8 = r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_DATE6 = r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
# The first digit opens the pattern and the look behind follows it (no letter or digit before that digit):
# a pattern that opens with a character set is searched for that set alone, which makes scanning a long text
# three times as fast as trying the look behind at every character.
_BARE_ID = re.compile(
    rf"[1-9](?<![0-9A-Za-z].)\d{{5}}(?:{_DATE8}\d{{3}}[0-9Xx]|{_DATE6}\d{{3}})(?![0-9A-Za-z])"
)

# Labels of a home address (always a person's) and of an address that may be an institution's.
_HOME_LABEL = _spaced(r"(?:家庭|现|户籍|居住|联系)?住址|家庭地址|居住地|户籍地")
_PLACE_LABEL = _spaced(r"住所|地址")
# The next field of a party block ends an address that runs on without punctuation.
_NEXT_FIELD = r"身份证|证件号|职务|职位|电话|联系方式|法定代表人|负责人|性别|出生|民族|经查|当事人|受处罚|被处罚"
_ADDRESS = re.compile(
    rf"(?P<label>{_HOME_LABEL}|{_PLACE_LABEL})(?P<sep>{_SEP})"
    rf"(?P<value>(?:(?!{_NEXT_FIELD})[^\s，,；;。：:\u3000<>&])+)"
)
_HOME = re.compile(_HOME_LABEL)
# The start of a party block: an ID number before this belongs to another party.
_PARTY_LABEL = re.compile(_spaced(r"当事人|受处罚人|受处罚单位|受处罚机构|被处罚人|单位名称|机构名称"))
_ID_ANYWHERE = re.compile(_ID_LABEL)
_PERSON_SPAN = 120  # visible characters back from an address to the ID number of the same party
_MARKUP = re.compile(r"<[^<>]*>|&nbsp;")
# Up to three administrative levels: 省 / 自治区, then 市 / 州 / 盟 / 地区, then 区 / 县 / 旗 / 市.
_REGION = re.compile(
    r"(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区))?"
    r"(?:[\u4e00-\u9fff]{1,7}?(?:市|自治州|盟|地区)|[\u4e00-\u9fff]{1,7}?州)?"  # 徐州市, not 徐州
    r"(?:[\u4e00-\u9fff]{1,7}?(?:区|县|旗|市))?"
)


# U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F (marks), U+061C (Arabic mark).
# Here, at the bottom layer, so the ingest guard (scrapers/guard.py) and the site (sitegen/core/shown.py) share it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def safe_text(text: str) -> str:
    """A source's text as it may be stored and shown: bidi controls removed, personal data masked."""
    if BIDI_CONTROLS.search(text) is not None:  # rare: searching is cheaper than a substitution that finds none
        text = BIDI_CONTROLS.sub("", text)
    return mask_personal_data(text)


def mask_personal_data(text: str) -> str:
    """`text` (plain or HTML) with ID-card numbers cut to their first 6 and last 4 characters and a person's
    address cut to its region. Idempotent; a text with no label nor number of the kind comes back as is."""
    if not text or not ("证" in text or "住" in text or "地址" in text or _BARE_ID.search(text)):
        return text
    text = _LABELLED_ID.sub(lambda m: m["label"] + m["sep"] + _masked_number(m["number"]), text)
    text = _BARE_ID.sub(lambda m: _masked_number(m.group()), text)
    return _ADDRESS.sub(lambda m: _masked_address(m, text), text)


def _masked_number(number: str) -> str:
    return number[:6] + MASK * (len(number) - 10) + number[-4:]


def _masked_address(match: re.Match[str], text: str) -> str:
    if not (_HOME.fullmatch(match["label"]) or _after_id_number(text, match.start())):
        return match.group()
    value = match["value"]
    region = _REGION.match(value)
    kept = region.group() if region else ""
    if kept == value or value.endswith(MASK * 3):
        return match.group()
    return match["label"] + match["sep"] + kept + MASK * 3


def _after_id_number(text: str, at: int) -> bool:
    """An ID-number label shortly before `at` (in visible characters: markup does not count), with no party
    label between them."""
    before = text[max(0, at - _PERSON_SPAN * 10):at]
    if "<" in before or "&" in before:
        before = _MARKUP.sub("", before)
    before = before[-_PERSON_SPAN:]
    ids = [m.end() for m in _ID_ANYWHERE.finditer(before)]
    if not ids:
        return False
    return not any(m.start() >= ids[-1] for m in _PARTY_LABEL.finditer(before))
