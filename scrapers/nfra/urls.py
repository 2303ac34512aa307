"""Every NFRA URL, built from the base (NFRA_BASE_URL), so tests and the demo can point anywhere."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def list_url(base: str, item_id: int, page: int, page_size: int) -> str:
    return (
        f"{base}/cbircweb/DocInfo/SelectDocByItemIdAndChild"
        f"?itemId={item_id}&pageSize={page_size}&pageIndex={page}"
    )


def detail_url(base: str, doc_id: int) -> str:
    return f"{base}/cn/static/data/DocInfo/SelectByDocId/data_docId={doc_id}.json"


def human_url(base: str, doc_id: int, item_id: int | None) -> str:
    """The page a reader opens on the NFRA site: the citation link."""
    return f"{base}/cn/view/pages/ItemDetail.html?docId={doc_id}&itemId={item_id or ''}&generaltype=9"


def item_page_url(base: str, item_id: int) -> str:
    """The list page whose JavaScript calls the list endpoint (sent as Referer, as a browser would)."""
    return f"{base}/cn/view/pages/ItemList.html?itemPId=923&itemId={item_id}&itemUrl=ItemListRightList.html"


def absolute(base: str, path: str | None) -> str | None:
    """The URL of a path given by the site; None for none, or for one no URL can be made of ("http://[")."""
    if not path:
        return None
    try:
        url = urljoin(base + "/", path)
    except ValueError:
        return None
    return url if urlsplit(url).scheme in ("http", "https") else None  # never javascript: or data:
