"""Visits and meetings: a list on the left, the chosen event's page on the right, made and edited by hand.

The page's first tab is an overview; the others edit the visit
(``visit_editor.VisitEditor``). New visit asks for its particulars
(``NewVisitDialog``); every change is an undoable edit through ``RecordEdits``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from briefing.library.events import EVENT_KINDS, EventInUse, create_event, delete_event, get_event, list_events
from briefing.library.people import list_people
from ui.common import theme
from ui.common.fitting import FlowLayout, list_beside_page
from ui.common.markdown_view import SafeBrowser, to_html
from ui.common.operations import Operation, OpRunner

from .document_model import KIND_LABELS
from .record_edits import RecordEdits
from .record_widgets import MessageLine, plain_label
from .visit_editor import VisitEditor, date_field


def dates(start: str | None, end: str | None) -> str:
    if not start:
        return ""
    return start if not end or end == start else f"{start} – {end}"


def event_html(event: dict) -> str:
    parts = []
    if event.get("summary"):
        parts.append(to_html(event["summary"]))
    if event.get("people"):
        parts.append("<h3>Who took part</h3><ul>")
        for p in event["people"]:
            role = f" — {html.escape(p['role'])}" if p.get("role") else ""
            parts.append(f'<li><a href="person:{p["id"]}">{html.escape(p["name"])}</a>{role}</li>')
        parts.append("</ul>")
    parts.append(f"<h3>Documents ({len(event.get('documents', []))})</h3>")
    if event.get("documents"):
        parts.append("<ul>")
        for d in event["documents"]:
            kind = KIND_LABELS.get(d["kind"], d["kind"])
            parts.append(
                f'<li><a href="document:{d["id"]}">{html.escape(d["title"])}</a>'
                f' <span style="color:{theme.muted_colour()}">{kind}{", " + d["date"] if d.get("date") else ""}</span></li>'
            )
        parts.append("</ul>")
    else:
        parts.append("<p>No documents are linked to this event yet.</p>")
    return "".join(parts)


class NewVisitDialog(QDialog):
    """A new visit's particulars; the dialog stays open, saying why, until the core accepts them."""

    def __init__(self, create, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New visit")
        self.create = create
        self.title = QLineEdit(placeholderText="Official visit of the President to Azerbaijan")
        self.kind = QComboBox()
        for kind in EVENT_KINDS:
            self.kind.addItem(kind.capitalize(), kind)
        self.start, self.end = date_field(), date_field("the same day")
        self.place = QLineEdit(placeholderText="Baku")
        self.time_zone = QLineEdit(placeholderText="Asia/Baku")
        self.message = MessageLine()
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Kind", self.kind)
        form.addRow("First day", self.start)
        form.addRow("Last day", self.end)
        form.addRow("Place", self.place)
        form.addRow("Time zone", self.time_zone)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create visit")
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def fields(self) -> dict:
        return {"title": self.title.text(), "kind": self.kind.currentData(), "start_date": self.start.text(),
                "end_date": self.end.text(), "place": self.place.text(), "time_zone": self.time_zone.text()}

    def _create(self) -> None:
        op = self.create(self.fields())
        op.on_success(lambda _: self.accept())
        op.on_failure(self.message.error)


class VisitsView(QWidget):
    document_activated = Signal(int)
    person_activated = Signal(int)
    new_book = Signal(dict)  # the event
    show_documents = Signal(int)  # event id: list them in the library
    status = Signal(str)

    def __init__(self, runner: OpRunner, edits: RecordEdits | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.edits = edits or RecordEdits(runner, self)
        self.edits.recorded.connect(self._recorded)
        self.current_event: dict | None = None
        self._pending_select: int | None = None
        self._chosen_id: int | None = None
        self.new_visit_button = theme.themed(QPushButton("New visit…"), "add")
        self.new_visit_button.clicked.connect(self.new_visit)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._chosen)
        self.title = plain_label(object_name="pageTitle")
        self.meta = plain_label(object_name="muted")
        self.page = SafeBrowser()
        self.page.link_clicked.connect(self._link)
        self.new_book_button = theme.themed(QPushButton("New book for this visit…"), "book-new")
        self.new_book_button.clicked.connect(lambda: self.current_event and self.new_book.emit(self.current_event))
        self.library_button = theme.themed(QPushButton("Show its documents in the library"), "library")
        self.library_button.clicked.connect(lambda: self.current_event and self.show_documents.emit(self.current_event["id"]))
        self.delete_button = theme.themed(QPushButton("Delete visit…"), "delete")
        self.delete_button.clicked.connect(self.delete_visit)
        self.message = MessageLine()
        buttons = QWidget()  # the buttons wrap one under the other when the page is narrow
        buttons_flow = FlowLayout(buttons)
        buttons_flow.addWidget(self.new_book_button)
        buttons_flow.addWidget(self.library_button)
        buttons_flow.addWidget(self.delete_button)
        self.editor = VisitEditor(runner, self.edits)
        self.editor.insertTab(0, self.page, "Overview")
        self.editor.setCurrentIndex(0)
        self.editor.document_activated.connect(self.document_activated)
        self.editor.person_activated.connect(self.person_activated)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.editor, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.new_visit_button)
        left_layout.addWidget(self.list, 1)
        list_beside_page(self, left, right, (300, 830))
        self._show(None)
        theme.watcher().changed.connect(self._restyle)

    def _restyle(self) -> None:
        if self.current_event is not None:
            self._show(self.current_event)  # its documents' particulars are in the muted colour

    def refresh(self) -> None:
        self.runner.read(lambda job: list_events(job.store), "visits").on_success(self._fill)
        self.runner.read(lambda job: list_people(job.store), "people").on_success(self.editor.set_people)

    def _recorded(self, kind: str, ident: int) -> None:
        if kind in ("event", "person"):
            self.refresh()

    def _fill(self, events: list[dict]) -> None:
        # the one asked for last, not the one shown: its page may still be on its way
        current = self._pending_select if self._pending_select is not None else self._chosen_id
        self.list.blockSignals(True)
        self.list.clear()
        for e in events:
            when_where = "  ·  ".join(x for x in (dates(e["start_date"], e["end_date"]), e.get("place")) if x)
            item = QListWidgetItem(f"{e['title']}\n{when_where}")
            item.setData(Qt.ItemDataRole.UserRole, e["id"])
            self.list.addItem(item)
        self.list.blockSignals(False)
        if current is not None and not any(e["id"] == current for e in events):
            current = None  # deleted
        self.select(current if current is not None else (events[0]["id"] if events else None))
        if not events:
            self._show(None)

    def select(self, event_id: int | None) -> None:
        self._pending_select = event_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == event_id:
                self._pending_select = None
                self.list.setCurrentRow(row)
                self._chosen()
                return

    def _chosen(self, *_: object) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        event_id = self._chosen_id = item.data(Qt.ItemDataRole.UserRole)
        self.runner.read(lambda job: get_event(job.store, event_id), "visit").on_success(self._show)

    def _show(self, event: dict | None) -> None:
        if event is not None and self._chosen_id is not None and event["id"] != self._chosen_id:
            return  # a page read before another was chosen
        if event is not None and self.current_event is not None and event["id"] != self.current_event["id"]:
            self.message.clear_message()
        self.current_event = event
        self.editor.set_event(event)
        for button in (self.new_book_button, self.library_button, self.delete_button):
            button.setEnabled(event is not None)
        if event is None:
            self.title.setText("Visits and meetings")
            self.meta.setText("Choose a visit or meeting in the list, or make a new one.")
            self.page.clear()
            return
        self.title.setText(event["title"])
        kind = (event.get("kind") or "visit").replace("-", " ").capitalize()
        self.meta.setText("  ·  ".join(x for x in (kind, dates(event["start_date"], event["end_date"]),
                                                      event.get("place"), event.get("time_zone")) if x))
        self.page.document().setDefaultStyleSheet("")
        self.page.setHtml(event_html(event))

    def _link(self, url: QUrl) -> None:
        scheme, _, ident = url.toString().partition(":")
        if scheme == "document":
            self.document_activated.emit(int(ident))
        elif scheme == "person":
            self.person_activated.emit(int(ident))

    # ------------------------------------------------------------- making and deleting

    def new_visit(self) -> None:
        NewVisitDialog(self.create_visit, self).exec()

    def create_visit(self, fields: dict, people: list[int] | None = None) -> Operation:
        """Make a visit (title, kind, start_date, end_date, place, time_zone); it is shown once made."""
        row = {k: v for k, v in fields.items() if v not in (None, "")}
        op = self.edits.edit(lambda store: create_event(store, row, people=people or []), "New visit", report=False)

        def made(change) -> None:
            self._pending_select = change.id
            self.editor.setCurrentIndex(1)
            self.status.emit(f"Visit made: {row.get('title')}")

        op.on_success(made)
        return op

    def delete_visit(self) -> None:
        event = self.current_event
        if event is None:
            return
        answer = QMessageBox.question(self, "Delete visit", f"Delete the visit “{event['title']}”? Its documents and "
                                      "people stay in the library.")
        if answer == QMessageBox.StandardButton.Yes:
            self._delete(event, force=False)

    def _delete(self, event: dict, *, force: bool) -> None:
        event_id = event["id"]

        def work(store):
            if force:
                return delete_event(store, event_id, refuse_if=None)
            return delete_event(store, event_id)

        op = self.edits.edit(work, "Delete visit", report=False)

        def refused(message: str) -> None:
            if isinstance(op.error, EventInUse) and not force:
                answer = QMessageBox.question(
                    self, "Delete visit", f"{message}.\n\nDelete it anyway? The book stays, with no visit.")
                if answer == QMessageBox.StandardButton.Yes:
                    self._delete(event, force=True)
                return
            self.message.error(message)

        op.on_failure(refused)
        op.on_success(lambda _: self.status.emit(f"Visit deleted: {event['title']} (Edit ▸ Undo puts it back)"))
