"""Importing files and folders: choosing them, the work with progress and cancel, and what became of each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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
    return line + (" (stopped)" if report.cancelled else "")


class ImportSummary(QDialog):
    """What was imported, what was already there, and each rejected file with its reason."""

    def __init__(self, report, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Import finished" if not report.cancelled else "Import stopped")
        self.resize(760, 440)
        heading = QLabel(summary_line(report).removeprefix("Import: ").capitalize() + ".", wordWrap=True)
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
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


class ImportJob(ProgressJob):
    """One import on the writer, with a progress dialog (after a moment) and a summary when there is news.

    Stop (the dialog's Cancel) ends the import after the current file and
    keeps the files already imported: each file is its own transaction, and
    ``finished`` still brings the report (``report.cancelled``).
    """

    def __init__(self, runner: OpRunner, paths: list[str], parent: QWidget | None = None, *, summary: bool = True):
        def work(job):
            from briefing.importing import import_paths  # the importers load with the first import, not at start

            return import_paths(job.store, list(paths), progress=job.progress, should_cancel=job.should_cancel)

        def changed(report):
            return Changed(documents=True, events=True) if report.imported else None

        super().__init__(
            runner.write(work, "import", changes=changed),
            "Importing documents…",
            "Import",
            parent,
            cancel_text="Stop",
            stopping="Stopping after the current file…",
            describe=lambda done, total: f"Importing documents… {done} of {total}",
        )
        self.parent_widget = parent
        self.show_summary = summary
        self.report = None
        self.summary_dialog: ImportSummary | None = None
        self.finished.connect(self._summarise)
        self.failed.connect(lambda message: warn(self.parent_widget, "Import", message))

    def summary_line(self, report) -> str:
        return summary_line(report)

    def _summarise(self, report) -> None:
        self.report = report
        if self.show_summary and (report.rejected or report.duplicates or report.cancelled or len(report.imported) > 1):
            self.summary_dialog = ImportSummary(report, self.parent_widget)
            self.summary_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.summary_dialog.open()  # window-modal, without blocking the event loop
