"""File ▸ Library maintenance: back up now, restore from a backup, check the library.

The app's side of ``briefing.safekeeping.backup`` and ``briefing.safekeeping.check``:
a menu the window places in its File menu, shows what ``status`` says, and
told through ``restored`` which books the restored library holds (so it can
close one that is gone). All of it runs on the operation runner: a backup
copies from a reader thread (it never waits on a writer), a restore and a
check run on the single writer (a restore replaces the library in one
transaction; a check may rebuild the search index), and the views redraw from
the ``Changed`` they report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from briefing.errors import BriefingError
from briefing.library.opening import migrate
from briefing.safekeeping.backup import backup_dir, copy_store, restore, validate_store_file
from briefing.safekeeping.check import CheckReport, check_store
from ui.common import theme
from ui.common.actions import make_action
from ui.common.operations import Changed, Operation, OpRunner
from ui.common.progress import ProgressJob

FILTER = "Briefing Book libraries (*.sqlite);;All files (*)"


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / 1_048_576:.1f} MB" if n >= 1_048_576 else f"{n / 1024:.0f} kB"


def check_summary(report: CheckReport) -> list[str]:
    """The check's findings, one line each, with what to do about a damaged file."""
    lines = report.lines()
    if report.integrity != ["ok"]:
        lines.append("The library file is damaged: restore a backup (File ▸ Library maintenance ▸ "
                     "Restore from backup…).")
    return lines


class MaintenanceMenu(QMenu):
    """Library maintenance: ``backup_action``, ``restore_action``, ``check_action``."""

    status = Signal(str)
    restored = Signal(set)  # the ids of the books in the library as restored

    def __init__(self, runner: OpRunner, store_path: str, folder: Callable[[], str], parent: QWidget):
        super().__init__("Library &maintenance", parent)
        self.runner = runner
        self.store_path = store_path
        self.folder = folder  # where to suggest a backup
        self.parent_widget = parent
        self.check_job: ProgressJob | None = None
        theme.themed(self, "library")
        self.backup_action = make_action(
            parent, "&Back up now…", self.ask_back_up,
            tip="Copy the library to a file of your choice, safely while it is in use")
        self.restore_action = make_action(
            parent, "&Restore from backup…", self.ask_restore,
            tip="Replace the library with a backup (the library as it is now is kept first)")
        self.check_action = make_action(
            parent, "&Check library", self.check_library,
            tip="Check the library's integrity and its search index; rebuild the index when out of step")
        self.addAction(self.backup_action)
        self.addAction(self.restore_action)
        self.addSeparator()
        self.addAction(self.check_action)

    # ------------------------------------------------------------- back up

    def back_up(self, target: str | Path) -> Operation:
        """Copy the library to ``target`` in the background (encrypted as the library is)."""
        target = Path(target)

        def work(job):
            if job.store.path is None:
                raise BriefingError("a library in memory has nothing to back up")
            return copy_store(job.store.path, target, passphrase=job.store.passphrase), job.store.encrypted

        op = self.runner.read(work, "backup")

        def done(result) -> None:
            path, encrypted = result
            note = "\n\nThe copy is encrypted with the library's passphrase." if encrypted else ""
            self.status.emit(f"Backed up the library to {path} ({_size(path)}).")
            QMessageBox.information(self.parent_widget, "Back up",
                                    f"The library was copied to\n{path}\n({_size(path)}).{note}")

        op.on_success(done).on_failure(lambda message: QMessageBox.warning(self.parent_widget, "Back up", message))
        self.status.emit("Backing up the library…")
        return op

    def ask_back_up(self) -> None:
        stem = Path(self.store_path).stem
        suggested = Path(self.folder()) / f"{stem}-backup-{dt.datetime.now():%Y%m%d-%H%M}.sqlite"
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Back up the library", str(suggested), FILTER)
        if path:
            self.back_up(path)

    # ------------------------------------------------------------- restore

    def restore_backup(self, source: str | Path, *, confirm: bool = True) -> Operation:
        """Check ``source`` is a sound store, ask, then replace the library with it and redraw everything.

        A file that is not a Briefing Book store (or not encrypted as the library
        is) is refused with the core's message before anything is asked or changed.
        """
        source = Path(source)
        check = self.runner.read(lambda job: validate_store_file(source, job.store.passphrase), "restore-check")
        check.on_failure(lambda message: QMessageBox.warning(self.parent_widget, "Restore from backup", message))
        check.on_success(lambda _: self._confirm_restore(source) if confirm else self._restore(source))
        return check

    def _confirm_restore(self, source: Path) -> None:
        kept = backup_dir(Path(self.store_path))
        answer = QMessageBox.question(
            self.parent_widget,
            "Restore from backup",
            f"Replace the whole library with the backup\n{source}?\n\n"
            "Everything in the library now is replaced by the backup's content. "
            f"A copy of the library as it is now is kept first, in\n{kept}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._restore(source)
        else:
            self.status.emit("Restore cancelled; the library is unchanged.")

    def _restore(self, source: Path) -> Operation:
        def work(job):
            from briefing.book.books import list_books  # the books' package: loaded by a restore, not at start

            saved = restore(job.store, source)
            migrate(job.store)  # an older backup is brought up to the current schema
            return saved, {b["id"] for b in list_books(job.store)}

        op = self.runner.write(work, "restore",
                               changes=lambda _: Changed(documents=True, events=True, book_list=True))

        def done(result) -> None:
            saved, books = result
            self.restored.emit(books)  # the window closes the open book if the restored library has it not
            # the views redraw from the Changed the restore reports
            self.status.emit(f"Restored the library from {source.name}.")
            QMessageBox.information(self.parent_widget, "Restore from backup",
                                    f"The library was restored from\n{source}\n\n"
                                    f"The library as it was is saved in\n{saved}")

        op.on_success(done).on_failure(
            lambda message: QMessageBox.warning(self.parent_widget, "Restore from backup", message))
        self.status.emit("Restoring the library…")
        return op

    def ask_restore(self) -> None:
        folder = backup_dir(Path(self.store_path))
        start = str(folder) if folder.is_dir() else self.folder()
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Restore from backup", start, FILTER)
        if path:
            self.restore_backup(path)

    # ------------------------------------------------------------- check

    def check_library(self) -> ProgressJob:
        """Check the library in the background, rebuilding the search index when it is out of step."""
        op = self.runner.write(
            lambda job: check_store(job.store, progress=job.progress),
            "check",
            changes=lambda report: Changed(documents=True) if report.rebuilt is not None else None,
        )
        job = ProgressJob(op, "Checking the library…", "Check library", self.parent_widget,
                          describe=lambda done, total: f"Checking the library… {done} of {total} documents")

        def done(report: CheckReport) -> None:
            text = "\n".join(check_summary(report))
            if report.ok:
                self.status.emit("Library checked: no problem remains.")
                QMessageBox.information(self.parent_widget, "Check library", f"The library is sound.\n\n{text}")
            else:
                self.status.emit("Library checked: problems found.")
                QMessageBox.warning(self.parent_widget, "Check library", f"The check found problems.\n\n{text}")

        job.finished.connect(done)
        job.failed.connect(lambda message: QMessageBox.warning(self.parent_widget, "Check library", message))
        job.cancelled.connect(lambda: self.status.emit("Check cancelled."))
        self.check_job = job
        return job
