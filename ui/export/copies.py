"""Numbered copies (Book ▸ Distribute numbered copies…): the recipients and folder, then the copies written."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.errors import BriefingError
from ui.common.actions import save_on_ctrl_enter
from ui.common.file_dialogs import choose_folder

from .export_dialog import default_file_name, file_row, profile_box


class DistributeDialog(QDialog):
    """Recipients (one a line), profile and output folder for numbered copies."""

    def __init__(self, book: dict, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Distribute numbered copies of “{book['title']}”")
        self.setMinimumWidth(560)
        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText("One recipient a line, in the order of the copies")
        self.profile = profile_box()
        slug = re.sub(r"[^\w-]+", "-", book.get("slug") or default_file_name(book["title"])[:-4]).strip("-")
        self.folder = QLineEdit(str(Path(folder) / f"{slug}-copies"))
        self.error = QLabel(objectName="error", wordWrap=True)
        form = QFormLayout()
        form.addRow("Recipients", self.recipients)
        form.addRow("Contents", self.profile)
        form.addRow("Folder", file_row(self.folder, self._browse))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write copies")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        save_on_ctrl_enter(self)

    def _browse(self) -> None:
        path = choose_folder(self, "Write the copies into", self.folder.text())
        if path:
            self.folder.setText(path)

    def _accept(self) -> None:
        from briefing.pdf.distribution import recipients_list  # the PDF package is loaded by the first export

        try:
            recipients_list(self.recipients.toPlainText().splitlines())
        except BriefingError as exc:
            self.error.setText(str(exc).replace("(--to NAME)", "").strip().capitalize())
            return
        if self.folder.text().strip():
            self.accept()

    def values(self) -> dict:
        return {
            "recipients": [line for line in self.recipients.toPlainText().splitlines() if line.strip()],
            "profile": self.profile.currentData(),
            "folder": self.folder.text().strip(),
        }


class CopiesWindow(QDialog):
    """The copies just written: copy number, recipient, file."""

    def __init__(self, result: dict, parent: QWidget | None = None):
        super().__init__(parent)
        files = result["files"]
        self.setWindowTitle(f"{len(files)} numbered {'copy' if len(files) == 1 else 'copies'} written")
        self.resize(760, 300)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Copy", "Recipient", "File"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 200)
        for f in files:
            self.tree.addTopLevelItem(QTreeWidgetItem([f"{f['copy']} of {len(files)}", f["recipient"], f["path"]]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Written to {Path(files[0]['path']).parent}" if files else "Nothing written."))
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
