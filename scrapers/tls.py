"""TLS for the crawl: every certificate is verified against a maintained CA bundle, never accepted blindly.

Scrapy's default context accepts any certificate, so anyone between the crawl and NFRA could answer in
its name. Here the server's certificate must chain to certifi's CA bundle (Mozilla's list, updated with
the package) and name the host; an operator who must trust a private CA (an inspecting proxy, a mirror)
names its PEM bundle in FADAN_CA_BUNDLE, which then replaces certifi's. A refused certificate fails the
request: it is recorded as `tls-certificate` (scrapers/failures.py) and named in the crawl summary.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import certifi
from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from twisted.internet.ssl import Certificate, optionsForClientTLS, trustRootFromCertificates
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

from scrapers.failures import tls_problem

_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


class CABundleError(Exception):
    """The CA bundle cannot be read: the crawl stops before any request rather than trust nothing or all."""


def ca_bundle_path(setting: str | None) -> Path:
    """The bundle FADAN_CA_BUNDLE names, or certifi's."""
    return Path(setting) if setting else Path(certifi.where())


def load_bundle(path: Path) -> list[Certificate]:
    try:
        blocks = _PEM.findall(path.read_bytes())
    except OSError as exc:
        raise CABundleError(f"cannot read the CA bundle {path}: {exc.strerror or exc}") from None
    if not blocks:
        raise CABundleError(f"the CA bundle {path} holds no PEM certificate")
    return [Certificate.loadPEM(block) for block in blocks]


@implementer(IPolicyForHTTPS)
class VerifyingPolicy:
    """Client TLS options that verify the chain against the bundle and the certificate against the host."""

    def __init__(self, certificates: list[Certificate]) -> None:
        self.trust = trustRootFromCertificates(certificates)

    def creatorForNetloc(self, hostname: bytes, port: int) -> Any:
        return optionsForClientTLS(hostname.decode("ascii"), trustRoot=self.trust)


class VerifyingDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with the verifying policy in place of its accept-anything context.

    Scrapy 2.19 deprecates the DOWNLOADER_CLIENTCONTEXTFACTORY setting and verifies only against the
    system's store (DOWNLOAD_VERIFY_CERTIFICATES); the handler's context factory is replaced instead.
    tests/test_crawl_hostile.py fails if a Scrapy upgrade makes this stop verifying.
    """

    @classmethod
    def from_crawler(cls, crawler: Any) -> VerifyingDownloadHandler:
        handler = super().from_crawler(crawler)
        if not hasattr(handler, "_contextFactory"):
            raise RuntimeError("Scrapy's HTTP/1.1 handler changed: TLS verification cannot be installed")
        bundle = ca_bundle_path(crawler.settings.get("FADAN_CA_BUNDLE"))
        handler._contextFactory = VerifyingPolicy(load_bundle(bundle))
        return handler


class CertificateRefusedMiddleware:
    """A refused certificate is not retried: it will not verify a second later, and the retries would only
    repeat the same handshake (RetryMiddleware, at 550, reads dont_retry)."""

    def process_exception(self, request: Request, exception: BaseException) -> None:
        if tls_problem(exception) is not None:
            request.meta["dont_retry"] = True
