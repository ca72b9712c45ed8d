"""A document's details, editable beside its text, as Zotero's info pane: change a field, press Save.

Only the fields changed are sent, and each becomes the user's: no later
import or re-analysis overwrites it. A field the user set says so (its
label in bold, with a tooltip). Parties and tags are lists, one a line or
separated by semicolons; a party may carry its country: "Azerbaijan (AZ)".
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.common.markdown_view import plain_label

from .document_model import KIND_LABELS

FIELDS = ("title", "date", "kind", "place", "language", "publisher", "author", "instrument")
LISTS = ("parties", "tags")
LABELS = {"title": "Title", "date": "Date", "kind": "Kind", "place": "Place", "language": "Language",
          "publisher": "Publisher", "author": "Author", "instrument": "Instrument", "parties": "Parties",
          "tags": "Tags"}
PLACEHOLDERS = {"date": "2024, 2024-03 or 2024-03-12", "language": "en, ru, kk, az",
                "instrument": "treaty, memorandum…", "parties": "Azerbaijan (AZ); Kazakhstan (KZ)",
                "tags": "energy; transport"}
USER_SET_TIP = "You set this field: no import or re-analysis changes it."
_PARTY = re.compile(r"^(.*?)\s*\(([A-Za-z]{2,3})\)$")


def party_text(party: dict) -> str:
    return party["name"] + (f" ({party['country']})" if party.get("country") else "")


def parse_parties(text: str) -> list[dict]:
    parties = []
    for part in _split(text):
        match = _PARTY.match(part)
        parties.append({"name": match.group(1), "country": match.group(2).upper()} if match else {"name": part})
    return parties


def _split(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]


class DetailsPane(QWidget):
    """The open document's details as fields; ``save_requested`` carries what the user changed."""

    save_requested = Signal(int, dict, object, object)  # doc id, fields, parties (or None), tags (or None)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc: dict | None = None
        self.edits: dict[str, QLineEdit | QComboBox] = {}
        self.labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name in (*FIELDS, *LISTS):
            if name == "kind":
                edit: QLineEdit | QComboBox = QComboBox()
                for kind, label in KIND_LABELS.items():
                    edit.addItem(label, kind)
                edit.currentIndexChanged.connect(self._dirty)
            else:
                edit = QLineEdit(placeholderText=PLACEHOLDERS.get(name, ""))
                edit.textEdited.connect(self._dirty)
                edit.returnPressed.connect(self.save)
            label = plain_label(QLabel(), LABELS[name])
            label.setBuddy(edit)
            self.edits[name], self.labels[name] = edit, label
            form.addRow(label, edit)
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Keep these details (Ctrl+S); Edit ▸ Undo puts the old ones back")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(lambda: self.show_document(self.doc))
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.note = plain_label(QLabel(objectName="muted", wordWrap=True),
                                "Fields in bold are ones you set: imports and re-analysis leave them alone.")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.show_document(None)

    def show_document(self, doc: dict | None) -> None:
        self.doc = doc
        user_set = set((doc or {}).get("user_fields") or [])
        for name, edit in self.edits.items():
            edit.blockSignals(True)
            if isinstance(edit, QComboBox):
                kind = (doc or {}).get("kind")
                if kind and edit.findData(kind) < 0:
                    edit.addItem(kind, kind)
                edit.setCurrentIndex(max(0, edit.findData(kind)))
            else:
                edit.setText(self._shown(doc, name))
                edit.setCursorPosition(0)
            edit.setEnabled(doc is not None)
            edit.blockSignals(False)
            font = self.labels[name].font()
            font.setBold(name in user_set)
            self.labels[name].setFont(font)
            self.labels[name].setToolTip(USER_SET_TIP if name in user_set else "")
        self._set_dirty(False)

    @staticmethod
    def _shown(doc: dict | None, name: str) -> str:
        if doc is None:
            return ""
        if name == "parties":
            return "; ".join(party_text(p) for p in doc.get("parties") or [])
        if name == "tags":
            return "; ".join(doc.get("tags") or [])
        value = doc.get(name)
        return "" if value is None else str(value)

    def value(self, name: str) -> str:
        edit = self.edits[name]
        return edit.currentData() if isinstance(edit, QComboBox) else edit.text().strip()

    def changes(self) -> tuple[dict, list | None, list | None]:
        """The fields changed from the document as shown, and the lists when changed."""
        if self.doc is None:
            return {}, None, None
        fields = {name: self.value(name) for name in FIELDS if self.value(name) != self._shown(self.doc, name)}
        parties = tags = None
        if self.value("parties") != self._shown(self.doc, "parties"):
            parties = parse_parties(self.value("parties"))
        if self.value("tags") != self._shown(self.doc, "tags"):
            tags = _split(self.value("tags"))
        return fields, parties, tags

    def save(self) -> None:
        fields, parties, tags = self.changes()
        if self.doc is None or not (fields or parties is not None or tags is not None):
            return
        self.save_requested.emit(int(self.doc["id"]), fields, parties, tags)
        self._set_dirty(False)

    def _dirty(self, *_: object) -> None:
        fields, parties, tags = self.changes()
        self._set_dirty(bool(fields or parties is not None or tags is not None))

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
