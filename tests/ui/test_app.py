"""The app as a whole: first start on an empty library, remembered settings, About, and no network."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import QUrl
from ui_support import isolate_settings, open_window, settle

import briefing
from briefing.library.opening import open_store


def test_first_start_loads_the_sample_library(qtbot, store_path, tmp_path):
    from ui.app import prepare_store
    from ui.main_window import MainWindow

    assert prepare_store(str(store_path)) is True
    window = MainWindow(str(store_path), settings=isolate_settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.sample_loaded, timeout=20000):
        window.start(load_sample_library=True)
    qtbot.waitUntil(lambda: window.library.model.total > 20 and window.visits.list.count() > 0, timeout=10000)
    assert prepare_store(str(store_path)) is False
    settle(qtbot, window)


def test_geometry_and_recent_books_are_remembered(qtbot, sample_path, tmp_path):
    from ui_support import new_book

    from ui.main_window import MainWindow

    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    window.resize(window.minimumSizeHint().width(), 520)
    book_id = window.book_id
    window.close()
    again = MainWindow(str(sample_path), settings=isolate_settings(tmp_path))
    qtbot.addWidget(again)
    assert again.size().height() == 520
    assert [b["id"] for b in again.recent_books()] == [book_id]
    assert again.recent_menu.actions()[0].text().endswith("Baku briefing")
    again.show()
    again.start()
    qtbot.waitUntil(lambda: again.editor.book is not None and again.editor.book["id"] == book_id, timeout=5000)
    settle(qtbot, again)


def test_pages_and_standard_shortcuts(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    assert window.find_action.shortcut().toString() == "Ctrl+F"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"
    assert window.new_book_action.shortcut().toString() == "Ctrl+N"
    window.page_actions[1].trigger()
    assert window.stack.currentWidget() is window.visits
    qtbot.waitUntil(lambda: window.visits.current_event is not None, timeout=5000)
    window.visits._link(QUrl(f"person:{window.visits.current_event['people'][0]['id']}"))
    qtbot.waitUntil(lambda: window.people.person is not None, timeout=5000)
    assert window.stack.currentWidget() is window.people
    window.find_in_library()
    assert window.stack.currentWidget() is window.library_split
    assert briefing.__version__
    settle(qtbot, window)


def test_the_app_opens_no_network_connection(qtbot, sample_path, tmp_path, monkeypatch):
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    window = open_window(qtbot, sample_path, tmp_path)
    window.library.view.setCurrentIndex(window.library.model.index(0, 0))
    qtbot.waitUntil(lambda: window.reader.doc_id is not None, timeout=5000)
    window.reader.browser.show_markdown('![x](http://example.com/x.png) <img src="https://example.com/y.png">')
    window.show_page("visits")
    qtbot.waitUntil(lambda: window.visits.current_event is not None, timeout=5000)
    settle(qtbot, window)
    assert attempts == []


@pytest.fixture(autouse=True)
def _no_leftover_store(sample_path):
    yield
    with open_store(sample_path):  # the app left the library in a usable state
        pass


def test_qt_binding_keeps_none_alive(qtbot):
    """PySide6 6.12.0 dropped a reference to None per call returning nothing: the app aborted within minutes."""
    import sys

    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(3000):
        label.setText("x")
    assert before - sys.getrefcount(None) < 100


def test_opening_the_library_returns_its_answer_and_raises_its_error(qtbot, store_path):
    from ui.app import prepare_store, while_showing_progress

    assert while_showing_progress(lambda: prepare_store(str(store_path))) is True
    with pytest.raises(ZeroDivisionError):
        while_showing_progress(lambda: 1 / 0)


def test_a_slow_opening_shows_a_busy_dialog_while_the_app_stays_responsive(qtbot):
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui.app import while_showing_progress

    seen: list[list[str]] = []

    def look() -> None:
        seen.append(
            [w.labelText() for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
        )

    QTimer.singleShot(100, look)  # a moment in: nothing shown yet
    QTimer.singleShot(700, look)  # the event loop runs while the work does
    assert while_showing_progress(lambda: time.sleep(1.2) or "done") == "done"
    assert seen[0] == [] and "search index" in seen[1][0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]
