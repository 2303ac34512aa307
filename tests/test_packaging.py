"""The wheel works installed (issue 14): built from the checkout and installed in a clean venv, `fadan build`
renders a database into the same site as the checkout does, the tools are not in it, and with the demo
extra (the local server's own wheel) `fadan demo` runs. Slow: two wheel builds and a venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from test_site_fixtures import make_tiny_db

from sitegen.core.config import BuildConfig

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ("qa/", "bench/", "localnfra/", "tests/")
# The installed copy must not see the checkout: no PYTHONPATH pointing at it.
CLEAN_ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")}


def run(*args: str | Path, cwd: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the venv's bin/, the wheel directory): fadan installed from its wheel, nothing from the checkout."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheels = tmp / "dist"
    # Built from a copy of the tracked files: setuptools writes build/ and *.egg-info into the source tree.
    tracked = run("git", "ls-files", "-z", cwd=ROOT).stdout.split("\0")
    source = tmp / "source"
    for rel in filter(None, tracked):
        target = source / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / rel).is_symlink():
            target.symlink_to((ROOT / rel).readlink())
        elif (ROOT / rel).is_file():
            shutil.copy2(ROOT / rel, target)
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, source, source / "localnfra")
    venv.create(tmp / "venv", with_pip=True)
    bin_dir = tmp / "venv" / "bin"
    fadan_wheel = next(wheels.glob("fadan-*.whl"))
    run(bin_dir / "pip", "install", "-q", fadan_wheel, timeout=900)
    return bin_dir, wheels


@pytest.mark.slow
def test_the_wheel_holds_the_product_and_not_the_tools(installed: tuple[Path, Path]) -> None:
    names = zipfile.ZipFile(next(installed[1].glob("fadan-*.whl"))).namelist()
    assert "sitegen/labels.toml" in names
    assert "sitegen/theme/templates/base.html" in names and "sitegen/theme/static/search.js" in names
    assert "models/data/violations.toml" in names
    assert "ops/data/datasette-metadata.json" in names  # fadan datasette works installed
    assert not [n for n in names if n.startswith(TOOLS)]


@pytest.mark.slow
def test_fadan_build_renders_the_site_installed(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = installed
    db = make_tiny_db(tmp_path / "tiny.db")
    run(bin_dir / "fadan", "build", "--db", db, "--out", tmp_path / "installed", "--jobs", "1", "-q", cwd=tmp_path)
    from sitegen.builder import build_site  # the checkout's build of the same database

    build_site(BuildConfig(db_url=f"sqlite:///{db}", out_dir=tmp_path / "checkout", quiet=True, jobs=1))
    checkout = {p.relative_to(tmp_path / "checkout") for p in (tmp_path / "checkout").rglob("*") if p.is_file()}
    built = {p.relative_to(tmp_path / "installed") for p in (tmp_path / "installed").rglob("*") if p.is_file()}
    assert built == checkout
    for rel in sorted(checkout - {Path(".fadan-build.json"), Path(".fadan-located.json")}):  # these hold code digests
        assert (tmp_path / "installed" / rel).read_bytes() == (tmp_path / "checkout" / rel).read_bytes(), rel


@pytest.mark.slow
def test_fadan_nightly_builds_and_publishes_installed(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, _ = installed
    make_tiny_db(tmp_path / "tiny.db")
    # Relative paths from the directory it runs in; the build runs as `python -m sitegen` of the wheel.
    run(bin_dir / "fadan", "nightly", "--no-crawl", "--db", "tiny.db", "--site-dir", "site", "--publish", "www",
        "--build-jobs", "1", cwd=tmp_path)
    assert (tmp_path / "site" / "notices" / "1001" / "index.html").is_file()
    assert (tmp_path / "www" / "notices" / "1001" / "index.html").is_file()
    assert (tmp_path / "data" / "nightly.lock").exists()


@pytest.mark.slow
def test_fadan_demo_runs_installed_with_the_demo_extra(installed: tuple[Path, Path], tmp_path: Path) -> None:
    bin_dir, wheels = installed
    refused = subprocess.run([bin_dir / "fadan", "demo"], capture_output=True, text=True, cwd=tmp_path, env=CLEAN_ENV)
    assert refused.returncode == 2 and "pip install 'fadan[demo]'" in refused.stderr
    fadan_wheel = next(wheels.glob("fadan-*.whl"))
    run(bin_dir / "pip", "install", "-q", "--no-index", "--find-links", wheels, f"{fadan_wheel}[demo]")
    run(bin_dir / "fadan", "demo", "--notices", "30", "--db", "demo.db", "--out", "site", cwd=tmp_path)
    pages = [d.name for d in (tmp_path / "site" / "notices").iterdir() if (d / "index.html").is_file()]
    assert sum(name.isdigit() for name in pages) == 30  # every NFRA notice of the corpus
    assert any(name.startswith("pboc-") for name in pages)  # and the PBOC corpus served beside it
