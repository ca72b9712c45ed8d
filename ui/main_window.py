"""The main window: navigation, menus, toolbar and status bar around the library, visits, people and book pages."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

import briefing
from briefing.book.books import create_book, list_books
from briefing.book.templates import list_templates
from briefing.library.events import list_events
from briefing.sample import load_sample
from ui.book_editor.editor import BookEditor
from ui.common import theme
from ui.common.fitting import ElidedLabel
from ui.common.operations import Changed, OpRunner
from ui.library.library_view import LibraryView
from ui.library.people_view import PeopleView
from ui.library.reader import ReaderView
from ui.library.visits_view import VisitsView
from ui.maintenance import bundle_actions, maintenance_menu

PAGES = ("library", "visits", "people", "book")
PAGE_LABELS = {"library": "Library", "visits": "Visits", "people": "People", "book": "Book"}
PAGE_ICONS = {"library": "library", "visits": "visit", "people": "people", "book": "book"}
RECENT_MAX = 8


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
        self.previews: list[QWidget] = []
        self._export_job = None
        self._import_job = None
        self._print_job = None
        self._print_after_export: int | None = None  # the book to print once its export is done
        self.setWindowTitle("Briefing Book")
        self.setWindowIcon(theme.app_icon())
        self.setAcceptDrops(True)
        self._build_pages()
        self._build_actions()
        self._build_menus()
        bundle_actions.install(self)  # File ▸ Share as bundle…, Import bundle…
        maintenance_menu.install(self)  # File ▸ Library maintenance: back up, restore, check
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
        self.visits = VisitsView(self.runner)
        self.people = PeopleView(self.runner)
        self.editor = BookEditor(self.runner)
        self.stack = QStackedWidget()
        for page in (self.library_split, self.visits, self.people, self.editor):
            self.stack.addWidget(page)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(118)
        self.nav.setSpacing(2)
        for name in PAGES:
            item = QListWidgetItem(theme.icon(PAGE_ICONS[name]), PAGE_LABELS[name])
            item.setSizeHint(QSize(110, 40))
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
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
        self.visits.document_activated.connect(self.open_document)
        self.visits.person_activated.connect(self.show_person)
        self.visits.new_book.connect(lambda event: self.new_book(event["id"]))
        self.visits.show_documents.connect(self.library_for_visit)
        self.people.visit_activated.connect(self.show_visit)
        self.editor.status.connect(self.show_status)
        self.editor.open_document.connect(self.open_document)
        self.editor.book_loaded.connect(self._book_loaded)
        self.editor.export_requested.connect(self.export_book)

    def _action(self, text: str, slot, shortcut=None, icon: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self)
        if icon:
            theme.themed(action, icon)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.new_book_action = self._action("&New book…", lambda: self.new_book(), K.New, "book-new",
                                            "Start a briefing book from a template")
        self.open_book_action = self._action("&Open book…", self.choose_book, K.Open, "book", "Open a briefing book")
        self.import_action = self._action("&Import documents…", self.import_files, "Ctrl+I", "import",
                                          "Add files or folders to the library")
        self.export_action = self._action("&Export PDF…", self.export_book, "Ctrl+E", "export",
                                          "Export the open book as a PDF briefing pack")
        self.print_action = self._action("&Print…", self.print_book, K.Print, "print",
                                         "Print the open book's last exported PDF")
        if self.print_action.shortcut().isEmpty():
            self.print_action.setShortcut(QKeySequence("Ctrl+P"))
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        if self.quit_action.shortcut().isEmpty():  # some desktops define no standard Quit key
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.find_action = self._action("&Find in library", self.find_in_library, K.Find, "search")
        self.about_action = self._action("&About Briefing Book", self.about, None, "about")
        self.page_actions = []
        for n, name in enumerate(PAGES):
            action = self._action(PAGE_LABELS[name], lambda _=False, i=n: self.nav.setCurrentRow(i), f"Ctrl+{n + 1}")
            self.page_actions.append(action)
        self.export_action.setEnabled(False)
        self.print_action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.new_book_action)
        file.addAction(self.open_book_action)
        self.recent_menu = file.addMenu("Open &recent")
        file.addSeparator()
        file.addAction(self.import_action)
        file.addAction(self.export_action)
        file.addSeparator()
        file.addAction(self.print_action)
        file.addSeparator()
        file.addAction(self.quit_action)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.editor.undo_action)
        edit.addAction(self.editor.redo_action)
        edit.addSeparator()
        edit.addAction(self.find_action)
        edit.addSeparator()
        edit.addAction(self.reader.highlight_action)
        edit.addAction(self.reader.note_action)
        view = bar.addMenu("&View")
        for action in self.page_actions:
            view.addAction(action)
        view.addSeparator()
        view.addAction(self.reader.notes_shown_action)
        from ui.export.practice import BookPractice

        self.practice = BookPractice(self)  # the Book menu: pre-flight, editions, numbered copies, pocket card
        bar.addMenu(self.practice.menu)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)

        tools = QToolBar("Main")
        tools.setObjectName("mainToolbar")
        tools.setMovable(False)
        tools.setIconSize(QSize(20, 20))
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addAction(self.import_action)
        tools.addSeparator()
        tools.addAction(self.new_book_action)
        tools.addAction(self.open_book_action)
        tools.addAction(self.export_action)
        self.addToolBar(tools)

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
        self._fill_recent()

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/library_split", self.library_split.saveState())
        self.settings.setValue("window/reader_notes", self.reader.notes_shown_action.isChecked())
        self.settings.setValue("books/last", self.book_id or 0)
        self.settings.sync()

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

    def _remember_book(self, book: dict) -> None:
        recent = [b for b in self.recent_books() if b["id"] != book["id"]]
        recent.insert(0, {"id": book["id"], "title": book["title"]})
        self.settings.setValue("books/recent", [f"{b['id']}\t{b['title']}" for b in recent[:RECENT_MAX]])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_books()
        for n, book in enumerate(recent, 1):
            action = self.recent_menu.addAction(f"&{n} {book['title']}")
            action.triggered.connect(lambda _=False, b=book["id"]: self.open_book(b))
        self.recent_menu.setEnabled(bool(recent))

    # ------------------------------------------------------------- start

    def start(self, *, load_sample_library: bool = False) -> None:
        """Fill the views; with ``load_sample_library``, first load the sample library in the background."""
        if load_sample_library:
            self.load_sample_library()
            return
        self.refresh_all()
        last = int(self.settings.value("books/last", 0) or 0)
        if last:
            self.open_book(last, show=False)

    def refresh_all(self) -> None:
        self.library.refresh()
        self.visits.refresh()
        self.people.refresh()

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
        if changed.documents:
            self.library.refresh()
            self.editor.library.refresh()
            self.reader.reload()
        if changed.events or changed.documents:
            self.visits.refresh()
            self.people.refresh()
        if self.reader.doc_id is not None and self.reader.doc_id in changed.annotations:
            self.reader.reload()
        self.editor.on_changed(changed)

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

    def library_for_visit(self, event_id: int) -> None:
        self.show_page("library")
        self.library.set_visit_filter(event_id)

    def find_in_library(self) -> None:
        self.show_page("library")
        self.library.focus_search()

    # ------------------------------------------------------------- books

    def new_book(self, event_id: int | None = None) -> None:
        def work(job):
            return list_templates(), list_events(job.store)

        self.runner.read(work, "new book").on_success(lambda r: self._new_book_dialog(*r, event_id))

    def _new_book_dialog(self, templates: list[dict], events: list[dict], event_id: int | None) -> None:
        from ui.book_editor.new_book_dialog import NewBookDialog

        dialog = NewBookDialog(templates, events, event_id, self)
        if dialog.exec() != NewBookDialog.DialogCode.Accepted:
            return
        self.create_book(**dialog.values())

    def create_book(self, title: str, template: str | None, event_id: int | None, marking: str | None):
        op = self.runner.write(
            lambda job: create_book(job.store, title, template, marking, event_id),
            "create book",
            changes=lambda _: Changed(book_list=True),
        )
        op.on_success(lambda book_id: self.open_book(book_id))
        op.on_failure(lambda message: QMessageBox.warning(self, "New book", message))
        return op

    def choose_book(self) -> None:
        self.runner.read(lambda job: list_books(job.store), "books").on_success(self._choose_book)

    def _choose_book(self, found: list[dict]) -> None:
        if not found:
            QMessageBox.information(self, "Open book", "There are no books yet. Start one with File ▸ New book.")
            return
        labels = [f"{b['title']}  ({b.get('start_date') or 'no date'})" for b in found]
        label, ok = QInputDialog.getItem(self, "Open book", "Book:", labels, 0, False)
        if ok:
            self.open_book(found[labels.index(label)]["id"])

    def open_book(self, book_id: int, show: bool = True) -> None:
        self.book_id = book_id
        self.editor.open_book(book_id)
        if show:
            self.show_page("book")

    def _book_loaded(self, book: dict) -> None:
        self.book_id = book["id"]
        self.export_action.setEnabled(True)
        self.print_action.setEnabled(True)
        self.book_label.setText(f"Book: {book['title']}")
        self.library.set_book_open(book["title"])
        self.reader.set_book_open(book["title"])
        self.setWindowTitle(f"{book['title']} — Briefing Book")
        self._remember_book(book)

    def close_book(self) -> None:
        """No book open any more (it is gone, as after a restore from an older backup)."""
        self.book_id = None
        self.editor.close_book()
        self.export_action.setEnabled(False)
        self.print_action.setEnabled(False)
        self.book_label.clear()
        self.library.set_book_open(None)
        self.reader.set_book_open(None)
        self.setWindowTitle("Briefing Book")

    def add_documents_to_book(self, doc_ids: list[int]) -> None:
        if self.book_id is None:
            self.show_status("Open or start a book first (File ▸ New book).")
            return
        self.editor.add_documents(doc_ids)

    def add_excerpt_to_book(self, doc_id: int, passage: str) -> None:
        if self.book_id is None:
            self.show_status("Open or start a book first (File ▸ New book).")
            return
        self.editor.add_excerpt(doc_id, passage)

    # ------------------------------------------------------------- export

    def export_folder(self) -> str:
        folder = self.settings.value("export/folder")
        if folder and Path(str(folder)).is_dir():
            return str(folder)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())

    def export_book(self) -> None:
        if self.editor.book is None:
            self.show_status("Open a book to export it.")
            return
        from ui.export.export_dialog import ExportDialog

        dialog = ExportDialog(self.editor.book, self.export_folder(), self)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            self._print_after_export = None
            return
        self.practice.export_checked(dialog.choices())  # the pre-flight check first

    def start_export(self, choices: dict):
        from ui.export.export_dialog import ExportJob

        self.settings.setValue("export/folder", str(Path(choices["path"]).parent))
        book_id = self.editor.book["id"]
        job = ExportJob(self.runner, book_id, choices, self)
        job.finished.connect(lambda result: self._exported(result, book_id))
        job.failed.connect(lambda message: QMessageBox.warning(self, "Export PDF", message))
        job.cancelled.connect(lambda: self.show_status("Export cancelled; nothing was written."))
        for ended in (job.failed, job.cancelled):
            ended.connect(lambda *_: setattr(self, "_print_after_export", None))
        self._export_job = job
        self.show_status("Exporting…")
        return job

    def _exported(self, result, book_id: int | None = None) -> None:
        self.show_status(f"Exported {result.pages} pages to {result.path}")
        if book_id is not None:
            self.settings.setValue(self._last_export_key(book_id), str(result.path))
        self.preview(result.path)
        if book_id is not None and self._print_after_export == book_id:
            self._print_after_export = None
            self.print_book()

    # ------------------------------------------------------------- printing

    def _last_export_key(self, book_id: int) -> str:
        # book ids repeat across libraries: the key names this library too (by a digest of its path)
        library = hashlib.sha256(str(Path(self.store_path).resolve()).encode()).hexdigest()[:12]
        return f"export/last_pdf/{library}-{book_id}"

    def last_export(self, book_id: int) -> Path | None:
        """The PDF this book was last exported to from the app, if it is still there."""
        value = self.settings.value(self._last_export_key(book_id))
        path = Path(str(value)) if value else None
        return path if path is not None and path.is_file() else None

    def print_book(self, printer=None):
        """File ▸ Print…: print the open book's last exported PDF, or offer to export it first.

        Returns the print job (None when nothing is printed yet); ``printer``
        skips the print dialog.
        """
        from ui.export.pdf_preview import ask_and_print

        book = self.editor.book
        if book is None:
            self.show_status("Open a book to print it.")
            return None
        if self._print_job is not None and not self._print_job.done:
            self.show_status("The book is already being printed.")
            return self._print_job
        path = self.last_export(book["id"])
        if path is None:
            answer = QMessageBox.question(
                self, "Print",
                f"“{book['title']}” has not been exported yet (or its PDF was moved).\n\n"
                "Export it now? It is printed once the export is done.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer == QMessageBox.StandardButton.Yes:
                self._print_after_export = book["id"]
                self.export_book()
            return None
        job = ask_and_print(path, self, printer=printer)
        if job is not None:
            self._print_job = job
            job.finished.connect(lambda pages: self.show_status(f"Sent {pages} pages of {path.name} to the printer."))
            job.cancelled.connect(lambda: self.show_status("Printing cancelled."))
        return job

    def preview(self, path) -> QWidget:
        from ui.export.pdf_preview import PdfPreview

        window = PdfPreview(path, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.destroyed.connect(lambda *_: self.previews.remove(window) if window in self.previews else None)
        self.previews.append(window)
        window.show()
        return window

    # ------------------------------------------------------------- import

    def import_files(self) -> None:
        from ui.library.import_dialog import choose_paths

        paths = choose_paths(self)
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[str]):
        from ui.library.import_dialog import ImportJob

        job = ImportJob(self.runner, paths, self)
        job.finished.connect(lambda report: self.show_status(job.summary_line(report)))
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
        self.editor.item_form.save_body()  # a note typed a moment ago is not lost
        self.save_settings()
        for window in list(self.previews):
            window.close()
        if self._print_job is not None and not self._print_job.done:
            self._print_job.abort()
        self.runner.shutdown()
        event.accept()
