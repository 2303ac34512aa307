"""Leftmost-longest, non-overlapping dictionary matching on top of pyahocorasick.

pyahocorasick's own iter_long() misses a short key when a longer key shares its beginning but does
not complete ('个人经营性贷款' against {'贷款', '经营性贷款流入'} finds nothing), so the selection is
done here from iter(), which reports every occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import ahocorasick


def build(entries: Iterable[tuple[str, Any]]) -> ahocorasick.Automaton:
    """An automaton over (key, payload) pairs; the first payload given for a key wins."""
    automaton = ahocorasick.Automaton()
    for key, payload in entries:
        if key and key not in automaton:
            automaton.add_word(key, (len(key), payload))
    if len(automaton):
        automaton.make_automaton()
    return automaton


def leftmost_longest(automaton: ahocorasick.Automaton, text: str) -> list[tuple[int, str, Any]]:
    """(start, key, payload) of the matches a left-to-right scan takes, longest first at each start,
    never overlapping an earlier one."""
    if not text or automaton.kind != ahocorasick.AHOCORASICK:
        return []
    found = sorted(((end - length + 1, -length, payload) for end, (length, payload) in automaton.iter(text)),
                   key=lambda m: (m[0], m[1]))
    taken, reach = [], 0
    for start, neg_length, payload in found:
        if start >= reach:
            taken.append((start, text[start : start - neg_length], payload))
            reach = start - neg_length
    return taken


def first_match(automaton: ahocorasick.Automaton, text: str) -> Any | None:
    """The payload of the leftmost (then longest) match, or None."""
    best = None
    if not text or automaton.kind != ahocorasick.AHOCORASICK:
        return None
    for end, (length, payload) in automaton.iter(text):
        start = end - length + 1
        if best is None or start < best[0] or (start == best[0] and length > best[1]):
            best = (start, length, payload)
    return best[2] if best else None
