"""Reading at the desk: the search's hits in the text, a search that opens nothing by itself, passages
with no book open, notes as they read, Ctrl+Enter, and an import a filter would hide."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from ui_support import open_window, settle

from ui.common.markdown_editor import NoteDialog


def open_first(qtbot, window) -> int:
    library, reader = window.library, window.reader
    qtbot.waitUntil(lambda: reader.doc_id is not None, timeout=5000)  # the newest, opened at start
    library.view.setCurrentIndex(library.model.index(0, 0))
    doc_id = library.model.result_at(0).id
    qtbot.waitUntil(lambda: reader.doc_id == doc_id, timeout=5000)
    return doc_id


def a_word(reader) -> str:
    longest = max(reader.browser.toPlainText().splitlines(), key=len)
    return max(longest.split(), key=len).strip(".,;:()«»“”\"'")


def test_typing_a_search_keeps_the_open_document(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    reader, library = window.reader, window.library
    doc_id = open_first(qtbot, window)
    library.view.setCurrentIndex(library.model.index(3, 0))
    other = library.model.result_at(3).id
    qtbot.waitUntil(lambda: reader.doc_id == other, timeout=5000)
    qtbot.keyClicks(library.search_field, "agreement")
    library.run_search()
    qtbot.waitUntil(lambda: not library.model.is_loading() and library.model.request.query == "agreement",
                    timeout=5000)
    settle(qtbot, window)
    assert library.model.total > 0 and doc_id
    assert reader.doc_id == other  # the top result is listed, not opened


def test_reader_marks_the_search_hits_with_next_and_previous(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    reader, library = window.reader, window.library
    open_first(qtbot, window)
    word = a_word(reader)
    library.search_field.setText(word)
    library.run_search()  # the window hands the query to the reader
    qtbot.waitUntil(lambda: bool(reader.hits), timeout=5000)
    assert reader.hit_bar.isVisibleTo(reader)
    assert len(reader.browser.extraSelections()) == len(reader.hits)
    start, end = reader.hits[0]
    assert reader.browser.toPlainText()[start:end].lower() == word.lower()[: end - start]
    assert reader.hit == 0 and "1 of" in reader.hit_label.text()
    assert reader.next_hit_action.shortcut().toString() == "F3"
    reader.next_hit_action.trigger()
    assert reader.hit == (1 % len(reader.hits))
    reader.previous_hit_action.trigger()
    reader.previous_hit_action.trigger()
    assert reader.hit == (len(reader.hits) - 1 if len(reader.hits) > 1 else 0)
    assert not reader.browser.textCursor().hasSelection()  # shown, not selected for highlighting
    library.search_field.clear()
    library.run_search()
    qtbot.waitUntil(lambda: not reader.hits, timeout=5000)
    assert not reader.hit_bar.isVisibleTo(reader)


def test_a_search_across_scripts_marks_the_other_script(qtbot):
    from ui.library.reader import ReaderView

    reader = ReaderView(None)
    qtbot.addWidget(reader)
    doc = {"id": 1, "title": "T", "kind": "note", "linked": {}, "tags": [], "parties": [], "user_fields": []}
    reader._show(1, doc, "Президент прибыл в Баку. Baku welcomed him.", [])
    reader.set_search("Baku")
    shown = [reader.browser.toPlainText()[s:e] for s, e in reader.hits]
    assert shown == ["Баку", "Baku"]


def test_passage_with_no_book_open_offers_one_for_the_visit(qtbot, sample_path, tmp_path, monkeypatch):
    from briefing.library.opening import open_store

    window = open_window(qtbot, sample_path, tmp_path)
    reader = window.reader
    with open_store(sample_path) as s:
        doc_id = s.scalar("SELECT document_id FROM event_documents ORDER BY document_id LIMIT 1")
    window.open_document(doc_id)
    qtbot.waitUntil(lambda: reader.doc_id == doc_id, timeout=5000)
    assert reader.excerpt_action.text() == "Add passage to the book"
    assert reader.highlights_to_book.text() == "Add highlights to the book"
    passage = " ".join(max(reader.browser.toPlainText().splitlines(), key=len).split()[:5])
    found = reader.browser.document().find(passage)
    reader.browser.setTextCursor(found)
    assert reader.excerpt_action.isEnabled()  # no book open: still offered, with a hint
    assert "No book is open" in reader.excerpt_action.toolTip()
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.informativeText()) or 0)
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda box: next(b for b in box.buttons() if b.text() == "Start a book"))
    with qtbot.waitSignal(reader.book_wanted, timeout=2000) as wanted:
        reader.excerpt_action.trigger()
    assert "Start a book for the visit" in asked[0]
    doc, event, text = wanted.args
    assert doc == doc_id and event["id"] and text == passage


def test_notes_list_reads_markdown_as_text(qtbot):
    from ui.library.reader import note_text

    shown = note_text({"exact": "the passage", "note": "**Raise** at the _dinner_\n\n- one", "span": (0, 1)})
    assert "Raise at the dinner" in shown and "**" not in shown and "_dinner_" not in shown


def test_ctrl_enter_saves_the_note(qtbot):
    dialog = NoteDialog("a passage", "", "yellow", ("yellow", "green"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.editor.edit, "Raise it")
    qtbot.keyClick(dialog.editor.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == NoteDialog.DialogCode.Accepted
    assert dialog.note() == "Raise it"


def test_an_import_hidden_by_a_filter_clears_it_and_says_so(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    library = window.library
    library.kind.setCurrentIndex(library.kind.findData("speech"))
    library.search_field.setText("zzzz")
    library.run_search()
    assert library.filtered()
    library.imported(SimpleNamespace(imported=[{"id": 1, "path": "a.txt"}, {"id": 2, "path": "b.txt"}]))
    assert not library.filtered()
    assert library.notice.isVisibleTo(library) and "2 imported documents" in library.notice.text()
    library.clear_filters()
    assert not library.notice.isVisibleTo(library)


def test_the_window_starts_a_book_for_the_visit_and_adds_the_passage(qtbot, sample_path, tmp_path):
    from briefing.library.opening import open_store

    window = open_window(qtbot, sample_path, tmp_path)
    with open_store(sample_path) as s:
        row = s.one("SELECT e.id, e.title, d.id AS doc FROM event_documents ed JOIN events e ON e.id = ed.event_id "
                    "JOIN documents d ON d.id = ed.document_id ORDER BY d.id LIMIT 1")
    window.reader.book_wanted.emit(row["doc"], {"id": row["id"], "title": row["title"]}, "the passage")
    qtbot.waitUntil(lambda: window.editor.book is not None, timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        book = s.one("SELECT id, event_id FROM books ORDER BY id DESC LIMIT 1")
        assert book["event_id"] == row["id"]
        qtbot.waitUntil(lambda: s.scalar("SELECT count(*) FROM book_items i JOIN book_sections x ON x.id = i.section_id "
                                         "WHERE x.book_id = ? AND i.excerpt = ?", [book["id"], "the passage"]) == 1,
                        timeout=5000)
    assert "Add the selected passage to" in window.reader.excerpt_action.toolTip()
