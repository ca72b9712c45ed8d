"""The forms beside a book's tree: the book's properties, a section, an item.

Forms never write: they emit what the user changed (field → new value) and
the editor turns it into an undoable command. Text fields report when editing
finishes; a note's Markdown, an excerpt's passage and a block's options report
after a pause in typing, and at the latest a few seconds after the first
unsaved keystroke however steadily the typing goes on (autosave). ``pending``
says whether something typed is waiting for that pause. A block's options are
a form (``block_form``); its JSON is for the command line only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from briefing.book.audience import INTERNAL, RELEASABLE
from briefing.book.blocks import BLOCK_TYPES, check_block
from briefing.errors import BriefingError
from briefing.library.markings import marking_levels
from ui.common import theme
from ui.common.markdown_editor import MarkdownEditor
from ui.common.markdown_view import SafeBrowser

from .block_form import BlockChoices, BlockForm
from .model import item_label

AUTOSAVE_PAUSE_MS = 700  # saved when typing pauses this long...
AUTOSAVE_MAX_WAIT_MS = 3000  # ...or this long after the first unsaved keystroke, whichever comes first
PREVIEW_MIN_WIDTH = 680  # pixels a block's preview is laid out in at least
BOOK_TEXT_FIELDS = (
    ("title", "Title"),
    ("destination", "Destination"),
    ("start_date", "From"),
    ("end_date", "To"),
    ("prepared_for", "Prepared for"),
    ("prepared_by", "Prepared by"),
    ("edition_date", "Edition date"),
    ("version", "Version"),
)


AUDIENCE_LABELS = {INTERNAL: "Internal (the principal and the delegation)", RELEASABLE: "Releasable (may be handed out)"}


def audience_combo() -> QComboBox:
    """Who a section or an item is written for; the first entry takes its section's (or its kind's)."""
    combo = QComboBox()
    combo.addItem("As its section", None)
    for value, label in AUDIENCE_LABELS.items():
        combo.addItem(label, value)
    return combo


def show_audience(combo: QComboBox, own: str | None, effective: str | None, inherited_from: str) -> None:
    combo.setItemText(0, f"As its {inherited_from}" + (f" ({effective})" if effective else ""))
    combo.setCurrentIndex(max(0, combo.findData(own)) if own else 0)


def block_error_in_words(block: dict, exc: BriefingError) -> str:
    """Why a block's options cannot be kept, said for the form rather than the command line."""
    if block.get("type") == "commitments" and not block.get("document"):
        return "Choose the statement whose commitments are listed."
    text = str(exc)
    for prefix in (f"{block.get('type')} block: ", "block: "):
        text = text.removeprefix(prefix)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def marking_combo() -> QComboBox:
    combo = QComboBox(editable=True)
    combo.addItem("")
    for level, _aliases in marking_levels():
        combo.addItem(level)
    return combo


class BookForm(QWidget):
    """Title, visit, dates, prepared for and by, marking and paper."""

    changed = Signal(dict, dict)  # old values, new values

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.book: dict = {}
        self.heading = QLabel("Book", objectName="pageTitle")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, label in BOOK_TEXT_FIELDS:
            edit = QLineEdit()
            if key.endswith("date"):
                edit.setPlaceholderText("2024-03-12")
            edit.editingFinished.connect(lambda k=key: self._edited(k))
            self.edits[key] = edit
            form.addRow(label, edit)
        self.marking = marking_combo()
        self.marking.activated.connect(lambda _: self._combo("marking", self.marking.currentText()))
        self.marking.lineEdit().editingFinished.connect(lambda: self._combo("marking", self.marking.currentText()))
        self.paper = QComboBox()
        self.paper.addItem("A4", "a4")
        self.paper.addItem("US Letter", "letter")
        self.paper.activated.connect(lambda _: self._combo("paper", self.paper.currentData()))
        form.insertRow(1, "Marking", self.marking)
        form.addRow("Paper", self.paper)
        self.visit = QLabel(objectName="muted", wordWrap=True)
        # a wrapping label keeps its narrow size hint and the form then gives it one line
        # too few: let it take the field's width, and the height that width needs
        policy = self.visit.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
        self.visit.setSizePolicy(policy)
        form.addRow("Visit", self.visit)
        self.template = QLabel(objectName="muted")
        form.addRow("Template", self.template)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addStretch(1)

    def show_book(self, book: dict) -> None:
        self.book = book
        for key, edit in self.edits.items():
            if not edit.hasFocus():
                edit.setText(book.get(key) or "")
        self.marking.setCurrentText(book.get("marking") or "")
        self.paper.setCurrentIndex(max(0, self.paper.findData(book.get("paper") or "a4")))
        event = book.get("event")
        self.visit.setText(f"{event['title']} ({event.get('start_date') or ''})" if event else "None")
        self.template.setText(book.get("template") or "None")

    def _edited(self, key: str) -> None:
        value = self.edits[key].text().strip() or None
        if value != (self.book.get(key) or None):
            self.changed.emit({key: self.book.get(key)}, {key: value})

    def _combo(self, key: str, value: str | None) -> None:
        value = (value or "").strip() or None
        if value != (self.book.get(key) or None):
            self.changed.emit({key: self.book.get(key)}, {key: value})


class SectionForm(QWidget):
    renamed = Signal(int, str, str)  # section id, old, new
    audience_changed = Signal(int, object, object)  # section id, old, new (None: its parent's)
    add_note = Signal()
    add_block = Signal(str)
    add_section = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.section: dict = {}
        self.heading = QLabel("Section", objectName="pageTitle")
        self.title = QLineEdit()
        self.title.editingFinished.connect(self._renamed)
        self.role = QLabel(objectName="muted")
        self.audience = audience_combo()
        self.audience.activated.connect(self._audience)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Purpose", self.role)
        form.addRow("Written for", self.audience)
        note = theme.themed(QPushButton("Add a note"), "note")
        note.clicked.connect(self.add_note.emit)
        sub = theme.themed(QPushButton("Add a subsection"), "section")
        sub.clicked.connect(self.add_section.emit)
        self.block_type = QComboBox()
        for name, spec in BLOCK_TYPES.items():
            self.block_type.addItem(spec["title"], name)
        block = theme.themed(QPushButton("Add generated block"), "block")
        block.clicked.connect(lambda: self.add_block.emit(self.block_type.currentData()))
        row = QHBoxLayout()
        row.addWidget(note)
        row.addWidget(sub)
        row.addStretch(1)
        block_row = QHBoxLayout()
        block_row.addWidget(self.block_type)
        block_row.addWidget(block)
        block_row.addStretch(1)
        hint = QLabel("Drag documents here from the library on the right, or drag items to reorder them.",
                      objectName="muted", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addLayout(block_row)
        layout.addWidget(hint)
        layout.addStretch(1)

    def show_section(self, section: dict) -> None:
        self.section = section
        self.heading.setText(section["title"])
        self.title.setText(section["title"])
        self.role.setText((section.get("role") or "—").replace("-", " "))
        show_audience(self.audience, section.get("audience"), section.get("effective_audience"), "parent section")

    def _audience(self, _index: int) -> None:
        new = self.audience.currentData()
        if new != self.section.get("audience"):
            self.audience_changed.emit(self.section["id"], self.section.get("audience"), new)

    def _renamed(self) -> None:
        new = self.title.text().strip()
        if new and new != self.section.get("title"):
            self.renamed.emit(self.section["id"], self.section["title"], new)


class ItemForm(QWidget):
    """An item's title and marking, and what its kind has: a note's text, an excerpt's passage, a block's options."""

    changed = Signal(int, dict, dict)  # item id, old values, new values
    open_document = Signal(int)
    preview_block = Signal(dict)
    pending = Signal(bool)  # something typed waits for the pause that saves it

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.item: dict = {}
        self.heading = QLabel("Item", objectName="pageTitle", wordWrap=True)
        self.kind = QLabel(objectName="muted")
        self.title = QLineEdit()
        self.title.setPlaceholderText("(the document's own title)")
        self.title.editingFinished.connect(lambda: self._field("title", self.title.text().strip() or None))
        self.marking = marking_combo()
        self.marking.activated.connect(lambda _: self._field("marking", self.marking.currentText().strip() or None))
        self.audience = audience_combo()
        self.audience.activated.connect(lambda _: self._field("audience", self.audience.currentData()))
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Marking", self.marking)
        form.addRow("Written for", self.audience)

        self._dirty = False  # typed and not yet saved
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_PAUSE_MS)
        self._autosave.timeout.connect(self.save_pending)
        self._autosave_limit = QTimer(self, singleShot=True, interval=AUTOSAVE_MAX_WAIT_MS)
        self._autosave_limit.timeout.connect(self.save_pending)
        self.body = MarkdownEditor()
        self.body.text_changed.connect(self._typing)

        self.excerpt = QPlainTextEdit()
        self.excerpt.setTabChangesFocus(True)
        self.excerpt.setPlaceholderText("The passage to quote. Leave empty to quote the document's highlights.")
        self.excerpt.textChanged.connect(self._typing)
        self.excerpt_save = QPushButton("Save passage now")
        self.excerpt_save.clicked.connect(self.save_pending)

        self.document = theme.themed(QPushButton("Open the document in the reader"), "open")
        self.document.clicked.connect(lambda: self.item.get("document_id") and
                                      self.open_document.emit(self.item["document_id"]))

        self.block = BlockForm()
        self.block.changed.connect(self._typing)
        self.block_error = QLabel(objectName="error", wordWrap=True)
        self.block_preview = SafeBrowser()
        # a table of figures laid out narrower than its words breaks them mid-word: below
        # PREVIEW_MIN_WIDTH the preview scrolls sideways instead
        self.block_preview.setLineWrapMode(SafeBrowser.LineWrapMode.FixedPixelWidth)
        self.block_preview.setLineWrapColumnOrWidth(PREVIEW_MIN_WIDTH)
        self.block_preview.viewport().installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.kind)
        layout.addLayout(form)
        self.parts = {
            "note": [QLabel("Text (Markdown, saved as you type)"), self.body],
            "excerpt": [QLabel("Passage (saved as you type)"), self.excerpt, self.excerpt_save, self.document],
            "document": [self.document],
            "block": [QLabel("Options (applied as you change them)"), self.block, self.block_error,
                      QLabel("Preview, computed from the library now"), self.block_preview],
        }
        added: set[int] = set()
        for widgets in self.parts.values():
            for widget in widgets:
                if id(widget) not in added:
                    layout.addWidget(widget, 1 if widget in (self.body, self.block_preview, self.excerpt) else 0)
                    added.add(id(widget))
        layout.addStretch(0)

    def show_item(self, item: dict) -> None:
        if item.get("id") != self.item.get("id"):
            self.save_pending()  # what was typed in the item left behind
        # the same item redrawn (after a save, an undo): what is being typed stays on screen
        typing = self._dirty
        self.item = item
        kind = item["kind"]
        self.heading.setText(item_label(item))
        doc = f" · from “{item['document_title']}”" if item.get("document_title") else ""
        self.kind.setText(f"{kind.capitalize()}{doc}")
        if not self.title.hasFocus():
            self.title.setText(item.get("title") or "")
        self.marking.setCurrentText(item.get("marking") or "")
        show_audience(self.audience, item.get("audience"), item.get("effective_audience"), "section")
        visible = {id(w) for w in self.parts[kind]}
        for widgets in self.parts.values():
            for widget in widgets:
                widget.setVisible(id(widget) in visible)
        if kind == "note" and not typing and self.body.text() != (item.get("body") or ""):
            self.body.set_text(item.get("body") or "")
        if kind == "excerpt" and not typing and self._excerpt_shown() != (item.get("excerpt") or None):
            _set_quietly(self.excerpt, item.get("excerpt") or "")
        if kind == "block":
            block = item.get("block") or {}
            if not typing and (self._block_shown() != block or self.block.stored.get("type") != block.get("type")):
                self.block.set_block(block)
                self.block_error.clear()
            self.preview_block.emit(block)

    def has_pending(self) -> bool:
        """Something typed or changed waits for the pause that saves it."""
        return self._dirty

    def set_block_choices(self, choices: BlockChoices) -> None:
        """What a block's lists offer (the library's figures, people, visits...), read by the editor."""
        if self._dirty and self.item.get("kind") == "block":
            self.apply_block()
        self.block.set_choices(choices)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.block_preview.viewport() and event.type() == QEvent.Type.Resize:
            width = max(PREVIEW_MIN_WIDTH, event.size().width() - 4)
            if width != self.block_preview.lineWrapColumnOrWidth():
                self.block_preview.setLineWrapColumnOrWidth(width)
        return super().eventFilter(watched, event)

    def show_block_preview(self, markdown: str) -> None:
        self.block_preview.show_markdown(markdown)

    def _typing(self) -> None:
        was_dirty, self._dirty = self._dirty, True
        if not was_dirty:
            self.pending.emit(True)
        self._autosave.start()  # restarts with every keystroke...
        if not self._autosave_limit.isActive():
            self._autosave_limit.start()  # ...but this one does not: steady typing is saved too

    def _excerpt_shown(self) -> str | None:
        return self.excerpt.toPlainText().strip() or None

    def _block_shown(self) -> dict | None:
        try:
            return check_block(self.block.block())
        except BriefingError:
            return None

    def save_pending(self) -> None:
        """Save what was typed and not saved yet: a note's text, an excerpt's passage, a block's options."""
        dirty = self._dirty
        self._dirty = False
        self._autosave.stop()
        self._autosave_limit.stop()
        if dirty:
            self.pending.emit(False)
        kind = self.item.get("kind")
        if kind == "note":
            text = self.body.text()
            if text != (self.item.get("body") or ""):
                old = self.item.get("body")
                self.item = {**self.item, "body": text}
                self.changed.emit(self.item["id"], {"body": old}, {"body": text})
        elif kind == "excerpt":
            self._field("excerpt", self._excerpt_shown())
        elif kind == "block" and dirty:
            self.apply_block()

    save_body = save_pending  # the name the main window calls on closing

    def apply_block(self) -> None:
        if self._dirty:
            self.pending.emit(False)
        self._dirty = False
        self._autosave.stop()
        self._autosave_limit.stop()
        shown = self.block.block()
        try:
            block = check_block(shown)
        except BriefingError as exc:
            self.block_error.setText(block_error_in_words(shown, exc))
            return
        self.block_error.clear()
        if block != self.item.get("block"):
            old = self.item.get("block")
            self.item = {**self.item, "block": block}
            self.changed.emit(self.item["id"], {"block": old}, {"block": block})
        self.preview_block.emit(block)

    def _field(self, key: str, value) -> None:
        if value != (self.item.get(key) or None):
            old = self.item.get(key)
            self.item = {**self.item, key: value}
            self.changed.emit(self.item["id"], {key: old}, {key: value})


def _set_quietly(edit: QPlainTextEdit, text: str) -> None:
    """Show a stored value without it counting as typing."""
    edit.blockSignals(True)
    edit.setPlainText(text)
    edit.blockSignals(False)
