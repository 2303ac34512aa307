"""The institution strings saved beside the build manifest (sitegen/core/register/located.py): a build that
reads them writes the same bytes as a build from scratch, and a file of other code or vocabularies is ignored."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from test_site_fixtures import GOLDEN_BASE_URL, add_notice, make_tiny_db, simple_notice

from sitegen.builder import build_site
from sitegen.core.config import BuildConfig
from sitegen.core.database import open_database
from sitegen.core.register import located, tree
from sitegen.core.register.load import load_register
from sitegen.core.register.tree import Located, NodeKey, locate
from sitegen.core.writer import MANIFEST

HANGZHOU = "中国工商银行股份有限公司杭州分行"  # a party of the tiny corpus, and the institution of two people


@pytest.fixture(autouse=True)
def fresh_locate() -> Iterator[None]:
    """Every test starts, and leaves, with nothing located in this process."""
    locate.cache_clear()
    tree._known.clear()
    yield
    locate.cache_clear()
    tree._known.clear()


def _config(db: Path, out: Path) -> BuildConfig:
    return BuildConfig(db_url=f"sqlite:///{db}", out_dir=out, base_url=GOLDEN_BASE_URL, search=False, jobs=1,
                       downloads=False)


def _site(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name not in (MANIFEST, located.CACHE_FILE)}


def _from_scratch(db: Path, out: Path) -> dict[str, bytes]:
    locate.cache_clear()
    tree._known.clear()
    build_site(_config(db, out))
    return _site(out)


def _saved(out: Path) -> dict:
    return json.loads((out / located.CACHE_FILE).read_text(encoding="utf-8"))


def _misplace_hangzhou(saved: dict) -> dict:
    """The file with the Hangzhou branch put in Ningbo: what a stale file could say."""
    saved["nodes"].append(["中国工商银行", ["宁波分行"]])
    saved["located"][HANGZHOU] = [len(saved["nodes"]) - 1, [], False]
    return saved


def test_saved_strings_read_back_as_locate_finds_them(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    build_site(_config(db, tmp_path / "public"))
    read = located.load(tmp_path / "public" / located.CACHE_FILE)
    assert HANGZHOU in read and "中国农业银行股份有限公司" in read
    assert read[HANGZHOU] == Located(NodeKey("中国工商银行", ("杭州分行",)), (), False)
    locate.cache_clear()
    assert read == {text: locate(text) for text in read}  # with nothing remembered: located afresh


def test_a_nightly_build_with_the_saved_strings_equals_one_from_scratch(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    build_site(_config(db, out))
    before = _saved(out)
    add_notice(db, *simple_notice(3000, datetime(2025, 7, 1, 9), parties=3))
    locate.cache_clear()  # a new process: only the file knows the old strings
    tree._known.clear()
    build_site(_config(db, out))
    after = _saved(out)
    assert set(before["located"]) < set(after["located"])  # the new notice's strings joined them
    assert _site(out) == _from_scratch(db, tmp_path / "scratch")


def test_the_saved_strings_are_used_when_code_and_vocabularies_match(tmp_path: Path) -> None:
    """A wrong entry under the right version moves the branch: the register does read the file (hence a
    file is trusted only for the very code and vocabularies it was saved with)."""
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    build_site(_config(db, out))
    saved = _misplace_hangzhou(_saved(out))
    (out / located.CACHE_FILE).write_text(json.dumps(saved), encoding="utf-8")
    engine = open_database(f"sqlite:///{db}")
    try:
        fresh = load_register(engine)  # with what this process located
        locate.cache_clear()
        tree._known.clear()
        cached = load_register(engine, out / located.CACHE_FILE)
    finally:
        engine.dispose()
    hangzhou = {key for key in fresh.node_of if fresh.node_of[key].path == ("杭州分行",)}
    assert hangzhou
    assert {cached.node_of[key] for key in hangzhou} == {NodeKey("中国工商银行", ("宁波分行",))}


@pytest.mark.parametrize("damage", ["other version", "not json", "wrong shape"])
def test_a_file_of_other_code_or_vocabularies_is_ignored(tmp_path: Path, damage: str) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    build_site(_config(db, out))
    saved = _misplace_hangzhou(_saved(out))
    if damage == "other version":  # as after an edit of models/data or of the register's code
        saved["version"] = "0" * 32
        text = json.dumps(saved)
    elif damage == "not json":
        text = json.dumps(saved)[:-40]
    else:
        saved["located"][HANGZHOU] = [len(saved["nodes"]) + 5, [], False]
        text = json.dumps(saved)
    (out / located.CACHE_FILE).write_text(text, encoding="utf-8")
    locate.cache_clear()
    tree._known.clear()
    build_site(_config(db, out))
    assert _site(out) == _from_scratch(db, tmp_path / "scratch")
    assert _saved(out)["version"] == located.code_digest()  # replaced by this build's


def test_a_full_build_does_not_read_the_file(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    build_site(_config(db, out))
    saved = _misplace_hangzhou(_saved(out))
    (out / located.CACHE_FILE).write_text(json.dumps(saved), encoding="utf-8")
    locate.cache_clear()
    tree._known.clear()
    build_site(dataclasses.replace(_config(db, out), full=True))
    assert _site(out) == _from_scratch(db, tmp_path / "scratch")


def test_the_digest_covers_the_vocabulary_data_and_the_register_code() -> None:
    root = Path(located.__file__).resolve().parents[3]
    covered = {p.resolve().relative_to(root).as_posix() for p in located.inputs()}
    assert {"sitegen/core/register/tree.py", "sitegen/core/register/renames.toml", "sitegen/core/register/located.py",
            "models/vocab/groups.py", "models/vocab/text.py", "models/vocab/regions.py"} <= covered
    assert any(path.startswith("models/data/") and path.endswith(".csv") for path in covered)


def test_a_string_with_a_lone_surrogate_reads_back(tmp_path: Path) -> None:
    texts = ["中国农业银行股份有限公司宁德\udc80支行", "时任\ud800行长", HANGZHOU]
    located.save(tmp_path / located.CACHE_FILE, texts, {})
    read = located.load(tmp_path / located.CACHE_FILE)
    assert set(read) == set(texts)
    locate.cache_clear()
    assert read == {text: locate(text) for text in texts}
