"""Sanctions and the decision texts that state them.

A `Sanction` is the truth about one party (what a parser should extract); the functions here write it
the ways real notices do, in one party's own cell ("警告并罚款14万元") or in a cell shared by several
parties ("对XX银行罚款30万元。对张某警告。对李某禁止从事银行业工作5年。"). Every text records the
pattern tags of the curated real examples it exercises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from localnfra.amounts import (
    FINE_STYLE_WEIGHTS,
    STYLES,
    choose_style,
    round_fen,
    write_fen,
    write_wan_fen,
    write_yuan,
)
from localnfra.rng import Rng

# Every pattern tag a decision text can exercise: the curated real examples' tags and a few more.
AMOUNT_TAGS = (
    "plain_wan", "plain_wan_decimal", "wan_no_yuan", "renminbi", "yuan_not_wan", "comma_thousands",
    "chinese_numeral", "plain_fine", "warning_only", "warning_and_fine", "warning_comma_fine", "chu_X_fakuan",
    "heji_gongji", "heji_breakdown", "multi_party_semicolon", "multi_party_sentences", "per_person_fenbie",
    "confiscation", "zeling_gaizheng", "ban_years", "ban_lifetime", "disqualify_tenure", "business_suspension",
    "license_revocation", "branch_split", "fine_range_per_unit", "forfeiture",
)

# 罚没合计 wordings of the real rows (罚没合计235854元, 罚没款合计611.86951万元, 罚没共计…, 罚没25.186642万元).
FORFEITURE_WORDS = ("罚没合计", "罚没款合计", "罚没共计", "罚没合计", "罚没")  # 罚没合计 twice: the commonest


@dataclass
class Sanction:
    warning: bool = False
    fine_yuan: int | None = None  # everything the text fines this party (branches' share included)
    fine_note: str | None = None  # joint (共计 over several people) | each (分别)
    confiscated_fen: int | None = None
    ban_years: int | None = None
    ban_lifetime: bool = False
    measures: list[dict] = field(default_factory=list)  # {"kind", "text", "years", "months"}
    # How the text is written: chosen when the sanction is drawn, so an edit keeps the wording.
    form: str = "plain"
    fine_style: str = "wan"
    branch_fine_yuan: int | None = None  # heji_breakdown / branch_split: the branches' part of fine_yuan
    sector: str = "bank"

    @property
    def confiscated_yuan(self) -> int | None:
        return None if self.confiscated_fen is None else round_fen(self.confiscated_fen)

    @property
    def forfeiture_fen(self) -> int | None:
        """Form 'forfeiture': the fine and the confiscation written as one 罚没合计 sum."""
        if self.form != "forfeiture" or self.fine_yuan is None or self.confiscated_fen is None:
            return None
        return self.fine_yuan * 100 + self.confiscated_fen

    # What the text states, hence what a parser can find: a 罚没合计 hides the fine and the confiscation.
    @property
    def stated_fine_yuan(self) -> int | None:
        return None if self.forfeiture_fen is not None else self.fine_yuan

    @property
    def stated_confiscated_yuan(self) -> int | None:
        return None if self.forfeiture_fen is not None else self.confiscated_yuan

    @property
    def forfeiture_yuan(self) -> int | None:
        return None if self.forfeiture_fen is None else round_fen(self.forfeiture_fen)



def forfeiture_text(s: Sanction) -> str:
    """罚没合计611.86951万元: wording and unit follow from the amount rather than from a draw, so that a
    forfeiture leaves the random stream, and every other notice of a seed, as it was."""
    fen = s.forfeiture_fen
    assert fen is not None
    amount = write_wan_fen(fen) if fen % 3 == 0 else write_fen(fen, "yuan")
    return FORFEITURE_WORDS[fen % len(FORFEITURE_WORDS)] + amount


@dataclass
class Clause:
    """A decision text and the pattern tags it exercises."""

    text: str
    tags: set[str]


def _fine(s: Sanction, yuan: int | None = None) -> tuple[str, str]:
    amount = s.fine_yuan if yuan is None else yuan
    assert amount is not None
    return write_yuan(amount, s.fine_style), STYLES[s.fine_style]


def _ban_text(s: Sanction, rng: Rng) -> str:
    if s.sector == "insurance":
        if s.ban_lifetime:
            return "终身禁止进入保险业"
        return rng.pick([f"禁止进入保险业{s.ban_years}年", f"{s.ban_years}年内禁止进入保险业"])
    if s.ban_lifetime:
        return rng.pick(["禁止终身从事银行业工作", "禁止从事银行业工作直至终身", "禁止终身从事银行业",
                         "终身禁止从事银行业工作"])
    n = s.ban_years
    return rng.pick([f"禁止从事银行业工作{n}年", f"禁止{n}年从事银行业工作", f"禁止从业{n}年"])


def clause(s: Sanction, rng: Rng) -> Clause:
    """The sanction of one party, without the party's name: 警告并罚款14万元, 罚款60万元人民币, …"""
    tags: set[str] = set()
    parts: list[str] = []
    form = s.form
    if s.fine_yuan is not None and form == "heji_breakdown":
        assert s.branch_fine_yuan is not None
        head = s.fine_yuan - s.branch_fine_yuan
        parts.append(f"合计罚款{write_yuan(s.fine_yuan, s.fine_style)}。其中，总公司{write_yuan(head, s.fine_style)}，"
                     f"分支机构{write_yuan(s.branch_fine_yuan, s.fine_style)}")
        tags |= {"heji_gongji", "heji_breakdown", STYLES[s.fine_style]}
    elif s.forfeiture_fen is not None:
        parts.append(("警告并" if s.warning else "") + forfeiture_text(s))
        tags.add("forfeiture")
    elif s.fine_yuan is not None:
        amount, style_tag = _fine(s)
        tags.add(style_tag)
        if form == "rectify":
            text = f"责令改正，警告，罚款{amount}" if s.warning else rng.pick(
                [f"责令改正，并处罚款{amount}", f"责令改正，处以罚款{amount}", f"责令改正，罚款{amount}"])
            tag = "zeling_gaizheng"
        elif s.warning:
            text, tag = rng.pick([
                (f"警告并罚款{amount}", "warning_and_fine"),
                (f"警告并处罚款{amount}", "warning_and_fine"),
                (f"给予警告并处罚款{amount}", "warning_and_fine"),
                (f"警告，并罚款{amount}", "warning_comma_fine"),
                (f"给予警告，并处{amount}罚款", "warning_comma_fine"),
                (f"予以警告，处{amount}罚款", "chu_X_fakuan"),
            ])
        elif form == "chu":
            text, tag = rng.pick([(f"处以{amount}罚款", "chu_X_fakuan"), (f"处{amount}罚款", "chu_X_fakuan"),
                                  (f"处罚款{amount}", "chu_X_fakuan")])
        else:
            text, tag = f"罚款{amount}", "plain_fine"
        tags.add(tag)
        parts.append(text)
        if s.confiscated_fen is not None:
            conf = "没收违法所得" + write_fen(s.confiscated_fen, "comma" if form == "confiscation_comma" else "yuan")
            if form == "confiscation_comma":
                tags.add("comma_thousands")
            tags.add("confiscation")
            if rng.chance(0.3):
                parts.insert(0, conf)
            else:
                parts.append(conf)
    elif s.warning:
        parts.append(rng.pick(["警告", "给予警告", "予以警告"]))
        tags.add("warning_only")
        if form == "rectify":
            parts.insert(0, "责令改正")
            tags.add("zeling_gaizheng")
    for m in s.measures:
        if m["kind"] == "rectify":
            continue  # written by the form above
        parts.append(m["text"])
        tags.add({"disqualify": "disqualify_tenure", "suspend-business": "business_suspension",
                  "revoke-license": "license_revocation"}[m["kind"]])
    if s.ban_years is not None or s.ban_lifetime:
        parts.append(_ban_text(s, rng))
        tags.add("ban_lifetime" if s.ban_lifetime else "ban_years")
    text = "，".join(parts)
    return Clause(text, tags)


# ------------------------------------------------------------------------------------- drawing sanctions


def institution_sanction(rng: Rng, sector: str, level: str) -> Sanction:
    """What an institution gets. Amounts follow the real ranges: tens of 万 for a branch, hundreds of
    万 for a headquarters case."""
    s = Sanction(sector=sector)
    lo, hi = {"headquarters": (60, 1500), "provincial": (20, 420), "sub-provincial": (5, 150)}[level]
    if sector == "insurance":
        lo, hi = max(1, lo // 4), max(10, hi // 3)
    wan = rng.between(lo, hi)
    if wan > 50:
        wan = wan // 5 * 5
    yuan = wan * 10_000
    roll = rng.random()
    if roll < 0.08 and level != "headquarters":
        yuan = rng.pick([5000, 8000, 10_000, 55_000, 12_500 * 4]) if sector == "insurance" else yuan
    elif roll < 0.2:
        yuan = wan * 10_000 + rng.pick([1000, 2000, 5000, 8000])  # 12.5万元 and the like
    s.fine_yuan = yuan
    s.fine_style = choose_style(rng, yuan, FINE_STYLE_WEIGHTS)
    kind = rng.weighted([("fine", 52), ("warning", 10), ("chu", 8), ("confiscation", 8),
                         ("confiscation_comma", 2), ("rectify", 7), ("suspend", 3), ("revoke", 1.5),
                         ("heji", 3 if level != "sub-provincial" else 1), ("warning_only", 3)])
    if kind == "warning":
        s.warning = True
    elif kind == "chu":
        s.form = "chu"
        s.warning = rng.chance(0.25)
    elif kind in ("confiscation", "confiscation_comma"):
        s.form = kind
        s.confiscated_fen = rng.pick([rng.between(100, 99_999_99), rng.between(1, 50) * 1000_00,
                                      rng.between(100_000, 9_999_999)])
        if kind == "confiscation_comma" and s.confiscated_fen < 1000_00:
            s.confiscated_fen += 1000_00
        if kind == "confiscation" and s.confiscated_fen % 10 == 7:
            # About 1 institution in 120 (the real rows: 1 in 300): fine and confiscation as one 罚没合计.
            # Chosen from the amount, not drawn, so that the random stream of every notice stays as it was.
            s.form = "forfeiture"
    elif kind == "rectify":
        s.form = "rectify"
        s.warning = rng.chance(0.4)
        s.measures.append({"kind": "rectify", "text": "责令改正", "years": None, "months": None})
    elif kind == "suspend":
        months = rng.pick([1, 3, 6, 12])
        scope = rng.pick(["新业务", "车险新业务", "贷款保证保险新业务"]) if sector == "insurance" else "新业务"
        span = {12: rng.pick(["一年", "12个月"]), 1: rng.pick(["一个月", "1个月"])}.get(months, f"{months}个月")
        s.measures.append({"kind": "suspend-business", "text": f"责令停止接受{scope}{span}", "years": None,
                           "months": months})
    elif kind == "revoke":
        s.fine_yuan = None
        s.measures.append({"kind": "revoke-license", "years": None, "months": None,
                           "text": rng.pick(["吊销金融许可证", "吊销业务许可证"]) if sector != "insurance"
                           else "吊销业务许可证"})
    elif kind == "heji":
        s.form = "heji_breakdown"
        wan_total = max(10, wan)
        branch = rng.between(1, wan_total - 1) if wan_total > 2 else 1
        s.fine_yuan, s.branch_fine_yuan = wan_total * 10_000, branch * 10_000
        s.fine_style = "wan"
    elif kind == "warning_only":
        s.fine_yuan = None
        s.warning = True
    return s


def person_sanction(rng: Rng, sector: str) -> Sanction:
    s = Sanction(sector=sector)
    kind = rng.weighted([("warning", 25), ("warning_fine", 42), ("fine", 6), ("ban", 10), ("ban_life", 4),
                         ("disqualify", 6), ("warning_fine_disqualify", 3), ("rectify", 1)])
    if kind in ("warning_fine", "fine", "warning_fine_disqualify", "rectify"):
        s.warning = kind != "fine"
        yuan = rng.pick([rng.between(1, 14) * 10_000, rng.between(1, 9) * 1000, rng.between(11, 99) * 1000])
        s.fine_yuan = yuan
        s.fine_style = choose_style(rng, yuan, FINE_STYLE_WEIGHTS)
        if kind == "rectify":
            s.form = "rectify"
            s.measures.append({"kind": "rectify", "text": "责令改正", "years": None, "months": None})
    elif kind == "warning":
        s.warning = True
    elif kind == "ban":
        s.ban_years = rng.pick([1, 2, 3, 5, 7, 10])
    elif kind == "ban_life":
        s.ban_lifetime = True
    if kind in ("disqualify", "warning_fine_disqualify"):
        years = rng.pick([1, 2, 3, 5])
        what = rng.pick(["高级管理人员", "董事、高级管理人员"])
        text = f"取消{what}任职资格{years}年"
        s.measures.append({"kind": "disqualify", "text": text, "years": years, "months": None})
    return s


# ----------------------------------------------------------------------------- several parties, one cell


@dataclass
class Named:
    """A party as a shared decision cell refers to it."""

    ref: str  # 中国农业银行股份有限公司歙县支行, 机构, 该公司, 张三
    sanction: Sanction
    kind: str  # institution | individual


@dataclass
class SharedCell:
    """A decision cell naming several parties: its sentences, and for each party the sentence that
    concerns it (its verbatim `decision`) and the tags exercised."""

    sentences: list[str]
    separators: list[str]
    decisions: list[str]  # one per party, in the order given
    tags: set[str]

    @property
    def text(self) -> str:
        return "".join(s + sep for s, sep in zip(self.sentences, self.separators, strict=True))


def _same_person_sanction(group: list[Named]) -> bool:
    first = group[0].sanction
    if first.fine_yuan is not None and first.fine_note is None:
        return False  # "对A、B罚款5万元" would not say whether 5万 is each or together
    return all(
        g.sanction.warning == first.warning and g.sanction.fine_yuan == first.fine_yuan
        and g.sanction.ban_years == first.ban_years and g.sanction.ban_lifetime == first.ban_lifetime
        and not g.sanction.measures and g.sanction.fine_note == first.fine_note
        for g in group
    )


def shared_cell(rng: Rng, parties: list[Named], style: str) -> SharedCell:
    """Write several parties' sanctions in one cell.

    style: sentences (。 between parties), semicolon (；), comma (，). People whose sanctions are equal
    are grouped ("对张三、李四给予警告"); a group with fine_note joint is written 共计/合计, with each
    written 分别.
    """
    sep = {"sentences": "。", "semicolon": "；", "comma": "，"}[style]
    tags = {"multi_party_sentences" if style == "sentences" else "multi_party_semicolon"}
    sentences: list[str] = []
    decisions: dict[int, str] = {}
    i = 0
    while i < len(parties):
        p = parties[i]
        group = [p]
        if p.kind == "individual":
            j = i + 1
            while j < len(parties) and parties[j].kind == "individual" and _same_person_sanction([*group, parties[j]]):
                group.append(parties[j])
                j += 1
            if p.sanction.fine_note in ("joint", "each") and len(group) < 2:
                group = [p]
        names = "、".join(g.ref for g in group)
        s = p.sanction
        if len(group) > 1 and s.fine_note == "joint" and s.fine_yuan is not None:
            amount, style_tag = _fine(s)
            word = rng.pick(["共计", "合计"])
            body = f"警告并罚款{word}{amount}" if s.warning else f"罚款{word}{amount}"
            tags |= {"heji_gongji", style_tag}
        elif len(group) > 1 and s.fine_note == "each":
            if s.fine_yuan is not None:
                amount, style_tag = _fine(s)
                body = f"分别给予警告并处罚款{amount}" if s.warning else f"分别处以罚款{amount}"
                tags.add(style_tag)
            else:
                body = "分别给予警告"
            tags.add("per_person_fenbie")
        elif s.form == "branch_split" and s.branch_fine_yuan is not None and s.fine_yuan is not None:
            own_text = write_yuan(s.fine_yuan - s.branch_fine_yuan, s.fine_style)
            lead = f"警告并罚款{own_text}" if s.warning else f"罚款{own_text}"
            body = f"{lead}，对分支机构罚款{write_yuan(s.branch_fine_yuan, s.fine_style)}"
            tags |= {"branch_split", STYLES[s.fine_style]}
        else:
            c = clause(s, rng)
            body = c.text
            tags |= c.tags
        opener = "" if (i == 0 and p.kind == "institution" and rng.chance(0.1)) else "对"
        sentence = f"{opener}{names}{body}"
        if p.ref == "机构":
            tags.add("fine_range_per_unit")
        sentences.append(sentence)
        for g in group:
            decisions[parties.index(g)] = sentence
        i += len(group)
    separators = [sep] * (len(sentences) - 1) + [rng.pick(["。", "。", ""])]
    return SharedCell(sentences, separators, [decisions[k] for k in range(len(parties))], tags)
