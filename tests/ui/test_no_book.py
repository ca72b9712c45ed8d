"""The Book page with no book open offers new, open and the recent books; an open book lists the library beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from ui_support import new_book, open_window, settle

from briefing.book.books import delete_book, list_books
from briefing.library.events import list_events
from briefing.library.opening import open_store
from briefing.search import Filters
from briefing.search.listing import list_page


def book_page(qtbot, window):
    window.show_page("book")
    editor = window.editor
    qtbot.waitUntil(lambda: editor.no_book.books.count() > 0 or editor.book is not None, timeout=5000)
    return editor


def rows(panel) -> list[str]:
    return [panel.books.item(r).text() for r in range(panel.books.count())]


def test_no_book_open_shows_new_open_and_the_books_and_not_the_empty_form(qtbot, sample_path, tmp_path, monkeypatch):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = book_page(qtbot, window)
    panel = editor.no_book
    assert editor.pages.currentWidget() is panel and not editor.workspace.isVisible()
    assert panel.new_button.isVisible() and panel.open_button.isVisible()
    # nothing opened yet in these settings: the library's own books are offered
    with open_store(sample_path) as s:
        titles = [b["title"] for b in list_books(s)]
    assert panel.caption.text() == "Books in this library"
    assert [r.split("  ·  ")[0] for r in rows(panel)] == titles[:8]

    # "New book…" is File ▸ New book
    asked = []
    monkeypatch.setattr(window.books, "new_book", lambda event_id=None: asked.append(event_id))
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert asked == [None]

    # "Open book…" is File ▸ Open book: the chosen book opens, and the editor takes the page's place
    monkeypatch.setattr(QInputDialog, "getItem", lambda parent, title, label, items, *rest: (items[0], True))
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.book is not None, timeout=5000)
    assert editor.book["title"] == titles[0]
    assert editor.pages.currentWidget() is editor.workspace and editor.tree.isEnabled()
    settle(qtbot, window)


def test_a_recent_book_opens_on_a_click_or_enter_and_a_deleted_one_is_not_offered(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    window.show_page("book")
    settle(qtbot, window)
    window.close_book()
    panel = editor.no_book
    assert editor.pages.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.caption.text() == "Recent books", timeout=5000)
    assert rows(panel)[0].startswith("Baku briefing")

    item = panel.books.item(0)
    qtbot.mouseClick(panel.books.viewport(), Qt.MouseButton.LeftButton, pos=panel.books.visualItemRect(item).center())
    qtbot.waitUntil(lambda: editor.book is not None and editor.book["title"] == "Baku briefing", timeout=5000)
    assert window.book_label.text() == "Book: Baku briefing"

    window.close_book()
    qtbot.waitUntil(lambda: rows(panel)[:1] and rows(panel)[0].startswith("Baku briefing"), timeout=5000)
    panel.books.setFocus()
    panel.books.setCurrentRow(0)
    qtbot.keyClick(panel.books, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor.book is not None and editor.book["title"] == "Baku briefing", timeout=5000)
    book_id = editor.book["id"]
    settle(qtbot, window)

    # removed from the library (by another window, say): not offered, and opening it says why, on the panel
    window.close_book()
    with open_store(sample_path) as s:
        delete_book(s, book_id)
    editor.no_book.refresh()
    qtbot.waitUntil(lambda: not any(r.startswith("Baku briefing") for r in rows(panel)), timeout=5000)
    window.open_book(book_id)
    qtbot.waitUntil(lambda: "could not be opened" in panel.message.text(), timeout=5000)
    assert editor.pages.currentWidget() is panel and editor.book_id is None
    settle(qtbot, window)


def test_the_library_beside_a_book_lists_documents_before_any_search(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    with open_store(sample_path) as s:
        event = list_events(s)[0]
        visit_ids = {r.id for r in list_page(s, "", Filters(visit=str(event["id"])), limit=1000).results}
        everything = list_page(s, "", limit=1000)
    assert 0 < len(visit_ids) < everything.total

    # a book for a visit: that visit's documents, with the box that says so ticked
    editor = new_book(qtbot, window, sample_path)
    library = editor.library
    qtbot.waitUntil(lambda: library.model.total == len(visit_ids) and not library.model.is_loading(), timeout=5000)
    assert editor.visit_only.isChecked() and not editor.visit_only.isHidden()
    assert {library.model.result_at(r).id for r in range(library.model.rowCount())} == visit_ids
    assert library.search_field.text() == ""

    # untick: the whole library, newest first
    editor.visit_only.setChecked(False)
    qtbot.waitUntil(lambda: library.model.total == everything.total, timeout=5000)
    assert [library.model.result_at(r).id for r in range(5)] == [r.id for r in everything.results[:5]]

    # a book with no visit: the whole library at once, and no box to tick
    window.create_book("Notes for the minister", None, None, None)
    qtbot.waitUntil(lambda: editor.book is not None and editor.book["title"] == "Notes for the minister", timeout=5000)
    qtbot.waitUntil(lambda: library.model.total == everything.total and library.model.rowCount() > 0, timeout=5000)
    assert editor.visit_only.isHidden()
    settle(qtbot, window)
