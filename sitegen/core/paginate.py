"""Pagination with stable URLs, in one place for every listing.

Entries are numbered from the oldest. Archive page k (`{base}page/{k}/`, k = 1 the oldest) holds
entries [(k-1)·size, k·size) and exists only once full, so it always holds the same entries: a new
notice never shifts an archive page, and an incremental build re-renders only the landing page (the
newest `size` entries, at `{base}`) and, when it fills up, one new archive page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from sitegen.core import urls

T = TypeVar("T")

PAGE_SIZE = 200


@dataclass(frozen=True)
class Page(Generic[T]):
    path: str  # site path of the page directory ("banks/x/" or "banks/x/page/3/")
    number: int | None  # None for the landing page
    entries: list[T]  # newest first
    newer: str | None  # site path of the page with newer entries
    older: str | None  # site path of the page with older entries
    landing: str
    first_index: int  # position (0 = oldest) of the oldest entry shown


@dataclass(frozen=True)
class Listing(Generic[T]):
    base: str
    items: Sequence[T]  # oldest first
    size: int = PAGE_SIZE

    @property
    def archive_count(self) -> int:
        return len(self.items) // self.size

    def archive_path(self, k: int) -> str:
        return urls.archive_page(self.base, k)

    def page_of(self, index: int) -> int:
        return index // self.size + 1

    def landing(self) -> Page[T]:
        start = max(0, len(self.items) - self.size)
        older = self.archive_path(self.page_of(start - 1)) if start > 0 else None
        return Page(self.base, None, list(reversed(self.items[start:])), None, older, self.base, start)

    def unarchived(self) -> Page[T]:
        """The landing page without what the archive pages hold: the newest len % size entries only (none
        right after a page fills). The family listings use it (sitegen/pages/listings.py): a landing page
        that repeated its newest archive page held up to `size` entries twice (issue 12)."""
        start = self.archive_count * self.size
        older = self.archive_path(self.archive_count) if self.archive_count else None
        return Page(self.base, None, list(reversed(self.items[start:])), None, older, self.base, start)

    def archive(self, k: int) -> Page[T]:
        if not 1 <= k <= self.archive_count:
            raise IndexError(f"{self.base}: no archive page {k} of {self.archive_count}")
        start = (k - 1) * self.size
        entries = list(reversed(self.items[start : start + self.size]))
        newer = self.archive_path(k + 1) if k < self.archive_count else self.base
        older = self.archive_path(k - 1) if k > 1 else None
        return Page(self.archive_path(k), k, entries, newer, older, self.base, start)

    def pages(self) -> list[Page[T]]:
        """The landing page, then every archive page, newest first."""
        return [self.landing(), *(self.archive(k) for k in range(self.archive_count, 0, -1))]

    def bounds(self, k: int) -> tuple[T, T]:
        """The oldest and newest entry of archive page k (for labelling links with dates)."""
        start = (k - 1) * self.size
        return self.items[start], self.items[start + self.size - 1]
