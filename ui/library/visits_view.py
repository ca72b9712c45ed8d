"""Visits and meetings: a list on the left, the chosen event's page on the right."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from briefing.library.events import get_event, list_events
from ui.common import theme
from ui.common.fitting import FlowLayout
from ui.common.markdown_view import SafeBrowser, to_html
from ui.common.operations import OpRunner

from .document_model import KIND_LABELS


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


class VisitsView(QWidget):
    document_activated = Signal(int)
    person_activated = Signal(int)
    new_book = Signal(dict)  # the event
    show_documents = Signal(int)  # event id: list them in the library
    status = Signal(str)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.current_event: dict | None = None
        self._pending_select: int | None = None
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._chosen)
        self.title = QLabel(objectName="pageTitle", wordWrap=True)
        self.meta = QLabel(objectName="muted", wordWrap=True)
        self.page = SafeBrowser()
        self.page.link_clicked.connect(self._link)
        self.new_book_button = theme.themed(QPushButton("New book for this visit…"), "book-new")
        self.new_book_button.clicked.connect(lambda: self.current_event and self.new_book.emit(self.current_event))
        self.library_button = theme.themed(QPushButton("Show its documents in the library"), "library")
        self.library_button.clicked.connect(lambda: self.current_event and self.show_documents.emit(self.current_event["id"]))
        buttons = QWidget()  # the two buttons wrap one under the other when the page is narrow
        buttons_flow = FlowLayout(buttons)
        buttons_flow.addWidget(self.new_book_button)
        buttons_flow.addWidget(self.library_button)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(buttons)
        layout.addWidget(self.page, 1)
        self.list.setMinimumWidth(180)
        right.setMinimumWidth(320)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 800])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)
        self._show(None)
        theme.watcher().changed.connect(self._restyle)

    def _restyle(self) -> None:
        if self.current_event is not None:
            self._show(self.current_event)  # its documents' particulars are in the muted colour

    def refresh(self) -> None:
        self.runner.read(lambda job: list_events(job.store), "visits").on_success(self._fill)

    def _fill(self, events: list[dict]) -> None:
        current = self.current_event["id"] if self.current_event else self._pending_select
        self.list.blockSignals(True)
        self.list.clear()
        for e in events:
            item = QListWidgetItem(f"{e['title']}\n{dates(e['start_date'], e['end_date'])}  ·  {e.get('place') or ''}")
            item.setData(Qt.ItemDataRole.UserRole, e["id"])
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.select(current if current is not None else (events[0]["id"] if events else None))

    def select(self, event_id: int | None) -> None:
        self._pending_select = event_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == event_id:
                self.list.setCurrentRow(row)
                self._chosen()
                return

    def _chosen(self, *_: object) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        event_id = item.data(Qt.ItemDataRole.UserRole)
        self.runner.read(lambda job: get_event(job.store, event_id), "visit").on_success(self._show)

    def _show(self, event: dict | None) -> None:
        self.current_event = event
        self.new_book_button.setEnabled(event is not None)
        self.library_button.setEnabled(event is not None)
        if event is None:
            self.title.setText("Visits and meetings")
            self.meta.setText("Choose a visit or meeting in the list.")
            self.page.clear()
            return
        self.title.setText(event["title"])
        kind = (event.get("kind") or "visit").replace("-", " ").capitalize()
        self.meta.setText("  ·  ".join(x for x in (kind, dates(event["start_date"], event["end_date"]),
                                                      event.get("place")) if x))
        self.page.document().setDefaultStyleSheet("")
        self.page.setHtml(event_html(event))

    def _link(self, url: QUrl) -> None:
        scheme, _, ident = url.toString().partition(":")
        if scheme == "document":
            self.document_activated.emit(int(ident))
        elif scheme == "person":
            self.person_activated.emit(int(ident))
