"""Importing files and folders: choosing them, the work with progress and cancel, and what became of each.

What this installation cannot read (an importer's module missing, or Tesseract
for scanned pages) is said once as the import starts, rather than as a
rejection per file; a scan's pages are counted in the progress dialog as OCR
reads them; and an import that stopped (a full disk) says why in one sentence,
with what was imported and what was not.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common.markdown_view import warn
from ui.common.operations import Changed, OpRunner
from ui.common.progress import ProgressJob

FILE_FILTER = "Documents (*.txt *.md *.markdown *.html *.htm *.xhtml *.pdf *.docx);;All files (*)"


def choose_paths(parent: QWidget) -> list[str]:
    """Files from a file dialog; the dialog's "Folder…" choice imports a whole folder."""
    box = QMessageBox(parent)
    box.setWindowTitle("Import documents")
    box.setText("Import separate files, or every document in a folder (with its subfolders)?")
    files = box.addButton("Files…", QMessageBox.ButtonRole.AcceptRole)
    folder = box.addButton("A folder…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is files:
        chosen, _ = QFileDialog.getOpenFileNames(parent, "Import documents", str(Path.home()), FILE_FILTER)
        return chosen
    if box.clickedButton() is folder:
        chosen = QFileDialog.getExistingDirectory(parent, "Import a folder", str(Path.home()))
        return [chosen] if chosen else []
    return []


def summary_line(report) -> str:
    parts = [f"{len(report.imported)} imported"]
    if report.duplicates:
        parts.append(f"{len(report.duplicates)} already in the library")
    if report.rejected:
        parts.append(f"{len(report.rejected)} not imported")
    line = "Import: " + ", ".join(parts)
    return line + (" (stopped)" if report.cancelled or report.stopped else "")


def installation_problems() -> list[str]:
    """What this installation cannot import (a missing module, no Tesseract), one sentence each."""
    from briefing.importing.available import problems  # looks modules up without importing them

    return problems()


def problem_lines(report) -> list[str]:
    """Why the import stopped, and each importer that could not run with the files it left out."""
    lines = [report.stopped] if report.stopped else []
    for problem in report.problems:
        names = [Path(r["path"]).name for r in report.rejected if r.get("problem") == problem]
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        lines.append(f"{problem}. Not imported ({len(names)}): {shown}." if names else f"{problem}.")
    return lines


def ocr_line(path: str, page: int, pages: int) -> str:
    return f"Reading page {page} of {pages} of {Path(path).name} with OCR…"


class ImportSummary(QDialog):
    """What was imported, what was already there, and each rejected file with its reason."""

    def __init__(self, report, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import stopped")
        self.resize(760, 440)
        heading = QLabel(summary_line(report).removeprefix("Import: ").capitalize() + ".", wordWrap=True)
        # why it stopped, and what could not be read here: file names are shown as they are, never as markup
        self.problems = QLabel("\n".join(problem_lines(report)), objectName="error", wordWrap=True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setVisible(bool(self.problems.text()))
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["File", "What happened"])
        self.tree.setRootIsDecorated(True)
        groups = (
            ("Not imported", report.rejected, lambda r: r["reason"]),
            ("Already in the library", report.duplicates, lambda r: f"same as document {r['id']}"),
            ("Imported", report.imported, lambda r: r.get("title") or ""),
        )
        for title, rows, why in groups:
            if not rows:
                continue
            group = QTreeWidgetItem([f"{title} ({len(rows)})", ""])
            for row in rows:
                child = QTreeWidgetItem([Path(row["path"]).name, why(row)])
                child.setToolTip(0, row["path"])
                child.setToolTip(1, why(row))
                group.addChild(child)
            self.tree.addTopLevelItem(group)
            group.setExpanded(title != "Imported" or len(rows) <= 20)
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        if isinstance(close, QPushButton):
            close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.problems)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


class _Pages(QObject):
    """The writer's word that OCR read a page (path, page, pages), carried to the UI thread."""

    read = Signal(str, int, int)


class ImportJob(ProgressJob):
    """One import on the writer, with a progress dialog (after a moment) and a summary when there is news.

    Stop (the dialog's Cancel) ends the import after the current file and
    keeps the files already imported: each file is its own transaction, and
    ``finished`` still brings the report (``report.cancelled``). ``problems``
    are what this installation cannot read, told once through ``notice`` as
    the import starts; ``page_read`` follows OCR through a scan's pages.
    """

    notice = Signal(str)  # what cannot be imported here, once, at the start
    page_read = Signal(str, int, int)  # path, page, pages: a scanned page read with OCR

    def __init__(self, runner: OpRunner, paths: list[str], parent: QWidget | None = None, *, summary: bool = True):
        pages = _Pages()

        def work(job):
            from briefing.importing import import_paths  # the importers load with the first import, not at start

            def page_read(path, page: int, total: int) -> None:
                if not job.should_cancel():
                    pages.read.emit(str(path), page, total)

            return import_paths(job.store, list(paths), progress=job.progress, should_cancel=job.should_cancel,
                                page_progress=page_read)

        def changed(report):
            return Changed(documents=True, events=True) if report.imported else None

        super().__init__(
            runner.write(work, "import", changes=changed),
            "Importing documents…",
            "Import",
            parent,
            cancel_text="Stop",
            stopping="Stopping after the current file…",
        )
        self.parent_widget = parent
        self.show_summary = summary
        self.report = None
        self.summary_dialog: ImportSummary | None = None
        self.problems = installation_problems()
        self._files = "Importing documents…"  # the label's first line: which file of how many
        self._pages = pages  # no Qt parent: the work holds it too, whatever becomes of this job
        pages.read.connect(self._page_read)
        self.progress.connect(lambda done, total: self._label(f"Importing documents… {done} of {total}"))
        self.finished.connect(self._summarise)
        self.failed.connect(lambda message: warn(self.parent_widget, "Import", message))
        if self.problems:
            self._label(self._files)
            # told once the caller has connected, as the import starts: not once per file it leaves out
            QTimer.singleShot(0, self, lambda: self.notice.emit(" ".join(self.problems)))

    def _label(self, files: str, ocr: str | None = None) -> None:
        """The dialog's text: the file count, the scan's page being read, and what cannot be read here."""
        self._files = files
        if self.dialog.ended or self.op.stopped:
            return
        self.dialog.setLabelText("\n\n".join([files, *([ocr] if ocr else []), *self.problems]))

    def _page_read(self, path: str, page: int, pages: int) -> None:
        self._label(self._files, ocr_line(path, page, pages))
        self.page_read.emit(path, page, pages)

    def summary_line(self, report) -> str:
        return summary_line(report)

    def _summarise(self, report) -> None:
        self.report = report
        if self.show_summary and (report.rejected or report.duplicates or report.cancelled or report.stopped
                                  or report.problems or len(report.imported) > 1):
            self.summary_dialog = ImportSummary(report, self.parent_widget)
            self.summary_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary_dialog.open()  # window-modal, without blocking the event loop
