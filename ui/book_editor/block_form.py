"""A generated block's options as a form: dates as date fields, figures and people as lists to tick, visits to choose.

The block is stored as a JSON object (``briefing.book.blocks``); the command
line writes that object, the app never shows it. ``BlockForm`` shows the
options the block's type accepts, each with a widget fit for its values, and
gives back the block with what the user changed (``block()``): options the
user did not touch keep the value they had, written the way they were
written (a slug stays a slug). ``load_choices`` reads, once per book, what
the lists offer: the library's figures, people, visits, statements and parties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from briefing.book.blocks import BLOCK_TYPES
from briefing.library.documents import list_documents
from briefing.library.events import EVENT_KINDS, list_events
from briefing.library.figures import list_figures
from briefing.library.people import list_people
from briefing.library.schema import DOCUMENT_KINDS, INSTRUMENTS
from briefing.library.store import Store

BOOK_VISIT = "book"
OPTION_ORDER = ("event", "document", "since", "until", "before", "party", "instrument", "kinds", "person",
                "people", "country", "figures", "labels", "series", "limit")
OPTION_LABELS = {
    "since": "From", "until": "Until", "before": "Before", "party": "Party", "instrument": "Instruments",
    "kinds": "Kinds", "event": "Visit", "person": "Person", "limit": "At most", "figures": "Figures",
    "labels": "Figures named", "series": "Series", "people": "People", "country": "Country",
    "document": "Statement",
}
TYPE_HELP = {
    "agreements": "Signed documents, filtered by date, party, instrument and visit. Computed when the book is exported.",
    "chronology": "Visits and meetings, newest first. Computed when the book is exported.",
    "figures": "Key figures with their sources and status. Nothing ticked: every figure in the library. "
               "Figures of a series are also drawn as a chart.",
    "counterparts": "Biographies of the people met, with their earlier meetings.",
    "commitments": "The numbered points of a joint statement.",
    "programme": "The visit's programme, day by day, in the visit's local time.",
}
LIST_HINTS = {
    ("agreements", "kinds"): "Nothing ticked: agreements only.",
    ("chronology", "kinds"): "Nothing ticked: every kind.",
    ("agreements", "instrument"): "Nothing ticked: every instrument.",
    ("figures", "figures"): "Nothing ticked: every figure (or those named below).",
    ("counterparts", "people"): "Nothing ticked: the people of the visit.",
}


@dataclass
class Option:
    """One entry of a list or a choice: what it is called on screen, what is written, and the names it may have."""

    label: str
    value: Any
    aliases: set[str] = field(default_factory=set)

    def matches(self, ref: Any) -> bool:
        return str(ref) in self.aliases or ref == self.value


def _record(row: dict, label: str) -> Option:
    value = row.get("slug") or row["id"]
    return Option(label, value, {str(row["id"]), *([row["slug"]] if row.get("slug") else [])})


@dataclass
class BlockChoices:
    """What the lists of a block's form offer, read from the library."""

    figures: list[Option] = field(default_factory=list)
    labels: list[Option] = field(default_factory=list)
    series: list[Option] = field(default_factory=list)
    people: list[Option] = field(default_factory=list)
    events: list[Option] = field(default_factory=list)
    statements: list[Option] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)


def load_choices(store: Store) -> BlockChoices:
    """The library's figures, people, visits, statements and parties, as a block's form offers them."""
    figures = list_figures(store)
    return BlockChoices(
        figures=[_record(f, f"{f['label']} ({f.get('as_of') or 'undated'})") for f in figures],
        labels=[Option(name, name) for name in sorted({f["label"] for f in figures if f.get("label")})],
        series=[Option(name, name) for name in sorted({f["series"] for f in figures if f.get("series")})],
        people=[_record(p, p["name"] + (f" — {p['role']}" if p.get("role") else "")) for p in list_people(store)],
        events=[_record(e, f"{e['title']} ({e.get('start_date') or 'undated'})") for e in list_events(store)],
        statements=[Option(f"{d['title']} ({d.get('date') or 'undated'})", d["id"], {str(d["id"])})
                    for d in list_documents(store, kind="joint-statement")],
        parties=[r["name"] for r in store.rows("SELECT DISTINCT name FROM document_parties ORDER BY name")],
    )


class DateField(QWidget):
    """A date that may be a year, a month or a day (``2022``, ``2022-08``, ``2022-08-24``), or none."""

    changed = Signal()
    PRECISIONS = (("", None), ("Year", "yyyy"), ("Month", "yyyy-MM"), ("Day", "yyyy-MM-dd"))

    def __init__(self, none_text: str = "Any date", parent: QWidget | None = None):
        super().__init__(parent)
        self.precision = QComboBox()
        for label, display in self.PRECISIONS:
            self.precision.addItem(label or none_text, display)
        self.date = QDateEdit(calendarPopup=True)
        self.date.setDate(QDate.currentDate())
        self.precision.currentIndexChanged.connect(self._precision_changed)
        self.precision.activated.connect(lambda _: self.changed.emit())
        self.date.dateChanged.connect(lambda _: self.changed.emit())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.precision)
        row.addWidget(self.date, 1)
        self._precision_changed()

    def _precision_changed(self, *_: object) -> None:
        display = self.precision.currentData()
        self.date.setEnabled(display is not None)
        self.date.setDisplayFormat(display or "yyyy-MM-dd")

    def value(self) -> str | None:
        display = self.precision.currentData()
        return self.date.date().toString(display) if display else None

    def set_value(self, text: str | None) -> None:
        parts = str(text).split("-") if text else []
        self.precision.setCurrentIndex(min(len(parts), 3))
        if parts:
            numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
            self.date.setDate(QDate(*numbers[:3]))


class BeforeField(QWidget):
    """``before``: no limit, before the book's visit starts, or before a date."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.mode = QComboBox()
        self.mode.addItem("No limit", None)
        self.mode.addItem("Before the visit starts", BOOK_VISIT)
        self.mode.addItem("Before a date", "date")
        self.date = DateField("Any date")
        self.date.precision.removeItem(0)  # a date is given here
        self.mode.currentIndexChanged.connect(lambda _: self.date.setVisible(self.mode.currentData() == "date"))
        self.mode.activated.connect(lambda _: self.changed.emit())
        self.date.changed.connect(self.changed.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.mode)
        row.addWidget(self.date, 1)
        self.date.hide()

    def value(self) -> str | None:
        mode = self.mode.currentData()
        return self.date.value() if mode == "date" else mode

    def set_value(self, value: str | None) -> None:
        mode = None if not value else BOOK_VISIT if value == BOOK_VISIT else "date"
        self.mode.setCurrentIndex(self.mode.findData(mode))
        if mode == "date":
            parts = str(value).split("-")
            self.date.precision.setCurrentIndex(len(parts) - 1)
            self.date.date.setDate(QDate(*([int(p) for p in parts] + [1] * (3 - len(parts)))[:3]))
        self.date.setVisible(mode == "date")


class CheckList(QListWidget):
    """Options to tick; what was stored and is not in the library stays, ticked, marked as such."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.options: list[Option] = []
        self.itemChanged.connect(lambda _: self.changed.emit())

    def set_options(self, options: list[Option], chosen: list[Any]) -> None:
        self.blockSignals(True)
        self.clear()
        self.options = list(options)
        for ref in chosen:
            if not any(o.matches(ref) for o in self.options):
                self.options.append(Option(f"{ref} (not in the library)", ref, {str(ref)}))
        for option in self.options:
            item = QListWidgetItem(option.label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = any(option.matches(ref) for ref in chosen)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            item.setToolTip(option.label)
            self.addItem(item)
        rows = max(3, min(len(self.options), 8))
        self.setFixedHeight(rows * max(self.sizeHintForRow(0), 18) + 2 * self.frameWidth() + 4)
        self.blockSignals(False)

    def checked(self, before: list[Any]) -> list[Any]:
        """The ticked values, each written as it was in ``before`` when it was there already."""
        values = []
        for row, option in enumerate(self.options):
            if self.item(row).checkState() == Qt.CheckState.Checked:
                values.append(next((ref for ref in before if option.matches(ref)), option.value))
        return values

    def tick(self, label_part: str, on: bool = True) -> None:
        """Tick the first option whose label holds ``label_part`` (for tests and keyboard users alike)."""
        for row, option in enumerate(self.options):
            if label_part in option.label:
                self.item(row).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
                return
        raise KeyError(label_part)


class ChoiceBox(QComboBox):
    """One record among the library's, or none; a stored name not in the library stays, marked as such."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.activated.connect(lambda _: self.changed.emit())
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)

    def set_options(self, first: list[Option], options: list[Option], chosen: Any) -> None:
        self.blockSignals(True)
        self.clear()
        every = [*first, *options]
        if chosen is not None and not any(o.matches(chosen) for o in every):
            every.append(Option(f"{chosen} (not in the library)", chosen, {str(chosen)}))
        for option in every:
            self.addItem(option.label, option)
        index = next((n for n, o in enumerate(every) if (chosen is None and o.value is None)
                      or (chosen is not None and o.matches(chosen))), 0)
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def value(self, before: Any) -> Any:
        option: Option | None = self.currentData()
        if option is None or option.value is None:
            return None
        return before if before is not None and option.matches(before) else option.value


class BlockForm(QWidget):
    """The options of one block, by its type; ``changed`` when the user changes one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.stored: dict = {}
        self.choices = BlockChoices()
        self.fields: dict[str, QWidget] = {}
        self.help = QLabel(objectName="muted", wordWrap=True)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self._type: str | None = None

    # ------------------------------------------------------------- showing

    def set_choices(self, choices: BlockChoices) -> None:
        self.choices = choices
        if self._type is not None:
            self._build(self.stored)

    def set_block(self, block: dict) -> None:
        """Show a stored block (a new one, or the same one redrawn after a save or an undo)."""
        self._build(dict(block))

    def _build(self, block: dict) -> None:
        self.stored = block
        self._type = block.get("type")
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        self.help = QLabel(TYPE_HELP.get(self._type, ""), objectName="muted", wordWrap=True)
        self.form.addRow(self.help)
        options = BLOCK_TYPES.get(self._type, {}).get("options", set())
        for key in [k for k in OPTION_ORDER if k in options]:
            widget = self._field(key, block.get(key))
            self.fields[key] = widget
            self.form.addRow(OPTION_LABELS[key], widget)
            hint = LIST_HINTS.get((self._type, key))
            if hint:
                self.form.addRow("", QLabel(hint, objectName="muted", wordWrap=True))

    def _field(self, key: str, value: Any) -> QWidget:
        kind, c = self._type, self.choices
        if key in ("since", "until"):
            widget = DateField("Any date")
            widget.set_value(value)
        elif key == "before":
            widget = BeforeField()
            widget.set_value(value)
        elif key in ("party", "country"):
            widget = QComboBox(editable=True)
            widget.addItem("")
            if key == "party":
                widget.addItems(c.parties)
            widget.setCurrentText(str(value or ""))
            widget.lineEdit().setPlaceholderText("a name in any script, or a country code" if key == "party"
                                                 else "a country code, e.g. AZ")
            widget.activated.connect(lambda _: self.changed.emit())
            widget.lineEdit().textEdited.connect(lambda _: self.changed.emit())
            return widget
        elif key == "limit":
            widget = QSpinBox(minimum=0, maximum=10_000)
            widget.setSpecialValueText("No limit")
            widget.setValue(int(value or 0))
            widget.valueChanged.connect(lambda _: self.changed.emit())
            return widget
        elif key in ("instrument", "kinds", "figures", "labels", "series", "people"):
            widget = CheckList()
            options = {
                "instrument": [Option(name.capitalize(), name) for name in INSTRUMENTS],
                "kinds": [Option(name.replace("-", " ").capitalize(), name)
                          for name in (DOCUMENT_KINDS if kind == "agreements" else EVENT_KINDS)],
                "figures": c.figures, "labels": c.labels, "series": c.series, "people": c.people,
            }[key]
            chosen = [value] if isinstance(value, (str, int)) else list(value or [])
            widget.set_options(options, chosen)
        elif key == "event":
            widget = ChoiceBox()
            first = [Option("The book's visit", None if kind in ("counterparts", "programme") else BOOK_VISIT,
                            {BOOK_VISIT})]
            if kind == "agreements":
                first.insert(0, Option("Any visit, or none", None))
            widget.set_options(first, c.events, value)
        elif key == "person":
            widget = ChoiceBox()
            widget.set_options([Option("Anyone", None)], c.people, value)
        elif key == "document":
            widget = ChoiceBox()
            widget.set_options([Option("(choose the statement)", None)], c.statements, value)
        else:
            widget = QLineEdit(str(value or ""))
            widget.textEdited.connect(lambda _: self.changed.emit())
            return widget
        widget.changed.connect(self.changed.emit)
        return widget

    # ------------------------------------------------------------- reading

    def block(self) -> dict:
        """The block as the form now says: the stored one with each option's shown value."""
        block = dict(self.stored)
        for key, widget in self.fields.items():
            before = self.stored.get(key)
            if isinstance(widget, (DateField, BeforeField)):
                value = widget.value()
            elif isinstance(widget, CheckList):
                previous = [before] if isinstance(before, (str, int)) else list(before or [])
                value = widget.checked(previous) or None
                if isinstance(before, (str, int)) and value and len(value) == 1:
                    value = value[0]  # one name was written alone: it stays so
            elif isinstance(widget, ChoiceBox):
                value = widget.value(before)
            elif isinstance(widget, QSpinBox):
                value = widget.value() or None
            elif isinstance(widget, QComboBox):
                value = widget.currentText().strip() or None
            else:
                value = widget.text().strip() or None
            if value is None:
                block.pop(key, None)
            else:
                block[key] = value
        return block
