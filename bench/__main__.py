"""Benchmark Fadan at national scale: `python -m bench [--notices 100000]`.

Generates the synthetic corpus and serves it with the local NFRA server (its own process), crawls it,
re-parses it, builds the site and searches it in headless Chromium, then prints one `name: value unit`
line per figure, a table of targets, and writes the figures as JSON (bench/results/).

Stages, in order (each runs alone on what the earlier ones left in --workdir):
  crawl   full crawl into an empty database            crawl_notices_per_s
  db      size of the database                         db_mb
  parse   re-parse stored notices; pandas.read_html    parse_ms_per_notice, peer_parse_ratio
  build   full build into an empty directory           build_full_s, build_peak_rss_mb, site_*, *_page_kb
  search  /search/?… links in headless Chromium        search_ms_p50, search_ms_max, search_kb
  update  --rounds × (publish --new notices, incremental crawl, incremental build)
                                                       crawl_requests_per_new_notice, build_incremental_s

Examples:
  python -m bench                                      # everything at 100,000 notices (1.5–2 h; the crawl is most)
  python -m bench --notices 2000 --skip search
  python -m bench --notices 100000 --only search       # re-measure a noisy stage on the same site
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time
import traceback
from pathlib import Path

from bench import machine
from bench.figures import Figure, number
from bench.results import RESULTS, write_results
from bench.workspace import ROOT, StageError, Workspace, say

STAGES = ("crawl", "db", "parse", "build", "search", "update")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notices", type=int, default=100_000, help="size of the synthetic corpus (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--workdir", type=Path, help="database, site and logs (default data/bench/n{N}-seed{S})")
    parser.add_argument("--results", type=Path, default=RESULTS, help=f"where the JSON goes (default {RESULTS})")
    parser.add_argument("--skip", default="", help=f"comma-separated stages to skip: {','.join(STAGES)}")
    parser.add_argument("--only", default="", help="comma-separated stages to run (default: all)")
    parser.add_argument("--parse-sample", type=int, default=2000, help="stored notices re-parsed (default 2000)")
    parser.add_argument("--parse-passes", type=int, default=3, help="passes over them; fastest kept (default 3)")
    parser.add_argument("--new", type=int, default=100, help="notices published before each update (default 100)")
    parser.add_argument("--rounds", type=int, default=3, help="update rounds, median kept (default 3)")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each search query (default 5)")
    parser.add_argument("-s", "--scrapy-set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for every crawl, e.g. -s CONCURRENT_REQUESTS=64 (to try a change)")
    args = parser.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = (skip | only) - set(STAGES)
    if unknown:
        parser.error(f"unknown stage(s): {', '.join(sorted(unknown))}; stages are {', '.join(STAGES)}")
    args.stages = [s for s in STAGES if s not in skip and (not only or s in only)]
    if any("=" not in s for s in args.scrapy_set):
        parser.error("--scrapy-set takes NAME=VALUE")
    return args


def run_stage(name: str, ws: Workspace, args: argparse.Namespace, info: dict) -> list[Figure]:
    if name == "crawl":
        from bench.crawl import crawl_stage
        return crawl_stage(ws)
    if name == "db":
        from bench.site import db_stage
        return db_stage(ws)
    if name == "parse":
        from bench.parse import parse_stage
        return parse_stage(ws, args.parse_sample, args.parse_passes)
    if name == "build":
        from bench.site import build_stage
        return build_stage(ws)
    if name == "search":
        from bench.search import search_stage
        figures, learnt = search_stage(ws, args.repeats)
        info.update(learnt)
        return figures
    if name == "update":
        from bench.crawl import update_stage
        return update_stage(ws, args.new, args.rounds)
    raise AssertionError(name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = args.workdir or ROOT / "data" / "bench" / f"n{args.notices}-seed{args.seed}"
    ws = Workspace(workdir.resolve(), args.notices, args.seed,
                   scrapy_settings=dict(s.split("=", 1) for s in args.scrapy_set))
    ws.root.mkdir(parents=True, exist_ok=True)
    info = machine.describe()
    say(f"{args.notices:,} notices (seed {args.seed}) in {ws.root}; stages: {', '.join(args.stages)}; "
        f"load average {machine.load_average()}")
    figures: list[Figure] = []
    failures: dict[str, str] = {}
    for stage in args.stages:
        started = time.perf_counter()
        say(f"stage {stage} …")
        try:
            produced = run_stage(stage, ws, args, info)
        except StageError as exc:
            failures[stage] = str(exc)
            say(f"stage {stage} FAILED: {exc}")
            continue
        except Exception as exc:  # a bug in a stage must not lose the figures of the others
            failures[stage] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
            continue
        for figure in produced:
            print(figure.line(), flush=True)
        figures += produced
        say(f"stage {stage} done in {time.perf_counter() - started:.0f} s; load average {machine.load_average()}")

    ws.discard_set_aside()
    print("\n== targets ==")
    for figure in figures:
        print(f"{figure.name:<31} {number(figure.value):>9} {figure.unit:<16} "
              f"target {figure.spec.describe_target(figure.target):<8} {figure.verdict()}")
    for stage, error in failures.items():
        print(f"stage {stage} failed: {error.splitlines()[0] if error else ''}")
    command = "python -m bench " + " ".join(shlex.quote(a) for a in (sys.argv[1:] if argv is None else argv))
    paths = write_results(args.results, notices=args.notices, seed=args.seed, machine=info, figures=figures,
                          failures=failures, command=command.strip())
    print("\nresults: " + ", ".join(str(p) for p in paths))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
