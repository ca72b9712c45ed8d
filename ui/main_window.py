"""The main window: navigation, menus, toolbar and status bar around the library, visits, people and book pages.

It composes the screens: it makes each with what it needs (the operation
runner, itself as parent widget, callbacks that answer a question such as
which book is open) and connects their signals to what they ask for (a
status line, a page to show, a book to open). No screen imports this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QWidget,
)

import briefing
from briefing.sample import load_sample
from ui.book_editor.choosing import BookChooser
from ui.common import theme
from ui.common.fitting import ElidedLabel
from ui.common.help import HelpMenu
from ui.common.lazy_pages import LazyPages
from ui.common.operations import Changed, Operation, OpRunner
from ui.common.window_menus import build_actions, build_menus
from ui.export.book_export import BookExport
from ui.export.practice import BookPractice
from ui.library.import_dialog import ImportJob, choose_paths, summary_line
from ui.library.library_view import LibraryView
from ui.library.reader import ReaderView
from ui.library.record_edits import RecordEdits
from ui.maintenance.bundle_actions import BundleActions
from ui.maintenance.maintenance_menu import MaintenanceMenu
from ui.window_pages import page_makers

if TYPE_CHECKING:
    from ui.book_editor.editor import BookEditor
    from ui.library.figures_view import FiguresView
    from ui.library.people_view import PeopleView
    from ui.library.visits_view import VisitsView

PAGES = ("library", "visits", "people", "book", "figures")
PAGE_LABELS = {"library": "Library", "visits": "Visits", "people": "People", "book": "Book", "figures": "Figures"}
PAGE_ICONS = {"library": "library", "visits": "visit", "people": "people", "book": "book", "figures": "block"}


class MainWindow(QMainWindow):
    sample_loaded = Signal()

    def __init__(
        self,
        store_path: str,
        *,
        settings: QSettings | None = None,
        runner: OpRunner | None = None,
        passphrase: str | None = None,
    ):
        super().__init__()
        self.store_path = store_path
        self.settings = settings or QSettings()
        # an encrypted library's passphrase goes to the runner only, never to the settings
        self.runner = runner or OpRunner(store_path, self, passphrase=passphrase)
        self.runner.changed.connect(self.on_changed)
        self.book_id: int | None = None
        self._started = False  # a page made after the start fills itself at once
        self._import_job: ImportJob | None = None
        self.setWindowTitle("Briefing Book")
        self.setWindowIcon(theme.app_icon())
        self.setAcceptDrops(True)
        self._build_pages()
        self._build_screens()
        build_actions(self, PAGES, PAGE_LABELS)
        build_menus(self)
        self._build_status()
        self._restore()
        theme.watcher().changed.connect(self._restyle)

    # ------------------------------------------------------------- building

    def _build_pages(self) -> None:
        self.library = LibraryView(self.runner)
        self.reader = ReaderView(self.runner)
        self.library_split = QSplitter(Qt.Orientation.Horizontal)
        self.library_split.addWidget(self.library)
        self.library_split.addWidget(self.reader)
        self.library_split.setStretchFactor(0, 5)
        self.library_split.setStretchFactor(1, 6)
        self.library_split.setSizes([500, 600])  # in proportion, whatever the list's filters ask for
        self.library_split.setChildrenCollapsible(False)
        self.records = RecordEdits(self.runner, self)  # visits, people, programmes, figures: one undo stack
        self.records.failed.connect(self.show_status)
        # the pages but the library are made on their first visit (or first use): the window opens sooner
        self.stack = QStackedWidget()
        self.pages = LazyPages(self.stack)
        makers = {"library": self.library_split, **page_makers(self)}
        for name in PAGES:
            self.pages.add(name, makers[name])
        self.pages.page_made.connect(self._page_made)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(118)
        self.nav.setSpacing(2)
        for name in PAGES:
            item = QListWidgetItem(theme.icon(PAGE_ICONS[name]), PAGE_LABELS[name])
            item.setSizeHint(QSize(110, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.pages.show_index)
        self.nav.setCurrentRow(0)
        central = QSplitter(Qt.Orientation.Horizontal)
        central.addWidget(self.nav)
        central.addWidget(self.stack)
        central.setStretchFactor(1, 1)
        central.setChildrenCollapsible(False)
        central.setSizes([self.nav.width(), 10_000])  # the navigation keeps its own width, not the list's hint
        self.setCentralWidget(central)

        self.library.document_activated.connect(self.open_document)
        self.library.view.selectionModel().currentRowChanged.connect(self._library_current)
        self.library.add_to_book.connect(self.add_documents_to_book)
        self.library.status.connect(self.show_status)
        self.reader.status.connect(self.show_status)
        self.reader.add_excerpt.connect(self.add_excerpt_to_book)
        self.reader.visit_activated.connect(self.show_visit)
        self.library.searched.connect(self.reader.set_search)  # the reader marks the search's words
        self.reader.details_edited.connect(self.library.corrections.edit)
        self.reader.book_wanted.connect(self.book_for_passage)
        self.library.corrections.deleted.connect(self.reader.documents_deleted)
        self.records.recorded.connect(lambda kind, _: kind == "figure" and self._refresh_preflight())

    # the pages made on first use (``ui.window_pages``): each is wired to the window as it is made

    @property
    def visits(self) -> VisitsView:
        return self.pages.get("visits")

    @property
    def people(self) -> PeopleView:
        return self.pages.get("people")

    @property
    def editor(self) -> BookEditor:
        return self.pages.get("book")

    @property
    def figures(self) -> FiguresView:
        return self.pages.get("figures")

    def _page_made(self, name: str, page: QWidget) -> None:
        page.status.connect(self.show_status)
        if name == "book":
            page.book_loaded.connect(self._book_loaded)
            page.book_loaded.connect(self.practice.book_loaded)
        elif self._started:
            page.refresh()

    def _refresh_preflight(self) -> None:
        editor = self.pages.made("book")
        if editor is not None:
            editor.preflight.refresh()

    def _build_screens(self) -> None:
        """What the menus lead to: choosing books, export and printing, the Book menu, bundles, maintenance."""

        def book() -> dict | None:
            editor = self.pages.made("book")
            return editor.book if editor is not None else None

        self.books = BookChooser(self.runner, self.settings, self)  # new, open, open recent
        self.books.open_book.connect(self.open_book)
        self.exports = BookExport(self.runner, self.settings, self.store_path, book, self)
        self.exports.status.connect(self.show_status)
        self.practice = BookPractice(self.runner, self.exports, book, self)  # pre-flight, editions, copies, card
        self.practice.status.connect(self.show_status)
        self.practice.check_requested.connect(self.check_book)
        self.bundles = BundleActions(self.runner, book, self.export_folder, self)  # share, import
        self.bundles.status.connect(self.show_status)
        self.bundles.open_book.connect(self.open_book)
        self.maintenance_menu = MaintenanceMenu(self.runner, self.store_path, self.export_folder, self)
        self.maintenance_menu.status.connect(self.show_status)
        self.maintenance_menu.restored.connect(self._restored)
        self.help = HelpMenu(self)  # the user's guide and the keyboard shortcuts
        self.recent_menu = self.books.recent_menu
        self.export_action, self.print_action = self.exports.export_action, self.exports.print_action
        self.share_bundle_action, self.import_bundle_action = self.bundles.share_action, self.bundles.import_action
        self.backup_action = self.maintenance_menu.backup_action
        self.restore_action = self.maintenance_menu.restore_action
        self.check_action = self.maintenance_menu.check_action
        self._set_book_open(False)

    def _build_status(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.book_label = ElidedLabel()  # a long title is cut short rather than widening the window
        self.book_label.setMaximumWidth(420)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.book_label)
        self.statusBar().showMessage("Ready", 3000)

    # ------------------------------------------------------------- settings

    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        split = self.settings.value("window/library_split")
        if isinstance(split, QByteArray):
            self.library_split.restoreState(split)
        self.reader.show_notes(str(self.settings.value("window/reader_notes", "true")).lower() != "false")
        self.books.fill_recent()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/library_split", self.library_split.saveState())
        self.settings.setValue("window/reader_notes", self.reader.notes_shown_action.isChecked())
        self.settings.setValue("books/last", self.book_id or 0)
        self.settings.sync()

    def recent_books(self) -> list[dict]:
        return self.books.recent_books()

    # ------------------------------------------------------------- start

    def start(self, *, load_sample_library: bool = False) -> None:
        """Fill the views; with ``load_sample_library``, first load the sample library in the background."""
        self._started = True
        if load_sample_library:
            self.load_sample_library()
            return
        self.refresh_all()
        last = [int(self.settings.value("books/last", 0) or 0)]
        if last[0]:
            # the last book opens once the library's first page came: the book editor is made after the first paint
            def open_last(*_: object) -> None:
                if last:
                    self.open_book(last.pop(), show=False)

            self.library.model.loaded.connect(open_last)
            self.library.model.failed.connect(open_last)

    def refresh_all(self) -> None:
        """The library, and the pages made so far (the others fill themselves when made)."""
        self.library.refresh()
        for name in ("visits", "people", "figures"):
            page = self.pages.made(name)
            if page is not None:
                page.refresh()

    def load_sample_library(self) -> None:
        self.statusBar().showMessage("Loading the sample library…")
        self.progress.setRange(0, 0)
        self.progress.show()

        def work(job):
            return load_sample(job.store, progress=job.progress)

        def done(report) -> None:
            self.progress.hide()
            added = report.added
            self.show_status(f"Sample library loaded: {added['documents']} documents, {added['events']} visits, "
                             f"{added['people']} people.")
            self.sample_loaded.emit()

        def progress(n: int, total: int) -> None:
            self.progress.setRange(0, total)
            self.progress.setValue(n)

        op = self.runner.write(work, "sample", changes=lambda _: Changed(documents=True, events=True, book_list=True))
        op.on_progress(progress).on_success(done).on_failure(self._sample_failed)

    def _sample_failed(self, message: str) -> None:
        self.progress.hide()
        QMessageBox.warning(self, "Sample library", f"The sample library could not be loaded:\n{message}")

    # ------------------------------------------------------------- reacting to changes

    def on_changed(self, changed: Changed) -> None:
        """Redraw what the change touched, on the pages made so far (a page made later reads the library then)."""
        visits, people, figures, editor = (self.pages.made(name) for name in ("visits", "people", "figures", "book"))
        if changed.documents:
            self.library.refresh()
            if editor is not None:
                editor.library.refresh()
            self.reader.reload()
        if changed.events or changed.documents:
            for page in (visits, people):
                if page is not None:
                    page.refresh()
        if (changed.documents or changed.external) and figures is not None:
            figures.refresh()
        if self.reader.doc_id is not None and self.reader.doc_id in changed.annotations:
            self.reader.reload()
        if editor is not None:
            editor.on_changed(changed)

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    # ------------------------------------------------------------- navigation

    def show_page(self, name: str) -> None:
        self.nav.setCurrentRow(PAGES.index(name))

    def _library_current(self, current, _previous) -> None:
        result = self.library.model.result_at(current.row())
        if result is not None and result.id != self.reader.doc_id:
            self.reader.open_document(result.id)

    def open_document(self, doc_id: int) -> None:
        self.show_page("library")
        self.reader.open_document(doc_id)

    def show_visit(self, event_id: int) -> None:
        self.show_page("visits")
        self.visits.select(event_id)

    def show_person(self, person_id: int) -> None:
        self.show_page("people")
        self.people.select(person_id)

    def show_figure_problem(self, problem) -> None:
        if problem.figure_id is not None and problem.code in ("stale-figure", "conflicting-figure"):
            self.show_page("figures")
            self.figures.show_figure(problem.figure_id, problem.message)

    def library_for_visit(self, event_id: int) -> None:
        self.show_page("library")
        self.library.set_visit_filter(event_id)

    def find_in_library(self) -> None:
        self.show_page("library")
        self.library.focus_search()

    def check_book(self) -> None:
        """Book ▸ Pre-flight check: the book page, its panel checked again."""
        self.show_page("book")
        self.editor.preflight.refresh()

    # ------------------------------------------------------------- books

    def new_visit(self) -> None:
        self.show_page("visits")
        self.visits.new_visit()

    def new_person(self) -> None:
        self.show_page("people")
        self.people.new_person()

    def new_book(self, event_id: int | None = None) -> None:
        self.books.new_book(event_id)

    def create_book(self, title: str, template: str | None, event_id: int | None, marking: str | None) -> Operation:
        return self.books.create_book(title, template, event_id, marking)

    def open_book(self, book_id: int, show: bool = True) -> None:
        self.book_id = book_id
        self.editor.open_book(book_id)
        if show:
            self.show_page("book")

    def _set_book_open(self, open_: bool) -> None:
        self.exports.set_book_open(open_)
        self.share_bundle_action.setEnabled(open_)

    def _book_loaded(self, book: dict) -> None:
        self.book_id = book["id"]
        self._set_book_open(True)
        self.book_label.setText(f"Book: {book['title']}")
        self.library.set_book_open(book["title"])
        self.reader.set_book_open(book["title"])
        pending, self._pending_excerpt = getattr(self, "_pending_excerpt", None), None
        if pending is not None:
            self.editor.add_excerpt(*pending)
        self.setWindowTitle(f"{book['title']} — Briefing Book")
        self.books.remember(book)

    def close_book(self) -> None:
        """No book open any more (it is gone, as after a restore from an older backup)."""
        self.book_id = None
        if self.pages.made("book") is not None:
            self.editor.close_book()
        self._set_book_open(False)
        self.book_label.clear()
        self.library.set_book_open(None)
        self.reader.set_book_open(None)
        self.setWindowTitle("Briefing Book")

    def _restored(self, books: set[int]) -> None:
        if self.book_id is not None and self.book_id not in books:
            self.close_book()  # the open book is not in the restored library

    def add_documents_to_book(self, doc_ids: list[int]) -> None:
        if self.book_id is None:
            self.show_status("Open or start a book first (File ▸ New book).")
            return
        self.editor.add_documents(doc_ids)

    def book_for_passage(self, doc_id: int, event: dict | None, passage: str) -> None:
        """No book was open for a passage: start one for the document's visit, then add the passage to it."""
        self._pending_excerpt = (doc_id, passage)
        if event is None:
            self.new_book()
            return
        self.create_book(event["title"], "state-visit", int(event["id"]), None)

    def add_excerpt_to_book(self, doc_id: int, passage: str) -> None:
        if self.book_id is None:
            self.show_status("Open or start a book first (File ▸ New book).")
            return
        self.editor.add_excerpt(doc_id, passage)

    # ------------------------------------------------------------- export and print (``ui.export.book_export``)

    @property
    def previews(self) -> list[QWidget]:
        return self.exports.previews

    def export_folder(self) -> str:
        return self.exports.export_folder()

    def export_book(self) -> None:
        self.exports.export_book()

    def start_export(self, choices: dict):
        return self.exports.start_export(choices)

    def last_export(self, book_id: int):
        return self.exports.last_export(book_id)

    def print_book(self, printer=None):
        return self.exports.print_book(printer)

    def preview(self, path) -> QWidget:
        return self.exports.preview(path)

    # ------------------------------------------------------------- import

    def import_files(self) -> None:
        paths = choose_paths(self)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]) -> ImportJob:
        job = ImportJob(self.runner, paths, self)
        job.notice.connect(self.show_status)  # what cannot be imported here, once
        job.finished.connect(lambda report: self.show_status(report.stopped or summary_line(report)))
        job.finished.connect(self.library.imported)  # a search or filter hiding the new documents is cleared
        self._import_job = job
        return job

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # ------------------------------------------------------------- palette

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Follow the system's light or dark scheme while the app runs, however the change is told."""
        if event.type() == QEvent.Type.ThemeChange:
            theme.watcher().follow_system()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            theme.watcher().palette_changed()
        super().changeEvent(event)

    def _restyle(self) -> None:
        for row, name in enumerate(PAGES):
            self.nav.item(row).setIcon(theme.icon(PAGE_ICONS[name]))

    # ------------------------------------------------------------- the rest

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Briefing Book",
            f"<h3>Briefing Book {briefing.__version__}</h3>"
            "<p>Briefing books for visits, prepared offline from a local library of documents.</p>"
            f"<p>Library: {self.store_path}</p>"
            "<p>The app opens no network connection.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        editor = self.pages.made("book")
        if editor is not None:
            editor.item_form.save_body()  # a note typed a moment ago is not lost
        self.save_settings()
        self.exports.close()  # the previews, and a print job stopped at once
        self.runner.shutdown()
        event.accept()
