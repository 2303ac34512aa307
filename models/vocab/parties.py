"""Reading a 当事人名称 cell as a flat table shows it: an institution, '姓名（时任…）', or a bare name.

The parser fills Party fields itself; this reader serves the coverage report and the tests, which
work from the real rows' cells, and gives enrichment a way to read an institution out of a role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models.vocab.groups import clean_institution
from models.vocab.offices import match_office
from models.vocab.text import normalize, split_person

_INSTITUTION_WORDS = re.compile(
    r"银行|保险|公司|联社|信用社|农商行|信托|财险|产险|寿险|人寿|金融|资产管理|集团|代理|经纪|公估|分行|支行|营业部|中支|分社|营销服务部"
)
_BARE_NAME = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,8}·[\u4e00-\u9fff·]{1,12}|[A-Za-z][A-Za-z.\- ]{2,40})$"
)
_HEADER = re.compile(r"^(?:当事人|被处罚|单位|个人|名称|姓名|序号|主要违法|行政处罚)")


MAX_CELL = 300  # longer cells are cut before matching (a party cell is a name and a role)


@dataclass(frozen=True)
class PartyCell:
    kind: str  # institution | individual | artefact
    name: str  # the institution, or the person's name
    role: str | None = None  # for a person: 时任…
    institution: str | None = None  # for a person: the institution named in the role


def read_party_cell(cell: str | None) -> PartyCell:
    text = normalize(cell)[:MAX_CELL]
    if not text or _HEADER.match(text):
        return PartyCell("artefact", text)
    person = split_person(text)
    if person and not _INSTITUTION_WORDS.search(person[0]):
        role = person[1] or None
        institution = clean_institution(role) if role else None
        return PartyCell("individual", person[0], role, institution or None)
    names = re.split(r"[、,，]", text)
    if all(_BARE_NAME.match(n) for n in names) and not _INSTITUTION_WORDS.search(text):
        return PartyCell("individual", text)  # one name, or several people in one cell
    if match_office(text) is not None and not re.search(r"银行|保险|联社|信用社|信托", text):
        return PartyCell("artefact", text)  # a vertical table read as horizontal: 作出决定机关 as party
    return PartyCell("institution", text)
