"""The ready-to-copy Chinese sentence of a receipt: its figures, its rule and its citation."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from sitegen.core.formats import cn_date, money, num
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
    values = receipt_values(figs, scopes=scopes, sources=sources, source_labels=source_labels, as_of=as_of,
                            page_url=url, anchor="")
    return fill(receipt_template(period, first_year, basis, anchored=False), values, ROW_SAME,
                keep=figs.forfeiture != figs.fines)


def receipt_template(period: int | str, first_year: int | None, basis: str, *, anchored: bool) -> str:
    """A receipt's sentence as a template (see ROW_TEMPLATE): its own (`anchored` False) or, ending in a
    row's anchor, a row's of a table that states each row's every figure (the register's receipts)."""
    address = "{本页地址}#{行}" if anchored else "{本页地址}"
    return ("据" + SITE + f"统计，{period_text(period, first_year)}，"
            "{监管部门}公开的{范围}行政处罚罚单共{罚单}张，其中处罚机构{机构（家次）}家次、个人{个人（人次）}人次，"
            "罚款合计{罚款合计}[，罚没合计{罚没合计}]"
            f"（{BASIS_LABEL[basis]}，截至{{截至}}；{address}）。")


def receipt_values(
    figs: Figures, *, scopes: Sequence[tuple[str, str]], sources: Sequence[str], source_labels: dict[str, str],
    as_of: date | None, page_url: str, anchor: str,
) -> dict[str, str]:
    """The values of receipt_template: those of row_values, the scope in the receipt's longer words, and
    the 家次 and 人次."""
    values = row_values(figs, scopes=(), sources=sources, source_labels=source_labels, as_of=as_of,
                        page_url=page_url, anchor=anchor)
    values.update({"范围": row_scope(scopes, SCOPE), "机构（家次）": num(figs.institutions),
                   "个人（人次）": num(figs.individuals)})
    return values


# A breakdown row's and a tree row's sentence, stated once per table as a template (html.cite_note) that
# static/cite.js fills from the row: each {placeholder} is a column of the table (the row's cell under that
# heading) or one of ROW_SLOTS; the part in [] is written only when the two columns named by the table's
# SAME pair show different values. One grammar: row_sentence and node_sentence fill the same template
# with fill(), which cite.js copies step for step (single pass, a value is never read as a placeholder).
ROW_TEMPLATE = ("据" + SITE + "统计，{period}，{{监管部门}}公开的{{范围}}罚单{{罚单}}张，罚款合计{{罚款合计}}"
                "[，罚没合计{{罚没合计}}]（按发布日期，截至{{截至}}；{{本页地址}}#{{行}}）。")
ROW_SAME = ("罚没合计", "罚款合计")
NODE_TEMPLATE = ("据" + SITE + "统计，{period}，{{监管部门}}对{{范围}}本身开出的罚单{{本级罚单}}张，"
                 "罚款合计{{本级罚款}}[；连同下属机构共{{含下属罚单}}张，罚款合计{{含下属罚款}}]（按发布日期，截至{{截至}}；{{本页地址}}#{{行}}）。")
NODE_SAME = ("含下属罚单", "本级罚单")
# The placeholders that are not a column: the regulators, the scope (a row's own when it carries one, else
# the table's words around the row's name), the page's address and the row's anchor (its id).
ROW_SLOTS = ("监管部门", "范围", "本页地址", "行")
# Stands for a row's name where a table's words around it are found (scope_frame).
_NAME = "\x00"
# What a sub-row's name starts with (a branch's "· 信贷业务" under the branch's own row: pages._unit_sections).
# Its {范围} is by default its parent's (the nearest row above it whose name does not start so) followed by
# its own clause: the table note states that clause once (html.cite_note), as it states the rows' frame.
SUB_ROW = "· "

_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([^{}]+)\}")


def row_template(template: str, first_year: int | None) -> str:
    """A table's template (ROW_TEMPLATE, NODE_TEMPLATE) for a page: its period, the one thing it fixes."""
    return template.format(period=period_text("all", first_year))


def fill(template: str, values: dict[str, str], same: tuple[str, str], keep: bool | None = None) -> str:
    """The sentence a template says for one row's values (cite.js's fill, step for step). `keep`: whether
    the [] part is written, when the caller knows more than the values show (a receipt's own sentence: its
    exact sums); by default, when the two `same` columns differ as shown (all a table's row shows)."""
    if keep is None:
        keep = values[same[0]] != values[same[1]]
    text = _OPTIONAL.sub(lambda m: m.group(1) if keep else "", template)
    return _SLOT.sub(lambda m: values[m.group(1)], text)


def row_scope(scopes: Sequence[tuple[str, str]], words: dict[str, str] = ROW_SCOPE) -> str:
    """The {范围} of a breakdown row (of a receipt, with `words` SCOPE): what its records are limited to,
    each after a 、."""
    return "".join("、" + text for dimension, label in scopes if (text := words[dimension].format(label)))


def scope_frame(scopes: Callable[[str], Sequence[tuple[str, str]]], words: dict[str, str] = ROW_SCOPE,
                ) -> tuple[str, str]:
    """The words of a row's {范围} before and after its name: `scopes(name)` gives the row's scopes for a
    name (the table note states them once: html.cite_note; a row whose {范围} is not frame + label carries
    its own)."""
    pre, _, post = row_scope(scopes(_NAME), words).partition(_NAME)
    return pre, post


def row_values(
    figs: Figures, *, scopes: Sequence[tuple[str, str]], sources: Sequence[str], source_labels: dict[str, str],
    as_of: date | None, page_url: str, anchor: str,
) -> dict[str, str]:
    """A breakdown row's values of ROW_TEMPLATE: its cells' text (html.breakdown_body) and ROW_SLOTS."""
    return {"监管部门": publisher(sources, source_labels), "范围": row_scope(scopes), "罚单": num(figs.tickets),
            "罚款合计": money(figs.fines), "罚没合计": money(figs.forfeiture), "截至": cn_date(as_of),
            "本页地址": page_url, "行": anchor}


def row_sentence(
    figs: Figures, *, first_year: int | None, scopes: Sequence[tuple[str, str]], sources: Sequence[str],
    source_labels: dict[str, str], as_of: date | None, page_url: str, anchor: str,
) -> str:
    """The sentence of a breakdown row of an all-time receipt (thousands per build): the receipt's
    sentence without what the row's cells already show beside it (家次 and 人次), in shorter words, still
    whole on its own: period, publisher, scope, tickets, sums, date basis, date and address."""
    values = row_values(figs, scopes=scopes, sources=sources, source_labels=source_labels, as_of=as_of,
                        page_url=page_url, anchor=anchor)
    return fill(row_template(ROW_TEMPLATE, first_year), values, ROW_SAME)


def node_values(
    own: Tally, whole: Tally, *, name: str, sources: Sequence[str], source_labels: dict[str, str],
    as_of: date | None, page_url: str, anchor: str,
) -> dict[str, str]:
    """A tree row's values of NODE_TEMPLATE: its cells' text (html.tree_body; `whole`: with its subtree,
    its own figures when it has no children) and ROW_SLOTS ({范围}: the node's full name)."""
    return {"监管部门": publisher(sources, source_labels), "范围": name, "本级罚单": num(own.tickets),
            "本级罚款": money(own.fines), "含下属罚单": num(whole.tickets), "含下属罚款": money(whole.fines),
            "截至": cn_date(as_of), "本页地址": page_url, "行": anchor}


def node_sentence(
    own: Tally, subtree: Tally | None, *, first_year: int | None, name: str, sources: Sequence[str],
    source_labels: dict[str, str], as_of: date | None, page_url: str, anchor: str,
) -> str:
    """The sentence of a node of a group's institution tree: its own tickets, and with its subtree when
    that has more."""
    values = node_values(own, subtree or own, name=name, sources=sources, source_labels=source_labels,
                         as_of=as_of, page_url=page_url, anchor=anchor)
    return fill(row_template(NODE_TEMPLATE, first_year), values, NODE_SAME)
