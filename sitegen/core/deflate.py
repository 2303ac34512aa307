"""Deflate for every file the build ships compressed (the downloads, the receipts' CSVs, the search index):
zlib-ng (the `zlib-ng` package), about twice as fast as the standard library's zlib at the same level. Its
output is plain gzip (the standard library's gzip, `gzip -d` and browsers read it), or raw deflate for the
.zip (sitegen.core.zip_one).

Its bytes are not zlib's: at the levels used here each kind of file is a little smaller in total (each
caller's level is the cheapest whose files are no larger than zlib's were, see README "Deflate"; a tiny
file can be a few bytes larger). The bytes are the
same for the same input, written in the same pieces: no name and no time in the header, and the pieces are
fixed by the caller (below level 7, zlib-ng's output depends on how its input is cut, unlike zlib's).
"""

from __future__ import annotations

from typing import Any, BinaryIO

from zlib_ng import gzip_ng, zlib_ng

crc32 = zlib_ng.crc32  # a .zip member's checksum (the same function as zlib.crc32, faster)


def gzip_bytes(data: bytes, level: int) -> bytes:
    """`data` as one gzip member, with no name and time 0 in its header."""
    return gzip_ng.compress(data, level, mtime=0)


def gzip_writer(fileobj: BinaryIO, level: int) -> gzip_ng.GzipNGFile:
    """A gzip stream into `fileobj`, with no name and time 0 in its header (close it to finish the stream)."""
    return gzip_ng.GzipNGFile(filename="", mode="wb", fileobj=fileobj, mtime=0, compresslevel=level)


def raw_deflater(level: int) -> Any:
    """A deflate stream without header or trailer (a .zip member's data): compress() and flush() as zlib's."""
    return zlib_ng.compressobj(level, zlib_ng.DEFLATED, -zlib_ng.MAX_WBITS)
