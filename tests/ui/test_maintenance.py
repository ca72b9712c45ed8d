"""File ▸ Library maintenance: back up now, restore from a backup (refusing a non-store), check the library."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from ui_support import isolate_settings, new_book, open_window, settle

from briefing.book.books import list_books
from briefing.library.documents import delete_document
from briefing.library.opening import open_store
from briefing.safekeeping.backup import copy_store, validate_store_file
from briefing.safekeeping.check import check_store


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes answered without showing them: what each said, by kind."""
    said: dict[str, list[str]] = {"information": [], "warning": [], "question": []}

    def record(kind, answer=None):
        def box(_parent, _title, text, *args, **kwargs):
            said[kind].append(text)
            return answer

        return box

    monkeypatch.setattr(QMessageBox, "information", record("information"))
    monkeypatch.setattr(QMessageBox, "warning", record("warning"))
    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    return said


def choose_file(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_the_file_menu_has_library_maintenance_before_quit(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    file_menu = window.menuBar().actions()[0].menu()
    entries = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert entries.index("Library &maintenance") == entries.index("&Quit") - 1
    assert [a.text() for a in window.maintenance_menu.actions() if not a.isSeparator()] == [
        "&Back up now…", "&Restore from backup…", "&Check library"]
    settle(qtbot, window)


def test_back_up_now_writes_a_sound_copy_where_asked(qtbot, sample_path, tmp_path, monkeypatch, boxes):
    window = open_window(qtbot, sample_path, tmp_path)
    target = tmp_path / "copies" / "library-copy.sqlite"
    choose_file(monkeypatch, target)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"] or boxes["warning"]), timeout=15000)
    assert boxes["warning"] == [] and str(target) in boxes["information"][0]
    validate_store_file(target)
    with open_store(target) as copy, open_store(sample_path) as library:
        count = "SELECT count(*) FROM documents"
        assert copy.scalar(count) == library.scalar(count) > 0
    settle(qtbot, window)


def test_restore_replaces_the_library_and_redraws_it(qtbot, sample_path, tmp_path, monkeypatch, boxes):
    backup = tmp_path / "older.sqlite"
    copy_store(sample_path, backup)
    with open_store(backup) as older:
        ids = [r["id"] for r in older.rows("SELECT id FROM documents ORDER BY id LIMIT 3")]
        for doc_id in ids:
            delete_document(older, doc_id)
        expected = older.scalar("SELECT count(*) FROM documents")
    window = open_window(qtbot, sample_path, tmp_path)
    qtbot.waitUntil(lambda: window.library.model.total == expected + 3, timeout=10000)
    new_book(qtbot, window, sample_path)  # a book the backup does not have, open in the editor
    assert window.book_id is not None

    choose_file(monkeypatch, backup)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"] or boxes["warning"]), timeout=20000)
    assert boxes["warning"] == []
    assert len(boxes["question"]) == 1 and str(backup) in boxes["question"][0]  # asked before replacing
    assert "saved in" in boxes["information"][0]
    qtbot.waitUntil(lambda: window.library.model.total == expected, timeout=10000)  # the view reloaded
    assert window.book_id is None and window.editor.book is None and not window.export_action.isEnabled()
    settle(qtbot, window)
    with open_store(sample_path) as library:
        assert library.scalar("SELECT count(*) FROM documents") == expected
        assert [b["title"] for b in list_books(library)] == [b["title"] for b in list_books(open_store(backup))]


def test_restore_cancelled_at_the_question_changes_nothing(qtbot, sample_path, tmp_path, monkeypatch, boxes):
    backup = tmp_path / "older.sqlite"
    copy_store(sample_path, backup)
    with open_store(backup) as older:
        delete_document(older, older.scalar("SELECT min(id) FROM documents"))
    window = open_window(qtbot, sample_path, tmp_path)
    before = window.library.model.total
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    choose_file(monkeypatch, backup)
    window.restore_action.trigger()
    settle(qtbot, window)
    assert boxes["information"] == [] and boxes["warning"] == []
    with open_store(sample_path) as library:
        assert library.scalar("SELECT count(*) FROM documents") == before


def _text_file(path):
    path.write_text("meeting notes, not a library\n" * 50, encoding="utf-8")
    return "not a Briefing Book store"


def _other_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    return "no migrations table"


@pytest.mark.parametrize("make", [_text_file, _other_database])
def test_restore_refuses_a_file_that_is_not_a_store_with_the_core_message(qtbot, sample_path, tmp_path,
                                                                          monkeypatch, boxes, make):
    bad = tmp_path / "bad.sqlite"
    reason = make(bad)
    window = open_window(qtbot, sample_path, tmp_path)
    before = window.library.model.total
    choose_file(monkeypatch, bad)
    window.restore_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["warning"]), timeout=10000)
    assert reason in boxes["warning"][0] and str(bad) in boxes["warning"][0]
    assert boxes["question"] == []  # refused before asking anything
    settle(qtbot, window)
    with open_store(sample_path) as library:
        assert library.scalar("SELECT count(*) FROM documents") == before


def test_check_runs_off_the_ui_thread_and_reports_the_rebuilt_index(qtbot, sample_path, tmp_path, monkeypatch, boxes):
    import ui.maintenance.maintenance_menu

    with open_store(sample_path) as s:
        ids = [r["id"] for r in s.rows("SELECT id FROM documents ORDER BY id LIMIT 2")]
        s.execute("DELETE FROM search_index WHERE rowid = ?", [ids[0]])
        s.execute("UPDATE search_index SET body_fold = 'nothing' WHERE rowid = ?", [ids[1]])
        total = s.scalar("SELECT count(*) FROM documents")
    threads = []

    def checked(store, **kwargs):
        threads.append(threading.current_thread())
        return check_store(store, **kwargs)

    monkeypatch.setattr(ui.maintenance.maintenance_menu, "check_store", checked)
    window = open_window(qtbot, sample_path, tmp_path)
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"] or boxes["warning"]), timeout=20000)
    report = boxes["information"][0]
    assert "Search index: 1 documents missing from it" in report
    assert "Search index: 1 entries out of date" in report
    assert f"Search index: rebuilt for {total} documents; ok" in report and "Integrity: ok" in report
    assert threads and threads[0] is not threading.main_thread()
    settle(qtbot, window)
    with open_store(sample_path) as s:
        after = check_store(s, repair=False)
        assert not after.index_out_of_step


def test_check_of_a_sound_library_says_so(qtbot, sample_path, tmp_path, boxes):
    window = open_window(qtbot, sample_path, tmp_path)
    window.check_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"]), timeout=20000)
    assert "The library is sound" in boxes["information"][0] and "Search index: ok" in boxes["information"][0]
    settle(qtbot, window)


def test_back_up_of_an_encrypted_library_is_encrypted(qtbot, sample_path, tmp_path, monkeypatch, boxes):
    pytest.importorskip("sqlcipher3")
    from briefing.library.encryption import encrypt_store, is_encrypted
    from ui.main_window import MainWindow

    encrypt_store(sample_path, "s3cret phrase")
    window = MainWindow(str(sample_path), settings=isolate_settings(tmp_path), passphrase="s3cret phrase")
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.library.model.rowCount() > 0, timeout=10000)
    target = tmp_path / "copy.sqlite"
    choose_file(monkeypatch, target)
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: bool(boxes["information"] or boxes["warning"]), timeout=15000)
    assert boxes["warning"] == [] and "encrypted" in boxes["information"][0]
    assert is_encrypted(target)
    validate_store_file(target, "s3cret phrase")
    settle(qtbot, window)
