"""The inverted index, built with numpy: (term, record) pairs → per-term postings, encoded.

Each batch of records becomes one array of int64 keys `term << REC_BITS | record`, made unique with
sorting; batches cover disjoint record ranges, so the final sort of their concatenation (a merge of
sorted runs) gives every term's records in order. Han unigrams and bigrams are computed on the code
points of a whole batch at once; words and facet terms (few per record) go through a dictionary.

A term's postings are a delta-varint list (first record, then gaps; LEB128) or, when that would be
larger, a bitmap of all records (bit r%8 of byte r//8): a term found in most records, such as 银行,
then costs N/8 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np

from sitegen.search.text import HAN_RANGES

CHAR_BITS = 17  # every Han code point in Unicode gets an id below 2**17
REC_BITS = 27  # up to 134 million records
REC_MASK = (1 << REC_BITS) - 1
UNIGRAM_BASE = 1 << (2 * CHAR_BITS)  # bigram keys are id1 << CHAR_BITS | id2, below this
OTHER_BASE = UNIGRAM_BASE + (1 << CHAR_BITS)  # words and facet terms
MAX_RECORDS = 1 << REC_BITS

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def is_han_array(cps: np.ndarray) -> np.ndarray:
    mask = np.zeros(cps.shape, dtype=bool)
    for lo, hi in HAN_RANGES:
        mask |= (cps >= lo) & (cps <= hi)
    return mask


def fnv1a(term: str) -> int:
    """FNV-1a (32 bit) over the term's code points: the shard of a term is fnv1a(term) % shards."""
    h = FNV_OFFSET
    for ch in term:
        h = ((h ^ ord(ch)) * FNV_PRIME) & 0xFFFFFFFF
    return h


def _fnv_rounds(*columns: np.ndarray) -> np.ndarray:
    h = np.full(columns[0].shape, FNV_OFFSET, dtype=np.uint64)
    for cps in columns:
        h = ((h ^ cps.astype(np.uint64)) * FNV_PRIME) & 0xFFFFFFFF
    return h


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique may pick a hash table, several times slower on these arrays)."""
    values = np.sort(values)
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def varint_lengths(values: np.ndarray) -> np.ndarray:
    n = np.ones(values.shape, dtype=np.uint8)
    for shift in (7, 14, 21, 28, 35):
        n += values >= (1 << shift)
    return n


def encode_varints(values: np.ndarray, lengths: np.ndarray | None = None) -> np.ndarray:
    """LEB128 of every value, concatenated (vectorised: one pass per byte position)."""
    values = values.astype(np.uint64, copy=False)
    if lengths is None:
        lengths = varint_lengths(values)
    ends = np.cumsum(lengths, dtype=np.int64)
    starts = ends - lengths
    out = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    for k in range(int(lengths.max()) if len(lengths) else 0):
        has = lengths > k
        byte = (values[has] >> np.uint64(7 * k)) & np.uint64(0x7F)
        more = (lengths[has] > k + 1).astype(np.uint64) << np.uint64(7)
        out[starts[has] + k] = (byte | more).astype(np.uint8)
    return out


def decode_varints(data: bytes | np.ndarray, count: int, offset: int = 0) -> tuple[list[int], int]:
    """`count` LEB128 values from `data` at `offset`; returns them and the offset after them."""
    out: list[int] = []
    pos = offset
    for _ in range(count):
        value = shift = 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                break
            shift += 7
        out.append(value)
    return out, pos


def bitmap_bytes(n_records: int) -> int:
    """Bitmaps are whole 32-bit words, so search.js can read them as a Uint32Array."""
    return ((n_records + 31) // 32) * 4


@dataclass
class Postings:
    """Every term with its records, ready to be written into shards."""

    n_records: int
    terms: list[str]  # term strings, in key order
    hashes: np.ndarray  # fnv1a of each term (uint64 holding 32 bits)
    counts: np.ndarray  # records per term
    is_bitmap: np.ndarray  # bool per term
    starts: np.ndarray  # first index of each term in `records`
    records: np.ndarray  # all postings, grouped by term, ascending within a term
    blob: np.ndarray  # varint lists of the non-bitmap terms, concatenated (uint8)
    blob_starts: np.ndarray  # offset of each term's list in `blob` (unused for bitmap terms)
    encoded_sizes: np.ndarray  # bytes of each term's postings as written

    def encoded(self, t: int) -> bytes:
        """The postings of term number `t` as stored in its shard."""
        if self.is_bitmap[t]:
            recs = self.records[self.starts[t] : self.starts[t] + self.counts[t]]
            bits = np.zeros(bitmap_bytes(self.n_records) * 8, dtype=bool)
            bits[recs] = True
            return np.packbits(bits, bitorder="little").tobytes()
        start = int(self.blob_starts[t])
        return self.blob[start : start + int(self.encoded_sizes[t])].tobytes()

    def records_of(self, t: int) -> np.ndarray:
        return self.records[self.starts[t] : self.starts[t] + self.counts[t]]


class PostingsBuilder:
    """Accumulates (term, record) pairs batch by batch; `finish` encodes them."""

    def __init__(self) -> None:
        self._char_id = np.full(0x110000, -1, dtype=np.int32)  # char ids are below 2**CHAR_BITS
        self._chars: list[int] = []  # code point of each char id
        self._other_id: dict[str, int] = {}
        self._parts: list[np.ndarray] = []
        self._n_records = 0

    def add_batch(self, first: int, texts: list[str], others: list[list[str]]) -> None:
        """Records first, first+1, …: their normalised text (fields separated by NUL) and their other
        terms (words, facet terms)."""
        if first != self._n_records or len(texts) != len(others):
            raise ValueError("batches must be contiguous, one text and one term list per record")
        if first + len(texts) > MAX_RECORDS:
            raise ValueError(f"more than {MAX_RECORDS} search records")
        self._n_records += len(texts)
        # Code points, record numbers and char ids stay 32-bit until they are packed into the int64 keys:
        # these arrays hold every character of the batch, and half the width is half the memory traffic.
        lengths = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))
        joined = "\x00".join(texts) + "\x00"  # the NUL after each record stops bigrams at its end
        cps = np.frombuffer(joined.encode("utf-32-le", "replace"), dtype="<u4")
        rec = np.repeat(np.arange(first, first + len(texts), dtype=np.int32), lengths)
        han = is_han_array(cps)
        han_cps = cps[han]
        # The distinct Han characters of the batch: a presence table over every code point (no sort).
        present = np.zeros(len(self._char_id), dtype=bool)
        present[han_cps] = True
        seen = np.flatnonzero(present)
        new = seen[self._char_id[seen] < 0]
        if len(new):
            self._char_id[new] = np.arange(len(self._chars), len(self._chars) + len(new))
            self._chars.extend(new.tolist())
        ids = self._char_id[cps]
        pair = han[:-1] & han[1:]
        bigram_first = ids[:-1][pair].astype(np.int64)
        table = self._other_id
        counts = np.fromiter(map(len, others), dtype=np.int64, count=len(others))
        # setdefault gives a new term the next id: one C call per term instead of a Python loop body.
        other_keys = [table.setdefault(term, len(table)) for term in chain.from_iterable(others)]
        other_recs = np.repeat(np.arange(first, first + len(others), dtype=np.int64), counts)
        pairs = np.concatenate([
            ((UNIGRAM_BASE + self._char_id[han_cps].astype(np.int64)) << REC_BITS) | rec[han],
            (((bigram_first << CHAR_BITS) | ids[1:][pair]) << REC_BITS) | rec[:-1][pair],
            ((OTHER_BASE + np.array(other_keys, dtype=np.int64)) << REC_BITS) | other_recs,
        ])
        self._parts.append(unique_sorted(pairs))

    def finish(self) -> Postings:
        n = self._n_records
        pairs = np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=np.int64)
        self._parts = []
        pairs.sort(kind="stable")  # a merge of the sorted, disjoint batches
        keys = pairs >> REC_BITS
        records = (pairs & REC_MASK).astype(np.int32)
        del pairs
        boundary = np.ones(len(keys), dtype=bool)
        boundary[1:] = keys[1:] != keys[:-1]
        starts = np.flatnonzero(boundary)
        term_keys = keys[starts]
        del keys, boundary
        counts = np.diff(np.append(starts, len(records)))

        gaps = records.astype(np.int64)
        gaps[1:] -= records[:-1]
        gaps[starts] = records[starts]
        lengths = varint_lengths(gaps)
        list_sizes = np.add.reduceat(lengths.astype(np.int64), starts) if len(starts) else np.zeros(0, np.int64)
        is_bitmap = list_sizes > bitmap_bytes(n)
        in_list = np.repeat(~is_bitmap, counts)
        blob = encode_varints(gaps[in_list], lengths[in_list])
        del gaps, lengths, in_list
        list_only = np.where(is_bitmap, 0, list_sizes)
        blob_starts = np.cumsum(list_only) - list_only
        encoded_sizes = np.where(is_bitmap, bitmap_bytes(n), list_sizes)

        terms, hashes = self._term_strings(term_keys)
        return Postings(
            n_records=n, terms=terms, hashes=hashes, counts=counts, is_bitmap=is_bitmap, starts=starts,
            records=records, blob=blob, blob_starts=blob_starts, encoded_sizes=encoded_sizes,
        )

    def _term_strings(self, term_keys: np.ndarray) -> tuple[list[str], np.ndarray]:
        chars = np.array(self._chars, dtype=np.int64)
        others = list(self._other_id)
        bigram = term_keys < UNIGRAM_BASE
        unigram = (term_keys >= UNIGRAM_BASE) & (term_keys < OTHER_BASE)
        other = term_keys >= OTHER_BASE
        hashes = np.zeros(len(term_keys), dtype=np.uint64)
        first = chars[term_keys[bigram] >> CHAR_BITS]
        second = chars[term_keys[bigram] & ((1 << CHAR_BITS) - 1)]
        hashes[bigram] = _fnv_rounds(first, second)
        single = chars[term_keys[unigram] - UNIGRAM_BASE]
        hashes[unigram] = _fnv_rounds(single)
        strings: list[str] = [""] * len(term_keys)
        for i, a, b in zip(np.flatnonzero(bigram).tolist(), first.tolist(), second.tolist(), strict=True):
            strings[i] = chr(a) + chr(b)
        for i, a in zip(np.flatnonzero(unigram).tolist(), single.tolist(), strict=True):
            strings[i] = chr(a)
        other_idx = np.flatnonzero(other)
        for i, key in zip(other_idx.tolist(), (term_keys[other] - OTHER_BASE).tolist(), strict=True):
            strings[i] = others[key]
        hashes[other_idx] = np.array([fnv1a(strings[i]) for i in other_idx.tolist()], dtype=np.uint64)
        return strings, hashes
