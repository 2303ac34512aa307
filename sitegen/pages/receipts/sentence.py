"""The ready-to-copy Chinese sentence of a receipt: its figures, its rule and its citation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sitegen.core.formats import cn_date, money
from sitegen.pages.receipts.rules import BASIS_LABEL, Figures, Tally

SITE = "罚单（Fadan）"

# How a sentence names the records of each dimension ("{}" is the item's label).
SCOPE = {
    "bank": "涉及{}（含分支机构及其工作人员）的",
    "type": "涉及{}（含其工作人员）的",
    "violation": "因“{}”相关问题开出的",
    "region": "{}地区的",
    "regulator": "{}作出的",
    "ban": "含{}处罚的",
    "source": "",  # the regulator is named where every sentence names it (publisher below)
    "kind": "对{}作出的",
    "branch": "对{}开出的",
    "sanction": "含{}的",
    "unit": "对{}开出的",
    "repeats": "属于再次违规（同一机构或人员五年内再次因同类违规受罚）的",
}

# The shorter scopes of a breakdown row's sentence (row_sentence): a row's item is named by its label alone.
ROW_SCOPE = {**SCOPE, "bank": "涉及{}的", "type": "涉及{}的"}

# How a sentence names the regulator that published the records: NFRA's notices come from its head
# office and its local offices; the PBOC's, for now, from its head office only (models/data/sources.toml).
PUBLISHER = {"nfra": "{}及其派出机构"}


def publisher(sources: Sequence[str], labels: dict[str, str]) -> str:
    """'金融监管总局及其派出机构', '人民银行', or '金融监管总局及其派出机构和人民银行' for records of both."""
    names = [PUBLISHER.get(code, "{}").format(labels.get(code, code)) for code in sources]
    if not names:
        return "金融监管部门"
    return "、".join(names[:-1]) + ("和" if len(names) > 1 else "") + names[-1]


def period_text(period: int | str, first_year: int | None) -> str:
    if isinstance(period, int):
        return f"{period}年"
    if period != "all":  # a month, yyyy-mm
        year, month = map(int, period.split("-"))
        return f"{year}年{month}月"
    return f"{first_year}年以来" if first_year else "历年"


def sentence(
    figs: Figures, *, period: int | str, first_year: int | None, scopes: Sequence[tuple[str, str]],
    sources: Sequence[str], source_labels: dict[str, str], basis: str, as_of: date | None, url: str,
) -> str:
    """`scopes`: (dimension, item label) of each item the records are limited to; `sources`: the
    regulators the records come from, NFRA first."""
    scope = "、".join(text for dimension, label in scopes if (text := SCOPE[dimension].format(label)))
    parts = [
        f"据{SITE}统计，{period_text(period, first_year)}，{publisher(sources, source_labels)}公开的"
        f"{'、' + scope if scope else ''}行政处罚罚单共{figs.tickets:,}张，"
        f"其中处罚机构{figs.institutions:,}家次、个人{figs.individuals:,}人次，罚款合计{money(figs.fines)}",
    ]
    if figs.forfeiture != figs.fines:
        parts.append(f"，罚没合计{money(figs.forfeiture)}")
    as_of_text = f"，截至{cn_date(as_of)}" if as_of else ""
    parts.append(f"（{BASIS_LABEL[basis]}{as_of_text}；{url}）。")
    return "".join(parts)


def row_sentence(
    figs: Figures, *, first_year: int | None, scopes: Sequence[tuple[str, str]], sources: Sequence[str],
    source_labels: dict[str, str], as_of: date | None, url: str,
) -> str:
    """The sentence of a breakdown row of an all-time receipt (thousands per build): the receipt's
    sentence without what the row's cells already show beside it (家次 and 人次), in shorter words, still
    whole on its own: period, publisher, scope, tickets, sums, date basis, date and address."""
    scope = "、".join(text for dimension, label in scopes if (text := ROW_SCOPE[dimension].format(label)))
    forfeiture = f"，罚没合计{money(figs.forfeiture)}" if figs.forfeiture != figs.fines else ""
    as_of_text = f"，截至{cn_date(as_of)}" if as_of else ""
    scope = "、" + scope if scope else ""
    return (f"据{SITE}统计，{period_text('all', first_year)}，{publisher(sources, source_labels)}公开的{scope}罚单"
            f"{figs.tickets:,}张，罚款合计{money(figs.fines)}{forfeiture}（按发布日期{as_of_text}；{url}）。")


def node_sentence(
    own: Tally, subtree: Tally | None, *, first_year: int | None, name: str, sources: Sequence[str],
    source_labels: dict[str, str], as_of: date | None, url: str,
) -> str:
    """The sentence of a node of a group's institution tree: its own tickets, and with its subtree."""
    with_subtree = (f"；连同下属机构共{subtree.tickets:,}张，罚款合计{money(subtree.fines)}"
                    if subtree is not None else "")
    as_of_text = f"，截至{cn_date(as_of)}" if as_of else ""
    return (f"据{SITE}统计，{period_text('all', first_year)}，{publisher(sources, source_labels)}对{name}本身开出的罚单"
            f"{own.tickets:,}张，罚款合计{money(own.fines)}{with_subtree}（按发布日期{as_of_text}；{url}）。")
