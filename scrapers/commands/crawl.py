"""`scrapy crawl`, with the exit code of the crawl summary (0 fine, 1 unfinished, 2 assertion failed)."""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name, e.g. `scrapy crawl nfra`")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        code = crawler.stats.get_value("fadan/exit_code")
        # No code means the summary never ran: the crawl crashed before closing properly.
        self.exitcode = 1 if code is None else int(code)
