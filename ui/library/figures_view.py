"""Key figures: label, value, unit, as-of, source and status in a table; made, edited and deleted by hand.

The table is a hand-written model over ``figures.list_figures``; its short
columns (value, unit, as-of, status) are as wide as what they hold and the
figure's name and source share the rest. The form below it edits the chosen
figure (or a new one), its source document chosen by title and the figures
it is derived from ticked by name (``figure_pickers``), and Save writes it
as one undoable edit through ``RecordEdits``. The pre-flight check's stale and
conflicting figures are opened here (``show_figure``, with the problem's
message above the form) so they are mended where they are shown.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from briefing.library.figures import (
    FIGURE_STATUSES,
    STATUS_WORDS,
    create_figure,
    delete_figure,
    list_figures,
    status_mark,
    update_figure,
)
from ui.common import theme
from ui.common.operations import Operation, OpRunner

from .figure_pickers import DocumentPicker, FigureChecklist
from .record_edits import RecordEdits
from .record_widgets import MessageLine, plain_label, scrolled

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole


class Col(IntEnum):
    LABEL = 0
    VALUE = 1
    UNIT = 2
    AS_OF = 3
    SOURCE = 4
    STATUS = 5


HEADERS = ("Figure", "Value", "Unit", "As of", "Source", "Status")
LONG_COLUMNS = (Col.LABEL, Col.SOURCE)
SHORT_COLUMN_CHARS = 60  # a value written out at length is cut (whole in its tooltip) beyond about this


def value_text(figure: dict[str, Any]) -> str:
    """The value as the form shows and takes it: "500", "about 120" (kept as text)."""
    if figure.get("value_text"):
        return figure["value_text"]
    value = figure.get("value")
    return "" if value is None else f"{value:g}"


def parse_value(text: str) -> dict[str, Any]:
    """``value`` for a number (spaces and commas between thousands allowed), else ``value_text``."""
    text = text.strip()
    plain = text.replace(",", "").replace(" ", "").replace("\u202f", "")
    try:
        return {"value": float(plain), "value_text": None}
    except ValueError:
        return {"value": None, "value_text": text or None}


class FigureTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.figures: list[dict[str, Any]] = []

    def set_figures(self, figures: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.figures = figures
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.figures)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < len(Col):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.figures):
            return None
        f, column = self.figures[index.row()], Col(index.column())
        if role == ID_ROLE:
            return f["id"]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if column == Col.LABEL:
            return f.get("label") or ""
        if column == Col.VALUE:
            return status_mark(f) + value_text(f)
        if column == Col.UNIT:
            return f.get("unit") or ""
        if column == Col.AS_OF:
            return f.get("as_of") or ""
        if column == Col.SOURCE:
            return f.get("source_title") or (f"document {f['source_document_id']}" if f.get("source_document_id") else "")
        status = f.get("status")
        text = STATUS_WORDS.get(status, "not judged yet") if status else "not judged yet"
        if role == Qt.ItemDataRole.ToolTipRole and f.get("reason"):
            return f"{text}: {f['reason']}"
        return text

    def row_of(self, figure_id: int) -> int:
        return next((r for r, f in enumerate(self.figures) if f["id"] == figure_id), -1)


def figure_line(figure: dict[str, Any]) -> str:
    """A figure as the derived-from list names it: its name, value (a number with its unit), and as of when."""
    unit = "" if figure.get("value_text") else figure.get("unit") or ""  # "about USD 500 million" says its unit
    value = " ".join(x for x in (value_text(figure), unit) if x)
    name = " ".join(str(figure.get("label") or "Unnamed figure").split())
    return f"{name} — {value or 'no value'} ({figure.get('as_of') or 'undated'})"


class FigureForm(QWidget):
    """The chosen figure's fields; ``values()`` gives them as the core takes them."""

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.source = DocumentPicker(runner)
        self.source.setToolTip("The document that states the figure: type words of its title (or its id) "
                               "and choose it from the list")
        self.fields: dict[str, QLineEdit] = {key: QLineEdit() for key in ("label", "value", "unit", "as_of",
                                                                          "said_by", "reason", "rule", "note")}
        self.fields["source_document_id"] = self.source
        self.fields["value"].setPlaceholderText("500, or text such as 'about 120'")
        self.fields["as_of"].setPlaceholderText("2022, 2022-08 or 2022-08-20")
        self.fields["reason"].setPlaceholderText("why it is not to be quoted")
        self.fields["rule"].setPlaceholderText("how it was derived, e.g. 500 / 1.4")
        self.derived = FigureChecklist()
        self.status = QComboBox()
        self.status.addItem("Not judged yet", None)
        for status in FIGURE_STATUSES:
            self.status.addItem(STATUS_WORDS[status].capitalize(), status)
        form = QFormLayout(self)
        for key, label in (("label", "Figure"), ("value", "Value"), ("unit", "Unit"), ("as_of", "As of"),
                           ("source_document_id", "Source document")):
            form.addRow(label, self.fields[key])
        form.addRow("Status", self.status)
        for key, label in (("reason", "Reason"), ("rule", "Rule")):
            form.addRow(label, self.fields[key])
        form.addRow("Derived from", self.derived)
        for key, label in (("said_by", "Said by"), ("note", "Note")):
            form.addRow(label, self.fields[key])

    def set_choices(self, figures: list[dict[str, Any]]) -> None:
        """The library's figures, to tick as what a figure is derived from."""
        self.derived.set_figures([(f["id"], figure_line(f)) for f in figures])

    def set_figure(self, figure: dict[str, Any] | None) -> None:
        figure = figure or {}
        for key, field in self.fields.items():
            if key == "value":
                field.setText(value_text(figure))
            elif key != "source_document_id":
                value = figure.get(key)
                field.setText("" if value is None else str(value))
        self.source.set_document(figure.get("source_document_id"), figure.get("source_title"))
        self.derived.set_checked(list(figure.get("derived_from") or []), hidden=figure.get("id"))
        self.status.setCurrentIndex(max(0, self.status.findData(figure.get("status"))))

    def problem(self) -> str | None:
        """What keeps the form from being saved as it stands, in a sentence (None: nothing)."""
        if self.source.unchosen():
            return ("Choose the source document from the list that opens as you type words of its title "
                    "(or type its id).")
        return None

    def values(self) -> dict[str, Any]:
        text = {k: f.text().strip() or None for k, f in self.fields.items()}
        values: dict[str, Any] = {k: text[k] for k in ("label", "unit", "as_of", "said_by", "reason", "rule", "note")}
        values.update(parse_value(self.fields["value"].text()))
        values["source_document_id"] = self.source.value()
        values["derived_from"] = self.derived.checked_ids() or None
        values["status"] = self.status.currentData()
        return values


class FiguresView(QWidget):
    status = Signal(str)

    def __init__(self, runner: OpRunner, edits: RecordEdits | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.edits = edits or RecordEdits(runner, self)
        self.edits.recorded.connect(lambda kind, _ident: kind == "figure" and self.refresh())
        self.figure: dict[str, Any] | None = None  # the figure in the form; None for a new one
        self._wanted: int | None = None
        self.model = FigureTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit(placeholderText="Filter figures")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # the figure's name and its source share what the short columns leave (``_fit_columns``)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in LONG_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._current)
        self.heading = plain_label("New figure", "pageTitle")
        self.problem = MessageLine()
        self.message = MessageLine()
        self.form = FigureForm(runner)
        new = theme.themed(QPushButton("New figure"), "add")
        new.clicked.connect(self.new_figure)
        self.save_button = theme.themed(QPushButton("Save figure"), "edit")
        self.save_button.clicked.connect(self.save)
        self.delete_button = theme.themed(QPushButton("Delete figure"), "delete")
        self.delete_button.clicked.connect(self.delete)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(new)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.delete_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.problem)
        lower_layout.addWidget(scrolled(self.form), 1)
        lower_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setSizes([380, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addWidget(split)
        self.new_figure()

    # ------------------------------------------------------------- showing

    def refresh(self) -> None:
        self.runner.read(lambda job: list_figures(job.store), "figures").on_success(self._fill)

    def _fill(self, figures: list[dict[str, Any]]) -> None:
        wanted = self._wanted if self._wanted is not None else (self.figure["id"] if self.figure else None)
        self.model.set_figures(figures)
        self._fit_columns()
        self.form.set_choices(figures)
        if wanted is not None and self.model.row_of(wanted) >= 0:
            self._select_row(wanted)
        elif self.figure is not None:
            self.new_figure()  # the figure shown is gone

    def _fit_columns(self) -> None:
        """Value, unit, as-of and status as wide as their longest entry, within reason."""
        widest = self.table.fontMetrics().averageCharWidth() * SHORT_COLUMN_CHARS
        for column in Col:
            if column not in LONG_COLUMNS:
                self.table.resizeColumnToContents(column)
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def show_figure(self, figure_id: int, problem: str | None = None) -> None:
        """Choose the figure (once the table has it), with the pre-flight problem that led here."""
        self._wanted = figure_id
        self.filter.clear()
        if problem:
            self.problem.error(problem)
        if self.model.row_of(figure_id) >= 0:
            self._select_row(figure_id)
        else:
            self.refresh()

    def _select_row(self, figure_id: int) -> None:
        source = self.model.index(self.model.row_of(figure_id), 0)
        index = self.proxy.mapFromSource(source)
        if index.isValid():
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)
            self._current(index)

    def _current(self, index: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not index.isValid():
            return
        row = self.proxy.mapToSource(index).row()
        figure = self.model.figures[row]
        if self._wanted is not None and figure["id"] != self._wanted:
            self.problem.clear_message()
        self._wanted = None
        if self.figure is None or self.figure["id"] != figure["id"]:
            self.message.clear_message()
        self.figure = figure
        self.heading.setText(figure.get("label") or "Figure")
        self.form.set_figure(figure)
        self.delete_button.setEnabled(True)

    def new_figure(self) -> None:
        self.figure = None
        self.table.clearSelection()
        self.heading.setText("New figure")
        self.problem.clear_message()
        self.message.clear_message()
        self.form.set_figure(None)
        self.delete_button.setEnabled(False)

    # ------------------------------------------------------------- edits

    def save(self) -> Operation | None:
        problem = self.form.problem()
        if problem:
            self.message.error(problem)
            return None
        values = self.form.values()
        figure = self.figure
        if figure is None:
            row = {k: v for k, v in values.items() if v is not None}
            op = self.edits.edit(lambda store: create_figure(store, row), "New figure", report=False)
        else:
            known = {k: figure.get(k) for k in values}
            known["derived_from"] = figure.get("derived_from") or None
            changes = {k: v for k, v in values.items() if v != known[k]}
            figure_id = figure["id"]
            op = self.edits.edit(lambda store: update_figure(store, figure_id, changes), "Edit figure", report=False)

        def saved(change) -> None:
            self._wanted = change.id
            self.problem.clear_message()
            self.message.info("Saved.")

        op.on_success(saved).on_failure(self.message.error)
        return op

    def delete(self) -> Operation | None:
        figure = self.figure
        if figure is None:
            return None
        figure_id = figure["id"]
        op = self.edits.edit(lambda store: delete_figure(store, figure_id), "Delete figure", report=False)
        op.on_success(lambda _: self.status.emit(f"Figure deleted: {figure['label']} (Edit ▸ Undo puts it back)"))
        op.on_failure(self.message.error)
        return op
