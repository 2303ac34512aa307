"""A .zip of one file, deflated by zlib-ng (sitegen.core.deflate).

The standard library's zipfile deflates with its own zlib and has no way to take another deflate short
of patching it, and the CSV download is the largest file the build deflates (3.2 s of zlib at 100,000
notices, 1.3 s of zlib-ng). So this writes the few records of a one-file archive itself, laid out as
zipfile lays out `ZipFile.open(info, "w", force_zip64=True)` on a seekable file (PKWARE APPNOTE 4.3):
the local header with the sizes in its ZIP64 extra field, the deflated data, then the central directory
entry and the end record. The local header is written last (the target is seeked back to it), so no data
descriptor is needed. Any unzip, Excel and zipfile open it (tests/test_compression.py).
"""

from __future__ import annotations

import struct
from types import TracebackType
from typing import BinaryIO

from sitegen.core.deflate import crc32, raw_deflater

# The records (zipfile's structFileHeader, structCentralDir, structEndArchive) and ZIP64's extra field.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_ZIP64_SIZES = struct.Struct("<HHQQ")
_ZIP64_VERSION = 45  # 4.5: ZIP64 extensions
_UNIX = 3  # "version made by" host: external attributes are Unix modes
_DEFLATED = 8
_NO_SIZE = 0xFFFFFFFF  # a 32-bit size field whose value is in the ZIP64 extra field
_FILE_MODE = 0o644


class ZipOfOne:
    """Write `name`'s bytes with write(), then close(): a one-file .zip in `target` (a new, seekable file),
    dated `date_time` (year, month, day, hour, minute, second: the archive holds no other time)."""

    def __init__(self, target: BinaryIO, name: str, date_time: tuple[int, int, int, int, int, int],
                 level: int) -> None:
        self._target = target
        self._name = name.encode("ascii")  # a non-ASCII name would need the UTF-8 flag: none here
        year, month, day, hour, minute, second = date_time
        self._dos_time = hour << 11 | minute << 5 | second // 2
        self._dos_date = (year - 1980) << 9 | month << 5 | day
        self._deflate = raw_deflater(level)
        self._crc = self._size = self._compressed = 0
        self._start = target.tell()
        target.write(self._local_header())  # a placeholder of the same length, rewritten by close()

    def write(self, data: bytes) -> None:
        self._crc = crc32(data, self._crc)
        self._size += len(data)
        self._emit(self._deflate.compress(data))

    def close(self) -> None:
        self._emit(self._deflate.flush())
        directory = self._target.tell()
        if directory >= _NO_SIZE:  # 4 GB of deflated CSV: about 20 million notices
            raise ValueError(f"{self._name.decode()}: past 4 GB of deflated data, the end record needs ZIP64")
        entry = self._central_entry()
        self._target.write(entry)
        self._target.write(_END.pack(b"PK\005\006", 0, 0, 1, 1, len(entry), directory, 0))
        end = self._target.tell()
        self._target.seek(self._start)
        self._target.write(self._local_header())
        self._target.seek(end)

    def __enter__(self) -> ZipOfOne:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()

    def _emit(self, data: bytes) -> None:
        self._target.write(data)
        self._compressed += len(data)

    def _local_header(self) -> bytes:
        extra = _ZIP64_SIZES.pack(1, 16, self._size, self._compressed)
        return _LOCAL.pack(b"PK\003\004", _ZIP64_VERSION, 0, 0, _DEFLATED, self._dos_time, self._dos_date,
                           self._crc, _NO_SIZE, _NO_SIZE, len(self._name), len(extra)) + self._name + extra

    def _central_entry(self) -> bytes:
        """Sizes in the entry itself, or in a ZIP64 extra field when one is past 4 GB (as zipfile does)."""
        size, compressed, extra = self._size, self._compressed, b""
        if size >= _NO_SIZE or compressed >= _NO_SIZE:
            extra = _ZIP64_SIZES.pack(1, 16, size, compressed)
            size = compressed = _NO_SIZE
        return _CENTRAL.pack(b"PK\001\002", _ZIP64_VERSION, _UNIX, _ZIP64_VERSION, 0, 0, _DEFLATED,
                             self._dos_time, self._dos_date, self._crc, compressed, size, len(self._name),
                             len(extra), 0, 0, 0, _FILE_MODE << 16, self._start) + self._name + extra
