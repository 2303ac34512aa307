"""What parsing one NFRA notice produces: plain dataclasses, independent of Scrapy and the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Measure:
    """A sanction other than fine, confiscation, warning and ban, ready for the site to show.

    kind: disqualify (取消任职资格), suspend-business (责令停止接受新业务 / 停业整顿), revoke-license
    (吊销许可证), rectify (责令改正), other; fine-part: one of several fines on the party, whose sum is
    fine_yuan (the text of each part, as the decision states it).
    """

    kind: str
    text: str
    years: int | None = None
    months: int | None = None


@dataclass
class Category:
    code: str  # a code of models/data/violations (credit, credit-card, aml, ...)
    phrase: str  # the text of the notice that matched


@dataclass
class Party:
    """One sanctioned party: a row of the `penalty` table before it is stored."""

    seq: int
    party_name: str | None = None
    party_kind: str | None = None  # institution | individual
    party_role: str | None = None  # 时任…行长 (for a person)
    institution: str | None = None  # for a person, the institution named in the role
    decision_no: str | None = None
    facts: str | None = None
    basis: str | None = None
    decision: str | None = None  # verbatim
    authority: str | None = None
    decided_on: date | None = None
    fine_yuan: int | None = None
    confiscated_yuan: int | None = None
    warning: bool = False
    ban_years: int | None = None
    ban_lifetime: bool = False
    measures: list[Measure] = field(default_factory=list)
    fine_note: str | None = None  # joint | each | None
    forfeiture_yuan: int | None = None  # 罚没合计 when the text splits it into neither fine nor confiscation
    disclosure_years: int | None = None  # 公示期限 of a PBOC row (三年, 五年); NFRA states none
    # Filled by enrichment (scrapers/nfra/enrich.py).
    bank_group: str | None = None
    institution_type: str | None = None
    province: str | None = None
    categories: list[Category] = field(default_factory=list)


@dataclass
class NoticeMeta:
    """The notice-level fields of a detail (and list) response.

    NFRA notices are keyed on NFRA's docId. A notice of another regulator has `doc_id` None until the
    store allocates its surrogate key; `source_key` is that regulator's own id (PBOC's articleId).
    """

    doc_id: int | None
    title: str
    published_at: datetime | None
    issuer: str | None = None
    level: str | None = None
    document_no: str | None = None
    item_id: int | None = None
    pdf_url: str | None = None
    regulator: str = "nfra"  # nfra | pboc (later safe, csrc)
    source_key: str | None = None
    disclosure_until: date | None = None  # the end of a PBOC notice's 公示期限


@dataclass
class ParsedNotice:
    layout: str = "unknown"  # vertical | horizontal | text | unknown
    parse_status: str = "failed"  # ok | partial | failed
    parse_error: str | None = None
    parties: list[Party] = field(default_factory=list)
