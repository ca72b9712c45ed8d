"""The figure form's two choosers: the source document by its title, the figures a derived one comes from by name.

A diplomat knows a document by its title and date, not by its id:
``DocumentPicker`` is a line where words of the title (or an id) are typed;
the library is searched in the background as one types and the documents
found drop down with their kind and date; the one chosen is kept by its id
and shown by its title. ``FigureChecklist`` lists the library's figures
(name, value, as-of) with a box to tick, and a filter line for a long list.
Titles and labels are the user's text and are shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from briefing.errors import BriefingError
from briefing.library.documents import get_document
from briefing.search.listing import as_you_type, list_page
from ui.common.markdown_view import tooltip
from ui.common.operations import OpRunner

from .document_model import KIND_LABELS

ID_ROLE = Qt.ItemDataRole.UserRole + 1
TITLE_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_PAUSE_MS = 250
FOUND_AT_MOST = 12


def document_line(title: str, kind: str | None, date: str | None) -> str:
    """A document as the list of choices names it: its title, then its kind and date."""
    about = ", ".join(x for x in (KIND_LABELS.get(kind or "", kind or ""), date or "") if x)
    title = " ".join((title or "Untitled").split())
    return f"{title}  ·  {about}" if about else title


class DocumentPicker(QLineEdit):
    """The source document: typed words find it, the choice is kept by id (``value``); an id typed is taken too."""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.document_id: int | None = None
        self._shown = ""  # the text that stands for ``document_id``
        self.setPlaceholderText("type words of its title, then choose it")
        self.setClearButtonEnabled(True)
        self.found = QStandardItemModel(self)
        self.chooser = QCompleter(self.found, self)
        self.chooser.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)  # the search filtered
        self.chooser.setCompletionRole(TITLE_ROLE)  # the line shows the title chosen, not its kind and date
        self.chooser.setMaxVisibleItems(FOUND_AT_MOST)
        self.chooser.popup().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.chooser.activated[QModelIndex].connect(self._chosen)
        self.setCompleter(self.chooser)
        self._pause = QTimer(self, singleShot=True, interval=SEARCH_PAUSE_MS)
        self._pause.timeout.connect(self.search)
        self.textEdited.connect(lambda _: self._pause.start())
        self._op = None

    def set_document(self, document_id: int | None, title: str | None) -> None:
        """Show the figure's source (None: none yet)."""
        self.document_id = document_id
        self._shown = (title or f"document {document_id}") if document_id is not None else ""
        self.setText(self._shown)
        self.setCursorPosition(0)
        self.setToolTip(tooltip(self._shown))

    def value(self) -> int | str | None:
        """The chosen document's id; what was typed instead: an id as a number, other text as it is."""
        text = self.text().strip()
        if self.document_id is not None and text == self._shown.strip():
            return self.document_id
        if not text:
            return None
        return int(text) if text.isdigit() else text

    def unchosen(self) -> bool:
        """Words were typed and no document was chosen for them."""
        value = self.value()
        return isinstance(value, str)

    def search(self) -> None:
        """Find documents for the words typed (an id typed finds that document first)."""
        self._pause.stop()
        text = self.text().strip()
        if len(text) < 2 and not text.isdigit():
            self.found.clear()
            return
        query = as_you_type(text)

        def work(job):
            found = []
            if text.isdigit():
                try:
                    doc = get_document(job.store, int(text))
                    found.append((doc["id"], doc["title"], doc.get("kind"), doc.get("date")))
                except BriefingError:
                    pass
            try:
                page = list_page(job.store, query, limit=FOUND_AT_MOST)
            except BriefingError:
                return found
            return found + [(r.id, r.title, r.kind, r.date) for r in page.results if not found or r.id != found[0][0]]

        if self._op is not None:
            self._op.cancel()
        self._op = self.runner.read(work, "find a document").on_success(lambda rows: self._found(text, rows))

    def _found(self, text: str, rows: list[tuple]) -> None:
        self._op = None
        if text != self.text().strip():
            return  # typed on since: its own search follows
        self.found.clear()
        for doc_id, title, kind, date in rows:
            item = QStandardItem(document_line(title, kind, date))  # an item's text is plain text
            item.setData(int(doc_id), ID_ROLE)
            item.setData(title, TITLE_ROLE)
            item.setToolTip(tooltip(title))
            item.setEditable(False)
            self.found.appendRow(item)
        if rows and self.hasFocus():
            self.chooser.popup().setMinimumWidth(max(self.width(), 420))
            self.chooser.complete()

    def _chosen(self, index: QModelIndex) -> None:
        doc_id = index.data(ID_ROLE)
        if doc_id is not None:
            self.set_document(int(doc_id), index.data(TITLE_ROLE))


class FigureChecklist(QWidget):
    """The figures to tick; ``checked_ids`` keeps the order of those ticked before, then the list's order."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Find a figure")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Tick the figures this one is derived from")
        self._order: list[int] = []  # ids as the figure had them
        self._hidden: int | None = None  # the figure itself: none derives from itself
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 6 + 2 * self.list.frameWidth())

    def set_figures(self, figures: list[tuple[int, str]]) -> None:
        """The figures to offer, as (id, how it reads); what was ticked stays ticked."""
        ticked = self.checked_ids()
        self.list.clear()
        for figure_id, text in figures:
            item = QListWidgetItem(text)  # a list item's text is never rich text
            item.setData(ID_ROLE, int(figure_id))
            item.setToolTip(tooltip(text))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if figure_id in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self._order = ticked
        self._filter(self.filter.text())

    def set_checked(self, ids: list[int], hidden: int | None = None) -> None:
        """Tick ``ids`` and no others; ``hidden`` (the figure itself) is not offered."""
        self._order = list(ids)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(ID_ROLE) in ids else Qt.CheckState.Unchecked)
            item.setHidden(item.data(ID_ROLE) == hidden)
        self._hidden = hidden
        self.filter.clear()

    def checked_ids(self) -> list[int]:
        ticked = [item.data(ID_ROLE) for item in self._items() if item.checkState() == Qt.CheckState.Checked]
        offered = {item.data(ID_ROLE) for item in self._items()}
        # ids the list does not offer (yet) are kept as they were
        kept = [i for i in self._order if i in ticked or i not in offered]
        return kept + [i for i in ticked if i not in kept]

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(r) for r in range(self.list.count())]

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for item in self._items():
            matches = all(w in item.text().casefold() for w in words)
            ticked = item.checkState() == Qt.CheckState.Checked
            item.setHidden(item.data(ID_ROLE) == self._hidden or not (matches or ticked))
