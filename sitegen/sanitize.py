"""Showing source HTML safely: the NFRA docClob of a notice the parser could not read into parties.

nh3 (ammonia) keeps only text structure (paragraphs, tables with their spans); scripts, styles,
Word's conditional XML, links, images and every other attribute are dropped, so nothing in it can
run or load anything.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

TAGS = {"p", "br", "table", "thead", "tbody", "tr", "td", "th", "b", "strong", "i", "em",
        "u", "sub", "sup", "ol", "ul", "li", "h1", "h2", "h3", "h4"}
ATTRIBUTES = {"td": {"rowspan", "colspan"}, "th": {"rowspan", "colspan"}}
SOURCE_LIMIT = 9000  # characters of cleaned HTML on a page (the page budget is 15 KB)

_SPACE = re.compile(r"(?:\s|&nbsp;|\u3000)+")
_EMPTY = re.compile(r"<(p|b|strong|i|em|u)>\s*</\1>")


def clean_source(html: str, limit: int = SOURCE_LIMIT) -> tuple[Markup, bool]:
    """(sanitized HTML, truncated?) of a docClob; at most `limit` characters, tags always balanced."""
    cleaned = _compact(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, strip_comments=True, link_rel=None))
    truncated = len(cleaned) > limit
    if truncated:
        cut = cleaned[:limit]
        cut = cut[: cut.rfind(">") + 1] or cut  # never split a tag; nh3 closes what is left open
        cleaned = _compact(nh3.clean(cut, tags=TAGS, attributes=ATTRIBUTES, strip_comments=True, link_rel=None))
    return Markup(cleaned), truncated


def _compact(html: str) -> str:
    html = _SPACE.sub(" ", html)
    previous = None
    while previous != html:
        previous, html = html, _EMPTY.sub("", html)
    return html.strip()
