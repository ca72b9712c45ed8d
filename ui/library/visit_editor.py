"""Editing a visit: its particulars, who takes part, its documents and its programme, one tab each.

Every change is one edit through ``RecordEdits`` (one transaction, undoable);
a refused one leaves the page as it was and says why on the tab's message line.
The page is drawn again from the core's answer (``set_event``).
"""

from __future__ import annotations

import zoneinfo

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.library.events import (
    EVENT_KINDS,
    change_participants,
    link_documents,
    unlink_documents,
    update_event,
)
from briefing.library.people import find_person
from briefing.library.programme import add_programme_items, remove_programme_items, update_programme_item
from ui.common import theme
from ui.common.markdown_editor import MarkdownEditor
from ui.common.markdown_view import tooltip
from ui.common.operations import Operation, OpRunner

from .library_view import LibraryView
from .programme_table import ProgrammeTable
from .record_edits import RecordEdits
from .record_widgets import DocumentDropList, MessageLine, PeoplePicker, scrolled

TEXT_FIELDS = ("title", "start_date", "end_date", "place", "time_zone")


def date_field(placeholder: str = "2025-03-12") -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    return field


class VisitEditor(QTabWidget):
    """The tabs of a visit's page; ``document_activated`` and ``person_activated`` open what a row names."""

    document_activated = Signal(int)
    person_activated = Signal(int)

    def __init__(self, runner: OpRunner, edits: RecordEdits, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.edits = runner, edits
        self.visit: dict | None = None
        self.addTab(scrolled(self._details_tab()), "Details")
        self.addTab(self._people_tab(), "Who takes part")
        self.addTab(self._documents_tab(), "Documents")
        self.addTab(self._programme_tab(), "Programme")
        self.currentChanged.connect(self._tab_shown)

    # ------------------------------------------------------------- building

    def _details_tab(self) -> QWidget:
        page = QWidget()
        self.fields = {name: QLineEdit() for name in ("title", "place")}
        self.fields["start_date"] = date_field()
        self.fields["end_date"] = date_field("the same day")
        self.fields["time_zone"] = QLineEdit(placeholderText="Asia/Baku")
        self.zone_names = QStringListModel(sorted(zoneinfo.available_timezones()))
        zones = QCompleter(self.zone_names, self)
        zones.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        zones.setFilterMode(Qt.MatchFlag.MatchContains)
        self.fields["time_zone"].setCompleter(zones)
        self.kind = QComboBox()
        for kind in EVENT_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.summary = MarkdownEditor()
        self.save_button = theme.themed(QPushButton("Save changes"), "edit")
        self.save_button.clicked.connect(self.save_details)
        self.details_message = MessageLine()
        dates = QHBoxLayout()
        dates.addWidget(self.fields["start_date"])
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.fields["end_date"])
        form = QFormLayout()
        form.addRow("Title", self.fields["title"])
        form.addRow("Kind", self.kind)
        form.addRow("Dates", dates)
        form.addRow("Place", self.fields["place"])
        form.addRow("Time zone", self.fields["time_zone"])
        buttons = QHBoxLayout()
        buttons.addWidget(self.details_message, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(page)
        layout.addLayout(form)
        layout.addWidget(QLabel("Summary (Markdown)", objectName="muted"))
        layout.addWidget(self.summary, 1)
        layout.addLayout(buttons)
        return page

    def _people_tab(self) -> QWidget:
        page = QWidget()
        self.participants = QListWidget()
        self.participants.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.participants.itemActivated.connect(
            lambda item: self.person_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.picker = PeoplePicker("Add someone: type a name in any script, then Return")
        self.picker.picked.connect(self.add_participant)
        add = theme.themed(QPushButton("Add"), "add")
        add.clicked.connect(lambda: self.add_participant(self.picker.text()))
        self.remove_person_button = theme.themed(QPushButton("Remove from the visit"), "delete")
        self.remove_person_button.clicked.connect(self.remove_participants)
        self.people_message = MessageLine()
        row = QHBoxLayout()
        row.addWidget(self.picker, 1)
        row.addWidget(add)
        row.addWidget(self.remove_person_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.people_message)
        layout.addWidget(self.participants, 1)
        return page

    def _documents_tab(self) -> QWidget:
        page = QWidget()
        self.documents = DocumentDropList()
        self.documents.setWordWrap(True)  # a treaty's long title whole, over two lines, rather than cut
        self.documents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.documents.setSpacing(2)
        self.documents.dropped.connect(self.link)
        self.documents.itemActivated.connect(
            lambda item: self.document_activated.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.unlink_button = theme.themed(QPushButton("Unlink"), "delete")
        self.unlink_button.clicked.connect(self.unlink)
        self.documents_message = MessageLine()
        self.library = LibraryView(self.runner, compact=True)  # lists the library the first time it is seen
        self.library.add_to_book.connect(self.link)
        self.library.document_activated.connect(self.document_activated)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel("Linked to this visit: drag documents here from the library", objectName="muted",
                              wordWrap=True), 1)
        head.addWidget(self.unlink_button)
        left_layout.addLayout(head)
        left_layout.addWidget(self.documents_message)
        left_layout.addWidget(self.documents, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.library)
        split.setChildrenCollapsible(False)
        split.setSizes([400, 400])
        layout = QVBoxLayout(page)
        layout.addWidget(split)
        return page

    def _programme_tab(self) -> QWidget:
        page = QWidget()
        self.programme = ProgrammeTable()
        self.programme.programme.edit_requested.connect(self.edit_item)
        add = theme.themed(QPushButton("Add item"), "add")
        add.clicked.connect(self.add_item)
        self.remove_item_button = theme.themed(QPushButton("Remove"), "delete")
        self.remove_item_button.clicked.connect(self.remove_items)
        self.zone_label = QLabel(objectName="muted", wordWrap=True)
        self.zone_label.setTextFormat(Qt.TextFormat.PlainText)
        self.programme_message = MessageLine()
        row = QHBoxLayout()
        row.addWidget(self.zone_label, 1)
        row.addWidget(add)
        row.addWidget(self.remove_item_button)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.programme_message)
        layout.addWidget(self.programme, 1)
        return page

    # ------------------------------------------------------------- showing

    def _tab_shown(self, index: int) -> None:
        library = self.library
        if self.widget(index).isAncestorOf(library) and not library.model.rowCount() \
                and not library.model.is_loading():
            library.run_search()  # the newest documents, before anything is typed

    def set_people(self, people: list[dict]) -> None:
        self.picker.set_people(people)

    def set_event(self, event: dict | None) -> None:
        same = self.visit is not None and event is not None and self.visit["id"] == event["id"]
        self.visit = event
        self.setEnabled(event is not None)
        if event is None:
            return None
        if not same:
            for message in (self.details_message, self.people_message, self.documents_message, self.programme_message):
                message.clear_message()
        for name, field in self.fields.items():
            field.setText(event.get(name) or "")
        self.kind.setCurrentIndex(max(0, self.kind.findData(event.get("kind") or "visit")))
        if self.summary.text() != (event.get("summary") or ""):
            self.summary.set_text(event.get("summary") or "")
        self.participants.clear()
        for p in event.get("people", []):
            item = QListWidgetItem(" — ".join(x for x in (p["name"], p.get("role")) if x))
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.participants.addItem(item)
        self.documents.clear()
        for d in event.get("documents", []):
            item = QListWidgetItem(f"{d['title']}" + (f"  ·  {d['date']}" if d.get("date") else ""))
            item.setData(Qt.ItemDataRole.UserRole, d["id"])
            item.setToolTip(tooltip(item.text()))
            self.documents.addItem(item)
        self.library.set_book_open(event["title"])
        self.programme.programme.set_items(event.get("programme", []))
        zone = event.get("time_zone")
        self.zone_label.setText(f"Times are local: {zone}." if zone else
                                "Times are local to the visit (give its time zone under Details).")

    # ------------------------------------------------------------- edits

    def _event_id(self) -> int | None:
        return self.visit["id"] if self.visit else None

    def save_details(self) -> Operation | None:
        event = self.visit
        if event is None:
            return None
        values = {name: field.text().strip() or None for name, field in self.fields.items()}
        values["kind"] = self.kind.currentData()
        values["summary"] = self.summary.text().strip() or None
        changes = {k: v for k, v in values.items() if v != (event.get(k) or None)}
        if not changes:
            self.details_message.info("Nothing to save.")
            return None
        event_id = event["id"]
        op = self.edits.edit(lambda store: update_event(store, event_id, changes), "Edit visit", report=False)
        op.on_success(lambda _: self.details_message.info("Saved."))
        op.on_failure(self.details_message.error)
        return op

    def add_participant(self, text: str) -> Operation | None:
        event_id, text = self._event_id(), text.strip()
        if event_id is None or not text:
            return None

        def work(store):
            return change_participants(store, event_id, add=[find_person(store, text)])

        op = self.edits.edit(work, "Add participant", report=False)
        op.on_success(lambda _: (self.picker.clear(), self.people_message.clear_message()))
        op.on_failure(self.people_message.error)
        return op

    def remove_participants(self) -> Operation | None:
        event_id = self._event_id()
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.participants.selectedItems()]
        if event_id is None or not ids:
            self.people_message.info("Choose who to remove in the list.")
            return None
        op = self.edits.edit(lambda store: change_participants(store, event_id, remove=ids), "Remove participant",
                             report=False)
        op.on_failure(self.people_message.error)
        return op

    def link(self, doc_ids: list[int]) -> Operation | None:
        event_id = self._event_id()
        if event_id is None or not doc_ids:
            return None
        op = self.edits.edit(lambda store: link_documents(store, event_id, doc_ids), "Link documents", report=False)
        op.on_success(lambda _: self.documents_message.info(
            f"{len(doc_ids)} document{'s' if len(doc_ids) != 1 else ''} linked."))
        op.on_failure(self.documents_message.error)
        return op

    def unlink(self) -> Operation | None:
        event_id = self._event_id()
        ids = [i.data(Qt.ItemDataRole.UserRole) for i in self.documents.selectedItems()]
        if event_id is None or not ids:
            self.documents_message.info("Choose the documents to unlink in the list.")
            return None
        op = self.edits.edit(lambda store: unlink_documents(store, event_id, ids), "Unlink documents", report=False)
        op.on_failure(self.documents_message.error)
        return op

    def add_item(self, fields: dict | None = None) -> Operation | None:
        event = self.visit
        if event is None:
            return None
        if fields is None:
            items = event.get("programme") or []
            day = items[-1]["date"] if items else event.get("start_date") or ""
            fields = {"when": f"{day} 09:00", "what": "New item"}
        event_id = event["id"]
        op = self.edits.edit(lambda store: add_programme_items(store, event_id, [fields]), "Add programme item",
                             report=False)
        op.on_success(lambda _: self.programme_message.clear_message())
        op.on_failure(self.programme_message.error)
        return op

    def edit_item(self, item_id: int, changes: dict) -> Operation | None:
        op = self.edits.edit(lambda store: update_programme_item(store, item_id, changes), "Edit programme item",
                             report=False)
        op.on_success(lambda _: self.programme_message.clear_message())
        op.on_failure(self.programme_message.error)
        return op

    def remove_items(self) -> Operation | None:
        event_id, numbers = self._event_id(), self.programme.selected_numbers()
        if event_id is None or not numbers:
            self.programme_message.info("Choose the items to remove in the table.")
            return None
        op = self.edits.edit(lambda store: remove_programme_items(store, event_id, numbers), "Remove programme items",
                             report=False)
        op.on_failure(self.programme_message.error)
        return op
