"""File ▸ Share as bundle… and File ▸ Import bundle…: the app's side of ``briefing.safekeeping.bundle``.

The window makes one ``BundleActions``, places its two actions in the File
menu and shows what ``status`` says; ``open_book`` asks it to open the book a
bundle brought. Both run on the operation runner: sharing reads the store (a
reader thread), importing writes it (the single writer, one transaction), and
the views redraw from the ``Changed`` the import reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ui.common.actions import make_action
from ui.common.operations import Changed, Operation, OpRunner

FILTER = "Briefing bundles (*.briefing);;All files (*)"


def _file_name(title: str) -> str:
    return (re.sub(r"[^\w.-]+", "-", title).strip("-")[:60] or "book") + ".briefing"


class BundleActions(QObject):
    """Sharing the open book as a bundle, and merging a bundle into the library."""

    status = Signal(str)
    open_book = Signal(int)  # the book a bundle brought, once it is in the library

    def __init__(
        self,
        runner: OpRunner,
        book: Callable[[], dict | None],
        folder: Callable[[], str],
        parent: QWidget,
    ):
        super().__init__(parent)
        self.runner = runner
        self.book = book  # the open book, or None
        self.folder = folder  # where to suggest files
        self.parent_widget = parent
        self.share_action = make_action(
            parent, "&Share as bundle…", self.ask_share, icon="export",
            tip="Write the open book, its documents and annotations to one file for another machine")
        self.import_action = make_action(parent, "Import &bundle…", self.ask_import, icon="import",
                                         tip="Merge a book shared as a bundle into the library")

    def share_bundle(self, path: str, *, include_private: bool = False) -> Operation:
        """Write the open book's bundle to ``path`` in the background."""
        book_id = self.book()["id"]
        def work(job):
            from briefing.safekeeping.bundle import export_bundle  # loaded by the first bundle, not at start

            return export_bundle(job.store, book_id, path, include_private=include_private)

        op = self.runner.read(work, "bundle-export")

        def done(manifest: dict) -> None:
            counts = manifest["counts"]
            private = "with" if include_private else "without"
            self.status.emit(f"Shared {manifest['book']!r} as {path}: {counts['documents']} documents, "
                             f"{counts['annotations']} annotations ({private} private ones)")

        op.on_success(done).on_failure(lambda message: QMessageBox.warning(self.parent_widget, "Share as bundle",
                                                                           message))
        self.status.emit("Writing the bundle…")
        return op

    def import_bundle_file(self, path: str) -> Operation:
        """Merge a bundle into the library in the background, then open its book."""
        def work(job):
            from briefing.safekeeping.bundle import import_bundle  # loaded by the first bundle, not at start

            return import_bundle(job.store, path, progress=job.progress)

        op = self.runner.write(
            work,
            "bundle-import",
            changes=lambda _report: Changed(documents=True, events=True, book_list=True),
        )

        def done(report) -> None:
            if report.already_imported:
                self.status.emit(f"This bundle was imported before, as {report.title!r}: nothing changed")
            else:
                # what the bundle held that this library could not take (a broken translation link)
                left_out = f"; left out: {'; '.join(report.notes)}" if report.notes else ""
                self.status.emit(f"Imported {report.title!r}: {report.documents_added} documents added, "
                                 f"{report.documents_reused} already in the library{left_out}")
            self.open_book.emit(report.book_id)

        op.on_success(done).on_failure(lambda message: QMessageBox.warning(self.parent_widget, "Import bundle",
                                                                           message))
        self.status.emit("Importing the bundle…")
        return op

    def ask_share(self) -> None:
        book = self.book()
        if book is None:
            self.status.emit("Open a book to share it.")
            return
        suggested = str(Path(self.folder()) / _file_name(book["title"]))
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, "Share as bundle", suggested, FILTER)
        if not path:
            return
        answer = QMessageBox.question(
            self.parent_widget, "Share as bundle", "Include your private annotations in the bundle?\n\n"
            "Anyone who receives the file can read them.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        self.share_bundle(path, include_private=answer == QMessageBox.StandardButton.Yes)

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, "Import bundle", self.folder(), FILTER)
        if path:
            self.import_bundle_file(path)
