"""Scale-out: one crawl split by item across Scrapyd workers that share one PostgreSQL database.

    python -m ops.scaleout --worker http://10.0.0.5:6800=4113,4114 --worker http://10.0.0.6:6800=4115,4293 \\
        [--project fadan] [--full] [-s NAME=VALUE ...] [--wait] [--db postgresql://...]

The shared database is first migrated to the current schema from here, once: workers starting at the
same moment on a new database would otherwise race to apply the same migration. Each worker then gets
one `schedule.json` call (spider nfra, `items=...`, the settings given). The database is not among
them: each worker reads its own DATABASE_URL from its environment (/etc/fadan/scrapyd.env), because
Scrapyd logs a job's settings and passes them on the crawl's command line. With --wait,
the jobs are followed through `listjobs.json` until they finish; then the crawl_run rows the jobs wrote
into the shared database (their summaries and exit codes: Scrapyd itself does not keep a job's exit
code) are printed, and the exit code is the worst of theirs (1 when a job left no row).

A crawl narrowed to some items never marks notices removed: run the weekly full walk (`ops.nightly
--full`) as one process over all items. Each worker keeps its own politeness; two workers hitting the
same site double the load on it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from datetime import datetime

import httpx
from sqlalchemy import select
from sqlalchemy.engine import make_url

from models.db import database_url, make_engine
from models.migrations import migrate
from models.store import utcnow
from models.tables import CrawlRun

RUN = CrawlRun.__table__


class ScrapydError(RuntimeError):
    pass


@dataclass(frozen=True)
class Assignment:
    worker: str  # http://host:6800
    items: str  # 4113,4114

    @classmethod
    def parse(cls, text: str) -> Assignment:
        worker, sep, items = text.rpartition("=")
        ids = [i.strip() for i in items.split(",") if i.strip()]
        if not sep or not worker.startswith(("http://", "https://")) or not ids or not all(i.isdigit() for i in ids):
            raise ValueError(f"--worker {text!r}: expected URL=ITEMS, e.g. http://10.0.0.5:6800=4113,4114")
        return cls(worker.rstrip("/"), ",".join(ids))


@dataclass
class Job:
    assignment: Assignment
    job_id: str
    started: float
    finished: float | None = None


def schedule(client: httpx.Client, assignment: Assignment, project: str, full: bool,
             settings: list[str]) -> str:
    """One schedule.json call; returns the job id."""
    data: dict[str, str | list[str]] = {"project": project, "spider": "nfra", "items": assignment.items}
    if full:
        data["full"] = "1"
    if settings:
        data["setting"] = settings  # repeated: setting=A=1&setting=B=2
    try:
        response = client.post(f"{assignment.worker}/schedule.json", data=data)
        answer = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ScrapydError(f"{assignment.worker}: {exc}") from None
    if answer.get("status") != "ok":
        raise ScrapydError(f"{assignment.worker}: {answer.get('message', answer)}")
    return str(answer["jobid"])


def finished_jobs(client: httpx.Client, worker: str, project: str) -> set[str]:
    answer = client.get(f"{worker}/listjobs.json", params={"project": project}).json()
    return {job["id"] for job in answer.get("finished", [])}


def wait(client: httpx.Client, jobs: list[Job], project: str, poll: float = 2.0) -> None:
    while any(job.finished is None for job in jobs):
        time.sleep(poll)
        for worker in {job.assignment.worker for job in jobs if job.finished is None}:
            done = finished_jobs(client, worker, project)
            for job in jobs:
                if job.assignment.worker == worker and job.finished is None and job.job_id in done:
                    job.finished = time.perf_counter()


def runs_since(db_url: str, since: datetime) -> list[dict]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(RUN).where(RUN.c.started_at >= since).order_by(RUN.c.id))
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.scaleout", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--worker", action="append", required=True, metavar="URL=ITEMS",
                        help="a Scrapyd worker and the items it crawls (repeatable)")
    parser.add_argument("--project", default="fadan", help="the Scrapyd project (default: fadan)")
    parser.add_argument("--full", action="store_true", help="full walk of the given items (no removal marking)")
    parser.add_argument("-s", "--setting", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for every job, e.g. NFRA_BASE_URL=... (repeatable); the "
                        "database comes from each worker's own DATABASE_URL")
    parser.add_argument("--wait", action="store_true", help="wait for the jobs and print their summaries")
    parser.add_argument("--db", help="the shared database: migrated before, summaries read after "
                        "(default: $DATABASE_URL; a password in it is better left to the environment than argv)")
    args = parser.parse_args(argv)
    try:
        assignments = [Assignment.parse(text) for text in args.worker]
    except ValueError as exc:
        parser.error(str(exc))
    given = [s.split("=", 1)[1] for s in args.setting if s.startswith("DATABASE_URL=")]
    if any(make_url(url).password for url in given):
        # Scrapyd logs a job's settings and passes them to the crawl as `-s` arguments, which `ps` shows.
        parser.error("a DATABASE_URL with a password must not be sent to the workers as a setting: put it in "
                     "each worker's environment (/etc/fadan/scrapyd.env, see deploy/scrapyd/scrapyd.service) "
                     "and give it to this command as $DATABASE_URL")
    db_url = args.db or (given[-1] if given else database_url())
    engine = make_engine(db_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    since = utcnow()
    jobs: list[Job] = []
    with httpx.Client(timeout=30) as client:
        try:
            for assignment in assignments:
                job_id = schedule(client, assignment, args.project, args.full, args.setting)
                jobs.append(Job(assignment, job_id, time.perf_counter()))
                print(f"{assignment.worker}: items {assignment.items}: job {job_id}", flush=True)
        except ScrapydError as exc:
            print(f"ops.scaleout: scheduling failed: {exc}", file=sys.stderr)
            return 1
        if not args.wait:
            return 0
        wait(client, jobs, args.project)
    for job in jobs:
        print(f"{job.assignment.worker}: items {job.assignment.items}: finished in "
              f"{(job.finished or 0) - job.started:.1f}s")
    runs = runs_since(db_url, since)
    for run in runs:
        print(f"-- crawl_run {run['id']} (items {run['items']}, exit {run['exit_code']}) --\n{run['summary']}")
    codes = [int(run["exit_code"] if run["exit_code"] is not None else 1) for run in runs]
    codes += [1] * max(0, len(jobs) - len(runs))  # a job that crashed before its summary
    return max(codes, default=1)


if __name__ == "__main__":
    sys.exit(main())
