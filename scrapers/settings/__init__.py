"""Scrapy settings for the live site: polite by default (README, "Crawling the real site"; docs/architecture.md).

Every Fadan knob is also read from the environment variable of the same name, and `-s NAME=value`
beats both. `scrapers.settings.local` switches politeness off for the project's own local server
(tests, the demo and benchmarks).
"""

from __future__ import annotations

import os

from models.db import DEFAULT_DATABASE_URL

BOT_NAME = "fadan"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"
COMMANDS_MODULE = "scrapers.commands"

# --- Fadan -----------------------------------------------------------------------------------------
NFRA_BASE_URL = os.environ.get("NFRA_BASE_URL", "https://www.nfra.gov.cn")
DATABASE_URL = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
# The penalty items of the NFRA site: 总局机关, 监管局本级, 监管分局本级, 派出机构.
NFRA_ITEMS = [4113, 4114, 4115, 4293]
NFRA_PAGE_SIZE = int(os.environ.get("NFRA_PAGE_SIZE", "100"))
# A full walk (-a full=1) re-fetches the details of notices published in the last N days, to find
# upstream edits; -a refetch=all re-fetches every one.
NFRA_FULL_REFETCH_DAYS = int(os.environ.get("NFRA_FULL_REFETCH_DAYS", "180"))
# The People's Bank of China head office (`scrapy crawl pboc`): static HTML list and detail pages.
PBOC_BASE_URL = os.environ.get("PBOC_BASE_URL", "https://www.pbc.gov.cn")
# A full walk re-fetches the details of PBOC notices published in the last N days (edits).
PBOC_FULL_REFETCH_DAYS = int(os.environ.get("PBOC_FULL_REFETCH_DAYS", "180"))
# The head office publishes every few weeks (161 days passed between two notices in 2026): its own
# freshness limit, beside NFRA's FADAN_MAX_DAYS_WITHOUT_NEW.
PBOC_MAX_DAYS_WITHOUT_NEW = int(os.environ.get("PBOC_MAX_DAYS_WITHOUT_NEW", "240"))
# Run assertions (scrapers/assertions.py): thresholds that make a run exit non-zero.
FADAN_MAX_DAYS_WITHOUT_NEW = int(os.environ.get("FADAN_MAX_DAYS_WITHOUT_NEW", "10"))
FADAN_MAX_FAILED_PARSE_SHARE = float(os.environ.get("FADAN_MAX_FAILED_PARSE_SHARE", "0.05"))
FADAN_MAX_FETCH_FAILURE_RUNS = int(os.environ.get("FADAN_MAX_FETCH_FAILURE_RUNS", "3"))

# TLS: certificates are verified against certifi's CA bundle (scrapers/tls.py); a PEM bundle named here
# replaces it, for an operator who must trust a private CA (an inspecting proxy, a mirror).
FADAN_CA_BUNDLE = os.environ.get("FADAN_CA_BUNDLE", "")
DOWNLOAD_HANDLERS = {"https": "scrapers.tls.VerifyingDownloadHandler"}
DOWNLOAD_VERIFY_CERTIFICATES = True  # for any other handler Scrapy might pick: never accept all

# --- Politeness: about one request a second, backing off when the site struggles -------------------
USER_AGENT = os.environ.get(
    "FADAN_USER_AGENT",
    "Fadan/0.1 (open tracker of NFRA administrative penalties; +https://github.com/fadan-penalties/fadan)",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50%: no machine-regular rhythm
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024  # the largest real detail is well under 1 MB; Scrapy's default is 1 GB
COOKIES_ENABLED = False
# 403 and 429 are how the site says "too fast": retried after an exponential pause (BackoffMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429, 403]
FADAN_BACKOFF_BASE = 2.0  # seconds of pause after the first 403/429/503
FADAN_BACKOFF_MAX = 300.0

DEFAULT_REQUEST_HEADERS = {
    "Accept": "application/json, text/plain, */*",
    "Accept-Language": "zh-CN,zh;q=0.9",
    "X-Requested-With": "XMLHttpRequest",
}

DOWNLOADER_MIDDLEWARES = {
    "scrapers.middlewares.BackoffMiddleware": 545,  # next to RetryMiddleware (550)
    # Redirects are followed only within the source's own hosts (the spider's source_hosts).
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapers.middlewares.SourceRedirectMiddleware": 600,
    "scrapers.tls.CertificateRefusedMiddleware": 560,  # sees a download's exception before RetryMiddleware
}
# An HTML page with a <meta refresh> is an error page here (the API answers JSON): never followed.
METAREFRESH_ENABLED = False
# The spider sets Referer itself (the page a browser would have open) and has no notion of depth.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
}
ITEM_PIPELINES = {"scrapers.pipelines.IngestPipeline": 300}
# Processes that parse and store notices (0: in the crawl's own process).
FADAN_INGEST_PROCESSES = int(os.environ.get("FADAN_INGEST_PROCESSES", "1"))
# A detail yields one item; Scrapy starts CONCURRENT_ITEMS tasks per response to process its output,
# which at the default of 100 cost more than the parsing.
CONCURRENT_ITEMS = 4
EXTENSIONS = {
    "scrapers.extensions.CrawlSummary": 500,
    "scrapy.extensions.telnet.TelnetConsole": None,
}

# get_retry_request() (retrying a 200 that is an error page) carries retry_times forward on purpose.
META_COPY_WARN_SKIP_KEYS = ["retry_times"]

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("FADAN_LOG_LEVEL", "INFO")
# Scrapy's own periodic stats lines are noise in a nightly log; the summary says what matters.
LOGSTATS_INTERVAL = 300.0
