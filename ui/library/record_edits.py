"""Undoable edits of the user's own records (visits, people, programmes, figures), each a write through the core.

Every edit is one core function that returns a ``RecordChange`` (or, for a
merge of two people, a ``MergeChange``). ``RecordEdits.edit`` runs it as one
write on the runner and, when it succeeds, puts a command on its undo stack;
a refused edit puts nothing there and reports its one line through
``failed``. Undo writes the change's ``before`` back (``undo_change``), whose
own change is what redo writes back in turn. ``recorded`` tells the views
which record changed, so each redraws what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from briefing.book.people_in_books import merge_people_in_books, undo_people_merge
from briefing.library.people_merge import MergeChange
from briefing.library.record_undo import undo_change
from briefing.library.records import RecordChange
from briefing.library.store import Store
from ui.common.operations import Changed, Operation, OpRunner

Edit = Callable[[Store], RecordChange]


def _kind_of(change: RecordChange | MergeChange) -> tuple[str, int]:
    if isinstance(change, MergeChange):
        return "person", change.kept.id
    return ("event" if change.kind == "programme" else change.kind), change.id


class RecordCommand(QUndoCommand):
    """One edit already made; undo and redo write the snapshots back in turn."""

    def __init__(self, edits: RecordEdits, text: str, change: RecordChange):
        super().__init__(text)
        self.edits, self.change = edits, change
        self._done = True  # pushing it calls redo(): the edit itself has been written already

    def _swap(self) -> None:
        change = self.change

        def work(store: Store) -> RecordChange:
            self.change = undo_change(store, change)
            return self.change

        self.edits.write(work, self.text())

    def undo(self) -> None:
        self._swap()

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._swap()


class MergeCommand(QUndoCommand):
    """Two people made one; undo puts both back (and the books' blocks), redo merges them again."""

    def __init__(self, edits: RecordEdits, text: str, change: MergeChange):
        super().__init__(text)
        self.edits, self.change = edits, change
        self._done = True

    def undo(self) -> None:
        change = self.change

        def work(store: Store) -> RecordChange:
            other_id = undo_people_merge(store, change)
            self._other = other_id
            return RecordChange("person", other_id, None, None)

        self.edits.write(work, self.text())

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        keep = self.change.kept.id

        def work(store: Store) -> MergeChange:
            self.change = merge_people_in_books(store, keep, self._other)
            return self.change

        self.edits.write(work, self.text())


class RecordEdits(QObject):
    """The app's undo stack for records, and the one way its views write them."""

    recorded = Signal(str, int)  # kind ("person", "event", "figure"), id: redraw it
    failed = Signal(str)  # one line: what was refused and why

    def __init__(self, runner: OpRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.stack = QUndoStack(self)

    def write(self, fn: Callable[[Store], Any], label: str, *, report: bool = True) -> Operation:
        """Run ``fn`` as one write; what it returns says which record to redraw. A failure is
        announced through ``failed`` unless ``report`` is False (the caller shows it)."""

        def announce(change: Any) -> None:
            if isinstance(change, (RecordChange, MergeChange)):
                self.recorded.emit(*_kind_of(change))
                if isinstance(change, MergeChange):
                    self.recorded.emit("person", change.removed.id)

        op = self.runner.write(lambda job: fn(job.store), label, changes=lambda _: Changed(events=True))
        op.on_success(announce)
        if report:
            op.on_failure(lambda message: self.failed.emit(f"{label}: {message}"))
        return op

    def edit(self, fn: Callable[[Store], RecordChange | MergeChange], label: str, *, report: bool = True) -> Operation:
        """Make an edit; when the core accepts it, it is a step the user can undo."""
        op = self.write(fn, label, report=report)
        op.on_success(lambda change: self._push(label, change))
        return op

    def _push(self, label: str, change: RecordChange | MergeChange) -> None:
        if isinstance(change, MergeChange):
            self.stack.push(MergeCommand(self, label, change))
        elif isinstance(change, RecordChange):
            self.stack.push(RecordCommand(self, label, change))
