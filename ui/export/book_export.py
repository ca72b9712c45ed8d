"""File ▸ Export PDF… and File ▸ Print…: the open book to PDF after its pre-flight check, its preview, its printing.

The window makes one ``BookExport`` and hands it the runner, the settings,
the library's path and a way to ask which book is open; it places
``export_action`` and ``print_action`` in its menus and toolbar, and shows
what ``status`` says. The PDF a book was last exported to is remembered in
the settings, per library, so File ▸ Print… prints it (or offers to export
the book first and prints once that is done).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.common.actions import make_action
from ui.common.operations import Operation, OpRunner
from ui.common.windows import keep_open, tell

from .export_dialog import ExportDialog, ExportJob


class BookExport(QObject):
    """Exporting, previewing and printing the open book; ``previews`` are the preview windows now open."""

    status = Signal(str)

    def __init__(
        self,
        runner: OpRunner,
        settings: QSettings,
        store_path: str,
        book: Callable[[], dict | None],
        parent: QWidget,
    ):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.store_path = store_path
        self.book = book  # the open book, or None
        self.parent_widget = parent
        self.previews: list[QWidget] = []
        self.messages: list[QWidget] = []  # message boxes that do not block, kept while shown
        self.export_job: ExportJob | None = None
        self.print_job = None
        self._print_after_export: int | None = None  # the book to print once its export is done
        self.export_action = make_action(parent, "&Export PDF…", self.export_book, "Ctrl+E", "export",
                                         "Export the open book as a PDF briefing pack")
        self.print_action = make_action(parent, "&Print…", self.print_book, QKeySequence.StandardKey.Print, "print",
                                        "Print the open book's last exported PDF")
        if self.print_action.shortcut().isEmpty():
            self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.open_last_action = make_action(parent, "Open &last export", self.open_last_export, "Ctrl+Shift+E",
                                            "open", "Show the open book's last exported PDF without exporting again")
        self.set_book_open(False)

    def set_book_open(self, open_: bool) -> None:
        self.export_action.setEnabled(open_)
        self.print_action.setEnabled(open_)
        self.open_last_action.setEnabled(open_)

    def export_folder(self) -> str:
        """Where files are suggested: the folder last exported to, else the user's documents."""
        folder = self.settings.value("export/folder")
        if folder and Path(str(folder)).is_dir():
            return str(folder)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    # ------------------------------------------------------------- export

    def export_book(self) -> None:
        """File ▸ Export PDF…: the choices, the pre-flight check, then the export."""
        book = self.book()
        if book is None:
            self.status.emit("Open a book to export it.")
            return
        dialog = ExportDialog(book, self.export_folder(), self.parent_widget)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            self._print_after_export = None
            return
        self.export_checked(dialog.choices())

    def export_checked(self, choices: dict) -> Operation:
        """Export after the check: what File ▸ Export does once its dialog is accepted."""
        from .preflight_gate import check_then  # the pre-flight check's modules load with the first export

        return check_then(self.runner, self.parent_widget, self.book()["id"], "Export",
                          lambda force: self.start_export({**choices, "force": force}),
                          status=self.status.emit,
                          failed=lambda message: tell(self.parent_widget, self.messages, "Export", message, warning=True))

    def start_export(self, choices: dict) -> ExportJob:
        self.settings.setValue("export/folder", str(Path(choices["path"]).parent))
        book_id = self.book()["id"]
        job = ExportJob(self.runner, book_id, choices, self.parent_widget)
        job.finished.connect(lambda result: self._exported(result, book_id))
        job.failed.connect(self._export_failed)
        job.cancelled.connect(lambda: self.status.emit("Export cancelled; nothing was written."))
        for ended in (job.failed, job.cancelled):
            ended.connect(lambda *_: setattr(self, "_print_after_export", None))
        self.export_job = job
        self.status.emit("Exporting…")
        return job

    def _export_failed(self, message: str) -> None:
        self.status.emit("The book was not exported.")  # the status bar no longer says "Exporting…"
        QMessageBox.warning(self.parent_widget, "Export PDF", f"The book was not exported.\n\n{message}")

    def _exported(self, result, book_id: int | None = None) -> None:
        self.status.emit(f"Exported {result.pages} pages to {result.path}")
        if book_id is not None:
            self.settings.setValue(self._last_export_key(book_id), str(result.path))
        self.preview(result.path)
        if book_id is not None and self._print_after_export == book_id:
            self._print_after_export = None
            self.print_book()

    def preview(self, path) -> QWidget:
        """The PDF at ``path`` in a preview window of its own."""
        from .pdf_preview import PdfPreview

        return keep_open(PdfPreview(path, self.parent_widget), self.previews)

    # ------------------------------------------------------------- printing

    def _last_export_key(self, book_id: int) -> str:
        # book ids repeat across libraries: the key names this library too (by a digest of its path)
        library = hashlib.sha256(str(Path(self.store_path).resolve()).encode()).hexdigest()[:12]
        return f"export/last_pdf/{library}-{book_id}"

    def last_export(self, book_id: int) -> Path | None:
        """The PDF this book was last exported to from the app, if it is still there."""
        value = self.settings.value(self._last_export_key(book_id))
        path = Path(str(value)) if value else None
        return path if path is not None and path.is_file() else None

    def open_last_export(self) -> QWidget | None:
        """File ▸ Open last export: the PDF the open book was last exported to, in the preview; no export."""
        book = self.book()
        if book is None:
            self.status.emit("Open a book first.")
            return None
        path = self.last_export(book["id"])
        if path is None:
            self.status.emit(f"“{book['title']}” has not been exported yet (or its PDF was moved): "
                             "File ▸ Export PDF… makes one.")
            return None
        for window in self.previews:
            if getattr(window, "path", None) == path:
                window.load()  # the file may have been written again since
                window.raise_()
                window.activateWindow()
                return window
        return self.preview(path)

    def print_book(self, printer=None):
        """File ▸ Print…: print the open book's last exported PDF, or offer to export it first.

        Returns the print job (None when nothing is printed yet); ``printer``
        skips the print dialog.
        """
        from .pdf_preview import ask_and_print

        book = self.book()
        if book is None:
            self.status.emit("Open a book to print it.")
            return None
        if self.print_job is not None and not self.print_job.done:
            self.status.emit("The book is already being printed.")
            return self.print_job
        path = self.last_export(book["id"])
        if path is None:
            answer = QMessageBox.question(
                self.parent_widget, "Print",
                f"“{book['title']}” has not been exported yet (or its PDF was moved).\n\n"
                "Export it now? It is printed once the export is done.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                self._print_after_export = book["id"]
                self.export_book()
            return None
        job = ask_and_print(path, self.parent_widget, printer=printer)
        if job is not None:
            self.print_job = job
            job.finished.connect(lambda pages: self.status.emit(f"Sent {pages} pages of {path.name} to the printer."))
            job.cancelled.connect(lambda: self.status.emit("Printing cancelled."))
        return job

    def close(self) -> None:
        """The window is closing: close the previews and stop a print job at once."""
        for window in list(self.previews):
            window.close()
        if self.print_job is not None and not self.print_job.done:
            self.print_job.abort()
