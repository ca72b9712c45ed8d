"""The search index of the user's own words: highlight notes and a book's note items.

Each note is indexed as documents are (see ``search_index``): its words
folded to Latin and marked (``_tokayev``), and as sound keys (``takav``), in an
FTS5 table of its own keyed by the row it belongs to:

* ``annotation_note_index``: rowid = the annotation's id, the note's text;
* ``book_note_index``: rowid = the book item's id, a ``note`` item's title and
  Markdown body.

The same query expression (``briefing.search.query``) therefore matches a
note exactly as it matches a document, in any script.

Keeping it in step: SQL triggers (migration 0012) delete a note's row when its
annotation or book item is deleted, by hand or by a cascade, and when its text
changes, so the index never holds words a note no longer has. Folding is
Python's, so the functions that write a note index it again in the same
transaction (``index_annotation_note``, ``index_book_note``); a writer that
copies rows wholesale (an undo, a bundle merge) calls ``index_missing_notes``.
"""

from __future__ import annotations

from briefing.library.fold import WORD_RE, fold, key_text
from briefing.library.search_index import marked_folds
from briefing.library.store import Store

ANNOTATION_NOTES = "annotation_note_index"
BOOK_NOTES = "book_note_index"
# a book item whose text is the user's own (the others quote documents or are generated)
NOTE_KIND = "note"


def note_columns(text: str) -> tuple[str, str]:
    """The two indexed columns of a note: its words folded and marked, and as sound keys."""
    return marked_folds([fold(w) for w in WORD_RE.findall(text)]), key_text(text)


def book_note_text(title: str | None, body: str | None) -> str:
    """What a book's note item is found by: its title and its body."""
    return "\n".join(part for part in (title, body) if part)


def _write(conn, table: str, row_id: int, text: str | None) -> bool:
    """Write a note's row anew; a note without a word has none. Returns whether a row was written."""
    conn.execute(f"DELETE FROM {table} WHERE rowid = ?", [row_id])
    if not (text and text.strip()):
        return False
    conn.execute(f"INSERT INTO {table} (rowid, note_fold, note_key) VALUES (?, ?, ?)", [row_id, *note_columns(text)])
    return True


def index_annotation_note(conn, annotation_id: int) -> bool:
    """Index an annotation's note as it is stored now (none: no row), inside the caller's transaction."""
    row = conn.execute("SELECT note FROM annotations WHERE id = ?", [annotation_id]).fetchone()
    return _write(conn, ANNOTATION_NOTES, annotation_id, row[0] if row else None)


def index_book_note(conn, item_id: int) -> bool:
    """Index a book item's note as it is stored now (an item of another kind has no row)."""
    row = conn.execute("SELECT kind, title, body FROM book_items WHERE id = ?", [item_id]).fetchone()
    text = book_note_text(row[1], row[2]) if row and row[0] == NOTE_KIND else None
    return _write(conn, BOOK_NOTES, item_id, text)


def index_missing_notes(conn) -> int:
    """Index every note that has no row yet (rows copied in by SQL); returns how many rows were written."""
    annotations = conn.execute(
        f"SELECT id FROM annotations WHERE note IS NOT NULL AND id NOT IN (SELECT rowid FROM {ANNOTATION_NOTES})"
    ).fetchall()
    items = conn.execute(
        f"SELECT id FROM book_items WHERE kind = ? AND id NOT IN (SELECT rowid FROM {BOOK_NOTES})", [NOTE_KIND]
    ).fetchall()
    written = sum(index_annotation_note(conn, annotation_id) for (annotation_id,) in annotations)
    return written + sum(index_book_note(conn, item_id) for (item_id,) in items)


def rebuild_note_index(store: Store) -> int:
    """Index every note anew, in one transaction; returns how many notes were indexed."""
    with store.atomic() as db:
        conn = db.conn
        conn.execute(f"DELETE FROM {ANNOTATION_NOTES}")
        conn.execute(f"DELETE FROM {BOOK_NOTES}")
        return index_missing_notes(conn)


def expected_note_rows(store: Store) -> dict[tuple[str, int], tuple[str, str]]:
    """Every note's index row as it should be: (table, rowid) -> its two columns."""
    expected = {}
    for row_id, note in store.execute("SELECT id, note FROM annotations WHERE note IS NOT NULL"):
        if note.strip():
            expected[(ANNOTATION_NOTES, row_id)] = note_columns(note)
    for row_id, title, body in store.execute("SELECT id, title, body FROM book_items WHERE kind = ?", [NOTE_KIND]):
        text = book_note_text(title, body)
        if text.strip():
            expected[(BOOK_NOTES, row_id)] = note_columns(text)
    return expected


def has_note_index(conn) -> bool:
    """Whether the library has its notes index (a library from before 0012, not yet migrated, has none)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [ANNOTATION_NOTES]).fetchone() is not None


def note_index_in_step(store: Store) -> bool:
    """Whether both tables hold exactly the rows ``expected_note_rows`` gives."""
    stored = {
        (table, row_id): (fold_column, key_column)
        for table in (ANNOTATION_NOTES, BOOK_NOTES)
        for row_id, fold_column, key_column in store.execute(f"SELECT rowid, note_fold, note_key FROM {table}")
    }
    return stored == expected_note_rows(store)
