"""Reading a written index in Python: the same query semantics as site/static/search.js.

Used by the tests (which compare it with a brute-force scan of the database) and handy to inspect an
index from a shell: SearchIndex(Path("public/search/idx")).search("违规发放贷款", prov=["浙江"]).
"""

from __future__ import annotations

import gzip
import json
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from sitegen.search.postings import fnv1a
from sitegen.search.shards import Shard, shard_path
from sitegen.search.text import QueryPlan, normalize, query_plan

FILTER_PARAMS = ("group", "cat", "prov", "level", "kind", "band", "who", "itype", "reg")


@dataclass
class Result:
    count: int
    records: np.ndarray  # every match, in the requested order (newest first by default)
    plan: QueryPlan


class SearchIndex:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.meta: dict[str, Any] = json.loads((root / "meta.json").read_text(encoding="utf-8"))
        self.n = int(self.meta["records"])
        self.shard = cache(self._shard)
        self.chunk = cache(self._chunk)

    def _shard(self, number: int) -> Shard:
        return Shard.parse(shard_path(self.root / "t", number).read_bytes())

    def _chunk(self, number: int) -> dict[str, Any]:
        return json.loads(gzip.decompress((self.root / "r" / f"{number}.bin").read_bytes()))

    def postings(self, term: str) -> np.ndarray:
        """Records of one index term (a bigram, a character, a word, or a filter term like 'p:浙江')."""
        found = self.shard(fnv1a(term) % self.meta["shards"]).records(term, self.n)
        return found if found is not None else np.zeros(0, dtype=np.int64)

    def _mask(self, term: str) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        mask[self.postings(term)] = True
        return mask

    def _token_mask(self, terms: list[str]) -> np.ndarray:
        mask = np.ones(self.n, dtype=bool)
        for term in terms:
            mask &= self._mask(term)
        return mask

    def search(self, q: str = "", *, year: list[int] | None = None, sort: str = "", **filters: list[str]) -> Result:
        plan = query_plan(q)
        mask = np.ones(self.n, dtype=bool)
        for token in plan.include:
            mask &= self._token_mask(token.terms)
        for param, values in filters.items():
            if param not in FILTER_PARAMS:
                raise ValueError(f"unknown filter {param!r}")
            if values:
                prefix = self.meta["facets"][param]["prefix"]
                either = np.zeros(self.n, dtype=bool)
                for value in values:
                    either |= self._mask(prefix + value)
                mask &= either
        if year:
            ranges = {y: (a, b) for y, a, b in self.meta["years"]}
            either = np.zeros(self.n, dtype=bool)
            for y in year:
                if y in ranges:
                    either[ranges[y][0] : ranges[y][1]] = True
            mask &= either
        for token in plan.exclude:
            mask &= ~self._token_mask(token.terms)
        records = np.flatnonzero(mask)  # oldest first
        if sort == "amount":  # largest fine first, then newest first
            codes = self.amount_codes()[records].astype(np.int64)
            records = records[np.lexsort((-records, -codes))]
        elif sort != "date-asc":
            records = records[::-1]
        return Result(len(records), records, plan)

    def amount_codes(self) -> np.ndarray:
        return self.amounts()[1]

    def amounts(self) -> tuple[np.ndarray, np.ndarray]:
        raw = gzip.decompress((self.root / "amounts.bin").read_bytes())
        if raw[:4] != b"FDA1":
            raise ValueError("not an amounts file")
        d, n, width = struct.unpack_from("<III", raw, 4)
        values = np.frombuffer(raw, "<f8", d, 16)
        codes = np.frombuffer(raw, "<u2" if width == 2 else "<u4", n, 16 + 8 * d)
        return values, codes

    def record(self, number: int) -> dict[str, Any]:
        """The display fields of a record, by name, with its notice's fields under "notice"."""
        size = self.meta["chunk_size"]
        chunk = self.chunk(number // size)
        row = chunk["records"][number - chunk["first"]]
        fields = dict(zip(self.meta["record_fields"], row, strict=True))
        fields["notice"] = dict(zip(self.meta["notice_fields"], chunk["notices"][row[0]], strict=True))
        return fields

    def verified(self, number: int, plan: QueryPlan) -> bool:
        """Whether a record holds every phrase of the query as written (search.js drops those that do not)."""
        runs = [run for token in plan.include for run in token.verify]
        if not runs:
            return True
        rec = self.record(number)
        if rec["truncated"]:
            return True
        n = rec["notice"]
        parts = [rec[k] for k in ("party_name", "party_role", "institution", "decision_no", "facts", "decision",
                                  "authority")]
        parts += [n["title"], n["issuer"], n["document_no"]]
        text = normalize("\n".join(p for p in parts if p))
        return all(run in text for run in runs)
