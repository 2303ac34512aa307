"""write_search_index: the database → public/search/idx/, the files search.js reads.

    idx/meta.json          sizes, field names, year ranges, filter options with counts, build id
    idx/groups.bin         every bank group with its label and count (the type-ahead), gzip JSON
    idx/t/XXXX.bin         term shards (see shards.py): dictionary and postings
    idx/r/N.bin            display chunks: records N*CHUNK_SIZE … as gzip JSON (older records keep their
                           numbers as notices arrive, so their chunks keep their bytes)
    idx/amounts.bin        per-record fine codes into a table of distinct amounts, for amount sort

Everything is deterministic, so an unchanged database rewrites nothing.
"""

from __future__ import annotations

import gc
import json
import logging
import struct
import time
from array import array
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Engine

from models.vocab.sources import load_sources
from sitegen.core import urls
from sitegen.core.deflate import gzip_bytes
from sitegen.core.refs import Vocabulary
from sitegen.core.render import load_labels
from sitegen.search.facets import AMOUNT_BANDS, FACETS, SANCTION_KINDS, split_facet_term
from sitegen.search.files import IndexFiles
from sitegen.search.postings import PostingsBuilder, fnv1a
from sitegen.search.records import NOTICE_FIELDS, RECORD_FIELDS, SearchRecord, iter_records
from sitegen.search.shards import INDEX_LEVEL, shard_count, write_shards
from sitegen.search.text import words

log = logging.getLogger(__name__)

FORMAT_VERSION = 2  # 2: records carry their sanctions summary (sanctions_summary)
CHUNK_SIZE = 256
BATCH = 32768
INDEX_DIR = urls.SEARCH_INDEX  # search.html hands the same path to search.js
AMOUNTS_MAGIC = b"FDA1"


def gzip_json(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # "replace": a lone surrogate in notice text becomes "?" instead of failing the build.
    return gzip_bytes(text.encode("utf-8", "replace"), INDEX_LEVEL)


class ChunkWriter:
    """Consecutive records into files of CHUNK_SIZE, each carrying the notices its records belong to."""

    def __init__(self, files: IndexFiles, size: int) -> None:
        self.files = files
        self.size = size
        self.count = 0
        self._notices: list[tuple[Any, ...]] = []
        self._records: list[list[Any]] = []

    def add(self, record: SearchRecord) -> None:
        if not self._notices or self._notices[-1][0] != record.doc_id:
            self._notices.append(record.notice)
        self._records.append([len(self._notices) - 1, *record.record])
        if len(self._records) == self.size:
            self.flush()

    def flush(self) -> None:
        if not self._records:
            return
        first = self.count * self.size
        self.files.write(
            self.files.root / "r" / f"{self.count}.bin",
            gzip_json({"first": first, "notices": self._notices, "records": self._records}),
        )
        self.count += 1
        self._notices, self._records = [], []


def encode_amounts(amounts: array) -> bytes:
    """Distinct amounts ascending (f64, exact below 2**53) and one code per record (u16, or u32)."""
    values = np.frombuffer(amounts, dtype=np.int64) if len(amounts) else np.zeros(0, np.int64)
    distinct, codes = np.unique(np.concatenate([[0], values]), return_inverse=True)
    codes = codes[1:]
    width = 2 if len(distinct) <= 0xFFFF else 4
    body = codes.astype("<u2" if width == 2 else "<u4").tobytes()
    head = AMOUNTS_MAGIC + struct.pack("<III", len(distinct), len(values), width)
    return gzip_bytes(head + distinct.astype("<f8").tobytes() + body, INDEX_LEVEL)


def facet_options(counts: dict[str, Counter[str]], vocabulary: Vocabulary, labels: dict[str, dict[str, str]]) -> dict:
    """Options of every filter except the group type-ahead: value, label, record count."""

    def table(name: str) -> dict[str, str]:
        return labels.get(name, {})

    def ordered(param: str, order: list[str] | None, label_of: Any) -> list[dict[str, Any]]:
        seen = counts.get(param, Counter())
        values = [v for v in order if v in seen] if order else []
        values += sorted((v for v in seen if v not in values), key=lambda v: (-seen[v], v))
        return [{"v": v, "label": label_of(v), "n": seen[v]} for v in values]

    kind_labels = dict(SANCTION_KINDS)
    # Institution types: the vocabulary's labels (models/data/institution_types.csv), else the site's table.
    itypes = dict(table("institution_type"))
    itypes.update(vocabulary.institution_types)
    band_labels = {code: label for code, label, _lo, _hi in AMOUNT_BANDS}
    regulators = {s.code: s.short for s in load_sources()}
    cats = [ref.key for ref in vocabulary.categories()]
    return {
        "cat": ordered("cat", cats, lambda v: vocabulary.category(v).label),
        "prov": ordered("prov", None, lambda v: v),
        "level": ordered("level", list(table("level")), lambda v: table("level").get(v, v)),
        "kind": ordered("kind", list(kind_labels), lambda v: kind_labels.get(v, v)),
        "band": ordered("band", list(band_labels), lambda v: band_labels.get(v, v)),
        "who": ordered("who", list(table("party_kind")), lambda v: table("party_kind").get(v, v)),
        "itype": ordered("itype", list(itypes), lambda v: itypes.get(v, v)),
        "reg": ordered("reg", list(regulators), lambda v: regulators.get(v, v)),
    }


def _vocabulary(counts: dict[str, Counter[str]]) -> Vocabulary:
    # Only the vocabulary's own groups: a group it does not list has no label but its name, so giving the
    # data's thousands of unlisted names their slugs (pinyin) was wasted (0.2 s at 100,000 notices).
    return Vocabulary(category_codes=counts.get("cat", ()))


def write_search_index(
    engine: Engine, out_dir: Path, *, chunk_size: int = CHUNK_SIZE, shards: int | None = None
) -> dict[str, Any]:
    """Write the search index of the database under out_dir/search/idx/; return its figures.

    `chunk_size` (records per display file) and `shards` (term files; by default sized from the
    index) exist for tests; search.js reads both from meta.json.
    """
    started = time.perf_counter()
    files = IndexFiles(out_dir / INDEX_DIR)
    builder = PostingsBuilder()
    chunks = ChunkWriter(files, chunk_size)
    amounts = array("q")
    years: list[list[int]] = []  # [year, first record, end record], oldest first
    notices = 0
    last_doc: int | None = None
    texts: list[str] = []
    others: list[list[str]] = []
    n = 0
    gc_was_enabled = gc.isenabled()
    gc.disable()  # the loop makes millions of short-lived lists and no cycles: collections only cost time
    try:
        for record in iter_records(engine):
            if record.doc_id != last_doc:
                notices += 1
                last_doc = record.doc_id
            if record.year is not None:
                if years and years[-1][0] == record.year:
                    years[-1][2] = n + 1
                else:
                    years.append([record.year, n, n + 1])
            chunks.add(record)
            amounts.append(record.fine_yuan)
            texts.append(record.text)
            others.append(words(record.text) + record.terms)
            n += 1
            if len(texts) == BATCH:
                builder.add_batch(n - len(texts), texts, others)
                texts, others = [], []
        if texts:
            builder.add_batch(n - len(texts), texts, others)
    finally:
        if gc_was_enabled:
            gc.enable()
    chunks.flush()
    indexed = time.perf_counter()

    postings = builder.finish()
    counts: dict[str, Counter[str]] = {param: Counter() for param, _prefix, _label in FACETS}
    for t, term in enumerate(postings.terms):
        facet = split_facet_term(term)
        if facet is not None:
            counts[facet[0]][facet[1]] = int(postings.counts[t])
    shards = shards or shard_count(postings)
    write_shards(postings, files.root / "t", shards, files.write)
    files.write(files.root / "amounts.bin", encode_amounts(amounts))
    vocabulary = _vocabulary(counts)
    label_tables = load_labels()
    # [name, label, records]: the label when the vocabulary's short name differs ("农业银行"), else None.
    groups = []
    for name, count in sorted(counts["group"].items(), key=lambda kv: (-kv[1], kv[0])):
        ref = vocabulary.group(name)
        groups.append([name, ref.label if ref is not None and ref.label != name else None, count])
    files.write(files.root / "groups.bin", gzip_json(groups))
    meta = {
        "version": FORMAT_VERSION,
        "records": n,
        "notices": notices,
        "shards": shards,
        "hash": "fnv1a32-codepoints",
        "hash_check": ["银行", fnv1a("银行")],
        "chunk_size": chunk_size,
        "chunks": chunks.count,
        "terms": len(postings.terms),
        "notice_fields": list(NOTICE_FIELDS),
        "record_fields": list(RECORD_FIELDS),
        "years": years[::-1],
        "facets": {param: {"prefix": prefix, "label": label} for param, prefix, label in FACETS},
        "options": facet_options(counts, vocabulary, label_tables),
        "groups": len(groups),
    }
    meta["build"] = files.digest()
    files.write(
        files.root / "meta.json",
        json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace"),
    )
    removed = files.remove_stale()
    seconds = time.perf_counter() - started
    figures = {
        "files": len(files.written), "bytes": files.bytes, "records": n, "notices": notices,
        "terms": len(postings.terms), "shards": shards, "chunks": chunks.count,
        "changed_files": files.changed, "removed_files": removed,
        "seconds": round(seconds, 2), "read_seconds": round(indexed - started, 2),
    }
    log.info("search index: %s", figures)
    return figures
