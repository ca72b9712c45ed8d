"""Briefing practice in the app: the Book menu's pre-flight, editions, numbered copies and pocket card.

Each command gathers its choices in a small dialog and runs the core function
(``briefing.book.editions``, ``briefing.pdf.distribution``, ``briefing.pdf.card``) through
the ``OpRunner``; results are shown without blocking (status line, a window
that lists them, the PDF preview). The methods that start work take the
choices as arguments and return the operation, so tests drive them without
the dialogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.book.editions import changes, list_editions, publish
from briefing.book.preflight import ERROR, Problem, run_preflight, summary
from briefing.book.profiles import profile_names
from briefing.errors import BriefingError
from briefing.pdf.card import make_card
from briefing.pdf.distribution import distribute, recipients_list
from ui.book_editor.preflight_panel import fill_problem_list, problem_tree
from ui.common.operations import Changed, Operation, OpRunner
from ui.common.progress import ProgressJob

from .export_dialog import PROFILE_LABELS, default_file_name

if TYPE_CHECKING:
    from ui.main_window import MainWindow


# ------------------------------------------------------------------ dialogs


class PreflightRefusal(QDialog):
    """The check found an error: the list, and the choice to stop or go ahead anyway."""

    def __init__(self, problems: list[Problem], action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Pre-flight check")
        self.resize(820, 360)
        errors = sum(p.severity == ERROR for p in problems)
        text = QLabel(f"The book fails its pre-flight check ({summary(problems)}). "
                      f"Fix the {'error' if errors == 1 else 'errors'} first, or go ahead anyway.", wordWrap=True)
        self.tree = problem_tree()
        fill_problem_list(self.tree, problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.anyway = buttons.addButton(f"{action} anyway", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


class ChangesDialog(QDialog):
    """What was added, removed and changed since an edition, with what changed."""

    def __init__(self, report: dict[str, Any], parent: QWidget | None = None):
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(f"Changes since edition {report['since']}")
        self.resize(760, 460)
        counts = ", ".join(f"{len(report[k])} {k}" for k in ("added", "changed", "removed"))
        self.summary = QLabel(f"Compared with edition {report['since']} of {report['published'][:10]}: {counts}.")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Item", "Section", "What changed"])
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 200)
        for key, heading in (("added", "Added"), ("changed", "Changed"), ("removed", "Removed")):
            group = QTreeWidgetItem([f"{heading} ({len(report[key])})"])
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for entry in report[key]:
                what = ", ".join(entry.get("what", [])) if key == "changed" else heading.lower()
                group.addChild(QTreeWidgetItem([entry["title"], entry["section"], what]))
            group.setExpanded(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def group(self, key: str) -> list[list[str]]:
        """The rows listed under added/changed/removed, for tests and readers of the dialog."""
        index = ("added", "changed", "removed").index(key)
        group = self.tree.topLevelItem(index)
        return [[group.child(n).text(c) for c in range(3)] for n in range(group.childCount())]


def _folder_row(edit: QLineEdit, browse: Callable[[], None]) -> QHBoxLayout:
    button = QPushButton("Choose…")
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def _profile_box(default: str = "full") -> QComboBox:
    box = QComboBox()
    for name in profile_names():
        box.addItem(PROFILE_LABELS.get(name, name.capitalize()), name)
    box.setCurrentIndex(max(0, box.findData(default)))
    return box


class DistributeDialog(QDialog):
    """Recipients (one a line), profile and output folder for numbered copies."""

    def __init__(self, book: dict, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Distribute numbered copies of “{book['title']}”")
        self.setMinimumWidth(560)
        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText("One recipient a line, in the order of the copies")
        self.profile = _profile_box()
        slug = re.sub(r"[^\w-]+", "-", book.get("slug") or default_file_name(book["title"])[:-4]).strip("-")
        self.folder = QLineEdit(str(Path(folder) / f"{slug}-copies"))
        self.error = QLabel(objectName="error", wordWrap=True)
        form = QFormLayout()
        form.addRow("Recipients", self.recipients)
        form.addRow("Contents", self.profile)
        form.addRow("Folder", _folder_row(self.folder, self._browse))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write copies")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Write the copies into", self.folder.text())
        if path:
            self.folder.setText(path)

    def _accept(self) -> None:
        try:
            recipients_list(self.recipients.toPlainText().splitlines())
        except BriefingError as exc:
            self.error.setText(str(exc).replace("(--to NAME)", "").strip().capitalize())
            return
        if self.folder.text().strip():
            self.accept()

    def values(self) -> dict:
        return {
            "recipients": [line for line in self.recipients.toPlainText().splitlines() if line.strip()],
            "profile": self.profile.currentData(),
            "folder": self.folder.text().strip(),
        }


class CardDialog(QDialog):
    """Size and file of the pocket card."""

    def __init__(self, book: dict, folder: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Pocket card for “{book['title']}”")
        self.setMinimumWidth(520)
        self.size_box = QComboBox()
        self.size_box.addItem("A6 (pocket)", "a6")
        self.size_box.addItem("A5", "a5")
        self.path = QLineEdit(str(Path(folder) / default_file_name(f"{book['title']} card")))
        form = QFormLayout()
        form.addRow("Size", self.size_box)
        form.addRow("File", _folder_row(self.path, self._browse))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Make card")
        buttons.accepted.connect(lambda: self.accept() if self.path.text().strip() else None)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Pocket card", self.path.text(), "PDF documents (*.pdf)")
        if path:
            self.path.setText(path)

    def values(self) -> dict:
        path = self.path.text().strip()
        return {"path": path if path.lower().endswith(".pdf") else path + ".pdf", "size": self.size_box.currentData()}


class CopiesWindow(QDialog):
    """The copies just written: copy number, recipient, file."""

    def __init__(self, result: dict, parent: QWidget | None = None):
        super().__init__(parent)
        files = result["files"]
        self.setWindowTitle(f"{len(files)} numbered {'copy' if len(files) == 1 else 'copies'} written")
        self.resize(760, 300)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Copy", "Recipient", "File"])
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 90)
        self.tree.setColumnWidth(1, 200)
        for f in files:
            self.tree.addTopLevelItem(QTreeWidgetItem([f"{f['copy']} of {len(files)}", f["recipient"], f["path"]]))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Written to {Path(files[0]['path']).parent}" if files else "Nothing written."))
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)


# ------------------------------------------------------------------ the Book menu


class BookPractice(QObject):
    """The Book menu: pre-flight, export, editions, numbered copies, pocket card."""

    published = Signal(dict)  # {"edition": N, ...}
    changes_shown = Signal(object)  # the ChangesDialog
    distributed = Signal(dict)  # the distribute() result
    card_made = Signal(dict)  # the make_card() result

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.runner: OpRunner = window.runner
        self.windows: list[QWidget] = []  # result windows kept alive while shown
        self.job: ProgressJob | None = None
        self.menu = QMenu("&Book", window)

        def action(text: str, slot: Callable[[], None], tip: str) -> QAction:
            act = QAction(text, self)
            act.setStatusTip(tip)
            act.triggered.connect(slot)
            return act

        self.check_action = action("Pre-flight &check", self.check_now, "Check the open book before it goes up")
        self.publish_action = action("&Publish edition…", self.ask_publish, "Freeze the book as its next edition")
        self.changes_action = action("C&hanges since edition…", self.ask_changes,
                                     "What was added, removed and changed since an edition")
        self.distribute_action = action("&Distribute numbered copies…", self.ask_distribute,
                                        "One numbered PDF per recipient")
        self.card_action = action("Pocket c&ard…", self.ask_card, "The talking points and key figures on a card")
        self.book_actions = [self.check_action, self.publish_action, self.changes_action, self.distribute_action,
                             self.card_action]
        self.menu.addAction(self.check_action)
        self.menu.addAction(window.export_action)
        self.menu.addSeparator()
        self.menu.addActions([self.publish_action, self.changes_action])
        self.menu.addSeparator()
        self.menu.addActions([self.distribute_action, self.card_action])
        for act in self.book_actions:
            act.setEnabled(False)
        window.editor.book_loaded.connect(lambda _book: [a.setEnabled(True) for a in self.book_actions])

    # ------------------------------------------------------------- helpers

    @property
    def book(self) -> dict | None:
        return self.window.editor.book

    def _book_id(self) -> int | None:
        if self.book is None:
            self.window.show_status("Open a book first.")
            return None
        return self.book["id"]

    def _keep(self, widget: QWidget) -> QWidget:
        widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        widget.destroyed.connect(lambda *_: self.windows.remove(widget) if widget in self.windows else None)
        self.windows.append(widget)
        widget.show()
        return widget

    def _tell(self, title: str, text: str, warning: bool = False) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self.window)
        self._keep(box)

    # ------------------------------------------------------------- pre-flight

    def check_now(self) -> None:
        self.window.show_page("book")
        self.window.editor.preflight.refresh()

    def check_then(self, book_id: int, action: str, proceed: Callable[[bool], None]) -> Operation:
        """Run the check; on an error show the list and call ``proceed(force=True)`` only if the user goes ahead."""

        def checked(problems: list[Problem]) -> None:
            if not any(p.severity == ERROR for p in problems):
                proceed(False)
                return
            dialog = PreflightRefusal(problems, action, self.window)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                proceed(True)
            else:
                self.window.show_status(f"{action} stopped: the book fails its pre-flight check.")

        op = self.runner.read(lambda job: run_preflight(job.store, book_id), "pre-flight check")
        op.on_success(checked).on_failure(lambda message: self._tell(action, message, warning=True))
        return op

    def export_checked(self, choices: dict) -> Operation:
        """Export after the check: what File ▸ Export does once its dialog is accepted."""
        return self.check_then(self.book["id"], "Export",
                               lambda force: self.window.start_export({**choices, "force": force}))

    # ------------------------------------------------------------- editions

    def ask_publish(self) -> None:
        if self._book_id() is None:
            return
        answer = QMessageBox.question(
            self.window, "Publish edition",
            f"Publish “{self.book['title']}” as its next edition?\nThe book as it stands now is recorded, and later "
            "packs list what changed since.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.publish()

    def publish(self) -> Operation:
        book_id = self.book["id"]

        def done(result: dict) -> None:
            self.window.show_status(f"Published edition {result['edition']}.")
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
        label, ok = QInputDialog.getItem(self.window, "Changes since edition", "Compare the book now with:", labels, 0,
                                         False)
        if ok:
            self.show_changes(list(reversed(editions))[labels.index(label)]["number"])

    def show_changes(self, since: int | None = None) -> Operation:
        book_id = self.book["id"]

        def done(report: dict) -> None:
            dialog = ChangesDialog(report, self.window)
            self._keep(dialog)
            self.changes_shown.emit(dialog)

        op = self.runner.read(lambda job: changes(job.store, book_id, since), "changes")
        op.on_success(done).on_failure(lambda message: self._tell("Changes since edition", message, warning=True))
        return op

    # ------------------------------------------------------------- numbered copies

    def ask_distribute(self) -> None:
        if self._book_id() is None:
            return
        dialog = DistributeDialog(self.book, self.window.export_folder(), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.check_then(self.book["id"], "Distribute", lambda force: self.distribute(**values, force=force))

    def distribute(self, recipients: list[str], folder: str, profile: str | None = None,
                   force: bool = False) -> ProgressJob:
        book_id = self.book["id"]

        def work(job):
            return distribute(job.store, book_id, recipients, folder, profile=profile, force=force,
                              progress=job.progress, should_cancel=job.should_cancel)

        def done(result: dict) -> None:
            self.window.show_status(f"Wrote {len(result['files'])} numbered copies to {folder}")
            self._keep(CopiesWindow(result, self.window))
            self.distributed.emit(result)

        op = self.runner.write(work, "distribute", changes=lambda _: Changed(books={book_id}))
        job = ProgressJob(op, f"Writing {len(recipients)} numbered copies…", "Distribute numbered copies", self.window)
        job.finished.connect(done)
        job.failed.connect(lambda message: self._tell("Distribute numbered copies", message, warning=True))
        job.cancelled.connect(lambda: self.window.show_status("Distribution cancelled; no copy was kept."))
        self.job = job
        return job

    # ------------------------------------------------------------- pocket card

    def ask_card(self) -> None:
        if self._book_id() is None:
            return
        dialog = CardDialog(self.book, self.window.export_folder(), self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.check_then(self.book["id"], "Pocket card", lambda force: self.card(**values, force=force))

    def card(self, path: str, size: str = "a6", force: bool = False) -> ProgressJob:
        book_id = self.book["id"]

        def done(result: dict) -> None:
            self.window.show_status(f"Pocket card written: {result['pages']} {result['size'].upper()} "
                                    f"{'page' if result['pages'] == 1 else 'pages'}, {result['font_size']:g} pt type")
            self.window.preview(result["path"])
            self.card_made.emit(result)

        op = self.runner.read(lambda job: make_card(job.store, book_id, path, size=size, force=force), "pocket card")
        job = ProgressJob(op, "Making the pocket card…", "Pocket card", self.window)
        job.finished.connect(done)
        job.failed.connect(lambda message: self._tell("Pocket card", message, warning=True))
        self.job = job
        return job
