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


# Hosts of the NFRA site besides the base URL's that serve its files: none is documented (the real
# pdfFileUrl and docFileUrl values are paths on www.nfra.gov.cn). Add one here when NFRA moves files.
STATIC_HOSTS: tuple[str, ...] = ()


def source_hosts(base: str) -> frozenset[str]:
    """The hosts of the NFRA site: where a redirect may lead and a notice's file links may point."""
    return frozenset({urlsplit(base).hostname or "", *STATIC_HOSTS}) - {""}


def absolute(base: str, path: str | None) -> str | None:
    """The URL of a file the site names, on one of its own hosts; None for none, for one no URL can be
    made of ("http://["), for one on another host ("//evil.example/phish.pdf") or of another scheme."""
    if not path or "\\" in path:  # a browser reads \ as /: no real file path has one
        return None
    try:
        url = urljoin(base + "/", path)
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):  # never javascript: or data:
        return None
    return url if host in source_hosts(base) else None
