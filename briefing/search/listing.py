"""Read-only queries behind a browsable list of documents: sorted pages and filter choices.

``scope.search`` orders by relevance (or newest first with no query); a
library view also sorts by title, kind or date either way. ``list_page`` gives
one page in any of those orders with the same filters, totals and snippets.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from typing import Any

from briefing.library.fold import WORD_RE
from briefing.library.schema import DOCUMENT_KINDS
from briefing.library.store import Store
from briefing.search.filters import Filters, filter_sql
from briefing.search.notes import NoteHit, document_note_hits, note_snippet, text_matches
from briefing.search.query import parse_query
from briefing.search.ranking import SearchPage, SearchResult
from briefing.search.scope import search
from briefing.search.snippets import make_snippet

ORDERS = ("relevance", "date", "title", "kind")
_ORDER_SQL = {
    # order -> (ascending SQL, descending SQL); id breaks ties so pages never overlap
    "date": ("d.date IS NULL, d.date, d.id", "d.date IS NULL, d.date DESC, d.id DESC"),
    "title": ("d.title COLLATE NOCASE, d.id", "d.title COLLATE NOCASE DESC, d.id DESC"),
    "kind": ("d.kind, d.date DESC, d.id DESC", "d.kind DESC, d.date DESC, d.id DESC"),
}


def as_you_type(query: str) -> str:
    """The query a search box runs while the user is still typing: the last word as a prefix.

    "Tokay" finds Tokayev before the word is finished. A query ending in a
    space, a quote or an operator is taken as typed.
    """
    stripped = query.rstrip()
    if not stripped or stripped != query or stripped.endswith(('"', "*", ")")):
        return query
    last = stripped.split()[-1]
    if last.upper() in ("OR", "AND", "NOT") or stripped.count('"') % 2:
        return query
    words = WORD_RE.findall(last)
    if not words or len(words[-1]) < 2 or not last.endswith(words[-1]):
        return query
    return stripped + "*"


def list_page(
    store: Store,
    query: str = "",
    filters: Filters | None = None,
    *,
    order: str = "relevance",
    descending: bool = True,
    limit: int = 100,
    offset: int = 0,
    within: str = "text",
) -> SearchPage:
    """One page of matching documents in ``order`` (see ORDERS), with snippets marked <b>…</b>.

    Relevance with a query, and newest first without one, are ``search()``'s
    own. ``within`` is ``search()``'s too: in another order, a document found
    by a note is listed where the order puts it, and says so as there.
    """
    filters = filters or Filters()
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; expected one of {', '.join(ORDERS)}")
    parsed = parse_query(query)
    if order == "relevance" or (order == "date" and descending and not parsed.expression):
        return search(store, query, filters, limit=limit, offset=offset, within=within)
    where, params = filter_sql(store, filters)
    order_sql = _ORDER_SQL[order][1 if descending else 0]
    if not parsed.expression:
        page = _page(store, where, params, order_sql, limit, offset, query, [])
        if within == "notes":
            page.total, page.results = 0, []
        return page
    hits = dict(document_note_hits(store, [parsed.expression, parsed.plain], filters)) if within != "text" else {}
    noted = json.dumps(list(hits))
    for expression in (parsed.expression, parsed.plain):
        if not expression:
            continue
        text = "d.id IN (SELECT rowid FROM search_index WHERE search_index MATCH ?)"
        found = {"text": (text, [expression]),
                 "notes": ("d.id IN (SELECT value FROM json_each(?))", [noted]),
                 "all": (f"({text} OR d.id IN (SELECT value FROM json_each(?)))", [expression, noted])}[within]
        try:
            page = _page(store, [*where, found[0]], [*params, *found[1]], order_sql, limit, offset, query, parsed.terms)
        except sqlite3.OperationalError:
            continue  # the user's syntax did not parse: try the words alone
        page.fell_back = expression is not parsed.expression
        page.within = within
        if hits:
            _mark_notes(store, page, hits, [expression], parsed.terms)
        return page
    return SearchPage(0, [], query, fell_back=True, within=within)


def _mark_notes(store: Store, page: SearchPage, hits: dict[int, NoteHit], expressions: list[str], terms) -> None:
    """The page's documents found by a note say so, with the note's snippet (see ``scope.note_results``)."""
    noted = [r.id for r in page.results if r.id in hits]
    both = text_matches(store, expressions, noted) if noted else set()
    page.results = [
        replace(r, matched="both" if r.id in both else "note", annotation_id=hits[r.id].annotation_id,
                note_snippet=note_snippet(hits[r.id].note, terms)) if r.id in hits else r
        for r in page.results
    ]


def _page(store, where, params, order_sql, limit, offset, query, terms) -> SearchPage:
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = store.scalar(f"SELECT count(*) FROM documents d {clause}", params)
    # order the ids alone, then read the page's texts: sorting whole rows would carry every text through the sort
    ids = [r[0] for r in store.execute(
        f"SELECT d.id FROM documents d {clause} ORDER BY {order_sql} LIMIT ? OFFSET ?", [*params, limit, offset]
    )]
    found = {
        r["id"]: r
        for r in store.rows(
            "SELECT id, title, kind, date, summary, substr(text, 1, 20000) AS text FROM documents "
            f"WHERE id IN ({', '.join('?' for _ in ids)})",
            ids,
        )
    } if ids else {}
    rows = [found[i] for i in ids if i in found]
    results = []
    for r in rows:
        source = r["text"] if terms else (r["summary"] or r["text"][:400])
        snippet = make_snippet(source or "", terms)
        if terms and "<b>" not in snippet and r["summary"]:
            snippet = make_snippet(r["summary"], terms)
        results.append(SearchResult(r["id"], r["title"], r["kind"], r["date"], snippet, None))
    return SearchPage(total or 0, results, query)


def filter_choices(store: Store) -> dict[str, Any]:
    """What a filter bar offers: document kinds, tags, parties and visits that the library holds."""
    return {
        "kinds": list(DOCUMENT_KINDS),
        "tags": [r[0] for r in store.execute("SELECT name FROM tags ORDER BY name COLLATE NOCASE")],
        "parties": [
            r[0]
            for r in store.execute(
                "SELECT name FROM document_parties GROUP BY name ORDER BY count(*) DESC, name COLLATE NOCASE LIMIT 200"
            )
        ],
        "visits": store.rows("SELECT id, slug, title, start_date FROM events ORDER BY start_date DESC, id DESC"),
    }
