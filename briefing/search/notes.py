"""The user's own words found by a query: highlight notes (by document) and a book's note items.

The notes are indexed as documents are (``briefing.library.note_index``), so
the query's FTS5 expression matches them unchanged, in any script: a note
written "Токаев said first time" is found by ``tokayev first time``. Notes
are few beside documents, so every match is read and ranked by FTS5's bm25.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass

from briefing.library.note_index import ANNOTATION_NOTES, BOOK_NOTES, NOTE_KIND
from briefing.library.store import Store
from briefing.search.filters import Filters, filter_sql
from briefing.search.query import Term
from briefing.search.ranking import BookNoteResult
from briefing.search.snippets import make_snippet

# a note's snippet: notes are short, most are shown whole
NOTE_SNIPPET_WORDS = 24
NOTE_BM25 = "bm25({table}, 1.0, 1.0)"


@dataclass(frozen=True)
class NoteHit:
    """The best-matching note on one document: the annotation, its bm25 (negative, lower is better), its text."""

    annotation_id: int
    score: float
    note: str


def document_note_hits(store: Store, expressions: list[str], filters: Filters | None = None) -> list[tuple[int, NoteHit]]:
    """The documents whose notes match, best note first: (document id, its best note), one per document.

    ``expressions``: the query's FTS5 expression, then its fallback; the first
    that FTS5 accepts is used. Documents are those the filters leave.
    """
    rows = _matching(
        store,
        expressions,
        f"SELECT n.rowid, {NOTE_BM25.format(table=ANNOTATION_NOTES)} AS s, a.document_id, a.note "
        f"FROM {ANNOTATION_NOTES} n JOIN annotations a ON a.id = n.rowid "
        f"WHERE {ANNOTATION_NOTES} MATCH ? ORDER BY s, n.rowid",
    )
    best: dict[int, NoteHit] = {}
    for annotation_id, score, doc_id, note in rows:
        best.setdefault(doc_id, NoteHit(annotation_id, score, note))
    if filters is not None and filters.any() and best:
        best = {doc_id: hit for doc_id, hit in best.items() if doc_id in _passing(store, filters, list(best))}
    return list(best.items())


def book_note_results(store: Store, expressions: list[str], terms: list[Term]) -> list[BookNoteResult]:
    """The note items of books that match, best first, each with its book and a snippet."""
    rows = _matching(
        store,
        expressions,
        f"SELECT n.rowid, {NOTE_BM25.format(table=BOOK_NOTES)} AS s, i.title, i.body, b.id, b.title "
        f"FROM {BOOK_NOTES} n JOIN book_items i ON i.id = n.rowid "
        "JOIN book_sections sec ON sec.id = i.section_id JOIN books b ON b.id = sec.book_id "
        f"WHERE {BOOK_NOTES} MATCH ? AND i.kind = '{NOTE_KIND}' ORDER BY s, n.rowid",
    )
    return [
        BookNoteResult(item_id, book_id, book_title, title or _first_line(body), note_snippet(body or title or "", terms),
                       -score)
        for item_id, score, title, body, book_id, book_title in rows
    ]


def note_snippet(note: str, terms: list[Term]) -> str:
    """The note around its matches, marked <b>…</b> and escaped like a document's snippet."""
    return make_snippet(note, terms, NOTE_SNIPPET_WORDS)


def text_matches(store: Store, expressions: list[str], ids: list[int]) -> set[int]:
    """Those of ``ids`` whose text matches the first of ``expressions`` that FTS5 accepts."""
    if len(ids) <= 200:
        # FTS5 seeks each rowid in the expression's lists: a few reads each
        sql, chunks = "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid = ?", [[i] for i in ids]
    else:
        sql = "SELECT rowid FROM search_index WHERE search_index MATCH ? AND rowid IN (SELECT value FROM json_each(?))"
        chunks = [[json.dumps(ids)]]
    for expression in expressions:
        if not expression:
            continue
        try:
            return {r[0] for chunk in chunks for r in store.execute(sql, [expression, *chunk])}
        except sqlite3.OperationalError:
            continue
    return set()


def _matching(store: Store, expressions: list[str], sql: str) -> list[tuple]:
    """The rows of ``sql`` for the first expression FTS5 accepts (none when it accepts none)."""
    for expression in expressions:
        if not expression:
            continue
        try:
            return store.execute(sql, [expression]).fetchall()
        except sqlite3.OperationalError:
            continue
    return []


def _passing(store: Store, filters: Filters, ids: list[int]) -> set[int]:
    where, params = filter_sql(store, filters)
    return {
        r[0]
        for r in store.execute(
            "SELECT d.id FROM documents d WHERE d.id IN (SELECT value FROM json_each(?)) AND " + " AND ".join(where),
            [json.dumps(ids), *params],
        )
    }


_MARKUP = re.compile(r"[*_`>#]+|^[-+] |^\d+[.)] ")


def _first_line(body: str | None) -> str:
    """A note item without a title is called by its first line (as the book calls it)."""
    for line in (body or "").splitlines():
        line = _MARKUP.sub("", line.strip()).strip()
        if line:
            return line if len(line) <= 60 else line[:57].rsplit(" ", 1)[0] + "…"
    return "Note"
