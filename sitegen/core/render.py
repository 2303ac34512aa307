"""The one Jinja environment of a build: autoescaped templates, the filters they use, and the context
every page gets (the base template contract documented at the top of site/templates/base.html)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from sitegen.core import fragments, urls
from sitegen.core.config import BuildConfig
from sitegen.core.formats import atom_time, cn_date, ext_url, money, num, xml_text, ymd, yuan
from sitegen.core.frame import Frame
from sitegen.core.shown import finalize

# sitegen/theme is the top-level site/ (a symlink in the checkout, the files themselves in the wheel).
SITEGEN = Path(__file__).resolve().parents[1]
THEME = SITEGEN / "theme"
TEMPLATES = THEME / "templates"
STATIC = THEME / "static"
LABELS_FILE = SITEGEN / "labels.toml"
SITE_NAME = "罚单"
SITE_NAME_EN = "Fadan"


def load_labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open("rb") as fh:
        return tomllib.load(fh)


class Renderer:
    def __init__(self, config: BuildConfig) -> None:
        self.config = config
        self.labels = load_labels()
        env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,  # every template, HTML and Atom alike: all notice text is untrusted
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            auto_reload=False,
            finalize=finalize,  # no printed value carries a bidi control (sitegen.core.shown)
        )
        env.filters.update(
            money=money, yuan=yuan, num=num, ymd=ymd, cn_date=cn_date, ext_url=ext_url, label=self.label,
            xml_text=xml_text, atom_time=atom_time,
        )
        base_path = config.base_path
        env.globals.update(
            url=lambda path="": urls.link(base_path, path),  # safe unquoted: href={{ url(...) }}
            paths=urls,  # the URL scheme (sitegen/core/urls.py): url(paths.bank(slug))
            static=lambda name: urls.link(base_path, urls.STATIC + name),
            anchor_id=lambda name: urls.link("", name),  # an element's id, safe unquoted: id={{ anchor_id(x) }}
            site={
                "name": SITE_NAME,
                "name_en": SITE_NAME_EN,
                "base_url": config.absolute(""),
                "base_path": base_path,
            },
        )
        # Set by the build from the database's regulators (Vocabulary.sources): one regulator, no split.
        env.globals.update(multi_source=False, source_label=str)
        # base.html's full frame; notice and person pages ask for the record pages' one (Frame.page).
        env.globals["record_page"] = False
        measure = lambda kind: self.label(kind, "measure")  # noqa: E731
        env.globals.update(
            sanctions=lambda e: fragments.sanctions(e, measure),
            entry=lambda e, omit=None: fragments.entry_html(e, base_path, measure, omit),
            atom_entry=lambda e: fragments.atom_entry(
                e, config.absolute(""), measure, env.globals["source_label"] if env.globals["multi_source"] else None
            ),
        )
        self.env = env
        self.frame = Frame(env)  # base.html, precompiled: every page that extends it uses it

    def label(self, code: Any, table: str) -> str:
        """The Chinese label of a stored code ('state-owned' -> 国有大型商业银行); the code if unknown."""
        if code is None or code == "":
            return ""
        return self.labels.get(table, {}).get(str(code), str(code))

    def page(self, template: str, path: str, nav: str, **context: Any) -> str:
        """Render a page whose directory is `path` ('banks/x/', '' for home)."""
        return self.env.get_template(template).render(
            page_path=path, canonical=self.config.absolute(path), nav=nav, **context
        )

    def entry(self, e: Any, omit: str | None = None) -> Markup:
        return self.env.globals["entry"](e, omit)
