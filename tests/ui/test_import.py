"""Import from the app: dropped files and folders, progress, and a summary naming each rejected file and why."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QPushButton
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


# ------------------------------------------------------------- OCR progress, what cannot be read here, a stopped import

MISSING = ("HTML files cannot be imported: the module lxml_html_clean is missing "
           "(install it with: pip install lxml_html_clean)")


def fake_import(monkeypatch, run):
    """The core's import_paths replaced by ``run(paths, page_progress, should_cancel) -> ImportReport``."""
    import briefing.importing
    from briefing.importing import ImportReport

    calls = []

    def import_paths(store, paths, *, progress=None, should_cancel=None, page_progress=None, **_):
        calls.append(threading.current_thread())
        report = ImportReport()
        run(report, [str(p) for p in paths], page_progress, should_cancel)
        return report

    monkeypatch.setattr(briefing.importing, "import_paths", import_paths)
    return calls


def test_a_scan_read_with_ocr_shows_its_pages_off_the_ui_thread(qtbot, sample_path, tmp_path, monkeypatch):
    from ui.library.import_dialog import ImportJob

    window = open_window(qtbot, sample_path, tmp_path)
    seen_page_2, go_on = threading.Event(), threading.Event()

    def run(report, paths, page_progress, should_cancel):
        for page in (1, 2, 3):
            page_progress(Path(tmp_path / "scan.pdf"), page, 12)
            if page == 2:
                seen_page_2.set()
                go_on.wait(10)
        report.imported.append({"path": str(tmp_path / "scan.pdf"), "id": 1, "title": "Scan"})

    calls = fake_import(monkeypatch, run)
    job = ImportJob(window.runner, [str(tmp_path / "scan.pdf")], window)
    pages = []
    job.page_read.connect(lambda path, page, total: pages.append((Path(path).name, page, total)))
    qtbot.waitUntil(lambda: "Reading page 2 of 12 of scan.pdf with OCR…" in job.dialog.labelText(), timeout=5000)
    qtbot.waitUntil(job.dialog.isVisible, timeout=5000)  # shown while the page is read, not after
    go_on.set()
    qtbot.waitUntil(lambda: job.report is not None, timeout=5000)
    assert pages == [("scan.pdf", 1, 12), ("scan.pdf", 2, 12), ("scan.pdf", 3, 12)]
    assert calls and calls[0] is not threading.main_thread()
    settle(qtbot, window)


def test_stop_during_ocr_says_it_stops_and_shows_no_later_page(qtbot, sample_path, tmp_path, monkeypatch):
    from ui.library.import_dialog import ImportJob

    window = open_window(qtbot, sample_path, tmp_path)
    go_on = threading.Event()

    def run(report, paths, page_progress, should_cancel):
        page_progress(Path("scan.pdf"), 1, 12)
        go_on.wait(10)
        page_progress(Path("scan.pdf"), 2, 12)  # the file is finished; the import stops after it
        report.cancelled = should_cancel()

    fake_import(monkeypatch, run)
    job = ImportJob(window.runner, ["scan.pdf", "other.pdf"], window, summary=False)
    qtbot.waitUntil(lambda: "Reading page 1 of 12" in job.dialog.labelText() and job.dialog.isVisible(), timeout=5000)
    next(b for b in job.dialog.findChildren(QPushButton) if b.text() == "Stop").click()
    assert job.dialog.labelText() == "Stopping after the current file…"
    go_on.set()
    with qtbot.waitSignal(job.finished, timeout=5000) as done:
        pass
    assert done.args[0].cancelled
    settle(qtbot, window)


def test_a_missing_importer_module_is_said_once_as_the_import_starts(qtbot, sample_path, tmp_path, monkeypatch):
    import briefing.importing.available

    window = open_window(qtbot, sample_path, tmp_path)
    monkeypatch.setattr(briefing.importing.available, "problems", lambda: [MISSING])
    files = [tmp_path / "one.html", tmp_path / "<b>two.html"]
    go_on = threading.Event()

    def run(report, paths, page_progress, should_cancel):
        go_on.wait(10)
        for path in paths:
            report.rejected.append({"path": path, "problem": MISSING,
                                    "reason": "not imported: HTML import is not available on this installation"})
        report.problems = [MISSING]

    fake_import(monkeypatch, run)
    job = window.import_paths([str(p) for p in files])
    notices = []
    job.notice.connect(notices.append)
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=5000)
    assert MISSING in job.dialog.labelText()  # the progress dialog says it too while the import runs
    go_on.set()
    qtbot.waitUntil(lambda: job.report is not None, timeout=5000)
    qtbot.waitUntil(lambda: job.summary_dialog is not None, timeout=5000)
    assert notices == [MISSING]  # once, not once per file
    summary = job.summary_dialog
    text = summary.problems.text()
    assert text.count(MISSING) == 1 and "Not imported (2): one.html, <b>two.html." in text
    assert summary.problems.textFormat() == Qt.TextFormat.PlainText  # file names are never markup
    summary.close()
    settle(qtbot, window)


def test_the_window_says_what_cannot_be_imported_in_its_status_bar(qtbot, sample_path, tmp_path, monkeypatch):
    import briefing.importing.available

    window = open_window(qtbot, sample_path, tmp_path)
    monkeypatch.setattr(briefing.importing.available, "problems", lambda: [MISSING])
    go_on = threading.Event()
    fake_import(monkeypatch, lambda report, paths, pages, cancel: go_on.wait(10))
    job = window.import_paths([str(tmp_path / "page.html")])
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == MISSING, timeout=5000)
    go_on.set()
    qtbot.waitUntil(lambda: job.report is not None, timeout=5000)
    settle(qtbot, window)


def test_a_full_disk_says_why_the_import_stopped_and_what_was_imported(qtbot, sample_path, tmp_path, monkeypatch):
    from briefing.importing.importer import DISK_FULL

    window = open_window(qtbot, sample_path, tmp_path)
    stopped = ("The disk is full, so the import stopped at b.txt: 1 file imported before it, 2 not imported; "
               "free some space and import those again.")

    def run(report, paths, page_progress, should_cancel):
        report.imported.append({"path": paths[0], "id": 1, "title": "A"})
        report.rejected.extend({"path": path, "reason": DISK_FULL} for path in paths[1:])
        report.stopped = stopped

    fake_import(monkeypatch, run)
    job = window.import_paths([str(tmp_path / name) for name in ("a.txt", "b.txt", "c.txt")])
    qtbot.waitUntil(lambda: job.summary_dialog is not None, timeout=5000)
    summary = job.summary_dialog
    assert summary.problems.text() == stopped and summary.problems.isVisibleTo(summary)
    assert summary.windowTitle() == "Import finished" and "(stopped)" in job.summary_line(job.report)
    groups = {summary.tree.topLevelItem(i).text(0) for i in range(summary.tree.topLevelItemCount())}
    assert groups == {"Imported (1)", "Not imported (2)"}
    assert window.statusBar().currentMessage() == stopped
    summary.close()
    settle(qtbot, window)


def test_the_library_check_says_which_importers_cannot_run(qtbot, sample_path, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    import briefing.safekeeping.check

    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a, **k: said.append(text))
    monkeypatch.setattr(briefing.safekeeping.check, "import_problems", lambda: [MISSING])
    window = open_window(qtbot, sample_path, tmp_path)
    window.check_action.trigger()  # File ▸ Library maintenance ▸ Check library
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    assert f"Import: {MISSING}" in said[0].splitlines()
    settle(qtbot, window)
