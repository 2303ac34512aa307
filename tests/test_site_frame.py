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
LEAF = CHILD + "{% block nav %}{% endblock %}"  # a page without the menu (notices, people, receipts)


def _renderer(tmp_path: Path, base_path: str) -> Renderer:
    return Renderer(BuildConfig(db_url="sqlite://", out_dir=tmp_path, base_url="https://example.org" + base_path,
                                base_path=base_path))


@pytest.mark.parametrize("base_path", ["/", '/x"<y>/'])
@pytest.mark.parametrize("record_page", [False, True])
@pytest.mark.parametrize("scripts", ["", '<script src="/s.js" defer></script>', "  \n"])
@pytest.mark.parametrize("nav", ["banks", "about", "", HOSTILE])
def test_frame_prints_what_jinja_prints(tmp_path: Path, base_path: str, record_page: bool, scripts: str,
                                        nav: str) -> None:
    renderer = _renderer(tmp_path, base_path)
    renderer.env.globals["record_page"] = record_page
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


@pytest.mark.parametrize("record_page", [False, True])
def test_a_page_made_in_python_gets_the_same_frame(tmp_path: Path, record_page: bool) -> None:
    renderer = _renderer(tmp_path, "/")
    leaf = renderer.env.from_string('{% extends "base.html" %}{% block title %}T &amp; t{% endblock %}'
                                    "{% block nav %}{% endblock %}{% block content %}<p>c</p>{% endblock %}")
    canonical = renderer.config.absolute("notices/1/") + HOSTILE
    expected = leaf.render(canonical=canonical, nav="notices", page_path="notices/1/", record_page=record_page)
    made = renderer.frame.page(title="T &amp; t", canonical="" if record_page else canonical, content="<p>c</p>",
                               nav=None, record_page=record_page)
    assert made == expected


def test_a_record_page_links_to_search_and_other_pages_carry_the_form(tmp_path: Path) -> None:
    frame = _renderer(tmp_path, "/fadan/").frame
    full = frame.page(title="T", canonical="https://example.org/fadan/banks/", content="<p>c</p>", nav="banks")
    record = frame.page(title="T", content="<p>c</p>", nav=None, record_page=True)
    assert '<link rel=canonical href="https://example.org/fadan/banks/">' in full
    assert "<a class=skip href=#main>" in full and "<form class=find action=/fadan/search/ role=search>" in full
    assert "rel=canonical" not in record and "class=skip" not in record and "<form" not in record
    assert "<a class=find href=/fadan/search/>搜索</a>" in record
    for page in (full, record):  # the same footer, and no regulator named in it (one footer for every source)
        assert page.endswith("<footer>以原文为准 · <a href=/fadan/about/>来源与方法</a></footer>\n")
    with pytest.raises(ValueError):
        frame.page(title="T", content="<p>c</p>", nav="banks")  # a page that is not a record page needs its URL


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
