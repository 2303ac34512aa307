"""Notices without a penalty table (决定书, 送达公告, 催告书): read what the prose states.

Two shapes are read: 'label：value' lines (a table typed as paragraphs: 当事人名称：… 行政处罚内容：…), and
the letters themselves — a 决定书 ('当事人：X' … '经查，…' … '根据《…》，本局决定对当事人作出如下行政处罚：
警告，并罚款128000元。' … office, date), a 送达公告 addressed to the party ('X：' … '本局决定：对你单位罚款
人民币65万元。') or a 催告书 ('本局于2025年6月8日作出《行政处罚决定书》（…号），决定对你罚款1万元。').
"""

from __future__ import annotations

import re

from scrapers.nfra import names
from scrapers.nfra.labels import field_of
from scrapers.nfra.letter import ADDRESSEE, DECIDED, items_out_of_order, read_letter
from scrapers.nfra.letterparties import post_after_that_institution
from scrapers.nfra.records import Record, blank
from scrapers.nfra.textnorm import paragraphs
from scrapers.nfra.titleparty import has_sanction, heading_parties, title_parties

_LABEL_LINE = re.compile(r"^\s*(?P<label>[^：:，。]{1,24})[：:]\s*(?P<value>.*)$")
_SALUTATION = re.compile(r"^(?P<party>[^，。；：:]{2,80})[：:]$")
_DECISION_NO = re.compile(r"[\u4e00-\u9fff]{1,16}[〔﹝\[【(（]\s*\d{4}\s*[〕﹞\]】)）]\s*第?\s*\d+\s*号")
_SANCTION = re.compile(r"罚款|警告|禁止|取消[^。]*任职资格|吊销|没收|责令|停止接受|罚没")
_FACTS = re.compile(
    r"经查[，,：:]?(?:当事人存在(?:以下|如下)违法违规(?:行为|事实)[：:]|(?:你单位|你公司|你行|你|当事人))?(?P<facts>[^。]+)"
)
_BASIS = re.compile(r"(?:根据|依据|依照)(?P<basis>《[^。]*?)(?:的规定)?[，,](?:本局|我局|本分局|我分局)?(?:决定|拟)")
_DECIDED_ON = re.compile(r"于(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:依法)?作出")
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$"
)
_AUTHORITY = re.compile(
    r"^[\u4e00-\u9fff]{0,30}(?:监管局|监管分局|监督管理总局|金融监管总局|银保监局|银保监分局|银监局|银监分局|保监局"
    r"|保监分局|银保监会|银监会|保监会|监督管理委员会)$"
)


def _labelled(lines: list[str]) -> Record | None:
    """'当事人名称：…' / '行政处罚内容：…' lines: a table typed as paragraphs."""
    record = Record()
    fields = set()
    current = None
    for line in lines:
        match = _LABEL_LINE.match(line)
        field = field_of(match.group("label")) if match else None
        if field and field != "seq":
            current = field
            fields.add(field)
            record.set(field, blank(match.group("value")))
        elif current in ("facts", "decision", "basis"):
            record.set(current, line)  # a long value continues on the next paragraph
    return record if {"party", "decision"} <= fields else None


def _decision_sentence(text: str) -> str | None:
    """The sanction the letter states, without its addressee (对你单位罚款… → 罚款…)."""
    for sentence in re.findall(r"[^。；\n]+[。；]?", text):
        sanction = _SANCTION.search(sentence)
        if not sanction:
            continue
        # The last 'decided' phrase before the sanction: 本局决定对当事人作出如下行政处罚：罚款… → 罚款…
        decided = [m for m in DECIDED.finditer(sentence, 0, sanction.start() + 1) if m.end() <= sanction.start()]
        if not decided:
            continue
        rest = ADDRESSEE.sub("", sentence[decided[-1].end() :].strip()).lstrip("，,：: ")
        return rest.rstrip("。；").strip() or None
    return None


def _letter(lines: list[str], text: str) -> Record | None:
    record = Record()
    for line in lines[:8]:
        label = _LABEL_LINE.match(line)
        if label and field_of(label.group("label")) == "party":
            record.party = label.group("value").strip()
            break
        match = _SALUTATION.match(line)
        if match and not _AUTHORITY.match(match.group("party")):
            record.party = match.group("party").strip()
            break
    decision = _decision_sentence(text)
    if not decision:
        return None
    record.decision = decision
    number = _DECISION_NO.search(text)
    if number:
        record.decision_no = number.group(0)
    facts = _FACTS.search(text)
    if facts:
        record.facts = facts.group("facts").strip()
    basis = _BASIS.search(text)
    if basis:
        record.basis = basis.group("basis").strip()
    for line in reversed(lines[-6:]):
        if _AUTHORITY.match(line):
            record.authority = line
            break
    record.decided_on = _decision_date(lines, text)
    return record


def _decision_date(lines: list[str], text: str) -> str:
    """The date the decision was made: stated ('于2025年6月8日作出《行政处罚决定书》'), or the date under a
    决定书 itself. A 送达公告's or 催告书's own date is not the decision's."""
    stated = _DECIDED_ON.search(text)
    if stated:
        return stated.group("date")
    head = "".join(lines[:2])
    if "决定书" in head and not re.search(r"送达|催告|公告", head):
        for line in reversed(lines[-4:]):
            if _DATE_LINE.match(line):
                return line.strip()
    return ""


def read_text(text: str, title: str | None = None) -> tuple[list[Record], list[str]]:
    """The records a paragraph-only notice states (none when it states no decision), and remarks for
    parse_error (a party read from the title only)."""
    lines = paragraphs(text)
    if not lines:
        return [], []
    record = _labelled(lines) or read_letter(lines, title) or _letter(lines, "\n".join(lines))
    if record is not None:
        gap = items_out_of_order(lines)
        return [record], [gap] if gap else []
    party = title_parties(title)
    where = "the title"
    if party is None:
        party, where = heading_parties(lines), "the heading"
    record = _cells_without_party(lines, party) if party else None
    if record is not None:
        return [record], [f"parties named only in {where}: {party}"]
    return _cells_of_no_one(lines, "\n".join(lines))


# The 公开表 fields typed as one run of text: 主要违法违规事实（案由）：…；行政处罚依据：…；行政处罚决定：….
_FACTS_FIELD = re.compile(r"主要违法违规(?:事实|行为)\s*(?:[（(]案由[）)])?\s*[：:]")
_BASIS_FIELD = re.compile(r"行政处罚依据\s*[：:]")
_DECISION_FIELD = re.compile(r"行政处罚决定\s*[：:]\s*(?P<decision>[^；;\n]+)")
# 陈坤敏作为该行董事长，对…应承担直接责任: the one person whose responsibility the facts state.
_ANSWERS_AS = re.compile(
    r"(?:^|[。；;，,：:])(?P<name>[\u4e00-\u9fff·]{2,5})作为(?P<role>[^，。；;]{2,40}?)[，,][^。；;]{0,60}?(?:承担|负有)[^。；;]{0,8}责任"
)
_PERSONAL = re.compile(r"任职资格|禁止|从事银行业工作")  # only a person can be given these


def _cells_of_no_one(lines: list[str], text: str) -> tuple[list[Record], list[str]]:
    """A 公开表 republished as its 案由 / 依据 / 决定 cells, its 当事人 cells lost and no party in the title or
    heading (cc-0376, cc-0415: '行政处罚决定：警告并罚款五万元整'). A decision on a person whose responsibility
    the facts state by name (陈坤敏作为该行董事长，…应承担直接责任; cc-0416) is that person's, read as partial;
    otherwise no party is known, and the remark says so instead of 'no decision found'."""
    opening = _FACTS_FIELD.search(text)
    decision = _DECISION_FIELD.search(text)
    if opening is None or decision is None or not has_sanction(decision.group("decision")):
        return [], []
    sanction = decision.group("decision").strip().rstrip("。")
    basis = _BASIS_FIELD.search(text, opening.end())
    facts = text[opening.end() : basis.start() if basis else decision.start()].strip(" \n；;")
    people = {(m.group("name"), m.group("role")) for m in _ANSWERS_AS.finditer(facts)
              if names.is_person_name(m.group("name"))}
    if len(people) == 1 and _PERSONAL.search(sanction):
        ((name, role),) = people
        # 该行董事长: the post; the bank is the one the facts open with (assemble)
        role = post_after_that_institution(role) or role
        return [Record(party=name, role=role, facts=facts, decision=sanction)], [
            f"party named only in the facts: {name}"]
    return [], [f"公开表 cells with no 当事人: the decision ({sanction[:30]}) names no party, nor do the title "
                "and the heading"]


def _cells_without_party(lines: list[str], party: str) -> Record | None:
    """The 案由 / 依据 / 决定 cells of a 公开表 whose parties are in the title (labelled or not)."""
    record = Record(party=party)
    for line in lines:
        match = _LABEL_LINE.match(line)
        field = field_of(match.group("label")) if match else None
        value = match.group("value").strip() if field else line
        if field in ("facts", "basis", "decision", "decision_no", "authority", "decided_on"):
            record.set(field, blank(value))
        elif field is None and value.startswith("《") and not record.basis:
            record.basis = value
        elif field is None and has_sanction(value) and not record.decision:
            record.decision = value
        elif field is None and not record.facts:
            record.facts = value
    return record if record.decision else None
