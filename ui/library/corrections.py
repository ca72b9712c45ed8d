"""The user's corrections to the library: edit a document's details, delete, merge duplicates, re-analyse.

Each correction is a write through the runner (one transaction in the core)
and a command on the library's own undo stack: ``redo`` runs the core's
function and keeps the ``Undo`` it returns, ``undo`` hands that to
``document_undo.restore``. Both queue on the single writer, so an undo
always runs after the work it undoes has kept its ``Undo``.

A delete of documents used in a book or holding annotations asks first and
says where each is used (``usage.usages``); a re-analysis first shows what
would change (a dry run) and writes only when the user applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from briefing.library.corrections import delete_documents, edit_document
from briefing.library.document_undo import Undo, restore
from briefing.library.documents import get_document
from briefing.library.reanalysis import Reanalysis, reanalyse_documents
from briefing.library.store import Store
from briefing.library.usage import usages
from ui.common import theme
from ui.common.markdown_view import plain_label, warn
from ui.common.operations import Changed, OpRunner

Work = Callable[[Store], Any]


def _reanalyse(store: Store, ids: list[int], **options: Any) -> Reanalysis:
    """The documents read again by the importer, which is loaded here (on a worker) rather than at start."""
    from briefing.importing import prepare

    return reanalyse_documents(store, ids, prepare, **options)


def _changed(ids: list[int]) -> Changed:
    return Changed(documents=True, annotations=set(ids), events=True, book_list=True)


class CorrectionCommand(QUndoCommand):
    """One correction: ``redo`` runs ``work`` (which returns the core's result with its ``undo``)."""

    def __init__(self, corrections: DocumentCorrections, text: str, ids: list[int], work: Work):
        super().__init__(text)
        self.corrections, self.ids, self.work = corrections, ids, work
        self.undos: list[Undo] = []  # in the order done; put back in reverse

    def redo(self) -> None:
        def run(store: Store) -> Any:
            result = self.work(store)
            found = result if isinstance(result, list) else [result]
            self.undos = [r.undo for r in found]
            return result

        self.corrections.run(run, self.text(), self.ids)

    def undo(self) -> None:
        def run(store: Store) -> None:
            for undo in reversed(self.undos):
                restore(store, undo)

        self.corrections.run(run, f"Undo {self.text()[:1].lower()}{self.text()[1:]}", self.ids)


class DocumentCorrections(QObject):
    """The library's undo stack and the corrections that go on it."""

    status = Signal(str)
    done = Signal(str, object)  # what was done, the core's result
    deleted = Signal(list)  # ids of documents no longer in the library

    def __init__(self, runner: OpRunner, parent: QWidget):
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent
        self.stack = QUndoStack(self)
        self.undo_action = self.stack.createUndoAction(self, "Undo")
        theme.themed(self.undo_action, "undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.stack.createRedoAction(self, "Redo")
        theme.themed(self.redo_action, "redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.last_op = None

    # ------------------------------------------------------------- running

    def run(self, fn: Work, label: str, ids: list[int]):
        def finished(result: Any) -> None:
            self.done.emit(label, result)
            gone = [i for i in ids if i in _removed(result)]
            if gone:
                self.deleted.emit(gone)
            self.status.emit(_summary(label, result))

        def failed(message: str) -> None:
            self.status.emit(f"{label}: not done: {message}")
            warn(self.parent_widget, label, f"{label} was not done:\n{message}")

        op = self.runner.write(lambda job: fn(job.store), label, changes=lambda _: _changed(ids))
        op.on_success(finished).on_failure(failed)
        self.last_op = op
        return op

    # ------------------------------------------------------------- edit

    def edit(self, doc_id: int, fields: dict, parties: list | None = None, tags: list | None = None) -> None:
        """Set a document's details by hand (each becomes user-set: no import or re-analysis changes it)."""
        self.stack.push(CorrectionCommand(
            self, "Edit document details", [doc_id],
            lambda store: edit_document(store, doc_id, fields, parties=parties, tags=tags),
        ))

    # ------------------------------------------------------------- delete

    def delete(self, ids: list[int], *, confirm: bool = True) -> None:
        """Delete documents; those used in a book or holding annotations are named first, and the user asked."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        if not confirm:
            self._push_delete(ids)
            return
        self.runner.read(lambda job: usages(job.store, ids), "usages").on_success(
            lambda found: self._confirm_delete(ids, found))

    def _confirm_delete(self, ids: list[int], found: dict) -> None:
        used = [found[i] for i in ids if i in found and found[i].blocking]
        if used:
            box = QMessageBox(QMessageBox.Icon.Warning, "Delete documents",
                              "Delete these documents? They are used:", parent=self.parent_widget)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setInformativeText("\n".join(f"• {u.describe()}" for u in used[:12])
                                   + (f"\n… and {len(used) - 12} more" if len(used) > 12 else "")
                                   + "\n\nTheir book items and annotations go with them. Edit ▸ Undo puts all back.")
            delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is not delete:
                return
        self._push_delete(ids)

    def _push_delete(self, ids: list[int]) -> None:
        noun = "document" if len(ids) == 1 else f"{len(ids)} documents"
        self.stack.push(CorrectionCommand(self, f"Delete {noun}", ids,
                                          lambda store: delete_documents(store, ids, force=True)))

    # ------------------------------------------------------------- merge

    def merge(self, ids: list[int]) -> None:
        """Choose which of the selected documents to keep; the others are merged into it."""
        ids = list(dict.fromkeys(ids))
        if len(ids) < 2:
            self.status.emit("Select two or more records of the same document to merge them.")
            return
        self.runner.read(lambda job: [get_document(job.store, i) for i in ids], "merge").on_success(self._choose_kept)

    def _choose_kept(self, docs: list[dict]) -> None:
        dialog = MergeDialog(docs, self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.merge_into(dialog.kept(), [d["id"] for d in docs if d["id"] != dialog.kept()])

    def merge_into(self, keep: int, others: list[int]) -> None:
        def work(store: Store) -> list:
            from briefing.library.merging import merge_documents  # and the fuzzy matching: loaded by a merge

            return [merge_documents(store, keep, other) for other in others]

        noun = "duplicate" if len(others) == 1 else f"{len(others)} duplicates"
        self.stack.push(CorrectionCommand(self, f"Merge {noun}", [keep, *others], work))

    # ------------------------------------------------------------- re-analyse

    def reanalyse(self, ids: list[int]) -> None:
        """Read the documents again with the current importer: first what would change, then, if asked, do it."""
        ids = list(dict.fromkeys(ids))
        if not ids:
            return
        self.status.emit("Reading the documents again…")
        self.last_op = self.runner.read(
            lambda job: _reanalyse(job.store, ids, dry_run=True, cancel=job.should_cancel),
            "re-analyse",
        ).on_success(lambda found: self._show_reanalysis(ids, found)).on_failure(
            lambda message: self.status.emit(f"Not re-analysed: {message}"))

    def _show_reanalysis(self, ids: list[int], found: Reanalysis) -> None:
        dialog = ReanalysisDialog(found, self.parent_widget)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_reanalysis(ids)

    def apply_reanalysis(self, ids: list[int]) -> None:
        noun = "document" if len(ids) == 1 else f"{len(ids)} documents"
        self.stack.push(CorrectionCommand(self, f"Re-analyse {noun}", ids,
                                          lambda store: _reanalyse(store, ids)))


def _removed(result: Any) -> set[int]:
    found = result if isinstance(result, list) else [result]
    gone: set[int] = set()
    for r in found:
        if hasattr(r, "documents") and r.__class__.__name__ == "Deleted":
            gone.update(u.id for u in r.documents)
        if hasattr(r, "removed"):
            gone.add(r.removed)
    return gone


def _summary(label: str, result: Any) -> str:
    if label.startswith("Undo"):
        return f"{label}: done."
    if label.startswith("Delete"):
        return f"{label}: done. Edit ▸ Undo puts it back."
    return f"{label}: done."


def describe_changes(found: Reanalysis) -> str:
    """What a re-analysis would change, document by document, as plain text."""
    lines = []
    for doc in found.documents:
        head = f"{doc.title} (document {doc.id})"
        if doc.problem:
            lines.append(f"{head}: not read again: {doc.problem}")
            continue
        if not doc.changed:
            lines.append(f"{head}: no change")
            continue
        lines.append(f"{head}:")
        for name, (old, new) in doc.changes.items():
            lines.append(f"    {name}: {_value(old)} → {_value(new)}")
        if doc.text:
            lines.append(f"    text: {doc.text[0]:,} → {doc.text[1]:,} characters")
        for name, (mine, theirs) in doc.kept.items():
            lines.append(f"    {name}: stays {_value(mine)} (you set it; the importer reads {_value(theirs)})")
        for item in doc.listed:
            if item.get("new"):
                lines.append(f"    lists a signed document new to the library: {item['title']}")
    return "\n".join(lines) or "Nothing to read again."


def _value(value: Any) -> str:
    if value in (None, "", []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return f"“{value}”"


class ReanalysisDialog(QDialog):
    """What reading the documents again would change; Apply writes it."""

    def __init__(self, found: Reanalysis, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Re-analyse documents")
        self.resize(720, 420)
        changing = sum(1 for d in found.documents if d.changed)
        heading = plain_label(QLabel(wordWrap=True),
                              f"Read with the current importer, {changing} of {len(found.documents)} "
                              "documents would change. Fields you set yourself stay as they are; "
                              "highlights are anchored again in the new text.")
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setPlainText(describe_changes(found))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.addButton("Apply changes", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(changing > 0)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)


class MergeDialog(QDialog):
    """Which record of a document to keep: the others' highlights, book items, links and tags move to it."""

    def __init__(self, docs: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Merge duplicates")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(QLabel(wordWrap=True),
                                     "Keep which record? The others are merged into it: their highlights, book "
                                     "items, visits and tags move to it, details it lacks are taken from them, "
                                     "and they are deleted. Edit ▸ Undo puts them back."))
        self.group = QButtonGroup(self)
        for n, doc in enumerate(docs):
            parts = [doc["title"], doc.get("date") or "no date", doc.get("publisher") or "",
                     f"{len(doc.get('text') or ''):,} characters", f"document {doc['id']}"]
            button = QRadioButton("  ·  ".join(p for p in parts if p))
            self.group.addButton(button, int(doc["id"]))
            button.setChecked(n == 0)
            layout.addWidget(button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def kept(self) -> int:
        return self.group.checkedId()


def library_actions(corrections: DocumentCorrections, selected: Callable[[], list[int]],
                    parent: QWidget) -> dict[str, QAction]:
    """Delete, merge duplicates and re-analyse, acting on the documents ``selected`` gives."""
    delete = theme.themed(QAction("Delete document…", parent), "delete")
    delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    delete.setToolTip("Delete the selected documents (Edit ▸ Undo puts them back)")
    delete.triggered.connect(lambda: corrections.delete(selected()))
    merge = QAction("Merge duplicates…", parent)
    merge.setToolTip("Merge the selected records of one document into the one you keep")
    merge.triggered.connect(lambda: corrections.merge(selected()))
    reanalyse = QAction("Re-analyse…", parent)
    reanalyse.setToolTip("Read the selected documents again with the current importer: see what changes, then apply")
    reanalyse.triggered.connect(lambda: corrections.reanalyse(selected()))
    return {"delete": delete, "merge": merge, "reanalyse": reanalyse}
