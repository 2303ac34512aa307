"""Every PBOC URL, built from the base (PBOC_BASE_URL), as scrapers.nfra.urls does for NFRA."""

from __future__ import annotations

import re

# 政务公开 › 法定主动公开内容 › 行政执法信息 › 行政处罚公示 of the head office.
COLUMN_PATH = "/zhengwugongkai/4081330/4081344/4081407/4081705"
COLUMN_ID = 4081705  # crawl_item.item_id of the head office's list; NFRA's items are 4113-4293
# The list module's id: page n > 1 of the list is {COLUMN_PATH}/d80f41dc-{n}.html.
LIST_MODULE = "d80f41dc"
# An article id: a 19-digit timestamp (2026092418294123383) or a short number (5860077).
_ARTICLE = re.compile(rf"{COLUMN_PATH}/(\d{{1,24}})/index\.html$")


def list_url(base: str, page: int) -> str:
    if page == 1:
        return f"{base}{COLUMN_PATH}/index.html"
    return f"{base}{COLUMN_PATH}/{LIST_MODULE}-{page}.html"


def detail_url(base: str, article_id: str) -> str:
    """The detail page: also the page a reader opens, so it is the citation link too."""
    return f"{base}{COLUMN_PATH}/{article_id}/index.html"


def article_id_of(href: str) -> str | None:
    """The article id of a list link (`/zhengwugongkai/…/4081705/5860077/index.html`), None if not a detail."""
    match = _ARTICLE.search(href.split("?", 1)[0].split("#", 1)[0])
    return match.group(1) if match else None
