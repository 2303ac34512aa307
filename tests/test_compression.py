"""The gzip files the build writes with zlib-ng (sitegen.core.deflate): what zlib-ng writes is opened
by the standard library and by gzip, holds exactly the bytes written, carries no name or time of the
build, and the same input written in the same pieces makes the same bytes. The input is real: the penalty
rows of ../shared (4.4 MB of CSV)."""

from __future__ import annotations

import gzip
import io
import subprocess
from pathlib import Path

import pytest

from sitegen.core.deflate import gzip_bytes, gzip_writer
from tests.conftest import REAL_ROWS_CSV


@pytest.fixture(scope="module")
def rows(samples: Path) -> bytes:
    return REAL_ROWS_CSV.read_bytes()


def pieces(data: bytes, size: int = 1 << 20) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def test_gzip_bytes_open_with_gzip_and_carry_no_name_or_time(rows: bytes) -> None:
    blob = gzip_bytes(rows, 6)
    assert gzip.decompress(blob) == rows
    assert blob[3] == 0  # no flags: no file name, no comment, no extra field
    assert blob[4:8] == b"\0\0\0\0"  # modification time 0
    assert gzip_bytes(rows, 6) == blob
    assert len(blob) < len(rows) // 3


def test_gzip_writer_makes_what_gzip_reads_and_the_same_bytes_again(rows: bytes, tmp_path: Path) -> None:
    def written() -> bytes:
        out = io.BytesIO()
        with gzip_writer(out, 6) as gz:
            for piece in pieces(rows, 100_000):
                gz.write(piece)
        return out.getvalue()

    blob = written()
    assert blob == written()
    assert blob[3] == 0 and blob[4:8] == b"\0\0\0\0"
    assert gzip.decompress(blob) == rows
    path = tmp_path / "rows.csv.gz"
    path.write_bytes(blob)
    subprocess.run(["gzip", "-t", str(path)], check=True)
