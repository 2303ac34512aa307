"""The page frame (site/templates/base.html), cut once per renderer into its constant pieces.

Every page is printed inside base.html (31,000 pages at 10,000 notices). Rendered by Jinja, the frame's
own printed values (the canonical URL, the static links, the nine menu links, each through finalize and
escape) cost more CPU than many pages' own content, though all but the canonical URL are the same on
every page. So base.html is rendered once per variant with markers in place of what varies (its blocks
and the canonical URL) and split at them; a page then pays only for its own blocks. base.html stays the
one place of the frame's markup: the pieces are made from it, never written here.

Variants: whether the page has scripts (base.html then prints a <meta> line, decided by `self.scripts()`)
and whether it is a record page (`record_page`: one page per notice or person, 220,000 at 100,000 notices,
whose frame leaves out the canonical link, the skip link and the search form: 55 MiB there). The default
menu (the `nav` block) is rendered once per highlighted section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from jinja2 import Environment, Template
from jinja2.runtime import Context
from markupsafe import escape

from sitegen.core.shown import shown_html

BASE = "base.html"
# What the frame's pieces assume is the same on every page (environment globals): a page that passes
# one of these in its own context is rendered by base.html's compiled code instead.
_CONSTANT_NAMES = frozenset({"url", "static", "site", "paths", "self"})
_MARK = "\x00{}\x00"
_MARKS = re.compile("\x00(title|canonical|head|nav|content|scripts)\x00")

Block = Callable[[Context], Iterator[str]]


class Frame:
    """Installed as the root function of base.html in `env`: every template that extends it uses it."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.base: Template = env.get_template(BASE)
        self._jinja_root = self.base.root_render_func
        self._nav_block: Block = self.base.blocks["nav"]
        self._variants: dict[tuple[bool, bool], list[tuple[str, str]]] = {}
        self._menus: dict[Any, str] = {}
        self.base.root_render_func = self.root

    def root(self, context: Context) -> Iterator[str]:
        """base.html's root: the constant pieces around the page's blocks (same output as Jinja's)."""
        if not _CONSTANT_NAMES.isdisjoint(context.vars):
            yield from self._jinja_root(context)
            return
        blocks = context.blocks
        scripts = self.env.concat(blocks["scripts"][0](context))
        has_scripts = bool(scripts.strip())
        if scripts and not has_scripts:  # only whitespace: printed, yet no <meta> line (not in any variant)
            yield from self._jinja_root(context)
            return
        for constant, part in self._variant(has_scripts, bool(context.resolve("record_page"))):
            yield constant
            if part == "canonical":
                yield escape(self.env.finalize(context.resolve("canonical")))
            elif part == "scripts":
                yield scripts
            elif part == "nav" and blocks["nav"][0] is self._nav_block:
                yield self.menu(context.resolve("nav"))
            elif part:
                yield from blocks[part][0](context)

    def page(self, *, title: str, content: str, nav: str | None, canonical: str = "", record_page: bool = False,
             scripts: str = "") -> str:
        """A page made in Python (no head): `title`, `content` and `scripts` (its <script> elements, or "")
        are HTML already; `nav` the section the menu highlights, or None for a page without the menu (an
        empty `nav` block); `canonical` its absolute URL, which a record page (`record_page`) does not print."""
        if not (canonical or record_page):
            raise ValueError("a page other than a record page needs its canonical URL")
        parts = {"title": title, "canonical": shown_html(canonical), "head": "", "scripts": scripts, "content": content,
                 "nav": "" if nav is None else self.menu(nav)}
        out = []
        for constant, part in self._variant(bool(scripts), record_page):
            out += (constant, parts[part]) if part else (constant,)
        return "".join(out)  # str.join: never `str + Markup`, which would escape the constant

    def menu(self, nav: Any) -> str:
        """base.html's own `nav` block with the section `nav` highlighted."""
        html = self._menus.get(nav)
        if html is None:
            context = self.base.new_context({"nav": nav})
            html = self._menus[nav] = self.env.concat(self._nav_block(context))
        return html

    def _variant(self, has_scripts: bool, record_page: bool) -> list[tuple[str, str]]:
        """base.html rendered with markers, as (constant text, the part that follows it or "")."""
        pieces = self._variants.get((has_scripts, record_page))
        if pieces is None:
            context = self.base.new_context({"canonical": _MARK.format("canonical"), "record_page": record_page})
            names = ("title", "head", "nav", "content") + (("scripts",) if has_scripts else ())
            context.blocks = {name: [_marker(name)] for name in names}
            if not has_scripts:
                context.blocks["scripts"] = [_marker("")]
            split = _MARKS.split(self.env.concat(self._jinja_root(context)))
            pieces = [(split[i], split[i + 1] if i + 1 < len(split) else "") for i in range(0, len(split), 2)]
            self._variants[(has_scripts, record_page)] = pieces
        return pieces


def _marker(name: str) -> Block:
    text = _MARK.format(name) if name else ""

    def block(context: Context) -> Iterator[str]:
        yield text

    return block
