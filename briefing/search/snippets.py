"""Snippets: a window of a document's text around the most query matches, matches marked <b>…</b>.

``matcher`` decides which words a query matches (from the words as typed, or
as the index already holds them folded and keyed); ``make_snippet`` and
``snippet_of`` pick the window and escape it for display.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cache

from briefing.library.fold import WORD_RE, fold, sound_key
from briefing.library.search_index import FOLD_PREFIX
from briefing.library.store import Store
from briefing.search.query import Term

SNIPPET_WORDS = 28
# words of context a snippet shows before its first match, when the width allows
CONTEXT_WORDS = 3
MARK_OPEN, MARK_CLOSE = "<b>", "</b>"


def matcher(terms: list[Term]):
    """A fast ``word -> bool`` for one query (``.positions(folds, keys)`` finds words already folded)."""
    folds = frozenset(t.text for t in terms if not t.on_key and not t.prefix)
    keys = frozenset(t.text for t in terms if t.on_key and not t.prefix)
    fold_prefixes = tuple(t.text for t in terms if not t.on_key and t.prefix)
    key_prefixes = tuple(t.text for t in terms if t.on_key and t.prefix)

    def hit(folded: str, key: str) -> bool:
        return (
            folded in folds
            or key in keys
            or bool(fold_prefixes and folded.startswith(fold_prefixes))
            or bool(key_prefixes and key.startswith(key_prefixes))
        )

    # a page's snippets repeat the same few thousand words: decide each once
    @cache
    def matches(word: str) -> bool:
        return hit(fold(word), sound_key(word))

    # the index holds folded words marked (see search_index.FOLD_PREFIX)
    marked_folds = frozenset(FOLD_PREFIX + f for f in folds)
    marked_fold_prefixes = tuple(FOLD_PREFIX + p for p in fold_prefixes)

    def positions(folded: list[str], keyed: list[str]) -> list[int]:
        """The indices of the matching words, ascending, given as the index holds them: ``folded`` marked, ``keyed`` bare."""
        # every test a C-level map, the indices picked by compress: a page reads ~10,000 words
        found = []
        if folds:
            found.append(itertools.compress(itertools.count(), map(marked_folds.__contains__, folded)))
        if keys:
            found.append(itertools.compress(itertools.count(), map(keys.__contains__, keyed)))
        if fold_prefixes:
            tests = map(str.startswith, folded, itertools.repeat(marked_fold_prefixes))
            found.append(itertools.compress(itertools.count(), tests))
        if key_prefixes:
            found.append(
                itertools.compress(itertools.count(), map(str.startswith, keyed, itertools.repeat(key_prefixes)))
            )
        if len(found) == 1:
            return list(found[0])
        return sorted(set().union(*found))

    matches.positions = positions
    return matches


def snippet_of(row: dict, matches, indexed: tuple[str, str] | None = None) -> str:
    """The snippet from the text, else the summary, else the start of either.

    ``indexed``: the document's body_fold and body_key, whose words begin with
    the summary's and go on with the text's (see search_index.index_text).
    They tell which words match without reading the text's words one by one:
    only the window's words are found in the text, and checked against them.
    """
    if indexed is not None:
        snippet = _snippet_from_index(row, matches, indexed)
        if snippet is not None:
            return snippet
    summary_words = WORD_RE.findall(row["summary"]) if row["summary"] else []
    flags: dict[str, list[bool]] = {}
    for name in ("text", "summary"):
        source = row[name]
        if not source:
            continue
        words = summary_words if name == "summary" else WORD_RE.findall(source)
        hits = list(map(matches, words))
        if any(hits):
            return _window(source, hits)
        flags[name] = hits
    name = "summary" if row["summary"] else "text"
    return _window(row[name] or "", flags.get(name, []))


def _snippet_from_index(row: dict, matches, indexed: tuple[str, str]) -> str | None:
    """``snippet_of`` from the indexed words; None when the index row is out of step with the text."""
    summary, text = row["summary"] or "", row["text"] or ""
    summary_words = WORD_RE.findall(summary) if summary else []
    first = len(summary_words)
    folded, keyed = indexed[0].split(" "), indexed[1].split(" ")
    if len(folded) != len(keyed) or len(folded) < first:
        return None
    if summary_words and (
        folded[0] != FOLD_PREFIX + fold(summary_words[0]) or folded[first - 1] != FOLD_PREFIX + fold(summary_words[-1])
    ):
        return None
    hits = matches.positions(folded, keyed)
    split = bisect.bisect_left(hits, first)
    if text:
        # the words after the summary: the text's, then those indexed after it (places, parties, tags...)
        found = _window_at(text, [i - first for i in hits[split:]], None, folded=folded, offset=first)
        if found is None or found[1] or not summary:
            return found and found[0]
    if summary:
        found = _window_at(summary, hits[:split], first, folded=folded)
        return found and found[0]
    return ""


def snippet_for(store: Store, doc_id: int, terms: list[Term]) -> str:
    row = store.one("SELECT summary, text FROM documents WHERE id = ?", [doc_id])
    if row is None:
        return ""
    return snippet_of(row, matcher(terms))


def make_snippet(text: str, terms: list[Term], width: int = SNIPPET_WORDS) -> str:
    """A window of the original text around the most matches, matches marked <b>…</b>."""
    return _window(text, list(map(matcher(terms), WORD_RE.findall(text))), width)


def _window(text: str, hits: list[bool], width: int = SNIPPET_WORDS) -> str:
    """The ``width`` words around the most hits (``hits``: one flag per word of ``text``)."""
    if not hits:
        return ""
    found = _window_at(text, list(itertools.compress(range(len(hits)), hits)), len(hits), width)
    return found[0] if found else ""


def _window_at(
    text: str,
    positions: list[int],
    count: int | None,
    width: int = SNIPPET_WORDS,
    folded: list[str] | None = None,
    offset: int = 0,
) -> tuple[str, bool] | None:
    """The snippet of ``text`` around the most hits, and whether the text holds any hit.

    ``positions``: the hits' word indices, ascending. ``count``: the text's
    number of words; None when not counted, and then ``positions`` may run
    past the text (words indexed after it): the window finds the text's end
    when it meets it, and leaves those out. ``folded``: the indexed folds, the
    text's words from ``offset`` on; None is returned when the window's first
    and last words are not those.
    """
    while True:
        first = _cluster_start(positions, width)
        if count is not None:
            # near the end of the text the window starts earlier, to fill its width
            first = min(first, max(0, count - width))
        # one word past the window tells whether the text goes on
        spans = _word_spans(text, first, width + 1)
        if count is not None or len(spans) > width:
            break
        # the window meets the text's end (or starts past it): now the text's length is known
        count = first + len(spans) if spans or not first else len(WORD_RE.findall(text))
        positions = [p for p in positions if p < count]
    window = spans[:width]
    if not window:
        return "", False
    if folded is not None:
        last = offset + first + len(window) - 1
        if last >= len(folded) or any(
            folded[at] != FOLD_PREFIX + fold(text[start:end])
            for at, (start, end) in ((offset + first, window[0]), (last, window[-1]))
        ):
            return None
    hit = set(positions)
    out: list[str] = []
    cursor = window[0][0]
    # marks as two control characters while the text is escaped once, then as tags;
    # words never hold control characters, gaps may: those are dropped
    own_controls = "\x01" in text or "\x02" in text
    for n, (start, end) in enumerate(window, first):
        gap = _plain_gap(text[cursor:start])
        out.append(gap.replace("\x01", "").replace("\x02", "") if own_controls else gap)
        out.append(f"\x01{text[start:end]}\x02" if n in hit else text[start:end])
        cursor = end
    snippet = "".join(out)
    snippet = _escape(" ".join(snippet.split())).replace("\x01", MARK_OPEN).replace("\x02", MARK_CLOSE)
    if first > 0:
        snippet = "…" + snippet
    if len(spans) > width:
        snippet += "…"
    return snippet, bool(positions)


# WORD_RE's words, ``n`` at a time, stepped over without a match object for each
# (possessive: a word is never split to make up the count)
_SKIPS = [(n, re.compile(rf"(?:[\W_]*+[^\W_]++){{{n}}}")) for n in (64, 16, 4, 1)]


def _word_spans(text: str, first: int, count: int) -> list[tuple[int, int]]:
    """The spans of words ``first`` to ``first + count - 1`` of ``text`` (WORD_RE's; fewer at its end)."""
    at = 0
    for n, skip in _SKIPS:
        while first >= n:
            found = skip.match(text, at)
            if found is None:
                return []
            at, first = found.end(), first - n
    return [m.span() for m in itertools.islice(WORD_RE.finditer(text, at), count)]


def _cluster_start(positions: list[int], width: int) -> int:
    """Where the window of ``width`` words starts that holds the most hits (the first such), a few words before them."""
    if not positions:
        return 0
    # The window holding the most hits, the first such: it ends on a hit,
    # so only windows ending at each hit are counted (two pointers).
    best_end, best_count, low = 0, 0, 0
    for high, end in enumerate(positions):
        while positions[low] <= end - width:
            low += 1
        if high - low + 1 > best_count:
            best_count, best_end = high - low + 1, high
    # the window ends at the cluster's last hit; start it a few words before
    # the cluster's first hit when that still keeps the last in
    cluster_last = positions[best_end]
    cluster_first = positions[best_end - best_count + 1]
    return max(0, cluster_first - CONTEXT_WORDS, cluster_last - width + 1)


# Markdown between two words (table bars and rules, heading marks, emphasis, list
# bullets) is noise in a one-line snippet: the reader shows it rendered.
_MARKUP = re.compile(r"\|?\s*:?-{3,}:?\s*(?=\||$)|[#*_`|\[\]]+|(?<=\n)\s*>+|(?<=\n)\s*[-+](?=\s)")


def _plain_gap(gap: str) -> str:
    return _MARKUP.sub(" ", gap) if gap.strip(" ,.;:()\"'") else gap


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
