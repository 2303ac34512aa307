"""Deflate for every file the build ships gzip-compressed (the downloads, the receipts' CSVs, the search
index): zlib-ng (the `zlib-ng` package), about twice as fast as the standard library's zlib at the same
level, and its output is a plain gzip stream (the standard library's gzip, `gzip -d` and browsers read it).

Its bytes are not zlib's: at the levels used here they are a little smaller (each caller's level was chosen
as the cheapest one whose files are no larger than zlib's were, see README "Deflate"). The bytes are the
same for the same input, written in the same pieces: no name and no time in the header, and the pieces are
fixed by the caller (below level 7, zlib-ng's output depends on how its input is cut, unlike zlib's).
"""

from __future__ import annotations

from typing import BinaryIO

from zlib_ng import gzip_ng


def gzip_bytes(data: bytes, level: int) -> bytes:
    """`data` as one gzip member, with no name and time 0 in its header."""
    return gzip_ng.compress(data, level, mtime=0)


def gzip_writer(fileobj: BinaryIO, level: int) -> gzip_ng.GzipNGFile:
    """A gzip stream into `fileobj`, with no name and time 0 in its header (close it to finish the stream)."""
    return gzip_ng.GzipNGFile(filename="", mode="wb", fileobj=fileobj, mtime=0, compresslevel=level)
