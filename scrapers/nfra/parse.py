"""Parse a notice's docClob (Word-exported HTML) into per-party penalty records.

Entry point: parse_docclob(). It never raises: a bug becomes parse_status 'failed' with the exception
named in parse_error, so a crawl stores the notice (its raw JSON is kept) and goes on.
"""

from __future__ import annotations

import re

from models.record import ParsedNotice, Party
from scrapers.nfra.assemble import assemble, split_parties
from scrapers.nfra.grid import table_grid
from scrapers.nfra.htmlclean import strip_word, text_of, tree_of
from scrapers.nfra.layouts import detect, distinct_rows, read_horizontal, read_vertical
from scrapers.nfra.parties import read_party_cell
from scrapers.nfra.records import Record
from scrapers.nfra.sanctions import parse_sanctions
from scrapers.nfra.textbody import read_text
from scrapers.nfra.textnorm import tidy
from scrapers.nfra.titleparty import title_parties

__all__ = ["PARSER_VERSION", "parse_docclob", "parse_records", "parse_sanctions", "split_parties"]

# Bump whenever the output for some input changes: the re-parse command compares it with the stored one.
# 2: bounds on hostile input (absurd amounts, caps on size, parties and fields); 3: forfeiture_yuan;
# 4: a 罚没合计 alone is no longer also listed as an 'other' measure (forfeiture_yuan holds it)
# 5: the ingest guard (scrapers/guard.py): ID numbers and addresses masked, bidi controls removed,
#    notice fields capped, implausible dates dropped
# 6: paragraph decisions give one party per 当事人 block; sanctions go to the party their sentence names;
#    rows repeating one decision store each party once; ok only when the cross-checks pass (crosscheck.py)
# 7: 责令<the party's name>改正 is a rectify measure (the name between the words hid it); 对<company>及<branch
#    named without it>罚款 is two parties with one joint sum (鼎湖支行 was read as the tail of one name)
# 8: a table row repeated verbatim is read once; a row fining only other institutions (the cell's unnamed
#    branches, or branches it does not list) under the 当事人 cell and facts of the row above goes on with that
#    row's decision; 对<role>A，<role>B…分别给予警告 names each person, whose institution is the first role's;
#    取消<role>A，<role>B…任职资格 likewise (cc-0260);
#    a party's clauses from two paragraphs keep the line break between them; a person whose role names no
#    institution (or only 该行) has the one the facts open with; a 公开表 without its 当事人 cells gives the
#    person the facts hold responsible (X作为…，…应承担…责任) a personal sanction, else says why it failed;
#    the CBRC form's 单位 is a party beside its people when the decision sanctions it; …邮政局 is an institution;
#    a law article quoted after its number (第五十五条“…”) orders nothing; 姓名X年龄… is the name X
# 9: violation categories read with the party's institution type (violations.toml's
#    [[category.at_institutions]]: 虚列费用 at a bank is data-reporting, at an insurer insurance)
# 10: a person's group from a role misspelling the notice's listed institution (enrich.py); the institution a
#    person's facts open with also as 对<bank>…支行 before any word, 农商行 short forms, 违法 / 违反 after it
# 11: categories for the seeds 28–29 classes (集团客户管理 is credit, a fee named after a loan is not, an
#    insurer's 档案 is insurance, 审计报告 is no internal audit, 分支机构管理 / 职务便利 internal control, …)
# 12: categories and groups for the seeds 30–33 classes (向监管部门反映 / 权责发生制 data, an insurer's 账外 and
#    客户信息不真实 insurance, an AMC's 投前 credit, 以贷转存 credit and deposits, …; 阳光信保, 安华财险)
# 13: categories for the seeds 34–35 classes (审贷未分离 internal control, 关联方信息不真实 data, 房e贷 / 二手房
#    real estate, 保险销售行为 consumer protection, 代理资格 insurance, 保管客户 internal control, …)
# 14: the misses of the truth sets' second round, each as a class: a violation named with a payment word
#    (客户告知书, 代收账户) still orders its sanction; a decision sentence naming no one is the party it opens with;
#    a 综上 after items addressed to 你 is a restatement; a company and its branch broken over two lines of a cell
#    are one name; a disclosure naming its parties only in its title gives each its decision; a quoted article
#    (第四十八条规定：“…”) is no decision; 责令<institution>改正 names its party; a signature over two lines; a
#    violation's payment word also before its law (独立账户代收保险费); 、对 after a sanction starts the next
#    party's clause (对A罚款50万元、对B罚款30万元). Partial, with the reason, when: an amount naming no one is given
#    by default to a person among several parties; a party's clause goes on to sanction another by name; a
#    stated total is not the sum of the items; the title names a party not read; paragraphs are numbered out of
#    order (an item lost or repeated in the copy). A fine of N times the gains beside other fines; 对…业务 is a
#    matter, not a party; 农行三亚分行 after a company is not its branch (the short form names the bank); a post
#    printed before a name (时任国寿北分副总经理张松山) is the person's role; people listed alone beside the one
#    institution a decision sanctions by name are its people; 做出 is 作出 (a sanction verb, not part of a name);
#    a person's cell with a second bracket (刘思敏（LIU SIMIN）（时任…）, …（主持工作）, one ） too many) is a person;
#    X及相关责任人、Y及相关责任人 and X等13家分支机构 in a cell name X and Y. Partial when an institution's name
#    holds a post, a cell's suffix or a verb (a misread), or a party's decision orders no sanction (a column shifted,
#    a law cited alone); 吊销…资格证书 is an other measure; 个人保险代理人 and …金融部 name no institution
# 15: categories after the drift audit against the original taxonomy (a loan's classification credit too,
#    管理不善 / 案件 internal control, figures and fees of a line that line too, an insurer's policies insurance, …)
# 16: the blind draw's classes: the CBRC form's rows that lost their label cells read in the form's order, a
#    文号 without its serial number is none, a form with empty party cells takes the title's party; a 公开表 cut
#    inside its first cell read as a table (个人 a label, the 文号 glued to the heading); 取消高级管理人员资格 a
#    disqualification; a post in the facts ends before 涉嫌 / 至今, goes on through a 的 the title follows, is the
#    post alone after a company's full name, 该行董事长 → 董事长; a person with no post gets the one the facts
#    state or print before the name, when the cells list one person at most; 联合社 ends an institution's name
# 17: categories of the seeds 36–37 misses as classes (风险排查, 骗取客户 / 投保资金, 数据测算, 用于申购基金,
#    a bank's 保险产品 never insurance, an insurer's 投标 insurance)
# 18: the blind:seed4 draw's classes: a 文号 in small-form brackets (﹝2018﹞), a post ending in 负责人 before a
#    comma is no glued 负责人： label
# 19: the seed-38 draw's classes: an insurer's 投保 its own line, staff using their post (业务人员利用 /
#    工作人员利用) internal control; a person's role naming a short or generic institution takes the listed one
# 20: the last misses on every label and the classes found reading the whole CBRC/CIRC folder: a 综上 counts a
#    measure the items state twice once (in its own clause or in one with them); an abbreviated branch in a post is
#    the one the facts open with; 工作单位地址 is no institution; 分管 opens a post; …联社部门经理 / 资金互助社 name
#    institutions; of a role of several posts the first post's; a post in the facts ends at a half-width comma and
#    runs on through 时任; 对<bank>…负…责任 names the person's bank; 给予了 recounts; an authority cell of two
#    paragraphs is one name; a plain text's last date after one space is its date; a listed name with the
#    decision's next word glued on (刘宇翔警) is the decision's; 禁止A、B… bans each; 该公司 in a person's row is the
#    institution of the row above with the same facts. Partial when an institution is given a ban or a
#    disqualification, a role names an institution none was stored for, a letter's person has no institution
#    while the text names one in full, or the facts state posts of a cell of several people (not read)
# 21: the parser and the group enrichment cut a post's openings by one list (models/data/post_openings.toml):
#    历任 opens a post for the parser too (历任恒丰银行…上海分行… is 恒丰银行…上海分行)
# 22: the blind:seed5 draw's classes: a person's institution read as a short form is the full legal name the text
#    prints for the same group and unit (up to that unit, also under the branch above it; fullnames.py), partial
#    when it prints several; 对未对<bank>…支行…负…责任 names the person's branch; 撤销任职资格，并在N年内不再受理
#    其任职资格的申请 is a disqualification of N years
# 23: an insurer's spelling opening an intermediary's name (华泰保险 in 华泰保险经纪) is not the insurer's group
# 24: an insurer's 账户管理 is insurance (its own accounts), 邮政储银行 is 邮储银行 (the seed-39 draw); a loan
#    collateral's insurance premium is a fee on lending (the seed-40 draw)
# 25: a 信用合作社 before 发生 opens a person's facts as their institution (cc-0346); the kind of post a
#    disqualification covers (取消银行业高级管理人员终身任职资格) is no one's post (cc-0372)
PARSER_VERSION = 25

MAX_ERROR = 500
# Bounds on the work one notice can cause, far above any real notice, so a hostile or broken one costs a
# fraction of a second, not minutes. Past them the notice is stored raw and marked failed or partial with
# the reason (a re-parse reads it again if a bound changes).
# - the docClob: the largest real one is under 100 KB, most of it Word's preamble;
MAX_DOCCLOB = 5_000_000
# - its text and table tags once the Word noise is cut: under 1 KB in the real samples, 2.4 KB at most in
#   3,000 synthetic notices (a table of a thousand short rows would be about 60 KB);
MAX_TEXT = 100_000
# - the table positions read (rows x columns, spans expanded), over all the tables of a notice.
MAX_POSITIONS = 100_000
# No real cell comes near (the longest of 10,239 real table rows has 406 characters). A longer text is cut:
# a hostile cell shared by a thousand parties (a rowspan) would otherwise have each of them store it whole.
MAX_FIELD = 10_000
_TEXT_FIELDS = ("party_name", "party_role", "institution", "decision_no", "facts", "basis", "decision", "authority")


def parse_docclob(docclob: str | None, *, title: str | None = None) -> ParsedNotice:
    """Layout, parse status and parties of one notice. `title` is the notice title (context for messages)."""
    try:
        return _parse(docclob, title)
    except Exception as exc:
        return ParsedNotice(
            layout="unknown",
            parse_status="failed",
            parse_error=f"parser error: {type(exc).__name__}: {exc}"[:MAX_ERROR],
        )


def _table_records(tree) -> tuple[str | None, list[Record], list[str]]:
    """The layout of the first penalty table, the records of all, and what was left unread."""
    layout = None
    records: list[Record] = []
    problems: list[str] = []
    positions = MAX_POSITIONS
    for table in tree.iter("table"):
        if positions <= 0:
            problems.append(f"tables of more than {MAX_POSITIONS:,} cells: the rest not read")
            break
        grid = table_grid(table, positions)
        positions -= max(sum(len(row) for row in grid), 1)
        if not grid:
            continue
        distinct = distinct_rows(grid)
        kind, header = detect(distinct)
        if kind == "horizontal" and header is not None:
            found = read_horizontal(grid, header, distinct)
        elif kind == "vertical":
            found = read_vertical(distinct)
        else:
            continue
        if found:
            layout = layout or kind
            records.extend(found)
    return layout, records, problems


def _status(parties: list[Party], problems: list[str]) -> tuple[str, str | None]:
    """ok: every party has a name and a decision (and its fine an amount); partial: some field missing."""
    if not parties:
        return "failed", "; ".join(problems) or "no party found"
    for party in parties:
        if not party.party_name:
            problems.append(f"party {party.seq} has no name")
        if not party.decision:
            problems.append(f"{party.party_name or f'party {party.seq}'}: no decision text")
    if problems:
        return "partial", "; ".join(dict.fromkeys(problems))[:MAX_ERROR]
    return "ok", None


def _cap_fields(parties: list[Party], problems: list[str]) -> None:
    for party in parties:
        for name in _TEXT_FIELDS:
            value = getattr(party, name)
            if value is not None and len(value) > MAX_FIELD:
                setattr(party, name, value[:MAX_FIELD])
                problems.append(f"{name} of more than {MAX_FIELD:,} characters: cut")


# Runs of (full-width) spaces, and a single space before a label (…15层 主要负责人姓名：刘铮).
_PLAIN_BREAK = re.compile(
    r"(?:\u3000|\s){2,}"
    r"|\s(?=(?:主要负责人|负责人|法定代表人|地址|住所|住址|身份证|性别|年龄|职务|工作单位|受处罚|当事人|被处罚)"
    r"[^\s：:，。,；;]{0,8}[：:])"
    # …强制执行。 二OO九年四月三十日 (cc-0384): the date the text ends with, after a single space
    r"|\s(?=(?:\d{4}|[〇零○OＯ一二三四五六七八九]{4})\s*年[\d〇零○OＯ一二三四五六七八九十\s]{1,6}月"
    r"[\d〇零○OＯ一二三四五六七八九十\s]{1,6}日\s*$)"
)


def _plain_paragraphs(docclob: str) -> str:
    """A text with no markup and no line breaks separates its paragraphs by runs of (full-width) spaces,
    as older decisions published as plain text do: those runs become paragraph ends."""
    if "<" in docclob or "\n" in docclob.strip():
        return docclob
    return _PLAIN_BREAK.sub("</p>", docclob)


def _parse(docclob: str | None, title: str | None = None) -> ParsedNotice:
    if docclob is not None and len(docclob) > MAX_DOCCLOB:
        return ParsedNotice(layout="unknown", parse_status="failed",
                            parse_error=f"docClob of {len(docclob):,} characters: too large to parse")
    if docclob is None or not docclob.strip():
        return ParsedNotice(layout="unknown", parse_status="failed", parse_error="empty docClob")
    stripped = strip_word(_plain_paragraphs(docclob))
    if len(stripped) > MAX_TEXT:
        return ParsedNotice(layout="unknown", parse_status="failed",
                            parse_error=f"{len(stripped):,} characters of text and tables: too large to parse")
    tree = tree_of(stripped)
    layout, records, problems = _table_records(tree)
    if records and not any(record.party or record.person_name for record in records):
        _parties_from_title(records, title, problems)
    if not records:
        text = tidy(text_of(tree))
        if not text:
            return ParsedNotice(layout="unknown", parse_status="failed", parse_error="docClob has no text")
        layout = "text" if tree.find(".//table") is None else "unknown"
        records, remarks = read_text(text, title)
        problems.extend(remarks)
        if not records:
            reason = "paragraph-only notice: no decision found in the text" if layout == "text" else (
                "tables without penalty labels, and no decision found in the text"
            )
            # A remark says why better (a decision found, its party not).
            return ParsedNotice(layout=layout, parse_status="failed",
                                parse_error="; ".join(problems if remarks else [reason, *problems])[:MAX_ERROR])
    parsed = parse_records(records, layout or "unknown", problems)
    missing = _title_names_missing(title, parsed.parties)
    if missing and parsed.parse_status == "ok":
        parsed.parse_status = "partial"
        parsed.parse_error = f"the title names {'、'.join(missing)[:200]}, not among the parties read"
    return parsed


def _title_names_missing(title: str | None, parties: list[Party]) -> list[str]:
    """Names the title lists as the notice's parties (…信息披露（国寿北分、张松山、程炳华、朱宇阳）) that no party read
    has (written whole or shortened either way): a party the text states was missed, or a name misread."""
    cell = title_parties(title)
    if not cell:
        return []
    read = [re.sub(r"\s+", "", party.party_name or "") for party in parties]
    return [named.name for named in read_party_cell(cell).listed
            if not any(name and (named.name in name or name in named.name) for name in read)]


def _parties_from_title(records: list[Record], title: str | None, problems: list[str]) -> None:
    """A table whose party cells are all empty (the CBRC form of cc-0202, its 个人姓名 and 名称 blank) sanctions
    the party its title names (…公开表（石义）), as a 公开表 republished without them does."""
    party = title_parties(title)
    if party:
        for record in records:
            record.party = party
        problems.append(f"parties named only in the title: {party}")


def parse_records(records: list[Record], layout: str, problems: list[str] | None = None) -> ParsedNotice:
    """The parties of a notice's records (table rows, or what a letter states), with the parse status."""
    assembly = assemble(records)
    assembly.problems[:0] = problems or []
    _cap_fields(assembly.parties, assembly.problems)
    status, error = _status(assembly.parties, assembly.problems)
    return ParsedNotice(layout=layout, parse_status=status, parse_error=error, parties=assembly.parties)
