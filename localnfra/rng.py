"""Deterministic randomness: every value of the corpus is a pure function of (seed, key, stream).

A 64-bit splitmix chain turns any tuple of integers into a well-mixed integer; `Rng` is a
`random.Random` seeded from it, with the few helpers the generator needs. Only methods whose
algorithms are stable across Python versions are used (random(), _randbelow-based choice/randrange).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")
_MASK = (1 << 64) - 1


def _splitmix(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def mix(*parts: int) -> int:
    """A 64-bit hash of a tuple of integers (negative ones included)."""
    h = 0x243F6A8885A308D3
    for p in parts:
        h = _splitmix(h ^ (p & _MASK))
    return h


def unit(*parts: int) -> float:
    """A float in [0, 1) determined by `parts`."""
    return (mix(*parts) >> 11) / float(1 << 53)


def text_key(s: str) -> int:
    """A stable integer for a string (Python's hash() is salted per process)."""
    h = 0xCBF29CE484222325
    for b in s.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & _MASK
    return h


class Rng(random.Random):
    """random.Random seeded from mix(*parts), plus small helpers."""

    def __init__(self, *parts: int) -> None:
        super().__init__(mix(*parts))

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, seq: Sequence[T]) -> T:
        return seq[self._randbelow(len(seq))]

    def weighted(self, pairs: Sequence[tuple[T, float]]) -> T:
        total = 0.0
        for _, w in pairs:
            total += w
        x = self.random() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]

    def between(self, lo: int, hi: int) -> int:
        """An integer in [lo, hi]."""
        return lo + self._randbelow(hi - lo + 1)

    def some(self, seq: Sequence[T], k: int) -> list[T]:
        """k distinct elements in a random order (k is clamped to len(seq))."""
        pool = list(seq)
        out: list[T] = []
        for _ in range(min(k, len(pool))):
            out.append(pool.pop(self._randbelow(len(pool))))
        return out
