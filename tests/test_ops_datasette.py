"""The published SQLite in Datasette: ops.datasette prepares it, deploy/datasette/metadata.json describes it.

The facet queries run through Datasette's own Python API when datasette is installed (it is an optional
tool for journalists, not a dependency of Fadan); the preparation is tested either way.
"""

from __future__ import annotations

import asyncio
import gzip
import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import insert

from models.db import make_engine
from models.store import NOTICE, PENALTY, Store
from models.tables import PenaltyCategory
from models.vocab.taxonomy import category_codes
from ops.datasette import DETAIL_TABLE, METADATA, NotADownload, main, prepare

CATEGORY = PenaltyCategory.__table__

NOTICES = [  # doc_id, published, issuer, level
    (1001, datetime(2024, 3, 5, 10), "重庆金融监管局", "provincial"),
    (1002, datetime(2025, 7, 1, 9), "国家金融监督管理总局", "headquarters"),
    (1003, datetime(2025, 11, 20, 16), "苏州金融监管分局", "sub-provincial"),
]
PENALTIES = [  # id, doc_id, seq, party, kind, bank_group, province, fine, note, categories
    (1, 1001, 1, "中国农业银行股份有限公司重庆某支行", "institution", "中国农业银行", "重庆", 500_000, None,
     ["credit", "internal-control"]),
    (2, 1001, 2, "张某", "individual", "中国农业银行", "重庆", None, None, ["credit"]),
    (3, 1002, 1, "某人寿保险股份有限公司", "institution", None, None, 1_105_000, None, ["insurance"]),
    (4, 1003, 1, "中国农业银行股份有限公司苏州分行", "institution", "中国农业银行", "江苏", 300_000, "joint",
     ["credit"]),
    (5, 1003, 2, "江苏银行股份有限公司苏州分行", "institution", "江苏银行", "江苏", 300_000, "joint", ["aml"]),
]


def published_download(tmp_path: Path) -> Path:
    """A database with the real schema and a few notices, gzipped as the site publishes it."""
    db = tmp_path / "fadan.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    Store(engine)  # the schema, by the recorded migrations
    assert {c for p in PENALTIES for c in p[9]} <= set(category_codes())
    now = datetime(2025, 12, 1)
    with engine.begin() as conn:
        for doc_id, published, issuer, level in NOTICES:
            conn.execute(insert(NOTICE).values(
                doc_id=doc_id, item_id=4113, title=f"{issuer}行政处罚信息公开表", published_at=published, issuer=issuer,
                level=level, source_url=f"https://www.nfra.gov.cn/cn/view/pages/ItemDetail.html?docId={doc_id}",
                layout="horizontal", parse_status="ok", first_seen_at=now, last_seen_at=now))
        for pid, doc_id, seq, party, kind, group, province, fine, note, cats in PENALTIES:
            conn.execute(insert(PENALTY).values(
                id=pid, doc_id=doc_id, seq=seq, party_name=party, party_kind=kind, bank_group=group,
                province=province, fine_yuan=fine, fine_note=note, decided_on=date(2024, 1, 2)))
            for code in cats:
                conn.execute(insert(CATEGORY).values(penalty_id=pid, category=code))
    engine.dispose()
    gz = tmp_path / "fadan.sqlite.gz"
    with open(db, "rb") as src, gzip.open(gz, "wb") as out:
        shutil.copyfileobj(src, out)
    db.unlink()
    return gz


def test_prepare_adds_one_faceting_table_and_keeps_the_download_as_it_is(tmp_path: Path) -> None:
    gz = published_download(tmp_path)
    before = gz.read_bytes()
    counts = prepare(gz, tmp_path / "out" / "fadan.db")
    assert counts["notice"] == 3 and counts["penalty"] == 5 and counts[DETAIL_TABLE] == 5
    assert counts["violation_category"] == len(category_codes())
    assert gz.read_bytes() == before
    conn = sqlite3.connect(tmp_path / "out" / "fadan.db")
    rows = {r[0]: r[1:] for r in conn.execute(
        f"SELECT id, year, issuer, bank_group, categories, fine_yuan, fine_note FROM {DETAIL_TABLE}")}
    assert rows[1] == (2024, "重庆金融监管局", "中国农业银行", '["credit","internal-control"]', 500_000, None)
    assert rows[3] == (2025, "国家金融监督管理总局", None, '["insurance"]', 1_105_000, None)
    assert rows[5][-2:] == (300_000, "joint")
    assert not list(tmp_path.joinpath("out").glob(".tmp-*"))


def test_prepare_again_replaces_the_table_and_a_plain_sqlite_works_too(tmp_path: Path) -> None:
    gz = published_download(tmp_path)
    plain = tmp_path / "plain.sqlite"
    with gzip.open(gz) as src, open(plain, "wb") as out:
        shutil.copyfileobj(src, out)
    dest = tmp_path / "fadan.db"
    assert prepare(plain, dest)[DETAIL_TABLE] == 5
    assert prepare(plain, dest)[DETAIL_TABLE] == 5


@pytest.mark.parametrize("content", [b"<html>not found</html>", b""])
def test_something_else_than_the_download_is_refused_clearly(content: bytes, tmp_path: Path) -> None:
    bogus = tmp_path / "fadan.sqlite.gz"
    bogus.write_bytes(content)
    with pytest.raises(NotADownload):
        prepare(bogus, tmp_path / "fadan.db")
    assert not (tmp_path / "fadan.db").exists()
    assert main(["--from", str(bogus), "--out", str(tmp_path / "fadan.db")]) == 1


def test_the_metadata_describes_every_table_and_column_it_names(tmp_path: Path) -> None:
    metadata = json.loads(METADATA.read_text("utf-8"))
    prepare(published_download(tmp_path), tmp_path / "fadan.db")
    conn = sqlite3.connect(tmp_path / "fadan.db")
    tables = metadata["databases"]["fadan"]["tables"]
    for table, meta in tables.items():
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
        assert columns, f"{table} is not in the prepared database"
        named = set(meta.get("columns", {})) | set(meta.get("units", {}))
        named |= {f for f in meta.get("facets", []) if isinstance(f, str)}
        named |= {next(iter(f.values())) for f in meta.get("facets", []) if isinstance(f, dict)}
        assert named <= columns, (table, named - columns)
    assert tables[DETAIL_TABLE]["units"] == {"fine_yuan": "yuan", "confiscated_yuan": "yuan", "forfeiture_yuan": "yuan"}


def _datasette_get(db: Path, path: str) -> tuple[int, str]:
    from datasette.app import Datasette

    async def get() -> tuple[int, str]:
        ds = Datasette([str(db)], metadata=json.loads(METADATA.read_text("utf-8")),
                       settings={"facet_time_limit_ms": 5000})
        await ds.invoke_startup()
        response = await ds.client.get(path)
        return response.status_code, response.text

    return asyncio.run(get())


def test_datasette_facets_on_bank_group_category_province_and_year(tmp_path: Path) -> None:
    pytest.importorskip("datasette", reason="datasette is optional (pip install datasette)")
    db = tmp_path / "fadan.db"
    prepare(published_download(tmp_path), db)
    status, body = _datasette_get(db, f"/fadan/{DETAIL_TABLE}.json")
    assert status == 200, body
    facets = json.loads(body)["facet_results"]
    counts = {name: {str(r["value"]): r["count"] for r in facet["results"]} for name, facet in facets.items()}
    assert counts["bank_group"] == {"中国农业银行": 3, "江苏银行": 1}
    assert counts["categories"] == {"credit": 3, "internal-control": 1, "insurance": 1, "aml": 1}
    assert counts["province"] == {"重庆": 2, "江苏": 2}
    assert counts["year"] == {"2025": 3, "2024": 2}

    # A journalist's question: the Agricultural Bank's penalties in 2025, as one facet-filtered query.
    status, body = _datasette_get(db, f"/fadan/{DETAIL_TABLE}.json?bank_group=中国农业银行&year=2025&_shape=array")
    assert status == 200, body
    assert [row["party_name"] for row in json.loads(body)] == ["中国农业银行股份有限公司苏州分行"]


def test_datasette_shows_fines_in_yuan_and_the_titles(tmp_path: Path) -> None:
    pytest.importorskip("datasette", reason="datasette is optional (pip install datasette)")
    db = tmp_path / "fadan.db"
    prepare(published_download(tmp_path), db)
    status, page = _datasette_get(db, f"/fadan/{DETAIL_TABLE}")
    assert status == 200
    assert "Penalties, one row per party" in page
    assert "1.105&nbsp;M元" in page and "500.0&nbsp;k元" in page  # pint's compact form of yuan
    status, home = _datasette_get(db, "/")
    assert "Fadan 罚单: NFRA administrative penalties" in home


def test_the_command_writes_the_metadata_beside_the_database_it_prepares(tmp_path: Path) -> None:
    # No checkout needed to serve it: the metadata comes from the package and lands beside --out.
    out = tmp_path / "served" / "fadan.db"
    assert main(["--from", str(published_download(tmp_path)), "--out", str(out)]) == 0
    written = out.with_name("metadata.json")
    assert json.loads(written.read_text("utf-8")) == json.loads(METADATA.read_text("utf-8"))
    assert "penalty_detail" in json.loads(written.read_text("utf-8"))["databases"]["fadan"]["tables"]
