"""Helpers shared by the UI tests: a main window on a private copy of the sample library."""

from __future__ import annotations

from PySide6.QtCore import QSettings


def isolate_settings(tmp_path) -> QSettings:
    """Window geometry and recent books go to the test's own folder, never the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    return QSettings(str(tmp_path / "settings" / "briefing.ini"), QSettings.Format.IniFormat)


def open_window(qtbot, store_path, tmp_path):
    from ui.main_window import MainWindow

    window = MainWindow(str(store_path), settings=isolate_settings(tmp_path))
    qtbot.addWidget(window)
    window.show()
    window.start()
    qtbot.waitUntil(lambda: window.library.model.rowCount() > 0, timeout=10000)
    return window


def settle(qtbot, window, timeout: int = 10000) -> None:
    """Wait until every background operation has reported."""
    qtbot.waitUntil(window.runner.is_idle, timeout=timeout)


def new_book(qtbot, window, sample_path):
    """A book from the State visit template for the sample's first visit, open in the editor."""
    from briefing.library.events import list_events
    from briefing.library.opening import open_store

    with open_store(sample_path) as s:
        event = list_events(s)[0]
    window.create_book("Baku briefing", "state-visit", event["id"], "OFFICIAL USE ONLY")
    qtbot.waitUntil(lambda: window.editor.book is not None and window.editor.book["title"] == "Baku briefing",
                    timeout=5000)
    return window.editor
