"""The compressed files' formats (sitegen.core.deflate, sitegen.core.zip_one): what zlib-ng writes is opened
by the standard library and by gzip / unzip, holds exactly the bytes written, carries no name or time of the
build, and the same input written in the same pieces makes the same bytes. The input is real: the penalty
rows of ../shared (4.4 MB of CSV)."""

from __future__ import annotations

import gzip
import io
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from sitegen.core.deflate import gzip_bytes, gzip_writer
from sitegen.core.zip_one import ZipOfOne
from tests.conftest import REAL_ROWS_CSV

NAME = "fadan-penalties.csv"
DAY = (2026, 4, 29, 0, 0, 0)


@pytest.fixture(scope="module")
def rows(samples: Path) -> bytes:
    return REAL_ROWS_CSV.read_bytes()


def pieces(data: bytes, size: int = 1 << 20) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def zip_of(data: bytes, path: Path, level: int = 5) -> bytes:
    with open(path, "wb") as f, ZipOfOne(f, NAME, DAY, level) as member:
        for piece in pieces(data):
            member.write(piece)
    return path.read_bytes()


def test_zip_holds_the_file_as_zipfile_would_describe_it(rows: bytes, tmp_path: Path) -> None:
    ours = tmp_path / "ours.zip"
    zip_of(rows, ours)
    # The standard library's archive of the same file, as the downloads were written before zlib-ng.
    theirs = tmp_path / "theirs.zip"
    with zipfile.ZipFile(theirs, "w") as zf:
        info = zipfile.ZipInfo(NAME, date_time=DAY)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with zf.open(info, "w", force_zip64=True) as member:
            member.write(rows)
    fields = ("filename", "date_time", "compress_type", "external_attr", "create_system", "create_version",
              "extract_version", "flag_bits", "file_size", "CRC", "header_offset", "extra")
    with zipfile.ZipFile(ours) as a, zipfile.ZipFile(theirs) as b:
        assert a.testzip() is None
        assert a.read(NAME) == rows
        assert [[getattr(i, f) for f in fields] for i in a.infolist()] == \
            [[getattr(i, f) for f in fields] for i in b.infolist()]
    # The local headers differ only in the compressed size (the last 8 bytes of their ZIP64 field).
    head = 30 + len(NAME) + 4 + 8
    assert ours.read_bytes()[:head] == theirs.read_bytes()[:head]


@pytest.mark.skipif(shutil.which("unzip") is None, reason="unzip is not installed")
def test_unzip_reads_the_zip(rows: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ours.zip"
    zip_of(rows, path)
    tested = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True, check=True)
    assert f"testing: {NAME}" in tested.stdout and "No errors detected" in tested.stdout
    assert subprocess.run(["unzip", "-p", str(path), NAME], capture_output=True, check=True).stdout == rows


def test_zip_is_the_same_bytes_for_the_same_rows(rows: bytes, tmp_path: Path) -> None:
    assert zip_of(rows, tmp_path / "a.zip") == zip_of(rows, tmp_path / "b.zip")


def test_zip_of_nothing_is_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.zip"
    with open(path, "wb") as f, ZipOfOne(f, NAME, DAY, 5):
        pass
    with zipfile.ZipFile(path) as zf:
        assert zf.read(NAME) == b""


@pytest.mark.slow
def test_zip_past_4_gb_keeps_its_sizes_in_zip64_fields(tmp_path: Path) -> None:
    """A CSV past 4 GB (about 2.3 million notices): its sizes go into the central directory's ZIP64 field."""
    size = (1 << 32) + (1 << 20)
    block = b"\0" * (1 << 24)
    path = tmp_path / "big.zip"
    with open(path, "wb") as f, ZipOfOne(f, NAME, DAY, 1) as member:
        for _ in range(size // len(block)):
            member.write(block)
        member.write(block[: size % len(block)])
    with zipfile.ZipFile(path) as zf:
        (info,) = zf.infolist()
        assert info.file_size == size
        assert struct.unpack("<HHQQ", info.extra)[:3] == (1, 16, size)


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
