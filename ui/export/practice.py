"""Briefing practice in the app: the Book menu's pre-flight, editions, numbered copies and pocket card.

Each command gathers its choices in a small dialog (``editions``, ``copies``,
``card``) and runs the core function (``briefing.book.editions``,
``briefing.pdf.distribution``, ``briefing.pdf.card``) through the
``OpRunner``; results are shown without blocking (status line, a window that
lists them, the PDF preview). The methods that start work take the choices as
arguments and return the operation, so tests drive them without the dialogs.

The window hands the Book menu the runner, the ``BookExport`` (for the
export action, the preview and the folder to suggest) and a way to ask which
book is open; it answers with ``status`` and ``check_requested`` (show the
book's pre-flight panel, checked again).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QInputDialog, QMenu, QMessageBox, QWidget

from briefing.book.editions import changes, list_editions, publish
from ui.common.actions import make_action
from ui.common.operations import Changed, Operation, OpRunner
from ui.common.progress import ProgressJob
from ui.common.windows import keep_open, tell

from .book_export import BookExport
from .card import CardDialog
from .copies import CopiesWindow, DistributeDialog
from .editions import ChangesDialog


class BookPractice(QObject):
    """The Book menu: pre-flight, export, editions, numbered copies, pocket card."""

    published = Signal(dict)  # {"edition": N, ...}
    changes_shown = Signal(object)  # the ChangesDialog
    distributed = Signal(dict)  # the distribute() result
    card_made = Signal(dict)  # the make_card() result
    status = Signal(str)
    check_requested = Signal()  # Pre-flight check: the window shows the book's panel and checks again

    def __init__(self, runner: OpRunner, exports: BookExport, book: Callable[[], dict | None], parent: QWidget):
        super().__init__(parent)
        self.runner = runner
        self.exports = exports
        self._open_book = book
        self.parent_widget = parent
        self.windows: list[QWidget] = []  # result windows kept alive while shown
        self.job: ProgressJob | None = None
        self.menu = QMenu("&Book", parent)
        self.check_action = make_action(self, "Pre-flight &check", self.check_requested.emit,
                                        tip="Check the open book before it goes up")
        self.publish_action = make_action(self, "&Publish edition…", self.ask_publish,
                                          tip="Freeze the book as its next edition")
        self.changes_action = make_action(self, "C&hanges since edition…", self.ask_changes,
                                          tip="What was added, removed and changed since an edition")
        self.distribute_action = make_action(self, "&Distribute numbered copies…", self.ask_distribute,
                                             tip="One numbered PDF per recipient")
        self.card_action = make_action(self, "Pocket c&ard…", self.ask_card,
                                       tip="The talking points and key figures on a card")
        self.book_actions = [self.check_action, self.publish_action, self.changes_action, self.distribute_action,
                             self.card_action]
        self.menu.addAction(self.check_action)
        self.menu.addAction(exports.export_action)
        self.menu.addSeparator()
        self.menu.addActions([self.publish_action, self.changes_action])
        self.menu.addSeparator()
        self.menu.addActions([self.distribute_action, self.card_action])
        for act in self.book_actions:
            act.setEnabled(False)

    def book_loaded(self, _book: dict) -> None:
        """A book is open: its commands can be used (they stay so, each asks again which book is open)."""
        for act in self.book_actions:
            act.setEnabled(True)

    # ------------------------------------------------------------- helpers

    @property
    def book(self) -> dict | None:
        return self._open_book()

    def _book_id(self) -> int | None:
        if self.book is None:
            self.status.emit("Open a book first.")
            return None
        return self.book["id"]

    def _keep(self, widget: QWidget) -> QWidget:
        return keep_open(widget, self.windows)

    def _tell(self, title: str, text: str, warning: bool = False) -> None:
        tell(self.parent_widget, self.windows, title, text, warning)

    # ------------------------------------------------------------- pre-flight

    def check_then(self, book_id: int, action: str, proceed: Callable[[bool], None]) -> Operation:
        """Run the check; on an error show the list and call ``proceed(force=True)`` only if the user goes ahead."""
        from .preflight_gate import check_then  # the pre-flight check's modules load with the first use

        return check_then(self.runner, self.parent_widget, book_id, action, proceed, status=self.status.emit,
                          failed=lambda message: self._tell(action, message, warning=True))

    def export_checked(self, choices: dict) -> Operation:
        """Export after the check: what File ▸ Export does once its dialog is accepted."""
        return self.exports.export_checked(choices)

    # ------------------------------------------------------------- editions

    def ask_publish(self) -> None:
        if self._book_id() is None:
            return
        answer = QMessageBox.question(
            self.parent_widget, "Publish edition",
            f"Publish “{self.book['title']}” as its next edition?\nThe book as it stands now is recorded, and later "
            "packs list what changed since.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.publish()

    def publish(self) -> Operation:
        book_id = self.book["id"]

        def done(result: dict) -> None:
            self.status.emit(f"Published edition {result['edition']}.")
            self._tell("Publish edition", f"“{self.book['title']}” is now edition {result['edition']} "
                       f"({result['items']} items recorded).")
            self.published.emit(result)

        op = self.runner.write(lambda job: publish(job.store, book_id), "publish edition",
                               changes=lambda _: Changed(books={book_id}))
        op.on_success(done).on_failure(lambda message: self._tell("Publish edition", message, warning=True))
        return op

    def ask_changes(self) -> None:
        book_id = self._book_id()
        if book_id is None:
            return
        self.runner.read(lambda job: list_editions(job.store, book_id), "editions").on_success(self._pick_edition)

    def _pick_edition(self, editions: list[dict]) -> None:
        if not editions:
            self._tell("Changes since edition", "This book has no edition yet: publish one first (Book ▸ Publish edition).")
            return
        labels = [f"Edition {e['number']} of {e['published'][:10]}" for e in reversed(editions)]
        label, ok = QInputDialog.getItem(self.parent_widget, "Changes since edition", "Compare the book now with:",
                                         labels, 0, False)
        if ok:
            self.show_changes(list(reversed(editions))[labels.index(label)]["number"])

    def show_changes(self, since: int | None = None) -> Operation:
        book_id = self.book["id"]

        def done(report: dict) -> None:
            dialog = ChangesDialog(report, self.parent_widget)
            self._keep(dialog)
            self.changes_shown.emit(dialog)

        op = self.runner.read(lambda job: changes(job.store, book_id, since), "changes")
        op.on_success(done).on_failure(lambda message: self._tell("Changes since edition", message, warning=True))
        return op

    # ------------------------------------------------------------- numbered copies

    def ask_distribute(self) -> None:
        if self._book_id() is None:
            return
        dialog = DistributeDialog(self.book, self.exports.export_folder(), self.parent_widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.check_then(self.book["id"], "Distribute", lambda force: self.distribute(**values, force=force))

    def distribute(self, recipients: list[str], folder: str, profile: str | None = None,
                   force: bool = False) -> ProgressJob:
        book_id = self.book["id"]

        def work(job):
            from briefing.pdf.distribution import distribute  # the PDF pipeline loads with the first use

            return distribute(job.store, book_id, recipients, folder, profile=profile, force=force,
                              progress=job.progress, should_cancel=job.should_cancel)

        def done(result: dict) -> None:
            self.status.emit(f"Wrote {len(result['files'])} numbered copies to {folder}")
            self._keep(CopiesWindow(result, self.parent_widget))
            self.distributed.emit(result)

        op = self.runner.write(work, "distribute", changes=lambda _: Changed(books={book_id}))
        job = ProgressJob(op, f"Writing {len(recipients)} numbered copies…", "Distribute numbered copies",
                          self.parent_widget)
        job.finished.connect(done)
        job.failed.connect(lambda message: self._tell("Distribute numbered copies", message, warning=True))
        job.cancelled.connect(lambda: self.status.emit("Distribution cancelled; no copy was kept."))
        self.job = job
        return job

    # ------------------------------------------------------------- pocket card

    def ask_card(self) -> None:
        if self._book_id() is None:
            return
        dialog = CardDialog(self.book, self.exports.export_folder(), self.parent_widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.check_then(self.book["id"], "Pocket card", lambda force: self.card(**values, force=force))

    def card(self, path: str, size: str = "a6", force: bool = False) -> ProgressJob:
        book_id = self.book["id"]

        def done(result: dict) -> None:
            self.status.emit(f"Pocket card written: {result['pages']} {result['size'].upper()} "
                             f"{'page' if result['pages'] == 1 else 'pages'}, {result['font_size']:g} pt type")
            self.exports.preview(result["path"])
            self.card_made.emit(result)

        def work(job):
            from briefing.pdf.card import make_card  # the PDF pipeline loads with the first use

            return make_card(job.store, book_id, path, size=size, force=force)

        op = self.runner.read(work, "pocket card")
        job = ProgressJob(op, "Making the pocket card…", "Pocket card", self.parent_widget)
        job.finished.connect(done)
        job.failed.connect(lambda message: self._tell("Pocket card", message, warning=True))
        self.job = job
        return job
