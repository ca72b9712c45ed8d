"""A Markdown editor with a live preview, and a dialog around it for annotation notes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .markdown_view import SafeBrowser

PREVIEW_PAUSE_MS = 150


class MarkdownEditor(QWidget):
    """Plain text on the left, its rendering on the right, redrawn as the user pauses typing."""

    text_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.edit.setFont(font)
        self.edit.setPlaceholderText("Markdown: **bold**, *italic*, - lists, ## headings")
        self.preview = SafeBrowser()
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.edit)
        split.addWidget(self.preview)
        split.setSizes([1, 1])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_PAUSE_MS)
        self._timer.timeout.connect(self.render)
        self.edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        self._timer.start()
        self.text_changed.emit()

    def render(self) -> None:
        self._timer.stop()
        self.preview.show_markdown(self.edit.toPlainText())

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(text)
        self.edit.blockSignals(False)
        self.render()


PRIVATE_LABEL = "Private (only in the working copy)"


class NoteDialog(QDialog):
    """The note, colour and privacy of a highlight."""

    def __init__(self, quote: str, note: str = "", colour: str = "yellow", colours: tuple[str, ...] = (),
                 parent: QWidget | None = None, *, private: bool = False):
        super().__init__(parent)
        self.setWindowTitle("Highlight and note")
        self.resize(760, 420)
        shown = quote if len(quote) < 300 else quote[:297] + "…"
        passage = QLabel(f"“{shown}”", wordWrap=True)
        passage.setTextFormat(Qt.TextFormat.PlainText)
        self.colour = QComboBox()
        for name in colours:
            self.colour.addItem(name.capitalize(), name)
        self.colour.setCurrentIndex(max(0, self.colour.findData(colour)))
        self.private = QCheckBox(PRIVATE_LABEL)
        self.private.setChecked(private)
        self.private.setToolTip("A private note is left out of every export, pack and bundle "
                                "except the working copy, unless you ask for it.")
        self.editor = MarkdownEditor()
        self.editor.set_text(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setToolTip("Save the note (Ctrl+Enter)")
        # Enter is a new line in the note; Ctrl+Enter saves, from anywhere in the dialog
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)
        form = QFormLayout()
        form.addRow("Passage", passage)
        form.addRow("Colour", self.colour)
        form.addRow("", self.private)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Note (Markdown; Ctrl+Enter saves)"))
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.editor.edit.setFocus()
        self.editor.edit.installEventFilter(self)  # the text edit takes Ctrl+Enter as a key before a shortcut

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    def note(self) -> str:
        return self.editor.text().strip()

    def chosen_colour(self) -> str:
        return self.colour.currentData() or "yellow"

    def is_private(self) -> bool:
        return self.private.isChecked()
