"""Term shards: the dictionary and the postings of every term whose hash falls in the shard.

A query fetches one shard per distinct shard of its terms and nothing else, so shards are sized for
the network: about TARGET_SHARD_BYTES each. File layout (little-endian), gzip-compressed:

    b"FDT1" | u32 term count | u32 byte length of the terms | terms, UTF-8, joined by "\\n"
    | u32 byte length of the directory | directory: per term, LEB128 count and (size << 1 | is_bitmap)
    | postings of each term, in directory order
"""

from __future__ import annotations

import gzip
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sitegen.core.deflate import gzip_bytes
from sitegen.search.postings import Postings, bitmap_bytes, decode_varints, encode_varints

MAGIC = b"FDT1"
TARGET_SHARD_BYTES = 48_000  # uncompressed; most shards gzip to half of this
MAX_SHARDS = 4096
# Deflate level of every index file (shards, chunks, amounts): zlib-ng's 4 makes them 2% smaller than zlib's
# 4 did, in 30% less CPU (README, "Deflate").
INDEX_LEVEL = 4


def shard_count(postings: Postings) -> int:
    """A power of two that brings shards near the target size (1 for a tiny corpus)."""
    total = int(postings.encoded_sizes.sum()) + sum(len(t.encode()) + 4 for t in postings.terms)
    shards = 1
    while shards < MAX_SHARDS and total / shards > TARGET_SHARD_BYTES:
        shards *= 2
    return shards


def shard_path(directory: Path, shard: int) -> Path:
    return directory / f"{shard:04x}.bin"


def write_shards(
    postings: Postings, directory: Path, shards: int, write: Callable[[Path, bytes], None]
) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    of_term = (postings.hashes % shards).astype(np.int64)
    order = np.argsort(of_term, kind="stable")
    bounds = np.searchsorted(of_term[order], np.arange(shards + 1))
    for shard in range(shards):
        members = order[bounds[shard] : bounds[shard + 1]].tolist()
        write(shard_path(directory, shard), encode_shard(postings, members))


def encode_shard(postings: Postings, members: list[int]) -> bytes:
    terms = "\n".join(postings.terms[t] for t in members).encode("utf-8", "replace")
    idx = np.array(members, dtype=np.int64)
    sizes = postings.encoded_sizes[idx] if len(idx) else np.zeros(0, np.int64)
    flags = postings.is_bitmap[idx].astype(np.int64) if len(idx) else np.zeros(0, np.int64)
    directory = np.empty(2 * len(idx), dtype=np.int64)
    directory[0::2] = postings.counts[idx] if len(idx) else []
    directory[1::2] = (sizes << 1) | flags
    directory_bytes = encode_varints(directory).tobytes()
    body = b"".join(postings.encoded(t) for t in members)
    head = MAGIC + struct.pack("<II", len(members), len(terms)) + terms
    raw = head + struct.pack("<I", len(directory_bytes)) + directory_bytes + body
    return gzip_bytes(raw, INDEX_LEVEL)


@dataclass
class Shard:
    """A decoded shard (used by the Python reader and the tests)."""

    terms: dict[str, tuple[int, bool, int, int]]  # term -> (count, is_bitmap, offset, size)
    data: bytes

    @classmethod
    def parse(cls, blob: bytes) -> Shard:
        raw = gzip.decompress(blob) if blob[:2] == b"\x1f\x8b" else blob
        if raw[:4] != MAGIC:
            raise ValueError("not a search shard")
        n, terms_len = struct.unpack_from("<II", raw, 4)
        pos = 12
        names = raw[pos : pos + terms_len].decode("utf-8").split("\n") if n else []
        pos += terms_len
        (dir_len,) = struct.unpack_from("<I", raw, pos)
        pos += 4
        values, _ = decode_varints(raw, 2 * n, pos)
        offset = pos + dir_len
        terms: dict[str, tuple[int, bool, int, int]] = {}
        for i, name in enumerate(names):
            count, packed = values[2 * i], values[2 * i + 1]
            size = packed >> 1
            terms[name] = (count, bool(packed & 1), offset, size)
            offset += size
        return cls(terms, raw)

    def records(self, term: str, n_records: int) -> np.ndarray | None:
        """The records of `term`, ascending; None when the shard does not hold it."""
        entry = self.terms.get(term)
        if entry is None:
            return None
        count, is_bitmap, offset, size = entry
        if is_bitmap:
            if size != bitmap_bytes(n_records):
                raise ValueError(f"bitmap of {term!r} has {size} bytes")
            bits = np.unpackbits(np.frombuffer(self.data, np.uint8, size, offset), bitorder="little")
            return np.flatnonzero(bits[:n_records]).astype(np.int64)
        gaps, end = decode_varints(self.data, count, offset)
        if end != offset + size:
            raise ValueError(f"postings of {term!r} end at {end}, not {offset + size}")
        return np.cumsum(np.array(gaps, dtype=np.int64))
