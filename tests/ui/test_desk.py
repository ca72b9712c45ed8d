"""The daily desk: Help's guide and shortcuts, View ▸ Theme, File ▸ Open last export, Ctrl+Enter in dialogs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from ui_support import new_book, open_window, settle

from ui.common import theme


def menu_action(window, menu_title: str, text: str):
    for top in window.menuBar().actions():
        if top.text().replace("&", "") == menu_title:
            for action in top.menu().actions():
                if action.text().replace("&", "") == text:
                    return action
    raise KeyError((menu_title, text))


def test_the_user_guide_opens_offline_from_the_help_menu(qtbot, sample_path, tmp_path):
    from ui.common.help import guide_path

    window = open_window(qtbot, sample_path, tmp_path)
    assert guide_path() is not None and guide_path().name == "user-guide.md"
    menu_action(window, "Help", "User guide").trigger()
    qtbot.waitUntil(lambda: bool(window.help.windows), timeout=5000)
    guide = window.help.windows[-1]
    text = guide.view.toPlainText()
    assert "Import documents" in text and "![" not in text
    guide.find.setText("Export PDF")
    assert guide.find_next()
    assert guide.height() <= guide.screen().availableGeometry().height()
    guide.close()
    settle(qtbot, window)


def test_the_shortcuts_list_is_made_from_the_actions(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    menu_action(window, "Help", "Keyboard shortcuts").trigger()
    qtbot.waitUntil(lambda: bool(window.help.windows), timeout=5000)
    table = window.help.windows[-1].table
    rows = {(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())}
    assert ("Import documents", "Ctrl+I") in rows and ("Export PDF", "Ctrl+E") in rows
    assert ("Print", window.print_action.shortcut().toString()) in rows
    assert any(what == "Move up" for what, _ in rows)  # the book's own keys, outside the menus
    wheres = {table.item(r, 2).text() for r in range(table.rowCount())}
    assert "File" in wheres
    window.help.windows[-1].close()
    settle(qtbot, window)


def test_view_theme_switches_and_is_remembered(qtbot, sample_path, tmp_path, qapp):
    window = open_window(qtbot, sample_path, tmp_path)
    palette, sheet = qapp.palette(), qapp.styleSheet()
    try:
        menu_action(window, "View", "Theme")  # the submenu is there
        view_theme = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"
                          for a in a.menu().actions() if a.menu() is not None and "Theme" in a.text())
        dark = next(a for a in view_theme.actions() if a.data() == "dark")
        dark.trigger()
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128 and theme.is_dark()
        assert window.settings.value(theme.THEME_KEY) == "dark"
        light = next(a for a in view_theme.actions() if a.data() == "light")
        light.trigger()
        assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128 and not theme.is_dark()
        assert window.settings.value(theme.THEME_KEY) == "light"
    finally:
        theme.watcher().choose("system")
        # restyled while the window is whole: restyling the application while a closed window's
        # widgets are being torn down crashed Qt
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
        theme.icon.cache_clear()
        settle(qtbot, window)
        window.close()
        qtbot.wait(50)


def test_open_last_export_shows_it_without_exporting_again(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    action = menu_action(window, "File", "Open last export")
    assert not action.isEnabled()
    new_book(qtbot, window, sample_path)
    assert action.isEnabled()
    action.trigger()  # nothing exported yet: said in the status bar, nothing opened
    assert not window.previews and "not been exported" in window.statusBar().currentMessage()
    target = tmp_path / "baku.pdf"
    job = window.start_export({"path": str(target), "paper": "a4", "profile": "full", "watermark": None})
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    qtbot.waitUntil(lambda: bool(window.previews), timeout=5000)
    for preview in list(window.previews):
        preview.close()
    qtbot.waitUntil(lambda: not window.previews, timeout=5000)
    exports = []
    window.runner.changed.connect(lambda *_: exports.append(True))
    action.trigger()
    assert len(window.previews) == 1 and window.previews[0].path == target
    assert window.exports.export_job is job  # no new export started
    window.previews[0].close()
    settle(qtbot, window)


def test_ctrl_enter_saves_the_export_dialog(qtbot, tmp_path):
    from ui.export.export_dialog import ExportDialog

    dialog = ExportDialog({"title": "Baku briefing", "paper": "a4"}, str(tmp_path / "out"))
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.watermark.setFocus()
    qtbot.keyClicks(dialog.watermark, "DRAFT")
    qtbot.keyClick(dialog.watermark, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.choices()["watermark"] == "DRAFT"


def test_ctrl_enter_saves_the_new_book_dialog(qtbot):
    from ui.book_editor.new_book_dialog import NewBookDialog

    dialog = NewBookDialog([], [])
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.title.setText("Baku briefing")
    dialog.title.setFocus()
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
