"""Windows that stay open beside the main window without blocking it: previews, result lists, message boxes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def keep_open(widget: QWidget, kept: list[QWidget]) -> QWidget:
    """Show ``widget``, held in ``kept`` until it is closed (it is then deleted and leaves the list)."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    widget.destroyed.connect(lambda *_: kept.remove(widget) if widget in kept else None)
    kept.append(widget)
    widget.show()
    return widget


def tell(parent: QWidget, kept: list[QWidget], title: str, text: str, warning: bool = False) -> QMessageBox:
    """A message box that does not block the window, held in ``kept`` until it is closed."""
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    keep_open(box, kept)
    return box
