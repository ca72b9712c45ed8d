"""What a search reaches: the documents' text, the user's notes, or both (``search(..., within=...)``).

* ``text``: ``ranking.search`` as it is, every result ``matched: "text"``.
* ``notes``: the documents whose highlight notes match (``matched: "note"``,
  with the best note's annotation and snippet), best note first; and the
  books' note items that match, which are no documents: they come apart, in
  ``SearchPage.book_notes``.
* ``all``: both. The documents found by a note come first, the user's own
  words weighing more than any text (a document found by both says
  ``"both"``), then the documents found by their text alone, in ranking's
  order. ``total`` counts each document once.

A filter describes documents: with one, books' notes are left out. Paging
(``limit``, ``offset``) runs over the documents, and over the book notes
apart, with the same numbers. With no query there is nothing to find in
notes: ``all`` lists the documents as ``text`` does, ``notes`` finds nothing.
"""

from __future__ import annotations

from dataclasses import replace

from briefing.library.store import Store
from briefing.search.filters import Filters
from briefing.search.notes import NoteHit, book_note_results, document_note_hits, note_snippet, text_matches
from briefing.search.query import Term, parse_query
from briefing.search.ranking import SearchPage, SearchResult, results_of
from briefing.search.ranking import search as search_text

WITHIN = ("text", "notes", "all")


def search(
    store: Store,
    query: str = "",
    filters: Filters | None = None,
    *,
    limit: int = 20,
    offset: int = 0,
    within: str = "text",
) -> SearchPage:
    """Ranked documents for ``query`` in their text, in the user's notes, or both (see the module docstring)."""
    if within not in WITHIN:
        raise ValueError(f"unknown scope {within!r}; expected one of {', '.join(WITHIN)}")
    if within == "text":
        return search_text(store, query, filters, limit=limit, offset=offset)
    parsed = parse_query(query)
    if not parsed.expression:
        page = search_text(store, query, filters, limit=limit, offset=offset) if within == "all" else SearchPage(0, [])
        page.query, page.within = query, within
        return page
    expressions = [parsed.expression, parsed.plain]
    hits = document_note_hits(store, expressions, filters)
    book_notes = [] if filters is not None and filters.any() else book_note_results(store, expressions, parsed.terms)
    if within == "notes":
        chosen = hits[offset : offset + limit]
        page = SearchPage(len(hits), note_results(store, chosen, parsed.terms, both=set()), query)
    else:
        page = _with_text(store, query, filters, hits, expressions, parsed.terms, limit, offset)
    page.within = within
    page.book_notes, page.book_notes_total = book_notes[offset : offset + limit], len(book_notes)
    return page


def _with_text(
    store: Store, query: str, filters: Filters | None, hits: list[tuple[int, NoteHit]], expressions: list[str],
    terms: list[Term], limit: int, offset: int,
) -> SearchPage:
    """Documents found by a note first, then those found by their text alone (see the module docstring)."""
    if not hits:
        return search_text(store, query, filters, limit=limit, offset=offset)
    both = text_matches(store, expressions, [doc_id for doc_id, _ in hits])
    results = note_results(store, hits[offset : offset + limit], terms, both)
    first, last = max(0, offset - len(hits)), offset + limit - len(hits)
    if last <= 0:
        text = search_text(store, query, filters, limit=1, offset=0)  # for its count alone
    elif both:
        # the documents found by a note too are left out of the text's order: read past them
        text = search_text(store, query, filters, limit=last + len(both), offset=0)
        results += [r for r in text.results if r.id not in both][first:last]
    else:
        text = search_text(store, query, filters, limit=last - first, offset=first)
        results += text.results
    return SearchPage(len(hits) + text.total - len(both), results, query, fell_back=text.fell_back)


def note_results(
    store: Store, hits: list[tuple[int, NoteHit]], terms: list[Term], both: set[int]
) -> list[SearchResult]:
    """Documents found by a note, in the order given: the text's snippet, and the note's."""
    found = {r.id: r for r in results_of(store, [(doc_id, -hit.score) for doc_id, hit in hits], terms)}
    return [
        replace(
            found[doc_id],
            matched="both" if doc_id in both else "note",
            annotation_id=hit.annotation_id,
            note_snippet=note_snippet(hit.note, terms),
        )
        for doc_id, hit in hits
        if doc_id in found
    ]
