"""An incremental build is exact: after each change to the data (or to the build version) the site it
leaves is byte for byte the site a build from scratch makes. The statistics receipts skip every receipt
whose records did not change (sitegen/pages/receipts, Entry.content), and with --jobs 2 they are written
by a forked child (sitegen.core.background.ForkedPages): both are checked here against a one-process
build into an empty directory."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from test_site_fixtures import GOLDEN_AS_OF, GOLDEN_BASE_URL, add_notice, make_tiny_db, simple_notice

import sitegen.builder as builder
from models.db import make_engine
from models.record import Category, Party
from models.store import Store
from sitegen.builder import build_site
from sitegen.core.config import BuildConfig

OWN_FILES = (".fadan-build.json", ".fadan-located.json")  # the build's own records, not the site


def contents(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*")
            if p.is_file() and p.name not in OWN_FILES}


def repeat_at_icbc_hangzhou(doc_id: int, published: datetime) -> tuple:
    """A 2025 notice that penalises 中国工商银行杭州分行 and its 王建华 again (notice 1002 did in 2024): two
    of them give the branch a page of its own (register.load.NODE_PAGE_MIN), which changes what the 2024
    notice's page shows (its register marks) but none of its figures."""
    meta, parsed = simple_notice(doc_id, published)
    parsed.parties = [
        Party(seq=1, party_name="中国工商银行股份有限公司杭州分行", party_kind="institution",
              facts="贷款三查不尽职", decision="罚款30万元", authority="浙江金融监管局", fine_yuan=300_000,
              bank_group="中国工商银行", institution_type="state-owned", province="浙江",
              decided_on=date(2025, 8, 1), categories=[Category("credit", "贷款三查不尽职")]),
        Party(seq=2, party_name="王建华", party_kind="individual", party_role="时任中国工商银行杭州某支行行长",
              institution="中国工商银行股份有限公司杭州分行", facts="对贷款三查不尽职负有责任", decision="警告",
              authority="浙江金融监管局", warning=True, bank_group="中国工商银行",
              institution_type="state-owned", province="浙江", categories=[Category("credit", "贷款三查不尽职")]),
    ]
    return meta, parsed


def reparse_with_other_fine(db: Path, doc_id: int, fine: int) -> None:
    """The parser read a different fine on a second pass (save_parse: no new fetch)."""
    meta, parsed = simple_notice(doc_id, datetime(2025, 7, 1, 9))
    parsed.parties[0].fine_yuan = fine
    engine = make_engine(f"sqlite:///{db}")
    Store(engine).save_parse(meta, parsed, parser_version=2)
    engine.dispose()


def withdraw(db: Path, doc_id: int) -> None:
    """The regulator took the notice off its site (what Store.mark_removed records)."""
    with sqlite3.connect(db) as con:
        con.execute("UPDATE notice SET removed_at = ? WHERE doc_id = ?", ("2025-09-01 08:00:00", doc_id))


def delete(db: Path, doc_id: int) -> None:
    """An operator deleted a notice from the database altogether."""
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM penalty_category WHERE penalty_id IN (SELECT id FROM penalty WHERE doc_id = ?)",
                    (doc_id,))
        con.execute("DELETE FROM penalty WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM notice_history WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM notice_raw WHERE doc_id = ?", (doc_id,))
        con.execute("DELETE FROM notice WHERE doc_id = ?", (doc_id,))


def test_an_incremental_build_after_each_change_is_the_build_from_scratch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    config = BuildConfig(db_url=f"sqlite:///{db}", out_dir=tmp_path / "incremental", base_url=GOLDEN_BASE_URL,
                         search=False, jobs=2, as_of=GOLDEN_AS_OF)
    build_site(config)

    changes: list[tuple[str, Callable[[], None]]] = [
        ("a new notice", lambda: add_notice(db, *simple_notice(3000, datetime(2025, 7, 1, 9), parties=2))),
        ("repeats that change an older notice's register marks",
         lambda: [add_notice(db, *repeat_at_icbc_hangzhou(doc_id, datetime(2025, month, 12, 10)))
                  for doc_id, month in ((3001, 8), (3002, 9))]),
        ("a re-parse that changes a record", lambda: reparse_with_other_fine(db, 3000, 450_000)),
        ("a withdrawn notice", lambda: withdraw(db, 3001)),
        ("a deleted notice", lambda: delete(db, 3000)),
        ("a new build version (code or vocabulary)",
         lambda: monkeypatch.setattr(builder, "build_version", lambda *_args: "another-version")),
        ("nothing", lambda: None),
    ]
    for number, (change, apply) in enumerate(changes):
        older_notice = (config.out_dir / "notices/1002/index.html").read_bytes()
        apply()
        report = build_site(config)
        scratch = replace(config, out_dir=tmp_path / f"scratch{number}", jobs=1)
        build_site(scratch)
        incremental, fresh = contents(config.out_dir), contents(scratch.out_dir)
        assert incremental.keys() == fresh.keys(), change
        differ = sorted(path for path in fresh if incremental[path] != fresh[path])
        assert not differ, f"after {change}: {differ}"
        if change.startswith("repeats"):
            assert (config.out_dir / "notices/1002/index.html").read_bytes() != older_notice  # its marks moved
            # ... but none of its figures: no receipt is rendered only to find the same bytes.
            assert report.counts["stats"].get("unchanged", 0) == 0
