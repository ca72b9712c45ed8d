"""Words too long for a line: a web address, a long identifier, a run of Chinese or Japanese
written without spaces. Such a word is cut into pieces that each fit their line, never left
to run past the margin.

An address is cut just after one of its separators (``/ - ? & = _ .``, as browsers break
them) when that leaves the line at least half full; otherwise, and for a word without
separators, between any two characters, as much as the line holds.
"""

from __future__ import annotations

from collections.abc import Callable

BREAK_AFTER = frozenset("/-?&=_.")
FULL_ENOUGH = 0.5  # a cut at a separator must leave the line at least this full


def cut(word: str, room: float, measure: Callable[[str], float], after: frozenset[str] = BREAK_AFTER) -> int:
    """Where to cut ``word`` so that its head fits ``room`` points: the head's length, 0 when
    not even one character fits. A cut just after one of ``after`` is preferred."""
    # the longest head that fits (heads grow wider with every character: a binary search)
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(word[:mid]) <= room:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0 or lo == len(word):
        return lo
    for at in range(lo, 0, -1):  # the last separator within the head that fits
        if word[at - 1] in after:
            if measure(word[:at]) >= FULL_ENOUGH * room:
                return at
            break
    return lo


def pieces(word: str, room: float, width: float, measure: Callable[[str], float]) -> list[str]:
    """``word`` as pieces: the first fits ``room`` (it is empty when nothing fits there), each
    of the others a line ``width`` wide (a single character wider than that stands alone)."""
    out = []
    at = cut(word, room, measure)
    out.append(word[:at])
    word = word[at:]
    while word:
        at = cut(word, width, measure) or 1
        out.append(word[:at])
        word = word[at:]
    return out
