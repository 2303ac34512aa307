"""Word-exported docClob HTML to a small tree of tables and text.

The docClob is Word/WPS "save as HTML": a preamble of conditional comments, XML and CSS, then paragraphs
and tables whose every run of text sits in a styled <span>. String scans and a few regexes first cut
everything but the table skeleton (table/tr/td/th) and mark paragraph ends, so lxml parses a tenth of the
input; whitespace is normalised once on that small string instead of cell by cell.
"""

from __future__ import annotations

import re

from lxml import etree

from scrapers.nfra.textnorm import PARA, clean_text

# Blocks whose content is never text: Word's document properties, CSS, the <head>.
_NOISE_TAGS = ("head", "style", "xml", "script", "title")
# Word's inline CSS is most of the bytes left after the preamble: cut it first so every later pass scans
# a third of the text. The pattern starts with a literal, which the regex engine finds at C speed.
_STYLE_ATTR = re.compile(r"""style\s*=\s*(?:"[^"]*"|'[^']*')""")
# Characters XML forbids (lxml refuses the whole string): control characters, lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# A tag runs from "<" to the next ">" with no "<" inside (Word never writes one in a tag): a hostile
# "<a<a<a…" or "<td<td…" with no ">" would otherwise make every "<" scan to the end (quadratic time).
_DOWNLEVEL = re.compile(r"<!\[(?:if|endif)[^<>]*>", re.IGNORECASE)
_BREAK = re.compile(r"</(?:[pP]|[dD][iI][vV]|[hH][1-6]|[lL][iI])\s*>|<[bB][rR]\b[^<>]*>")
# Any tag but the table skeleton. A "<" not followed by a letter (《…<指引>…》 when Word did not escape it)
# is text, as in a browser.
_OTHER_TAG = re.compile(
    r"<(?!/?(?:[tT][aA][bB][lL][eE]|[tT][rRdDhH])[\s/>])/?[A-Za-z][^<>]*>"
)
# Table tags lose their (mostly CSS) attributes; only a td/th with a rowspan/colspan keeps those two.
# Literal replacements: a template with a group reference costs a Python call per tag.
_TABLE_OPEN = re.compile(r"<[tT][aA][bB][lL][eE]\b[^<>]*>")
_ROW_OPEN = re.compile(r"<[tT][rR]\b[^<>]*>")
_PLAIN_TD = re.compile(r"<[tT][dD]\b(?![^<>]*[sS][pP][aA][nN]\s*=)[^<>]*>")
_PLAIN_TH = re.compile(r"<[tT][hH]\b(?![^<>]*[sS][pP][aA][nN]\s*=)[^<>]*>")
# Applied after the two above, so the cells left with attributes are the spanned ones.
_SPANNED_CELL = re.compile(r"<([tT][dDhH])\b([^<>]+)>")
_SPAN_ATTR = re.compile(r"""\b([rR][oO][wW][sS][pP][aA][nN]|[cC][oO][lL][sS][pP][aA][nN])\s*=\s*["']?\s*(\d+)""")


def _spanned_cell(match: re.Match[str]) -> str:
    spans = "".join(f' {key.lower()}="{value}"' for key, value in _SPAN_ATTR.findall(match.group(2)))
    return f"<{match.group(1)}{spans}>"


def _cut_comments(html: str) -> str:
    """Drop <!-- … --> (Word's <!--[if gte mso 9]><xml>…<![endif]--> ends at its own -->)."""
    if "<!--" not in html:
        return html
    parts = []
    position = 0
    while True:
        start = html.find("<!--", position)
        if start < 0:
            break
        parts.append(html[position:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return "".join(parts)  # an unterminated comment hides the rest, as in a browser
        position = end + 3
    parts.append(html[position:])
    return "".join(parts)


# Spelled out in three cases rather than IGNORECASE, which would cost the fast scan for "<".
_BLOCK_OPEN = re.compile(
    "<(" + "|".join(f"{tag}|{tag.upper()}|{tag.capitalize()}" for tag in _NOISE_TAGS) + r")(?=[\s>/])"
)
_BLOCK_CLOSE = {tag: re.compile(rf"</{tag}\s*>", re.IGNORECASE) for tag in _NOISE_TAGS}


def _cut_blocks(html: str) -> str:
    """Drop <head>, <style>, <xml>, <script>, <title> elements with their content."""
    parts = []
    position = 0
    unclosed: set[str] = set()  # no closing tag after some point: none after any later point either
    while True:
        match = _BLOCK_OPEN.search(html, position)
        if match is None:
            break
        parts.append(html[position : match.start()])
        tag = match.group(1).lower()
        close = None if tag in unclosed else _BLOCK_CLOSE[tag].search(html, match.end())
        if close is None:  # unclosed: cut only the opening tag, keep what follows
            unclosed.add(tag)
            end = html.find(">", match.end())
            position = len(html) if end < 0 else end + 1
        else:
            position = close.end()
    if not parts:
        return html
    parts.append(html[position:])
    return "".join(parts)


# The first table tag, to tell a copy that starts inside a cell (its first tag closes one).
_FIRST_TABLE_TAG = re.compile(r"<(/?)(table|tr|td|th)[\s/>]")
_REOPEN = {"td": "<table><tr><td>", "th": "<table><tr><th>", "tr": "<table><tr>"}


def _reopen_table(html: str) -> str:
    """A copy cut inside its table's first cell (CBRC 公开表 fragments: '…公开表（张桂深）…文号…</td></tr><tr>…'):
    the cell, row and table it closes opened before it, so the rows are read as a table, not as text."""
    first = _FIRST_TABLE_TAG.search(html)
    if first is None or not first.group(1) or first.group(2) not in _REOPEN:
        return html
    return _REOPEN[first.group(2)] + html


def strip_word(html: str) -> str:
    """The docClob reduced to table/tr/td/th tags and normalised text; a newline ends each paragraph."""
    html = _cut_comments(html)
    html = _cut_blocks(html)
    html = _STYLE_ATTR.sub("", html)
    html = _DOWNLEVEL.sub("", html)
    html = _BREAK.sub(PARA, html)
    html = _OTHER_TAG.sub("", html)
    html = _TABLE_OPEN.sub("<table>", html)
    html = _ROW_OPEN.sub("<tr>", html)
    html = _PLAIN_TD.sub("<td>", html)
    html = _PLAIN_TH.sub("<th>", html)
    html = _SPANNED_CELL.sub(_spanned_cell, html)
    html = _reopen_table(html)
    # Entities are decoded by lxml after this point: the usual blank ones are spaces now, the rest are
    # cleaned cell by cell (grid.cell_text).
    html = html.replace("&nbsp;", " ").replace("&#160;", " ")
    if _NOT_XML.search(html):
        html = _NOT_XML.sub(" ", html)
    return clean_text(html)


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def tree_of(stripped: str) -> etree._Element:
    """The tree of a docClob already stripped by strip_word."""
    root = etree.fromstring(stripped, _PARSER) if stripped else None
    return root if root is not None else etree.Element("html")


def text_of(element: etree._Element) -> str:
    """An element's text without its tail; a cell holding only text (the usual case) is read directly."""
    if len(element) == 0:
        return element.text or ""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)
