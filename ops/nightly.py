"""The nightly job: incremental crawl, incremental build, publish — one command, never two at once.

    python -m ops.nightly [--full] [--sources nfra,pboc] [--items 4113,4293] [--publish TARGET] [--quiet]
                          [--log-file FILE]
    make nightly                       (the same; NIGHTLY_ARGS="--full" for the weekly full walk)

Steps: `scrapy crawl SOURCE` for every configured source, one after the other (subprocesses; `-a full=1`
with --full): one source failing does not stop the others, and the report says which; then `python build.py` (only the
pages whose data changed are rendered, only changed bytes rewritten), then the changed files of the
site are published (ops/publish.py). The crawl summary is printed last. The site is built and
published whatever the crawl's exit code: every stored notice is complete (one transaction each), so
the site shows what is known; the exit code says what needs a human.

Configuration (flags beat environment variables; relative paths are taken from the directory it runs
in, which cron and systemd set to the project root):
  DATABASE_URL            database of the crawl and the build (default sqlite:///data/fadan.db)
  FADAN_SOURCES           the sources crawled, in order (default nfra,pboc)
  NFRA_BASE_URL           the NFRA site crawled (default https://www.nfra.gov.cn)
  PBOC_BASE_URL           the PBOC site crawled (default https://www.pbc.gov.cn)
  SCRAPY_SETTINGS_MODULE  scrapers.settings (polite, default) or scrapers.settings.local (own server)
  FADAN_SITE_DIR          where the site is built (default public)
  FADAN_SITE_URL          the public URL of the site, for feeds and canonical links (build.py --base-url)
  FADAN_PUBLISH           where it is published: a folder (default www), rsync:DEST, s3://BUCKET/PREFIX,
                          command:CMD with {site}, or none (see ops/publish.py)
  FADAN_PUBLISH_ADOPT     1: publish into a destination that holds files no Fadan publish wrote (they are
                          left alone; without it such a destination is refused, exit 4)
  FADAN_S3_ENDPOINT_URL   endpoint of an S3-compatible store (MinIO, R2, OSS) for s3:// targets
  FADAN_LOCK_FILE         the run lock (default data/nightly.lock; must be on a local disk)
  FADAN_CRAWL_TIMEOUT     seconds after which the crawls are stopped gracefully (default 82800: 23 h, for
                          all sources together; 0 for none); a stopped crawl resumes on the next run
  FADAN_BUILD_TIMEOUT     seconds after which the build is stopped (default 3600; 0 for none): exit 3,
                          the published site stays as it was
  FADAN_LOG_LEVEL         the crawl's log level (default INFO)
  FADAN_CA_BUNDLE         a PEM bundle the crawl verifies TLS certificates against instead of certifi's,
                          only to trust a private CA (README, "Security")

Exit codes: 0 nothing needs attention; 1 the crawl did not finish (it resumes next run: look if it
repeats); 2 a crawl assertion failed (a human should look; the site was still published); 3 the build
failed; 4 publishing failed (3 and 4: the published site is stale); 64 bad arguments or configuration;
75 another run holds the lock (this run did nothing).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, NoReturn

from sqlalchemy.engine import make_url

from models.db import DEFAULT_DATABASE_URL
from ops.lock import AlreadyRunning, NotALockFile, RunLock
from ops.publish import PublishError, PublishResult, Target, parse_target, publish


def home() -> Path:
    """Where relative paths start: the directory the run starts in (cron and systemd cd to the project
    root, /opt/fadan), so a checkout and an installed copy behave alike."""
    return Path.cwd()


EXIT_OK = 0
EXIT_CRAWL_UNFINISHED = 1
EXIT_ASSERTION = 2
EXIT_BUILD_FAILED = 3
EXIT_PUBLISH_FAILED = 4
EXIT_USAGE = 64  # sysexits EX_USAGE
EXIT_LOCKED = 75  # sysexits EX_TEMPFAIL: try again later

VERDICTS = {
    EXIT_OK: "nothing needs attention",
    EXIT_CRAWL_UNFINISHED: "the crawl did not finish; it resumes on the next run (look if this repeats)",
    EXIT_ASSERTION: "a crawl assertion failed: a human should look (the site was still built and published)",
    EXIT_BUILD_FAILED: "the site build failed: the published site is stale",
    EXIT_PUBLISH_FAILED: "publishing failed: the published site is stale",
    EXIT_LOCKED: "another run holds the lock: this run did nothing",
}
# When several steps went wrong, the exit code names the one that leaves the public site stale first.
SEVERITY = (EXIT_BUILD_FAILED, EXIT_PUBLISH_FAILED, EXIT_CRAWL_UNFINISHED, EXIT_ASSERTION)
SUMMARY_HEADER = "== Fadan crawl summary"
# The spiders the nightly can run (`scrapy crawl NAME`); --items narrows NFRA's only.
SOURCES = ("nfra", "pboc")
# After a graceful stop, how long Scrapy may take to close the spider and print its summary.
STOP_GRACE_SECONDS = 180
# A full build of 100,000 notices takes about a minute (README, Benchmarks): an hour means it is stuck
# (a pathological notice, a full disk that blocks), and the lock would otherwise stop every later night.
DEFAULT_BUILD_TIMEOUT = 3600.0


@dataclass(frozen=True)
class Config:
    db_url: str
    site_dir: Path
    site_url: str | None
    target: Target
    adopt: bool
    lock_file: Path
    full: bool
    items: str | None
    settings: tuple[str, ...]
    crawl: bool
    crawl_timeout: float
    build_timeout: float
    build_jobs: int | None
    quiet: bool
    log_file: Path | None
    sources: tuple[str, ...] = SOURCES  # the spiders crawled, in order (FADAN_SOURCES, --sources)

    @property
    def mode(self) -> str:
        walk = "full walk" if self.full else "incremental"
        sources = "" if self.sources == SOURCES else f", sources {','.join(self.sources)}"
        return walk + sources + (f", items {self.items}" if self.items else "")


@dataclass
class Step:
    code: int
    seconds: float
    line: str
    output: str = ""


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's own exit code (2) would read as "a crawl assertion failed".
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(prog="python -m ops.nightly", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--full", action="store_true", help="walk every list page (-a full=1): the weekly run")
    parser.add_argument("--sources", help="the sources to crawl, in order (default: $FADAN_SOURCES or nfra,pboc)")
    parser.add_argument("--items", help="crawl only these NFRA item ids, e.g. 4113,4293 (-a items=...)")
    parser.add_argument("-s", "--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for the crawl (repeatable)")
    parser.add_argument("--db", help="database URL or SQLite path (default: $DATABASE_URL or data/fadan.db)")
    parser.add_argument("--site-dir", help="where the site is built (default: $FADAN_SITE_DIR or public)")
    parser.add_argument("--site-url", help="public URL of the site (default: $FADAN_SITE_URL)")
    parser.add_argument("--publish", help="publish target (default: $FADAN_PUBLISH or www); 'none' to skip")
    parser.add_argument("--publish-adopt", action="store_true",
                        help="publish into a destination that holds files but no .fadan-published.json (they are "
                        "never deleted); default: $FADAN_PUBLISH_ADOPT, else such a destination is refused")
    parser.add_argument("--lock-file", help="the run lock (default: $FADAN_LOCK_FILE or data/nightly.lock)")
    parser.add_argument("--crawl-timeout", type=float,
                        help="stop the crawl gracefully after this many seconds (default: $FADAN_CRAWL_TIMEOUT "
                        "or 82800; 0: no limit)")
    parser.add_argument("--build-timeout", type=float,
                        help="stop the build after this many seconds (default: $FADAN_BUILD_TIMEOUT or "
                        f"{DEFAULT_BUILD_TIMEOUT:.0f}; 0: no limit)")
    parser.add_argument("--build-jobs", type=int, help="build.py --jobs (default: build.py's own)")
    parser.add_argument("--no-crawl", action="store_true", help="only build and publish (e.g. after an upgrade)")
    parser.add_argument("--quiet", action="store_true",
                        help="print nothing when the exit code is 0 (for cron: it mails only when a human "
                        "should look); logs go to --log-file, or are shown only on failure")
    parser.add_argument("--log-file", help="append the crawl's and the build's logs and the report to this file")
    return parser.parse_args(argv)


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else home() / path


def _db_url(value: str) -> str:
    url = value if "://" in value else f"sqlite:///{value}"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_absolute():
        # The crawl and the build run in this directory; so do relative SQLite paths.
        url = parsed.set(database=str(home() / parsed.database)).render_as_string(hide_password=False)
    return url


def make_config(args: argparse.Namespace, env: dict[str, str]) -> Config:
    try:
        timeout = args.crawl_timeout if args.crawl_timeout is not None else float(
            env.get("FADAN_CRAWL_TIMEOUT") or 82800)
    except ValueError as exc:
        raise UsageError(f"FADAN_CRAWL_TIMEOUT must be a number of seconds: {exc}") from None
    try:
        build_timeout = args.build_timeout if args.build_timeout is not None else float(
            env.get("FADAN_BUILD_TIMEOUT") or DEFAULT_BUILD_TIMEOUT)
    except ValueError as exc:
        raise UsageError(f"FADAN_BUILD_TIMEOUT must be a number of seconds: {exc}") from None
    sources = tuple(s.strip() for s in (args.sources or env.get("FADAN_SOURCES") or ",".join(SOURCES)).split(","))
    unknown = [s for s in sources if s not in SOURCES]
    if unknown or not sources:
        raise UsageError(f"unknown source(s) {', '.join(unknown) or '(none)'}; known: {', '.join(SOURCES)}")
    for setting in args.setting:
        if "=" not in setting:
            raise UsageError(f"--setting {setting!r}: expected NAME=VALUE")
    try:
        target = parse_target(args.publish if args.publish is not None else env.get("FADAN_PUBLISH", "www"), home())
    except PublishError as exc:
        raise UsageError(str(exc)) from None
    return Config(
        db_url=_db_url(args.db or env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        site_dir=_path(args.site_dir or env.get("FADAN_SITE_DIR") or "public"),
        site_url=args.site_url or env.get("FADAN_SITE_URL") or None,
        target=target,
        adopt=args.publish_adopt or env.get("FADAN_PUBLISH_ADOPT", "").strip().lower() in ("1", "true", "yes"),
        lock_file=_path(args.lock_file or env.get("FADAN_LOCK_FILE") or "data/nightly.lock"),
        full=args.full,
        sources=sources,
        items=args.items,
        settings=tuple(args.setting),
        crawl=not args.no_crawl,
        crawl_timeout=max(0.0, timeout),
        build_timeout=max(0.0, build_timeout),
        build_jobs=args.build_jobs,
        quiet=args.quiet,
        log_file=_path(args.log_file) if args.log_file else None,
    )


# --- the steps -----------------------------------------------------------------------------------

def crawl_command(config: Config, source: str = "nfra") -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", source]
    if config.full:
        command += ["-a", "full=1"]
    if config.items and source == "nfra":
        command += ["-a", f"items={config.items}"]
    for setting in config.settings:
        command += ["-s", setting]
    return command


def run_crawl(
    config: Config, env: dict[str, str], log: IO[str] | None, lock: RunLock, source: str = "nfra",
    timeout: float | None = None,
) -> Step:
    """One source's crawl, its log to `log`; its stdout (the summary) is kept for the report. `timeout`:
    the seconds left of FADAN_CRAWL_TIMEOUT (None: no limit)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        crawl_command(config, source), env=env, stdout=subprocess.PIPE, stderr=log, text=True,
        pass_fds=(lock.fd,),  # an orphaned crawl keeps the lock: no second crawl beside it
    )
    timed_out = False
    try:
        stdout, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        process.send_signal(signal.SIGTERM)  # Scrapy closes the spider: the summary still prints
        try:
            stdout, _ = process.communicate(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, _ = process.communicate()
    seconds = time.perf_counter() - started
    code = process.returncode
    if code not in (EXIT_OK, EXIT_CRAWL_UNFINISHED, EXIT_ASSERTION) or (timed_out and code == EXIT_OK):
        code = EXIT_CRAWL_UNFINISHED  # a crash, a signal, or a stop at the time limit
    stopped = f", stopped after the {config.crawl_timeout:.0f}s limit" if timed_out else ""
    raw = "" if process.returncode == code else f" (the process exited {process.returncode})"
    return Step(code, seconds, f"crawl {source}: exit {code}{raw} in {seconds:.1f}s{stopped}", stdout or "")


def run_crawls(config: Config, env: dict[str, str], log: IO[str] | None, lock: RunLock) -> list[Step]:
    """Every configured source in turn; a source that fails does not stop the next. The time limit is
    shared: a source whose turn comes after it is skipped (it resumes next run)."""
    deadline = time.perf_counter() + config.crawl_timeout if config.crawl_timeout else None
    steps = []
    for source in config.sources:
        left = None if deadline is None else deadline - time.perf_counter()
        if left is not None and left <= 0:
            steps.append(Step(EXIT_CRAWL_UNFINISHED, 0.0, f"crawl {source}: skipped (the {config.crawl_timeout:.0f}s "
                              "limit was reached; it runs next time)"))
            continue
        steps.append(run_crawl(config, env, log, lock, source, left))
    return steps


def crawl_summary(stdout: str) -> str:
    """The summary block the crawl printed last, or a note that there is none."""
    at = stdout.rfind(SUMMARY_HEADER)
    if at < 0:
        return "(the crawl printed no summary: it stopped before closing; its log says why)"
    return stdout[at:].strip()


def build_command(config: Config) -> list[str]:
    # No --db: the database URL (and its password) goes in the environment (DATABASE_URL, set by run()),
    # never in argv, which every user of the machine can read in `ps`.
    command = [sys.executable, "-m", "sitegen", "--out", str(config.site_dir)]
    if config.site_url:
        command += ["--base-url", config.site_url]
    if config.build_jobs:
        command += ["--jobs", str(config.build_jobs)]
    return command


def run_build(config: Config, env: dict[str, str], lock: RunLock) -> Step:
    started = time.perf_counter()
    # Its own process group: on timeout the build's forked page renderers and exporters go with it (they
    # inherit the lock, and a survivor would block every later night).
    process = subprocess.Popen(build_command(config), env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, pass_fds=(lock.fd,), start_new_session=True)
    try:
        output, _ = process.communicate(timeout=config.build_timeout or None)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
        seconds = time.perf_counter() - started
        tail = "\n".join("  " + line for line in (output or "").strip().splitlines()[-15:])
        return Step(EXIT_BUILD_FAILED, seconds,
                    f"build: FAILED: stopped after the {config.build_timeout:.0f}s limit (FADAN_BUILD_TIMEOUT)"
                    + (f"\n{tail}" if tail else ""), output or "")
    except BaseException:  # Ctrl-C or a crash here: the build is in its own group, so take it down too
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    seconds = time.perf_counter() - started
    output = (output or "").strip()
    if process.returncode != 0:
        tail = "\n".join("  " + line for line in output.splitlines()[-15:])
        return Step(EXIT_BUILD_FAILED, seconds, f"build: FAILED (exit {process.returncode}) in {seconds:.1f}s\n{tail}",
                    output)
    headline = next((line.strip() for line in output.splitlines() if line.startswith("built ")), "built")
    return Step(EXIT_OK, seconds, f"build: {headline} -> {config.site_dir}", output)


def run_publish(config: Config, env: dict[str, str]) -> Step:
    started = time.perf_counter()
    try:
        result: PublishResult | None = publish(config.site_dir, config.target, env, adopt=config.adopt)
    except (PublishError, OSError) as exc:
        seconds = time.perf_counter() - started
        return Step(EXIT_PUBLISH_FAILED, seconds, f"publish: FAILED: {config.target}: {exc}")
    seconds = time.perf_counter() - started
    if result is None:
        return Step(EXIT_OK, seconds, "publish: none (the site is served from its build folder)")
    return Step(EXIT_OK, seconds, result.line())


def overall(codes: list[int]) -> int:
    for code in SEVERITY:
        if code in codes:
            return code
    return EXIT_OK


def _display(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


# --- the run -------------------------------------------------------------------------------------

def run(config: Config, env: dict[str, str], log: IO[str] | None, lock: RunLock) -> tuple[int, list[str], str]:
    """Crawl, build, publish; returns (exit code, report lines, crawl summary)."""
    env = dict(env, DATABASE_URL=config.db_url)
    # Named, not found through scrapy.cfg, so the crawl runs in any directory (an installed copy has none).
    env.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    steps: list[Step] = []
    summary = "(no crawl: --no-crawl)"
    if config.crawl:
        crawls = run_crawls(config, env, log, lock)
        steps += crawls
        summary = "\n".join(crawl_summary(crawl.output) for crawl in crawls if "skipped" not in crawl.line)
    build = run_build(config, env, lock)
    steps.append(build)
    if log is not None and build.output:
        print(build.output, file=log, flush=True)
    if build.code == EXIT_OK:
        steps.append(run_publish(config, env))
    else:
        steps.append(Step(EXIT_PUBLISH_FAILED, 0.0, "publish: skipped (the build failed)"))
    lines = [step.line for step in steps]
    codes = [step.code for step in steps]
    if build.code != EXIT_OK:
        codes = [c for c in codes if c != EXIT_PUBLISH_FAILED]  # not publishing a failed build is right
    return overall(codes), lines, summary


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = dict(os.environ)
    try:
        config = make_config(args, env)
    except UsageError as exc:
        print(f"ops.nightly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    lock = RunLock(config.lock_file)
    try:
        lock.acquire(config.mode)
    except NotALockFile as exc:
        print(f"ops.nightly: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except AlreadyRunning as exc:
        # Said on stderr even with --quiet: cron mails it, and one that repeats means a run is stuck.
        print(f"ops.nightly: {exc}; exiting (exit {EXIT_LOCKED}). If no run is in progress, "
              f"look for a stuck process; the lock frees itself when that process ends.", file=sys.stderr)
        return EXIT_LOCKED
    started, clock = datetime.now(UTC), time.perf_counter()
    with lock, contextlib.ExitStack() as stack:
        log_file: IO[str] | None = None
        captured: IO[str] | None = None
        if config.log_file is not None:
            config.log_file.parent.mkdir(parents=True, exist_ok=True)
            log_file = stack.enter_context(open(config.log_file, "a", encoding="utf-8"))
            print(f"\n==== {started:%Y-%m-%d %H:%M:%S} UTC: nightly ({config.mode}) ====", file=log_file, flush=True)
        elif config.quiet:
            # Logs kept aside, shown only when something needs attention.
            captured = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
        code, lines, summary = run(config, env, log_file or captured, lock)
        header = (f"== Fadan nightly ({config.mode}): {started:%Y-%m-%d %H:%M} UTC, "
                  f"{time.perf_counter() - clock:.1f}s; database {_display(config.db_url)} ==")
        report = "\n".join([header, *lines, summary, f"nightly exit {code}: {VERDICTS[code]}"])
        if log_file is not None:
            print(report, file=log_file, flush=True)
        if not config.quiet or code != EXIT_OK:
            if captured is not None:
                captured.seek(0)
                tail = captured.read().splitlines()[-60:]
                print("\n".join(["-- the last lines of the logs --", *tail, "--"]), file=sys.stderr, flush=True)
            print(report, flush=True)
        return code

if __name__ == "__main__":
    sys.exit(main())
