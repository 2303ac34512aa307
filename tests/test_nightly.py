"""`python -m ops.nightly` end to end: real crawls of the local NFRA server, real builds, a real publish."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from localnfra.corpus import Corpus
from localnfra.server import Server, serve
from ops.lock import RECORD_SIZE, AlreadyRunning, NotALockFile, RunLock
from ops.nightly import (
    DEFAULT_BUILD_TIMEOUT,
    EXIT_ASSERTION,
    EXIT_BUILD_FAILED,
    EXIT_CRAWL_UNFINISHED,
    EXIT_LOCKED,
    EXIT_PUBLISH_FAILED,
    EXIT_USAGE,
    Config,
    UsageError,
    build_command,
    crawl_command,
    make_config,
    overall,
    parse_args,
    run_build,
)
from ops.publish import Target
from tests.crawling import crawl

pytestmark = pytest.mark.slow  # real crawls or runs in subprocesses: `make quick` leaves them out

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def server() -> Iterator[Server]:
    with serve(Corpus(60, seed=21)) as running:
        yield running


def nightly_env(server: Server, tmp_path: Path, db_url: str | None = None) -> dict[str, str]:
    """The operator's configuration, pointed at the local server and a scratch folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FADAN_", "DATABASE_URL", "NFRA_", "PBOC_"))}
    env.update(
        SCRAPY_SETTINGS_MODULE="scrapers.settings.local",
        NFRA_BASE_URL=server.base_url,
        PBOC_BASE_URL=server.base_url,  # the local server serves both regulators' pages
        DATABASE_URL=db_url or f"sqlite:///{tmp_path / 'fadan.db'}",
        FADAN_SITE_DIR=str(tmp_path / "public"),
        FADAN_PUBLISH=str(tmp_path / "www"),
        FADAN_LOCK_FILE=str(tmp_path / "nightly.lock"),
        FADAN_LOG_LEVEL="WARNING",
    )
    return env


def nightly(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ops.nightly", "--build-jobs", "1", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def start_nightly(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "ops.nightly", "--build-jobs", "1", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def identities(root: Path) -> dict[str, tuple[int, int, int]]:
    """(inode, mtime, size) of every file: a file rewritten, even with the same bytes, changes."""
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            st = (Path(folder) / name).stat()
            out[os.path.relpath(Path(folder) / name, root)] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def wait_for_lock_holder(lock_file: Path, pid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if lock_file.is_file() and f"pid {pid}," in lock_file.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} never took the lock")


def test_nights_in_a_row_the_second_finds_nothing_and_rewrites_nothing(server: Server, tmp_path: Path) -> None:
    env = nightly_env(server, tmp_path)
    first = nightly(env)
    assert first.returncode == 0, first.stdout + first.stderr
    lines = first.stdout.strip().splitlines()
    # The crawl summary comes last, then the nightly's own verdict.
    assert lines[-1] == "nightly exit 0: nothing needs attention"
    summary_at = next(i for i, line in enumerate(lines) if line.startswith("== Fadan crawl summary: finished"))
    assert lines[summary_at + 1].startswith("notices: 60 new, 0 changed")
    assert lines[-2] == "exit 0: nothing needs attention"
    assert any(line.startswith(f"build: built {60 + len(server.pboc)} notices") for line in lines[:summary_at])
    assert "crawl nfra: exit 0" in first.stdout and "crawl pboc: exit 0" in first.stdout
    assert "== Fadan crawl summary (pboc): finished" in first.stdout
    www = tmp_path / "www"
    assert (www / "index.html").is_file() and (www / "data" / "fadan.sqlite.gz").is_file()
    for doc_id in server.corpus.doc_ids():
        assert (www / "notices" / str(doc_id) / "index.html").is_file()
    assert not (www / ".fadan-build.json").exists()
    published = identities(www)

    second = nightly(env, "--quiet", "--log-file", str(tmp_path / "nightly.log"))
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout == ""  # quiet when fine: cron mails nothing
    log = (tmp_path / "nightly.log").read_text()
    assert "notices: 0 new, 0 changed, 0 refetched unchanged, 0 removed" in log
    assert "publish: local " + str(www) + ": 0 copied, 0 deleted" in log
    assert log.rstrip().endswith("nightly exit 0: nothing needs attention")
    assert identities(www) == published

    (added,) = server.add(1)  # the third night, NFRA has published one more
    third = nightly(env)
    assert third.returncode == 0, third.stdout + third.stderr
    assert "notices: 1 new, 0 changed" in third.stdout
    assert (www / "notices" / str(added) / "index.html").is_file()


def test_a_second_run_while_one_is_running_exits_at_once_with_its_own_code(server: Server, tmp_path: Path) -> None:
    env = nightly_env(server, tmp_path)
    # Slow the first crawl down so that it is certainly still running when the second starts.
    first = start_nightly(env, "-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    try:
        wait_for_lock_holder(tmp_path / "nightly.lock", first.pid)
        started = time.monotonic()
        second = nightly(env)
        assert time.monotonic() - started < 20
        assert second.returncode == EXIT_LOCKED
        assert "another Fadan nightly run holds" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        assert second.stdout == ""
    finally:
        out, err = first.communicate(timeout=300)
    assert first.returncode == 0, out + err
    assert "notices: 60 new" in out


def test_the_lock_outlives_a_killed_nightly_while_its_crawl_runs(server: Server, tmp_path: Path) -> None:
    """kill -9 of the nightly leaves its crawl running: no second crawl may start beside it."""
    env = nightly_env(server, tmp_path)
    first = start_nightly(env, "-s", "DOWNLOAD_DELAY=0.05", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    lock_file = tmp_path / "nightly.lock"
    wait_for_lock_holder(lock_file, first.pid)
    deadline = time.monotonic() + 30
    while not server.stats.snapshot()["requests"] and time.monotonic() < deadline:
        time.sleep(0.05)  # the crawl has started
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    first.stdout.close()  # type: ignore[union-attr]
    first.stderr.close()  # type: ignore[union-attr]

    blocked = nightly(env)
    assert blocked.returncode == EXIT_LOCKED, blocked.stdout + blocked.stderr

    deadline = time.monotonic() + 300
    while True:  # the orphaned crawl finishes (or dies of its closed pipe) and the lock frees itself
        try:
            RunLock(lock_file).acquire().release()
            break
        except AlreadyRunning:
            assert time.monotonic() < deadline, "the orphaned crawl never let go of the lock"
            time.sleep(0.2)
    after = nightly(env)
    assert after.returncode == 0, after.stdout + after.stderr
    assert (tmp_path / "www" / "index.html").is_file()


def test_a_failed_assertion_still_publishes_and_exits_2(server: Server, tmp_path: Path) -> None:
    env = nightly_env(server, tmp_path)
    # "No new notice for more than -1 days" cannot hold: the freshness check fails.
    result = nightly(env, "-s", "FADAN_MAX_DAYS_WITHOUT_NEW=-1")
    assert result.returncode == EXIT_ASSERTION, result.stdout + result.stderr
    assert "check freshness: FAILED" in result.stdout
    assert result.stdout.rstrip().endswith(f"nightly exit {EXIT_ASSERTION}: a crawl assertion failed: a human "
                                           "should look (the site was still built and published)")
    assert (tmp_path / "www" / "index.html").is_file()


def test_a_crawl_stopped_at_its_time_limit_exits_1_and_what_it_stored_is_published(
    server: Server, tmp_path: Path
) -> None:
    env = nightly_env(server, tmp_path)
    # One request at a time: a graceful stop lets the downloader finish the requests it holds.
    stopped = nightly(env, "--crawl-timeout", "8", "-s", "DOWNLOAD_DELAY=0.5", "-s", "CONCURRENT_REQUESTS=1")
    assert stopped.returncode == EXIT_CRAWL_UNFINISHED, stopped.stdout + stopped.stderr
    assert "stopped after the 8s limit" in stopped.stdout
    assert "== Fadan crawl summary: shutdown" in stopped.stdout
    assert stopped.stdout.rstrip().endswith("nightly exit 1: the crawl did not finish; it resumes on the next run "
                                            "(look if this repeats)")
    assert (tmp_path / "www" / "index.html").is_file()  # what was stored is on the site
    notices = tmp_path / "www" / "notices"
    assert len(list(notices.iterdir()) if notices.is_dir() else []) < len(server.corpus)


def test_one_source_failing_does_not_stop_the_others(server: Server, tmp_path: Path) -> None:
    env = nightly_env(server, tmp_path)
    with socket.socket() as closed:  # a port nothing listens on: every PBOC request is refused
        closed.bind(("127.0.0.1", 0))
        env["PBOC_BASE_URL"] = f"http://127.0.0.1:{closed.getsockname()[1]}"
    result = nightly(env, "--sources", "pboc,nfra")
    assert result.returncode == EXIT_ASSERTION, result.stdout + result.stderr
    assert "crawl pboc: exit 2" in result.stdout and "crawl nfra: exit 0" in result.stdout
    assert "== Fadan crawl summary (pboc): finished" in result.stdout
    assert "notices: 60 new" in result.stdout  # NFRA crawled after PBOC failed
    assert (tmp_path / "www" / "index.html").is_file()


@pytest.fixture(scope="module")
def crawled_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database one crawl filled, copied by the tests that only build and publish."""
    path = tmp_path_factory.mktemp("crawled") / "fadan.db"
    with serve(Corpus(30, seed=22)) as running:
        result = crawl(running.base_url, f"sqlite:///{path}")
    assert result.returncode == 0, result.stdout + result.stderr
    return path


def only_build_env(crawled_db: Path, tmp_path: Path) -> dict[str, str]:
    shutil.copy(crawled_db, tmp_path / "fadan.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FADAN_", "DATABASE_URL", "NFRA_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'fadan.db'}", FADAN_SITE_DIR=str(tmp_path / "public"),
               FADAN_PUBLISH=str(tmp_path / "www"), FADAN_LOCK_FILE=str(tmp_path / "nightly.lock"))
    return env


def test_no_crawl_builds_and_publishes_what_is_stored(crawled_db: Path, tmp_path: Path) -> None:
    result = nightly(only_build_env(crawled_db, tmp_path), "--no-crawl")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "build: built 30 notices" in result.stdout
    assert "(no crawl: --no-crawl)" in result.stdout
    assert len(list((tmp_path / "www" / "notices").iterdir())) == 30


def test_a_failed_build_publishes_nothing_and_exits_3(crawled_db: Path, tmp_path: Path) -> None:
    result = nightly(only_build_env(crawled_db, tmp_path), "--no-crawl", "--site-url", "not-a-url")
    assert result.returncode == EXIT_BUILD_FAILED, result.stdout + result.stderr
    assert "build: FAILED" in result.stdout and "publish: skipped (the build failed)" in result.stdout
    assert "--base-url must be an absolute http(s) URL" in result.stdout  # build.py's own words
    assert not (tmp_path / "www").exists()


def test_a_failed_publish_exits_4(crawled_db: Path, tmp_path: Path) -> None:
    env = only_build_env(crawled_db, tmp_path)
    (tmp_path / "www").write_text("a file where the site's folder should be")
    result = nightly(env, "--no-crawl")
    assert result.returncode == EXIT_PUBLISH_FAILED, result.stdout + result.stderr
    assert "publish: FAILED" in result.stdout
    assert result.stdout.rstrip().endswith("nightly exit 4: publishing failed: the published site is stale")


def test_quiet_shows_the_logs_and_the_report_when_something_failed(crawled_db: Path, tmp_path: Path) -> None:
    result = nightly(only_build_env(crawled_db, tmp_path), "--no-crawl", "--quiet", "--site-url", "not-a-url")
    assert result.returncode == EXIT_BUILD_FAILED
    assert "nightly exit 3" in result.stdout


def test_the_exit_code_names_what_leaves_the_site_stale_first() -> None:
    assert overall([0, 0, 0]) == 0
    assert overall([EXIT_ASSERTION, 0, 0]) == EXIT_ASSERTION
    assert overall([EXIT_ASSERTION, 0, EXIT_PUBLISH_FAILED]) == EXIT_PUBLISH_FAILED
    assert overall([EXIT_CRAWL_UNFINISHED, EXIT_BUILD_FAILED]) == EXIT_BUILD_FAILED
    assert overall([EXIT_CRAWL_UNFINISHED, 0, 0]) == EXIT_CRAWL_UNFINISHED


def test_bad_arguments_exit_64_not_an_assertion_code(tmp_path: Path) -> None:
    env = dict(os.environ, FADAN_LOCK_FILE=str(tmp_path / "nightly.lock"))
    assert nightly(env, "--no-such-flag").returncode == EXIT_USAGE
    bad_target = nightly(env, "--publish", "ftp://example.org/site")
    assert bad_target.returncode == EXIT_USAGE
    assert "unknown publish target" in bad_target.stderr


# --- security: the lock file, secrets in argv, a build that never ends ---------------------------

def test_the_lock_never_follows_a_symlink_nor_truncates_what_it_points_at(tmp_path: Path) -> None:
    victim = tmp_path / "precious.txt"
    victim.write_text("a file the lock path was pointed at\n" * 50)
    before = victim.read_bytes()
    link = tmp_path / "nightly.lock"
    link.symlink_to(victim)
    with pytest.raises(NotALockFile, match="symlink"):
        RunLock(link).acquire()
    hard = tmp_path / "hard.lock"
    os.link(victim, hard)  # a hard link is the same file under another name
    with pytest.raises(NotALockFile):
        RunLock(hard).acquire()
    other = tmp_path / "other.lock"
    other.write_text("#!/bin/sh\necho someone else's file\n")
    with pytest.raises(NotALockFile):
        RunLock(other).acquire()
    assert victim.read_bytes() == before
    assert other.read_text() == "#!/bin/sh\necho someone else's file\n"


def test_the_lock_record_is_rewritten_in_place_without_truncating(tmp_path: Path) -> None:
    path = tmp_path / "nightly.lock"
    with RunLock(path).acquire("a long description of the first run " * 3):
        first = path.read_text()
    with RunLock(path).acquire("short"):
        second = path.read_text()
    assert len(first) == len(second) == RECORD_SIZE
    assert second.startswith(f"pid {os.getpid()},") and second.rstrip().endswith(", short")
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_a_nightly_with_a_symlinked_lock_exits_64(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep")
    (tmp_path / "nightly.lock").symlink_to(victim)
    env = dict(os.environ, FADAN_LOCK_FILE=str(tmp_path / "nightly.lock"))
    result = nightly(env, "--no-crawl", "--publish", "none")
    assert result.returncode == EXIT_USAGE, result.stdout + result.stderr
    assert "symlink" in result.stderr and victim.read_text() == "keep"


def _config(tmp_path: Path, **changes: object) -> Config:
    values: dict[str, object] = dict(
        db_url="postgresql://fadan:s3cr3t-pw@db.internal:5432/fadan", site_dir=tmp_path / "public",
        site_url="https://fadan.example.org/", target=Target("none", ""), adopt=False,
        lock_file=tmp_path / "nightly.lock",
        full=False, items=None, settings=(), crawl=True, crawl_timeout=0.0, build_timeout=0.0, build_jobs=None,
        quiet=False, log_file=None)
    values.update(changes)
    return Config(**values)  # type: ignore[arg-type]


def test_the_database_password_is_never_in_a_command_line(tmp_path: Path) -> None:
    config = _config(tmp_path)
    for command in (build_command(config), crawl_command(config)):
        assert not any("s3cr3t-pw" in part for part in command), command
    assert "--db" not in build_command(config)  # build.py reads DATABASE_URL from the environment


def test_the_build_timeout_is_a_documented_setting(tmp_path: Path) -> None:
    args = parse_args(["--no-crawl"])
    assert make_config(args, {}).build_timeout == DEFAULT_BUILD_TIMEOUT
    assert make_config(args, {"FADAN_BUILD_TIMEOUT": "120"}).build_timeout == 120
    assert make_config(parse_args(["--build-timeout", "5"]), {"FADAN_BUILD_TIMEOUT": "120"}).build_timeout == 5
    with pytest.raises(UsageError):
        make_config(args, {"FADAN_BUILD_TIMEOUT": "an hour"})
    assert "FADAN_BUILD_TIMEOUT" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.timeout(60)
def test_a_build_that_never_ends_is_stopped_with_its_children(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stuck build (here: one that forks a renderer, as build.py does, and then hangs) is killed at the
    limit, children and all: a survivor would hold the lock and block every later night."""
    pid_file = tmp_path / "child.pid"
    hang = ("import os, time\npid = os.fork()\nif pid == 0:\n    time.sleep(600)\n"
            f"else:\n    open({str(pid_file)!r}, 'w').write(str(pid))\n    print('rendering…', flush=True)\n"
            "    time.sleep(600)\n")
    monkeypatch.setattr("ops.nightly.build_command", lambda config: [sys.executable, "-c", hang])
    config = _config(tmp_path, build_timeout=2.0)
    with RunLock(tmp_path / "nightly.lock").acquire() as lock:
        step = run_build(config, dict(os.environ), lock)
    assert step.code == EXIT_BUILD_FAILED
    assert "stopped after the 2s limit (FADAN_BUILD_TIMEOUT)" in step.line and "rendering…" in step.line
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        raise AssertionError("the build's child process outlived the timeout")
    RunLock(tmp_path / "nightly.lock").acquire().release()  # nobody holds the lock any more


def test_a_nightly_never_publishes_over_another_sites_files(crawled_db: Path, tmp_path: Path) -> None:
    env = only_build_env(crawled_db, tmp_path)
    www = tmp_path / "www"
    www.mkdir()
    (www / "index.php").write_text("<?php another site")
    refused = nightly(env, "--no-crawl")
    assert refused.returncode == EXIT_PUBLISH_FAILED, refused.stdout + refused.stderr
    assert "no Fadan publish wrote" in refused.stdout and sorted(p.name for p in www.iterdir()) == ["index.php"]
    adopted = nightly(dict(env, FADAN_PUBLISH_ADOPT="1"), "--no-crawl")
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    assert (www / "index.php").read_text() == "<?php another site" and (www / "notices").is_dir()
