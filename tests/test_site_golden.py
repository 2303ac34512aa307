"""Golden build: the tiny database (tests/test_site_fixtures.py) renders to exactly tests/golden/site/.

Regenerate after an intended change of templates, sitegen or vocabularies, then review the diff:

    FADAN_REGEN_GOLDEN=1 python -m pytest tests/test_site_golden.py

Not compared: the search page and index (tests/test_search_*.py), the static assets (verbatim copies
of site/static; tests/test_site_links.py checks every page's assets exist), the compressed downloads
(their bytes depend on the zlib build; tests/test_site_downloads.py checks their content), the
statistics pages under stats/ (about 130 receipts, tables and CSVs for the tiny corpus; every figure of
them is checked against SQL by tests/test_site_receipts.py), and the build manifest (it holds code digests).
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from test_site_fixtures import build_tiny_site

GOLDEN = Path(__file__).parent / "golden" / "site"
SKIPPED_PREFIXES = ("search/", "static/", "data/fadan", "stats/")
SKIPPED_FILES = {".fadan-build.json", ".fadan-build.lock", ".fadan-located.json"}  # the build's own bookkeeping


def site_files(root: Path) -> dict[str, Path]:
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in SKIPPED_FILES and not rel.startswith(SKIPPED_PREFIXES):
            files[rel] = path
    return files


def test_tiny_site_matches_golden_tree(tmp_path: Path) -> None:
    out = build_tiny_site(tmp_path)
    built = site_files(out)
    if os.environ.get("FADAN_REGEN_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, path in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, GOLDEN / rel)
    expected = site_files(GOLDEN)
    assert sorted(built) == sorted(expected), "the set of files differs from tests/golden/site"
    for rel, path in built.items():
        got, want = path.read_bytes(), expected[rel].read_bytes()
        if got != want:
            diff = difflib.unified_diff(
                want.decode("utf-8", "replace").splitlines(), got.decode("utf-8", "replace").splitlines(),
                f"golden/{rel}", f"built/{rel}", lineterm="", n=2,
            )
            raise AssertionError(f"{rel} differs from the golden tree:\n" + "\n".join(list(diff)[:60]))
