"""The pocket card (Book ▸ Pocket card…): its size and file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.common.actions import save_on_ctrl_enter
from ui.common.file_dialogs import save_file

from .export_dialog import default_file_name, file_row


class CardDialog(QDialog):
    """Size and file of the pocket card."""

    def __init__(self, book: dict, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Pocket card for “{book['title']}”")
        self.setMinimumWidth(520)
        self.size_box = QComboBox()
        self.size_box.addItem("A6 (pocket)", "a6")
        self.size_box.addItem("A5", "a5")
        self.path = QLineEdit(str(Path(folder) / default_file_name(f"{book['title']} card")))
        form = QFormLayout()
        form.addRow("Size", self.size_box)
        form.addRow("File", file_row(self.path, self._browse))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make card")
        buttons.accepted.connect(lambda: self.accept() if self.path.text().strip() else None)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        save_on_ctrl_enter(self)

    def _browse(self) -> None:
        path = save_file(self, "Pocket card", self.path.text(), "PDF documents (*.pdf)")
        if path:
            self.path.setText(path)

    def values(self) -> dict:
        path = self.path.text().strip()
        return {"path": path if path.lower().endswith(".pdf") else path + ".pdf", "size": self.size_box.currentData()}
