"""The head office's list pages: `ul.txtlist > li` rows (link, title, date) and the pager's totals.

A page without the list module is not a list page (an error page answered with status 200, a CMS
maintenance page): `BadResponse`, so the spider retries it and never takes it for an empty list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from scrapers.nfra.detail import BadResponse
from scrapers.pboc.html import soup_of
from scrapers.pboc.urls import article_id_of

_TOTAL = re.compile(r"共\s*[:：]\s*(\d+)\s*条")
_PAGES = re.compile(r"当前页\s*[:：]\s*(\d+)\s*/\s*(\d+)")
_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


@dataclass(frozen=True)
class ListRow:
    article_id: str
    title: str  # the decision-number range, 银罚决字〔2026〕104-116号
    published_on: date | None


@dataclass(frozen=True)
class ListPage:
    rows: list[ListRow]
    total: int  # 共:60条
    page: int
    pages: int


def parse_list(html: bytes | str) -> ListPage:
    """The rows and pager of one list page, newest first as the site orders them."""
    soup = soup_of(html)
    box = soup.select_one("div.txtbox_2 ul.txtlist")
    if box is None:
        title = soup.title.get_text(strip=True) if soup.title else ""
        raise BadResponse("not-a-list", f"no ul.txtlist on the page (title {title[:60]!r})")
    rows = []
    for li in box.find_all("li", recursive=False):
        link = li.find("a", href=True)
        article_id = article_id_of(link["href"]) if link else None
        if link is None or article_id is None:
            continue
        day = li.find("span", class_="date")
        title = (link.get("title") or link.get_text()).strip()
        rows.append(ListRow(article_id, title, _date(day.get_text() if day else "")))
    pager = soup.select_one("div.list_page")
    pager_text = pager.get_text(" ", strip=True) if pager else ""
    total = _TOTAL.search(pager_text)
    pages = _PAGES.search(pager_text)
    return ListPage(
        rows=rows,
        total=int(total.group(1)) if total else len(rows),
        page=int(pages.group(1)) if pages else 1,
        pages=int(pages.group(2)) if pages else 1,
    )


def _date(text: str) -> date | None:
    match = _DAY.search(text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
