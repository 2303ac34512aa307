"""Shared test fixtures: where the real NFRA samples are (../shared beside the checkout), the databases,
and the CI rule that a browser or PostgreSQL test that cannot run is an error (tests/ci_strict.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from qa.checkout import REAL_ROWS, ROOT, SAMPLES
from qa.postgres import empty_schema
from tests.ci_strict import pytest_runtest_makereport  # noqa: F401  (a hook pytest finds by name)

__all__ = ["POSTGRES_URL", "REAL_ROWS_CSV", "ROOT", "SAMPLES", "fresh_postgres"]  # what tests import
REAL_ROWS_CSV = SAMPLES / REAL_ROWS


@pytest.fixture(scope="session")
def samples() -> Path:
    """The real NFRA samples; CI has ../shared beside the checkout, so their absence is an error."""
    assert SAMPLES.is_dir(), f"real NFRA samples not found at {SAMPLES}"
    return SAMPLES


POSTGRES_URL = os.environ.get("FADAN_TEST_POSTGRES_URL")


fresh_postgres = empty_schema  # the test database emptied, so a test starts from nothing


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
