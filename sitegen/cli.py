"""Render the Fadan database into a static site: `fadan build`, `python build.py` or `python -m sitegen`.

Reads the database (DATABASE_URL, default sqlite:///data/fadan.db) and never writes it; writes public/
(or --out). Re-running is cheap: only pages whose data changed are rendered, and only files whose
bytes changed are rewritten. Open the result with `python -m http.server -d public 8000`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from models.db import database_url
from sitegen.core.config import DEFAULT_BASE_URL, BuildConfig, normalise_base_path, normalise_base_url
from sitegen.core.database import DatabaseMissing, database_url_of


def parse_args(argv: list[str] | None = None, prog: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Render the Fadan database into a static site any host can serve.",
        epilog="Example: fadan build --db data/fadan.db --out public --base-url https://example.org/fadan/",
    )
    parser.add_argument("--db", help="database URL or SQLite file (default: $DATABASE_URL or data/fadan.db)")
    parser.add_argument("--out", default="public", type=Path, help="output directory (default: public)")
    parser.add_argument(
        "--base-url", default=DEFAULT_BASE_URL,
        help=f"absolute URL the site is published at, for feeds and canonical links (default: {DEFAULT_BASE_URL})",
    )
    parser.add_argument(
        "--base-path", default=None,
        help="path prefix of every link when the site is not at a domain root, e.g. /fadan/ "
        "(default: the path of --base-url; letters, digits and / . _ ~ - only: links print it unquoted)",
    )
    parser.add_argument(
        "--full", action="store_true",
        help="render every page, not only those whose data changed (files whose bytes did not change are "
        "still left alone)",
    )
    parser.add_argument("--no-search", action="store_true", help="do not write the search index")
    parser.add_argument("--no-downloads", action="store_true", help="do not write the CSV/JSON/SQLite downloads")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1,
        help="processes that render notice pages (default: the number of CPUs; 1 renders in-process)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = parse_args(argv, prog)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s")
    try:
        base_url = normalise_base_url(args.base_url)
        base_path = normalise_base_path(args.base_path, base_url)
    except ValueError as exc:
        print(f"{prog or 'build.py'}: {exc}", file=sys.stderr)
        return 2
    config = BuildConfig(
        db_url=database_url_of(args.db) if args.db else database_url(),
        out_dir=args.out,
        base_url=base_url,
        base_path=base_path,
        search=not args.no_search,
        downloads=not args.no_downloads,
        quiet=args.quiet,
        jobs=max(1, args.jobs),
        full=args.full,
    )
    from sitegen.builder import build_site  # after logging is configured

    try:
        report = build_site(config)
    except DatabaseMissing as exc:
        print(f"{prog or 'build.py'}: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        for line in report.lines():
            print(line)
        if config.base_path == "/":
            print(f"open it: python -m http.server -d {config.out_dir} 8000, then http://localhost:8000/")
        else:
            print(f"links start with {config.base_path}: publish {config.out_dir}/ at that path")
    return 0
