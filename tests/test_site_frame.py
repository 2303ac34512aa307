"""The page frame cut into constant pieces (sitegen/core/frame.py) prints exactly what Jinja's compiled
base.html prints, whatever a page fills in; and the writer's fast path for a new folder never overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.core.config import BuildConfig
from sitegen.core.render import Renderer
from sitegen.core.writer import SiteWriter, write_if_changed

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


def test_a_fresh_write_never_overwrites_what_is_there(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    page = tmp_path / "a" / "index.html"
    page.write_text("same", "utf-8")
    before = page.stat().st_mtime_ns
    os.utime(page, ns=(before - 10**9, before - 10**9))
    assert write_if_changed(tmp_path, "a/index.html", "same", fresh=True) is False
    assert page.stat().st_mtime_ns == before - 10**9  # compared, not rewritten
    assert write_if_changed(tmp_path, "a/index.html", "new", fresh=True) is True
    assert page.read_text("utf-8") == "new"


def test_a_fresh_write_makes_a_folder_again_after_it_was_removed(tmp_path: Path) -> None:
    assert write_if_changed(tmp_path, "b/c/index.html", "one", fresh=True)
    (tmp_path / "b" / "c" / "index.html").unlink()
    (tmp_path / "b" / "c").rmdir()
    assert write_if_changed(tmp_path, "b/c/index.html", "two", fresh=True)
    assert (tmp_path / "b" / "c" / "index.html").read_text("utf-8") == "two"
    assert (tmp_path / "b" / "c" / "index.html").stat().st_mode & 0o777 == 0o644


def test_only_an_empty_folder_is_fresh(tmp_path: Path) -> None:
    assert SiteWriter(tmp_path / "new", "v").fresh
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "index.html").write_text("x", "utf-8")
    assert not SiteWriter(tmp_path / "old", "v").fresh
