"""File ▸ Library maintenance: back up now, restore from a backup, check the library.

The app's side of ``briefing.safekeeping.backup`` and ``briefing.safekeeping.check``, installed on the
main window by ``install(window)``. All of it runs on the window's operation
runner: a backup copies from a reader thread (it never waits on a writer), a
restore and a check run on the single writer (a restore replaces the
library in one transaction; a check may rebuild the search index), and the
window redraws from the ``Changed`` they report.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from briefing.book.books import list_books
from briefing.errors import BriefingError
from briefing.library.opening import migrate
from briefing.safekeeping.backup import backup_dir, copy_store, restore, validate_store_file
from briefing.safekeeping.check import CheckReport, check_store
from ui.common import theme
from ui.common.operations import Changed, Operation
from ui.common.progress import ProgressJob

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FILTER = "Briefing Book libraries (*.sqlite);;All files (*)"


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"


# ------------------------------------------------------------------ back up


def back_up(window: MainWindow, target: str | Path) -> Operation:
    """Copy the library to ``target`` in the background (encrypted as the library is)."""
    target = Path(target)

    def work(job):
        if job.store.path is None:
            raise BriefingError("a library in memory has nothing to back up")
        return copy_store(job.store.path, target, passphrase=job.store.passphrase), job.store.encrypted

    op = window.runner.read(work, "backup")

    def done(result) -> None:
        path, encrypted = result
        note = "\n\nThe copy is encrypted with the library's passphrase." if encrypted else ""
        window.show_status(f"Backed up the library to {path} ({_size(path)}).")
        QMessageBox.information(window, "Back up", f"The library was copied to\n{path}\n({_size(path)}).{note}")

    op.on_success(done).on_failure(lambda message: QMessageBox.warning(window, "Back up", message))
    window.show_status("Backing up the library…")
    return op


def _ask_back_up(window: MainWindow) -> None:
    stem = Path(window.store_path).stem
    suggested = Path(window.export_folder()) / f"{stem}-backup-{dt.datetime.now():%Y%m%d-%H%M}.sqlite"
    path, _ = QFileDialog.getSaveFileName(window, "Back up the library", str(suggested), FILTER)
    if path:
        back_up(window, path)


# ------------------------------------------------------------------ restore


def restore_backup(window: MainWindow, source: str | Path, *, confirm: bool = True) -> Operation:
    """Check ``source`` is a sound store, ask, then replace the library with it and redraw everything.

    A file that is not a Briefing Book store (or not encrypted as the library
    is) is refused with the core's message before anything is asked or changed.
    """
    source = Path(source)
    check = window.runner.read(lambda job: validate_store_file(source, job.store.passphrase), "restore-check")
    check.on_failure(lambda message: QMessageBox.warning(window, "Restore from backup", message))
    check.on_success(lambda _: _confirm_restore(window, source) if confirm else _restore(window, source))
    return check


def _confirm_restore(window: MainWindow, source: Path) -> None:
    kept = backup_dir(Path(window.store_path))
    answer = QMessageBox.question(
        window,
        "Restore from backup",
        f"Replace the whole library with the backup\n{source}?\n\n"
        "Everything in the library now is replaced by the backup's content. "
        f"A copy of the library as it is now is kept first, in\n{kept}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer == QMessageBox.StandardButton.Yes:
        _restore(window, source)
    else:
        window.show_status("Restore cancelled; the library is unchanged.")


def _restore(window: MainWindow, source: Path) -> Operation:
    def work(job):
        saved = restore(job.store, source)
        migrate(job.store)  # an older backup is brought up to the current schema
        return saved, {b["id"] for b in list_books(job.store)}

    op = window.runner.write(work, "restore", changes=lambda _: Changed(documents=True, events=True, book_list=True))

    def done(result) -> None:
        saved, books = result
        if window.book_id is not None and window.book_id not in books:
            window.close_book()  # the open book is not in the restored library
        # the views redraw from the Changed the restore reports
        window.show_status(f"Restored the library from {source.name}.")
        QMessageBox.information(window, "Restore from backup",
                                f"The library was restored from\n{source}\n\n"
                                f"The library as it was is saved in\n{saved}")

    op.on_success(done).on_failure(lambda message: QMessageBox.warning(window, "Restore from backup", message))
    window.show_status("Restoring the library…")
    return op


def _ask_restore(window: MainWindow) -> None:
    folder = backup_dir(Path(window.store_path))
    start = str(folder) if folder.is_dir() else window.export_folder()
    path, _ = QFileDialog.getOpenFileName(window, "Restore from backup", start, FILTER)
    if path:
        restore_backup(window, path)


# ------------------------------------------------------------------ check


def check_summary(report: CheckReport) -> list[str]:
    """The check's findings, one line each, with what to do about a damaged file."""
    lines = report.lines()
    if report.integrity != ["ok"]:
        lines.append("The library file is damaged: restore a backup (File ▸ Library maintenance ▸ "
                     "Restore from backup…).")
    return lines


def check_library(window: MainWindow) -> ProgressJob:
    """Check the library in the background, rebuilding the search index when it is out of step."""
    op = window.runner.write(
        lambda job: check_store(job.store, progress=job.progress),
        "check",
        changes=lambda report: Changed(documents=True) if report.rebuilt is not None else None,
    )
    job = ProgressJob(op, "Checking the library…", "Check library", window,
                      describe=lambda done, total: f"Checking the library… {done} of {total} documents")

    def done(report: CheckReport) -> None:
        text = "\n".join(check_summary(report))
        if report.ok:
            window.show_status("Library checked: no problem remains.")
            QMessageBox.information(window, "Check library", f"The library is sound.\n\n{text}")
        else:
            window.show_status("Library checked: problems found.")
            QMessageBox.warning(window, "Check library", f"The check found problems.\n\n{text}")

    job.finished.connect(done)
    job.failed.connect(lambda message: QMessageBox.warning(window, "Check library", message))
    job.cancelled.connect(lambda: window.show_status("Check cancelled."))
    window.check_job = job
    return job


# ------------------------------------------------------------------ the menu


def install(window: MainWindow) -> QMenu:
    """Add File ▸ Library maintenance (before Quit) with its three actions."""
    menu = QMenu("Library &maintenance", window)
    theme.themed(menu, "library")
    backup = QAction("&Back up now…", window)
    backup.setStatusTip("Copy the library to a file of your choice, safely while it is in use")
    backup.triggered.connect(lambda: _ask_back_up(window))
    restore_action = QAction("&Restore from backup…", window)
    restore_action.setStatusTip("Replace the library with a backup (the library as it is now is kept first)")
    restore_action.triggered.connect(lambda: _ask_restore(window))
    check = QAction("&Check library", window)
    check.setStatusTip("Check the library's integrity and its search index; rebuild the index when out of step")
    check.triggered.connect(lambda: check_library(window))
    menu.addAction(backup)
    menu.addAction(restore_action)
    menu.addSeparator()
    menu.addAction(check)
    file_menu = window.menuBar().actions()[0].menu()
    actions = file_menu.actions()
    at = actions.index(window.quit_action) if window.quit_action in actions else len(actions)
    if at > 0 and actions[at - 1].isSeparator():
        at -= 1  # keep Quit in a group of its own
    if at < len(actions):
        file_menu.insertMenu(actions[at], menu)
    else:
        file_menu.addMenu(menu)
    window.backup_action, window.restore_action, window.check_action = backup, restore_action, check
    window.maintenance_menu = menu
    return menu
