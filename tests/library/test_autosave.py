"""Autosave: every edit of an annotation or a book is committed when its call returns.

Nothing waits for a "save": after each operation no transaction is left open,
and another connection (another window, or the store after a crash) sees it.
"""

from __future__ import annotations

import sqlite3

from briefing.book.books import create_book, update_book
from briefing.book.items import add_item, delete_item, move_item, update_item
from briefing.book.sections import add_section, rename_section
from briefing.library.annotations import add_annotation, delete_annotation, update_annotation
from briefing.library.documents import add_document
from briefing.library.opening import open_store


def test_each_edit_is_durable_when_the_call_returns(store_path):
    store = open_store(store_path)
    other = sqlite3.connect(store_path)  # what another window, or a reopened store after a kill, sees

    def seen(sql: str, params=()) -> object:
        assert not store.db.conn.in_transaction, "an edit left its transaction open"
        return other.execute(sql, params).fetchone()[0]

    doc = add_document(store, {"title": "Joint declaration", "text": "The sides agreed to expand transit via the Caspian."})
    ann = add_annotation(store, doc, "expand transit", note="first thought")
    assert seen("SELECT note FROM annotations WHERE id = ?", [ann]) == "first thought"
    update_annotation(store, ann, note="second thought", color="green")
    assert seen("SELECT note || ' ' || color FROM annotations WHERE id = ?", [ann]) == "second thought green"

    book = create_book(store, "Visit to Baku")
    assert seen("SELECT title FROM books WHERE id = ?", [book]) == "Visit to Baku"
    update_book(store, book, title="State visit to Baku")
    assert seen("SELECT title FROM books WHERE id = ?", [book]) == "State visit to Baku"
    section = add_section(store, book, "Talking points")
    other_section = add_section(store, book, "Background")
    rename_section(store, section, "Talking points (final)")
    assert seen("SELECT title FROM book_sections WHERE id = ?", [section]) == "Talking points (final)"
    item = add_item(store, section, "note", title="Transit", body="Raise the ferry tariffs.")
    update_item(store, item, body="Raise the ferry tariffs and the port fees.")
    assert seen("SELECT body FROM book_items WHERE id = ?", [item]) == "Raise the ferry tariffs and the port fees."
    move_item(store, item, other_section)
    assert seen("SELECT section_id FROM book_items WHERE id = ?", [item]) == other_section
    delete_item(store, item)
    assert seen("SELECT count(*) FROM book_items WHERE id = ?", [item]) == 0
    delete_annotation(store, ann)
    assert seen("SELECT count(*) FROM annotations WHERE id = ?", [ann]) == 0
    other.close()
    store.close()
