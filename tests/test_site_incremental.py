"""An incremental build after one new notice rewrites exactly the files that show it, and nothing else."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from test_site_fixtures import GOLDEN_BASE_URL, add_notice, make_tiny_db, simple_notice

from sitegen.builder import build_site
from sitegen.core.config import BuildConfig


def snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(out).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in out.rglob("*") if p.is_file() and p.name not in (".fadan-build.json", ".fadan-located.json")}


def test_one_new_notice_rewrites_only_what_shows_it(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    config = BuildConfig(db_url=f"sqlite:///{db}", out_dir=tmp_path / "public", base_url=GOLDEN_BASE_URL,
                         search=False, jobs=1)
    build_site(config)
    before = snapshot(config.out_dir)

    add_notice(db, *simple_notice(3000, datetime(2025, 7, 1, 9)))
    report = build_site(config)
    after = snapshot(config.out_dir)

    changed = {path for path in after if path not in before or after[path][0] != before[path][0]}
    touched = {path for path in before if path in after and after[path][1] != before[path][1]}
    assert touched <= changed, f"rewritten with the same bytes: {sorted(touched - changed)}"
    stats = {path for path in changed if path.startswith("stats/")}
    changed -= stats
    items = ("bank/zhong-guo-nong-ye-yin-hang", "violation/credit", "region/zhe-jiang",
             "regulator/zhe-jiang-jin-rong-jian-guan-ju")
    # Statistics (sitegen/pages/receipts): a receipt's CSV changes only when its records do; the pages of the
    # open year and of all years move with their as-of date; a closed year's receipts by publication date
    # never move (its decision-date receipt counts the records without a decision date, as this one is).
    # (The receipts of a year, of a year of an item and of a month name rows of an all-time CSV.)
    assert {path for path in stats if path.endswith("records.csv.gz")} == {"stats/all/records.csv.gz"} | {
        f"stats/all/{receipt}/records.csv.gz" for receipt in (*items, "type/state-owned")
    }
    assert {path for path in stats if path.startswith("stats/2024/")} == {"stats/2024/decided/index.html"}
    assert changed == {
        "years/2025/review/index.html",
        "notices/3000/index.html",  # the new page
        "index.html", "feed.xml",  # latest notices, totals, charts
        "banks/index.html", "banks/zhong-guo-nong-ye-yin-hang/index.html", "banks/zhong-guo-nong-ye-yin-hang/feed.xml",
        "banks/zhong-guo-nong-ye-yin-hang/tree/index.html",  # the new branch in the group's tree
        "violations/index.html", "violations/credit/index.html", "violations/credit/feed.xml",
        "regions/index.html", "regions/zhe-jiang/index.html", "regions/zhe-jiang/feed.xml",
        "regulators/index.html", "regulators/zhe-jiang-jin-rong-jian-guan-ju/index.html",
        "years/index.html", "years/2025/index.html",
        "about/index.html",  # coverage table
        "data/index.html", "data/fadan-penalties.csv.zip", "data/fadan-penalties.json.gz", "data/fadan.sqlite.gz",
    }
    assert report.counts["notices"] == {"written": 1, "skipped": 6}
    assert set(before) <= set(after)  # nothing removed


def test_rebuild_without_changes_renders_nothing(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    config = BuildConfig(db_url=f"sqlite:///{db}", out_dir=tmp_path / "public", search=False, jobs=1)
    build_site(config)
    before = snapshot(config.out_dir)
    report = build_site(config)
    assert snapshot(config.out_dir) == before
    rendered = {family: c.get("written", 0) + c.get("unchanged", 0) for family, c in report.counts.items()}
    # Only the static files are compared byte for byte; every page is skipped on its digest.
    assert {family for family, n in rendered.items() if n} <= {"static", "about"}


def test_removed_listing_pages_are_deleted_and_others_kept(tmp_path: Path) -> None:
    db = make_tiny_db(tmp_path / "tiny.db")
    out = tmp_path / "public"
    config = BuildConfig(db_url=f"sqlite:///{db}", out_dir=out, search=False, jobs=1)
    build_site(config)
    (out / "operator-note.txt").write_text("kept")  # not the generator's: never touched
    other = tmp_path / "other.db"
    from test_site_fixtures import tiny_notices
    make_tiny_db(other, tiny_notices()[:2])
    build_site(BuildConfig(db_url=f"sqlite:///{other}", out_dir=out, search=False, jobs=1))
    assert not (out / "notices" / "1006").exists()
    assert not (out / "banks" / "ning-bo-yin-hang").exists()
    assert (out / "notices" / "1001" / "index.html").is_file()
    assert (out / "operator-note.txt").read_text() == "kept"


def test_background_processes_write_the_same_site_as_one_process(tmp_path: Path) -> None:
    # With jobs > 1 the downloads export and the search index run in forked children beside the page
    # rendering; the bytes must not depend on it, before and after a new notice.
    db = make_tiny_db(tmp_path / "tiny.db")
    sites = {jobs: BuildConfig(db_url=f"sqlite:///{db}", out_dir=tmp_path / f"jobs{jobs}", base_url=GOLDEN_BASE_URL,
                               jobs=jobs) for jobs in (1, 2)}

    def contents(out: Path) -> dict[str, bytes]:
        return {path: data for path, (data, _mtime) in snapshot(out).items()}

    for _round in range(2):
        reports = {jobs: build_site(config) for jobs, config in sites.items()}
        assert reports[2].search is not None and reports[2].search["records"] == reports[1].search["records"] > 0
        assert any(path.startswith("search/idx/") for path in contents(sites[2].out_dir))
        assert contents(sites[2].out_dir) == contents(sites[1].out_dir)
        add_notice(db, *simple_notice(3000, datetime(2025, 7, 1, 9)))



def test_the_build_version_covers_the_vocabularies_the_register_reads() -> None:
    # The register places institutions with models/vocab at build time; the tree pages' keys digest
    # only penalties, so a new matching rule or group table must be a new build version (all re-rendered).
    import sitegen.builder as builder

    models = Path(builder.__file__).resolve().parents[1] / "models"
    sources = set(builder._OWN_SOURCES)
    assert models / "vocab" / "groups.py" in sources
    assert {p for p in (models / "data" / "groups").glob("*.csv")} <= sources
    assert models / "data" / "violations.toml" in sources
