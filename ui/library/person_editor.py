"""A person's page as a form: particulars, spellings, roles with their dates, biography, and the portrait.

The form only collects what the user typed; ``changes()`` and ``roles()`` say
what differs from the person as loaded, and the view saves them as one edit.
A portrait is dropped on the picture or chosen from a file; the core checks it
(JPEG or PNG, at most 10 MB) and scales it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.common import theme

TEXT_FIELDS = {"name": "Name", "country": "Country", "address_form": "Form of address", "pronunciation": "Pronunciation"}
ROLE_COLUMNS = ("role", "organisation", "start_date", "end_date")
ROLE_HEADERS = ("Role", "Organisation", "From", "Until")
PORTRAIT_SIZE = (96, 120)


class PortraitLabel(QLabel):
    """The person's photograph, scaled; a local file dropped on it is ``dropped`` (its path)."""

    dropped = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFixedSize(*PORTRAIT_SIZE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAcceptDrops(True)
        self.setFrameShape(QLabel.Shape.StyledPanel)
        self.setWordWrap(True)
        self.setToolTip("Drop a JPEG or PNG photo here (at most 10 MB)")
        self.show_portrait(None)

    def show_portrait(self, data: bytes | None) -> None:
        pixmap = QPixmap()
        if data and pixmap.loadFromData(data):
            self.setPixmap(pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                         Qt.TransformationMode.SmoothTransformation))
        else:
            self.clear()
            self.setText("Drop a photo here")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths[0])


def _cell(text: Any) -> QTableWidgetItem:
    return QTableWidgetItem("" if text is None else str(text))


class PersonForm(QWidget):
    """Name, country, form of address, pronunciation, spellings and the table of roles."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.person: dict | None = None
        self.fields = {name: QLineEdit() for name in TEXT_FIELDS}
        self.fields["address_form"].setPlaceholderText("Mr Minister")
        self.fields["pronunciation"].setPlaceholderText("jay-HOON bai-RAH-mov")
        self.variants = QPlainTextEdit()
        self.variants.setPlaceholderText("Other spellings, one a line (Джейхун Байрамов)")
        self.variants.setFixedHeight(64)
        self.roles_table = QTableWidget(0, len(ROLE_COLUMNS))
        self.roles_table.setHorizontalHeaderLabels(list(ROLE_HEADERS))
        roles_header = self.roles_table.horizontalHeader()
        roles_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # the role and the organisation
        date_width = self.roles_table.fontMetrics().horizontalAdvance("2020-07-16") + 24
        for column in (ROLE_COLUMNS.index("start_date"), ROLE_COLUMNS.index("end_date")):
            roles_header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)  # a date is never longer
            self.roles_table.setColumnWidth(column, date_width)
        self.roles_table.verticalHeader().hide()
        self.roles_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roles_table.setToolTip("Every title held, with its dates (2020-07-16, 2020-07 or 2020); "
                                    "a former title stays findable")
        add = theme.themed(QPushButton("Add role"), "add")
        add.clicked.connect(self.add_role_row)
        remove = theme.themed(QPushButton("Remove role"), "delete")
        remove.clicked.connect(self.remove_role_rows)
        form = QFormLayout()
        for name, label in TEXT_FIELDS.items():
            form.addRow(label, self.fields[name])
        form.addRow("Also written", self.variants)
        roles_head = QHBoxLayout()
        roles_head.addWidget(QLabel("Roles, earliest first", objectName="muted"), 1)
        roles_head.addWidget(add)
        roles_head.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(roles_head)
        layout.addWidget(self.roles_table, 1)

    def set_person(self, person: dict) -> None:
        self.person = person
        for name, field in self.fields.items():
            field.setText(person.get(name) or "")
        self.variants.setPlainText("\n".join(person.get("variants") or []))
        self.roles_table.setRowCount(0)
        for role in self._known_roles(person):
            self.add_role_row(role)

    @staticmethod
    def _known_roles(person: dict) -> list[dict]:
        if person.get("roles"):
            return [{k: r.get(k) for k in ROLE_COLUMNS} for r in person["roles"]]
        if person.get("role"):  # a record from before role histories
            return [{"role": person["role"], "organisation": person.get("organisation"), "start_date": None,
                     "end_date": None}]
        return []

    def add_role_row(self, role: dict | None = None) -> None:
        row = self.roles_table.rowCount()
        self.roles_table.insertRow(row)
        for column, key in enumerate(ROLE_COLUMNS):
            self.roles_table.setItem(row, column, _cell((role or {}).get(key)))
        if role is None:
            self.roles_table.setCurrentCell(row, 0)
            self.roles_table.editItem(self.roles_table.item(row, 0))

    def remove_role_rows(self) -> None:
        for row in sorted({i.row() for i in self.roles_table.selectedIndexes()}, reverse=True):
            self.roles_table.removeRow(row)

    def roles(self) -> list[dict]:
        found = []
        for row in range(self.roles_table.rowCount()):
            values = {key: (self.roles_table.item(row, c).text().strip() if self.roles_table.item(row, c) else "") or None
                      for c, key in enumerate(ROLE_COLUMNS)}
            if any(values.values()):
                found.append(values)
        return found

    def changes(self) -> tuple[dict[str, Any], list[dict] | None]:
        """The fields that differ from the person as loaded, and the roles when they differ (else None)."""
        person = self.person or {}
        changes: dict[str, Any] = {}
        for name, field in self.fields.items():
            text = field.text().strip()
            if text != (person.get(name) or ""):
                changes[name] = text or None
        variants = [v.strip() for v in self.variants.toPlainText().splitlines() if v.strip()]
        if variants != list(person.get("variants") or []):
            changes["variants"] = variants
        roles = self.roles()
        return changes, (roles if roles != self._known_roles(person) else None)
