"""Backing off when the site says "too fast" (403 bursts, 429, 503), then resuming gently."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.http import Response

logger = logging.getLogger(__name__)

PUSHBACK = {403, 429, 503}


class BackoffMiddleware:
    """Doubles the pause of a host's download slot on each 403/429/503 in a row; halves it on success.

    RetryMiddleware retries those responses; this makes the retries (and everything else queued for
    that host) wait: base, 2×base, 4×base … up to FADAN_BACKOFF_MAX seconds, or the server's own
    Retry-After when it sends one. AutoThrottle, when enabled, keeps steering the delay from latency.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.base = settings.getfloat("FADAN_BACKOFF_BASE")
        self.maximum = settings.getfloat("FADAN_BACKOFF_MAX")
        self.normal_delay = settings.getfloat("DOWNLOAD_DELAY")
        self.streak: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> BackoffMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return response
        if response.status in PUSHBACK:
            streak = self.streak.get(key, 0) + 1
            self.streak[key] = streak
            pause = min(self.maximum, max(self.base * 2 ** (streak - 1), _retry_after(response)))
            if pause > slot.delay:
                logger.warning("%s answered %s: pausing %.1fs between requests", key, response.status, pause)
                slot.delay = pause
            self.crawler.stats.inc_value(f"fadan/backoff/{response.status}")
        elif 200 <= response.status < 300 and self.streak.get(key):
            self.streak[key] = 0
        elif 200 <= response.status < 300 and slot.delay > self.normal_delay:
            slot.delay = max(self.normal_delay, slot.delay / 2)
        return response


def _retry_after(response: Response) -> float:
    value = response.headers.get(b"Retry-After")
    try:
        return float(value.decode()) if value else 0.0
    except ValueError:
        return 0.0
