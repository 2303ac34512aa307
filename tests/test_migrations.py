"""Migrations: the migrated schema is the models' schema, and an older database upgrades in place."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import models.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from models.db import make_engine
from models.migrations import HEAD, migrate
from tests.conftest import POSTGRES_URL, fresh_postgres


def _columns(engine, table: str) -> dict[str, tuple[str, bool]]:
    return {
        c["name"]: (type(c["type"]).__name__.upper(), bool(c["nullable"]))
        for c in inspect(engine).get_columns(table)
    }


def test_migrated_schema_equals_the_models(tmp_path: Path) -> None:
    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.db'}")
    migrate(migrated)
    declared = make_engine(f"sqlite:///{tmp_path / 'declared.db'}")
    SQLModel.metadata.create_all(declared)

    tables = set(inspect(declared).get_table_names())
    assert set(inspect(migrated).get_table_names()) == tables | {"schema_migration"}
    for table in sorted(tables):
        assert _columns(migrated, table) == _columns(declared, table), table
        assert {tuple(u["column_names"]) for u in inspect(migrated).get_unique_constraints(table)} == {
            tuple(u["column_names"]) for u in inspect(declared).get_unique_constraints(table)
        }, table


def test_migrate_is_idempotent_and_recorded(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    assert migrate(engine) == list(range(1, HEAD + 1))
    assert migrate(engine) == []
    with engine.connect() as conn:
        assert [r[0] for r in conn.execute(text("SELECT version FROM schema_migration ORDER BY version"))] == list(
            range(1, HEAD + 1)
        )


def test_a_version_1_database_upgrades_without_losing_a_row(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    assert migrate(engine, target=1) == [1]
    seen = datetime(2025, 6, 3, 9, 0)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO notice (doc_id, item_id, title, published_at, source_url, layout, parse_status, "
                "first_seen_at, last_seen_at) VALUES (1212085, 4114, '浙江监管局行政处罚信息公开表', :p, "
                "'https://www.nfra.gov.cn/x', 'horizontal', 'ok', :s, :s)"
            ),
            {"p": datetime(2025, 6, 3, 10, 1), "s": seen},
        )
        conn.execute(
            text(
                "INSERT INTO penalty (doc_id, seq, party_name, fine_yuan, warning, ban_lifetime) "
                "VALUES (1212085, 1, '中国太平洋财产保险股份有限公司温州分公司', 560000, 0, 0)"
            )
        )
        conn.execute(
            text("INSERT INTO penalty_category (penalty_id, category, phrase) VALUES (1, 'insurance', '虚假')")
        )
    assert "removed_at" not in _columns(engine, "notice")

    assert migrate(engine) == list(range(2, HEAD + 1))

    with engine.connect() as conn:
        notice = conn.execute(text("SELECT doc_id, title, first_seen_at, removed_at FROM notice")).one()
        assert notice.doc_id == 1212085 and notice.title == "浙江监管局行政处罚信息公开表"
        assert notice.removed_at is None
        assert conn.execute(text("SELECT party_name, fine_yuan FROM penalty")).one() == (
            "中国太平洋财产保险股份有限公司温州分公司",
            560000,
        )
        assert conn.execute(text("SELECT count(*) FROM penalty_category")).scalar() == 1
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert "removed_at" in _columns(engine, "notice")


@pytest.mark.postgres
def test_migrations_build_the_same_schema_on_postgresql() -> None:
    if not POSTGRES_URL:
        pytest.skip("FADAN_TEST_POSTGRES_URL is not set (CI sets it)")
    engine = make_engine(fresh_postgres(POSTGRES_URL))
    assert migrate(engine) == list(range(1, HEAD + 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS declared CASCADE"))
        conn.execute(text("CREATE SCHEMA declared"))
        SQLModel.metadata.create_all(conn.execution_options(schema_translate_map={None: "declared"}))
    inspector = inspect(engine)
    for table in SQLModel.metadata.tables:
        def columns(schema: str | None, name: str = table) -> dict[str, tuple[str, bool]]:
            return {
                c["name"]: (type(c["type"]).__name__, bool(c["nullable"]))
                for c in inspector.get_columns(name, schema=schema)
            }
        assert columns(None) == columns("declared"), table


def test_processes_migrating_a_new_database_at_once_apply_each_step_once(db_url: str) -> None:
    # Two Scrapyd workers starting together on an empty database: each step must run exactly once.
    engines = [make_engine(db_url) for _ in range(4)]
    with ThreadPoolExecutor(len(engines)) as pool:
        applied = list(pool.map(migrate, engines))
    assert sorted(v for versions in applied for v in versions) == list(range(1, HEAD + 1))
    for engine in engines:
        engine.dispose()


def test_a_version_2_database_gains_forfeiture_yuan_and_keeps_its_penalties(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'v2.db'}")
    assert migrate(engine, target=2) == [1, 2]
    seen = datetime(2025, 6, 3, 9, 0)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO notice (doc_id, item_id, title, source_url, layout, parse_status, "
                          "first_seen_at, last_seen_at) VALUES (1100001, 4113, '行政处罚信息公开表', "
                          "'https://www.nfra.gov.cn/x', 'vertical', 'ok', :s, :s)"), {"s": seen})
        conn.execute(text("INSERT INTO penalty (doc_id, seq, party_name, fine_yuan, confiscated_yuan, warning, "
                          "ban_lifetime) VALUES (1100001, 1, '泰康在线财产保险股份有限公司', 8233566, 2103566, 1, 0)"))
    assert "forfeiture_yuan" not in _columns(engine, "penalty")

    assert migrate(engine) == list(range(3, HEAD + 1))

    assert "forfeiture_yuan" in _columns(engine, "penalty")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT party_name, fine_yuan, confiscated_yuan, forfeiture_yuan FROM penalty")).one()
        assert row == ("泰康在线财产保险股份有限公司", 8233566, 2103566, None)


def test_connections_opening_a_new_sqlite_file_at_once_all_get_wal(tmp_path: Path) -> None:
    # Switching a new file to WAL needs it to itself, and SQLite then answered "database is locked" at
    # once, without the busy timeout: a few rounds in 200 failed before the retry.
    for round_ in range(200):
        engines = [make_engine(f"sqlite:///{tmp_path / f'new{round_}.db'}") for _ in range(8)]
        try:
            with ThreadPoolExecutor(len(engines)) as pool:
                modes = list(pool.map(_journal_mode, engines))
            assert modes == ["wal"] * 8
        finally:
            for engine in engines:
                engine.dispose()


def _journal_mode(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA journal_mode")).scalar()


def test_an_nfra_only_version_3_database_upgrades_to_regulators_in_place(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'v3.db'}")
    assert migrate(engine, target=3) == [1, 2, 3]
    seen = datetime(2025, 6, 3, 9, 0)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO notice (doc_id, item_id, title, source_url, layout, parse_status, "
                          "first_seen_at, last_seen_at) VALUES (1212085, 4114, '浙江监管局行政处罚信息公开表', "
                          "'https://www.nfra.gov.cn/x', 'horizontal', 'ok', :s, :s)"), {"s": seen})
        conn.execute(text("INSERT INTO penalty (doc_id, seq, party_name, fine_yuan, warning, ban_lifetime) "
                          "VALUES (1212085, 1, '中国农业银行股份有限公司温州分行', 500000, 0, 0)"))
        conn.execute(text("INSERT INTO fetch_failure (url, doc_id, kind, attempts, first_failed_at, last_failed_at) "
                          "VALUES ('https://www.nfra.gov.cn/d.json', 1212086, 'http-503', 1, :s, :s)"), {"s": seen})
    assert "regulator" not in _columns(engine, "notice")

    assert migrate(engine) == [4]

    with engine.connect() as conn:
        assert conn.execute(text("SELECT doc_id, regulator, source_key, disclosure_until FROM notice")).one() == (
            1212085, "nfra", None, None
        )
        assert conn.execute(text("SELECT party_name, regulator, disclosure_years FROM penalty")).one() == (
            "中国农业银行股份有限公司温州分行", "nfra", None
        )
        assert conn.execute(text("SELECT regulator FROM fetch_failure")).scalar() == "nfra"
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        # A row written by code that knows nothing of regulators is NFRA's.
        conn.execute(text("INSERT INTO penalty (doc_id, seq, warning, ban_lifetime) VALUES (1212085, 2, 0, 0)"))
        assert conn.execute(text("SELECT regulator FROM penalty WHERE seq = 2")).scalar() == "nfra"
    assert _columns(engine, "notice")["regulator"] == ("VARCHAR", False)
