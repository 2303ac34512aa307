"""Command line of the local NFRA server.

  python -m localnfra serve --notices 1000 --seed 1 --port 8808 [--faults SPEC] [--drift 0.1]
  python -m localnfra fixtures --out tests/fixtures/synthetic
  python -m localnfra show DOCID --notices 1000 --seed 1 [--what expected|docclob|detail|row]
  python -m localnfra loadtest --notices 20000 [--seconds 5]
  python -m localnfra avoid-names --samples ../shared/samples/nfra
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from localnfra.corpus import Corpus
from localnfra.faults import FaultSpec
from localnfra.fixtures import FIXTURE_NOTICES, FIXTURE_SEED
from localnfra.server import App, start


def _ids(text: str | None) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()] if text else []


def _corpus(args: argparse.Namespace) -> Corpus:
    return Corpus(args.notices, seed=args.seed, drift=args.drift)


def cmd_serve(args: argparse.Namespace) -> int:
    corpus = Corpus(args.notices, seed=args.seed, cache_size=args.cache, drift=args.drift)
    if args.add:
        corpus.add(args.add)
    for doc_id in _ids(args.edit):
        corpus.edit(doc_id)
    for doc_id in _ids(args.remove):
        corpus.remove(doc_id)
    spec = FaultSpec.parse(args.faults) if args.faults else None
    app = App(corpus, spec)

    async def main() -> None:
        server, port = await start(app, args.host, args.port)
        print(f"http://{args.host}:{port}", flush=True)
        print(f"localnfra: {len(corpus)} SYNTHETIC notices (seed {args.seed})"
              + (f", faults {spec}" if spec else "") + (f", drift {args.drift:g}" if args.drift else "")
              + "; Ctrl-C to stop", file=sys.stderr, flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        server.close()
        for connection in list(app.connections):
            connection.abort()
        print(json.dumps(app.stats.snapshot(), ensure_ascii=False), file=sys.stderr, flush=True)

    asyncio.run(main())
    return 0


def cmd_fixtures(args: argparse.Namespace) -> int:
    from localnfra.fixtures import write_fixtures

    written = write_fixtures(Path(args.out), seed=args.seed, notices=args.notices)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files ({total / 1024:.0f} KiB) to {args.out}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from localnfra import envelope

    corpus = _corpus(args)
    rendered = corpus.rendered(args.doc_id)
    if rendered is None:
        print(f"docId {args.doc_id} is not in this corpus", file=sys.stderr)
        return 1
    if args.what == "expected":
        print(json.dumps(corpus.expected(args.doc_id), ensure_ascii=False, indent=1))
    elif args.what == "docclob":
        print(rendered.docclob)
    elif args.what == "row":
        print(json.dumps(envelope.list_row(rendered.notice), ensure_ascii=False, indent=1))
    else:
        sys.stdout.buffer.write(rendered.detail + b"\n")
    return 0


def cmd_loadtest(args: argparse.Namespace) -> int:
    from localnfra.loadtest import run

    return run(args.notices, args.seed, args.seconds, args.connections)


def cmd_avoid_names(args: argparse.Namespace) -> int:
    from localnfra.avoid import write_avoid_list

    path, count = write_avoid_list(Path(args.samples))
    print(f"wrote {count} name digests to {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m localnfra", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def corpus_args(p: argparse.ArgumentParser, notices: int) -> None:
        p.add_argument("--notices", type=int, default=notices, help="corpus size (1..262144)")
        p.add_argument("--seed", type=int, default=1, help="corpus seed: same seed, same bytes")

    def drift_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--drift", type=float, default=0.0,
                       help="share of notices (0..1) served in a layout no parser knows: image only, attachment "
                            "only, unknown table labels, embedded page (default 0)")

    p = sub.add_parser("serve", help="serve a synthetic corpus until killed; prints the base URL first")
    corpus_args(p, 1000)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0 picks a free port")
    p.add_argument("--faults", help='e.g. "rate=0.3,kinds=503:1,403:1,html200:1,succeed_after=3,seed=7"')
    p.add_argument("--cache", type=int, default=2048, help="rendered notices kept in memory (~30 KB each)")
    p.add_argument("--add", type=int, default=0, help="publish this many new notices before serving")
    p.add_argument("--edit", help="docIds to edit before serving (comma-separated)")
    p.add_argument("--remove", help="docIds to remove from the lists before serving (comma-separated)")
    drift_arg(p)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("fixtures", help="write the synthetic test fixtures with their expected parses")
    p.add_argument("--out", required=True)
    p.add_argument("--notices", type=int, default=FIXTURE_NOTICES, help="size of the corpus picked from")
    p.add_argument("--seed", type=int, default=FIXTURE_SEED)
    p.set_defaults(func=cmd_fixtures)

    p = sub.add_parser("show", help="print one notice: expected parse, docClob, detail JSON or list row")
    p.add_argument("doc_id", type=int)
    p.add_argument("--what", choices=["expected", "docclob", "detail", "row"], default="expected")
    corpus_args(p, 1000)
    drift_arg(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("loadtest", help="measure list and detail requests/s of a server in a subprocess")
    corpus_args(p, 20000)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--connections", type=int, default=8)
    p.set_defaults(func=cmd_loadtest)

    p = sub.add_parser("avoid-names", help="record digests of the people named in the real samples")
    p.add_argument("--samples", required=True)
    p.set_defaults(func=cmd_avoid_names)

    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
