"""The library beside the open book, to add documents from: a book for a visit starts from that visit's documents.

The document list is the library's own (``LibraryView``, compact); above it a
caption, and for a book made for a visit a box, ticked when the book opens,
that keeps the list to the visit's documents until it is unticked. A visit
with no documents yet lists the whole library rather than nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.common.markdown_view import tooltip
from ui.common.operations import OpRunner
from ui.library.library_view import LibraryView


class LibraryBeside(QWidget):
    """The caption, "Only this visit's documents" and the list (``library``)."""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.book: dict | None = None
        self.library = LibraryView(runner, compact=True)
        self.library.set_book_open("this book")
        self.library.model.loaded.connect(self._loaded)
        caption = QLabel("Add from the library: drag into the contents", objectName="muted", wordWrap=True)
        caption.setContentsMargins(8, 0, 0, 0)
        self.visit_only = QCheckBox("Only this visit's documents")
        self.visit_only.hide()
        self.visit_only.toggled.connect(lambda _: self._scope())
        scope_row = QHBoxLayout()
        scope_row.setContentsMargins(8, 0, 0, 0)  # in line with the caption
        scope_row.addWidget(self.visit_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addLayout(scope_row)
        layout.addWidget(self.library, 1)

    def book_opened(self, book: dict) -> None:
        """A book newly open: its visit's documents (the box ticked), or the whole library, newest first."""
        self.book = book
        self.visit_only.blockSignals(True)
        self.visit_only.setChecked(True)
        self.visit_only.blockSignals(False)
        self._scope()

    def _scope(self) -> None:
        event = (self.book or {}).get("event")
        self.visit_only.setVisible(event is not None)
        if event is not None:
            self.visit_only.setToolTip(
                tooltip(f"Only the documents of “{event['title']}”; untick to search the whole library"))
        self.library.restrict_to_visit(event["id"] if event is not None and self.visit_only.isChecked() else None)

    def _loaded(self, total: int) -> None:
        # a visit with no documents yet: the whole library, rather than an empty list
        if not total and not self.visit_only.isHidden() and self.visit_only.isChecked() \
                and not self.library.search_field.text().strip():
            self.visit_only.setChecked(False)
