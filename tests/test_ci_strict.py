"""The CI rule of tests/ci_strict.py: under CI=true a browser or PostgreSQL test that skips is a failure;
locally it stays a skip, and other skips are untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SUITE = '''
import pytest

@pytest.mark.browser
@pytest.mark.skipif(True, reason="needs Chromium on PATH")
def test_in_chromium():
    pass

@pytest.mark.postgres
def test_on_postgresql():
    pytest.skip("FADAN_TEST_POSTGRES_URL is not set")

@pytest.mark.skipif(True, reason="rsync is not installed")
def test_with_rsync():
    pass
'''


def run_suite(tmp_path: Path, ci: str | None) -> str:
    (tmp_path / "conftest.py").write_text("from tests.ci_strict import pytest_runtest_makereport  # noqa: F401\n")
    (tmp_path / "test_needs.py").write_text(SUITE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs",
                           "-o", "markers=browser\npostgres", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    return done.stdout


def summary(output: str) -> str:
    return output.strip().splitlines()[-1]


@pytest.mark.parametrize("ci", [None, "false"])
def test_outside_ci_they_skip(tmp_path: Path, ci: str | None) -> None:
    assert "3 skipped" in summary(run_suite(tmp_path, ci))


def test_under_ci_a_browser_or_postgresql_skip_fails(tmp_path: Path) -> None:
    output = run_suite(tmp_path, "true")
    # A skipif fails at set-up (an error), a pytest.skip in the test body fails the test: either fails the run.
    assert summary(output).startswith("1 failed, 1 skipped, 1 error"), output
    assert "could not run: needs Chromium on PATH" in output
    assert "could not run: FADAN_TEST_POSTGRES_URL is not set" in output
