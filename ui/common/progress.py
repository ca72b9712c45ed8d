"""Long work seen by the user: a progress dialog that appears only when the work lasts more than a moment.

``ProgressJob`` wraps any ``Operation`` (from the runner, ``run_alone`` or
``run_in_steps``): the dialog follows its progress, Cancel cancels it (or,
with ``stopping``, asks it to stop and still report what it did), and
``finished`` / ``failed`` / ``cancelled`` tell how it ended.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .operations import Operation

SHOW_PROGRESS_AFTER_MS = 400


class _ProgressDialog(QProgressDialog):
    """A progress dialog that stays hidden once its work has ended.

    QProgressDialog shows itself on a timer of its own (4 s after it is made)
    unless it was shown already; a dialog hidden when its work ended was not
    deleted yet while a message box's event loop ran, and came back over the
    message. Once ``ended``, nothing shows it again.
    """

    ended = False

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        super().setVisible(visible and not self.ended)


class ProgressJob(QObject):
    """An operation with a window-modal progress dialog, hidden until the work has lasted SHOW_PROGRESS_AFTER_MS."""

    progress = Signal(int, int)  # each step, once the dialog shows it
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(
        self,
        op: Operation,
        label: str,
        title: str,
        parent: QWidget | None = None,
        *,
        cancel_text: str = "Cancel",
        cancellable: bool = True,
        stopping: str | None = None,
        maximum: int = 0,
        describe: Callable[[int, int], str] | None = None,
    ):
        """``stopping`` is said once Cancel is pressed, for work that stops and reports what it did;
        ``maximum`` 0 shows a busy bar until the first progress; ``describe(done, total)`` relabels each step."""
        super().__init__(parent)
        self.op = op
        self.label = label
        self.stopping = stopping
        self.describe = describe
        self.dialog = _ProgressDialog(label, cancel_text, 0, maximum, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if cancellable:
            self.dialog.canceled.connect(self.cancel)
        else:
            self.dialog.setCancelButton(None)
        self.dialog.hide()
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_PROGRESS_AFTER_MS)
        self._show_timer.timeout.connect(self.dialog.show)
        op.on_progress(self._progress).on_success(self._done).on_failure(self._failed).on_cancel(self._cancelled)
        self._show_timer.start()

    def cancel(self) -> None:
        if self.stopping is None:
            self.op.cancel()
            return
        self.op.stop()
        self.dialog.setLabelText(self.stopping)

    def _progress(self, done: int, total: int) -> None:
        if self.dialog.ended:
            return
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if self.describe and not self.op.stopped:
            self.dialog.setLabelText(self.describe(done, total))
        self.progress.emit(done, total)

    def _close(self) -> None:
        """The work ended: the dialog goes, and neither timer (ours, QProgressDialog's own) brings it back."""
        self._show_timer.stop()
        self.dialog.ended = True
        self.dialog.reset()  # stops QProgressDialog's own timer
        self.dialog.hide()
        self.dialog.deleteLater()

    def _done(self, result: Any) -> None:
        self._close()
        self.finished.emit(result)

    def _failed(self, message: str) -> None:
        self._close()
        self.failed.emit(message)

    def _cancelled(self) -> None:
        self._close()
        self.cancelled.emit()
