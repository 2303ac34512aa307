"""One synthetic notice as a model: its cases, parties and sanctions, before any HTML is written.

`generate(seed, placement, version)` draws the model from (seed, key) alone; `expected(notice)` is
what a parser should extract from the rendered docClob (the ground truth). Rendering lives in
localnfra/render.py and draws its noise from a separate stream, so an edit (a new version) changes
the content but not the Word noise around it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from localnfra import pools
from localnfra.pools import Institution, Office
from localnfra.rng import Rng
from localnfra.sanctions import Named, Sanction, SharedCell, clause, institution_sanction, person_sanction, shared_cell
from localnfra.timeline import ITEM_HQ, Placement

STREAM_CONTENT = 101

VARIANTS = ("vertical7", "vertical7_multi", "vertical9", "horizontal", "text_decision", "text_service",
            "text_reminder")
LAYOUT_OF_VARIANT = {
    "vertical7": "vertical", "vertical7_multi": "vertical", "vertical9": "vertical", "horizontal": "horizontal",
    "text_decision": "text", "text_service": "text", "text_reminder": "text",
}


@dataclass
class Party:
    name: str
    kind: str  # institution | individual
    role: str | None
    institution: str | None  # for a person: the institution named in the role
    display: str  # the text of a name cell: 陈首伟（时任…副总经理）
    sanction: Sanction
    facts: str | None = None  # the party's own facts when they differ from the case's
    decision: str = ""  # the verbatim text that states its sanction
    tags: set[str] = field(default_factory=set)


@dataclass
class Case:
    """One decision (one 文号): an institution and/or people, the facts and the sanctions."""

    decision_no: str
    facts: str
    facts_tags: list[str]
    basis: str
    authority: str
    decided_on: date
    parties: list[Party]
    shape: str  # single | rows (one table row per party) | cell (all parties in one decision cell)
    cell_name: str | None = None  # the name cell of a shared row: XX银行及相关责任人
    cell: SharedCell | None = None
    cell_style: str = "sentences"
    person_basis: str | None = None
    facts_split: bool = False  # set by the renderer when numbered facts went one per paragraph


@dataclass
class Notice:
    key: int
    doc_id: int
    published: datetime
    items: tuple[int, ...]
    level: str
    era: str
    office: Office
    variant: str
    cases: list[Case]
    title: str  # docSubtitle: one line
    doc_title: str  # docTitle: may differ (newlines, spaces, no 文号)
    columns: list[str] = field(default_factory=list)  # horizontal tables: keys of the columns
    version: int = 0
    features: set[str] = field(default_factory=set)
    drift: str | None = None  # served in a layout no parser knows (localnfra/drift.py), or None

    @property
    def layout(self) -> str:
        return "unknown" if self.drift else LAYOUT_OF_VARIANT[self.variant]

    @property
    def parties(self) -> list[Party]:
        return [p for c in self.cases for p in c.parties]

    @property
    def document_no(self) -> str | None:
        """The documentNo field: the 文号 for headquarters notices, as on the real 总局 pages."""
        return self.cases[0].decision_no if self.items == (ITEM_HQ,) else None

    @property
    def issuer(self) -> str:
        return self.office.short


# ------------------------------------------------------------------------------------------- drawing


def _variant(rng: Rng, office: Office, era: str) -> str:
    if office.level == "headquarters":
        if era == "nfra":
            table = [("vertical7", 55), ("vertical7_multi", 25), ("horizontal", 20)]
        elif era == "cbirc":
            table = [("vertical9", 50), ("vertical7", 35), ("vertical7_multi", 15)]
        elif office.regulator == "insurance":
            table = [("text_decision", 80), ("vertical9", 20)]
        else:
            table = [("vertical9", 90), ("text_decision", 10)]
    elif era == "cbrc":
        if office.regulator == "insurance":
            table = [("text_decision", 65), ("vertical9", 20), ("horizontal", 15)]
        else:
            table = [("vertical9", 72), ("text_decision", 8), ("horizontal", 12), ("vertical7", 8)]
    elif era == "cbirc":
        table = [("vertical9", 40), ("vertical7", 12), ("vertical7_multi", 6), ("horizontal", 32),
                 ("text_decision", 4), ("text_service", 4), ("text_reminder", 2)]
    else:
        table = [("horizontal", 60), ("vertical7", 10), ("vertical7_multi", 8), ("vertical9", 4),
                 ("text_decision", 6), ("text_service", 7), ("text_reminder", 5)]
    return rng.weighted(table)


def _facts(rng: Rng, sector: str) -> tuple[str, list[str]]:
    pool = pools.load("violations")["facts"][sector]
    chosen = rng.some(pool, rng.weighted([(1, 45), (2, 35), (3, 20)]))
    tags = [tag for tag, _ in chosen]
    phrases = [text for _, text in chosen]
    if len(phrases) > 1 and rng.chance(0.12):
        numerals = "一二三四五"
        return "".join(f"{numerals[k]}、{p}" for k, p in enumerate(phrases)), tags
    sep = rng.pick(["；", "；", "、", "，"])
    text = sep.join(phrases)
    if rng.chance(0.15):
        text += rng.pick(["等", "。", "等违法违规行为"])
    return text, tags


def _decision_no(office: Office, year: int, n: int, rng: Rng) -> str:
    if rng.chance(0.04):
        return f"{office.prefix}[{year}]{n}号"
    return f"{office.prefix}〔{year}〕{n}号"


def _person(rng: Rng, inst: Institution, sector: str) -> Party:
    name = pools.person_name(rng)
    post = rng.pick(pools.load("violations")["posts"][sector])
    named = inst.name if rng.chance(0.7) else inst.short
    role = f"时任{named}{post}" if rng.chance(0.9) else f"{named}{post}"
    opening, closing = rng.weighted([(("（", "）"), 85), (("(", ")"), 10), (("〔", "〕"), 5)])
    return Party(name, "individual", role, named, f"{name}{opening}{role}{closing}", person_sanction(rng, sector))


def _bare_person(rng: Rng, sector: str) -> Party:
    name = pools.person_name(rng)
    return Party(name, "individual", None, None, name, person_sanction(rng, sector))


def _institution(inst: Institution, rng: Rng, level: str) -> Party:
    return Party(inst.name, "institution", None, None, inst.name, institution_sanction(rng, inst.sector, level))


def _group_people(rng: Rng, people: list[Party]) -> None:
    """Make some groups of people share one sanction, written 共计 (joint) or 分别 (each)."""
    if len(people) < 2:
        return
    roll = rng.random()
    if roll < 0.3:
        total = rng.between(2, 12) * 10_000 if rng.chance(0.7) else rng.between(11, 99) * 1000
        style = "wan" if total % 10_000 == 0 else rng.pick(["wan_decimal", "yuan"])
        for p in people:
            p.sanction = Sanction(warning=True, fine_yuan=total, fine_note="joint", fine_style=style,
                                  sector=p.sanction.sector)
    elif roll < 0.45:
        fine = rng.pick([None, rng.between(1, 10) * 10_000])
        for p in people:
            p.sanction = Sanction(warning=True, fine_yuan=fine, fine_note="each" if fine else None,
                                  fine_style="wan", sector=p.sanction.sector)


def _case(rng: Rng, notice_office: Office, year: int, shape: str, subjects: str, n: int,
          decided_on: date, authority: str) -> Case:
    inst = pools.pick_institution(rng, notice_office, year)
    sector = inst.sector
    facts, facts_tags = _facts(rng, sector)
    laws = pools.load("violations")["basis"]
    basis = rng.pick(laws[sector])
    person_basis = rng.pick(laws.get(f"{sector}_person", laws["bank_person"]))
    parties: list[Party] = []
    if subjects == "institution":
        parties.append(_institution(inst, rng, notice_office.level))
    elif subjects == "person":
        parties.append(_person(rng, inst, sector))
    else:
        parties.append(_institution(inst, rng, notice_office.level))
        k = rng.weighted([(1, 40), (2, 30), (3, 20), (4, 10)])
        if shape == "cell":
            people = [_bare_person(rng, sector) for _ in range(k)]
            for person in people:  # named with the institution: "XX银行及相关责任人"
                person.institution = inst.name
            _group_people(rng, people)
        else:
            people = [_person(rng, inst, sector) for _ in range(k)]
        parties.extend(people)
    names = [p.name for p in parties]
    if len(set(names)) != len(names):  # two people drawn with one name: keep the first
        seen: set[str] = set()
        parties = [p for p in parties if not (p.name in seen or seen.add(p.name))]
    decision_no = _decision_no(notice_office, decided_on.year, n, rng)
    case = Case(decision_no, facts, facts_tags, basis, authority, decided_on, parties, shape,
                person_basis=person_basis)
    if shape == "rows" and len(parties) > 1 and rng.chance(0.5):
        for p in parties[1:]:
            p.facts = rng.pick([f"对{inst.name}{facts.rstrip('。')}负有责任", "对上述违法违规行为负有责任",
                                f"对{inst.short}{facts.rstrip('。')}负有直接责任"])
            if facts.startswith("一、"):
                p.facts = "对上述违法违规行为负有责任"
    if shape == "cell":
        case.cell_name = inst.name + rng.pick(["及相关责任人", "及相关责任人员", "及其责任人员"])
        case.cell_style = rng.weighted([("sentences", 55), ("semicolon", 25), ("comma", 20)])
        inst_party = parties[0]
        if rng.chance(0.15):
            inst_party.sanction.form = "branch_split"
            s = inst_party.sanction
            own = max(5, (s.fine_yuan or 200_000) // 10_000)
            branch = rng.between(5, 90)
            s.fine_yuan, s.branch_fine_yuan, s.fine_style = (own + branch) * 10_000, branch * 10_000, "wan"
            s.confiscated_fen, s.measures = None, []
    return case


def _compose(rng: Rng, case: Case, variant: str) -> None:
    """Write each party's decision text from its sanction."""
    if case.shape == "cell" or variant == "vertical7_multi":
        inst = case.parties[0]
        ref = inst.name
        roll = rng.random()
        if roll < 0.15:
            ref = "机构"
        elif roll < 0.25:
            ref = "该行" if "银行" in inst.name else "该公司"
        named = [Named(ref if p is inst and p.kind == "institution" else p.name, p.sanction, p.kind)
                 for p in case.parties]
        style = "sentences" if variant == "vertical7_multi" else case.cell_style
        cell = shared_cell(rng, named, style)
        case.cell = cell
        for p, decision in zip(case.parties, cell.decisions, strict=True):
            p.decision = decision
            p.tags = set(cell.tags)
        return
    for p in case.parties:
        c = clause(p.sanction, rng)
        text = c.text
        p.tags = set(c.tags)
        if variant.startswith("text"):
            p.decision = text
            continue
        if p.kind == "institution" and rng.chance(0.12):
            text = f"对{rng.pick(['机构', '该公司' if '银行' not in p.name else '该行'])}{text}"
            if text.startswith("对机构"):
                p.tags.add("fine_range_per_unit")
        if rng.chance(0.2):
            text += "。"
        p.decision = text


def _plain_for_prose(s: Sanction, variant: str) -> None:
    """A letter to one party states its own sanction plainly; a 催告书 is always about an unpaid fine."""
    if s.form in ("heji_breakdown", "branch_split", "forfeiture"):
        s.form, s.branch_fine_yuan = "plain", None
    if variant == "text_reminder" and s.fine_yuan is None:
        s.fine_yuan, s.fine_style = 50_000, "wan"
        s.ban_years, s.ban_lifetime = None, False
        s.measures = [m for m in s.measures if m["kind"] != "revoke-license"]


def _apply_edit(rng: Rng, cases: list[Case], version: int) -> None:
    """An upstream correction: the first fined party's fine changes (or a fine is added)."""
    for case in cases:
        for p in case.parties:
            s = p.sanction
            if s.fine_yuan is not None and s.form not in ("heji_breakdown", "branch_split", "forfeiture") \
                    and not s.fine_note:
                s.fine_yuan += version * 10_000
                s.fine_style = "wan" if s.fine_yuan % 10_000 == 0 else "wan_decimal"
                return
    p = cases[0].parties[0]
    p.sanction = copy.copy(p.sanction)
    p.sanction.fine_yuan, p.sanction.fine_style, p.sanction.fine_note = version * 10_000, "wan", None
    p.sanction.form = "plain"
    p.sanction.branch_fine_yuan = None


def _numbers_text(cases: list[Case], rng: Rng) -> str:
    first, last = cases[0].decision_no, cases[-1].decision_no
    if len(cases) == 1:
        return first
    head, _, tail = last.rpartition("〕")
    if not head:
        return first
    n_first = first.rpartition("〕")[2].rstrip("号")
    n_last = tail.rstrip("号")
    style = rng.pick(["range", "range_hao", "list"])
    if style == "range":
        return f"{first.rstrip('号')}-{n_last}号"
    if style == "range_hao":
        return f"{first}-{n_last}号"
    numbers = [c.decision_no.rpartition("〕")[2].rstrip("号") for c in cases]
    return first.rpartition("〕")[0] + "〕" + "、".join(numbers) + "号" if n_first else first


def _titles(rng: Rng, office: Office, era: str, variant: str, cases: list[Case]) -> tuple[str, str]:
    if variant == "text_service":
        title = f"{office.full}行政处罚决定书送达公告"
        return title, title
    if variant == "text_reminder":
        title = f"{office.full}行政处罚决定履行催告书"
        return title, title
    if variant == "text_decision":
        title = f"{office.full}行政处罚决定书（{cases[0].decision_no}）"
        return title, title
    kind = rng.pick(pools.load("violations")["titles"][era])
    name = office.full if (era == "nfra" and rng.chance(0.7)) or office.level == "headquarters" else office.short
    base = f"{name}{kind}"
    numbers = _numbers_text(cases, rng)
    roll = rng.random()
    if era == "cbirc" and roll < 0.25:
        title = f"《{base}》-（{numbers}）"
        return title, title
    if roll < 0.45:
        title = f"{base}（{numbers}）"
    elif roll < 0.55:
        title = f"{base} {numbers}"
    else:
        title = base
    doc_title = title
    roll = rng.random()
    if roll < 0.08 and "（" in title:
        doc_title = title.replace("（", "\n（", 1)
    elif roll < 0.12 and "（" in title:
        doc_title = title.split("（")[0]
    elif roll < 0.15:  # as pasted from Word: runs of spaces, a line break in docTitle
        pad = " " * rng.between(8, 30)
        cut = title.find("公", len(name))
        doc_title = f"{name}{pad}\n   {title[len(name):]}"
        title = title[:cut] + pad + title[cut:]
    return title, doc_title


def generate(seed: int, placement: Placement, version: int = 0) -> Notice:
    rng = Rng(seed, placement.key, STREAM_CONTENT)
    era = placement.era
    year = placement.published.year
    office = pools.pick_office(rng, placement.level, era)
    variant = _variant(rng, office, era)
    if office.level == "headquarters":
        authority = rng.pick([office.full, office.short])
    else:
        authority = rng.pick([office.short, office.short, office.full])
    decided_on = placement.published.date() - timedelta(days=rng.between(3, 45))
    n0 = 1 + decided_on.timetuple().tm_yday * rng.between(40, 160) // 366

    if variant == "horizontal":
        count = 1 if office.level == "headquarters" else rng.weighted([(1, 30), (2, 30), (3, 20), (4, 10), (6, 10)])
        plans = [rng.weighted([(("single", "institution"), 50), (("single", "person"), 14),
                               (("rows", "institution+people"), 20), (("cell", "institution+people"), 16)])
                 for _ in range(count)]
    elif variant == "vertical7_multi":
        plans = [("cell", "institution+people")]
    elif variant in ("vertical7", "vertical9"):
        plans = [("single", rng.weighted([("institution", 70), ("person", 30)]))]
    else:
        plans = [("single", rng.weighted([("institution", 65), ("person", 35)]))]
    cases = [_case(rng, office, year, shape, subjects, n0 + k, decided_on, authority)
             for k, (shape, subjects) in enumerate(plans)]
    first = cases[0].parties[0]
    if first.kind == "individual" and variant.startswith("text") and (variant != "text_decision" or rng.chance(0.5)):
        first.role, first.institution, first.display = None, None, first.name  # prose addresses the person alone
    if variant.startswith("text"):
        _plain_for_prose(first.sanction, variant)
    if version:
        _apply_edit(Rng(seed, placement.key, STREAM_CONTENT, version), cases, version)
    columns: list[str] = []
    if variant == "horizontal":
        columns = ["seq", "name"]
        if rng.chance(0.55):
            columns.append("no")
        columns.append("facts")
        if rng.chance(0.2):
            columns.append("basis")
        columns += ["decision", "authority"]
        if rng.chance(0.15):
            columns.append("date")
    compose_rng = Rng(seed, placement.key, STREAM_CONTENT + 1)
    for case in cases:
        _compose(compose_rng, case, variant)
    if variant == "horizontal" and "basis" in columns:
        for case in cases:
            if rng.chance(0.25):
                case.basis = "—"
    title, doc_title = _titles(rng, office, era, variant, cases)
    return Notice(placement.key, placement.doc_id, placement.published, placement.items, placement.level, era,
                  office, variant, cases, title, doc_title, columns, version)


# -------------------------------------------------------------------------------------- ground truth


def _visible(notice: Notice) -> set[str]:
    """Which case-level fields the docClob shows, hence what a parser can be expected to find."""
    v = notice.variant
    if v in ("vertical7", "vertical7_multi", "vertical9", "text_decision"):
        return {"no", "basis", "date", "authority", "facts"}
    if v == "text_service":
        return {"no", "authority", "facts"}
    if v == "text_reminder":
        return {"no", "date", "authority"}
    return set(notice.columns)


CONVENTIONS = [
    "one entry per sanctioned party, in reading order; a legal representative (法定代表人) is not a party",
    "party_name is a person's name alone; the text inside the brackets after it goes to party_role and the "
    "institution that text names to institution; people listed as an institution's 相关责任人 (a shared "
    "cell) get that institution; null for people named without one; for an institution, its own name",
    "decision is the party's own decision cell, or, in a cell shared by several parties, the sentence that "
    "names the party (without the final 。/；/，); for prose notices, the sanction clause",
    "fine_yuan is in yuan; an institution's figure includes its unnamed branches (合计…其中…分支机构, "
    "对分支机构罚款); one sum fined 共计/合计 to several people is each one's fine_yuan with fine_note "
    "\"joint\"; 分别 gives fine_note \"each\"",
    "confiscated_yuan is rounded half up to whole yuan (4127.74元 → 4128)",
    "a fine and a confiscation written as one 罚没合计 sum give forfeiture_yuan (rounded the same way), "
    "fine_yuan and confiscated_yuan null",
    "measures lists the other sanctions: disqualify (years), suspend-business (months), revoke-license, rectify",
    "numbered facts written one per paragraph (一、… / 二、…) are joined with a newline; otherwise texts are "
    "as shown, without surrounding whitespace",
    "fields the docClob does not show (no 文号 column, no date row, 依据 written —) are null; decided_on is "
    "never the publication date",
]


def expected(notice: Notice) -> dict:
    """What scrapers.nfra.parse.parse_docclob should produce for this notice (JSON-ready), following
    CONVENTIONS."""
    shown = _visible(notice)
    parties = []
    for case in notice.cases:
        for p in case.parties:
            s = p.sanction
            basis = None
            if "basis" in shown and case.basis != "—":
                prose_person = p.kind == "individual" and notice.variant == "text_decision"
                basis = case.person_basis if prose_person else case.basis
            facts = None
            if "facts" in shown:
                facts = p.facts or (re.sub(r"(?<=.)(?=[二三四五]、)", "\n", case.facts) if case.facts_split
                                    else case.facts)
                if notice.layout == "text":
                    facts = facts.rstrip("。")
            parties.append({
                "party_name": p.name,
                "party_kind": p.kind,
                "party_role": p.role,
                "institution": p.name if p.kind == "institution" else p.institution,
                "decision_no": case.decision_no if "no" in shown else None,
                "facts": facts,
                "basis": basis,
                "decision": p.decision.rstrip("。；，") if case.shape == "cell" or notice.variant == "vertical7_multi"
                else p.decision,
                "authority": case.authority if "authority" in shown else None,
                "decided_on": case.decided_on.isoformat() if "date" in shown else None,
                "fine_yuan": s.stated_fine_yuan,
                "confiscated_yuan": s.stated_confiscated_yuan,
                "forfeiture_yuan": s.forfeiture_yuan,
                "fine_note": s.fine_note,
                "warning": s.warning,
                "ban_years": s.ban_years,
                "ban_lifetime": s.ban_lifetime,
                "measures": [dict(m) for m in s.measures],
                "facts_tags": list(case.facts_tags),
                "amount_tags": sorted(p.tags),
            })
    for seq, party in enumerate(parties, 1):
        party["seq"] = seq
    if notice.drift:  # the parties are in the notice, but in no form a parser can be expected to read
        parties = []
    drift = {"drift": notice.drift} if notice.drift else {}
    return {
        "synthetic": True,
        "doc_id": notice.doc_id,
        **drift,
        "layout": notice.layout,
        "variant": notice.variant,
        "features": sorted(notice.features),
        "version": notice.version,
        "notice": {
            "title": notice.title,
            "doc_title": notice.doc_title,
            "published_at": notice.published.strftime("%Y-%m-%d %H:%M:%S"),
            "issuer": notice.issuer,
            "doc_source": notice.office.source,
            "level": notice.level,
            "era": notice.era,
            "item_ids": list(notice.items),
            "document_no": notice.document_no,
        },
        "parties": parties,
    }
