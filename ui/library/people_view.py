"""People: counterparts, speakers and experts, with their biographies and the events they took part in."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from briefing.library.people import get_person, list_people
from ui.common.markdown_view import SafeBrowser, to_html
from ui.common.operations import OpRunner

from .visits_view import dates


def person_html(person: dict) -> str:
    parts = []
    if person.get("variants"):
        parts.append("<p><i>Also written:</i> " + ", ".join(html.escape(v) for v in person["variants"]) + "</p>")
    parts.append(to_html(person.get("biography") or "No biography yet."))
    if person.get("events"):
        parts.append("<h3>Visits and meetings</h3><ul>")
        for e in person["events"]:
            parts.append(f'<li><a href="visit:{e["id"]}">{html.escape(e["title"])}</a> — '
                         f'{dates(e.get("start_date"), None)}{", " + html.escape(e["place"]) if e.get("place") else ""}</li>')
        parts.append("</ul>")
    return "".join(parts)


class PeopleView(QWidget):
    visit_activated = Signal(int)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.person: dict | None = None
        self._pending_select: int | None = None
        self.filter = QLineEdit(placeholderText="Filter by name")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._chosen)
        self.title = QLabel(objectName="pageTitle", wordWrap=True)
        self.meta = QLabel(objectName="muted", wordWrap=True)
        self.page = SafeBrowser()
        self.page.link_clicked.connect(self._link)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.page, 1)
        left.setMinimumWidth(180)
        right.setMinimumWidth(320)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setChildrenCollapsible(False)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 800])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

    def refresh(self) -> None:
        self.runner.read(lambda job: list_people(job.store), "people").on_success(self._fill)

    def _fill(self, people: list[dict]) -> None:
        current = self.person["id"] if self.person else self._pending_select
        self.list.blockSignals(True)
        self.list.clear()
        for p in people:
            item = QListWidgetItem(f"{p['name']}\n{p.get('role') or ''}")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            item.setData(Qt.ItemDataRole.UserRole + 1, " ".join([p["name"], *p.get("variants", [])]).casefold())
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.select(current if current is not None else (people[0]["id"] if people else None))

    def select(self, person_id: int | None) -> None:
        self._pending_select = person_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                self.list.setCurrentRow(row)
                self._chosen()
                return

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in item.data(Qt.ItemDataRole.UserRole + 1))

    def _chosen(self, *_: object) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        person_id = item.data(Qt.ItemDataRole.UserRole)
        self.runner.read(lambda job: get_person(job.store, person_id), "person").on_success(self._show)

    def _show(self, person: dict) -> None:
        self.person = person
        self.title.setText(person["name"])
        self.meta.setText("  ·  ".join(x for x in (person.get("role"), person.get("country")) if x))
        self.page.setHtml(person_html(person))

    def _link(self, url: QUrl) -> None:
        scheme, _, ident = url.toString().partition(":")
        if scheme == "visit":
            self.visit_activated.emit(int(ident))
