"""docClob renderers, one per layout variant, mirroring the real samples' HTML.

- vertical7: the 2024 总局 7-row label/value table (a label split over two <p> or a <br>);
- vertical7_multi: the same with an institution and its people in one 当事人 cell and one decision
  sentence per party (<p> each), as 金罚决字〔2024〕36号;
- vertical9: the CBRC 9-row form with colspan=3 labels and rowspans for 个人姓名 / 单位 名称 /
  法定代表人（主要负责人）姓名, title paragraphs above it and st1:chsdate dates;
- horizontal: one row per party, 5 to 8 columns (文号, 依据, 作出决定时间 optional), rowspans shared by
  the rows of one decision, header variants (spaces inside labels, labels split over two <p>), and rows
  "XX银行及相关责任人" whose 行政处罚内容 names several parties;
- text_decision / text_service / text_reminder: paragraphs only (行政处罚决定书, 送达公告, 催告书).
"""

from __future__ import annotations

import re
from datetime import date

from localnfra.notice import Case, Notice, Party
from localnfra.rng import Rng
from localnfra.word import Writer, preamble

STREAM_RENDER = 202


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _date_text(w: Writer, d: date, chsdate: bool) -> str:
    runs = w.runs(_cn_date(d))
    if chsdate:
        w.features.add("chsdate")
        return (f'<st1:chsdate Year="{d.year}" Month="{d.month}" Day="{d.day}" IsLunarDate="False" '
                f'IsROCDate="False" w:st="on">{runs}</st1:chsdate>')
    return runs


def _label(w: Writer, text: str, bold: bool, split: bool) -> str:
    """A label cell's paragraphs; long labels are sometimes broken over two <p> or by a <br>."""
    if split and len(text) >= 6:
        cut = w.rng.between(3, len(text) - 2)
        if w.rng.chance(0.6):
            w.features.add("label_split_p")
            return w.text_para(text[:cut], "center", bold) + w.text_para(text[cut:], "center", bold)
        w.features.add("label_br")
        return w.para(w.runs(text[:cut], bold) + ("<b><span><br></span></b>" if bold else "<br>")
                      + w.runs(text[cut:], bold), "center")
    return w.text_para(text, "center", bold)


def _value(w: Writer, text: str, align: str = "justify") -> str:
    paras = w.text_para(text, align)
    if w.rng.chance(0.08):
        paras += w.empty_para()
    return paras


# ------------------------------------------------------------------------------------------ vertical


def _vertical7(w: Writer, notice: Notice) -> str:
    rng = w.rng
    case = notice.cases[0]
    labels = [
        rng.pick(["行政处罚决定书文号", "行政处罚决定书文号", "处罚决定书文号"]),
        rng.pick(["被处罚当事人", "被处罚当事人", "被处罚当事人姓名或名称", "被处罚人"]),
        rng.pick(["主要违法违规事实", "主要违法违规事实", "主要违法违规事实（案由）", "主要违法违规行为"]),
        rng.pick(["行政处罚依据", "行政处罚依据", "处罚依据"]),
        rng.pick(["行政处罚决定", "行政处罚决定", "行政处罚内容"]),
        rng.pick(["作出处罚决定的机关名称", "作出处罚决定的机关名称", "作出行政处罚决定的机关名称"]),
        rng.pick(["作出处罚决定的日期", "作出处罚决定的日期", "作出行政处罚决定的日期"]),
    ]
    if notice.variant == "vertical7_multi":
        inst = case.parties[0]
        if rng.chance(0.5):
            party_cell = _value(w, inst.name + rng.pick(["及其责任人员", "及相关责任人"]))
        else:
            party_cell = "".join(w.text_para(p.display, "justify") for p in case.parties)
        assert case.cell is not None
        decision_cell = "".join(
            w.text_para(s + sep, "justify") for s, sep in zip(case.cell.sentences, case.cell.separators, strict=True))
        w.features.add("multi_party_cell")
    else:
        party = case.parties[0]
        party_cell = _value(w, party.display)
        decision_cell = _value(w, party.decision)
    values = [_value(w, case.decision_no), party_cell, _facts_paras(w, case.facts, case), _value(w, case.basis),
              decision_cell, _value(w, case.authority), w.para(_date_text(w, case.decided_on, False))]
    rows = []
    for k, (label, value) in enumerate(zip(labels, values, strict=True)):
        split = k == 5 and rng.chance(0.6)
        cells = w.cell(_label(w, label, True, split), 276) + w.cell(value, 484)
        rows.append(w.row(cells, 27.35 + k))
    return w.table("".join(rows), grid=rng.chance(0.4), tbody=rng.chance(0.5))


def _facts_paras(w: Writer, facts: str, case: Case | None = None) -> str:
    """Numbered facts (一、…二、…) go one per paragraph, as in the 总局 sample."""
    if facts.startswith("一、") and w.rng.chance(0.6):
        if case is not None:
            case.facts_split = True
        return "".join(w.text_para(p, "justify") for p in re.split(r"(?=[二三四五]、)", facts))
    return _value(w, facts)


def _vertical9(w: Writer, notice: Notice) -> str:
    rng = w.rng
    case = notice.cases[0]
    party = case.parties[0]
    dash = "—"
    blank_person = rng.pick([dash, dash, ""])
    if party.kind == "individual":
        person_value, inst_value, rep_value = party.display, rng.pick([dash, ""]), rng.pick([dash, ""])
    else:
        person_value, inst_value = blank_person, party.name
        rep_value = rng.pick([_rep_name(rng), dash])
    w.features.add("dash_empty")

    def val(text: str) -> str:
        if not text:
            return w.empty_para()
        return w.text_para(text, "left" if rng.chance(0.5) else None)

    head_label = rng.pick(["被处罚当事人姓名或全称", "被处罚当事人姓名或名称"])
    unit_label = rng.pick(["单  位", "单位", "单 位"]).replace("  ", "\u00a0\u00a0")
    if "\u00a0" in unit_label or " " in unit_label:
        w.features.add("label_spaces")
    rows = [
        w.row(w.cell(_label(w, "行政处罚决定书文号", True, False), 295, colspan=3)
              + w.cell(val(case.decision_no), 295), 30),
        w.row(w.cell(_label(w, head_label, True, False), 98, rowspan=3)
              + w.cell(w.text_para("个人姓名"), 197, colspan=2) + w.cell(val(person_value), 295), 30),
        w.row(w.cell(w.text_para(unit_label, "center"), 47, rowspan=2) + w.cell(w.text_para("名称"), 150)
              + w.cell(val(inst_value), 295), 30),
        w.row(w.cell(w.text_para("法定代表人（主要负责人）姓名"), 150) + w.cell(val(rep_value), 295), 30),
        w.row(w.cell(_label(w, rng.pick(["主要违法违规事实（案由）", "主要违法违规事实"]), True, False), 295, colspan=3)
              + w.cell(val(case.facts), 295), 60),
        w.row(w.cell(_label(w, "行政处罚依据", False, False), 295, colspan=3) + w.cell(val(case.basis), 295), 60),
        w.row(w.cell(_label(w, "行政处罚决定", False, False), 295, colspan=3) + w.cell(val(party.decision), 295), 40),
        w.row(w.cell(_label(w, "作出处罚决定的机关名称", False, False), 295, colspan=3)
              + w.cell(val(case.authority), 295), 30),
        w.row(w.cell(_label(w, "作出处罚决定的日期", False, False), 295, colspan=3)
              + w.cell(w.para(_date_text(w, case.decided_on, rng.chance(0.7))), 295), 30),
    ]
    w.features.add("title_paragraphs")
    title = w.empty_para() + w.text_para(f"{notice.office.short}行政处罚信息公开表", "center")
    title += w.text_para(f"（{party.name if party.kind == 'institution' else case.decision_no}）", "center")
    return title + w.table("".join(rows), grid=False, tbody=False)


def _rep_name(rng: Rng) -> str:
    from localnfra.pools import person_name

    return person_name(rng)


# ---------------------------------------------------------------------------------------- horizontal

_HEADERS = {
    "seq": ["序号", "序号", "序 号"],
    "name": ["当事人名称", "当事人名称", "当事人 名称", "被处罚当事人名称", "当事人姓名/名称"],
    "no": ["行政处罚决定书文号", "行政处罚决定书文号", "处罚决定书文号", "决定书文号"],
    "facts": ["主要违法违规行为", "主要违法违规行为", "主要违法违规事实", "主要违法 违规行为"],
    "basis": ["行政处罚依据", "处罚依据"],
    "decision": ["行政处罚内容", "行政处罚内容", "行政处罚决定", "处罚内容"],
    "authority": ["作出决定机关", "作出决定机关", "作出处罚决定的机关", "作出决定 机关"],
    "date": ["作出决定时间", "作出决定时间", "作出处罚决定的日期"],
}
_WIDTHS = {"seq": 39, "name": 126, "no": 142, "facts": 187, "basis": 150, "decision": 101, "authority": 113,
           "date": 100}


def _horizontal(w: Writer, notice: Notice) -> str:
    rng = w.rng
    cols = notice.columns
    header_cells = []
    split_headers = rng.chance(0.35)
    for key in cols:
        label = rng.pick(_HEADERS[key])
        if " " in label:
            w.features.add("label_spaces")
        if rng.chance(0.3) and key == "seq":
            label = f'<a name="OLE_LINK{rng.between(1, 9)}">{label}</a>'
            w.features.add("ole_anchor")
            anchor = f"<span{w.attrs([('style', 'font-family:仿宋_GB2312;')])}>{label}</span>"
            header_cells.append(w.cell(w.para(anchor, "center"), _WIDTHS[key]))
            continue
        split = split_headers and len(label) >= 4 and key in ("name", "facts", "decision")
        header_cells.append(w.cell(_label(w, label, False, split), _WIDTHS[key]))
    rows = [w.row("".join(header_cells), 30)]
    table_rows = sum(1 if c.shape != "rows" else len(c.parties) for c in notice.cases)
    authority_spans_table = table_rows > 1 and rng.chance(0.4)
    seq = 0
    first_row = True
    for case in notice.cases:
        case_rows = _case_rows(case)
        seq_per_case = len(case_rows) > 1 and rng.chance(0.3)
        for r, (name_text, decision_text, facts_text) in enumerate(case_rows):
            cells = []
            span = len(case_rows)
            for key in cols:
                width = _WIDTHS[key]
                if key == "seq":
                    if seq_per_case:
                        if r == 0:
                            seq += 1
                            cells.append(w.cell(w.text_para(str(seq), "center"), width, rowspan=span))
                    else:
                        seq += 1
                        cells.append(w.cell(w.text_para(str(seq), "center"), width))
                elif key == "name":
                    cells.append(w.cell(w.text_para(name_text, "center"), width))
                elif key == "decision":
                    cells.append(w.cell(_value(w, decision_text), width))
                elif key == "facts" and facts_text is not None:
                    own = case if facts_text == case.facts else None
                    cells.append(w.cell(_facts_paras(w, facts_text, own), width, valign="top"))
                elif key == "authority" and authority_spans_table:
                    if first_row:
                        cells.append(w.cell(w.text_para(case.authority, "center"), width, rowspan=table_rows))
                elif r == 0:
                    text = {"no": case.decision_no, "facts": case.facts, "basis": case.basis,
                            "authority": case.authority, "date": _cn_date(case.decided_on)}[key]
                    if key == "basis" and text == "—":
                        w.features.add("dash_empty")
                    cells.append(w.cell(_value(w, text, "center"), width, rowspan=span))
            rows.append(w.row("".join(cells), 40))
            first_row = False
    table = w.table("".join(rows), grid=rng.chance(0.7), tbody=rng.chance(0.5))
    if rng.chance(0.3):
        w.features.add("div_center")
        table = f"<div{w.attrs([('align', 'center')])}>{table}</div>"
    return table + w.empty_para()


def _case_rows(case: Case) -> list[tuple[str, str, str | None]]:
    """(name cell, decision cell, own facts or None when the facts cell is shared) per table row."""
    if case.shape == "cell":
        assert case.cell is not None and case.cell_name is not None
        return [(case.cell_name, case.cell.text, case.facts)]
    if case.shape == "rows":
        own_facts = any(p.facts for p in case.parties)
        return [(p.display, p.decision, (p.facts or case.facts) if own_facts else None) for p in case.parties]
    p = case.parties[0]
    return [(p.display, p.decision, None)]


# -------------------------------------------------------------------------------------------- prose


def _addressee(p: Party) -> str:
    return p.name


def _text(w: Writer, notice: Notice) -> str:
    rng = w.rng
    case = notice.cases[0]
    party = case.parties[0]
    you = "你" if party.kind == "individual" else rng.pick(["你单位", "你公司" if "银行" not in party.name else "你行"])
    paras: list[str] = []
    if notice.variant == "text_decision":
        paras.append(w.text_para(f"{notice.office.full}行政处罚决定书", "center", bold=True))
        paras.append(w.text_para(case.decision_no, "center"))
        if party.kind == "institution":
            paras.append(w.text_para(f"当事人：{party.name}"))
            paras.append(w.text_para(f"主要负责人：{_rep_name(rng)}"))
        else:
            paras.append(w.text_para(f"当事人：{party.display}"))
        paras.append(w.text_para(f"经查，当事人存在以下违法违规行为：{case.facts.rstrip('。')}。"))
        basis = case.person_basis if party.kind == "individual" else case.basis
        paras.append(w.text_para(f"根据{basis}，本局决定对当事人作出如下行政处罚：{party.decision}。"))
        paras.append(w.text_para("当事人应自收到本决定书之日起15日内缴纳罚款。如不服本行政处罚决定，可在收到本决定书之日起"
                                 "60日内向国家金融监督管理总局申请行政复议，也可在收到本决定书之日起6个月内向有管辖权的人民法院提起行政诉讼。"))
    elif notice.variant == "text_service":
        paras.append(w.text_para(f"{notice.office.full}行政处罚决定书送达公告", "center", bold=True))
        paras.append(w.text_para(f"{_addressee(party)}："))
        paras.append(w.text_para(
            f"因其他方式无法送达，根据《中华人民共和国行政处罚法》第六十一条的规定，现依法向{you}公告送达《行政处罚决定书》"
            f"（{case.decision_no}）。经查，{you}{case.facts.rstrip('。')}。本局决定：对{you}{party.decision}。"))
        paras.append(w.text_para("自本公告发布之日起经过30日，即视为送达。请于公告期满之日起15日内缴纳罚款。"))
    else:  # text_reminder
        paras.append(w.text_para(f"{notice.office.full}行政处罚决定履行催告书", "center", bold=True))
        paras.append(w.text_para(f"{_addressee(party)}："))
        paras.append(w.text_para(
            f"本局于{_cn_date(case.decided_on)}作出《行政处罚决定书》（{case.decision_no}），决定对{you}{party.decision}。"
            f"{you}至今未履行上述行政处罚决定。根据《中华人民共和国行政强制法》第三十五条的规定，现依法催告{you}"
            "自收到本催告书之日起10日内履行上述义务。逾期仍未履行的，本局将依法申请人民法院强制执行。"))
    paras.append(w.empty_para())
    paras.append(w.signature(case.authority))
    if notice.variant != "text_service":
        paras.append(w.signature(_cn_date(case.decided_on if notice.variant == "text_decision"
                                          else notice.published.date())))
    else:
        paras.append(w.signature(_cn_date(notice.published.date())))
    return "".join(paras)


_RENDERERS = {
    "vertical7": _vertical7, "vertical7_multi": _vertical7, "vertical9": _vertical9, "horizontal": _horizontal,
    "text_decision": _text, "text_service": _text, "text_reminder": _text,
}


def render_parts(seed: int, notice: Notice) -> tuple[str, str, str]:
    """(preamble, body, closing tags) of a notice's docClob; sets notice.features to the noise it has.

    The preamble and closing are shared strings (a few variants), so caches hold only the body.
    """
    rng = Rng(seed, notice.key, STREAM_RENDER)
    kind = rng.weighted([("raw", 55), ("inner", 30), ("none", 15)])
    if notice.variant == "vertical9" and kind == "none":
        kind = "raw"
    w = Writer(rng, quoted=kind != "raw", wps_fonts=rng.chance(0.3))
    body = _RENDERERS[notice.variant](w, notice)
    head, tail = preamble(kind, rng.between(0, 8), 100 + 97 * rng.between(0, 7))
    w.features.add({"raw": "word_preamble_raw", "inner": "word_preamble_inner", "none": "no_preamble"}[kind])
    notice.features = set(w.features)
    return head, body, tail


def render(seed: int, notice: Notice) -> str:
    """The docClob of a notice."""
    return "".join(render_parts(seed, notice))
