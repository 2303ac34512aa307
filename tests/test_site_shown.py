"""shown_str (the notice pages' printer) prints exactly what shown_html prints: bidi controls removed, then
escaped as an autoescaped template would; its shortcut only skips a Markup for values shown_html leaves as
they are."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from markupsafe import Markup

from sitegen.core.shown import BIDI_CONTROLS, shown_html, shown_str

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
VALUES: list[Any] = [
    "中国银行股份有限公司北京分行",
    '"><script>alert(1)</script>',
    "A&B 'quoted' <b>",
    "罚款\u202e万元",
    *BIDI,
    *"&<>'\"",
    "",
    0,
    -12,
    12_345_678,
    None,
    True,
    1.5,
    date(2024, 1, 2),
    Markup("<b>kept</b>"),
    Markup("<b>\u202ekept</b>"),
]


@pytest.mark.parametrize("value", VALUES)
def test_shown_str_prints_what_shown_html_prints(value: Any) -> None:
    assert shown_str(value) == shown_html(value)


def test_nothing_active_or_reversed_comes_through() -> None:
    for value in VALUES:
        printed = shown_str(value)
        assert BIDI_CONTROLS.search(printed) is None
        if not isinstance(value, Markup):
            assert "<" not in printed and '"' not in printed and "'" not in printed
