"""Small widgets the record editors share: a one-line message, a people picker, a list documents are dropped on."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QCompleter, QFrame, QLabel, QLineEdit, QListWidget, QScrollArea, QWidget

from .document_model import documents_in


class MessageLine(QLabel):
    """One line saying what went wrong (or right) with the last edit; plain text, whatever the record holds."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("muted")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.hide()

    def error(self, text: str) -> None:
        self.setStyleSheet("color: #b3261e;")
        self._say(text)

    def info(self, text: str) -> None:
        self.setStyleSheet("")
        self._say(text)

    def _say(self, text: str) -> None:
        self.setText(" ".join(text.split()))
        self.setToolTip(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()


def plain_label(text: str = "", object_name: str = "") -> QLabel:
    """A label for text from the library: never read as rich text."""
    label = QLabel(text, objectName=object_name, wordWrap=True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def scrolled(widget: QWidget) -> QScrollArea:
    """A form that scrolls on a short screen rather than making the window taller."""
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class PeoplePicker(QLineEdit):
    """A name typed with completion from the people kept (every spelling); ``picked`` on Return."""

    picked = Signal(str)

    def __init__(self, placeholder: str = "Type a name, in any script", parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.names = QStringListModel(self)
        completer = QCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.returnPressed.connect(self._picked)

    def set_people(self, people: list[dict]) -> None:
        names: list[str] = []
        for p in people:
            for name in [p["name"], *p.get("variants", [])]:
                if name not in names:
                    names.append(name)
        self.names.setStringList(names)

    def _picked(self) -> None:
        text = self.text().strip()
        if text:
            self.picked.emit(text)


class DocumentDropList(QListWidget):
    """A list that takes documents dragged from the library list (``dropped``: their ids)."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if documents_in(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if documents_in(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = documents_in(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.dropped.emit(ids)
        else:
            event.ignore()
