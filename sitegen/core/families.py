"""Helpers shared by the page families: grouping entries and writing an index page."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from sitegen.core.output import Site
from sitegen.core.stats import Row, rows_key
from sitegen.core.summaries import Entry, NoticeSummary

BY_YEAR_LABEL = "{} 年"


def group_entries(
    entries: Iterable[Entry], key: Callable[[Entry], Hashable | None], *, multi: bool = False
) -> dict[Any, list[Entry]]:
    """Entries per key, each list keeping the global order (oldest first)."""
    groups: dict[Any, list[Entry]] = {}
    for e in entries:
        keys = key(e)
        for k in (keys if multi else (keys,)):  # type: ignore[union-attr]
            if k is not None:
                groups.setdefault(k, []).append(e)
    return groups


def group_notices(
    notices: Iterable[NoticeSummary], key: Callable[[NoticeSummary], Hashable | None]
) -> dict[Any, list[NoticeSummary]]:
    groups: dict[Any, list[NoticeSummary]] = {}
    for n in notices:
        k = key(n)
        if k is not None:
            groups.setdefault(k, []).append(n)
    return groups


def write_index(
    site: Site,
    *,
    directory: str,
    nav: str,
    family: str,
    title: str,
    intro: str,
    column: str,
    groups: list[tuple[str | None, list[Row]]],
    link: str,
    extra_key: Any = (),
    **context: Any,
) -> None:
    """An index page (/banks/, /regions/, ...): every item with its count and sum of fines."""
    key = (title, intro, column, link, tuple((h, rows_key(rows)) for h, rows in groups), extra_key)
    site.html(directory, key, "family_index.html", nav, family, title=title, intro=intro, column=column,
              groups=groups, link=link, **context)
