"""`fadan`: one command for the operator's jobs (docs/architecture.md, "Commands").

    fadan crawl [nfra] [scrapy options]   the crawl (= scrapy crawl nfra), from any directory
    fadan build [options]                 render the database into a static site (= python build.py)
    fadan reparse [options]               re-parse stored notices from their raw JSON
    fadan nightly [options]               crawl, build and publish under a lock (cron)
    fadan demo [options]                  the offline demo (needs the demo extra: pip install 'fadan[demo]')
    fadan datasette [options]             the SQLite download made ready for Datasette
    fadan scaleout [options]              a full crawl split across Scrapyd workers

`fadan COMMAND --help` shows a command's options. The older spellings (`python build.py`,
`python -m ops.nightly`, `scrapy crawl nfra`, …) keep working.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def crawl(argv: list[str]) -> int:
    """`scrapy crawl`, the settings module named so no scrapy.cfg is needed; the spider defaults to nfra."""
    from scrapy.cmdline import execute

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    if not argv or argv[0].startswith("-"):
        argv = [DEFAULT_SPIDER, *argv]
    try:
        execute(["scrapy", "crawl", *argv])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


# Each command imports its module only when run: `fadan build` never imports Scrapy, and only
# `fadan demo` imports the local server.
def build(argv: list[str]) -> int:
    from sitegen.cli import main

    return main(argv, prog="fadan build")


def reparse(argv: list[str]) -> int:
    from scrapers.reparse import main

    return main(argv)


def nightly(argv: list[str]) -> int:
    from ops.nightly import main

    return main(argv)


def demo(argv: list[str]) -> int:
    try:
        from ops.demo import main
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("localnfra"):
            print("fadan demo needs the local NFRA server: pip install 'fadan[demo]'", file=sys.stderr)
            return 2
        raise
    return main(argv)


def datasette(argv: list[str]) -> int:
    from ops.datasette import main

    return main(argv)


def scaleout(argv: list[str]) -> int:
    from ops.scaleout import main

    return main(argv)


DEFAULT_SPIDER = "nfra"
COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "crawl": (crawl, "the crawl (= scrapy crawl nfra; -a full=1, -a items=…, -s NAME=VALUE)"),
    "build": (build, "render the database into a static site (= python build.py)"),
    "reparse": (reparse, "re-parse stored notices from their raw JSON"),
    "nightly": (nightly, "crawl, build and publish under a lock"),
    "demo": (demo, "the offline demo: local NFRA server → crawl → SQLite → site"),
    "datasette": (datasette, "the SQLite download made ready for Datasette"),
    "scaleout": (scaleout, "a full crawl split across Scrapyd workers"),
}


def usage() -> str:
    lines = [f"  {name:<10} {summary}" for name, (_, summary) in COMMANDS.items()]
    return "usage: fadan COMMAND [ARGS]  (fadan COMMAND --help for its options)\n\ncommands:\n" + "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0 if argv else 2
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"fadan: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    return COMMANDS[name][0](rest)


if __name__ == "__main__":
    sys.exit(main())
