"""The operator's view: one summary at the end of every crawl, a crawl_run row, and the exit code.

Exit codes (also in the README): 0 nothing needs attention; 1 the crawl did not finish (storage
error, a crawl-state write that failed, interrupted, crashed); 2 a plausibility assertion failed (list
total dropped, no new notice for days, a jump in failed parses, a URL failing run after run, a
certificate refused or a redirect off the source's hosts).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from typing import Any

from scrapy import Spider, signals

from models.store import Store, utcnow
from scrapers import assertions
from scrapers.process_store import store_for

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_UNFINISHED, EXIT_ASSERTION = 0, 1, 2


class CrawlSummary:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.started_at = utcnow()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        """After the spider's crawl state is flushed and closed (its removals counted), summarise the run.
        Its queries run on a thread of their own: the event loop never waits on the database."""
        state = getattr(spider, "state", None)
        state_errors: list[str] = []
        if state is not None:
            await asyncio.wrap_future(state.closed)
            state_errors = state.errors
        await asyncio.to_thread(self._summarise, spider, reason, state_errors)

    def _summarise(self, spider: Spider, reason: str, state_errors: list[str]) -> None:
        stats = self.crawler.stats
        store: Store = store_for(self.settings)
        now = utcnow()
        # Every figure and check is of the crawled source's own notices.
        regulator = getattr(spider, "regulator", "nfra")
        max_days = self.settings.getint(getattr(spider, "freshness_setting", "FADAN_MAX_DAYS_WITHOUT_NEW"))
        run_parse = {s: int(stats.get_value(f"fadan/parse/{s}", 0)) for s in ("ok", "partial", "failed")}
        checks = [
            assertions.list_totals(getattr(spider, "previous_totals", {}), getattr(spider, "list_totals", {})),
            assertions.freshness(store.latest_first_seen(regulator), now, max_days),
            assertions.failed_parses(run_parse, self.settings.getfloat("FADAN_MAX_FAILED_PARSE_SHARE")),
            assertions.fetch_failures(
                store.open_failures(regulator), self.settings.getint("FADAN_MAX_FETCH_FAILURE_RUNS")
            ),
            assertions.trust({key.removeprefix("fadan/failed/"): value for key, value in stats.get_stats().items()
                              if key.startswith("fadan/failed/")}),
        ]
        if state_errors:
            stats.set_value("fadan/crawl_state_errors", len(state_errors))
        if reason != "finished" or state_errors:
            exit_code = EXIT_UNFINISHED
        elif not all(check.ok for check in checks):
            exit_code = EXIT_ASSERTION
        else:
            exit_code = EXIT_OK
        figures = self._figures(stats, store, regulator, run_parse, checks, reason, exit_code)
        summary = render_summary(figures, checks, state_errors)
        stats.set_value("fadan/exit_code", exit_code)
        store.record_run(
            started_at=self.started_at,
            finished_at=now,
            mode="full" if getattr(spider, "full", False) else "incremental",
            items=",".join(str(i) for i in getattr(spider, "items", [])),
            exit_code=exit_code,
            stats=json.dumps(figures, ensure_ascii=False, default=str),
            summary=summary,
            regulator=regulator,
        )
        # The summary is the last thing the crawl prints: plain lines, not log records.
        print(summary, flush=True)

    def _figures(
        self, stats: Any, store: Store, regulator: str, run_parse: dict[str, int], checks: list[assertions.Check],
        reason: str, exit_code: int,
    ) -> dict[str, Any]:
        values = stats.get_stats()
        prefixed = lambda prefix: {  # noqa: E731
            key.removeprefix(prefix): value for key, value in values.items() if key.startswith(prefix)
        }
        return {
            "regulator": regulator,
            "reason": reason,
            "exit_code": exit_code,
            "started_at": self.started_at,
            "seconds": round((utcnow() - self.started_at).total_seconds(), 1),
            "notices_new": values.get("fadan/notices_new", 0),
            "notices_changed": values.get("fadan/notices_changed", 0),
            "notices_unchanged": values.get("fadan/notices_unchanged", 0),
            "notices_removed": values.get("fadan/notices_removed", 0),
            "penalties_new": values.get("fadan/penalties_new", 0),
            "requests": values.get("downloader/request_count", 0),
            "requests_list": values.get("fadan/requests/list", 0),
            "requests_detail": values.get("fadan/requests/detail", 0),
            "responses_by_status": prefixed("downloader/response_status_count/"),
            "retries": values.get("retry/count", 0),
            "retries_by_reason": prefixed("retry/reason_count/"),
            "bad_responses": prefixed("fadan/bad_response/"),
            "failures": prefixed("fadan/failed/"),
            "open_failures": len(store.open_failures(regulator)),
            "parse_run": run_parse,
            "parse_total": store.parse_status_counts(regulator),
            "notices_total": store.notice_count(regulator),
            "list_totals": {str(k): v for k, v in getattr(self.crawler.spider, "list_totals", {}).items()},
            "checks": {check.name: check.ok for check in checks},
        }


def _of(figures: dict[str, Any]) -> str:
    """' (pboc)' for another regulator's crawl; NFRA's summary reads as it always did."""
    regulator = figures.get("regulator", "nfra")
    return "" if regulator == "nfra" else f" ({regulator})"


def render_summary(figures: dict[str, Any], checks: list[assertions.Check], state_errors: Sequence[str] = ()) -> str:
    def kinds(counts: dict[str, Any]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"

    parse_run, parse_total = figures["parse_run"], figures["parse_total"]
    lines = [
        f"== Fadan crawl summary{_of(figures)}: {figures['reason']}, {figures['seconds']}s ==",
        f"notices: {figures['notices_new']} new, {figures['notices_changed']} changed, "
        f"{figures['notices_unchanged']} refetched unchanged, {figures['notices_removed']} removed; "
        f"{figures['penalties_new']} new penalties; {figures['notices_total']} notices stored",
        f"requests: {figures['requests']} ({figures['requests_list']} list, {figures['requests_detail']} detail); "
        f"retries {figures['retries']} ({kinds(figures['retries_by_reason'])}); "
        f"bad 200 responses: {kinds(figures['bad_responses'])}",
        f"failures after retries: {kinds(figures['failures'])}; {figures['open_failures']} URL(s) to retry next run",
        "parse this run: " + ", ".join(f"{s} {parse_run.get(s, 0)}" for s in ("ok", "partial", "failed"))
        + "; stored: " + ", ".join(f"{s} {parse_total.get(s, 0)}" for s in ("ok", "partial", "failed")),
    ]
    lines += [f"check {c.name}: {'ok' if c.ok else 'FAILED'}: {c.message}" for c in checks]
    if state_errors:
        lines.append(f"crawl state: {len(state_errors)} write(s) failed (walk progress, failures or removals "
                     f"not recorded), first: {state_errors[0]}")
    code = figures["exit_code"]
    verdict = {
        EXIT_OK: "nothing needs attention",
        EXIT_UNFINISHED: "the crawl did not finish: rerun it (it resumes where it stopped)",
        EXIT_ASSERTION: "an assertion failed: a human should look",
    }[code]
    lines.append(f"exit {code}: {verdict}")
    return "\n".join(lines)
