"""A head-office detail page: notice fields and one penalty per table row (each row its own 文号).

The table has nine columns — 序号 / 当事人名称 / 行政处罚决定书文号 / 违法行为类型 / 行政处罚内容 /
作出行政处罚决定机关名称 / 作出行政处罚决定日期 / 公示期限 / 备注 — with labels split by `<br>`, so
labels are matched with every space removed (data/columns.json). A person is published masked with
the institution in brackets, 「蒋某（广发银行股份有限公司资产托管部）」; the 违法行为类型 items are the
facts; 行政处罚内容 (警告 / 没收违法所得 / 罚款, amounts in 万元 with decimals) is read by the same
sanctions reader as NFRA's decisions. A page that is not an article at all raises `BadResponse` (the
spider retries it); an article without a readable table is a notice that failed to parse (stored).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from models.record import NoticeMeta, ParsedNotice, Party
from scrapers.nfra.dates import parse_date
from scrapers.nfra.detail import BadResponse, storable
from scrapers.nfra.names import institution_of, is_person_name, split_bracketed
from scrapers.nfra.sanctions import parse_sanctions
from scrapers.nfra.textnorm import PARA, clean_text, label_key, small_number
from scrapers.pboc.html import soup_of

COLUMNS_PATH = Path(__file__).with_name("data") / "columns.json"
ISSUER = "中国人民银行"  # the head office; branch notices name their branch (a later source)
_RELEASED = re.compile(r"发布时间\s*[:：]\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A masked person: one or two characters, 某, up to two more (蒋某, 陈某香); unmasked names are
# recognised by the NFRA name vocabulary.
_MASKED = re.compile(r"^[\u4e00-\u9fff]{1,2}某[\u4e00-\u9fff]{0,2}$")
_YEARS = re.compile(r"^(.{1,3})年$")
# A person's facts name the institution whose violations they answer for:
# 对广发银行股份有限公司以下违法违规行为负有责任.
_ANSWERS_FOR = re.compile(
    r"对(?P<institution>[^，,。；;：:\n]{2,60}?)(?:以下|上述)违法(?:违规)?行为负有?(?:[^，,。；;：:\n]{0,4})责任"
)


@dataclass(frozen=True)
class DetailPage:
    meta: NoticeMeta
    fingerprint: str  # content_hash: the article's text only (the CMS regenerates the page around it)
    parsed: ParsedNotice


@cache
def _columns() -> dict[str, str]:
    data = json.loads(COLUMNS_PATH.read_text(encoding="utf-8"))
    return {label: field for label, field in data.items() if not label.startswith("_")}


def cell_text(cell: Tag) -> str:
    """A cell's text with its paragraphs (`<p>`, `<br>`, `<div>`) as lines and source whitespace collapsed."""
    for br in cell.find_all("br"):
        br.replace_with(PARA)
    for block in cell.find_all(["p", "div", "li"]):
        block.append(PARA)
    return storable(clean_text(cell.get_text()))


def parse_detail(html: bytes | str, article_id: str) -> DetailPage:
    """The notice and its parties; BadResponse when the page is no PBOC article (an error page)."""
    soup = soup_of(html)
    check_article(soup)
    body = soup.select_one("#easysiteText")
    title_meta = soup.find("meta", attrs={"name": "ArticleTitle"})
    heading = soup.find("h3")
    title = clean_text(heading.get_text()) if heading else ""
    if not title and title_meta is not None:
        title = clean_text(str(title_meta.get("content") or ""))
    published = _published(soup)
    meta = NoticeMeta(
        doc_id=None, title=storable(title) or f"中国人民银行行政处罚公示 {article_id}", published_at=published,
        issuer=ISSUER, level="headquarters", regulator="pboc", source_key=article_id,
    )
    text = clean_text(body.get_text(" ")) if body is not None else ""
    fingerprint = hashlib.sha256(f"{meta.title}\n{published}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
    parsed = read_table(body) if body is not None else ParsedNotice(parse_error="the article has no text")
    return DetailPage(meta, fingerprint, parsed)


def check_article(soup: BeautifulSoup) -> None:
    """BadResponse unless the page is a PBOC article (its text block or its ArticleTitle meta tag)."""
    if soup.select_one("#easysiteText") is None and soup.find("meta", attrs={"name": "ArticleTitle"}) is None:
        page_title = soup.title.get_text(strip=True) if soup.title else ""
        raise BadResponse("not-an-article", f"no article text on the page (title {page_title[:60]!r})")


def _published(soup: BeautifulSoup) -> datetime | None:
    top = soup.select_one("p.top")
    match = _RELEASED.search(top.get_text()) if top else None
    try:
        if match:
            return datetime(*(int(g) for g in match.groups()))
        pub = soup.find("meta", attrs={"name": "PubDate"})
        return datetime.strptime(str(pub.get("content")).strip(), "%Y-%m-%d") if pub else None
    except ValueError:
        return None


def read_table(body: Tag) -> ParsedNotice:
    """One party per data row of the article's table, in order; a row without a party is reported."""
    for table in body.find_all("table"):
        rows = [[cell_text(td) for td in tr.find_all(["td", "th"], recursive=False)] for tr in table.find_all("tr")]
        header_at = next((i for i, row in enumerate(rows) if _is_header(row)), None)
        if header_at is None:
            continue
        fields = [_columns().get(label_key(label)) for label in rows[header_at]]
        parties: list[Party] = []
        problems: list[str] = []
        for row in rows[header_at + 1 :]:
            if not any(row):
                continue
            values = {f: v for f, v in zip(fields, row, strict=False) if f and v}
            party = read_row(values, len(parties) + 1)
            if party is None:
                problems.append(f"row {len(parties) + len(problems) + 1} names no party: {' | '.join(row)[:120]}")
                continue
            if party.decision_no is None or not (party.fine_yuan or party.warning or party.confiscated_yuan):
                problems.append(f"party {party.seq} ({party.party_name}): no decision number or no sanction read")
            parties.append(party)
        status = "ok" if parties and not problems else ("partial" if parties else "failed")
        error = "; ".join(problems) or (None if parties else "the table has no data row")
        return ParsedNotice(layout="horizontal", parse_status=status, parse_error=error, parties=parties)
    return ParsedNotice(layout="text", parse_status="failed", parse_error="no penalty table (text or attachment only)")


def _is_header(row: list[str]) -> bool:
    fields = {_columns().get(label_key(label)) for label in row}
    return "party" in fields and "decision" in fields


def read_row(values: dict[str, str], seq: int) -> Party | None:
    """One table row as a party; None when it names nobody."""
    cell = values.get("party")
    if not cell:
        return None
    name, bracket = split_bracketed(cell.replace("\n", ""))
    person = bool(bracket) and (_MASKED.match(name) is not None or is_person_name(name))
    decision = values.get("decision")
    sanctions = parse_sanctions(decision)
    return Party(
        seq=seq,
        party_name=name if person else cell.replace("\n", ""),
        party_kind="individual" if person else "institution",
        party_role=bracket if person else None,
        institution=_institution(bracket, values.get("facts")) if person else None,
        decision_no=values.get("decision_no"),
        facts=values.get("facts"),
        decision=decision,
        authority=values.get("authority"),
        decided_on=parse_date(values.get("decided_on")),
        fine_yuan=sanctions.fine_yuan,
        confiscated_yuan=sanctions.confiscated_yuan,
        warning=sanctions.warning,
        measures=sanctions.measures,
        forfeiture_yuan=sanctions.forfeiture_total,
        disclosure_years=disclosure_years(values.get("disclosure")),
    )


def _institution(bracket: str | None, facts: str | None) -> str | None:
    """The institution a person is named with: the one the facts say they answer for, else the one
    their bracket names (a department's name runs on: 广发银行股份有限公司信用卡中心)."""
    answers = _ANSWERS_FOR.search(facts or "")
    if answers:
        return answers["institution"]
    return institution_of(bracket) if bracket else None


def disclosure_years(text: str | None) -> int | None:
    """公示期限 三年 / 五年 / 5年 → 3 / 5; None for anything else (长期, blank)."""
    match = _YEARS.match(label_key(text or ""))
    return small_number(match.group(1)) if match else None


def disclosure_until(published: date | datetime | None, years: int | None) -> date | None:
    """The last day of the publication period: the publication date plus its years (29 Feb → 28 Feb)."""
    if published is None or not years:
        return None
    day = published.date() if isinstance(published, datetime) else published
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
