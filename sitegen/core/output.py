"""What every page family needs during the output pass, in one object."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import Engine

from sitegen.core import urls
from sitegen.core.config import BuildConfig
from sitegen.core.refs import Vocabulary
from sitegen.core.register.load import Register
from sitegen.core.render import Renderer
from sitegen.core.summaries import Corpus, Entry
from sitegen.core.writer import SiteWriter


class Rows:
    """The list items of some entries, made only when a template prints them ({{ rows }}): a page
    whose digest is unchanged is never rendered, so its items are never made. Printing joins them in
    one go (`__html__`) instead of a template loop that would escape-check 200 items per page."""

    def __init__(self, site: Site, entries: list[Entry], omit: str | None) -> None:
        self._site = site
        self._entries = entries
        self._omit = omit

    def __html__(self) -> str:
        return "\n".join(iter(self))

    def __iter__(self) -> Iterator[Markup]:
        row, omit = self._site.row, self._omit
        return (row(e, omit) for e in self._entries)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class Site:
    config: BuildConfig
    renderer: Renderer
    writer: SiteWriter
    vocab: Vocabulary
    corpus: Corpus
    engine: Engine
    register: Register
    _rows: dict[tuple[int, str | None], Markup] = field(default_factory=dict)
    _atom: dict[int, Markup] = field(default_factory=dict)

    def row(self, entry: Entry, omit: str | None = None) -> Markup:
        """The list item of an entry, rendered once per build however many listings show it."""
        html = self._rows.get((entry.index, omit))
        if html is None:
            html = self._rows[(entry.index, omit)] = self.renderer.entry(entry, omit)
        return html

    def atom_entries(self, entries: list[Entry]) -> Markup:
        """The Atom <entry> elements of some penalties, each made once per build."""
        made = []
        for e in entries:
            xml = self._atom.get(e.index)
            if xml is None:
                xml = self._atom[e.index] = self.renderer.env.globals["atom_entry"](e)
            made.append(xml)
        return Markup("\n").join(made)

    def rows(self, entries: list[Entry], omit: str | None = None) -> Rows:
        return Rows(self, entries, omit)

    def html_lazy(
        self, directory: str, key: Any, template: str, nav: str, family: str, context: Callable[[], dict[str, Any]]
    ) -> bool:
        """Like html(), with the context made only if the page is rendered."""
        render: Callable[[], str] = lambda: self.renderer.page(template, directory, nav, **context())  # noqa: E731
        return self.writer.page(urls.index_file(directory), (template, key), render, family)

    def html(self, directory: str, key: Any, template: str, nav: str, family: str, **context: Any) -> bool:
        """Write `{directory}index.html` from `template` unless its inputs (`key`) are unchanged."""
        render: Callable[[], str] = lambda: self.renderer.page(template, directory, nav, **context)  # noqa: E731
        return self.writer.page(urls.index_file(directory), (template, key), render, family)
