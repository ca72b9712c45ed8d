"""The library: search as you type, filters, a sortable lazy list with highlighted snippets.

A new search lists its results without opening any: the reader keeps the
open document until one is chosen (only the first list, as the app starts,
opens its newest document). The corrections (delete, merge duplicates,
re-analyse, and the details edited in the reader) go on the library's own
undo stack (``corrections``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QRegularExpression, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QFont,
    QKeySequence,
    QPalette,
    QRegularExpressionValidator,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from briefing.search import Filters, SearchPage
from briefing.search.listing import as_you_type, filter_choices, list_page
from ui.common import theme
from ui.common.fitting import FlowLayout, labelled
from ui.common.markdown_view import SafeDocument
from ui.common.operations import OpRunner

from .corrections import DocumentCorrections, library_actions
from .document_model import KIND_LABELS, Column, DocumentTableModel, PageRequest, Role

TYPING_PAUSE_MS = 180
# Markdown that reads as noise in a one-line passage: table rules and pipes, emphasis, heading marks
_SNIPPET_NOISE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+|(?<!\w)[*_#]{1,3}|[*_]{1,3}(?!\w)|\s\|\s")


def readable_snippet(snippet: str) -> str:
    """The core's snippet (HTML with <b> marks) without Markdown punctuation."""
    return " ".join(_SNIPPET_NOISE.sub(" ", snippet).split())


class SnippetDelegate(QStyledItemDelegate):
    """The title on one line and the matching passage, words found in bold, beneath it.

    A document found by the user's note shows the note on the last line
    ("Your note: …"), as plain text, beneath one line of the passage.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._doc = SafeDocument()  # the snippet is escaped by the core; nothing is loaded all the same
        self._doc.setDocumentMargin(0)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        height = option.fontMetrics.lineSpacing()
        return QSize(400, height * 3 + 10)

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        title, snippet = opt.text, readable_snippet(index.data(Role.SNIPPET) or "")
        opt.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text if selected else opt.palette.color(QPalette.ColorRole.PlaceholderText)
        rect = opt.rect.adjusted(6, 4, -6, -4)
        painter.save()
        font = QFont(opt.font)  # a copy: the snippet below is set in the row's own font
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text)
        metrics = painter.fontMetrics()
        painter.drawText(rect.left(), rect.top() + metrics.ascent(),
                         metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()))
        top = rect.top() + metrics.lineSpacing() + 2
        note = index.data(Role.NOTE)
        bottom = rect.bottom()
        if note:
            note_font = QFont(font)  # the snippet below keeps the row's font
            note_font.setBold(False)
            note_font.setItalic(True)
            painter.setFont(note_font)
            note_metrics = painter.fontMetrics()
            painter.drawText(rect.left(), rect.bottom() - note_metrics.descent(),
                             note_metrics.elidedText(note, Qt.TextElideMode.ElideRight, rect.width()))
            bottom = rect.bottom() - note_metrics.lineSpacing()
        self._doc.setDefaultFont(opt.font)
        self._doc.setTextWidth(rect.width())
        mark = "" if selected else "background-color: rgba(255, 214, 102, 0.35);"
        self._doc.setDefaultStyleSheet(f"b {{ font-weight: 600; color: {text.name()}; {mark} }}")
        self._doc.setHtml(f"<span style='color: {muted.name()}'>{snippet}</span>")
        painter.translate(rect.left(), top)
        painter.setClipRect(0, 0, rect.width(), bottom - top)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, muted)
        self._doc.documentLayout().draw(painter, context)
        painter.restore()


def fit_text(edit: QLineEdit, *samples: str) -> None:
    """Make a line edit at least wide enough to show each sample (placeholder, typical value) whole.

    A line edit's minimum is a few characters: squeezed in a row of filters it
    cut "From" to "F…". Its frame and margins are what its size hint adds to
    the width of its seventeen "x"s; the clear button, shown once there is
    text, takes an icon and Qt's spacing around it.
    """
    metrics = edit.fontMetrics()
    chrome = edit.sizeHint().width() - 17 * metrics.horizontalAdvance("x")
    if edit.isClearButtonEnabled():
        icon = edit.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, edit)
        chrome += icon + 6 + icon // 4
    text = max(metrics.horizontalAdvance(sample) for sample in samples)
    edit.setMinimumWidth(text + chrome + metrics.horizontalAdvance(" "))


class LibraryView(QWidget):
    """Search field, filter bar and the list of documents."""

    document_activated = Signal(int)
    add_to_book = Signal(list)  # document ids
    status = Signal(str)
    searched = Signal(str)  # the query the list now shows (for the reader to mark its words)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None, *, compact: bool = False):
        super().__init__(parent)
        self.runner = runner
        self.compact = compact
        self.model = DocumentTableModel(self._fetch, self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda message: self.status.emit(f"Search failed: {message}"))
        self._choices_op = None
        self._visit_scope: int | None = None  # beside a book for a visit: that visit's documents only
        self._opened_first = False  # the first list opens its first document; later searches open none
        self.corrections = DocumentCorrections(runner, self)
        self.corrections.status.connect(self.status)
        self._build()
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.run_search)

    # ------------------------------------------------------------- layout

    def _build(self) -> None:
        self.search_field = QLineEdit(objectName="searchField")
        self.search_field.setPlaceholderText("Search the library: names in any script, \"phrases\", -without, OR")
        self.search_field.setClearButtonEnabled(True)
        theme.themed(self.search_field.addAction(theme.icon("search"), QLineEdit.ActionPosition.LeadingPosition), "search")
        self.search_field.textChanged.connect(self._typed)
        self.search_field.returnPressed.connect(self.run_search)

        self.kind = QComboBox()
        self.kind.addItem("All kinds", None)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind)
        date_re = QRegularExpressionValidator(QRegularExpression(r"\d{0,4}(-\d{0,2}(-\d{0,2})?)?"), self)
        self.since = QLineEdit(placeholderText="From")
        self.since.setToolTip("From this date: a year (2019), a month (2019-05) or a day (2019-05-01)")
        self.until = QLineEdit(placeholderText="To")
        self.until.setToolTip("Up to this date: a year (2019), a month (2019-05) or a day (2019-05-01)")
        for edit in (self.since, self.until):
            edit.setValidator(date_re)
            edit.setClearButtonEnabled(True)
            fit_text(edit, edit.placeholderText(), "2019-05-01")
            edit.setMaximumWidth(max(170, edit.minimumWidth()))
        self.party = QComboBox(editable=True)
        self.party.lineEdit().setPlaceholderText("Any party")
        self.party.setMinimumContentsLength(12)
        self.tag = QComboBox()
        self.tag.addItem("Any tag", None)
        self.tag.setMinimumContentsLength(10)
        self.tag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.visit = QComboBox()
        self.visit.addItem("Any visit", None)
        self.visit.setMinimumContentsLength(18)
        self.visit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        for combo in (self.tag, self.visit):  # a long tag or visit title is elided; the list shows it whole
            combo.view().setTextElideMode(Qt.TextElideMode.ElideRight)
            combo.view().setMinimumWidth(combo.fontMetrics().horizontalAdvance("x") * 40)
        clear = QPushButton("Clear filters")
        clear.clicked.connect(self.clear_filters)
        for combo in (self.kind, self.tag, self.visit):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.party.currentTextChanged.connect(self._typed)
        for edit in (self.since, self.until):
            edit.textChanged.connect(self._typed)

        # the filters wrap onto a second row (and a third) when the list is narrow, rather than
        # holding the window wider than a laptop's screen
        self.filter_bar = QWidget()
        filters = FlowLayout(self.filter_bar, spacing=10)
        dates = QWidget()
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        dates_row.setSpacing(4)
        for label, widget in (("Dates", self.since), ("–", self.until)):
            caption = QLabel(label, objectName="muted")
            caption.setBuddy(widget)
            dates_row.addWidget(caption)
            dates_row.addWidget(widget)
        filters.addWidget(labelled("Kind", self.kind))
        filters.addWidget(dates)
        for label, widget in (("Party", self.party), ("Tag", self.tag), ("Visit", self.visit)):
            filters.addWidget(labelled(label, widget))
        filters.addWidget(clear)

        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setUniformRowHeights(True)  # 100,000 rows: heights are never measured one by one
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setItemDelegateForColumn(Column.TITLE, SnippetDelegate(self.view))
        self.view.setDragEnabled(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.view.setSortingEnabled(False)
        header = self.view.header()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(Column.KIND, 110)
        header.resizeSection(Column.DATE, 100)
        self.view.activated.connect(self._activated)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)

        self.count = QLabel(objectName="muted")
        self.notice = QLabel(objectName="muted", wordWrap=True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()

        top = QHBoxLayout()
        top.addWidget(self.search_field, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 4)
        layout.addLayout(top)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(220 if self.compact else 340)  # the titles keep some width beside the kind and date
        if self.compact:
            self.filter_bar.hide()
            self.search_field.setPlaceholderText("Find documents to add")
            header.setSectionHidden(Column.KIND, True)

        open_action = QAction("Open", self.view, shortcut=QKeySequence(Qt.Key.Key_Return))
        open_action.triggered.connect(self._open_current)
        self._open_action = open_action
        add_action = theme.themed(QAction("Add to the book", self.view), "book")
        add_action.triggered.connect(self._add_selected)
        self._add_action = add_action
        self.correction_actions = library_actions(self.corrections, self.selected_ids, self.view)
        if not self.compact:
            self.view.addAction(self.correction_actions["delete"])
        self.view.selectionModel().selectionChanged.connect(self._selection_state)
        self._selection_state()

    # ------------------------------------------------------------- searching

    def _fetch(self, request: PageRequest, done: Callable[[SearchPage], None], failed: Callable[[str], None]):
        query = as_you_type(request.query)

        def work(job):
            return list_page(job.store, query, request.filters, order=request.order,
                             descending=request.descending, limit=request.limit, offset=request.offset,
                             within="all")

        return self.runner.read(work, "search").on_success(done).on_failure(failed)

    def _typed(self, *_: object) -> None:
        self._typing.start()

    def _filters_changed(self, *_: object) -> None:
        self.run_search()

    def filters(self) -> Filters:
        kind = self.kind.currentData()
        return Filters(
            kinds=[kind] if kind else [],
            since=self.since.text().strip("-") or None,
            until=self.until.text().strip("-") or None,
            party=self.party.currentText().strip() or None,
            tag=self.tag.currentData(),
            visit=str(self.visit.currentData()) if self.visit.currentData() is not None
            else str(self._visit_scope) if self._visit_scope is not None else None,
        )

    def restrict_to_visit(self, event_id: int | None) -> None:
        """List only the documents of the visit ``event_id`` (None: the whole library); searched again if that
        changes the list, or if nothing was listed yet."""
        if event_id == self._visit_scope and (self.model.rowCount() or self.model.is_loading()):
            return
        self._visit_scope = event_id
        self.run_search()

    def run_search(self) -> None:
        self._typing.stop()
        query = self.search_field.text()
        if query != self.model.request.query:
            # a new question: best matches first, until the user picks a column
            order = "relevance" if query.strip() else "date"
            self.view.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            self.model.set_query(query, self.filters(), order=order, descending=True)
        else:
            self.model.set_query(query, self.filters())
        self.count.setText("Searching…")
        self.searched.emit(query)

    def _header_clicked(self, section: int) -> None:
        header = self.view.header()
        if header.sortIndicatorSection() != section:
            order = Qt.SortOrder.AscendingOrder if section == Column.TITLE else Qt.SortOrder.DescendingOrder
            header.setSortIndicator(section, order)
        self.model.sort(section, header.sortIndicatorOrder())

    def _loaded(self, total: int) -> None:
        noun = "document" if total == 1 else "documents"
        self.count.setText(f"{total:,} {noun}")
        if not self._opened_first and self.view.currentIndex().row() < 0 and self.model.rowCount():
            self._opened_first = True
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.view.clearSelection()

    def filtered(self) -> bool:
        """A search or a filter narrows the list."""
        return bool(self.search_field.text().strip()) or self.filters().any()

    def imported(self, report) -> None:
        """After an import: new documents a search or filter would hide are shown, and the bar says so."""
        count = len(report.imported)
        if not count or not self.filtered():
            return
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.clear_filters()
        noun = "document" if count == 1 else "documents"
        self.notice.setText(f"Search and filters cleared to show the {count} imported {noun}.")
        self.notice.show()

    def clear_filters(self) -> None:
        self.notice.hide()
        for combo in (self.kind, self.tag, self.visit):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        for edit in (self.since, self.until):
            edit.blockSignals(True)
            edit.clear()
            edit.blockSignals(False)
        self.party.blockSignals(True)
        self.party.setCurrentText("")
        self.party.blockSignals(False)
        self.run_search()

    def load_choices(self) -> None:
        """Fill the tag, party and visit filters from the library (in the background)."""
        self._choices_op = self.runner.read(lambda job: filter_choices(job.store), "filters").on_success(self._choices)

    def _choices(self, choices: dict) -> None:
        def refill(combo: QComboBox, first: str, items: list[tuple[str, object]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for label, data in items:
                combo.addItem(label, data)
            found = combo.findData(current)
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)

        refill(self.tag, "Any tag", [(t, t) for t in choices["tags"]])
        refill(self.visit, "Any visit", [(f"{v['start_date'] or ''}  {v['title']}", v["id"]) for v in choices["visits"]])
        text = self.party.currentText()
        self.party.blockSignals(True)
        self.party.clear()
        self.party.addItems(["", *choices["parties"]])
        self.party.setCurrentText(text)
        self.party.blockSignals(False)

    def refresh(self) -> None:
        self.model.refresh()
        self.load_choices()

    def set_visit_filter(self, event_id: int) -> None:
        index = self.visit.findData(event_id)
        if index >= 0:
            self.visit.setCurrentIndex(index)

    # ------------------------------------------------------------- actions

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.result_at(r).id for r in rows if self.model.result_at(r)]

    def _activated(self, index: QModelIndex) -> None:
        doc_id = index.data(Role.DOC_ID)
        if doc_id is not None:
            self.document_activated.emit(int(doc_id))

    def _open_current(self) -> None:
        if self.view.currentIndex().isValid():
            self._activated(self.view.currentIndex())

    def _add_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.add_to_book.emit(ids)

    def set_book_open(self, title: str | None) -> None:
        self._add_action.setEnabled(title is not None)
        self._add_action.setToolTip(f"Add to “{title}”" if title else "Open or start a book first")

    def _context_menu(self, point) -> None:
        if not self.view.indexAt(point).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self._open_action)
        menu.addAction(self._add_action)
        if not self.compact:
            menu.addSeparator()
            for name in ("merge", "reanalyse", "delete"):
                menu.addAction(self.correction_actions[name])
        menu.exec(self.view.viewport().mapToGlobal(point))

    def _selection_state(self, *_: object) -> None:
        count = len(self.view.selectionModel().selectedRows())
        self.correction_actions["merge"].setEnabled(count >= 2)
        chosen = count > 0 or self.view.currentIndex().isValid()
        for name in ("delete", "reanalyse"):
            self.correction_actions[name].setEnabled(chosen)

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()
