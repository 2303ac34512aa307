"""The ready-to-copy Chinese sentence of a receipt: its figures, its rule and its citation."""

from __future__ import annotations

from datetime import date

from sitegen.core.formats import cn_date, money
from sitegen.pages.receipts.rules import BASIS_LABEL, Figures

SITE = "罚单（Fadan）"

# How a sentence names the records of each dimension ("{}" is the item's label).
SCOPE = {
    None: "金融监管部门公开的",
    "bank": "涉及{}（含分支机构及其工作人员）的",
    "type": "涉及{}（含其工作人员）的",
    "violation": "因“{}”相关问题开出的",
    "region": "{}地区的",
    "regulator": "{}作出的",
    "ban": "含{}处罚的",
}


def period_text(period: int | str, first_year: int | None) -> str:
    if isinstance(period, int):
        return f"{period}年"
    return f"{first_year}年以来" if first_year else "历年"


def sentence(
    figs: Figures, *, period: int | str, first_year: int | None, dimension: str | None, label: str | None,
    basis: str, as_of: date | None, url: str,
) -> str:
    scope = SCOPE[dimension].format(label)
    parts = [
        f"据{SITE}统计，{period_text(period, first_year)}，{scope}行政处罚罚单共{figs.tickets:,}张，"
        f"其中处罚机构{figs.institutions:,}家次、个人{figs.individuals:,}人次，罚款合计{money(figs.fines)}",
    ]
    if figs.forfeiture != figs.fines:
        parts.append(f"，罚没合计{money(figs.forfeiture)}")
    as_of_text = f"，截至{cn_date(as_of)}" if as_of else ""
    parts.append(f"（{BASIS_LABEL[basis]}{as_of_text}；{url}）。")
    return "".join(parts)
