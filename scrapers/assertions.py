"""Per-run plausibility checks (as OpenSanctions' zavod does): a run that looks wrong fails loudly.

Each check is a pure function of counts, so it is tested without a crawl; the summary extension
feeds them and turns a failed check into a non-zero exit code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str


def list_totals(previous: Mapping[int, int | None], current: Mapping[int, int]) -> Check:
    """An item's list total dropping by more than a handful means notices vanished or the API changed."""
    drops = []
    for item_id, total in sorted(current.items()):
        before = previous.get(item_id)
        if before is not None and total < before - max(5, before // 100):
            drops.append(f"item {item_id}: {before} → {total}")
    if drops:
        return Check("list-totals", False, "list total dropped: " + "; ".join(drops))
    shown = ", ".join(f"{i}: {t}" for i, t in sorted(current.items())) or "no list read"
    return Check("list-totals", True, f"list totals steady ({shown})")


def freshness(latest_new: datetime | None, now: datetime, max_days: int) -> Check:
    """NFRA publishes penalties every working day: many days without a new notice is suspicious."""
    if latest_new is None:
        return Check("freshness", False, "the database holds no notice at all")
    days = (now - latest_new).total_seconds() / 86400
    if days > max_days:
        return Check("freshness", False, f"no new notice for {days:.0f} days (limit {max_days})")
    return Check("freshness", True, f"newest notice first seen {days:.1f} days ago")


def failed_parses(run_counts: Mapping[str, int], max_share: float) -> Check:
    """A jump in failed parses among this run's notices means the source format drifted."""
    fetched = sum(run_counts.values())
    failed = run_counts.get("failed", 0)
    if fetched and failed >= 3 and failed / fetched > max_share:
        return Check(
            "failed-parses", False,
            f"{failed} of {fetched} notices of this run failed to parse "
            f"({failed / fetched:.0%}, limit {max_share:.0%})",
        )
    return Check("failed-parses", True, f"{failed} of {fetched} notices of this run failed to parse")


def fetch_failures(open_failures: list[Mapping[str, object]], max_runs: int) -> Check:
    """A URL still failing after retries in several runs in a row needs a human."""
    stuck = [f for f in open_failures if int(f.get("attempts") or 0) >= max_runs]
    if stuck:
        urls = ", ".join(str(f["url"]) for f in stuck[:5])
        return Check("fetch-failures", False, f"{len(stuck)} URL(s) failed in {max_runs}+ runs: {urls}")
    return Check("fetch-failures", True, f"{len(open_failures)} URL(s) waiting to be retried next run")


def trust(failures: Mapping[str, int]) -> Check:
    """A refused certificate or a redirect off the source's hosts: someone may be answering in its name."""
    refused = []
    if tls := failures.get("tls-certificate", 0):
        refused.append(f"{tls} URL(s) refused: the server's TLS certificate did not verify (tls-certificate; "
                       "FADAN_CA_BUNDLE names a private CA to trust)")
    if offsite := failures.get("offsite-redirect", 0):
        refused.append(f"{offsite} URL(s) redirected to another host, not followed (offsite-redirect)")
    if refused:
        return Check("trust", False, "; ".join(refused))
    return Check("trust", True, "no certificate refused, no redirect off the source's hosts")
