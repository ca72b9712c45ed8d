"""Import from the app: dropped files and folders, progress, and a summary naming each rejected file and why."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from ui_support import open_window, settle

TEXT = ("Joint communiqué on transport corridors\n\n"
        "Astana, 14 May 2024\n\n"
        "The two ministers of transport met in Astana and agreed to extend the Middle Corridor timetable "
        "for container trains across the Caspian Sea, with a joint working group reporting by autumn.\n")


def make_inbox(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "communique.txt").write_text(TEXT, encoding="utf-8")
    (inbox / "sub" / "note.md").write_text("# Note on ferry capacity\n\nThe ferry fleet on the Caspian grows by "
                                           "four vessels in 2025, the port authority said in a briefing.\n",
                                           encoding="utf-8")
    (inbox / "table.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    return inbox


def test_drop_a_folder_imports_and_lists_rejections(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    before = window.library.model.total
    inbox = make_inbox(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(inbox))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    job = window._import_job
    qtbot.waitUntil(lambda: job.report is not None, timeout=20000)
    report = job.report
    assert len(report.imported) == 2
    reasons = {r["path"].rsplit("/", 1)[-1]: r["reason"] for r in report.rejected}
    assert set(reasons) == {"table.xlsx", "empty.txt"}
    assert all(reasons.values())
    qtbot.waitUntil(lambda: window.library.model.total == before + 2 and not window.library.model.is_loading(),
                    timeout=5000)
    summary = job.summary_dialog
    assert summary is not None
    rows = {summary.tree.topLevelItem(i).child(j).text(0): summary.tree.topLevelItem(i).child(j).text(1)
            for i in range(summary.tree.topLevelItemCount())
            for j in range(summary.tree.topLevelItem(i).childCount())}
    assert rows["table.xlsx"] == reasons["table.xlsx"]
    summary.close()
    settle(qtbot, window)


def test_stopping_an_import_keeps_what_was_done(qtbot, sample_path, tmp_path):
    from ui.library.import_dialog import ImportJob

    window = open_window(qtbot, sample_path, tmp_path)
    inbox = make_inbox(tmp_path)
    job = ImportJob(window.runner, [str(inbox)], window, summary=False)
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=20000) as done:
        pass
    report = done.args[0]
    assert report.cancelled and not report.imported
    settle(qtbot, window)
