"""The book's contents as a tree view: dragging to reorder, and what was open kept across redraws.

The editor redraws the tree from the store after every write; ``BookTree``
remembers which sections were expanded and which row was chosen, so a
redraw leaves the user where they were.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from .model import BookTreeModel, Node, Role


class BookTree(QTreeView):
    """Sections and items, one chosen at a time, reordered by dragging; its context menu is the editor's."""

    def __init__(self, model: BookTreeModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setIconSize(QSize(16, 16))

    def expanded_sections(self) -> set[int]:
        """The ids of the rows now expanded (``expand_sections`` takes the sections among them)."""
        model = self.model()
        found: set[int] = set()

        def visit(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if self.isExpanded(index):
                    found.add(index.data(Role.ID))
                visit(index)

        visit(QModelIndex())
        return found

    def expand_sections(self, ids: set[int]) -> None:
        """Expand the sections whose ids are in ``ids`` (as ``expanded_sections`` gave them before a redraw)."""
        model = self.model()

        def visit(parent: QModelIndex) -> None:
            for row in range(model.rowCount(parent)):
                index = model.index(row, 0, parent)
                if index.data(Role.KIND) == "section" and index.data(Role.ID) in ids:
                    self.expand(index)
                visit(index)

        visit(QModelIndex())

    def current_key(self) -> tuple[str, int] | None:
        """The chosen row as ``("section" | "item", id)``, to choose it again after a redraw."""
        index = self.currentIndex()
        if not index.isValid():
            return None
        return ("section" if index.data(Role.KIND) == "section" else "item"), index.data(Role.ID)


def walk(node: Node) -> Iterator[Node]:
    """``node`` and everything under it."""
    yield node
    for child in node.children:
        yield from walk(child)
