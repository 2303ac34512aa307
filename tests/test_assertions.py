"""Run assertions: implausible counts fail the run, plausible ones pass."""

from __future__ import annotations

from datetime import datetime, timedelta

from scrapers import assertions

NOW = datetime(2026, 11, 28, 2, 0)


def test_a_dropping_list_total_fails() -> None:
    assert assertions.list_totals({4113: 900, 4293: 5000}, {4113: 901, 4293: 5000}).ok
    assert assertions.list_totals({4293: 5000}, {4293: 4996}).ok  # a removal or two is normal
    check = assertions.list_totals({4113: 900, 4293: 5000}, {4113: 900, 4293: 3100})
    assert not check.ok and "4293: 5000 → 3100" in check.message
    assert assertions.list_totals({}, {4113: 12}).ok  # first run: nothing to compare


def test_many_days_without_a_new_notice_fails() -> None:
    assert assertions.freshness(NOW - timedelta(days=2), NOW, max_days=10).ok
    assert not assertions.freshness(NOW - timedelta(days=11), NOW, max_days=10).ok
    assert not assertions.freshness(None, NOW, max_days=10).ok


def test_a_jump_in_failed_parses_fails() -> None:
    assert assertions.failed_parses({"ok": 95, "partial": 3, "failed": 2}, 0.05).ok
    assert not assertions.failed_parses({"ok": 40, "partial": 0, "failed": 10}, 0.05).ok
    assert assertions.failed_parses({"ok": 0, "partial": 0, "failed": 0}, 0.05).ok


def test_a_url_failing_run_after_run_fails() -> None:
    waiting = [{"url": "u1", "attempts": 1}, {"url": "u2", "attempts": 2}]
    assert assertions.fetch_failures(waiting, max_runs=3).ok
    check = assertions.fetch_failures([*waiting, {"url": "u3", "attempts": 3}], max_runs=3)
    assert not check.ok and "u3" in check.message


def test_a_refused_certificate_or_an_offsite_redirect_fails_the_trust_check() -> None:
    assert assertions.trust({"http-503": 4, "bad-row": 1}).ok  # ordinary failures have their own check
    tls = assertions.trust({"tls-certificate": 4})
    assert not tls.ok and "4 URL(s) refused: the server's TLS certificate did not verify" in tls.message
    assert "FADAN_CA_BUNDLE" in tls.message
    redirect = assertions.trust({"offsite-redirect": 1, "http-503": 2})
    assert not redirect.ok and "1 URL(s) redirected to another host, not followed" in redirect.message
