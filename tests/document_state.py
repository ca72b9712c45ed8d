"""The library as the tests of corrections compare it: every row a delete, merge or edit of documents may touch."""

from __future__ import annotations

from briefing.library.store import Store

TABLES = ("documents", "document_parties", "document_speakers", "event_documents", "annotations", "book_items",
          "figures", "books")


def library_state(store: Store) -> dict[str, list[dict]]:
    """The rows of every table an operation on documents touches, the search index's included, in a stable order."""
    state = {table: store.rows(f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}
    # a document's tags are indexed in the order they were given
    state["document_tags"] = store.rows("SELECT * FROM document_tags ORDER BY document_id, rowid")
    state["search_index"] = store.rows("SELECT rowid, * FROM search_index ORDER BY rowid")
    # the marks keep no copy of their text: their vocabulary lists each mark with its document
    store.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.marks_listed USING fts5vocab(main, search_marks, instance)")
    state["search_marks"] = store.rows("SELECT term, doc FROM temp.marks_listed ORDER BY doc, term")
    return state
