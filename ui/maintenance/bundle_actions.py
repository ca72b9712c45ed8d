"""File ▸ Share as bundle… and File ▸ Import bundle…: the app's side of ``briefing.safekeeping.bundle``.

Installed on the main window by ``install(window)`` rather than written into
it, so the window keeps one line for the feature. Both run on the window's
operation runner: sharing reads the store (a reader thread), importing
writes it (the single writer, one transaction), and the window redraws from
the ``Changed`` the import reports.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from briefing.safekeeping.bundle import export_bundle, import_bundle
from ui.common import theme
from ui.common.operations import Changed, Operation

if TYPE_CHECKING:
    from ui.main_window import MainWindow

FILTER = "Briefing bundles (*.briefing);;All files (*)"


def _file_name(title: str) -> str:
    return (re.sub(r"[^\w.-]+", "-", title).strip("-")[:60] or "book") + ".briefing"


def share_bundle(window: MainWindow, path: str, *, include_private: bool = False) -> Operation:
    """Write the open book's bundle to ``path`` in the background."""
    book_id = window.editor.book["id"]
    op = window.runner.read(lambda job: export_bundle(job.store, book_id, path, include_private=include_private),
                            "bundle-export")

    def done(manifest: dict) -> None:
        counts = manifest["counts"]
        private = "with" if include_private else "without"
        window.show_status(f"Shared {manifest['book']!r} as {path}: {counts['documents']} documents, "
                           f"{counts['annotations']} annotations ({private} private ones)")

    op.on_success(done).on_failure(lambda message: QMessageBox.warning(window, "Share as bundle", message))
    window.show_status("Writing the bundle…")
    return op


def import_bundle_file(window: MainWindow, path: str) -> Operation:
    """Merge a bundle into the library in the background, then open its book."""
    op = window.runner.write(
        lambda job: import_bundle(job.store, path, progress=job.progress),
        "bundle-import",
        changes=lambda _report: Changed(documents=True, events=True, book_list=True),
    )

    def done(report) -> None:
        if report.already_imported:
            window.show_status(f"This bundle was imported before, as {report.title!r}: nothing changed")
        else:
            window.show_status(f"Imported {report.title!r}: {report.documents_added} documents added, "
                               f"{report.documents_reused} already in the library")
        window.open_book(report.book_id)

    op.on_success(done).on_failure(lambda message: QMessageBox.warning(window, "Import bundle", message))
    window.show_status("Importing the bundle…")
    return op


def _share(window: MainWindow) -> None:
    book = window.editor.book
    if book is None:
        window.show_status("Open a book to share it.")
        return
    suggested = str(Path(window.export_folder()) / _file_name(book["title"]))
    path, _ = QFileDialog.getSaveFileName(window, "Share as bundle", suggested, FILTER)
    if not path:
        return
    answer = QMessageBox.question(
        window, "Share as bundle", "Include your private annotations in the bundle?\n\n"
        "Anyone who receives the file can read them.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    share_bundle(window, path, include_private=answer == QMessageBox.StandardButton.Yes)


def _import(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Import bundle", window.export_folder(), FILTER)
    if path:
        import_bundle_file(window, path)


def install(window: MainWindow) -> tuple[QAction, QAction]:
    """Add the two actions to the File menu, after Export PDF…; sharing is enabled when exporting is."""
    share = theme.themed(QAction("&Share as bundle…", window), "export")
    share.setStatusTip("Write the open book, its documents and annotations to one file for another machine")
    share.triggered.connect(lambda: _share(window))
    load = theme.themed(QAction("Import &bundle…", window), "import")
    load.setStatusTip("Merge a book shared as a bundle into the library")
    load.triggered.connect(lambda: _import(window))
    share.setEnabled(window.export_action.isEnabled())
    window.export_action.changed.connect(lambda: share.setEnabled(window.export_action.isEnabled()))
    file_menu = window.menuBar().actions()[0].menu()
    actions = file_menu.actions()
    after = actions.index(window.export_action) + 1 if window.export_action in actions else len(actions)
    before = actions[after] if after < len(actions) else None
    file_menu.insertActions(before, [share, load])
    window.share_bundle_action, window.import_bundle_action = share, load
    return share, load
