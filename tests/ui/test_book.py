"""The book editor: a book from a template, documents added, items reordered by drag and drop, undo, autosave."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtTest import QAbstractItemModelTester
from ui_support import new_book, open_window, settle

from briefing.book.books import get_book
from briefing.library.opening import open_store
from ui.book_editor.model import NODE_MIME, Role
from ui.library.document_model import mime_for_documents


def stored(path, book_id):
    with open_store(path) as s:
        return get_book(s, book_id)


def section_named(book, title):
    return next(s for s in book["sections"] if s["title"] == title)


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


def notes_in(book, section_title):
    return [i for i in section_named(book, section_title)["items"] if i["kind"] == "note"]


def item_by_id(book, section_title, item_id):
    return next((i for i in section_named(book, section_title)["items"] if i["id"] == item_id), {})


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
    qtbot.waitUntil(lambda: item_by_id(editor.book, "Programme", note_id).get("body")
                    == "Arrival at Heydar Aliyev airport, 10:00", timeout=5000)
    settle(qtbot, window)
    saved = item_by_id(stored(sample_path, editor.book["id"]), "Programme", note_id)
    assert saved["kind"] == "note" and saved["body"].startswith("Arrival")
    assert "Arrival" in editor.item_form.body.preview.toPlainText()

    editor.tree.setCurrentIndex(editor.model.index_of("item", note_id))
    editor.delete_current(confirm=False)
    qtbot.waitUntil(lambda: not notes_in(editor.book, "Programme"), timeout=5000)
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: len(notes_in(editor.book, "Programme")) == 1, timeout=5000)
    assert notes_in(editor.book, "Programme")[0]["body"].startswith("Arrival")
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


def first_item(book, section_title):
    return (section_named(book, section_title)["items"] or [{}])[0]


def test_note_is_saved_while_typing_steadily(qtbot, sample_path, tmp_path):
    """A pause of the autosave is never reached by steady typing: a maximum wait saves anyway."""
    import time

    from ui.book_editor import forms as book_forms

    AUTOSAVE_PAUSE_MS = book_forms.AUTOSAVE_PAUSE_MS
    AUTOSAVE_MAX_WAIT_MS = getattr(book_forms, "AUTOSAVE_MAX_WAIT_MS", 3000)  # "about 3 s"

    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    programme = section_named(editor.book, "Programme")
    editor.tree.setCurrentIndex(editor.model.index_of("section", programme["id"]))
    editor.add_note()
    qtbot.waitUntil(lambda: editor.current_node() is not None and editor.current_node().kind == "item", timeout=5000)
    note_id = editor.current_node().id
    form = editor.item_form
    form.body.edit.setFocus()
    saves = []
    form.changed.connect(lambda ident, old, new: saves.append((time.monotonic(), new["body"])))
    text = "Talking points on the Middle Corridor"
    gap = AUTOSAVE_PAUSE_MS // 3  # always typing faster than the pause
    began = time.monotonic()
    for ch in text:
        qtbot.keyClick(form.body.edit, ch)
        qtbot.wait(gap)
        if time.monotonic() - began > (AUTOSAVE_MAX_WAIT_MS + 1500) / 1000:
            break
    typed = form.body.text()
    assert saves, "nothing was saved during steady typing"
    first_at, first_text = saves[0]
    assert first_at - began < (AUTOSAVE_MAX_WAIT_MS + 1000) / 1000
    assert first_text and typed.startswith(first_text) and len(first_text) < len(text)
    # the save redraws the book; what is being typed stays on screen
    assert form.body.text() == typed
    qtbot.waitUntil(lambda: item_by_id(editor.book, "Programme", note_id).get("body") == typed, timeout=5000)
    settle(qtbot, window)
    assert item_by_id(stored(sample_path, editor.book["id"]), "Programme", note_id)["body"] == typed


def test_excerpt_and_block_options_save_without_a_click(qtbot, sample_path, tmp_path):
    from PySide6.QtGui import QTextCursor

    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    form = editor.item_form
    background = section_named(editor.book, "Background documents")
    editor.tree.setCurrentIndex(editor.model.index_of("section", background["id"]))
    doc_id = window.library.model.result_at(0).id
    editor.add_excerpt(doc_id, "The first passage")
    qtbot.waitUntil(lambda: first_item(editor.book, "Background documents").get("kind") == "excerpt", timeout=5000)
    excerpt = first_item(editor.book, "Background documents")
    editor.tree.setCurrentIndex(editor.model.index_of("item", excerpt["id"]))
    assert form.excerpt.toPlainText() == "The first passage"

    # the passage typed is saved after a pause, with no Save button pressed
    form.excerpt.setFocus()
    form.excerpt.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(form.excerpt, ", and more")
    qtbot.waitUntil(lambda: first_item(editor.book, "Background documents").get("excerpt")
                    == "The first passage, and more", timeout=5000)
    assert form.excerpt.toPlainText() == "The first passage, and more"
    settle(qtbot, window)
    assert first_item(stored(sample_path, editor.book["id"]), "Background documents")["excerpt"] \
        == "The first passage, and more"
    # and undone in one step, the field showing it
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: first_item(editor.book, "Background documents").get("excerpt") == "The first passage",
                    timeout=5000)
    qtbot.waitUntil(lambda: form.excerpt.toPlainText() == "The first passage", timeout=5000)
    settle(qtbot, window)

    # a block's options, in a form: applied after a pause when valid, undone in one step
    visits = first_item(editor.book, "Chronology")
    assert visits["kind"] == "block"
    editor.tree.setCurrentIndex(editor.model.index_of("item", visits["id"]))
    limit = form.block.fields["limit"]
    assert limit.value() == 0 and limit.text() == "No limit"
    limit.setValue(5)
    qtbot.waitUntil(lambda: first_item(editor.book, "Chronology")["block"].get("limit") == 5, timeout=5000)
    assert not form.block_error.text()
    assert first_item(editor.book, "Chronology")["block"]["before"] == "book"
    settle(qtbot, window)
    assert first_item(stored(sample_path, editor.book["id"]), "Chronology")["block"]["limit"] == 5
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: "limit" not in first_item(editor.book, "Chronology")["block"], timeout=5000)
    qtbot.waitUntil(lambda: form.block.fields["limit"].value() == 0, timeout=5000)
    settle(qtbot, window)


def test_typed_passage_is_saved_on_leaving_the_item(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    form = editor.item_form
    background = section_named(editor.book, "Background documents")
    editor.tree.setCurrentIndex(editor.model.index_of("section", background["id"]))
    editor.add_excerpt(window.library.model.result_at(0).id, "")
    qtbot.waitUntil(lambda: first_item(editor.book, "Background documents").get("kind") == "excerpt", timeout=5000)
    excerpt = first_item(editor.book, "Background documents")
    editor.tree.setCurrentIndex(editor.model.index_of("item", excerpt["id"]))
    form.excerpt.setFocus()
    qtbot.keyClicks(form.excerpt, "Quoted at once")
    editor.tree.setCurrentIndex(editor.model.index_of("section", background["id"]))  # before the pause is over
    qtbot.waitUntil(lambda: first_item(editor.book, "Background documents").get("excerpt") == "Quoted at once",
                    timeout=5000)
    settle(qtbot, window)


def test_visit_is_not_clipped(qtbot):
    from PySide6.QtWidgets import QScrollArea

    from ui.book_editor.forms import BookForm

    for title in ("State visit of President Tokayev to Azerbaijan",
                  "State visit of the President of the Republic of Kazakhstan to Azerbaijan, with the business forum"):
        for width in (900, 620, 380):
            form = BookForm()
            scroll = QScrollArea(widgetResizable=True)
            scroll.setWidget(form)
            qtbot.addWidget(scroll)
            scroll.resize(width, 600)
            scroll.show()
            form.show_book({"title": "Baku briefing", "template": "state-visit",
                            "event": {"title": title, "start_date": "2024-03-12"}})
            qtbot.wait(20)
            visit = form.visit
            assert visit.height() >= visit.heightForWidth(visit.width()), (title, width)
            assert visit.width() > visit.fontMetrics().horizontalAdvance("State visit of President")
