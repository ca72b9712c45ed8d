"""Scores from the marks: the impact tier's documents, and FTS5's bm25 computed without FTS5.

``ranking`` decides when a search needs them; this module holds how they are
found and scored:

* The impact tier (``impact_candidates``, ``impact_weights``): the documents
  in which a query word weighs most (title hits count TITLE_WEIGHT times),
  read from the ``search_marks`` impact marks written at index time, heaviest
  first. bm25 orders a word's documents by that weight and by length, so a
  short document just below the tier can outrank one inside it; for phrases
  and prefixes the tier is chosen by the weight of their words.
* bm25 from weights (``bm25_of_weights``, ``top_of_levels``): for one word or
  one phrase, bm25 needs only the number of documents that hold it, each
  document's weighted count (its mark) and length in tokens (FTS5's docsize
  table), and the table's row count and average length (FTS5's averages
  record). The arithmetic follows fts5_aux.c operation by operation, so the
  scores are the same doubles as FTS5's, which a test holds to the last bit.
"""

from __future__ import annotations

import heapq
import json
import math
import re

from briefing.library.search_index import FOLD_MARK, KEY_MARK
from briefing.library.store import Store
from briefing.search.query import Term

# Size of the impact tier, over all the query's words.
CANDIDATES = 800
# A word's marks read for its tier at most (a prefix may start thousands of words).
MAX_MARKS = 2000


def top_of_levels(
    store: Store, levels: list[tuple[int, list[int] | str]], matches: int, wanted: int
) -> list[tuple[int, float]]:
    """bm25's best ``wanted`` of a phrase's documents, given by weight (heaviest first): (id, FTS5's score).

    A level is the documents of one weight, or the mark that names them. For
    one phrase bm25 grows with the weight and falls with the document's
    length, so no document of a lighter level can score above that weight
    at length zero: once the page's last score beats it, the rest is left
    unread. The order is exactly FTS5's (score, then id).
    """
    rows, average = _bm25_constants(store)
    idf = _idf(rows, matches)
    scored: list[tuple[int, float]] = []
    for n, (weight, docs) in enumerate(levels):
        if isinstance(docs, str):
            docs = [
                r[0]
                for r in store.db.execute("SELECT rowid FROM search_marks WHERE search_marks MATCH ?", [f'"{docs}"'])
            ]
        lengths = _doc_lengths(store, docs)
        scored += [
            (doc_id, _bm25(idf, float(weight), float(lengths[doc_id]), average)) for doc_id in docs if doc_id in lengths
        ]
        if n + 1 < len(levels) and len(scored) >= wanted:
            last = heapq.nsmallest(wanted, (score for _, score in scored))[-1]
            if _bm25(idf, float(levels[n + 1][0]), 0.0, average) > last:  # scores are negative: lower is better
                break
    return sorted(scored, key=lambda r: (r[1], r[0]))[:wanted]


def impact_candidates(store: Store, terms: list[Term], per_term: int | None = None) -> list[int]:
    """The documents in which each query word weighs most: at least ``per_term`` each, heaviest first."""
    positive = [t for t in terms if t.text]
    if not positive:
        return []
    per_term = per_term or CANDIDATES // len(positive)
    found: set[int] = set()
    for term in positive:
        chosen = [mark for _, mark in _heaviest_marks(store, term, per_term)]
        for first in range(0, len(chosen), 200):
            expression = " OR ".join(f'"{m}"' for m in chosen[first : first + 200])
            found.update(
                r[0]
                for r in store.db.execute("SELECT rowid FROM search_marks WHERE search_marks MATCH ?", [expression])
            )
    return sorted(found)


def impact_weights(store: Store, term: Term, per_term: int = CANDIDATES) -> dict[int, int]:
    """The tier of one word (``impact_candidates``), each document with the word's weighted count in it."""
    weights: dict[int, int] = {}
    for weight, mark in _heaviest_marks(store, term, per_term):
        for (doc_id,) in store.db.execute("SELECT rowid FROM search_marks WHERE search_marks MATCH ?", [f'"{mark}"']):
            weights[doc_id] = weight
    return weights


def _heaviest_marks(store: Store, term: Term, per_term: int) -> list[tuple[int, str]]:
    """The word's marks from the heaviest down, until they hold ``per_term`` documents: (weight, mark)."""
    sep = KEY_MARK if term.on_key else FOLD_MARK
    start = term.text if term.prefix else term.text + sep
    bounds = [start, start + "\U0010ffff"]  # every mark that starts so
    levels = []
    for mark, docs in store.db.execute("SELECT term, doc FROM search_marks_vocab WHERE term >= ? AND term < ?", bounds):
        word, _, weight = mark.partition(sep)
        if weight.isdigit() and (word == term.text or term.prefix):
            levels.append((int(weight), docs, mark))
    levels.sort(reverse=True)
    chosen, count = [], 0
    for weight, docs, mark in levels:
        chosen.append((weight, mark))
        count += docs
        if count >= per_term or len(chosen) >= MAX_MARKS:
            break
    return chosen


# bm25's constants in FTS5
BM25_K1, BM25_B = 1.2, 0.75


def bm25_of_weights(store: Store, weights: dict[int, int], matches: int) -> list[tuple[int, float]]:
    """FTS5's bm25 (as ``BM25`` computes it, negative) for a one-word query, from the word's weighted counts.

    For one word bm25 needs only the number of documents that hold it
    (``matches``), each document's weighted count (its impact mark) and its
    length in tokens (FTS5's docsize table), and the table's row count and
    average length (FTS5's averages record). FTS5's own bm25 would first
    count the word's documents in a pass of its own, and would be called for
    every match to reach the tier's. The arithmetic follows fts5_aux.c
    operation by operation, so the scores are the same doubles.
    """
    rows, average = _bm25_constants(store)
    idf = _idf(rows, matches)
    lengths = _doc_lengths(store, list(weights))
    return [
        (doc_id, _bm25(idf, float(weight), float(lengths[doc_id]), average))
        for doc_id, weight in weights.items()
        if doc_id in lengths
    ]


def _bm25_constants(store: Store) -> tuple[int, float]:
    """The index's row count and average length in tokens (FTS5's averages record)."""
    totals = _varints(store.scalar("SELECT block FROM search_index_data WHERE id = 1"))
    rows, tokens = totals[0], sum(totals[1:])
    return rows, tokens / rows


def _idf(rows: int, matches: int) -> float:
    idf = math.log((rows - matches + 0.5) / (matches + 0.5))
    return 1e-6 if idf <= 0.0 else idf


def _bm25(idf: float, frequency: float, length: float, average: float) -> float:
    """One phrase's bm25 as FTS5 computes it, operation by operation (negative, as ``BM25`` gives it)."""
    score = 0.0 + idf * (
        (frequency * (BM25_K1 + 1.0)) / (frequency + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
    )
    return -1.0 * score


def _doc_lengths(store: Store, ids: list[int]) -> dict[int, int]:
    """Each document's length in tokens, all columns (FTS5's docsize table)."""
    return {
        doc_id: _length(sizes)
        for doc_id, sizes in store.db.execute(
            "SELECT id, sz FROM search_index_docsize WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]
        )
    }


# a docsize record's bytes as they add up when no column holds 16,384 tokens or more
# (no varint longer than two bytes): a first byte counts its low seven bits times 128
_VARINT_BYTE = tuple(b if b < 0x80 else (b - 0x80) << 7 for b in range(256))
_LONG_VARINT = re.compile(rb"[\x80-\xff]{2}")


def _length(sizes: bytes) -> int:
    if _LONG_VARINT.search(sizes):
        return sum(_varints(sizes))
    return sum(map(_VARINT_BYTE.__getitem__, sizes))


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, as FTS5 writes its records."""
    values, i = [], 0
    while i < len(blob):
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values
