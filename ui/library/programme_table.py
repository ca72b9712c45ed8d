"""A visit's programme as a table: one row per timed item, each cell edited in place.

The model holds ``programme.programme_of``'s items and never writes: an edited
cell asks for the change (``edit_requested(item_id, changes)``) and the view
sends it through the core (``update_programme_item``), whose answer is read
back. Date and time are as the visit's own clock reads them; a time may be a
span ("11:00-11:45").
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.common.markdown_view import tooltip

Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    DATE = 0
    TIME = 1
    WHAT = 2
    WHERE = 3
    WHO = 4
    DRESS = 5
    NOTES = 6


HEADERS = {Col.DATE: "Date", Col.TIME: "Time", Col.WHAT: "What", Col.WHERE: "Where", Col.WHO: "Who",
           Col.DRESS: "Dress", Col.NOTES: "Notes"}
FIELD = {Col.WHAT: "what", Col.WHERE: "place", Col.WHO: "who", Col.DRESS: "dress", Col.NOTES: "notes"}


def time_text(item: dict[str, Any]) -> str:
    """ "10:00", "11:00-11:45" (an end the same day), "" for a whole day; as typed back into the cell."""
    start = item.get("time") or ""
    end = item.get("ends") or ""
    day, _, end_time = end.partition(" ")
    if start and end_time and day == item.get("date"):
        return f"{start}-{end_time}"
    return start


def when_after(item: dict[str, Any], column: Col, text: str) -> str:
    """The item's "when" once its date or time cell reads ``text``."""
    date = text.strip() if column == Col.DATE else item.get("date") or ""
    time = text.strip() if column == Col.TIME else time_text(item)
    if time.casefold() in ("all day", "-"):
        time = ""
    return f"{date} {time}".strip()


class ProgrammeModel(QAbstractTableModel):
    edit_requested = Signal(int, dict)  # item id, the fields to change

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[dict[str, Any]] = []

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.items = [dict(i) for i in items]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Col):
                return HEADERS[Col(section)]
            if orientation == Qt.Orientation.Vertical:
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item, column = self.items[index.row()], Col(index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(str(self.data(index) or ""))  # a tooltip would read "<b>" as HTML
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == Col.DATE:
                return item.get("date") or ""
            if column == Col.TIME:
                text = time_text(item)
                return text if text or role == Qt.ItemDataRole.EditRole else "All day"
            return item.get(FIELD[column]) or ""
        if role == Qt.ItemDataRole.UserRole:
            return item["id"]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        item, column = self.items[index.row()], Col(index.column())
        text = str(value or "")
        if text == (self.data(index, Qt.ItemDataRole.EditRole) or ""):
            return False
        if column in (Col.DATE, Col.TIME):
            changes = {"when": when_after(item, column, text), "ends": None}
        else:
            changes = {FIELD[column]: text}
        self.edit_requested.emit(item["id"], changes)
        return False  # shown once the core has it: the view reads the programme back


class ProgrammeTable(QTableView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.programme = ProgrammeModel(self)
        self.setModel(self.programme)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        # the whole programme in sight at 1280×720: date, time and dress as wide as they are, the texts
        # sharing the rest and wrapping onto more lines, rather than a row running off to the right
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        header = self.horizontalHeader()
        for column in Col:
            short = column in (Col.DATE, Col.TIME, Col.DRESS)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents if short
                                        else QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def selected_numbers(self) -> list[int]:
        """The chosen items' numbers, from 1, as the core numbers them."""
        return sorted({i.row() + 1 for i in self.selectionModel().selectedRows()}
                      or ({self.currentIndex().row() + 1} if self.currentIndex().isValid() else set()))
