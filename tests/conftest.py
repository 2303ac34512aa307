"""Shared test fixtures: where the real NFRA samples are (../shared beside the checkout), the databases,
and the CI rule that a browser or PostgreSQL test that cannot run is an error (tests/ci_strict.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from models.db import make_engine
from tests.ci_strict import pytest_runtest_makereport  # noqa: F401  (a hook pytest finds by name)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples" / "nfra"
REAL_ROWS_CSV = SAMPLES / "parsed_records_item4293_VincentGaoCn_2024-12_to_2026-04.csv"


@pytest.fixture(scope="session")
def samples() -> Path:
    """The real NFRA samples; CI has ../shared beside the checkout, so their absence is an error."""
    assert SAMPLES.is_dir(), f"real NFRA samples not found at {SAMPLES}"
    return SAMPLES


POSTGRES_URL = os.environ.get("FADAN_TEST_POSTGRES_URL")


def fresh_postgres(url: str) -> str:
    """Empty the test database's public schema, so a test starts from nothing."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: SQLite always; PostgreSQL when FADAN_TEST_POSTGRES_URL names one (CI)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fadan.db'}"
    if not POSTGRES_URL:
        pytest.skip("FADAN_TEST_POSTGRES_URL is not set (CI sets it)")
    return fresh_postgres(POSTGRES_URL)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite database, for tests whose subject does not depend on the database engine."""
    return f"sqlite:///{tmp_path / 'fadan.db'}"
