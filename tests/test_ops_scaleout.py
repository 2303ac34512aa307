"""Scale-out: two real Scrapyd workers split the items of one crawl into one shared database.

Skipped when scrapyd is not installed (it is an optional extra of the operator's, not a dependency).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from localnfra.corpus import Corpus
from localnfra.server import serve
from models.db import make_engine
from models.store import NOTICE
from ops.scaleout import Assignment
from ops.scaleout import main as scaleout

pytestmark = pytest.mark.slow  # real crawls or runs in subprocesses: `make quick` leaves them out

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "deploy" / "scrapyd" / "scrapyd.conf"


def test_an_assignment_is_a_worker_url_and_its_items() -> None:
    assert Assignment.parse("http://10.0.0.5:6800=4113, 4114") == Assignment("http://10.0.0.5:6800", "4113,4114")
    assert Assignment.parse("http://user:pw@w1:6800/=4293") == Assignment("http://user:pw@w1:6800", "4293")
    for bad in ("10.0.0.5:6800=4113", "http://w1:6800", "http://w1:6800=", "http://w1:6800=41a3"):
        with pytest.raises(ValueError, match="URL=ITEMS"):
            Assignment.parse(bad)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def workers(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Two Scrapyd daemons configured from deploy/scrapyd/scrapyd.conf, each in its own folder, with the
    shared database in their environment as /etc/fadan/scrapyd.env gives it (never in a job's arguments)."""
    if shutil.which("scrapyd", path=os.path.dirname(sys.executable)) is None:
        pytest.skip("scrapyd is not installed (pip install scrapyd)")
    processes, urls = [], []
    try:
        for name in ("a", "b"):
            home = tmp_path / f"scrapyd-{name}"
            home.mkdir()
            port = _free_port()
            conf = CONF.read_text().replace("/var/lib/scrapyd", str(home)).replace("/var/log/scrapyd",
                                                                                   str(home / "logs"))
            conf = conf.replace("http_port    = 6800", f"http_port    = {port}")
            conf = conf.replace("poll_interval = 2.0", "poll_interval = 0.2")
            # The local server's project: the same code with politeness off.
            (home / "scrapyd.conf").write_text(conf + "fadan_local = scrapers.settings.local\n")
            env = dict(os.environ, PYTHONPATH=str(ROOT), SCRAPY_SETTINGS_MODULE="scrapers.settings",
                       FADAN_LOG_LEVEL="INFO")
            if "db_url" in request.fixturenames:
                env["DATABASE_URL"] = request.getfixturevalue("db_url")
            processes.append(subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "scrapyd")], cwd=home,
                                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 30
        for url in urls:
            while True:
                try:
                    if httpx.get(f"{url}/daemonstatus.json", timeout=1).json()["status"] == "ok":
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def test_two_workers_split_the_items_into_one_database(workers: list[str], db_url: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with serve(Corpus(40, seed=51)) as server:
        code = scaleout([
            f"--worker={workers[0]}=4113,4114", f"--worker={workers[1]}=4115,4293", "--project", "fadan_local",
            "-s", f"NFRA_BASE_URL={server.base_url}", "--db", db_url, "--wait",
        ])
        doc_ids = set(server.corpus.doc_ids())
    out = capsys.readouterr().out
    assert code == 0, out
    # Both jobs wrote their summary into the shared database; scaleout printed them.
    assert "items 4113,4114, exit 0" in out and "items 4115,4293, exit 0" in out
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert set(conn.scalars(select(NOTICE.c.doc_id))) == doc_ids
    engine.dispose()


def test_a_worker_that_refuses_the_job_fails_the_call(workers: list[str], sqlite_url: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = scaleout([f"--worker={workers[0]}=4113", "--project", "no-such-project", "--db", sqlite_url])
    assert code == 1
    assert "scheduling failed" in capsys.readouterr().err


def test_a_database_password_is_never_sent_as_a_job_setting(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scrapyd logs a job's settings and puts them on the crawl's command line (visible in `ps`): the
    password stays in the workers' environment. Refused before any worker is contacted."""
    secret = "postgresql://fadan:s3cr3t-pw@db.internal:5432/fadan"
    with pytest.raises(SystemExit) as stopped:
        scaleout(["--worker=http://127.0.0.1:9=4113", "-s", f"DATABASE_URL={secret}", "--db", sqlite_url])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "DATABASE_URL" in err and "scrapyd.env" in err and "s3cr3t-pw" not in err
    recipe = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = [line for line in recipe.splitlines() if line.startswith(("curl ", "python -m ops.scaleout"))]
    assert commands and not any("DATABASE_URL" in line for line in commands)
