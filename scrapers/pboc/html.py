"""A PBOC page as a whole-page tree (beautifulsoup4 on lxml), refusing a body that was cut short.

A truncated page still parses (lxml closes what is open), and a detail cut inside its table would
be stored with parties missing; every page the site generates ends with `</html>`, so a body
without it is a `BadResponse` the spider retries.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from scrapers.nfra.detail import BadResponse

_TAIL = 256  # the closing tags and the whitespace the CMS writes after them


def soup_of(html: bytes | str) -> BeautifulSoup:
    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    if not data.strip():
        raise BadResponse("empty-body", "empty body where an HTML page was expected")
    if b"</html>" not in data[-_TAIL:].lower():
        raise BadResponse("truncated", f"the page ends before </html> ({len(data)} bytes)")
    return BeautifulSoup(data, "lxml")
