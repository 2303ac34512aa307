"""The published SQLite, ready for Datasette: one denormalised, indexed table for faceting.

    fadan datasette [--from public/data/fadan.sqlite.gz] [--out data/datasette/fadan.db]
    datasette serve data/datasette/fadan.db --metadata data/datasette/metadata.json \\
        --setting facet_time_limit_ms 1000

The site's download (/data/fadan.sqlite.gz: notice, penalty, penalty_category) opens in Datasette as it
is. This adds `penalty_detail`: one row per penalised party with its notice's date, year, issuer and
its violation categories as a JSON array, indexed on the faceted columns, so that facets on bank
group, category, province and year answer at once at 300,000 rows; and `violation_category`, the
labels (Chinese, English) of the category codes. The source file is never changed.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from models.vocab.taxonomy import load_taxonomy

# Packaged with ops (deploy/datasette/metadata.json links here), so an installed `fadan datasette` has it.
METADATA = Path(__file__).with_name("data") / "datasette-metadata.json"
DETAIL_TABLE = "penalty_detail"
LABELS_TABLE = "violation_category"
FACETED = ("bank_group", "province", "year", "institution_type", "party_kind", "level")

_DETAIL_SQL = f"""
CREATE TABLE {DETAIL_TABLE} AS
SELECT p.id, p.doc_id, p.seq,
       n.published_at,
       CAST(substr(COALESCE(n.published_at, p.decided_on), 1, 4) AS INTEGER) AS year,
       n.issuer, n.level, p.decision_no,
       p.party_name, p.party_kind, p.party_role, p.institution, p.bank_group, p.institution_type, p.province,
       (SELECT json_group_array(category) FROM (
            SELECT c.category FROM penalty_category c WHERE c.penalty_id = p.id ORDER BY c.category)
       ) AS categories,
       p.fine_yuan, p.fine_note, p.confiscated_yuan, p.forfeiture_yuan,
       p.warning, p.ban_years, p.ban_lifetime, p.measures,
       p.facts, p.basis, p.decision, p.authority, p.decided_on,
       n.title AS notice_title, n.source_url, n.removed_at
FROM penalty p JOIN notice n ON n.doc_id = p.doc_id
ORDER BY p.doc_id, p.seq
"""


class NotADownload(ValueError):
    pass


def _copy_source(source: Path, target: Path) -> None:
    """Copy (gunzipping a .gz) the download to `target`."""
    with open(source, "rb") as head:
        gzipped = head.read(2) == b"\x1f\x8b"
    opener = gzip.open if gzipped else open
    with opener(source, "rb") as src, open(target, "wb") as out:
        shutil.copyfileobj(src, out, 1 << 20)


def prepare(source: Path, dest: Path) -> dict[str, int]:
    """Write `dest`: the download at `source` plus the penalty_detail table; return row counts."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=".db")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _copy_source(source, tmp)
        conn = sqlite3.connect(tmp)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise NotADownload(f"{source} is not a SQLite database (or a gzipped one): {exc}") from None
        missing = {"notice", "penalty", "penalty_category"} - tables
        if missing:
            conn.close()
            raise NotADownload(f"{source} lacks the tables {', '.join(sorted(missing))}: is it Fadan's download?")
        with conn:
            conn.execute(f"DROP TABLE IF EXISTS {DETAIL_TABLE}")
            conn.execute(_DETAIL_SQL)
            for column in FACETED:
                conn.execute(f"CREATE INDEX {DETAIL_TABLE}_{column} ON {DETAIL_TABLE} ({column})")
            conn.execute(f"CREATE INDEX {DETAIL_TABLE}_doc ON {DETAIL_TABLE} (doc_id, seq)")
            conn.execute(f"DROP TABLE IF EXISTS {LABELS_TABLE}")
            conn.execute(f"CREATE TABLE {LABELS_TABLE} (code TEXT PRIMARY KEY, label_zh TEXT, label_en TEXT)")
            conn.executemany(f"INSERT INTO {LABELS_TABLE} VALUES (?, ?, ?)",
                             [(c.code, c.zh, c.en) for c in load_taxonomy()])
        counts = {
            name: conn.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
            for name in ("notice", "penalty", "penalty_category", DETAIL_TABLE, LABELS_TABLE)
        }
        conn.execute("ANALYZE")
        conn.execute("VACUUM")
        conn.close()
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ops.datasette", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, default=Path("public/data/fadan.sqlite.gz"),
                        help="the site's SQLite download, gzipped or not (default: public/data/fadan.sqlite.gz)")
    parser.add_argument("--out", type=Path, default=Path("data/datasette/fadan.db"),
                        help="the database Datasette serves (default: data/datasette/fadan.db)")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"ops.datasette: no download at {args.source}: build the site first (python build.py)", file=sys.stderr)
        return 1
    try:
        counts = prepare(args.source, args.out)
    except NotADownload as exc:
        print(f"ops.datasette: {exc}", file=sys.stderr)
        return 1
    metadata = args.out.with_name("metadata.json")  # beside the database: no checkout needed to serve it
    shutil.copyfile(METADATA, metadata)
    print(f"{args.out}: " + ", ".join(f"{name} {n:,}" for name, n in counts.items()))
    print(f"serve it: datasette serve {args.out} --metadata {metadata} --setting facet_time_limit_ms 1000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
