"""A synthetic NFRA corpus of any size (1 to 262,144 notices) that never holds its notices in memory.

Each notice is generated on demand from (seed, key) and rendered notices are kept in a small LRU
cache. The only per-notice state is the list index (keys sorted newest first per item, built on
first use: four int arrays) and the mutations made for tests: notices added, edited (a version
number), removed from the lists.
"""

from __future__ import annotations

import json
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from localnfra import envelope
from localnfra.drift import drift_kind, render_drift
from localnfra.notice import Notice, expected, generate
from localnfra.render import render_parts
from localnfra.timeline import (
    CAPACITY,
    DOC_ID_FIRST,
    DOC_ID_SPAN,
    ITEMS,
    Placement,
    bit_reverse,
    doc_id_of_slot,
    index_entry,
    place,
    place_added,
)


@dataclass
class Rendered:
    notice: Notice
    chunks: tuple[bytes, ...]  # the detail envelope in pieces: fields, preamble (shared), body, tail, end

    @property
    def docclob(self) -> str:
        """Decoded from the JSON chunks (kept only as bytes, to keep the cache small)."""
        return json.loads(b'"' + b"".join(self.chunks[1:4]) + b'"')

    @property
    def detail(self) -> bytes:
        return b"".join(self.chunks)

    @property
    def size(self) -> int:
        return sum(len(c) for c in self.chunks)


class _Lru(OrderedDict):
    def __init__(self, capacity: int) -> None:
        super().__init__()
        self.capacity = capacity

    def get_or(self, key: int) -> Rendered | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: int, value: Rendered) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)


class Corpus:
    """The notices of one seed: `size` generated ones plus any added later, newest first in lists.

    `drift` (0 to 1, default 0) is the share of notices served in a layout no parser knows
    (localnfra/drift.py); the other notices are the same bytes whatever the drift."""

    def __init__(self, size: int, seed: int = 0, cache_size: int = 2048, drift: float = 0.0) -> None:
        if not 1 <= size <= CAPACITY:
            raise ValueError(f"size must be between 1 and {CAPACITY}, not {size}")
        if not 0.0 <= drift <= 1.0:
            raise ValueError(f"drift must be between 0 and 1, not {drift}")
        self.seed = seed
        self.size = size
        self.drift = drift
        self.added = 0
        self._versions: dict[int, int] = {}
        self._removed: set[int] = set()
        self._cache = _Lru(cache_size)
        self._index: dict[int, array] | None = None
        self._visible: dict[int, array] = {}
        self._lock = threading.RLock()

    # ------------------------------------------------------------------------------------- lookups

    def _key_of(self, doc_id: int) -> int | None:
        """The key of a docId, by inverting the docId formula: no table needed."""
        if doc_id >= DOC_ID_FIRST + DOC_ID_SPAN:
            for j in range(max(0, (doc_id - 1_260_011) // 7 - 1), min(self.added, (doc_id - 1_260_011) // 7 + 2)):
                if place_added(self.seed, j).doc_id == doc_id:
                    return -(j + 1)
            return None
        if doc_id < DOC_ID_FIRST:
            return None
        slot = ((doc_id - DOC_ID_FIRST) * CAPACITY + DOC_ID_SPAN - 1) // DOC_ID_SPAN
        if slot < CAPACITY and doc_id_of_slot(self.seed, slot) == doc_id:
            i = bit_reverse(slot)
            return i if i < self.size else None
        return None

    def placement(self, key: int) -> Placement:
        return place(self.seed, key) if key >= 0 else place_added(self.seed, -key - 1)

    def exists(self, doc_id: int) -> bool:
        """Whether the docId is served (known and not removed)."""
        return doc_id not in self._removed and self._key_of(doc_id) is not None

    def rendered(self, doc_id: int) -> Rendered | None:
        """The notice, its docClob and its detail JSON; None for an unknown or removed docId."""
        with self._lock:
            if doc_id in self._removed:
                return None
            hit = self._cache.get_or(doc_id)
            if hit is not None:
                return hit
            key = self._key_of(doc_id)
            if key is None:
                return None
            notice = generate(self.seed, self.placement(key), self._versions.get(doc_id, 0))
            head, body, tail = render_parts(self.seed, notice)
            attachments = None
            kind = drift_kind(self.seed, key, self.drift)
            if kind is not None:
                head, body, tail, attachments = render_drift(kind, notice, head, tail)
            value = Rendered(notice, envelope.detail_chunks(notice, head, body, tail, attachments))
            self._cache.put(doc_id, value)
            return value

    def notice(self, doc_id: int) -> Notice:
        r = self._require(doc_id)
        return r.notice

    def docclob(self, doc_id: int) -> str:
        return self._require(doc_id).docclob

    def detail_bytes(self, doc_id: int) -> bytes:
        return self._require(doc_id).detail

    def expected(self, doc_id: int) -> dict:
        """The ground truth: layout and expected parties of the notice as currently served ("drift": kind
        and no party for a notice served in a layout no parser knows)."""
        return expected(self._require(doc_id).notice)

    def _require(self, doc_id: int) -> Rendered:
        r = self.rendered(doc_id)
        if r is None:
            raise KeyError(f"docId {doc_id} is not in the corpus (or was removed)")
        return r

    # --------------------------------------------------------------------------------------- lists

    def _build_index(self) -> dict[int, array]:
        by_item: dict[int, list[tuple[int, int]]] = {item: [] for item in ITEMS}
        for i in range(self.size):
            order, _doc_id, items = index_entry(self.seed, i)
            for item in items:  # a child of 派出机构 is listed by its own item and by 4293
                by_item[item].append((order, i))
        return {item: array("i", (i for _, i in sorted(pairs, reverse=True))) for item, pairs in by_item.items()}

    def keys(self, item_id: int) -> array:
        """Keys listed by an item, newest first (added notices, then the generated ones)."""
        with self._lock:
            if item_id not in ITEMS:
                return array("i")
            cached = self._visible.get(item_id)
            if cached is not None:
                return cached
            if self._index is None:
                self._index = self._build_index()
            added = [-(j + 1) for j in range(self.added - 1, -1, -1)
                     if item_id in place_added(self.seed, j).items]
            keys = array("i", added)
            keys.extend(self._index[item_id])
            if self._removed:
                removed_keys = {self._key_of(d) for d in self._removed}
                keys = array("i", (k for k in keys if k not in removed_keys))
            self._visible[item_id] = keys
            return keys

    def doc_id_of(self, key: int) -> int:
        return self.placement(key).doc_id

    def list_page(self, item_id: int, page_index: int, page_size: int) -> tuple[int, list[dict]]:
        """(total, rows) of one list page; page_index is 1-based like the real API."""
        keys = self.keys(item_id)
        start = (max(page_index, 1) - 1) * page_size
        rows = []
        for key in keys[start:start + page_size]:
            r = self.rendered(self.doc_id_of(key))
            if r is not None:
                rows.append(envelope.list_row(r.notice))
        return len(keys), rows

    def list_bytes(self, item_id: int, page_index: int, page_size: int) -> bytes:
        total, rows = self.list_page(item_id, page_index, page_size)
        return envelope.list_envelope(total, rows)

    def doc_ids(self, item_id: int | None = None) -> Iterator[int]:
        """Every served docId (of one item, or of all), newest first."""
        if item_id is not None:
            for key in self.keys(item_id):
                yield self.doc_id_of(key)
            return
        seen: set[int] = set()
        merged = sorted(
            {k for item in ITEMS for k in self.keys(item)},
            key=lambda k: self.placement(k).order if k < 0 else bit_reverse(k), reverse=True)
        for key in merged:
            doc_id = self.doc_id_of(key)
            if doc_id not in seen:
                seen.add(doc_id)
                yield doc_id

    def __len__(self) -> int:
        return self.size + self.added - len(self._removed)

    # ----------------------------------------------------------------------------------- mutations

    def _invalidate(self, doc_id: int | None = None) -> None:
        self._visible.clear()
        if doc_id is not None:
            self._cache.pop(doc_id, None)

    def add(self, n: int = 1) -> list[int]:
        """Publish n new notices (newer than every other); returns their docIds, newest last."""
        with self._lock:
            first = self.added
            self.added += n
            self._invalidate()
            return [place_added(self.seed, j).doc_id for j in range(first, self.added)]

    def edit(self, doc_id: int) -> int:
        """Change a notice's content upstream (same docId): a fine is corrected. Returns the version."""
        with self._lock:
            if self._key_of(doc_id) is None:
                raise KeyError(doc_id)
            version = self._versions.get(doc_id, 0) + 1
            self._versions[doc_id] = version
            self._invalidate(doc_id)
            return version

    def remove(self, doc_id: int) -> None:
        """Take a notice off every list; its detail answers 404."""
        with self._lock:
            if self._key_of(doc_id) is None:
                raise KeyError(doc_id)
            self._removed.add(doc_id)
            self._invalidate(doc_id)

    def restore(self, doc_id: int) -> None:
        with self._lock:
            self._removed.discard(doc_id)
            self._invalidate(doc_id)

    @property
    def removed(self) -> frozenset[int]:
        return frozenset(self._removed)

    def version(self, doc_id: int) -> int:
        return self._versions.get(doc_id, 0)
