"""SourceRedirectMiddleware: redirects are followed within the spider's hosts only, dont_filter or not.

Scrapy's offsite filter lets a dont_filter request through and a redirect keeps the flag: the spiders'
requests all carry it, so this middleware is what keeps a redirect on the source.
"""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from scrapers.middlewares import OffsiteRedirect, SourceRedirectMiddleware


class Source(Spider):
    name = "source"
    source_hosts = frozenset({"www.nfra.gov.cn"})


class NoHosts(Spider):
    name = "no-hosts"


def redirect(spider_class: type[Spider], url: str, location: str, status: int = 302) -> Request | Response:
    crawler = get_crawler(spider_class)
    crawler.spider = spider_class.from_crawler(crawler)
    middleware = SourceRedirectMiddleware.from_crawler(crawler)
    request = Request(url, dont_filter=True)
    return middleware.process_response(request, Response(url, status=status, headers={"Location": location},
                                                         request=request))


def test_a_redirect_within_the_source_is_followed_and_keeps_dont_filter() -> None:
    followed = redirect(Source, "https://www.nfra.gov.cn/a.json", "/cn/static/b.json")
    assert isinstance(followed, Request)
    assert followed.url == "https://www.nfra.gov.cn/cn/static/b.json" and followed.dont_filter
    assert followed.meta["redirect_urls"] == ["https://www.nfra.gov.cn/a.json"]


@pytest.mark.parametrize("location", ["http://10.0.0.1/admin", "//169.254.169.254/latest/meta-data/",
                                      "https://www.nfra.gov.cn.evil.example/a.json", "https://nfra.gov.cn/a.json"])
def test_a_redirect_off_the_source_is_refused(location: str) -> None:
    with pytest.raises(OffsiteRedirect, match=r"redirect to .* refused \(only www\.nfra\.gov\.cn is followed\)"):
        redirect(Source, "https://www.nfra.gov.cn/a.json", location, status=301)


def test_a_spider_without_source_hosts_stays_on_the_host_it_asked() -> None:
    assert isinstance(redirect(NoHosts, "https://www.pbc.gov.cn/a/index.html", "/b/index.html"), Request)
    with pytest.raises(OffsiteRedirect):
        redirect(NoHosts, "https://www.pbc.gov.cn/a/index.html", "http://localhost:8080/")
