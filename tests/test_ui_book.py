"""The book editor: a book from a template, documents added, items reordered by drag and drop, undo, autosave."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QAbstractItemModelTester
from ui_support import open_window, settle

from briefing.books import get_book
from briefing.events import list_events
from briefing.store import open_store
from ui.book_model import NODE_MIME, Role
from ui.document_model import mime_for_documents


def stored(path, book_id):
    with open_store(path) as s:
        return get_book(s, book_id)


def section_named(book, title):
    return next(s for s in book["sections"] if s["title"] == title)


def new_book(qtbot, window, sample_path):
    with open_store(sample_path) as s:
        event = list_events(s)[0]
    window.create_book("Baku briefing", "state-visit", event["id"], "OFFICIAL USE ONLY")
    qtbot.waitUntil(lambda: window.editor.book is not None and window.editor.book["title"] == "Baku briefing",
                    timeout=5000)
    return window.editor


def test_book_from_template_with_documents_reordered(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    QAbstractItemModelTester(editor.model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    book = editor.book
    assert [s["title"] for s in book["sections"]][:3] == ["Scenesetter", "Programme", "Objectives and talking points"]
    assert book["event"] is not None and window.book_label.text() == "Book: Baku briefing"

    # three documents dropped from the library on the Background section
    background = section_named(book, "Background documents")
    index = editor.model.index_of("section", background["id"])
    ids = [window.library.model.result_at(r).id for r in range(3)]
    mime = mime_for_documents(ids, ["a", "b", "c"])
    assert editor.model.dropMimeData(mime, Qt.DropAction.CopyAction, -1, 0, index) is False  # the store redraws
    qtbot.waitUntil(lambda: len(section_named(editor.book, "Background documents")["items"]) == 3, timeout=5000)
    settle(qtbot, window)
    items = section_named(stored(sample_path, book["id"]), "Background documents")["items"]
    assert [i["document_id"] for i in items] == ids

    # drag the first item below the third
    first = items[0]["id"]
    drag = QMimeData()
    drag.setData(NODE_MIME, json.dumps({"kind": "item", "id": first}).encode())
    index = editor.model.index_of("section", background["id"])
    editor.model.dropMimeData(drag, Qt.DropAction.MoveAction, 3, 0, index)
    qtbot.waitUntil(lambda: [i["document_id"] for i in section_named(editor.book, "Background documents")["items"]]
                    == [ids[1], ids[2], ids[0]], timeout=5000)

    # undo puts it back, redo moves it again
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: [i["document_id"] for i in section_named(editor.book, "Background documents")["items"]]
                    == ids, timeout=5000)
    editor.undo_stack.redo()
    qtbot.waitUntil(lambda: [i["document_id"] for i in section_named(editor.book, "Background documents")["items"]]
                    == [ids[1], ids[2], ids[0]], timeout=5000)

    # a section dragged to the top
    chronology = section_named(editor.book, "Chronology")
    drag = QMimeData()
    drag.setData(NODE_MIME, json.dumps({"kind": "section", "id": chronology["id"]}).encode())
    editor.model.dropMimeData(drag, Qt.DropAction.MoveAction, 0, 0, editor.model.index(-1, 0))
    qtbot.waitUntil(lambda: editor.book["sections"][0]["title"] == "Chronology", timeout=5000)
    settle(qtbot, window)
    assert stored(sample_path, book["id"])["sections"][0]["title"] == "Chronology"


def test_note_autosaves_and_delete_undoes(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    programme = section_named(editor.book, "Programme")
    editor.tree.setCurrentIndex(editor.model.index_of("section", programme["id"]))
    editor.add_note()
    qtbot.waitUntil(lambda: editor.current_node() is not None and editor.current_node().kind == "item", timeout=5000)
    note_id = editor.current_node().id
    editor.item_form.body.edit.setFocus()
    qtbot.keyClicks(editor.item_form.body.edit, "Arrival at Heydar Aliyev airport, 10:00")
    qtbot.waitUntil(lambda: (section_named(editor.book, "Programme")["items"] or [{}])[0].get("body")
                    == "Arrival at Heydar Aliyev airport, 10:00", timeout=5000)
    settle(qtbot, window)
    saved = section_named(stored(sample_path, editor.book["id"]), "Programme")["items"]
    assert saved[0]["id"] == note_id and saved[0]["body"].startswith("Arrival")
    assert "Arrival" in editor.item_form.body.preview.toPlainText()

    editor.tree.setCurrentIndex(editor.model.index_of("item", note_id))
    editor.delete_current(confirm=False)
    qtbot.waitUntil(lambda: not section_named(editor.book, "Programme")["items"], timeout=5000)
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: len(section_named(editor.book, "Programme")["items"]) == 1, timeout=5000)
    assert section_named(editor.book, "Programme")["items"][0]["body"].startswith("Arrival")
    settle(qtbot, window)


def test_book_properties_are_undoable(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    form = editor.book_form
    editor.show_properties()
    form.edits["prepared_by"].setText("Second Secretary, Political Section")
    form.edits["prepared_by"].editingFinished.emit()
    qtbot.waitUntil(lambda: editor.book["prepared_by"] == "Second Secretary, Political Section", timeout=5000)
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: editor.book["prepared_by"] is None, timeout=5000)
    settle(qtbot, window)
    assert stored(sample_path, editor.book["id"])["prepared_by"] is None
    assert editor.model.index(0, 0).data(Role.KIND) == "section"
