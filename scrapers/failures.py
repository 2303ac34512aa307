"""How a failed request is named and keyed in `fetch_failure`, the crawl log and the summary."""

from __future__ import annotations

from OpenSSL import SSL
from scrapy.http import Request
from scrapy.spidermiddlewares.httperror import HttpError
from service_identity.exceptions import VerificationError
from twisted.python.failure import Failure

from scrapers.middlewares import OffsiteRedirect

TLS_CERTIFICATE = "tls-certificate"
OFFSITE_REDIRECT = "offsite-redirect"


def original_url(request: Request) -> str:
    """The URL the spider asked for, before any redirect: failures are recorded and cleared under it, so
    a failure never hides under a redirect target that the next run does not request."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def describe_failure(failure: Failure) -> tuple[str, str]:
    """(kind, reason) of a request that failed after its retries; never the body of an answer."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http-{status}", f"HTTP {status} after retries"
    if failure.check(OffsiteRedirect):
        return OFFSITE_REDIRECT, str(failure.value)
    tls = tls_problem(failure)
    if tls is not None:
        return TLS_CERTIFICATE, (
            f"the server's TLS certificate did not verify ({tls}); certificates are checked against certifi's "
            "CA bundle, or the bundle FADAN_CA_BUNDLE names"
        )
    error = failure.value
    return type(error).__name__, str(error) or type(error).__name__


def tls_problem(failure: Failure | BaseException) -> str | None:
    """What a refused certificate says, found in a download failure (Twisted wraps it in ResponseNeverReceived
    or ResponseFailed, whose `reasons` hold the TLS failure)."""
    pending: list[Failure | BaseException] = [failure]
    while pending:
        item = pending.pop()
        error = item.value if isinstance(item, Failure) else item
        if isinstance(error, VerificationError):
            return f"certificate is not for this host: {error}"[:300]
        if isinstance(error, SSL.Error) and "certificate" in str(error):
            return " ".join(str(part[-1]) for part in (error.args[0] if error.args else []) if part) or str(error)
        # ResponseNeverReceived and ResponseFailed list their reasons; Scrapy 2.19 wraps them in
        # DownloadFailedError (raised from the original).
        pending.extend(getattr(error, "reasons", None) or [])
        if error.__cause__ is not None:
            pending.append(error.__cause__)
    return None
