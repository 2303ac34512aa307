"""Parties named only in a notice's title: '…行政处罚信息公开表（合浦县农村信用合作联社、孙陆、吴铂新）'.

Older 公开表 were republished as their three text cells (案由 / 依据 / 决定), the parties left in the page
title. The title's last bracket (or the part after '_') is taken when every name in it reads as a person or
an institution; a 文号 in brackets is not a party.
"""

from __future__ import annotations

import re

from models.vocab.regions import is_place
from scrapers.nfra import names
from scrapers.nfra.parties import read_party_cell

_LAST_BRACKET = re.compile(r"[（(](?P<inner>[^（）()]{2,200})[）)]\s*$")
_AFTER_UNDERSCORE = re.compile(r"_(?P<inner>[^_]{2,200})$")
_NOT_PARTIES = re.compile(r"[〔〕\[\]]|\d|号|行政处罚|决定书|公开表|信息")
_SANCTION = re.compile(r"罚款|警告|禁止|任职资格|吊销|没收|责令|停止接受|罚没")


def title_parties(title: str | None) -> str | None:
    """The party cell a title holds, or None."""
    if not title:
        return None
    title = title.strip()
    for pattern in (_LAST_BRACKET, _AFTER_UNDERSCORE):
        match = pattern.search(title)
        if match is None or _NOT_PARTIES.search(match.group("inner")):
            continue
        if _all_parties(match.group("inner")):
            return match.group("inner").strip()
    return None


_HEADING = re.compile(r"公开表[（(](?P<inner>[^（）()]{2,200})[）)]")


def heading_parties(lines: list[str]) -> str | None:
    """The party cell a 公开表's own heading holds: '…行政处罚信息公开表（吴伟斌）行政处罚决定书文号…'."""
    for line in lines[:2]:
        for match in _HEADING.finditer(line):
            inner = match.group("inner")
            if not _NOT_PARTIES.search(inner) and _all_parties(inner):
                return inner.strip()
    return None


def _all_parties(text: str) -> bool:
    """Every name reads as a person or an institution, and none is a place (…公开表（咸宁、孝感、恩施）, an NFRA
    title naming the offices' cities)."""
    listed = read_party_cell(text).listed
    return bool(listed) and all(
        (n.kind == "individual" or names.ends_like_institution(n.name)) and not is_place(n.name) for n in listed
    )


def has_sanction(line: str) -> bool:
    return bool(_SANCTION.search(line))
