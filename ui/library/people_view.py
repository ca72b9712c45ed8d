"""People: counterparts, speakers and experts, with their biographies and the events they took part in; made and edited by hand.

The list is filtered by ``find_people`` (any script, former titles too). The
page has an overview, the particulars and roles (``person_editor.PersonForm``)
and the biography; Save writes them as one undoable edit. The portrait is
dropped on the picture or chosen. Deleting someone a book prints asks first,
naming the book; a new name that is already kept offers to add it as a
spelling of the person found instead.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.book.people_in_books import merge_people_in_books, where_printed
from briefing.library.people import find_people, find_person, get_person, person_label
from briefing.library.person_edits import DuplicatePerson, PersonInUse, create_person, delete_person, update_person
from briefing.library.person_form import save_person
from briefing.library.portraits import portrait_of, read_portrait
from ui.common import theme
from ui.common.fitting import FlowLayout, list_beside_page
from ui.common.markdown_editor import MarkdownEditor
from ui.common.markdown_view import SafeBrowser, to_html
from ui.common.operations import Operation, OpRunner
from ui.common.wrapped_rows import WrappedList

from .person_editor import PersonForm, PortraitLabel
from .record_edits import RecordEdits
from .record_widgets import MessageLine, PeoplePicker, plain_label, scrolled
from .visits_view import dates

FILTER_PAUSE_MS = 200


def person_html(person: dict) -> str:
    parts = []
    if person.get("variants"):
        parts.append("<p><i>Also written:</i> " + ", ".join(html.escape(v) for v in person["variants"]) + "</p>")
    extra = [(label, person.get(key)) for key, label in (("address_form", "Address as"),
                                                         ("pronunciation", "Pronounced"))]
    for label, value in extra:
        if value:
            parts.append(f"<p><i>{label}:</i> {html.escape(value)}</p>")
    former = [r for r in person.get("roles") or [] if r.get("end_date")]
    if former:
        parts.append("<p><i>Formerly:</i> " + "; ".join(
            html.escape(", ".join(x for x in (r["role"], r.get("organisation")) if x))
            + f" ({html.escape(dates(r.get('start_date') or '…', r['end_date']))})" for r in former) + "</p>")
    parts.append(to_html(person.get("biography") or "No biography yet."))
    if person.get("events"):
        parts.append("<h3>Visits and meetings</h3><ul>")
        for e in person["events"]:
            parts.append(f'<li><a href="visit:{e["id"]}">{html.escape(e["title"])}</a> — '
                         f'{dates(e.get("start_date"), None)}{", " + html.escape(e["place"]) if e.get("place") else ""}</li>')
        parts.append("</ul>")
    return "".join(parts)


def _read_person(store, person_id: int) -> dict:
    person = get_person(store, person_id)
    person["portrait_data"] = (portrait_of(store, person_id) or {}).get("data")
    return person


class NewPersonDialog(QDialog):
    """A new person's name and first role; stays open, saying why, until the core accepts them."""

    def __init__(self, create, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New person")
        self.create = create
        self.fields = {key: QLineEdit() for key in ("name", "role", "organisation", "country", "role_from")}
        self.fields["name"].setPlaceholderText("Jeyhun Bayramov")
        self.fields["role_from"].setPlaceholderText("2020-07-16 (the day the role began)")
        self.message = MessageLine()
        form = QFormLayout()
        for key, label in (("name", "Name"), ("role", "Role"), ("organisation", "Organisation"),
                           ("country", "Country"), ("role_from", "In the role since")):
            form.addRow(label, self.fields[key])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create person")
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(480, self.sizeHint().height())

    def values(self) -> dict:
        return {k: f.text().strip() for k, f in self.fields.items() if f.text().strip()}

    def _create(self) -> None:
        op = self.create(self.values(), self)
        if op is not None:
            op.on_success(lambda _: self.accept())
            op.on_failure(self.message.error)


class PeopleView(QWidget):
    visit_activated = Signal(int)
    status = Signal(str)

    def __init__(self, runner: OpRunner, edits: RecordEdits | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.edits = edits or RecordEdits(runner, self)
        self.edits.recorded.connect(self._recorded)
        self.person: dict | None = None
        self._pending_select: int | None = None
        self._chosen_id: int | None = None
        self._typing = QTimer(self, singleShot=True, interval=FILTER_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.filter = QLineEdit(placeholderText="Find: a name in any script, a title held now or before")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(lambda _: self._typing.start())
        self.new_button = theme.themed(QPushButton("New person…"), "add")
        self.new_button.clicked.connect(self.new_person)
        self.list = WrappedList()  # a long title wraps to as many lines as it needs, none cut off
        self.list.setSpacing(3)
        self.list.currentItemChanged.connect(self._chosen)
        self.portrait = PortraitLabel()
        self.portrait.dropped.connect(self.set_portrait)
        self.title = plain_label(object_name="pageTitle")
        self.meta = plain_label(object_name="muted")
        self.page = SafeBrowser()
        self.page.link_clicked.connect(self._link)
        self.form = PersonForm()
        self.biography = MarkdownEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.page, "Overview")
        self.tabs.addTab(scrolled(self.form), "Particulars and roles")
        self.tabs.addTab(self.biography, "Biography")
        self.message = MessageLine()
        self.save_button = theme.themed(QPushButton("Save changes"), "edit")
        self.save_button.clicked.connect(self.save)
        photo = QPushButton("Choose photo…")
        photo.clicked.connect(self.choose_portrait)
        self.remove_photo_button = QPushButton("Remove photo")
        self.remove_photo_button.clicked.connect(lambda: self.set_portrait(None))
        merge = QPushButton("Merge with…")
        merge.clicked.connect(self.merge_dialog)
        self.delete_button = theme.themed(QPushButton("Delete…"), "delete")
        self.delete_button.clicked.connect(self.delete)
        self.page_buttons = [self.save_button, photo, self.remove_photo_button, merge, self.delete_button]
        buttons = QWidget()
        flow = FlowLayout(buttons)
        for button in self.page_buttons:
            flow.addWidget(button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 0)
        left_layout.addWidget(self.new_button)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.list, 1)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.meta)
        heading.addWidget(buttons)
        heading.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.portrait, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        list_beside_page(self, left, right, (300, 800))
        self._enable(False)

    def _enable(self, on: bool) -> None:
        for widget in (*self.page_buttons, self.form, self.biography, self.portrait):
            widget.setEnabled(on)

    # ------------------------------------------------------------- the list

    def refresh(self) -> None:
        query = self.filter.text()
        self.runner.read(lambda job: find_people(job.store, query), "people").on_success(
            lambda people: self._fill(people) if query == self.filter.text() else None)

    def _recorded(self, kind: str, ident: int) -> None:
        if kind in ("person", "event"):
            self.refresh()

    def _fill(self, people: list[dict]) -> None:
        # the one asked for last, not the one shown: its page may still be on its way
        current = self._pending_select if self._pending_select is not None else self._chosen_id
        self.list.blockSignals(True)
        self.list.clear()
        for p in people:
            second = p.get("role") or ""
            if p.get("found_by"):
                second = f"formerly {p['found_by']}"
            item = QListWidgetItem(f"{p['name']}\n{second}")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [p["id"] for p in people]
        if current in ids:
            self.select(current)
        elif people:
            self.select(people[0]["id"])

    def select(self, person_id: int | None) -> None:
        self._pending_select = person_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                self._pending_select = None
                self.list.setCurrentRow(row)
                self._chosen()
                return
        if person_id is not None and self.filter.text():
            self.filter.clear()  # the person asked for may be one the filter hides

    def _chosen(self, *_: object) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        person_id = self._chosen_id = item.data(Qt.ItemDataRole.UserRole)
        self.runner.read(lambda job: _read_person(job.store, person_id), "person").on_success(self._show)

    def _show(self, person: dict) -> None:
        if self._chosen_id is not None and person["id"] != self._chosen_id:
            return  # a page read before another was chosen
        if self.person is None or self.person["id"] != person["id"]:
            self.message.clear_message()
        self.person = person
        self._enable(True)
        self.title.setText(person["name"])
        self.meta.setText("  ·  ".join(x for x in (person.get("role"), person.get("organisation"), person.get("country"))
                                       if x))
        self.page.setHtml(person_html(person))
        self.form.set_person(person)
        if self.biography.text() != (person.get("biography") or ""):
            self.biography.set_text(person.get("biography") or "")
        self.portrait.show_portrait(person.get("portrait_data"))
        self.remove_photo_button.setEnabled(person.get("portrait_data") is not None)

    def _link(self, url: QUrl) -> None:
        scheme, _, ident = url.toString().partition(":")
        if scheme == "visit":
            self.visit_activated.emit(int(ident))

    # ------------------------------------------------------------- edits

    def new_person(self) -> None:
        NewPersonDialog(self.create_person, self).exec()

    def create_person(self, fields: dict, parent: QWidget | None = None, *, allow_duplicate: bool = False,
                      photo: str | None = None) -> Operation:
        """Make a person (name, role, organisation, country, role_from, variants, biography, address_form,
        pronunciation), with a photo's path; a name already kept asks what to do (``parent`` shows the question)."""

        def work(store):
            portrait = read_portrait(photo) if photo else None
            return create_person(store, fields, portrait=portrait, allow_duplicate=allow_duplicate)

        op = self.edits.edit(work, "New person", report=False)

        def made(change) -> None:
            self._pending_select = change.id
            self.status.emit(f"Person made: {fields.get('name')}")

        def refused(message: str) -> None:
            if isinstance(op.error, DuplicatePerson) and parent is not None:
                self._offer_merge(fields, op.error, parent)

        op.on_success(made).on_failure(refused)
        return op

    def _offer_merge(self, fields: dict, error: DuplicatePerson, parent: QWidget) -> None:
        match = error.matches[0]
        box = QMessageBox(QMessageBox.Icon.Question, "Already in the library?",
                          f"{fields.get('name')} may already be in the library: {person_label(match)}.", parent=parent)
        box.setTextFormat(Qt.TextFormat.PlainText)
        add = box.addButton(f"Add as a spelling of {match['name']}", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Create a new person anyway", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is add:
            self.add_spelling(match["id"], fields["name"])
            if isinstance(parent, QDialog):
                parent.accept()
        elif box.clickedButton() is anyway:
            op = self.create_person(fields, allow_duplicate=True)
            if isinstance(parent, QDialog):
                op.on_success(lambda _: parent.accept())

    def add_spelling(self, person_id: int, name: str) -> Operation:
        op = self.edits.edit(lambda store: update_person(store, person_id, {"also_written": [name]}),
                             "Add a spelling", report=False)
        op.on_success(lambda _: self.select(person_id)).on_failure(self.message.error)
        return op

    def save(self) -> Operation | None:
        person = self.person
        if person is None:
            return None
        changes, roles = self.form.changes()
        biography = self.biography.text().strip()
        if biography != (person.get("biography") or ""):
            changes["biography"] = biography or None
        if not changes and roles is None:
            self.message.info("Nothing to save.")
            return None
        person_id = person["id"]
        op = self.edits.edit(lambda store: save_person(store, person_id, changes, roles), "Edit person", report=False)
        op.on_success(lambda _: self.message.info("Saved.")).on_failure(self.message.error)
        return op

    def choose_portrait(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a photo", "", "Photos (*.jpg *.jpeg *.png)")
        if path:
            self.set_portrait(path)

    def set_portrait(self, path: str | None) -> Operation | None:
        """Keep the photo at ``path`` (checked and scaled by the core) as the person's portrait; None removes it."""
        person = self.person
        if person is None:
            return None
        person_id = person["id"]

        def work(store):
            return update_person(store, person_id, {"portrait": read_portrait(path) if path else None})

        op = self.edits.edit(work, "Remove photo" if path is None else "Set photo", report=False)
        op.on_success(lambda _: self.message.info("Photo removed." if path is None else "Photo kept."))
        op.on_failure(self.message.error)
        return op

    def delete(self) -> None:
        person = self.person
        if person is None:
            return
        answer = QMessageBox.question(self, "Delete person", f"Delete {person['name']}? Documents that quote them keep "
                                      "the name.")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_person(person["id"])

    def delete_person(self, person_id: int, *, force: bool = False) -> Operation:
        op = self.edits.edit(lambda store: delete_person(store, person_id, refuse_if=None if force else where_printed),
                             "Delete person", report=False)

        def refused(message: str) -> None:
            if isinstance(op.error, PersonInUse) and not force:
                box = QMessageBox(QMessageBox.Icon.Warning, "Delete person",
                                  f"{message}.\n\nDelete anyway? Those books will no longer print them.",
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
                box.setTextFormat(Qt.TextFormat.PlainText)
                if box.exec() == QMessageBox.StandardButton.Yes:
                    self.delete_person(person_id, force=True)
                else:
                    self.message.error(message)
                return
            self.message.error(message)

        op.on_failure(refused)
        op.on_success(lambda _: (setattr(self, "person", None), self.status.emit("Person deleted (Edit ▸ Undo puts them back)")))
        return op

    def merge_dialog(self) -> None:
        person = self.person
        if person is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Merge two people")
        picker = PeoplePicker("The other record of the same person")
        picker.set_people([{"name": self.list.item(r).text().split("\n")[0], "variants": []}
                           for r in range(self.list.count())])
        message = MessageLine()
        intro = plain_label(f"Fold another record into {person['name']}: their spellings, roles, visits and "
                            "quotations move here, and the other record goes.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        layout = QVBoxLayout(dialog)
        layout.addWidget(intro)
        layout.addWidget(picker)
        layout.addWidget(message)
        layout.addWidget(buttons)
        buttons.rejected.connect(dialog.reject)

        def go() -> None:
            op = self.merge_into(person["id"], picker.text())
            op.on_success(lambda _: dialog.accept()).on_failure(message.error)

        buttons.accepted.connect(go)
        dialog.resize(460, dialog.sizeHint().height())
        dialog.exec()

    def merge_into(self, keep_id: int, other: str) -> Operation:
        """Fold the person ``other`` names (any spelling, or an id) into ``keep_id``, as one undoable edit."""
        op = self.edits.edit(lambda store: merge_people_in_books(store, keep_id, find_person(store, other)),
                             "Merge people", report=False)
        def merged(change) -> None:
            self._pending_select = change.kept.id  # shown once the list is read again
            self.status.emit(f"Merged: {change.removed.before['name']} is now a spelling of {change.kept.after['name']}")

        op.on_success(merged)
        return op
