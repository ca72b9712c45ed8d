"""Full-text search over the library: ranked, filtered, cross-script.

The user's query is parsed leniently (words, "phrases", prefix*, OR, NOT,
-word, parentheses) and each word is translated to the folded or sound-key
columns of the FTS5 index (see ``fold``). Whatever the user typed, the search
never fails on syntax: if the translated expression is rejected, its words
are searched (see ``_fallback``), never the bare operators; a query with no
word at all is the empty query.

Speed (bench/search.py measures it on 100,000 documents):

* ``total`` is always exact: a count over the FTS5 table alone, with the
  filters as facet terms of the same expression (see ``FilterPlan``);
  documents are read only for the page shown.
* The index holds sound keys bare and folded words marked (``_baku``), so no
  query needs a column filter, which would make FTS5 read every position.
* Up to RANK_ALL matches are all ranked by FTS5's bm25.
* Above that, bm25 is evaluated, in the same pass that counts, only for a
  tier of candidates: the documents in which a query word weighs most (title
  hits count TITLE_WEIGHT times), read from the ``search_impact`` marks
  written at index time. This is a two-stage plan, not an exact top-k: bm25
  orders a word's documents by that weight and by length, so a short
  document just below the tier can outrank one inside it, and for phrases
  and prefixes the tier is chosen by the weight of their words. The scores
  shown are bm25's own; ``bench/search.py --check`` counts the queries whose
  top 20 differs from a full ranking.
* A one-word query's tier is scored here from its marks (``bm25_of_weights``):
  the same doubles as FTS5's bm25, without FTS5 counting the word a second
  time and testing every match for the tier.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from briefing.dates import is_partial_date
from briefing.library.fold import WORD_RE, fold, sound_key, uses_key
from briefing.library.schema import DOCUMENT_KINDS
from briefing.library.search_index import (
    FACET_PREFIX,
    FOLD_MARK,
    FOLD_PREFIX,
    KEY_MARK,
    date_block_facet,
    kind_facet,
    party_facet,
    tag_facet,
)
from briefing.library.store import Store

# bm25 weights per column: title_fold, body_fold, title_key, body_key, facets.
# A facet in the expression adds exactly nothing to a score (weight 0).
BM25 = "bm25(search_index, 8.0, 1.0, 8.0, 1.0, 0.0)"
SNIPPET_WORDS = 28
# words of context a snippet shows before its first match, when the width allows
CONTEXT_WORDS = 3
# Up to this many matches are all ranked by bm25 (~1 µs each); above it the
# impact tier is ranked (see _ranked).
RANK_ALL = 8000
# Size of the impact tier, over all the query's words.
CANDIDATES = 800
MAX_MARKS = 2000
# A phrase with up to this many matches is counted and ranked from one pass
# (its bm25 first counts the phrase's documents, a pass of its own, whatever
# the LIMIT): the same ranking as RANK_ALL.
PHRASE_PROBE = RANK_ALL
# the quoted strings of an FTS5 expression, in order (a query word never holds a quote)
_QUOTED_RE = re.compile(r'"[^"]*"')
MARK_OPEN, MARK_CLOSE = "<b>", "</b>"

_TOKEN_RE = re.compile(r'"[^"]*"?|\(|\)|[^\s()"]+')


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    party: str | None = None
    tag: str | None = None
    visit: str | None = None

    def any(self) -> bool:
        return bool(self.kinds or self.since or self.until or self.party or self.tag or self.visit)


@dataclass
class SearchResult:
    id: int
    title: str
    kind: str
    date: str | None
    snippet: str
    score: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchPage:
    total: int
    results: list[SearchResult]
    query: str = ""
    fell_back: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "results": [r.as_dict() for r in self.results]}


@dataclass(frozen=True)
class Term:
    """One query word as it is matched: on the sound key or on the fold, maybe as a prefix."""

    text: str
    on_key: bool
    prefix: bool = False

    @classmethod
    def of(cls, word: str, prefix: bool = False, force_key: bool = False) -> Term:
        # a prefix is loose already, so it may as well be loose across scripts
        on_key = force_key or uses_key(word) or (prefix and len(fold(word)) >= 3)
        return cls(sound_key(word) if on_key else fold(word), on_key, prefix)

    def matches(self, word: str) -> bool:
        candidate = sound_key(word) if self.on_key else fold(word)
        return candidate.startswith(self.text) if self.prefix else candidate == self.text

    @property
    def token(self) -> str:
        """The word as the index holds it: a sound key bare, a fold marked (see search_index.FOLD_PREFIX)."""
        return self.text if self.on_key else FOLD_PREFIX + self.text

    def fts(self) -> str:
        return f'"{self.token}"' + (" *" if self.prefix else "")


@dataclass
class ParsedQuery:
    expression: str  # "" when the query has no word to search for
    terms: list[Term]
    plain: str  # the fallback when FTS5 rejects ``expression`` (see _fallback); "" when nothing to search


# the operators FTS5 reads in bare upper case; NEAR is not offered (it is
# read as a plain AND), and none of them is ever searched as a word
OPERATORS = ("AND", "OR", "NOT", "NEAR")


def _word_terms(raw: str, force_key: bool = False) -> list[Term]:
    prefix = raw.endswith("*")
    found = WORD_RE.findall(raw)
    terms = [Term.of(w, force_key=force_key) for w in found]
    if prefix and terms:
        last = found[-1]
        terms[-1] = Term.of(last, prefix=True, force_key=force_key)
    return [t for t in terms if t.text]


def _and(terms: list[Term]) -> str:
    expr = " AND ".join(t.fts() for t in terms)
    return f"({expr})" if len(terms) > 1 else expr


def parse_query(query: str) -> ParsedQuery:
    tokens = _TOKEN_RE.findall(query)
    parts: list[str] = []
    terms: list[Term] = []
    operands = 0
    for token in tokens:
        upper = token.upper()
        if token in ("(", ")"):
            parts.append(token)
        elif token == upper and upper in OPERATORS:
            if upper != "NEAR":
                parts.append(upper)
        elif token.startswith('"'):
            phrase = [t for t in (Term.of(w, force_key=True) for w in WORD_RE.findall(token)) if t.text]
            if phrase:
                terms.extend(phrase)
                parts.append('"' + " ".join(t.token for t in phrase) + '"')
                operands += 1
        else:
            negated = token.startswith("-") and len(token) > 1
            word_terms = _word_terms(token.lstrip("-") if negated else token)
            if not word_terms:
                continue
            operands += 1
            if negated:
                parts.append(f"NOT {_and(word_terms)}")
            else:
                terms.extend(word_terms)
                parts.append(_and(word_terms))
    plain, plain_terms = _fallback(tokens)
    # operators and punctuation alone search for nothing: the query is empty
    expression = " ".join(parts) if operands else ""
    return ParsedQuery(expression, terms or plain_terms, plain)


def _fallback(tokens: list[str]) -> tuple[str, list[Term]]:
    """The query's words when its syntax does not parse, and the terms they search.

    Parentheses, quotes, stray punctuation and bare AND/NEAR are dropped;
    each word (a phrase: its words) is ANDed with the others, except that an
    OR between two words is kept, and a word after a bare NOT or written
    -word is excluded. Without a word to search for the fallback is "".
    """
    positive: list[str] = []  # expressions, and "OR" between them
    negative: list[str] = []
    terms: list[Term] = []
    negate = False
    for token in tokens:
        if token in OPERATORS:
            if token == "OR":
                positive.append("OR")
            negate = negate or token == "NOT"
            continue
        negated = negate or (token.startswith("-") and len(token) > 1)
        word_terms = _word_terms(token.lstrip("-") if negated else token)
        if not word_terms:
            continue  # a parenthesis or punctuation: a NOT before it still holds
        negate = False
        if negated:
            negative.append(_and(word_terms))
        else:
            positive.append(_and(word_terms))
            terms.extend(word_terms)
    # an OR counts only between two words
    kept: list[str] = []
    for part in positive:
        if part == "OR" and (not kept or kept[-1] == "OR"):
            continue
        kept.append(part)
    if kept and kept[-1] == "OR":
        kept.pop()
    if not kept:
        return "", terms
    expression = " ".join(kept)
    if negative:
        expression = f"({expression}) " + " ".join(f"NOT {n}" for n in negative)
    return expression, terms


def _filter_sql(
    store: Store, filters: Filters, parties: list[tuple[str, str | None]] | None = None
) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``documents d`` and their parameters (``parties``: ``party_names``, if already read)."""
    parts = _filter_parts(store, filters, parties)
    return [sql for sql, _ in parts], [p for _, values in parts for p in values]


def _filter_parts(
    store: Store, filters: Filters, parties: list[tuple[str, str | None]] | None = None
) -> list[tuple[str, list[Any]]]:
    """One (condition on ``documents d``, its parameters) per filter given."""
    parts: list[tuple[str, list[Any]]] = []
    if filters.kinds:
        parts.append((f"d.kind IN ({', '.join('?' for _ in filters.kinds)})", list(filters.kinds)))
    # A bare year or month, in a filter or a document's date, counts as the
    # whole of it, and a document matches when its range meets the filter's.
    if filters.since:
        # a document dated "2024" or "2024-03" takes in "2024-03-15": the
        # date's shorter forms are looked up as they are (ranges and equalities
        # the date index answers, unlike substr)
        parts.append(_since_condition(filters.since.strip()))
    if filters.until:
        parts.append(_until_condition(filters.until.strip()))
    if filters.since or filters.until:
        # a date that does not start with a year is in no range (nor in a year facet)
        parts.append((f"d.date GLOB '{_YEAR_GLOB}*'", []))
    if filters.tag:
        parts.append((f"d.id IN ({ID_SETS['tag']})", [filters.tag.strip()]))
    if filters.party:
        pairs = party_names(store, filters.party) if parties is None else parties
        # a few distinct (name, country) pairs rather than thousands of document ids in the SQL
        values = ", ".join("(?, ?)" for _ in pairs) or "(NULL, NULL)"
        parts.append(
            (
                f"d.id IN ({ID_SETS['party'].format(values=values)})",
                [value for name, country in pairs for value in (name, country or "")],
            )
        )
    if filters.visit:
        parts.append((f"d.id IN ({ID_SETS['visit']})", [filters.visit] * 3))
    return parts


_YEAR_GLOB = "[0-9][0-9][0-9][0-9]"


def _since_condition(since: str) -> tuple[str, list[Any]]:
    # a document dated "2024" or "2024-03" takes in "2024-03-15": the
    # date's shorter forms are looked up as they are (ranges and equalities
    # the date index answers, unlike substr)
    shorter = [since[:n] for n in (4, 7) if len(since) > n]
    if shorter:
        return f"(d.date >= ? OR d.date IN ({', '.join('?' for _ in shorter)}))", [since, *shorter]
    return "d.date >= ?", [since]


def _until_condition(until: str) -> tuple[str, list[Any]]:
    # "2008" takes in "2008-12-31", since "~" sorts after every character of an ISO date
    return "d.date <= ?", [until + "~"]


# filters that are sets of document ids from other tables
ID_SETS = {
    "tag": "SELECT dt.document_id FROM document_tags dt JOIN tags t ON t.id = dt.tag_id WHERE t.name = ?",
    "party": "SELECT document_id FROM document_parties WHERE (name, ifnull(country, '')) IN (VALUES {values})",
    "visit": "SELECT ed.document_id FROM event_documents ed JOIN events e ON e.id = ed.event_id "
    "WHERE e.id = ? OR e.slug = ? OR e.title = ?",
}


# a facet no document has: a filter that nothing can meet
NO_FACET = f"{FACET_PREFIX}none"


@dataclass
class FilterPlan:
    """Filters as a search runs them: facet terms for FTS5, and SQL for the rest.

    ``facets`` is an FTS5 expression ANDed to the query's (see
    ``documents.facets_of``); ``restrict`` holds conditions on the index's
    rowid for what facets cannot say: a visit's documents, and the documents
    of a range's first or last year that fall outside it.
    """

    facets: list[str] = field(default_factory=list)
    restrict: str = ""
    params: list[Any] = field(default_factory=list)
    # the filters' definition on ``documents d`` (``_filter_sql``), to test a few documents directly
    where: list[str] = field(default_factory=list)
    where_params: list[Any] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.facets or self.restrict)

    def passing(self, store: Store, ids: list[int]) -> set[int]:
        """Those of ``ids`` that the filters leave."""
        if not self.where:
            return set(ids)
        kept: set[int] = set()
        for first in range(0, len(ids), 500):
            chunk = ids[first : first + 500]
            kept.update(
                r[0]
                for r in store.execute(
                    # NOT INDEXED: look the ids up by their key, not through the kind or date index
                    f"SELECT d.id FROM documents d NOT INDEXED WHERE d.id IN ({', '.join('?' for _ in chunk)}) AND "
                    + " AND ".join(self.where),
                    [*chunk, *self.where_params],
                )
            )
        return kept

    def expression(self, query_expression: str) -> str:
        return " AND ".join([f"({query_expression})", *self.facets]) if self.facets else query_expression

    def exclude(self, subquery: str, values: list[Any]) -> None:
        self.restrict += f" AND +search_index.rowid NOT IN ({subquery})"
        self.params += values

    def within(self, subquery: str, values: list[Any]) -> None:
        self.restrict += f" AND +search_index.rowid IN ({subquery})"
        self.params += values


def _any_of(tokens: list[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in tokens) + ")" if tokens else f'"{NO_FACET}"'


def filter_plan(store: Store, filters: Filters) -> FilterPlan:
    parties = party_names(store, filters.party) if filters.party else []
    where, where_params = _filter_sql(store, filters, parties)
    plan = FilterPlan(where=where, where_params=where_params)
    if filters.kinds:
        plan.facets.append(_any_of([kind_facet(k) for k in filters.kinds if k in DOCUMENT_KINDS]))
    if filters.since or filters.until:
        _plan_dates(store, plan, (filters.since or "").strip(), (filters.until or "").strip())
    if filters.tag:
        plan.facets.append(_any_of([tag_facet(filters.tag)]))
    if filters.party:
        plan.facets.append(_any_of([party_facet(name, country) for name, country in parties]))
    if filters.visit:
        plan.within(ID_SETS["visit"], [filters.visit] * 3)
    return plan


def _plan_dates(store: Store, plan: FilterPlan, since: str, until: str) -> None:
    """A date range as the largest year blocks it holds, and its partial first and last years as exclusions."""
    conditions = [c for c in (since and _since_condition(since), until and _until_condition(until)) if c]
    where = " AND ".join(sql for sql, _ in conditions)
    values = [v for _, condition_values in conditions for v in condition_values]
    if (since and not is_partial_date(since)) or (until and not is_partial_date(until)):
        # not a date the facets can express: the documents table answers
        plan.within(f"SELECT d.id FROM documents d WHERE {where} AND d.date GLOB '{_YEAR_GLOB}*'", values)
        return
    low, high = _library_years(store)
    first = int(since[:4]) if since else low
    last = int(until[:4]) if until else high
    if low is None or first > last:
        plan.facets.append(_any_of([]))
        return
    # a boundary year the range takes only in part: its documents outside the range are excluded
    partial = {
        year
        for year, whole in (
            (first, not since or since[4:] in ("", "-01", "-01-01")),
            (last, not until or until[4:] in ("", "-12", "-12-31")),
        )
        if not whole
    }
    for year in sorted(partial):
        plan.exclude(
            f"SELECT d.id FROM documents d WHERE d.date >= ? AND d.date < ? AND NOT ({where})",
            [f"{year:04d}", f"{year + 1:04d}", *values],
        )
    plan.facets.append(_any_of(_year_blocks(first, last, low, high)))


def _year_blocks(first: int, last: int, low: int, high: int) -> list[str]:
    """The facets of few whole millennia, centuries, decades and years that hold first..last.

    Years outside the library's low..high hold no document, so a block may
    reach over them: from 2007 on, in a library of 1995 to 2025, is 2007,
    2008, 2009 and the decades 201x and 202x.
    """
    start_limit = -1 if first <= low else first
    end_limit = 10_000 if last >= high else last
    blocks = []
    year = max(first, low)
    while year <= min(last, high):
        for size, digits in ((1000, 1), (100, 2), (10, 3), (1, 4)):
            block_start = year - year % size
            if block_start >= start_limit and block_start + size - 1 <= end_limit:
                blocks.append(date_block_facet(f"{block_start:04d}"[:digits]))
                year = block_start + size
                break
    return blocks


def _library_years(store: Store) -> tuple[int | None, int | None]:
    """The first and last year any document is dated in (two index lookups); (0, 9999) when unsure."""
    first = store.scalar("SELECT date FROM documents WHERE date >= '0' ORDER BY date LIMIT 1")
    last = store.scalar("SELECT date FROM documents WHERE date < ':' ORDER BY date DESC LIMIT 1")
    if first is None:
        return None, None
    low = int(first[:4]) if first[:4].isdigit() else 0
    high = int(last[:4]) if last and last[:4].isdigit() else 9999
    return low, high


COUNTRY_CODES = {"KZ": "Kazakhstan", "AZ": "Azerbaijan", "TR": "Turkiye", "RU": "Russia", "CN": "China"}


def party_names(store: Store, party: str) -> list[tuple[str, str | None]]:
    """The (name, country) pairs of parties named like ``party`` (in any script) or of that country."""
    wanted = [sound_key(w) for w in WORD_RE.findall(party)]
    code = party.strip().upper()
    matching = []
    # a library names few distinct parties: match each once (the list is read once per change of the library)
    distinct = store.memo(
        "distinct parties", lambda: store.execute("SELECT DISTINCT name, country FROM document_parties").fetchall()
    )
    for name, country in distinct:
        upper = (country or "").upper()
        keys = {sound_key(w) for w in WORD_RE.findall(name + " " + COUNTRY_CODES.get(upper, ""))}
        if upper == code or (wanted and all(k in keys for k in wanted)):
            matching.append((name, country))
    return matching


def party_document_ids(store: Store, party: str) -> list[int]:
    """Documents with a party named like ``party`` (in any script) or of that country."""
    ids: set[int] = set()
    for name, country in party_names(store, party):
        ids.update(
            r[0]
            for r in store.execute(
                "SELECT document_id FROM document_parties WHERE name = ? AND country IS ?", [name, country]
            )
        )
    return sorted(ids)


def search(
    store: Store, query: str = "", filters: Filters | None = None, *, limit: int = 20, offset: int = 0
) -> SearchPage:
    """Ranked documents for ``query``; with no query, the filtered documents newest first."""
    filters = filters or Filters()
    parsed = parse_query(query)
    if not parsed.expression:
        where, params = _filter_sql(store, filters)
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
            return SearchPage(len(probe), _results(store, page, terms))
        # the count and the candidates' scores need only the matches after those
        rest, rest_params = f"{match} AND search_index.rowid > ?", [*params, probe[-1][0]]
    elif plan.filtered and total is None:
        # a filtered count runs inside FTS5 and is cheap; when it is small, rank all
        total = store.scalar(f"SELECT count(*) {match}", params)
    if wanted <= CANDIDATES // 4 and (total is None or total > RANK_ALL) and not tier_tried:
        candidates = impact_candidates(store, terms)
        if len(candidates) >= CANDIDATES // 2:
            # one pass over the match gives the exact count and the candidates' scores
            member, test = _membership(candidates)
            count, scored = store.db.execute(
                # %!.17g: every bit of the double, as the other paths give it
                f"SELECT count(*), group_concat(rowid || ' ' || printf('%!.17g', s)) FILTER (WHERE s IS NOT NULL) FROM ("
                f"SELECT rowid, CASE WHEN {test} THEN {BM25} END AS s {rest}"
                # LIMIT keeps the subquery a co-routine: bm25 cannot run inside a flattened aggregate
                " LIMIT -1)",
                [member, *rest_params],
            ).fetchone()
            chosen = set(candidates)
            total = count + len(probe)
            pairs = [pair.split(" ") for pair in scored.split(",")] if scored else []
            scored = [r for r in probe if r[0] in chosen] + [(int(doc_id), float(score)) for doc_id, score in pairs]
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
    return SearchPage(total or 0, _results(store, [(r[0], -r[1]) for r in rows], terms))


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
    return total, SearchPage(total, _results(store, [(doc_id, -score) for doc_id, score in rows], [term]))


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
                for r in store.db.execute("SELECT rowid FROM search_impact WHERE search_impact MATCH ?", [expression])
            )
    return sorted(found)


def impact_weights(store: Store, term: Term, per_term: int = CANDIDATES) -> dict[int, int]:
    """The tier of one word (``impact_candidates``), each document with the word's weighted count in it."""
    weights: dict[int, int] = {}
    for weight, mark in _heaviest_marks(store, term, per_term):
        for (doc_id,) in store.db.execute("SELECT rowid FROM search_impact WHERE search_impact MATCH ?", [f'"{mark}"']):
            weights[doc_id] = weight
    return weights


def _heaviest_marks(store: Store, term: Term, per_term: int) -> list[tuple[int, str]]:
    """The word's marks from the heaviest down, until they hold ``per_term`` documents: (weight, mark)."""
    sep = KEY_MARK if term.on_key else FOLD_MARK
    start = term.text if term.prefix else term.text + sep
    bounds = [start, start + "\U0010ffff"]  # every mark that starts so
    levels = []
    for mark, docs in store.db.execute("SELECT term, doc FROM search_impact_vocab WHERE term >= ? AND term < ?", bounds):
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
    totals = _varints(store.scalar("SELECT block FROM search_index_data WHERE id = 1"))
    rows, tokens = totals[0], sum(totals[1:])
    average = tokens / rows
    idf = math.log((rows - matches + 0.5) / (matches + 0.5))
    if idf <= 0.0:
        idf = 1e-6
    ids = list(weights)
    sizes = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        sizes.update(
            store.db.execute(
                f"SELECT id, sz FROM search_index_docsize WHERE id IN ({', '.join('?' for _ in chunk)})", chunk
            ).fetchall()
        )
    scored = []
    for doc_id, weight in weights.items():
        if doc_id not in sizes:
            continue
        length, frequency = float(sum(_varints(sizes[doc_id]))), float(weight)
        score = 0.0 + idf * (
            (frequency * (BM25_K1 + 1.0)) / (frequency + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
        )
        scored.append((doc_id, -1.0 * score))
    return scored


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


def _results(store: Store, scored: list[tuple[int, float]], terms: list[Term]) -> list[SearchResult]:
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
    matches = _matcher(terms)
    return [
        SearchResult(doc_id, r["title"], r["kind"], r["date"], _snippet_of(r, matches, indexed.get(doc_id)), score)
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


def _matcher(terms: list[Term]):
    """A fast ``word -> bool`` for one query (``.forms(folds, keys)`` marks words already folded)."""
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

    def forms(folded: list[str], keyed: list[str]) -> list[bool]:
        """Flags for words as the index holds them: ``folded`` marked, ``keyed`` bare."""
        # one flag per word, every test a C-level map: a page marks ~10,000 words
        tests = []
        if folds:
            tests.append(map(marked_folds.__contains__, folded))
        if keys:
            tests.append(map(keys.__contains__, keyed))
        if fold_prefixes:
            tests.append(map(str.startswith, folded, itertools.repeat(marked_fold_prefixes)))
        if key_prefixes:
            tests.append(map(str.startswith, keyed, itertools.repeat(key_prefixes)))
        if not tests:
            return [False] * len(folded)
        return list(map(any, zip(*tests))) if len(tests) > 1 else list(tests[0])

    matches.forms = forms
    return matches


def _snippet_of(row: dict, matches, indexed: tuple[str, str] | None = None) -> str:
    """The snippet from the text, else the summary, else the start of either.

    ``indexed``: the document's body_fold and body_key, whose words begin with
    the summary's and go on with the text's (see search_index.index_text).
    """
    summary_words = WORD_RE.findall(row["summary"]) if row["summary"] else []
    flags: dict[str, list[bool]] = {}
    for name, first in (("text", len(summary_words)), ("summary", 0)):
        source = row[name]
        if not source:
            continue
        words = summary_words if name == "summary" else WORD_RE.findall(source)
        hits = None
        if indexed is not None:
            folded = indexed[0].split(" ")[first : first + len(words)]
            keyed = indexed[1].split(" ")[first : first + len(words)]
            # an index row out of step with the text would mark the wrong words
            if len(folded) == len(keyed) == len(words) and (
                not words or (folded[0] == FOLD_PREFIX + fold(words[0]) and folded[-1] == FOLD_PREFIX + fold(words[-1]))
            ):
                hits = matches.forms(folded, keyed)
        if hits is None:  # no index row to read from
            hits = list(map(matches, words))
        if any(hits):
            return _window(source, hits)
        flags[name] = hits
    name = "summary" if row["summary"] else "text"
    return _window(row[name] or "", flags.get(name, []))


def snippet_for(store: Store, doc_id: int, terms: list[Term]) -> str:
    row = store.one("SELECT summary, text FROM documents WHERE id = ?", [doc_id])
    if row is None:
        return ""
    return _snippet_of(row, _matcher(terms))


def make_snippet(text: str, terms: list[Term], width: int = SNIPPET_WORDS) -> str:
    """A window of the original text around the most matches, matches marked <b>…</b>."""
    return _window(text, list(map(_matcher(terms), WORD_RE.findall(text))), width)


def _window(text: str, hits: list[bool], width: int = SNIPPET_WORDS) -> str:
    """The ``width`` words around the most hits (``hits``: one flag per word of ``text``)."""
    if not hits:
        return ""
    positions = list(itertools.compress(range(len(hits)), hits))
    first = 0
    if positions:
        # The window holding the most hits, the first such: it ends on a hit,
        # so only windows ending at each hit are counted (two pointers).
        best_end, best_count, low = 0, 0, 0
        for high, end in enumerate(positions):
            while positions[low] <= end - width:
                low += 1
            if high - low + 1 > best_count:
                best_count, best_end = high - low + 1, high
        # the window ends at the cluster's last hit; start it a few words
        # before the cluster's first hit when that still keeps the last in,
        # and earlier still near the end of the text, to fill the width
        cluster_last = positions[best_end]
        cluster_first = positions[best_end - best_count + 1]
        first = max(0, cluster_first - CONTEXT_WORDS, cluster_last - width + 1)
        first = min(first, max(0, len(hits) - width))
    last = min(len(hits), first + width)
    # positions are needed for the window only
    spans = [m.span() for m in itertools.islice(WORD_RE.finditer(text), first, last)]
    out: list[str] = []
    cursor = spans[0][0]
    # marks as two control characters while the text is escaped once, then as tags;
    # words never hold control characters, gaps may: those are dropped
    own_controls = "\x01" in text or "\x02" in text
    for (start, end), hit in zip(spans, hits[first:last]):
        gap = _plain_gap(text[cursor:start])
        out.append(gap.replace("\x01", "").replace("\x02", "") if own_controls else gap)
        out.append(f"\x01{text[start:end]}\x02" if hit else text[start:end])
        cursor = end
    snippet = "".join(out)
    snippet = _escape(" ".join(snippet.split())).replace("\x01", MARK_OPEN).replace("\x02", MARK_CLOSE)
    if first > 0:
        snippet = "…" + snippet
    if last < len(hits):
        snippet += "…"
    return snippet


# Markdown between two words (table bars and rules, heading marks, emphasis, list
# bullets) is noise in a one-line snippet: the reader shows it rendered.
_MARKUP = re.compile(r"\|?\s*:?-{3,}:?\s*(?=\||$)|[#*_`|\[\]]+|^>+|(?<=\n)\s*>+|(?<=\n)\s*[-+](?=\s)")


def _plain_gap(gap: str) -> str:
    return _MARKUP.sub(" ", gap) if gap.strip(" ,.;:()\"'") else gap


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
