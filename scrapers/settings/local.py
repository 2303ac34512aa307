"""Settings for crawling the project's own local NFRA server (tests, demo, benchmarks): no politeness.

Use with `SCRAPY_SETTINGS_MODULE=scrapers.settings.local scrapy crawl nfra -s NFRA_BASE_URL=http://127.0.0.1:PORT`.
"""

from scrapers.settings import *  # noqa: F403

ROBOTSTXT_OBEY = False
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 32
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
DOWNLOAD_TIMEOUT = 10
FADAN_BACKOFF_BASE = 0.05
FADAN_BACKOFF_MAX = 0.5
LOGSTATS_INTERVAL = 60.0
