"""The counting rules, defined once: what a ticket is, which date a count uses, what each sum includes.

Every statistics page, receipt CSV and citation sentence takes its figures from `figures()` and its
wording from RULES: a rule is changed here and nowhere else. DESIGN.md ("Counting rules") is the
contract these implement; /about/#rules and every statistics page print RULES verbatim.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sitegen.core.summaries import Entry

PUBLISHED = "published"  # the default date basis: the notice's publication date
DECIDED = "decided"  # the alternative: the decision date written in the notice (penalty.decided_on)
REGISTER = "register"  # the register's date of a penalty: its decision date, else its publication date

BASIS_LABEL = {PUBLISHED: "按公告发布日期", DECIDED: "按处罚决定日期",
               REGISTER: "按处罚决定日期（未写明的按公告发布日期）"}

# (anchor, heading, full text, short text): /about/ and /stats/ print the full texts, every other
# statistics page the short ones, as one sentence linking to the full (about 2.4 KB less on each
# receipt than the full texts; the short sentence without each rule's heading is 0.4 KB less again,
# 5 MB at 100,000 notices): each short text names what it rules on.
RULES: tuple[tuple[str, str, str, str], ...] = (
    ("ticket", "罚单（处罚）",
     "一张罚单是一条处罚记录：一份处罚决定中的一个当事人（数据库 penalty 表的一行）。同一公告处罚多个当事人，"
     "计为多张罚单；同一当事人在同一决定中只计一次。",
     "一个当事人在一份处罚决定中计一张罚单"),
    ("kind", "机构与个人",
     "机构罚单与个人罚单分开计数：当事人类型为“个人”的计为个人罚单（人次），其余（机构及未能判明类型的当事人）"
     "计为机构罚单（家次）。同一机构或个人一年内被处罚多次，按次数计。",
     "机构（家次）与个人（人次）分开计"),
    ("date", "日期口径",
     "默认按公告发布日期归入年份（公告没有发布日期时用首次抓取日期）；注明“按处罚决定日期”的页面按公告中写明的"
     "决定日期归入年份，没有写明决定日期的记录不计入任何决定年份，并在页面上注明条数。",
     "按公告发布日期，注明时按处罚决定日期"),
    ("fines", "罚款合计",
     "罚款金额之和（元）。原文写“合计”“共计”、由多名当事人共同承担的一笔罚款，每份公告只计一次（计在列出它的"
     "第一个当事人名下）；“分别”处罚的金额按每名当事人计。",
     "罚款合计中共同承担的罚款只计一次"),
    ("forfeiture", "罚没合计",
     "罚款合计，加上没收违法所得，再加上原文只写“罚没合计”（罚款与没收未分开）的金额。每一元只计一次："
     "原文同时写出罚款、没收和罚没合计时，只计罚款和没收。",
     "罚没合计 = 罚款合计 + 没收 + 原文只写罚没合计的金额，每元只计一次"),
    ("regulators", "监管部门",
     "本站收录国家金融监督管理总局（含原银保监会、银监会、保监会时期的公告，及其各地派出机构）和中国人民银行（目前仅"
     "总行）公开的行政处罚，两者按同一口径计数：一张罚单属于公布它的部门（公告的发布部门），只计一次，不会同时计入"
     "两者；同一机构被两个部门分别处罚的，分别计罚单，罚款分别计入各自的合计。合计数字含两个部门的罚单，旁边按部门"
     "分列；/stats/{年份或 all}/source/nfra/ 与 …/source/pboc/ 是只含一个部门的凭据。引用句写明记录来自哪个部门"
     "（“金融监管总局及其派出机构”“人民银行”，或两者）。",
     "罚单属于公布它的部门，只计一次"),
    ("excluded", "未计入的公告",
     "未能解析出当事人的公告（解析失败）没有罚单，不计入任何数字，但在相关统计页上逐一列出；部分解析的公告，"
     "已解析出的当事人照常计入，并在记录清单和 CSV 中标注。",
     "解析失败的公告不计入但列出，部分解析的计入并标注"),
)


# The register's rules (sitegen/core/register): who is one person, what is a repeat offence, when a ban ends.
# Printed on /about/ and /stats/ (all), on the people's receipt (person and ban: it counts bans in force) and on
# the repeats' receipts (the repeat rule); not on every receipt.
PERSON_RULE = (
    "人员按本站的保守归并规则识别：同名的两条个人罚单，只有在同一份公告中，或所在机构相同（按分支路径，改名与"
    "“原……”归并），或一家机构是另一家的上级分支（如某市分行与其辖内支行），或同属一家县域农商行、村镇银行等小型"
    "地方机构，或一份公告引用了另一份的处罚决定书文号时，才视为同一人；仅同集团、不同集团、同省都不合并，被遮盖的"
    "姓名（张某）只在同一公告内合并。未写姓名的个人罚单不计入人员。每人计一人，不论受罚几次；禁业状态按本站生成之日计算。"
)
REPEAT_RULE = (
    "一张罚单计为“再次违规”，当同一机构（分支机构本身，不含同集团的其他机构）或同一人员（按人员归并规则）在该罚单"
    "的日期之前五年内（含满五年当日，不含同一天，不含同一份公告）曾因同一违法类型（“其他”除外）受到处罚；"
    "日期为处罚决定日期，公告未写明的按发布日期；一张罚单在几个类型中再次违规，在每个类型中各计一次，合计中只计一张。"
)
# sitegen.core.register.calendar's ban rule: stated here once, each person page with a ban that ends links it.
BAN_RULE = (
    "禁止从事银行业工作或禁止进入保险业 N 年的，自处罚决定日期起算（公告未写明决定日期的，按公告发布日期起算，"
    "人员页上注明），满 N 个日历年之日为期满日（2 月 29 日起算的，非闰年于 2 月 28 日），当日起不再禁业；终身禁业"
    "没有期满日。禁业中、已期满按本站生成之日判断。"
)
REGISTER_RULES: tuple[tuple[str, str, str, str], ...] = (
    ("person", "人员", PERSON_RULE, "同名者只在有力证据（同一公告、同一机构或分支路径、互引文号）时视为同一人。"),
    ("repeat", "再次违规", REPEAT_RULE, "同一机构或人员五年内再次因同类违规受罚。"),
    ("ban", "禁业期", BAN_RULE, "禁业 N 年自处罚决定日期起满 N 个日历年之日期满。"),
)


@dataclass(frozen=True, slots=True)
class Figures:
    """The figures of one set of records, each by the rule of the same name in RULES."""

    tickets: int
    institutions: int  # institution tickets (家次)
    individuals: int  # individual tickets (人次)
    fines: int  # 罚款合计, yuan
    confiscated: int  # 没收违法所得, yuan
    stated_forfeiture: int  # sums stated only as 罚没合计, yuan
    notices: int  # notices the records come from

    @property
    def forfeiture(self) -> int:
        """罚没合计: fines + confiscations + sums stated only as 罚没合计 (each yuan once)."""
        return self.fines + self.confiscated + self.stated_forfeiture


@dataclass(frozen=True, slots=True)
class Tally:
    """What a tree row shows of a set of records (its cells and its sentence): tickets and 罚款合计."""

    tickets: int
    fines: int


def counted_fine(entry: Entry) -> int:
    """What an entry adds to 罚款合计 (a joint fine was zeroed on all but its first party at collection)."""
    return entry.fine_counted


def counted_forfeiture(entry: Entry) -> int:
    """What an entry adds to 罚没合计."""
    return entry.fine_counted + (entry.confiscated or 0) + (entry.forfeiture or 0)


def figures(entries: Iterable[Entry]) -> Figures:
    """Counted in one pass (a build counts about a million records this way, mostly a breakdown row's few):
    measured on Python 3.11, twice as fast as a sum over a map of attrgetter per figure, which paid six
    passes and their calls on every small list."""
    tickets = individuals = fines = confiscated = stated = 0
    notices = set()
    for e in entries:
        tickets += 1
        individuals += e.individual
        fines += e.fine_counted
        if e.confiscated:
            confiscated += e.confiscated
        if e.forfeiture:
            stated += e.forfeiture
        notices.add(e.doc_id)
    return Figures(tickets, tickets - individuals, individuals, fines, confiscated, stated, len(notices))


def add_figures(parts: Sequence[Figures]) -> Figures:
    """The figures of disjoint sets of records that share no notice (an item's years: a notice has one
    publication date), added up."""
    return Figures(
        sum(f.tickets for f in parts), sum(f.institutions for f in parts), sum(f.individuals for f in parts),
        sum(f.fines for f in parts), sum(f.confiscated for f in parts), sum(f.stated_forfeiture for f in parts),
        sum(f.notices for f in parts),
    )
