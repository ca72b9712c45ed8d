"""The reader: a document's details and text, its highlights and notes beside it.

The words the library's search found are marked in the text, with the next
and previous hit a key away (F3, Shift+F3). Beside the text, one tab lists
the highlights and notes, the other the document's details, which the user
may correct (``details_pane``). Everything the library holds is shown as
text: titles in plain labels, notes as the words they render to.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from briefing.library.annotations import COLORS, add_annotation, delete_annotation, marked_text, update_annotation
from briefing.library.documents import get_document
from ui.common import theme
from ui.common.fitting import pane_toggle
from ui.common.markdown_editor import NoteDialog
from ui.common.markdown_view import plain_label, tooltip
from ui.common.operations import Changed, OpRunner

from .details_pane import DetailsPane
from .document_model import KIND_LABELS
from .reader_hits import SearchHits
from .reader_notes import PRIVATE_MARK, NotesList, colour_icon, note_text  # noqa: F401  (tests read them here)


def describe(doc: dict) -> str:
    """One line of the document's particulars, for under its title."""
    parts = [KIND_LABELS.get(doc["kind"], doc["kind"])]
    if doc.get("instrument") and doc["instrument"] != doc["kind"]:
        parts[0] += f" ({doc['instrument']})"
    for key in ("date", "place", "publisher", "author"):
        if doc.get(key):
            parts.append(str(doc[key]))
    if doc.get("language"):
        parts.append(f"in {doc['language']}")
    if doc.get("marking"):
        parts.append(doc["marking"].upper())
    return "  ·  ".join(parts)


def _plain(text: str) -> str:
    return text.replace("\u2029", "\n").replace("\u2028", "\n").replace("\u00a0", " ")


class ReaderView(SearchHits, NotesList, QWidget):
    """Shows one document; select text to highlight it, with a note."""

    status = Signal(str)
    add_excerpt = Signal(int, str)  # document id, passage ("" = its highlights)
    visit_activated = Signal(int)
    document_loaded = Signal(int)
    # no book is open: start one for this visit (its dict, or None), then add the passage to it
    book_wanted = Signal(int, object, str)
    details_edited = Signal(int, dict, object, object)  # doc id, fields, parties, tags (see DetailsPane)

    def __init__(self, runner: OpRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.doc_id: int | None = None
        self.doc: dict | None = None
        self.annotations: list[dict] = []
        self._op = None
        self.colour = "yellow"
        self._book_title: str | None = None
        self._terms: list = []
        self._query = ""
        self.hits: list[tuple[int, int]] = []
        self.hit = -1
        self._build()
        self.set_book_open(None)
        self.show_empty()

    # ------------------------------------------------------------- layout

    def _build(self) -> None:
        from ui.common.markdown_view import SafeBrowser

        # a title or a detail is the library's text, shown as it is: never read as HTML
        self.title = plain_label(QLabel(objectName="pageTitle", wordWrap=True))
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.meta = plain_label(QLabel(objectName="muted", wordWrap=True))
        self.links = QLabel(wordWrap=True)
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.linkActivated.connect(self._link)
        self.browser = SafeBrowser()
        self.browser.link_clicked.connect(self._clicked)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._text_menu)
        self.browser.selectionChanged.connect(self._selection_changed)

        self.highlight_action = theme.themed(QAction("Highlight", self), "highlight")
        self.highlight_action.setShortcut(QKeySequence("Ctrl+H"))
        self.highlight_action.setToolTip("Highlight the selected passage (Ctrl+H)")
        self.highlight_action.triggered.connect(lambda: self.highlight_selection(with_note=False))
        self.note_action = theme.themed(QAction("Highlight with note…", self), "note")
        self.note_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.note_action.triggered.connect(lambda: self.highlight_selection(with_note=True))
        self.excerpt_action = theme.themed(QAction("Add passage to the book", self), "excerpt")
        self.excerpt_action.triggered.connect(self._excerpt_selection)
        for action in (self.highlight_action, self.note_action, self.excerpt_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setEnabled(False)
            self.addAction(action)

        self.colour_button = QToolButton()
        self.colour_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.colour_button.setToolTip("Colour of new highlights")
        colours = QMenu(self)
        for name in COLORS:
            act = colours.addAction(colour_icon(name), name.capitalize())
            act.triggered.connect(lambda _=False, n=name: self.set_colour(n))
        self.colour_button.setMenu(colours)
        self.set_colour("yellow")

        tools = QToolBar()
        tools.setIconSize(QSize(18, 18))
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addAction(self.highlight_action)
        tools.addWidget(self.colour_button)
        tools.addAction(self.note_action)
        tools.addSeparator()
        tools.addAction(self.excerpt_action)

        self.notes = QListWidget()
        self.notes.setWordWrap(True)
        self.notes.setSpacing(2)
        self.notes.setIconSize(QSize(12, 12))
        self.notes.currentItemChanged.connect(self._note_chosen)
        self.notes.itemActivated.connect(lambda _: self.edit_annotation())
        self.notes.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.notes.customContextMenuRequested.connect(self._notes_menu)
        self.edit_action = theme.themed(QAction("Edit note…", self.notes), "edit")
        self.edit_action.triggered.connect(self.edit_annotation)
        self.delete_action = theme.themed(QAction("Delete highlight", self.notes), "delete")
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_annotation)
        self.notes.addAction(self.delete_action)
        self.highlights_to_book = theme.themed(QAction("Add highlights to the book", self), "excerpt")
        self.highlights_to_book.triggered.connect(lambda: self.add_passage(""))
        notes_tools = QToolBar()
        notes_tools.setIconSize(QSize(16, 16))
        notes_tools.addAction(self.edit_action)
        notes_tools.addAction(self.delete_action)
        notes_tools.addAction(self.highlights_to_book)
        self.notes_title = QLabel("Highlights and notes", objectName="muted", wordWrap=True)
        notes_page = QWidget()
        notes_layout = QVBoxLayout(notes_page)
        notes_layout.setContentsMargins(0, 4, 0, 0)
        notes_layout.addWidget(self.notes_title)
        notes_layout.addWidget(self.notes, 1)
        notes_layout.addWidget(notes_tools)
        self.details = DetailsPane()
        self.details.save_requested.connect(self.details_edited)
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(notes_page, "Notes")
        self.side_tabs.addTab(self.details, "Details")
        self.side_tabs.setTabToolTip(1, "The document's details: correct them here")
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        side_layout.addWidget(self.side_tabs)

        # on a laptop's screen the text needs the width: the notes beside it are narrow, and can be
        # put away (the button, View menu, or dragging the divider to the right)
        side.setMinimumWidth(170)
        side.setMaximumWidth(360)
        self.side = side
        self.browser.setMinimumWidth(260)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.browser)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setChildrenCollapsible(False)
        split.setCollapsible(1, True)
        split.splitterMoved.connect(self._split_moved)
        self.split = split
        self.notes_shown_action = pane_toggle(self, "Highlights and notes beside the text", "note", "Notes",
                                              "Show or hide the highlights and notes beside the text", self.show_notes)
        notes_button = QToolButton()
        notes_button.setDefaultAction(self.notes_shown_action)
        notes_button.setAutoRaise(True)
        notes_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        notes_button.setIconSize(QSize(18, 18))
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.title)
        header.addWidget(self.meta)
        header.addWidget(self.links)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addLayout(header)
        row = QHBoxLayout()
        row.addWidget(tools, 1)
        row.addWidget(notes_button)
        layout.addLayout(row)
        layout.addWidget(self._build_hit_bar())
        layout.addWidget(split, 1)

    def show_notes(self, shown: bool) -> None:
        """Show or put away the highlights and notes beside the text."""
        self.notes_shown_action.setChecked(shown)
        self.side.setVisible(shown)
        if shown and self.split.sizes()[1] == 0:  # dragged shut: open at its narrowest comfortable width
            total = sum(self.split.sizes())
            width = max(self.side.minimumWidth(), 240)
            self.split.setSizes([max(0, total - width), width])

    def _split_moved(self, *_: object) -> None:
        if self.split.sizes()[1] == 0 and self.side.isVisible():
            self.show_notes(False)  # dragged shut: put away, and the button says so

    def set_colour(self, name: str) -> None:
        self.colour = name
        self.colour_button.setIcon(colour_icon(name))
        self.colour_button.setText(name.capitalize())

    def set_book_open(self, title: str | None) -> None:
        """The book passages go to; with none open, adding one offers to start a book for the visit."""
        self._book_title = title
        # one label everywhere; the book's title, which would take the toolbar's width, is in the tooltip
        self.excerpt_action.setText("Add passage to the book")
        self.excerpt_action.setToolTip(tooltip(
            f"Add the selected passage to “{title}”" if title
            else "No book is open: add the passage to a new book for the document's visit"))
        self.highlights_to_book.setToolTip(tooltip(
            f"Add this document's highlights to “{title}”" if title
            else "No book is open: add the highlights to a new book for the document's visit"))
        self._selection_changed()

    # ------------------------------------------------------------- loading

    def show_empty(self) -> None:
        self.doc_id, self.doc, self.annotations = None, None, []
        self.title.setText("No document open")
        self.meta.setText("Choose a document in the list to read it here.")
        self.links.clear()
        self.browser.clear()
        self.notes.clear()
        self.details.show_document(None)
        self._mark_hits()

    def open_document(self, doc_id: int) -> None:
        if self._op is not None:
            self._op.cancel()
        keep_scroll = doc_id == self.doc_id
        scroll = self.browser.verticalScrollBar().value()

        def work(job):
            return get_document(job.store, doc_id), *marked_text(job.store, doc_id)

        def shown(result) -> None:
            self._op = None
            try:
                self._show(doc_id, *result)
            except Exception as exc:  # noqa: BLE001 - whatever the text holds, the window stays up
                self._not_shown(f"{exc.__class__.__name__}: {exc}")
                return
            if keep_scroll:
                self.browser.verticalScrollBar().setValue(scroll)

        self._op = self.runner.read(work, "open document").on_success(shown).on_failure(self._not_shown)

    def documents_deleted(self, ids: list[int]) -> None:
        """Documents left the library: if the open one did, the reader says so."""
        if self.doc_id in ids:
            self.show_empty()
            self.meta.setText("The document was deleted. Edit ▸ Undo puts it back.")

    def _not_shown(self, message: str) -> None:
        """A document that cannot be read or shown: one message in the reader, and the reader still works."""
        self._op = None
        self.show_empty()
        self.title.setText("This document cannot be shown")
        self.meta.setText(message)
        self.status.emit(f"Document not shown: {message}")

    def reload(self) -> None:
        if self.doc_id is not None:
            self.open_document(self.doc_id)

    def _show(self, doc_id: int, doc: dict, marked: str, annotations: list[dict]) -> None:
        self.doc_id, self.doc, self.annotations = doc_id, doc, annotations
        self.title.setText(doc["title"])
        self.meta.setText(describe(doc))
        links = []
        parties = ", ".join(p["name"] for p in doc.get("parties", []))
        if parties:
            links.append(f"Parties: {_esc(parties)}")
        for event in doc.get("linked", {}).get("events", []):
            links.append(f'Visit: <a href="visit:{int(event["id"])}">{_esc(event["title"])}</a>')
        if doc.get("tags"):
            links.append("Tags: " + ", ".join(_esc(t) for t in doc["tags"]))
        self.links.setText("  ·  ".join(links))
        self.browser.show_markdown(marked, marks=True)
        self._fill_notes()
        self.details.show_document(doc)
        self._mark_hits()
        self.document_loaded.emit(doc_id)

    # ------------------------------------------------------------- annotating

    def selected_passage(self) -> tuple[str, int | None]:
        cursor = self.browser.textCursor()
        quote = _plain(cursor.selectedText()).strip()
        if not quote or not self.doc:
            return "", None
        # a hint of where in the Markdown the passage lies, when it occurs more than once
        shown = max(1, self.browser.document().characterCount())
        start = int(cursor.selectionStart() / shown * len(self.doc.get("text") or ""))
        return quote, start

    def highlight_selection(self, with_note: bool = False) -> None:
        quote, start = self.selected_passage()
        if not quote or self.doc_id is None:
            self.status.emit("Select a passage first, then highlight it.")
            return
        note, colour, private = "", self.colour, False
        if with_note:
            dialog = NoteDialog(quote, colour=colour, colours=tuple(COLORS), parent=self)
            if dialog.exec() != NoteDialog.DialogCode.Accepted:
                return
            note, colour, private = dialog.note(), dialog.chosen_colour(), dialog.is_private()
        self.add_highlight(quote, note, colour, start, private=private)

    def add_highlight(self, quote: str, note: str = "", colour: str = "yellow", start: int | None = None,
                      *, private: bool = False):
        doc_id = self.doc_id
        op = self.runner.write(
            lambda job: add_annotation(job.store, doc_id, quote, note or None, colour, private, start=start),
            "highlight",
            changes=lambda _: Changed(annotations={doc_id}),
        )
        op.on_success(lambda _: self.status.emit("Highlight saved."))
        op.on_failure(lambda message: self.status.emit(f"Not highlighted: {message}"))
        return op

    def edit_annotation(self) -> None:
        a = self.current_annotation()
        if a is None:
            return
        dialog = NoteDialog(a["exact"], a.get("note") or "", a["color"], tuple(COLORS), self,
                            private=bool(a.get("private")))
        if dialog.exec() != NoteDialog.DialogCode.Accepted:
            return
        self.update_note(a["id"], dialog.note(), dialog.chosen_colour(), private=dialog.is_private())

    def update_note(self, annotation_id: int, note: str, colour: str, *, private: bool | None = None):
        """Change a note and colour, and the private flag when given (``None`` keeps it)."""
        doc_id = self.doc_id
        changes = {"note": note, "color": colour}
        if private is not None:
            changes["private"] = private
        op = self.runner.write(
            lambda job: update_annotation(job.store, annotation_id, **changes),
            "edit note",
            changes=lambda _: Changed(annotations={doc_id}),
        )
        op.on_failure(lambda message: self.status.emit(f"Not saved: {message}"))
        return op

    def delete_annotation(self, *, confirm: bool = True):
        a = self.current_annotation()
        if a is None:
            return None
        if confirm:
            answer = QMessageBox.question(
                self, "Delete highlight",
                "Delete this highlight" + (" and its note" if a.get("note") else "") + "?\nThis cannot be undone.",
                QMessageBox.StandardButton.Delete | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Delete:
                return None
        doc_id, ident = self.doc_id, a["id"]
        op = self.runner.write(
            lambda job: delete_annotation(job.store, ident),
            "delete highlight",
            changes=lambda _: Changed(annotations={doc_id}),
        )
        op.on_success(lambda _: self.status.emit("Highlight deleted."))
        return op

    # ------------------------------------------------------------- interaction

    def _selection_changed(self) -> None:
        has = bool(self.browser.textCursor().hasSelection()) and self.doc_id is not None
        self.highlight_action.setEnabled(has)
        self.note_action.setEnabled(has)
        self.excerpt_action.setEnabled(has)  # with no book open, it offers to start one

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == "annotation":
            ident = int(url.path() or 0)
            for row in range(self.notes.count()):
                if self.notes.item(row).data(Qt.ItemDataRole.UserRole) == ident:
                    self.notes.setCurrentRow(row)
                    break
        else:
            self.status.emit("Links in documents are not opened: the app works offline.")

    def _link(self, link: str) -> None:
        if link.startswith("visit:"):
            self.visit_activated.emit(int(link.split(":", 1)[1]))

    def _text_menu(self, point) -> None:
        menu = self.browser.createStandardContextMenu()
        menu.addSeparator()
        for action in (self.highlight_action, self.note_action, self.excerpt_action):
            menu.addAction(action)
        menu.exec(self.browser.mapToGlobal(point))

    def _excerpt_selection(self) -> None:
        quote, _ = self.selected_passage()
        if quote and self.doc_id is not None:
            self.add_passage(quote)

    def add_passage(self, passage: str) -> None:
        """Add a passage ("" = the document's highlights) to the open book; with none, offer to start one."""
        if self.doc_id is None:
            return
        if self._book_title:
            self.add_excerpt.emit(self.doc_id, passage)
            return
        events = (self.doc or {}).get("linked", {}).get("events", [])
        event = events[0] if events else None
        what = "passage" if passage else "highlights"
        box = QMessageBox(QMessageBox.Icon.Question, "Add to a book", "No book is open.", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        if event is not None:
            box.setInformativeText(f"Start a book for the visit “{event['title']}” and add the {what} to it?")
        else:
            box.setInformativeText(f"This document belongs to no visit. Start a new book and add the {what} to it?")
        start = box.addButton("Start a book", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is start:
            self.book_wanted.emit(self.doc_id, event, passage)

def _esc(text: str) -> str:
    return html.escape(str(text))
