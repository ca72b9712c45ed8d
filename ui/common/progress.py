"""Long work seen by the user: a progress dialog that appears only when it lasts more than a moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from .operations import Operation

SHOW_PROGRESS_AFTER_MS = 400


def delayed_progress(owner: QObject, label: str, title: str, cancel_text: str, maximum: int,
                     on_cancel: Callable[[], None], parent: QWidget | None) -> tuple[QProgressDialog, QTimer]:
    """A window-modal progress dialog, hidden until the work has lasted SHOW_PROGRESS_AFTER_MS,
    and the timer (owned by ``owner``, not yet started) that shows it."""
    dialog = QProgressDialog(label, cancel_text, 0, maximum, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.canceled.connect(on_cancel)
    dialog.hide()
    timer = QTimer(owner, singleShot=True, interval=SHOW_PROGRESS_AFTER_MS)
    timer.timeout.connect(dialog.show)
    return dialog, timer


class ProgressJob(QObject):
    """An operation with a cancellable progress dialog; ``finished``/``failed``/``cancelled`` tell how it ended."""

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
        describe: Callable[[int, int], str] | None = None,
    ):
        super().__init__(parent)
        self.op = op
        self.label = label
        self.describe = describe
        self.dialog, self._show_timer = delayed_progress(self, label, title, cancel_text, 0, self.cancel, parent)
        op.on_progress(self._progress).on_success(self._done).on_failure(self._failed).on_cancel(self._cancelled)
        self._show_timer.start()

    def cancel(self) -> None:
        self.op.cancel()

    def _progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        if self.describe:
            self.dialog.setLabelText(self.describe(done, total))

    def _close(self) -> None:
        self._show_timer.stop()
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
