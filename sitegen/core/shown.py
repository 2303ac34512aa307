"""What the site shows of a source's text: no bidirectional controls, no ID numbers, no home addresses.

The crawl strips bidi controls and masks personal data at ingest (scrapers/guard.py), but a database
filled before that holds them still, so every text the site takes from the database (pages, feeds, the
search index, the CSV, JSON and SQLite downloads) passes through `shown_text` as well. Masking is
models.privacy.mask_personal_data, the one place of that rule.

A bidi control (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) in a party name reverses the rest of a
listing line; `finalize` strips them from every value a template prints, whatever field it came from.

Cost, measured on the bench's 3,000-notice corpus (jobs=1, CPU seconds of the build and its children):
a full build 7.1 -> 9.1 s, an incremental one 1.4 -> 1.5 s (the search index re-reads every record);
most of it is notice pages, which an incremental build renders only when their data changed.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from models.privacy import BIDI_CONTROLS, safe_text  # the one definition, shared with the ingest guard

__all__ = ["BIDI_CONTROLS", "finalize", "shown_html", "shown_markup", "shown_str", "shown_text"]


def shown_text(value: str | None) -> str | None:
    """A database text as the site may show it: bidi controls removed, personal data masked."""
    if not value:
        return value
    return safe_text(value)


def shown_markup(value: Markup) -> Markup:
    """Sanitised HTML as the site may show it (masking changes only characters of text, never markup)."""
    return Markup(shown_text(str(value)))


_NUMBERS = frozenset({int, float, bool, type(None)})


def finalize(value: Any) -> Any:
    """Jinja's finalize: every printed value, plain, Markup or HTML-producing (a listing's rows), without bidi
    controls. Called for every value every template prints (1.8 million at 10,000 notices): plain strings,
    Markup and numbers take a fast path (no hasattr, no Markup copy), with the same result."""
    kind = type(value)
    if kind is str or kind is Markup:
        if BIDI_CONTROLS.search(value) is None:
            return value
        cleaned = BIDI_CONTROLS.sub("", str(value))
        return Markup(cleaned) if kind is Markup else cleaned
    if kind in _NUMBERS:
        return value
    if not isinstance(value, str) and hasattr(value, "__html__"):
        value = Markup(value.__html__())
    if isinstance(value, str) and BIDI_CONTROLS.search(value):
        cleaned = BIDI_CONTROLS.sub("", str(value))
        return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def shown_html(value: Any) -> Markup:
    """What an autoescaped template prints for `{{ value }}`, for markup written in Python (notice pages, the
    frame, the receipts' tables): bidi controls removed by `finalize`, then escaped."""
    return escape(finalize(value))


# What shown_html changes in a plain string: a bidi control (removed) or a character HTML escapes.
_CHANGED = re.compile(f"[&<>'\"{BIDI_CONTROLS.pattern[1:-1]}]").search


def shown_str(value: Any) -> str:
    """shown_html(value) for markup joined from many values in Python (a notice page prints about 60): the same
    text, without making a Markup of every value, which costs more than the escaping. A plain string that
    shown_html would leave as it is (no bidi control, nothing to escape: most values) is returned as it is;
    anything else goes through shown_html."""
    kind = type(value)
    if kind is str and _CHANGED(value) is None:
        return value
    if kind is int:  # digits and a sign: nothing to remove or escape
        return str(value)
    return shown_html(value)
