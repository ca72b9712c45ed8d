"""A book's sections and items as a Qt tree, with drag and drop that asks rather than acts.

Dropping does not move anything by itself: the model says what the user asked
for (``move_requested``, ``documents_dropped``) and the editor turns it into an
undoable command; the tree is redrawn from the store when the command is done.
Within a section, its items come first, then its subsections (as in print).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QObject, Qt, Signal

from briefing.book.items import item_title
from ui.common import theme
from ui.library.document_model import DOCUMENT_IDS_MIME, KIND_LABELS, documents_in

NODE_MIME = "application/x-briefing-book-node"
ITEM_ICONS = {"document": "document", "excerpt": "excerpt", "note": "note", "block": "block"}


class Role(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # "section" or the item's kind
    ID = Qt.ItemDataRole.UserRole + 2
    RECORD = Qt.ItemDataRole.UserRole + 3  # the section's or item's dict


@dataclass(eq=False)
class Node:
    kind: str  # "root", "section" or "item"
    record: dict
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)

    @property
    def id(self) -> int | None:
        return self.record.get("id")

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0

    def item_count(self) -> int:
        return sum(1 for c in self.children if c.kind == "item")


def item_label(item: dict) -> str:
    kind = item["kind"]
    if kind == "document":
        return item.get("title") or item.get("document_title") or "Document"
    if kind == "excerpt":
        name = item.get("title") or item.get("document_title") or "Excerpt"
        return f"Excerpt: {name}"
    if kind == "block":
        block = item.get("block") or {}
        return item.get("title") or f"Generated: {block.get('type', 'block')}"
    return item_title(item)


class BookTreeModel(QAbstractItemModel):
    move_requested = Signal(str, int, object, int)  # "section"/"item", id, target section id (None: top), position
    documents_dropped = Signal(list, int, int)  # document ids, section id, position

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.root = Node("root", {})
        self.book: dict | None = None

    # ------------------------------------------------------------- content

    def set_book(self, book: dict | None) -> None:
        self.beginResetModel()
        self.book = book
        self.root = Node("root", {})
        if book:
            self._add_sections(self.root, book["sections"])
        self.endResetModel()

    def _add_sections(self, parent: Node, sections: list[dict]) -> None:
        for s in sections:
            node = Node("section", s, parent)
            parent.children.append(node)
            for item in s.get("items", []):
                node.children.append(Node("item", item, node))
            self._add_sections(node, s.get("sections", []))

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self.root

    def index_of(self, kind: str, ident: int) -> QModelIndex:
        def walk(parent: Node, parent_index: QModelIndex) -> QModelIndex:
            for row, child in enumerate(parent.children):
                index = self.index(row, 0, parent_index)
                if child.kind == kind and child.id == ident:
                    return index
                found = walk(child, index)
                if found.isValid():
                    return found
            return QModelIndex()

        return walk(self.root, QModelIndex())

    # ------------------------------------------------------------- the model

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        node = self.node(parent)
        if row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, 0, node.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        node: Node = index.internalPointer()
        parent = node.parent
        if parent is None or parent is self.root:
            return QModelIndex()
        return self.createIndex(parent.row(), 0, parent)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.column() > 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and section == 0:
            return "Contents"
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: Node = index.internalPointer()
        record = node.record
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return record["title"] if node.kind == "section" else item_label(record)
        if role == Qt.ItemDataRole.DecorationRole:
            return theme.icon("section" if node.kind == "section" else ITEM_ICONS.get(record["kind"], "note"))
        if role == Qt.ItemDataRole.ToolTipRole and node.kind == "item":
            details = [record["kind"].capitalize()]
            if record.get("document_kind"):
                details.append(KIND_LABELS.get(record["document_kind"], record["document_kind"]))
            if record.get("document_date"):
                details.append(record["document_date"])
            if record.get("marking"):
                details.append(record["marking"])
            return " · ".join(details)
        if role == Qt.ItemDataRole.FontRole and node.kind == "section" and node.parent is self.root:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Role.KIND:
            return "section" if node.kind == "section" else record["kind"]
        if role == Role.ID:
            return node.id
        if role == Role.RECORD:
            return record
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if index.internalPointer().kind == "section":
            flags |= base
        return flags

    # ------------------------------------------------------------- drag and drop

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [NODE_MIME, DOCUMENT_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        nodes = [self.node(i) for i in indexes if i.isValid()]
        mime = QMimeData()
        if nodes:
            mime.setData(NODE_MIME, json.dumps({"kind": nodes[0].kind, "id": nodes[0].id}).encode())
        return mime

    def canDropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:
        return self.drop_target(data, row, parent) is not None

    def drop_target(self, data: QMimeData, row: int, parent: QModelIndex) -> tuple[str, int | None, int] | None:
        """What a drop at ``row`` under ``parent`` means: (what, target section id, position), or None."""
        target = self.node(parent)
        if data.hasFormat(NODE_MIME):
            dragged = json.loads(bytes(data.data(NODE_MIME)).decode())
            if dragged["kind"] == "item":
                if target.kind != "section":
                    return None
                items = target.item_count()
                position = items if row < 0 else min(row, items)
                return "item", target.id, position
            if dragged["kind"] == "section":
                if target.kind == "item":
                    return None
                # a section cannot go inside itself or its own subsections
                walker: Node | None = target
                while walker is not None and walker is not self.root:
                    if walker.kind == "section" and walker.id == dragged["id"]:
                        return None
                    walker = walker.parent
                items = target.item_count()
                sections = len(target.children) - items
                position = sections if row < 0 else max(0, min(row - items, sections))
                return "section", None if target is self.root else target.id, position
            return None
        if data.hasFormat(DOCUMENT_IDS_MIME) and target.kind == "section":
            items = target.item_count()
            return "documents", target.id, items if row < 0 else min(row, items)
        return None

    def dropMimeData(self, data: QMimeData, action, row: int, column: int, parent: QModelIndex) -> bool:
        where = self.drop_target(data, row, parent)
        if where is None:
            return False
        what, section_id, position = where
        if what == "documents":
            self.documents_dropped.emit(documents_in(data), section_id, position)
        else:
            dragged = json.loads(bytes(data.data(NODE_MIME)).decode())
            self.move_requested.emit(what, dragged["id"], section_id, position)
        # the view must not remove the dragged row itself: the tree is redrawn from the store
        return False
