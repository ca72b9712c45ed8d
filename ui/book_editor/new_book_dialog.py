"""Starting a book: its title, a template, the visit it is for and its marking."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.common.actions import save_on_ctrl_enter

from .forms import marking_combo


class NewBookDialog(QDialog):
    def __init__(self, templates: list[dict], events: list[dict], event_id: int | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New briefing book")
        self.setMinimumWidth(520)
        self.title = QLineEdit()
        self.template = QComboBox()
        self.template.addItem("Empty book", None)
        for t in templates:
            self.template.addItem(t["title"], t["name"])
        self.description = QLabel(objectName="muted", wordWrap=True)
        self.template.currentIndexChanged.connect(
            lambda i: self.description.setText(next((t["description"] for t in templates
                                                     if t["name"] == self.template.itemData(i)), ""))
        )
        self.template.setCurrentIndex(1 if templates else 0)
        self.visit = QComboBox()
        self.visit.addItem("No visit", None)
        for e in events:
            self.visit.addItem(f"{e.get('start_date') or ''}  {e['title']}", e["id"])
        self.visit.currentIndexChanged.connect(self._visit_chosen)
        self.marking = marking_combo()
        self.marking.setCurrentText("OFFICIAL USE ONLY")
        self._events = {e["id"]: e for e in events}
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Template", self.template)
        form.addRow("", self.description)
        form.addRow("Visit", self.visit)
        form.addRow("Marking", self.marking)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title.textChanged.connect(self._check)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        save_on_ctrl_enter(self)
        if event_id is not None:
            self.visit.setCurrentIndex(max(0, self.visit.findData(event_id)))
        self._check()

    def _visit_chosen(self, index: int) -> None:
        event = self._events.get(self.visit.itemData(index))
        if event and not self.title.isModified():
            self.title.setText(f"Briefing: {event['title']}")

    def _check(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.title.text().strip()))

    def values(self) -> dict:
        return {
            "title": self.title.text().strip(),
            "template": self.template.currentData(),
            "event_id": self.visit.currentData(),
            "marking": self.marking.currentText().strip() or None,
        }
