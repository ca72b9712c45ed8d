"""The library's documents as a lazy Qt table: pages are fetched in the background as the view scrolls.

The model does not query the store itself: it asks a ``fetch`` function for a
page (``PageRequest``) and receives it later through a callback, so a search
never blocks the window. A new query supersedes the one in flight (its page,
if it still arrives, is dropped).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QObject, Qt, Signal

from briefing.search import Filters, SearchPage, SearchResult
from ui.common.markdown_view import tooltip

DOCUMENT_IDS_MIME = "application/x-briefing-document-ids"
FIRST_PAGE = 100
NEXT_PAGE = 300


class Column(IntEnum):
    TITLE = 0
    KIND = 1
    DATE = 2


HEADERS = {Column.TITLE: "Title", Column.KIND: "Kind", Column.DATE: "Date"}
ORDER_OF_COLUMN = {Column.TITLE: "title", Column.KIND: "kind", Column.DATE: "date"}


class Role(IntEnum):
    DOC_ID = Qt.ItemDataRole.UserRole + 1
    SNIPPET = Qt.ItemDataRole.UserRole + 2
    RESULT = Qt.ItemDataRole.UserRole + 3
    NOTE = Qt.ItemDataRole.UserRole + 4  # "Your note: …" as plain text, for a document found by a note


_MARKS = re.compile(r"</?b>")


def note_line(result: SearchResult) -> str | None:
    """What a result found by the user's note says under its document: the note's snippet, plain text."""
    if result.note_snippet is None:
        return None
    # the core's snippet is escaped HTML with <b> marks: back to the note's own characters
    return "Your note: " + html.unescape(_MARKS.sub("", result.note_snippet))


KIND_LABELS = {
    "agreement": "Agreement",
    "joint-statement": "Joint statement",
    "speech": "Speech",
    "article": "Article",
    "note": "Note",
}


@dataclass(frozen=True)
class PageRequest:
    query: str = ""
    filters: Filters = field(default_factory=Filters)
    order: str = "relevance"
    descending: bool = True
    offset: int = 0
    limit: int = FIRST_PAGE


class Cancellable(Protocol):
    def cancel(self) -> None: ...


Fetch = Callable[[PageRequest, Callable[[SearchPage], None], Callable[[str], None]], Cancellable | None]


def mime_for_documents(doc_ids: list[int], titles: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(DOCUMENT_IDS_MIME, json.dumps(doc_ids).encode())
    mime.setText("\n".join(titles))
    return mime


def documents_in(mime: QMimeData) -> list[int]:
    if not mime.hasFormat(DOCUMENT_IDS_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(mime.data(DOCUMENT_IDS_MIME)).decode())]
    except (ValueError, TypeError):
        return []


class DocumentTableModel(QAbstractTableModel):
    """Search results, loaded a page at a time; ``total`` counts every match."""

    loaded = Signal(int)  # total, after a new query's first page arrived
    failed = Signal(str)

    def __init__(self, fetch: Fetch, parent: QObject | None = None):
        super().__init__(parent)
        self._fetch = fetch
        self._request = PageRequest()
        self._rows: list[SearchResult] = []
        self._total = 0
        self._generation = 0
        self._pending: Cancellable | None = None
        self._fetching_more = False

    # ------------------------------------------------------------- queries

    @property
    def request(self) -> PageRequest:
        return self._request

    @property
    def total(self) -> int:
        return self._total

    def is_loading(self) -> bool:
        """A new query's first page is on its way."""
        return self._pending is not None and not self._fetching_more

    def set_query(self, query: str, filters: Filters | None = None, *, order: str | None = None,
                  descending: bool | None = None) -> None:
        """Run a new query; the rows shown stay until its first page arrives."""
        self._request = replace(
            self._request,
            query=query,
            filters=filters if filters is not None else self._request.filters,
            order=order if order is not None else self._request.order,
            descending=descending if descending is not None else self._request.descending,
            offset=0,
            limit=FIRST_PAGE,
        )
        self.refresh()

    def refresh(self) -> None:
        """Fetch the first page again (after a change to the library, or a new query)."""
        if self._pending is not None:
            self._pending.cancel()
        self._generation += 1
        generation = self._generation
        self._fetching_more = False
        request = replace(self._request, offset=0, limit=max(FIRST_PAGE, min(len(self._rows), 1000)))
        self._pending = self._fetch(
            request,
            lambda page: self._first_page(generation, page),
            lambda message: self._failed(generation, message),
        )

    def _first_page(self, generation: int, page: SearchPage) -> None:
        if generation != self._generation:
            return
        self._pending = None
        self.beginResetModel()
        self._rows = list(page.results)
        self._total = page.total
        self.endResetModel()
        self.loaded.emit(self._total)

    def _failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._pending = None
            self._fetching_more = False
            self.failed.emit(message)

    # ------------------------------------------------------------- lazy loading

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching_more and len(self._rows) < self._total

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching_more = True
        generation = self._generation
        request = replace(self._request, offset=len(self._rows), limit=NEXT_PAGE)
        self._pending = self._fetch(
            request,
            lambda page: self._more(generation, request.offset, page),
            lambda message: self._failed(generation, message),
        )

    def _more(self, generation: int, offset: int, page: SearchPage) -> None:
        if generation != self._generation or offset != len(self._rows):
            return
        self._pending = None
        self._fetching_more = False
        self._total = page.total
        if page.results:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.results) - 1)
            self._rows.extend(page.results)
            self.endInsertRows()
        elif len(self._rows) < self._total:
            self._total = len(self._rows)  # the library shrank meanwhile

    # ------------------------------------------------------------- the model

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return HEADERS[Column(section)]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        result = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.TITLE:
                return result.title
            if column == Column.KIND:
                return KIND_LABELS.get(result.kind, result.kind)
            return result.date or ""
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.TITLE:
            note = note_line(result)
            text = f"{result.title}\n\n{note}" if note else result.title
            return tooltip(text)  # a tooltip reads HTML-looking text as HTML: escaped
        if role == Role.NOTE:
            return note_line(result)
        if role == Role.DOC_ID:
            return result.id
        if role == Role.SNIPPET:
            return result.snippet
        if role == Role.RESULT:
            return result
        if role == Qt.ItemDataRole.TextAlignmentRole and column != Column.TITLE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self.set_query(
            self._request.query,
            order=ORDER_OF_COLUMN[Column(column)],
            descending=order == Qt.SortOrder.DescendingOrder,
        )

    def mimeTypes(self) -> list[str]:
        return [DOCUMENT_IDS_MIME, "text/plain"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return mime_for_documents([self._rows[r].id for r in rows], [self._rows[r].title for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def result_at(self, row: int) -> SearchResult | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None
