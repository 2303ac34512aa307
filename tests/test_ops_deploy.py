"""The scheduling recipes of deploy/: each one is checked as far as this machine allows.

The crontab's job lines are run for real (with the paths moved into a scratch folder and the local NFRA
server in place of nfra.gov.cn); the systemd units go through `systemd-analyze verify` and their
calendars through `systemd-analyze calendar`; the CI workflow is parsed and its schedule and commands
checked against ops.nightly's own argument parser.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from localnfra.corpus import Corpus
from localnfra.server import serve
from ops.nightly import parse_args

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
CRONTAB = DEPLOY / "cron" / "fadan.crontab"
SYSTEMD = DEPLOY / "systemd"
WORKFLOW = DEPLOY / "github-actions" / "fadan-nightly.yml"
KNOWN_SETTINGS = {"DATABASE_URL", "NFRA_BASE_URL", "SCRAPY_SETTINGS_MODULE", "FADAN_SITE_DIR", "FADAN_SITE_URL",
                  "FADAN_PUBLISH", "FADAN_S3_ENDPOINT_URL", "FADAN_LOCK_FILE", "FADAN_CRAWL_TIMEOUT",
                  "FADAN_LOG_LEVEL", "FADAN_BUILD_TIMEOUT", "FADAN_PUBLISH_ADOPT"}
CHINA_NOTE = re.compile(r"mainland China or Hong Kong")

CRON_FIELD = r"(\*|\d+(-\d+)?(,\d+(-\d+)?)*)(/\d+)?"
CRON_RANGES = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]


def cron_fields_valid(fields: list[str]) -> bool:
    for field, (low, high) in zip(fields, CRON_RANGES, strict=True):
        if not re.fullmatch(CRON_FIELD, field):
            return False
        numbers = [int(n) for n in re.findall(r"\d+", field.split("/")[0])]
        if any(not low <= n <= high for n in numbers):
            return False
    return True


def nightly_args(command: str) -> list[str]:
    """The arguments given to `python -m ops.nightly` in a shell command line."""
    words = shlex.split(command.split("&&")[-1])
    at = words.index("ops.nightly")
    assert words[at - 1] == "-m" and words[at - 2].endswith("python")
    return words[at + 1:]


# --- cron ----------------------------------------------------------------------------------------

def crontab() -> tuple[dict[str, str], list[tuple[list[str], str]]]:
    env, jobs = {}, []
    for line in CRONTAB.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^[A-Z_]+=", line):
            name, _, value = line.partition("=")
            env[name] = value
            continue
        parts = line.split(None, 5)
        jobs.append((parts[:5], parts[5]))
    return env, jobs


def test_the_crontab_runs_the_nightly_six_days_and_the_full_walk_on_sunday() -> None:
    env, jobs = crontab()
    assert set(env) - {"MAILTO", "SHELL"} <= KNOWN_SETTINGS
    assert env["DATABASE_URL"].startswith("sqlite:////var/lib/")  # a persistent path, outside the checkout
    assert len(jobs) == 2
    days = {}
    for fields, command in jobs:
        assert cron_fields_valid(fields), fields
        args = parse_args(nightly_args(command))
        assert args.quiet and args.log_file  # cron mails only when a human should look
        days["full" if args.full else "nightly"] = fields[4]
    assert days == {"nightly": "1-6", "full": "0"}
    assert CHINA_NOTE.search(CRONTAB.read_text())


def test_the_crontab_job_line_runs_as_written(tmp_path: Path) -> None:
    """The nightly job line, run by sh as cron runs it, with the crontab's variables moved into tmp_path."""
    env, jobs = crontab()
    nightly_line = next(command for fields, command in jobs if fields[4] == "1-6")
    moved = {name: value.replace("/var/lib/fadan", str(tmp_path / "lib")).replace("/var/www/fadan",
                                                                                     str(tmp_path / "www"))
             for name, value in env.items() if name not in ("MAILTO", "SHELL")}
    line = nightly_line.replace("/opt/fadan", str(ROOT)).replace("/var/log/fadan", str(tmp_path / "log"))
    with serve(Corpus(20, seed=41)) as server:
        run_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **moved, "NFRA_BASE_URL": server.base_url,
                   "PBOC_BASE_URL": server.base_url,  # the local server serves both regulators' pages
                   "SCRAPY_SETTINGS_MODULE": "scrapers.settings.local"}
        result = subprocess.run(["/bin/sh", "-c", line], env=run_env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and result.stderr == ""  # nothing for cron to mail
    assert (tmp_path / "lib" / "fadan.db").is_file()
    assert (tmp_path / "www" / "index.html").is_file()
    log = (tmp_path / "log" / "nightly.log").read_text()
    assert "notices: 20 new" in log and log.rstrip().endswith("nightly exit 0: nothing needs attention")


# --- systemd -------------------------------------------------------------------------------------

def unit(path: Path) -> dict[str, list[str]]:
    """`Section.Key` -> values (a key may repeat, as Environment= does)."""
    out: dict[str, list[str]] = {}
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        out.setdefault(f"{section}.{key}", []).append(value)
    return out


def test_the_units_pair_each_service_with_its_timer_and_share_one_lock() -> None:
    nightly, full = unit(SYSTEMD / "fadan-nightly.service"), unit(SYSTEMD / "fadan-full.service")
    for service, wants_full in ((nightly, False), (full, True)):
        assert service["Service.Type"] == ["oneshot"]
        (exec_start,) = service["Service.ExecStart"]
        args = parse_args(nightly_args(exec_start))
        assert args.full is wants_full
        env = dict(value.split("=", 1) for value in service["Service.Environment"])
        assert set(env) <= KNOWN_SETTINGS
        assert env["DATABASE_URL"] == "sqlite:////var/lib/fadan/fadan.db"  # StateDirectory: kept between runs
        assert service["Service.StateDirectory"] == ["fadan"]
    lock = {dict(v.split("=", 1) for v in s["Service.Environment"])["FADAN_LOCK_FILE"] for s in (nightly, full)}
    assert len(lock) == 1  # the weekly walk and the nightly never overlap
    assert unit(SYSTEMD / "fadan-nightly.timer")["Timer.Unit"] == ["fadan-nightly.service"]
    assert unit(SYSTEMD / "fadan-full.timer")["Timer.Unit"] == ["fadan-full.service"]
    for name in ("fadan-nightly.timer", "fadan-full.timer"):
        timer = unit(SYSTEMD / name)
        assert timer["Timer.Persistent"] == ["true"]
        assert timer["Install.WantedBy"] == ["timers.target"]
    for name in ("fadan-nightly.service", "fadan-full.service"):
        assert CHINA_NOTE.search((SYSTEMD / name).read_text())


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_the_timers_fire_monday_to_saturday_and_on_sunday_in_beijing_time() -> None:
    def weekdays(expression: str) -> set[str]:
        result = subprocess.run(["systemd-analyze", "calendar", "--iterations=7", expression], capture_output=True,
                                text=True, check=True, env={"TZ": "Asia/Shanghai", "PATH": "/usr/bin:/bin"})
        elapses = re.findall(r"(?:Next elapse|Iter\. #\d+): (\w{3}) \S+ (\d\d:\d\d):\d\d CST", result.stdout)
        assert len(elapses) == 7, result.stdout
        assert {time for _, time in elapses} == {"03:17"}
        return {day for day, _ in elapses}

    (nightly,) = unit(SYSTEMD / "fadan-nightly.timer")["Timer.OnCalendar"]
    (full,) = unit(SYSTEMD / "fadan-full.timer")["Timer.OnCalendar"]
    assert weekdays(nightly) == {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
    assert weekdays(full) == {"Sun"}


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    # The checkout is /opt/fadan in the units; here it is this one, so ExecStart= names a real program.
    names = ["fadan-nightly.service", "fadan-nightly.timer", "fadan-full.service", "fadan-full.timer"]
    for name in names:
        (tmp_path / name).write_text((SYSTEMD / name).read_text().replace("/opt/fadan", str(ROOT)))
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *(str(tmp_path / n) for n in names)],
                            capture_output=True, text=True, timeout=60)
    ours = [line for line in (result.stdout + result.stderr).splitlines() if "fadan" in line]
    assert result.returncode == 0 and not ours, result.stdout + result.stderr


# --- the CI workflow -----------------------------------------------------------------------------

def test_the_ci_workflow_schedules_both_runs_and_keeps_the_database() -> None:
    yaml = pytest.importorskip("yaml")
    text = WORKFLOW.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on:` as True
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert len(crons) == 2 and all(cron_fields_valid(c.split()) for c in crons)
    # 19:17 UTC is 03:17 Beijing the next day: Sun-Fri UTC evenings are Mon-Sat Beijing mornings.
    assert sorted(crons) == ["17 19 * * 0-5", "17 19 * * 6"]
    assert workflow["concurrency"]["cancel-in-progress"] is False

    steps = workflow["jobs"]["crawl"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    restore = steps[uses.index("actions/cache/restore@v4")]
    save = steps[uses.index("actions/cache/save@v4")]
    assert restore["with"]["path"] == save["with"]["path"] == "data/fadan.db"
    assert save["if"] == "always()"  # an unfinished crawl's progress is kept too
    assert workflow["jobs"]["crawl"]["env"]["DATABASE_URL"].endswith("'sqlite:///data/fadan.db' }}")
    assert uses.index("actions/cache/restore@v4") < next(i for i, s in enumerate(steps) if s.get("id") == "nightly")

    script = next(s["run"] for s in steps if s.get("id") == "nightly")
    assert "python -m ops.nightly $args" in script
    assert '"${{ github.event.schedule }}" = "17 19 * * 6"' in script and 'args="--full"' in script
    assert CHINA_NOTE.search(text)
