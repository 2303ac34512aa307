"""Downloader middlewares: backing off when the site says "too fast" (403 bursts, 429, 503), then resuming
gently; following redirects only within the source's own hosts."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
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


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host the source does not own: refused, its answer never read."""


class SourceRedirectMiddleware(RedirectMiddleware):
    """Scrapy's RedirectMiddleware, refusing any redirect that leaves the spider's `source_hosts`.

    A redirect keeps its request's dont_filter flag, and Scrapy's offsite filter lets such requests
    through, so without this a source (or whoever sits between it and us) could send the crawl to any
    host, internal addresses included, and the answer's start would land in fetch_failure and the log.
    A spider without `source_hosts` may be redirected within the host of the request only.
    """

    def handle_referer(self, request: Request, response: Response) -> None:
        """The spider sets Referer itself (the NFRA page a browser would have open): a redirect within the
        site keeps it. (Scrapy's default asks RefererMiddleware, which the settings switch off.)"""

    def _engine_started(self) -> None:
        """Scrapy warns here that RefererMiddleware is off; handle_referer above does without it."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        result = super().process_response(request, response)
        if isinstance(result, Request):
            hosts = getattr(self.crawler.spider, "source_hosts", None) or {urlsplit(request.url).hostname}
            target = urlsplit(result.url).hostname
            if target not in hosts:
                self.crawler.stats.inc_value("fadan/offsite_redirect")
                raise OffsiteRedirect(
                    f"HTTP {response.status} redirect to {target or '?'} refused "
                    f"(only {', '.join(sorted(h for h in hosts if h))} is followed)"
                )
        return result
