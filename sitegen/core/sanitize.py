"""Showing source HTML safely: the NFRA docClob of a notice the parser could not read into parties.

nh3 (ammonia) keeps only text structure (paragraphs, tables with their spans); scripts, styles,
Word's conditional XML, links, images and every other attribute are dropped, so nothing in it can
run or load anything.

What reaches nh3 is bounded first (bounded_input): html5ever's tree building is quadratic in nesting
depth (measured here: 20,000 nested <div>s took 2.3 s, 40,000 took 6.9 s, 80,000 took 57 s; a real
2.2 MB notice of nested <div>s took a build from 0.9 s to 83 s). The page shows at most SOURCE_LIMIT
characters anyway, so the source is cut at SOURCE_INPUT_LIMIT characters or where its elements nest
deeper than MAX_DEPTH, and the page says it is truncated and links to the original.
"""

from __future__ import annotations

import re

import nh3
from markupsafe import Markup

TAGS = {"p", "br", "table", "thead", "tbody", "tr", "td", "th", "b", "strong", "i", "em",
        "u", "sub", "sup", "ol", "ul", "li", "h1", "h2", "h3", "h4"}
ATTRIBUTES = {"td": {"rowspan", "colspan"}, "th": {"rowspan", "colspan"}}
SOURCE_LIMIT = 9000  # characters of cleaned HTML on a page (the page budget is 15 KB)
# Characters of docClob handed to the sanitiser: Word's noise (styles, conditional XML) is most of a
# docClob, so this leaves room for far more text than SOURCE_LIMIT shows, at a few tens of ms of nh3.
SOURCE_INPUT_LIMIT = 400_000
# Nesting depth handed to the sanitiser: Word's tables nest a dozen deep; nothing real nears this.
MAX_DEPTH = 64
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:._-]*)[^>]*>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
# Elements HTML closes by itself when a sibling of the same name opens (Word leaves <p> and <td> open).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "td", "th", "tr", "option"})

_SPACE = re.compile(r"(?:\s|&nbsp;|\u3000)+")
_EMPTY = re.compile(r"<(p|b|strong|i|em|u)>\s*</\1>")


def bounded_input(html: str) -> tuple[str, bool]:
    """(the start of `html` that is safe to sanitise, was it cut?): at most SOURCE_INPUT_LIMIT characters,
    cut before the first tag that would nest deeper than MAX_DEPTH. Linear in the input."""
    cut = len(html) > SOURCE_INPUT_LIMIT
    if cut:
        html = html[:SOURCE_INPUT_LIMIT]
        if html.rfind("<") > html.rfind(">"):
            html = html[: html.rfind("<")]  # never end inside a tag
    stack: list[str] = []
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if match.group(1):  # a closing tag: close up to its element, if it is open
            if name in stack:  # at most MAX_DEPTH names: the scan stays linear
                while stack.pop() != name:
                    pass
            continue
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        if name in _SELF_CLOSING_SIBLINGS and stack and stack[-1] == name:
            stack.pop()
        stack.append(name)
        if len(stack) > MAX_DEPTH:
            return html[: match.start()], True
    return html, cut


def clean_source(html: str, limit: int = SOURCE_LIMIT) -> tuple[Markup, bool]:
    """(sanitized HTML, truncated?) of a docClob; at most `limit` characters, tags always balanced."""
    html, cut = bounded_input(html)
    cleaned = _compact(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, strip_comments=True, link_rel=None))
    truncated = cut or len(cleaned) > limit
    if len(cleaned) > limit:
        part = cleaned[:limit]
        part = part[: part.rfind(">") + 1] or part  # never split a tag; nh3 closes what is left open
        cleaned = _compact(nh3.clean(part, tags=TAGS, attributes=ATTRIBUTES, strip_comments=True, link_rel=None))
    return Markup(cleaned), truncated


def _compact(html: str) -> str:
    html = _SPACE.sub(" ", html)
    previous = None
    while previous != html:
        previous, html = html, _EMPTY.sub("", html)
    return html.strip()
