"""The page frame cut into constant pieces (sitegen/core/frame.py) prints exactly what Jinja's compiled
base.html prints, whatever a page fills in."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.core.config import BuildConfig
from sitegen.core.render import Renderer

HOSTILE = '"><script>alert(1)</script>\u202e&amp;'
CHILD = """{% extends "base.html" %}
{% block title %}{{ title }}{% endblock %}
{% block head %}{{ head }}{% endblock %}
{% block content %}<p>{{ title }}</p>
{% endblock %}
{% block scripts %}{{ scripts }}{% endblock %}"""
LEAF = CHILD + "{% block nav %}{% endblock %}"  # a page without the menu (notices, people)


def _renderer(tmp_path: Path, base_path: str) -> Renderer:
    return Renderer(BuildConfig(db_url="sqlite://", out_dir=tmp_path, base_url="https://example.org" + base_path,
                                base_path=base_path))


@pytest.mark.parametrize("base_path", ["/", '/x"<y>/'])
@pytest.mark.parametrize("multi_source", [False, True])
@pytest.mark.parametrize("scripts", ["", '<script src="/s.js" defer></script>', "  \n"])
@pytest.mark.parametrize("nav", ["banks", "about", "", HOSTILE])
def test_frame_prints_what_jinja_prints(tmp_path: Path, base_path: str, multi_source: bool, scripts: str,
                                        nav: str) -> None:
    renderer = _renderer(tmp_path, base_path)
    renderer.env.globals["multi_source"] = multi_source
    context = {"title": HOSTILE, "head": HOSTILE, "scripts": scripts, "page_path": "a/",
               "canonical": renderer.config.absolute("a/") + HOSTILE, "nav": nav}
    frame = renderer.frame
    for template in map(renderer.env.from_string, (CHILD, LEAF)):
        made = template.render(**context)
        frame.base.root_render_func = frame._jinja_root  # base.html as Jinja compiled it
        try:
            expected = template.render(**context)
        finally:
            frame.base.root_render_func = frame.root
        assert made == expected
        assert "<script>alert" not in made and "\u202e" not in made


@pytest.mark.parametrize("multi_source", [False, True])
def test_a_page_made_in_python_gets_the_same_frame(tmp_path: Path, multi_source: bool) -> None:
    renderer = _renderer(tmp_path, "/")
    renderer.env.globals["multi_source"] = multi_source
    leaf = renderer.env.from_string('{% extends "base.html" %}{% block title %}T &amp; t{% endblock %}'
                                    "{% block nav %}{% endblock %}{% block content %}<p>c</p>{% endblock %}")
    canonical = renderer.config.absolute("notices/1/") + HOSTILE
    expected = leaf.render(canonical=canonical, nav="notices", page_path="notices/1/")
    made = renderer.frame.page(title="T &amp; t", canonical=canonical, content="<p>c</p>", nav=None,
                               multi_source=multi_source)
    assert made == expected
