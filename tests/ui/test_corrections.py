"""The library is the user's to correct: details edited in the reader, delete (asking when used), merge
duplicates, re-analyse with a dry run first; each one step of Edit ▸ Undo on the library page."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox
from ui_support import open_window, settle

from briefing.library.annotations import add_annotation
from briefing.library.documents import add_document, get_document
from briefing.library.opening import open_store


def doc_exists(path, doc_id: int) -> bool:
    with open_store(path) as s:
        return bool(s.scalar("SELECT 1 FROM documents WHERE id = ?", [doc_id]))


def add_twins(path) -> tuple[int, int]:
    text = "The parties agreed to build the bridge across the river. Signed in Baku."
    with open_store(path) as s:
        first = add_document(s, {"title": "Bridge agreement", "kind": "agreement", "date": "2023-04-12", "text": text})
        second = add_document(s, {"title": "Bridge agreement (copy)", "kind": "agreement", "text": text + " "},
                              tags=["bridges"])
        add_annotation(s, second, "build the bridge", "Raise at lunch", "yellow")
    return first, second


def test_details_edited_in_the_reader_are_kept_and_undone(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    reader, library = window.reader, window.library
    qtbot.waitUntil(lambda: reader.doc_id is not None, timeout=5000)
    doc_id, old_title = reader.doc_id, reader.doc["title"]
    details = reader.details
    assert details.edits["title"].text() == old_title
    assert not details.save_button.isEnabled()
    details.edits["title"].setText("Corrected title")
    details.edits["title"].textEdited.emit("Corrected title")
    details.edits["tags"].setText("energy; bridges")
    details.edits["tags"].textEdited.emit("energy; bridges")
    assert details.save_button.isEnabled()
    with qtbot.waitSignal(reader.details_edited, timeout=2000) as saved:
        details.save_button.click()
    assert saved.args[1] == {"title": "Corrected title"} and saved.args[3] == ["energy", "bridges"]
    qtbot.waitUntil(lambda: reader.doc and reader.doc["title"] == "Corrected title", timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        doc = get_document(s, doc_id)
    assert doc["title"] == "Corrected title" and "title" in doc["user_fields"] and doc["tags"] == ["bridges", "energy"] \
        or sorted(doc["tags"]) == ["bridges", "energy"]
    assert reader.title.text() == "Corrected title"
    assert details.labels["title"].font().bold()  # a field the user set says so
    assert not details.labels["place"].font().bold()

    assert window.undo_action.isEnabled() and "Edit document details" in window.undo_action.text()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: reader.doc and reader.doc["title"] == old_title, timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert "title" not in get_document(s, doc_id)["user_fields"]
    assert library is window.library


def test_delete_asks_when_used_and_undo_puts_it_back(qtbot, sample_path, tmp_path, monkeypatch):
    first, second = add_twins(sample_path)
    window = open_window(qtbot, sample_path, tmp_path)
    corrections = window.library.corrections
    asked = []

    def answer(box):
        asked.append(box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: next(b for b in box.buttons() if b.text() == "Delete"))
    window.open_document(second)
    qtbot.waitUntil(lambda: window.reader.doc_id == second, timeout=5000)
    corrections.delete([second])
    qtbot.waitUntil(lambda: not doc_exists(sample_path, second), timeout=5000)
    assert asked and "holds 1 annotation" in asked[0] and "Bridge agreement (copy)" in asked[0]
    settle(qtbot, window)
    assert window.reader.doc_id is None and "deleted" in window.reader.meta.text()

    asked.clear()
    corrections.delete([first])  # used nowhere: deleted without a question, undo is there
    qtbot.waitUntil(lambda: not doc_exists(sample_path, first), timeout=5000)
    assert asked == []
    settle(qtbot, window)
    window.show_page("library")
    assert "Delete" in window.undo_action.text()
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: doc_exists(sample_path, first), timeout=5000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: doc_exists(sample_path, second), timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert s.scalar("SELECT count(*) FROM annotations WHERE document_id = ?", [second]) == 1


def test_merge_duplicates_keeps_the_one_chosen(qtbot, sample_path, tmp_path, monkeypatch):
    from ui.library.corrections import MergeDialog

    first, second = add_twins(sample_path)
    window = open_window(qtbot, sample_path, tmp_path)
    chosen = []

    def pick(dialog):
        chosen.extend(b.text() for b in dialog.group.buttons())
        dialog.group.button(first).setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MergeDialog, "exec", pick)
    window.library.corrections.merge([second, first])
    qtbot.waitUntil(lambda: not doc_exists(sample_path, second), timeout=5000)
    assert len(chosen) == 2 and any("Bridge agreement (copy)" in c for c in chosen)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        kept = get_document(s, first)
        assert kept["tags"] == ["bridges"]
        assert s.scalar("SELECT count(*) FROM annotations WHERE document_id = ?", [first]) == 1
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: doc_exists(sample_path, second), timeout=5000)
    settle(qtbot, window)


def test_reanalyse_shows_what_changes_then_applies(qtbot, sample_path, tmp_path, monkeypatch):
    from ui.library.corrections import ReanalysisDialog

    page = tmp_path / "statement.md"
    page.write_text("# Joint statement on the bridge\n\nBaku, 12 April 2023\n\n"
                    "The sides agreed to build the bridge across the river, and to open it in 2026.\n")
    with open_store(sample_path) as s:  # as an older importer stored it: no title, no date
        doc_id = add_document(s, {"title": "Untitled", "kind": "note", "source_path": str(page),
                                  "text": "Joint statement on the bridge. The sides agreed."})
    window = open_window(qtbot, sample_path, tmp_path)
    shown = []

    def look(dialog):
        shown.append(dialog.details.toPlainText())
        return QDialog.DialogCode.Accepted if dialog.apply_button.isEnabled() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReanalysisDialog, "exec", look)
    window.library.corrections.reanalyse([doc_id])
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    settle(qtbot, window)
    assert f"(document {doc_id})" in shown[0]
    with open_store(sample_path) as s:
        after = get_document(s, doc_id)
    assert "title: “Untitled” → “Joint statement on the bridge”" in shown[0]
    assert after["title"] == "Joint statement on the bridge"
    window.show_page("library")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: window.runner.is_idle(), timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert get_document(s, doc_id)["title"] == "Untitled"
