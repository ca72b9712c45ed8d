"""Which book is open: File ▸ New book…, Open book… and Open recent.

The window makes one ``BookChooser`` with the runner, the settings (where
the recent books are kept) and itself as parent, places ``recent_menu`` in
its File menu, and opens the book ``open_book`` names; it tells the chooser
each book it opened (``remember``) so Open recent lists it first.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from briefing.library.events import list_events
from ui.common.operations import Changed, Operation, OpRunner

RECENT_MAX = 8


class BookChooser(QObject):
    """Starting a book, choosing one, and the recent books."""

    open_book = Signal(int)

    def __init__(self, runner: OpRunner, settings: QSettings, parent: QWidget):
        super().__init__(parent)
        self.runner = runner
        self.settings = settings
        self.parent_widget = parent
        self.recent_menu = QMenu("Open &recent", parent)

    # ------------------------------------------------------------- new book

    def new_book(self, event_id: int | None = None) -> None:
        """The new book dialog (for the visit ``event_id``, if given), then the book, opened."""

        def work(job):
            from briefing.book.templates import list_templates

            return list_templates(), list_events(job.store)

        self.runner.read(work, "new book").on_success(lambda r: self._new_book_dialog(*r, event_id))

    def _new_book_dialog(self, templates: list[dict], events: list[dict], event_id: int | None) -> None:
        from .new_book_dialog import NewBookDialog  # with the book's forms: loaded when first asked for

        dialog = NewBookDialog(templates, events, event_id, self.parent_widget)
        if dialog.exec() != NewBookDialog.DialogCode.Accepted:
            return
        self.create_book(**dialog.values())

    def create_book(self, title: str, template: str | None, event_id: int | None, marking: str | None) -> Operation:
        def work(job):
            from briefing.book.books import create_book  # the books and their blocks load on first use

            return create_book(job.store, title, template, marking, event_id)

        op = self.runner.write(
            work,
            "create book",
            changes=lambda _: Changed(book_list=True),
        )
        op.on_success(lambda book_id: self.open_book.emit(book_id))
        op.on_failure(lambda message: QMessageBox.warning(self.parent_widget, "New book", message))
        return op

    # ------------------------------------------------------------- open book

    def choose_book(self) -> None:
        def work(job):
            from briefing.book.books import list_books

            return list_books(job.store)

        self.runner.read(work, "books").on_success(self._choose_book)

    def _choose_book(self, found: list[dict]) -> None:
        if not found:
            QMessageBox.information(self.parent_widget, "Open book",
                                    "There are no books yet. Start one with File ▸ New book.")
            return
        labels = [f"{b['title']}  ({b.get('start_date') or 'no date'})" for b in found]
        label, ok = QInputDialog.getItem(self.parent_widget, "Open book", "Book:", labels, 0, False)
        if ok:
            self.open_book.emit(found[labels.index(label)]["id"])

    # ------------------------------------------------------------- recent books

    def recent_books(self) -> list[dict]:
        value = self.settings.value("books/recent", [])
        if isinstance(value, str):
            value = [value]
        found = []
        for entry in value or []:
            ident, _, title = str(entry).partition("\t")
            if ident.isdigit():
                found.append({"id": int(ident), "title": title})
        return found

    def remember(self, book: dict) -> None:
        recent = [b for b in self.recent_books() if b["id"] != book["id"]]
        recent.insert(0, {"id": book["id"], "title": book["title"]})
        self.settings.setValue("books/recent", [f"{b['id']}\t{b['title']}" for b in recent[:RECENT_MAX]])
        self.fill_recent()

    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_books()
        for n, book in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{n} {book['title']}")
            action.triggered.connect(lambda _=False, b=book["id"]: self.open_book.emit(b))
        self.recent_menu.setEnabled(bool(recent))
