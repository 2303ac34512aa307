"""Under CI=true a test that needs Chromium or PostgreSQL and cannot run fails instead of skipping: CI
exists to run them (issue 14). Locally they skip, so `make test` works without either."""

from __future__ import annotations

import os

import pytest

NEEDS = ("browser", "postgres")  # the markers of tests that need something CI installs


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    report = outcome.get_result()
    needs = [name for name in NEEDS if item.get_closest_marker(name)]
    if report.skipped and needs and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"CI=true and this {'/'.join(needs)} test could not run: {reason}"
