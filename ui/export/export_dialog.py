"""Exporting a book to PDF: the choices, then the work in the background with progress and cancel."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.book.profiles import profile_names
from ui.common.actions import save_on_ctrl_enter
from ui.common.file_dialogs import save_file
from ui.common.operations import Operation, OpRunner
from ui.common.progress import ProgressJob

if TYPE_CHECKING:
    from briefing.book.editions import PageMap

PROFILE_LABELS = {
    "full": "Full book",
    "working": "Working copy (private notes included, watermarked)",
    "press": "Press pack (lowest marking only, no annotations)",
}


def default_file_name(title: str) -> str:
    name = re.sub(r"[^\w\s.-]", "", title, flags=re.UNICODE).strip()
    name = re.sub(r"\s+", " ", name)[:80] or "briefing-book"
    return f"{name}.pdf"


def file_row(edit: QLineEdit, browse: Callable[[], None]) -> QHBoxLayout:
    """The file or folder field with its "Choose…" button beside it."""
    button = QPushButton("Choose…")
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def profile_box(default: str = "full") -> QComboBox:
    """The export profiles by their names on screen, ``default`` chosen."""
    box = QComboBox()
    for name in profile_names():
        box.addItem(PROFILE_LABELS.get(name, name.capitalize()), name)
    box.setCurrentIndex(max(0, box.findData(default)))
    return box


def prepare_folder(path: Path) -> str | None:
    """Make the folder ``path`` is to be written in, if missing; None when the file can be written there,
    else why not, in words."""
    folder = path.parent
    if path.is_dir():
        return f"“{path}” is a folder: give a file name to export to."
    blocker = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        return f"“{blocker}” is a file, not a folder: choose another place to export to."
    if not folder.exists():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return f"The folder “{folder}” does not exist and cannot be made ({exc.strerror or exc}). " \
                   "Choose another place to export to."
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"You cannot write in the folder “{folder}”. Choose another place to export to."
    return None


class ExportDialog(QDialog):
    """File, paper, export profile, addendum and watermark."""

    def __init__(self, book: dict, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Export “{book['title']}”")
        self.setMinimumWidth(560)
        self.path = QLineEdit(str(Path(folder) / default_file_name(book["title"])))
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.setCurrentIndex(max(0, self.paper.findData(book.get("paper") or "a4")))
        self.profile = profile_box()
        self.addendum = QCheckBox("Addendum since the last edition: only what was added, changed or withdrawn")
        self.watermark = QLineEdit()
        self.watermark.setPlaceholderText("e.g. DRAFT (leave empty for none)")
        form = QFormLayout()
        form.addRow("File", file_row(self.path, self._browse))
        form.addRow("Paper", self.paper)
        form.addRow("Contents", self.profile)
        form.addRow("", self.addendum)
        form.addRow("Watermark", self.watermark)
        self.error = QLabel(objectName="error", wordWrap=True)
        self.error.hide()
        self.path.textEdited.connect(lambda _: self.error.hide())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        save_on_ctrl_enter(self)

    def _browse(self) -> None:
        path = save_file(self, "Export to", self.path.text(), "PDF documents (*.pdf)")
        if path:
            self.path.setText(path if path.lower().endswith(".pdf") else path + ".pdf")

    def _accept(self) -> None:
        """Export only to a place that can be written: a missing folder is made; otherwise the dialog
        stays open, with everything chosen, and says why."""
        if not self.path.text().strip():
            self._refuse("Give the file to export to.")
            return
        problem = prepare_folder(Path(self.choices()["path"]))
        if problem:
            self._refuse(problem)
            return
        self.error.hide()
        self.accept()

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.path.setFocus()

    def choices(self) -> dict:
        path = self.path.text().strip()
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        return {
            "path": path,
            "paper": self.paper.currentData(),
            "profile": self.profile.currentData(),
            "watermark": self.watermark.text().strip() or None,
            "addendum": self.addendum.isChecked(),
        }


class ExportJob(ProgressJob):
    """One export: the pack (checked, cut to its profile, among its editions) written on a reader thread,
    then its page map kept on the writer, as the command line keeps it (``export_pack``), so that an
    addendum to this state can say which pages it replaces.

    ``choices["force"]`` goes ahead despite errors of the pre-flight check (the
    caller asked the user); without it such a book fails with the list.
    """

    def __init__(self, runner: OpRunner, book_id: int, choices: dict, parent: QWidget | None = None):
        self.choices = choices
        self.runner = runner
        self.page_map_op: Operation | None = None  # the write that keeps the page map, once submitted
        self._page_map: PageMap | None = None
        paper, profile, watermark, path = choices["paper"], choices["profile"], choices["watermark"], choices["path"]
        addendum, force = choices.get("addendum", False), choices.get("force", False)

        def work(job):
            from briefing.pdf.pack_export import export_pack  # ReportLab: loaded by the first export, not at start

            done = export_pack(job.store, book_id, path, profile=profile, paper=paper, watermark=watermark,
                               addendum=addendum, force=force, progress=job.progress, should_cancel=job.should_cancel)
            self._page_map = done.page_map
            return done.result

        # connected first: the page map's write is queued before anyone hears that the export is done
        op = runner.read(work, "export").on_success(lambda _result: self._keep_page_map())
        super().__init__(
            op,
            "Exporting the book…",
            "Export PDF",
            parent,
            describe=lambda done, total: f"Exporting the book… {done} of {total} parts laid out",
        )

    def _keep_page_map(self) -> None:
        pages, self._page_map = self._page_map, None
        if pages is not None:
            from briefing.book.editions import record_page_map  # the editions' modules load with the first export

            self.page_map_op = self.runner.write(lambda job: record_page_map(job.store, pages), "keep page map")
