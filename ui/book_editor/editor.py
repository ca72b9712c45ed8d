"""The book editor: the tree of sections and items, the form of what is chosen, the library to add from.

With no book open the page shows ``NoBookPanel`` instead (new, open, the
recent books); the editor takes its place once a book has loaded. Every
change is an undoable command written at once through the core (there is
nothing to save: the book is always saved); the tree is redrawn from the
store after each write to the book.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from briefing.book.blocks import BLOCK_TYPES, compute_block
from briefing.book.books import get_book
from briefing.library.store import Store
from ui.common.operations import Changed, OpRunner

from . import commands as cmd
from .actions import build_actions, tree_menu
from .block_form import load_choices
from .forms import BookForm, ItemForm, SectionForm
from .library_beside import LibraryBeside
from .model import BookTreeModel, Node
from .no_book import NoBookPanel
from .preflight_panel import PreflightPanel
from .tree import BookTree, walk


class BookEditor(QWidget):
    status = Signal(str)
    open_document = Signal(int)
    book_loaded = Signal(dict)
    export_requested = Signal()
    new_book_requested = Signal()  # the no-book panel's "New book…": the window's File ▸ New book
    choose_book_requested = Signal()  # its "Open book…"
    book_requested = Signal(int)  # a recent book chosen there

    def __init__(self, runner: OpRunner, parent: QWidget | None = None, *,
                 recent_books: Callable[[], list[dict]] = list):
        """``recent_books``: the window's remembered books (id, title), latest first."""
        super().__init__(parent)
        self.runner = runner
        self.book_id: int | None = None
        self.book: dict | None = None
        self.undo_stack = QUndoStack(self)
        self.ids = cmd.IdMap()
        self._writes_in_flight = 0
        self._failed = False
        self._select_after: tuple[str, int] | None = None
        self._build(recent_books)

    # ------------------------------------------------------------- layout

    def _build(self, recent_books: Callable[[], list[dict]]) -> None:
        self.model = BookTreeModel(self)
        self.model.move_requested.connect(self.move)
        self.model.documents_dropped.connect(lambda ids, section, pos: self.add_documents(ids, section, pos))
        self.tree = BookTree(self.model)
        self.tree.customContextMenuRequested.connect(lambda point: tree_menu(self, point))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.title = QLabel("No book open", objectName="pageTitle", wordWrap=True)
        self.saved = QLabel(objectName="muted")

        tools = build_actions(self)

        self.book_form = BookForm()
        self.book_form.changed.connect(self._book_changed)
        self.section_form = SectionForm()
        self.section_form.renamed.connect(
            lambda ident, old, new: self.push(cmd.RenameSection(self._apply, self.ids, ident, old, new)))
        self.section_form.audience_changed.connect(
            lambda ident, old, new: self.push(cmd.SetSectionAudience(self._apply, self.ids, ident, old, new)))
        self.section_form.add_note.connect(self.add_note)
        self.section_form.add_block.connect(self.add_block)
        self.section_form.add_section.connect(lambda: self.add_section(subsection=True))
        self.item_form = ItemForm()
        self.item_form.changed.connect(
            lambda ident, old, new: self.push(cmd.UpdateItem(self._apply, self.ids, ident, old, new)))
        self.item_form.open_document.connect(self.open_document.emit)
        self.item_form.preview_block.connect(self.preview_block)
        self.item_form.pending.connect(lambda _: self._show_saved())
        self.forms = QStackedWidget()
        for form in (self.book_form, self.section_form, self.item_form):
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(form)
            self.forms.addWidget(scroll)

        library_box = LibraryBeside(self.runner)
        self.library = library_box.library
        self.library.add_to_book.connect(lambda ids: self.add_documents(ids))
        self.visit_only = library_box.visit_only
        self.library_box = library_box

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.preflight = PreflightPanel(self.runner)
        self.preflight.problem_activated.connect(self.open_problem)
        self.left_split = QSplitter(Qt.Orientation.Vertical)
        self.left_split.addWidget(self.tree)
        self.left_split.addWidget(self.preflight)
        self.left_split.setSizes([520, 200])
        self.left_split.setChildrenCollapsible(False)
        left_layout.addWidget(self.left_split)
        left.setMinimumWidth(220)
        self.forms.setMinimumWidth(300)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(left)
        self.split.addWidget(self.forms)
        self.split.addWidget(library_box)
        self.split.setChildrenCollapsible(False)
        self.split.setCollapsible(2, True)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([330, 560, 380])
        self.split.splitterMoved.connect(self._split_moved)
        head = QVBoxLayout()
        head.setSpacing(0)
        head.addWidget(self.title)
        head.addWidget(self.saved)
        self.workspace = QWidget()
        layout = QVBoxLayout(self.workspace)
        layout.setContentsMargins(12, 10, 10, 4)
        layout.addLayout(head)
        layout.addWidget(tools)
        layout.addWidget(self.split, 1)

        self.no_book = NoBookPanel(self.runner, recent_books)
        self.no_book.new_book.connect(self.new_book_requested.emit)
        self.no_book.choose_book.connect(self.choose_book_requested.emit)
        self.no_book.open_book.connect(self.book_requested.emit)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_book)
        self.pages.addWidget(self.workspace)
        page_layout = QVBoxLayout(self)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(self.pages)
        self._set_enabled(False)

    def show_library(self, shown: bool) -> None:
        """Show or put away the library beside the book."""
        self.library_shown_action.setChecked(shown)
        self.library_box.setVisible(shown)
        sizes = self.split.sizes()
        if shown and sizes[2] == 0:  # dragged shut: open again at a useful width
            width = max(self.library_box.minimumSizeHint().width(), 300)
            self.split.setSizes([sizes[0], max(0, sizes[1] - width), width])

    def _split_moved(self, *_: object) -> None:
        if self.split.sizes()[2] == 0 and self.library_box.isVisible():
            self.show_library(False)

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.tree, self.forms, self.library):
            widget.setEnabled(on)
        for action in (self.add_section_action, self.add_note_action, self.delete_action, self.export_action):
            action.setEnabled(on)
        self.pages.setCurrentWidget(self.workspace if on else self.no_book)
        if not on:
            self.no_book.refresh()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.book_id is None:
            self.no_book.refresh()  # a book made or removed elsewhere since

    # ------------------------------------------------------------- loading

    def open_book(self, book_id: int) -> None:
        if book_id != self.book_id:
            self.undo_stack.clear()
            self.ids = cmd.IdMap()
            self.book = None
        self.book_id = book_id
        self.no_book.say("Opening…" if self.book is None else "")
        self.reload()
        self.load_block_choices()

    def close_book(self) -> None:
        self.book_id, self.book = None, None
        self.undo_stack.clear()
        self.model.set_book(None)
        self.preflight.set_book(None)
        self.title.setText("No book open")
        self.saved.clear()
        self.no_book.say("")
        self._set_enabled(False)

    def reload(self) -> None:
        book_id = self.book_id
        if book_id is None:
            return
        self.runner.read(lambda job: get_book(job.store, book_id), "book").on_success(
            lambda book: self._show(book) if book["id"] == self.book_id else None
        ).on_failure(partial(self._not_loaded, book_id))

    def _not_loaded(self, book_id: int, message: str) -> None:
        if book_id == self.book_id and self.book is None:  # it never opened: back to the panel, saying why
            self.close_book()
            self.no_book.say(f"The book could not be opened: {message}")
        self.status.emit(message)

    def _show(self, book: dict) -> None:
        first = self.book is None
        expanded = self.tree.expanded_sections()
        current = self.tree.current_key()
        self.book = book
        self.model.set_book(book)
        self.title.setText(book["title"])
        self._set_enabled(True)
        if self.preflight.book_id != book["id"]:
            self.preflight.set_book(book["id"])
        else:
            self.preflight.refresh()  # the book was redrawn because it changed
        if first:
            self.tree.expandToDepth(0)
            self.library_box.book_opened(book)
        else:
            self.tree.expand_sections(expanded)
        key = self._select_after or current
        self._select_after = None
        index = self.model.index_of(*key) if key else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        else:
            self.forms.setCurrentIndex(0)
        self._show_form()
        self.book_loaded.emit(book)

    def on_changed(self, changed: Changed) -> None:
        if self.book_id is None and (changed.book_list or changed.external):
            self.no_book.refresh()
        if self.book_id is not None and self.book_id in changed.books or changed.documents and self.book_id is not None:
            self.reload()
        if self.book_id is not None and (changed.documents or changed.events or changed.external):
            self.load_block_choices()

    def load_block_choices(self) -> None:
        """What the forms of generated blocks offer: the library's figures, people, visits, statements."""
        self.runner.read(lambda job: load_choices(job.store), "block choices").on_success(
            self.item_form.set_block_choices).on_failure(lambda message: self.status.emit(message))

    # ------------------------------------------------------------- writing

    def _apply(self, fn: Callable[[Store], Any], label: str) -> None:
        book_id = self.book_id
        self._writes_in_flight += 1
        self._failed = False
        self._show_saved()

        def done(_: object) -> None:
            self._writes_in_flight -= 1
            self._show_saved()

        def failed(message: str) -> None:
            self._writes_in_flight -= 1
            self._failed = True
            self._show_saved()
            self.status.emit(f"{label}: {message}")
            self.reload()

        self.runner.write(lambda job: fn(job.store), label, changes=lambda _: Changed(books={book_id})).on_success(
            done).on_failure(failed)

    def push(self, command: cmd.BookCommand) -> None:
        self.undo_stack.push(command)

    def is_saved(self) -> bool:
        """Nothing waits to be written: no write under way, nothing typed waiting for its pause."""
        return self._writes_in_flight == 0 and not self.item_form.has_pending()

    def _show_saved(self) -> None:
        """"All changes saved" only when nothing is pending; else what is."""
        if self.book_id is None:
            self.saved.clear()
        elif self._writes_in_flight:
            self.saved.setText("Saving…")
        elif self.item_form.has_pending():
            self.saved.setText("Editing… (saved when you pause)")
        elif self._failed:
            self.saved.setText("Not saved")
        elif self.undo_stack.count() or self.saved.text():
            self.saved.setText("All changes saved")

    def _book_changed(self, old: dict, new: dict) -> None:
        if self.book_id is not None:
            self.push(cmd.UpdateBook(self._apply, self.ids, self.book_id, old, new))
            if "title" in new:
                self.title.setText(new["title"] or "")

    def current_node(self) -> Node | None:
        index = self.tree.currentIndex()
        return self.model.node(index) if index.isValid() else None

    def target_section(self) -> tuple[int | None, int | None]:
        """Where additions go: the chosen section (at its end), or after the chosen item."""
        node = self.current_node()
        if node is None:
            sections = [n for n in self.model.root.children if n.kind == "section"]
            background = next((n for n in sections if n.record.get("role") == "background"), None)
            chosen = background or (sections[-1] if sections else None)
            return (chosen.id, None) if chosen else (None, None)
        if node.kind == "section":
            return node.id, None
        return node.parent.id, node.row() + 1

    def move(self, kind: str, ident: int, target_section: int | None, position: int) -> None:
        index = self.model.index_of(kind, ident)
        if not index.isValid():
            return
        node = self.model.node(index)
        parent = node.parent
        source_parent = None if parent is self.model.root else parent.id
        source_pos = node.row() if kind == "item" else node.row() - parent.item_count()
        if source_parent == target_section and position > source_pos:
            position -= 1  # the moved row leaves its old place first
        if source_parent == target_section and position == source_pos:
            return
        self._select_after = (kind, ident)
        self.push(cmd.Move(self._apply, self.ids, kind, ident, (source_parent, source_pos), (target_section, position)))

    def shift_current(self, step: int) -> None:
        node = self.current_node()
        if node is None:
            return
        parent = node.parent
        if node.kind == "item":
            siblings = parent.item_count()
            position = node.row() + step
            if 0 <= position < siblings:
                self.move("item", node.id, parent.id, position + (1 if step > 0 else 0))
        else:
            items = parent.item_count()
            position = node.row() - items + step
            if 0 <= position < len(parent.children) - items:
                self.move("section", node.id, None if parent is self.model.root else parent.id,
                          position + (1 if step > 0 else 0))

    def add_documents(self, doc_ids: list[int], section_id: int | None = None, position: int | None = None) -> None:
        if self.book_id is None or not doc_ids:
            return
        if section_id is None:
            section_id, position = self.target_section()
        if section_id is None:
            self.status.emit("Add a section to the book first.")
            return
        items = [{"kind": "document", "document_id": d} for d in doc_ids]
        noun = "document" if len(items) == 1 else f"{len(items)} documents"
        self.push(cmd.AddItems(self._apply, self.ids, section_id, items, position, f"Add {noun}"))
        self.status.emit(f"Added {noun} to “{self.book['title'] if self.book else 'the book'}”.")

    def add_excerpt(self, doc_id: int, passage: str) -> None:
        section_id, position = self.target_section()
        if self.book_id is None or section_id is None:
            self.status.emit("Open a book with a section first.")
            return
        item = {"kind": "excerpt", "document_id": doc_id}
        if passage:
            item["excerpt"] = passage
        self.push(cmd.AddItems(self._apply, self.ids, section_id, [item], position, "Add excerpt"))
        self.status.emit("Excerpt added to the book.")

    def add_note(self) -> None:
        section_id, position = self.target_section()
        if section_id is None:
            self.status.emit("Add a section first.")
            return
        command = cmd.AddItems(self._apply, self.ids, section_id, [{"kind": "note", "title": "New note", "body": ""}],
                               position, "Add note")
        # runs on the writer, before the redraw that follows the write: the new note comes up chosen
        command.on_added = lambda ids: setattr(self, "_select_after", ("item", ids[0]))
        self.push(command)

    def add_block(self, block_type: str) -> None:
        section_id, position = self.target_section()
        if section_id is None:
            return
        item = {"kind": "block", "title": BLOCK_TYPES[block_type]["title"], "block": {"type": block_type}}
        if block_type == "commitments":
            self.status.emit("A commitments block needs a statement: add it, then set its \"document\" option.")
            item["block"] = {"type": "chronology", "before": "book"}
        self.push(cmd.AddItems(self._apply, self.ids, section_id, [item], position, "Add generated block"))

    def add_section(self, subsection: bool = False) -> None:
        if self.book_id is None:
            return
        title, ok = QInputDialog.getText(self, "Add section", "Title of the new section:")
        if ok and title.strip():
            self.add_section_titled(title.strip(), subsection)

    def add_section_titled(self, title: str, subsection: bool = False) -> None:
        node = self.current_node()
        parent_id = None
        if subsection and node is not None:
            parent_id = node.id if node.kind == "section" else node.parent.id
        elif node is not None and node.kind == "section" and node.parent is not self.model.root:
            parent_id = node.parent.id
        self.push(cmd.AddSection(self._apply, self.ids, self.book_id, title, parent_id, None))

    def delete_current(self, confirm: bool = True) -> None:
        node = self.current_node()
        if node is None:
            return
        if node.kind == "section":
            name = node.record["title"]
            count = sum(1 for _ in walk(node)) - 1
            if confirm and not self._confirm(
                "Delete section",
                f"Delete the section “{name}”" + (f" and the {count} entries in it" if count else "") + "?\n"
                "You can undo this with Undo.",
            ):
                return
            parent = node.parent
            position = node.row() - parent.item_count()
            self.push(cmd.DeleteSection(self._apply, self.ids, self.book_id, node.record, position))
        else:
            if confirm and not self._confirm("Delete item", f"Remove “{self.model.data(self.tree.currentIndex())}” "
                                             "from the book?\nThe document stays in the library."):
                return
            self.push(cmd.DeleteItem(self._apply, self.ids, node.record, node.parent.id, node.row()))

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------- forms

    def _current_changed(self, *_: object) -> None:
        self._show_form()

    def _show_form(self) -> None:
        node = self.current_node()
        if self.book:
            self.book_form.show_book(self.book)
        if node is None:
            self.forms.setCurrentIndex(0)
        elif node.kind == "section":
            self.section_form.show_section(node.record)
            self.forms.setCurrentIndex(1)
        else:
            self.item_form.show_item(node.record)
            self.forms.setCurrentIndex(2)

    def show_properties(self) -> None:
        self.tree.setCurrentIndex(QModelIndex())
        self.forms.setCurrentIndex(0)

    def preview_block(self, block: dict) -> None:
        book = self.book

        def work(job):
            return compute_block(job.store, block, book).markdown

        self.runner.read(work, "block preview").on_success(self.item_form.show_block_preview).on_failure(
            lambda message: self.item_form.show_block_preview(f"*{message}*"))

    def open_problem(self, problem) -> None:
        """Show what a pre-flight problem concerns: its item in the tree; a document's own trouble in the reader."""
        key = ("item", problem.item_id) if problem.item_id else ("section", problem.section_id) if problem.section_id else None
        index = self.model.index_of(*key) if key else QModelIndex()
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        # an orphan highlight or a document's missing particulars are mended in the reader, not in the book
        if problem.document_id and (problem.annotation_id or problem.figure_id is None and problem.code == "missing-source"):
            self.open_document.emit(problem.document_id)
