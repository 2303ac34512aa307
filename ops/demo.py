"""The offline demo: a synthetic NFRA and PBOC server → crawl both → SQLite → static site, all on this machine.

    fadan demo [--notices 1500] [--seed 1] [--db data/demo.db] [--out public] [--serve]

The local server (localnfra) serves a synthetic corpus (real institution and office names,
fictional people) on the real NFRA endpoints, and a synthetic PBOC head-office corpus on the real
PBOC paths (one PBOC notice for every forty NFRA ones); the real spiders (`nfra`, then `pboc`) crawl
it with politeness off; the site generator renders the database. Running it again is incremental:
nothing new is fetched.
localnfra is a tool, not part of the product wheel (installed: `pip install 'fadan[demo]'`); this is
the one product module that imports it (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import subprocess
import sys
from pathlib import Path

from localnfra.corpus import Corpus
from localnfra.server import serve

SPIDERS = ("nfra", "pboc")


def run_crawl(base_url: str, db_url: str, spider: str = "nfra") -> int:
    # The settings module named here, not found through scrapy.cfg: the crawl runs from any directory.
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="scrapers.settings.local", NFRA_BASE_URL=base_url,
               PBOC_BASE_URL=base_url, DATABASE_URL=db_url,
               FADAN_LOG_LEVEL=os.environ.get("FADAN_LOG_LEVEL", "WARNING"))
    return subprocess.call([sys.executable, "-m", "scrapy", "crawl", spider], env=env)


def run_build(db_path: Path, out: Path) -> int:
    return subprocess.call([sys.executable, "-m", "sitegen", "--db", str(db_path), "--out", str(out)])


def serve_site(out: Path, port: int) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
        print(f"serving the site at http://127.0.0.1:{port}/ (Ctrl-C to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=1500, help="size of the synthetic corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db", type=Path, default=Path("data/demo.db"), help="SQLite file to crawl into")
    parser.add_argument("--out", type=Path, default=Path("public"), help="where the site is written")
    parser.add_argument("--serve", action="store_true", help="serve the site on localhost afterwards")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    db_path, out = args.db.resolve(), args.out.resolve()  # relative to where it is run (make: the checkout)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with serve(Corpus(args.notices, seed=args.seed)) as server:
        print(f"local NFRA and PBOC server (synthetic corpora of {args.notices} and {len(server.pboc)} notices) "
              f"at {server.base_url}", flush=True)
        for spider in SPIDERS:
            crawled = run_crawl(server.base_url, f"sqlite:///{db_path}", spider)
            if crawled not in (0, 2):  # 2: an assertion flagged something; the data is still complete
                print(f"the {spider} crawl failed (exit {crawled}); the site was not built", file=sys.stderr)
                return crawled
    built = run_build(db_path, out)
    if built != 0:
        print(f"the site build failed (exit {built})", file=sys.stderr)
        return built
    print(f"\ndatabase: {db_path}\nsite:     {out}/index.html")
    if args.serve:
        serve_site(out, args.port)
    else:
        print(f"to browse it: python -m http.server --directory {out} {args.port}  →  http://127.0.0.1:{args.port}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
