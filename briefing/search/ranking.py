"""Ranked search: ``search()``, counting every match and ranking bm25's best, fast on a large library.

The query is read by ``query``, its filters planned by ``filters``, the
scores that FTS5 is spared computing come from ``impact``, and each result's
snippet is made by ``snippets``.

Speed (bench/search.py measures it on 100,000 documents):

* ``total`` is always exact: a count over the FTS5 table alone, with the
  filters as facet terms of the same expression (see ``FilterPlan``);
  documents are read only for the page shown.
* The index holds sound keys bare and folded words marked (``_baku``), so no
  query needs a column filter, which would make FTS5 read every position.
* Up to RANK_ALL matches are all ranked by FTS5's bm25.
* Above that, bm25 is evaluated, in the same pass that counts, only for the
  impact tier (``impact.impact_candidates``): the documents in which a query
  word weighs most. This is a two-stage plan, not an exact top-k; the scores
  shown are bm25's own, and ``bench/search.py --check`` counts the queries
  whose top 20 differs from a full ranking.
* A one-word query's tier is scored from its marks (``impact.bm25_of_weights``):
  the same doubles as FTS5's bm25, without FTS5 counting the word a second
  time and testing every match for the tier.
* A query that is one phrase (and no filter) never asks FTS5, which would
  read the positions of its words in every document holding them all (and
  again for bm25's count): its pair marks hold, per document, the weighted
  count of each two adjacent words. Two words are counted from the marks'
  vocabulary and ranked exactly, heaviest documents first, until no lighter
  one can reach the page (``impact.top_of_levels``); a longer phrase's
  documents are those holding all its pairs, each read and counted (up to
  PHRASE_VERIFY).
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from briefing.library.search_index import TITLE_WEIGHT, pair_mark_start
from briefing.library.store import Store
from briefing.search.filters import FilterPlan, Filters, filter_plan, filter_sql
from briefing.search.impact import CANDIDATES, bm25_of_weights, impact_candidates, impact_weights, top_of_levels
from briefing.search.query import Term, parse_query
from briefing.search.snippets import make_snippet, matcher, snippet_of

# bm25 weights per column: title_fold, body_fold, title_key, body_key, facets.
# A facet in the expression adds exactly nothing to a score (weight 0).
BM25 = "bm25(search_index, 8.0, 1.0, 8.0, 1.0, 0.0)"
# Up to this many matches are all ranked by bm25 (~1 µs each); above it the
# impact tier is ranked (see _ranked).
RANK_ALL = 8000
# A phrase with up to this many matches is counted and ranked from one pass
# (its bm25 first counts the phrase's documents, a pass of its own, whatever
# the LIMIT): the same ranking as RANK_ALL.
PHRASE_PROBE = RANK_ALL
# A phrase of three words or more is read and counted in at most this many
# documents (those holding all its pairs); beyond, FTS5 answers it.
PHRASE_VERIFY = 5000
# the quoted strings of an FTS5 expression, in order (a query word never holds a quote)
_QUOTED_RE = re.compile(r'"[^"]*"')


@dataclass
class SearchResult:
    """A document found: by its text, by a note of the user's on it, or by both (``matched``).

    A note match names the annotation whose note matched best and that
    note's snippet; ``score`` is then that note's bm25 (see ``scope.search``).
    """

    id: int
    title: str
    kind: str
    date: str | None
    snippet: str
    score: float | None
    matched: str = "text"  # "text", "note" or "both"
    annotation_id: int | None = None
    note_snippet: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found = asdict(self)
        if self.matched == "text":  # a text match carries no note fields
            del found["annotation_id"], found["note_snippet"]
        return found


@dataclass
class BookNoteResult:
    """A note item of a book that matched: the user's own words, not a document."""

    book_item_id: int
    book_id: int
    book_title: str
    title: str
    note_snippet: str
    score: float
    matched: str = "note"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchPage:
    total: int
    results: list[SearchResult]
    query: str = ""
    fell_back: bool = False
    # what the search reached (see scope.WITHIN); only a search of notes finds book notes
    within: str = "text"
    book_notes: list[BookNoteResult] = field(default_factory=list)
    book_notes_total: int = 0

    def as_dict(self) -> dict[str, Any]:
        page: dict[str, Any] = {"total": self.total, "results": [r.as_dict() for r in self.results]}
        if self.within != "text":
            page["book_notes_total"] = self.book_notes_total
            page["book_notes"] = [n.as_dict() for n in self.book_notes]
        return page


def search(
    store: Store, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Ranked documents for ``query``; with no query, the filtered documents newest first."""
    filters = filters or Filters()
    parsed = parse_query(query)
    if not parsed.expression:
        where, params = filter_sql(store, filters)
        return _list_by_date(store, where, params, limit, offset, query)
    plan = filter_plan(store, filters)
    try:
        page = _ranked(store, parsed.expression, parsed.terms, plan, limit, offset)
        page.query = query
        return page
    except sqlite3.OperationalError:
        if not parsed.plain:
            return SearchPage(0, [], query, fell_back=True)
        page = _ranked(store, parsed.plain, parsed.terms, plan, limit, offset)
        page.query, page.fell_back = query, True
        return page


def _ranked(store: Store, expression: str, terms: list[Term], plan: FilterPlan, limit: int, offset: int) -> SearchPage:
    """Count every match, then rank: all of them when few, else a candidate tier first.

    FTS5 evaluates bm25 for every row it orders; for a word in most of the
    library that is ~1 µs a row and far too slow. Above RANK_ALL matches the
    ranking reads the documents in which the query's words weigh most (the
    impact marks, see ``documents.impact_marks``) and scores only those with
    bm25; the candidates' scores are bm25's own and ``total`` stays exact.
    Filters are facet terms of the same expression (see ``FilterPlan``).
    Documents are joined only for the page, never for counting or ranking.
    """
    one_word = len(terms) == 1 and not terms[0].prefix and expression == terms[0].fts()
    if not plan.filtered and len(terms) > 1 and expression == _phrase_of(terms):
        page = _phrase_page(store, terms, limit, offset)
        if page is not None:
            return page
    expression = plan.expression(expression)
    match, params = f"FROM search_index WHERE search_index MATCH ?{plan.restrict}", [expression, *plan.params]
    wanted = offset + limit
    rows: list = []
    total = None
    tier_tried = False
    if one_word and wanted <= CANDIDATES // 4:
        total, page = _one_word(store, terms[0], match, params, plan, limit, offset)
        if page is not None:
            return page
        tier_tried = total > RANK_ALL  # the word's tier was too thin: rank every match
    # matches already read and scored, in rowid order, and where the rest starts
    probe: list = []
    rest, rest_params = match, params
    if _has_phrase(expression):
        # A phrase of common words costs one slow pass over their positions,
        # and most phrases match few documents: read up to PHRASE_PROBE of
        # them with their scores in that one pass, and count and rank from it.
        probe = store.db.execute(
            f"SELECT rowid, {BM25} AS s {match} ORDER BY rowid LIMIT ?", [*params, PHRASE_PROBE + 1]
        ).fetchall()
        if len(probe) <= PHRASE_PROBE:
            probe.sort(key=lambda r: (r[1], r[0]))
            page = [(r[0], -r[1]) for r in probe[offset:wanted]]
            return SearchPage(len(probe), results_of(store, page, terms))
        # the count and the candidates' scores need only the matches after those
        rest, rest_params = f"{match} AND search_index.rowid > ?", [*params, probe[-1][0]]
    elif plan.filtered and total is None:
        # a filtered count runs inside FTS5 and is cheap; when it is small, rank all
        total = store.scalar(f"SELECT count(*) {match}", params)
    if wanted <= CANDIDATES // 4 and (total is None or total > RANK_ALL) and not tier_tried:
        candidates = impact_candidates(store, terms)
        if len(candidates) >= CANDIDATES // 2:
            # one pass over the match gives the exact count and the candidates' scores
            count, scored = _count_and_score(store, rest, rest_params, candidates)
            chosen = set(candidates)
            total = count + len(probe)
            scored = [r for r in probe if r[0] in chosen] + scored
            if total > RANK_ALL:
                rows = sorted(scored, key=lambda r: (r[1], r[0]))[offset:wanted]
                if len(rows) < min(limit, total - offset):
                    rows = []  # the tier is too thin for this page: rank everything
    if not rows:
        if total is None:
            total = len(probe) + store.scalar(f"SELECT count(*) {rest}", rest_params)
        if total and offset < total:
            rows = store.db.execute(
                f"SELECT rowid, {BM25} AS s {match} ORDER BY s, rowid LIMIT ? OFFSET ?", [*params, limit, offset]
            ).fetchall()
    return SearchPage(total or 0, results_of(store, [(r[0], -r[1]) for r in rows], terms))


def _one_word(
    store: Store, term: Term, match: str, params: list, plan: FilterPlan, limit: int, offset: int
) -> tuple[int, SearchPage | None]:
    """The count of a one-word query, and its page when the word's tier ranks it (else None).

    The tier's documents are scored here (``bm25_of_weights``) from their
    marks: the same scores as FTS5's bm25 on the same tier, without a pass
    over every match to reach them.
    """
    total = store.scalar(f"SELECT count(*) {match}", params)
    if total <= RANK_ALL:
        return total, None
    weights = impact_weights(store, term)
    if len(weights) < CANDIDATES // 2:
        return total, None
    if plan.filtered:
        kept = plan.passing(store, list(weights))
        weights = {doc_id: weight for doc_id, weight in weights.items() if doc_id in kept}
        # bm25 weighs the word by the documents that hold it in the whole library
        matches = store.scalar("SELECT count(*) FROM search_index WHERE search_index MATCH ?", [term.fts()])
    else:
        matches = total
    rows = sorted(bm25_of_weights(store, weights, matches), key=lambda r: (r[1], r[0]))[offset : offset + limit]
    if len(rows) < min(limit, total - offset):
        return total, None  # the tier is too thin for this page
    return total, SearchPage(total, results_of(store, [(doc_id, -score) for doc_id, score in rows], [term]))


def _count_and_score(
    store: Store, match: str, params: list, candidates: list[int]
) -> tuple[int, list[tuple[int, float]]]:
    """The number of matches, and bm25 for those among ``candidates``, from one pass of FTS5 over the match.

    bm25 runs in the WHERE clause, for a candidate only, and hands its score
    to a function of this connection as it goes: no subquery and no text of
    the scores, and the doubles arrive as FTS5 computed them.
    """
    scored: list[tuple[int, float]] = []
    member, test = _membership(candidates)
    conn = store.db.conn
    conn.create_function(_SCORED, 2, lambda doc_id, score: scored.append((doc_id, score)) or 1)
    try:
        count = conn.execute(
            f"SELECT count(*) {match} AND CASE WHEN {test} THEN {_SCORED}(search_index.rowid, {BM25}) ELSE 1 END",
            [*params, member],
        ).fetchone()[0]
    finally:
        conn.create_function(_SCORED, 2, None)
    return count, scored


# the function a pass hands the candidates' scores to (see _count_and_score)
_SCORED = "briefing_scored"
# the largest rowid a candidate bitmap is made for (a byte a document)
BITMAP_MAX = 4_000_000


def _membership(ids: list[int]) -> tuple[bytes | str, str]:
    """A parameter and an SQL test of ``rowid`` for "is one of ``ids``", cheap on every row of a pass.

    A byte per document, tested with substr, costs less a row than probing
    an index built from a list; a JSON list serves libraries of huge rowids.
    """
    top = max(ids, default=0)
    if top > BITMAP_MAX:
        return json.dumps(ids), "rowid IN (SELECT value FROM json_each(?))"
    bitmap = bytearray(top + 1)
    for doc_id in ids:
        bitmap[doc_id] = 1
    return bytes(bitmap), "substr(?, rowid + 1, 1) = x'01'"


def _has_phrase(expression: str) -> bool:
    """Whether an FTS5 expression holds a quoted phrase of two words or more (not just two words)."""
    return any(" " in quoted for quoted in _QUOTED_RE.findall(expression))


def _phrase_of(terms: list[Term]) -> str | None:
    """The FTS5 expression of ``terms`` as one quoted phrase, as ``parse_query`` writes it; None if they are no phrase."""
    if not all(t.on_key and not t.prefix for t in terms):
        return None
    return '"' + " ".join(t.token for t in terms) + '"'


def _phrase_page(store: Store, terms: list[Term], limit: int, offset: int) -> SearchPage | None:
    """A phrase's page from its pair marks, with the exact count and bm25's order; None when FTS5 should answer.

    Two words: the pair's marks name its documents by weight, and the
    vocabulary counts them. Three or more: the documents holding every pair
    of the phrase are read (at most PHRASE_VERIFY) and the phrase counted in
    each, as FTS5 would find it.
    """
    keys = [t.text for t in terms]
    levels: list[tuple[int, list[int] | str]]
    if len(keys) == 2:
        marks = _pair_levels(store, keys[0], keys[1])
        total = sum(docs for _, docs, _ in marks)
        levels = [(weight, mark) for weight, _, mark in marks]
    else:
        weights = _phrase_weights(store, keys)
        if weights is None:
            return None
        total = len(weights)
        by_weight: dict[int, list[int]] = {}
        for doc_id, weight in weights.items():
            by_weight.setdefault(weight, []).append(doc_id)
        levels = sorted(by_weight.items(), reverse=True)
    if offset >= total:
        return SearchPage(total, [])
    rows = top_of_levels(store, levels, total, offset + limit)[offset:]
    return SearchPage(total, results_of(store, [(doc_id, -score) for doc_id, score in rows], terms))


def _pair_levels(store: Store, first: str, second: str) -> list[tuple[int, int, str]]:
    """The marks of the pair of sound keys, heaviest first: (weight, documents, mark)."""
    start = pair_mark_start(first, second)
    levels = []
    for mark, docs in store.db.execute(
        "SELECT term, doc FROM search_marks_vocab WHERE term >= ? AND term < ?", [start, start + "\U0010ffff"]
    ):
        weight = mark[len(start) :]
        if weight.isdigit():
            levels.append((int(weight), docs, mark))
    levels.sort(reverse=True)
    return levels


def _phrase_weights(store: Store, keys: list[str]) -> dict[int, int] | None:
    """The documents holding the phrase of three sound keys or more, each with bm25's weighted count of it.

    Those that hold every pair of the phrase are read (their indexed sound
    keys, title and body); None when they are more than PHRASE_VERIFY.
    """
    expression = " AND ".join(f'"{pair_mark_start(a, b)}" *' for a, b in zip(keys, keys[1:]))
    ids = [r[0] for r in store.db.execute("SELECT rowid FROM search_marks WHERE search_marks MATCH ?", [expression])]
    if len(ids) > PHRASE_VERIFY:
        return None
    needle = " " + " ".join(keys) + " "
    weights = {}
    for doc_id, title, body in store.db.execute(
        # the index's own copy of its columns: c2 and c3 are title_key and body_key
        "SELECT id, c2, c3 FROM search_index_content WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)],
    ):
        weight = TITLE_WEIGHT * _occurrences(title or "", needle) + _occurrences(body or "", needle)
        if weight:
            weights[doc_id] = weight
    return weights


def _occurrences(column: str, needle: str) -> int:
    """How often FTS5 finds ``needle`` (tokens between single spaces) in an indexed column: overlaps count."""
    text = f" {column} "
    if "  " in text:  # a word without a sound key leaves no token: its neighbours stand side by side
        text = f" {' '.join(column.split())} "
    count, at = 0, text.find(needle)
    while at >= 0:
        count += 1
        at = text.find(needle, at + 1)
    return count


def results_of(store: Store, scored: list[tuple[int, float]], terms: list[Term]) -> list[SearchResult]:
    """The documents ``scored`` (id, score) as results, in that order, each with its snippet for ``terms``."""
    if not scored:
        return []
    ids = [doc_id for doc_id, _ in scored]
    rows = {
        r["id"]: r
        for r in store.rows(
            f"SELECT id, title, kind, date, summary, text FROM documents WHERE id IN ({', '.join('?' for _ in ids)})",
            ids,
        )
    }
    # the indexed body holds every word already folded and keyed, in order:
    # marking the snippet's words from it needs no folding at query time
    indexed = dict(
        (r[0], (r[1], r[2]))
        for r in store.execute(
            f"SELECT rowid, body_fold, body_key FROM search_index WHERE rowid IN ({', '.join('?' for _ in ids)})", ids
        )
    )
    matches = matcher(terms)
    return [
        SearchResult(doc_id, r["title"], r["kind"], r["date"], snippet_of(r, matches, indexed.get(doc_id)), score)
        for doc_id, score in scored
        if (r := rows.get(doc_id)) is not None
    ]


def _list_by_date(store, where, params, limit, offset, query) -> SearchPage:
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = store.scalar(f"SELECT count(*) FROM documents d {clause}", params)
    rows = store.rows(
        f"SELECT d.id, d.title, d.kind, d.date, d.summary, substr(d.text, 1, 400) AS lead FROM documents d {clause} "
        "ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    results = [
        SearchResult(r["id"], r["title"], r["kind"], r["date"], make_snippet(r["summary"] or r["lead"] or "", []), None)
        for r in rows
    ]
    return SearchPage(total, results, query)
