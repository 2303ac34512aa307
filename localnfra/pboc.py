"""A synthetic PBOC head-office corpus (行政处罚公示) and its static pages, as www.pbc.gov.cn serves them.

Pages (paths as on the real site, see ../shared/samples/pboc/README.md):
  /zhengwugongkai/4081330/4081344/4081407/4081705/index.html         list, page 1 (20 rows, newest first)
  /zhengwugongkai/4081330/4081344/4081407/4081705/d80f41dc-N.html     list, page N
  /zhengwugongkai/4081330/4081344/4081407/4081705/{articleId}/index.html   detail: a 9-column table

Each notice is a pure function of (seed, key): a real bank's head office and fictional people written
masked as on the real pages, 「王某（…银行股份有限公司信用卡中心）」, each row with its own 文号, sanctions
in 万元 with decimals, a 公示期限 of 三年 or 五年. `expected(article_id)` is the ground truth. Like the
NFRA corpus it imports nothing from the product.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from localnfra.pools import load, person_name
from localnfra.rng import Rng

COLUMN = "/zhengwugongkai/4081330/4081344/4081407/4081705"
PAGE_SIZE = 20
_STREAM = 0x50B0C  # keeps PBOC draws apart from the NFRA corpus's streams
_FIRST_DAY = date(2024, 3, 1)
_HEADER = ("序号", "当事人名称", "行政处罚<br> 决定书文号", "违法行为类型", "行政处罚内容",
           "作出行政处罚<br> 决定机关名称", "作出行政处罚<br> 决定日期", "公示期限", "备注")
_SHORT_IDS = 0.4  # the share of older notices with a short article id (5860077); newer ones are timestamps


@dataclass(frozen=True)
class Row:
    party: str  # as printed: 浙商银行股份有限公司 or 王某（时任…）
    name: str  # 王某 for a person
    kind: str  # institution | individual
    institution: str
    decision_no: str
    items: tuple[str, ...]
    fine_wan: Decimal
    confiscated_wan: Decimal | None
    warning: bool
    decided: date
    years: int


@dataclass(frozen=True)
class PbocNotice:
    key: int
    article_id: str
    published: date
    title: str
    rows: tuple[Row, ...]


def _wan(rng: Rng, low: int, high: int, places: int) -> Decimal:
    """An amount in 万元 with up to `places` decimals (1712.4, 1.621747, 3.5)."""
    return Decimal(rng.between(low * 10**places, high * 10**places)) / Decimal(10**places)


def _text(amount: Decimal) -> str:
    return format(amount.normalize(), "f")


def for_nfra_size(nfra_notices: int) -> int:
    """How many PBOC notices go with an NFRA corpus: the head office publishes about one for every
    forty of NFRA's (60 from 2025-08 to 2026-09, against thousands)."""
    return max(3, nfra_notices // 40)


def _banks() -> list[str]:
    groups = load("institutions")["groups"]
    return [m["name"] for g in groups if g["sector"] == "bank" and g["branching"] != "none" for m in g["members"]
            if m["name"].endswith(("银行股份有限公司", "银行"))]


def generate(seed: int, key: int) -> PbocNotice:
    """Notice `key` (0 the oldest); one decision number per row, numbered on from the year's last one."""
    rng = Rng(seed, _STREAM, key)
    pieces = load("pboc")
    published = _FIRST_DAY + timedelta(days=key * 7 + rng.between(0, 6))
    decided = published - timedelta(days=rng.between(12, 40))
    year = decided.year
    first_no = 1 + (key * 7) % 90
    bank = rng.pick(_banks())
    items = tuple(rng.some(pieces["violations"], rng.between(1, 7)))
    years = rng.pick((3, 5))
    rows = [Row(bank, bank, "institution", bank, f"银罚决字〔{year}〕{first_no}号", items,
                _wan(rng, 30, 3000, rng.pick((0, 1, 2))),
                _wan(rng, 1, 30, 6) if rng.chance(0.3) else None, rng.chance(0.8), decided, years)]
    for offset in range(1, rng.between(0, 6) + 1):
        name = person_name(rng)[0] + "某" + (person_name(rng)[-1] if rng.chance(0.6) else "")
        department = rng.pick(pieces["departments"])
        role = f"时任{bank}{department}{rng.pick(pieces['titles'])}" if rng.chance(0.5) else f"{bank}{department}"
        rows.append(Row(f"{name}（{role}）", name, "individual", bank, f"银罚决字〔{year}〕{first_no + offset}号",
                        tuple(rng.some(items, rng.between(1, min(2, len(items))))),
                        _wan(rng, 1, 20, rng.pick((0, 1))), None, rng.chance(0.3), decided, years))
    last = first_no + len(rows) - 1
    title = f"银罚决字〔{year}〕{first_no}-{last}号" if len(rows) > 1 else f"银罚决字〔{year}〕{first_no}号"
    if rng.random() < _SHORT_IDS and published.year < 2025:
        article_id = str(5_000_000 + key * 211 + rng.between(0, 200))
    else:  # 2026092418294123383: the publication date, a time of day and five more digits
        article_id = f"{published:%Y%m%d}{rng.between(8, 18):02d}{rng.between(0, 59):02d}{rng.between(0, 59):02d}" \
                     f"{rng.between(10000, 99999)}"
    return PbocNotice(key, article_id, published, title, tuple(rows))


def _sanction(row: Row) -> str:
    parts = ["警告"] if row.warning else []
    if row.confiscated_wan is not None:
        parts.append(f"没收违法所得{_text(row.confiscated_wan)}万元")
    parts.append(f"罚款{_text(row.fine_wan)}万元")
    return "，".join(parts)


def _facts(row: Row) -> str:
    numbered = len(row.items) > 1
    lines = [f"{i}.{item}{'；' if i < len(row.items) else '。'}" if numbered else f"{item}。"
             for i, item in enumerate(row.items, 1)]
    if row.kind == "individual":
        lines.insert(0, f"对{row.institution}以下违法违规行为负有责任：")
    return "".join(f"<p>{escape(line)}</p>" for line in lines)


def _cell(content: str) -> str:
    return f'<td style="border:1px solid #000;padding:2px;">{content}</td>'


def detail_page(notice: PbocNotice) -> bytes:
    head = "".join(_cell(label) for label in _HEADER)
    body = []
    for seq, row in enumerate(notice.rows, 1):
        day = f"{row.decided.year}年{row.decided.month}月{row.decided.day}日"
        cells = (str(seq), escape(row.party), escape(row.decision_no), _facts(row), escape(_sanction(row)),
                 "中国人民银行", day, "五年" if row.years == 5 else "三年", "")
        body.append("<tr>" + "".join(_cell(c) for c in cells) + "</tr>")
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f'<meta name="ArticleTitle" content="{escape(notice.title)}">'
        f'<meta name="PubDate" content="{notice.published:%Y-%m-%d}">'
        f"<title>{escape(notice.title)}</title></head><body>"
        "<p>localnfra: SYNTHETIC PBOC page (real bank names, fictional people). Not real data.</p>"
        f'<div class="zw_top"><h3>{escape(notice.title)}</h3>'
        f'<p class="top">发布时间：{notice.published.year}年{notice.published:%m}月{notice.published:%d}日 </p></div>'
        f'<div class="txt_con" id="easysiteText"><table border="1"><tbody><tr>{head}</tr>{"".join(body)}'
        "</tbody></table></div></body></html>"
    )
    return html.encode("utf-8")


def list_page(notices: list[PbocNotice], page: int, total: int) -> bytes:
    pages = max(1, -(-total // PAGE_SIZE))
    items = "".join(
        f'<li><a href="{COLUMN}/{n.article_id}/index.html" target="_blank" title="{escape(n.title)}" '
        f'istitle="true">{escape(n.title)}</a><span class="date">{n.published:%Y-%m-%d}</span></li>'
        for n in notices
    )
    following = (f'<a title="下一页" tagname="{COLUMN}/d80f41dc-{page + 1}.html">下一页</a>' if page < pages else "")
    html = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>行政处罚公示</title></head><body>'
        "<p>localnfra: SYNTHETIC PBOC list (real bank names, fictional people). Not real data.</p>"
        '<div class="txtbox_2 portlet"><div class="coltitle"><span class="portlettitle2">行政处罚公示</span></div>'
        f'<div opentype="page"><ul class="txtlist">{items}</ul><span><div class="list_page">'
        f'<a title="首页">首页</a>{following}'
        f'<span style="padding:0 15px;">共:<b>{total}条</b>当前页:<font><b>{page}</b></font>/<b>{pages}</b></span>'
        "</div></span></div></div></body></html>"
    )
    return html.encode("utf-8")


class PbocCorpus:
    """`size` generated notices plus any added later; lists newest first, 20 a page."""

    def __init__(self, size: int, seed: int = 0) -> None:
        if size < 0:
            raise ValueError("size must be >= 0")
        self.seed = seed
        self.size = size
        self._lock = threading.Lock()
        self._notices = [generate(seed, key) for key in range(size)]
        self._by_article = {n.article_id: n for n in self._notices}

    def add(self, n: int = 1) -> list[str]:
        """Publish n newer notices; their article ids, newest last."""
        with self._lock:
            added = [generate(self.seed, key) for key in range(len(self._notices), len(self._notices) + n)]
            self._notices.extend(added)
            self._by_article.update((a.article_id, a) for a in added)
            return [a.article_id for a in added]

    def __len__(self) -> int:
        return len(self._notices)

    def article_ids(self) -> list[str]:
        """Newest first, as the list shows them."""
        return [n.article_id for n in reversed(self._notices)]

    def notice(self, article_id: str) -> PbocNotice | None:
        return self._by_article.get(article_id)

    def list_bytes(self, page: int) -> bytes | None:
        newest = list(reversed(self._notices))
        pages = max(1, -(-len(newest) // PAGE_SIZE))
        if not 1 <= page <= pages:
            return None
        return list_page(newest[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], page, len(newest))

    def detail_bytes(self, article_id: str) -> bytes | None:
        notice = self.notice(article_id)
        return detail_page(notice) if notice is not None else None

    def expected(self, article_id: str) -> dict:
        """The ground truth of a notice: what a parser should read from its page."""
        notice = self._by_article[article_id]
        return {
            "title": notice.title,
            "published": notice.published.isoformat(),
            "parties": [
                {
                    "party_name": row.name, "party_kind": row.kind, "decision_no": row.decision_no,
                    "institution": row.institution if row.kind == "individual" else None,
                    "fine_yuan": int((row.fine_wan * 10000).to_integral_value()),
                    "confiscated_yuan": (int((row.confiscated_wan * 10000).quantize(Decimal(1), "ROUND_HALF_UP"))
                                         if row.confiscated_wan is not None else None),
                    "warning": row.warning, "decided_on": row.decided.isoformat(), "disclosure_years": row.years,
                }
                for row in notice.rows
            ],
        }
