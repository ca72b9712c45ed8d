"""An export that fails or cannot start: no progress dialog left behind, the choices kept, the folder made."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog
from ui_support import new_book, open_window, settle


def choices(path, **extra):
    return {"path": str(path), "paper": "a4", "profile": "full", "watermark": None, **extra}


def visible_progress_dialogs() -> list[str]:
    return [w.labelText() for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_failed_export_leaves_no_progress_dialog_behind(qtbot, sample_path, tmp_path, monkeypatch):
    """The error is read for a while (its own event loop runs): the progress dialog never comes back over it."""
    window = open_window(qtbot, sample_path, tmp_path)
    new_book(qtbot, window, sample_path)
    seen: list[tuple[str, list[str], str]] = []

    def warning(parent, title, text, *args, **kwargs):
        qtbot.wait(4600)  # the user reads the error; QProgressDialog's own 4 s timer would show it now
        seen.append((text, visible_progress_dialogs(), window.statusBar().currentMessage()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    target = tmp_path / "not-a-folder"
    target.write_text("a file where the export's folder should be")
    job = window.start_export(choices(target / "baku.pdf"))
    with qtbot.waitSignal(job.failed, timeout=30000):
        pass
    qtbot.waitUntil(lambda: bool(seen), timeout=10000)
    text, dialogs, status = seen[0]
    assert dialogs == [], f"a progress dialog was still shown over the error: {dialogs}"
    assert status != "Exporting…" and "not exported" in status.lower()
    qtbot.wait(200)
    assert visible_progress_dialogs() == []
    settle(qtbot, window)


def export_dialog(qtbot, folder):
    from ui.export.export_dialog import ExportDialog

    dialog = ExportDialog({"title": "Baku briefing", "paper": "a4"}, str(folder))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def press_export(dialog) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def test_export_to_a_missing_folder_makes_it(qtbot, tmp_path):
    """A fresh account may have no Documents folder: the folder suggested is made when Export is pressed."""
    folder = tmp_path / "home" / "Documents"
    dialog = export_dialog(qtbot, folder)
    dialog.watermark.setText("DRAFT")
    press_export(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert folder.is_dir() and dialog.choices()["path"] == str(folder / "Baku briefing.pdf")
    assert dialog.choices()["watermark"] == "DRAFT"


def test_export_to_a_place_that_cannot_be_written_keeps_the_dialog_and_says_why(qtbot, tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file, not a folder")
    dialog = export_dialog(qtbot, blocker / "2024")
    dialog.watermark.setText("DRAFT")
    dialog.profile.setCurrentIndex(dialog.profile.findData("working"))
    press_export(dialog)
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.error.isVisible() and "not a folder" in dialog.error.text()
    assert "Errno" not in dialog.error.text()
    assert dialog.choices()["watermark"] == "DRAFT" and dialog.choices()["profile"] == "working"
    # another place chosen: the export goes ahead with the same settings
    dialog.path.setText(str(tmp_path / "out" / "baku.pdf"))
    press_export(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted and (tmp_path / "out").is_dir()
    assert dialog.choices()["watermark"] == "DRAFT" and dialog.choices()["profile"] == "working"
