"""Fault injection for the local NFRA server: the ways the real site fails, deterministic by seed.

Every request to a faulted endpoint (list and detail by default) counts as one attempt of its URL.
Attempts 1..succeed_after of a URL fail with probability `rate`, the kind drawn by weight from
`kinds`; attempt succeed_after + 1 and later are always answered correctly, so a crawler that
retries enough always completes. Whether attempt k of a URL fails, and how, depends only on
(seed, URL, k), not on timing or on other URLs — except 403, which starts a burst: every faultable
request in the next `burst_s` seconds is refused too (unless it is past succeed_after).

Kinds: 500 502 503 504 (status with an nginx error page), 403 (a burst), 429 (with Retry-After),
timeout (the answer is held back `timeout_s` seconds, longer than a client's timeout), reset (the
connection is reset without an answer), html200 (an HTML "try later" page with status 200),
empty200 (status 200, empty body), truncated (the real JSON cut short, status 200), rptcode (a JSON
envelope with rptCode 500).

Spec string (CLI --faults): "rate=0.3,kinds=503:1,403:1,html200:1,succeed_after=3,seed=7,timeout_s=5,
burst_s=2,endpoints=list;detail". "kinds=all" (the default) weighs every kind 1.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from localnfra.rng import mix, text_key, unit

KINDS = ("500", "502", "503", "504", "403", "429", "timeout", "reset", "html200", "empty200", "truncated",
         "rptcode")
ENDPOINTS = ("list", "detail", "page", "pdf")


def _all_kinds() -> dict[str, float]:
    return {k: 1.0 for k in KINDS}


@dataclass(frozen=True)
class FaultSpec:
    rate: float = 0.3
    kinds: dict[str, float] = field(default_factory=_all_kinds)
    succeed_after: int = 3
    seed: int = 0
    timeout_s: float = 30.0
    burst_s: float = 2.0
    endpoints: tuple[str, ...] = ("list", "detail")

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError(f"fault rate must be within 0..1, not {self.rate}")
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
        if not self.kinds or any(w < 0 for w in self.kinds.values()) or sum(self.kinds.values()) <= 0:
            raise ValueError("fault kinds need positive weights")
        if self.succeed_after < 0:
            raise ValueError("succeed_after must be >= 0")
        bad = set(self.endpoints) - set(ENDPOINTS)
        if bad:
            raise ValueError(f"unknown endpoints {sorted(bad)}; known: {', '.join(ENDPOINTS)}")

    @classmethod
    def parse(cls, spec: str) -> FaultSpec:
        """Parse "rate=0.3,kinds=503:1,403:2,succeed_after=3,seed=7" (see the module docstring)."""
        values: dict[str, object] = {}
        kinds: dict[str, float] = {}
        key = None
        for token in (t.strip() for t in spec.split(",")):
            if not token:
                continue
            if "=" in token:
                key, _, value = token.partition("=")
                key = key.strip()
                value = value.strip()
            elif key == "kinds":
                value = token
            else:
                raise ValueError(f"cannot read {token!r} in fault spec {spec!r}")
            if key == "kinds":
                if value == "all":
                    kinds.update(_all_kinds())
                    continue
                name, _, weight = value.partition(":")
                kinds[name.strip()] = float(weight) if weight else 1.0
            elif key in ("rate", "timeout_s", "burst_s"):
                values[key] = float(value)
            elif key in ("succeed_after", "seed"):
                values[key] = int(value)
            elif key == "endpoints":
                values[key] = tuple(e for e in value.replace("+", ";").split(";") if e)
            else:
                raise ValueError(f"unknown fault setting {key!r} in {spec!r}")
        if kinds:
            values["kinds"] = kinds
        return cls(**values)  # type: ignore[arg-type]

    def __str__(self) -> str:
        kinds = ",".join(f"{k}:{w:g}" for k, w in self.kinds.items())
        return (f"rate={self.rate:g},kinds={kinds},succeed_after={self.succeed_after},seed={self.seed},"
                f"timeout_s={self.timeout_s:g},burst_s={self.burst_s:g},endpoints={';'.join(self.endpoints)}")


class FaultInjector:
    """Decides, per request, whether to fail it and how; remembers attempts per URL."""

    def __init__(self, spec: FaultSpec) -> None:
        self.spec = spec
        self._attempts: Counter[str] = Counter()
        self._burst_until = 0.0
        self._lock = threading.Lock()
        self._kinds = [(k, w) for k, w in spec.kinds.items() if w > 0]

    def attempts(self, url: str) -> int:
        return self._attempts[url]

    def decide(self, url: str, endpoint: str, now: float | None = None) -> str | None:
        """The fault kind for this request of `url`, or None to answer it correctly."""
        if endpoint not in self.spec.endpoints:
            return None
        now = time.monotonic() if now is None else now
        with self._lock:
            self._attempts[url] += 1
            attempt = self._attempts[url]
            if attempt > self.spec.succeed_after:
                return None
            if now < self._burst_until:
                return "403"
            key = text_key(url)
            if unit(self.spec.seed, key, attempt) >= self.spec.rate:
                return None
            kind = self._pick(mix(self.spec.seed, key, attempt, 1))
            if kind == "403":
                self._burst_until = now + self.spec.burst_s
            return kind

    def _pick(self, h: int) -> str:
        total = sum(w for _, w in self._kinds)
        x = (h >> 11) / float(1 << 53) * total
        for kind, w in self._kinds:
            x -= w
            if x < 0:
                return kind
        return self._kinds[-1][0]

    def truncate_at(self, url: str, length: int) -> int:
        """Where a truncated answer of this URL stops (10% to 90% of the body), deterministic."""
        if length < 2:
            return 0
        frac = 0.1 + 0.8 * unit(self.spec.seed, text_key(url), self._attempts[url], 2)
        return max(1, min(length - 1, int(length * frac)))


NGINX_ERROR = {
    "500": "500 Internal Server Error", "502": "502 Bad Gateway", "503": "503 Service Temporarily Unavailable",
    "504": "504 Gateway Time-out", "403": "403 Forbidden", "429": "429 Too Many Requests",
}


def error_page(status: str) -> bytes:
    title = NGINX_ERROR[status]
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").encode()


HTML_200_PAGE = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统提示</title></head><body>'
    "<div style=\"margin:80px auto;width:480px;text-align:center\"><h2>访问过于频繁</h2>"
    "<p>您的访问过于频繁或系统繁忙，请稍后再试。</p></div></body></html>"
).encode()

RPTCODE_ERROR = '{"rptCode":500,"msg":"系统繁忙，请稍后再试","data":null}'.encode()
