"""Work that cannot leave the UI thread, run a step at a time so the window stays responsive.

Some libraries hold Python's lock while they work (QtPdf rendering a page,
the print engine painting it): on a thread they would still freeze the
window. Such work is written as a generator, ``fn(job)``, that yields after
each short step; ``run_in_steps`` runs one step per pass of the event loop
and reports through the same ``Operation`` as the runner's work, so
``ProgressJob`` shows it the same way. Cancelling closes the generator at its
next step (its ``finally`` blocks run; it may catch ``GeneratorExit`` to undo
what it started); what it returns is its result; an exception, its failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QTimer

from briefing.errors import Cancelled

from .operations import Job, Operation, failure_message


class SteppedOperation(Operation):
    """An operation whose generator is advanced one step at a time from a timer on the UI thread."""

    def __init__(self, fn: Callable[[Job], Iterator[Any]], label: str):
        super().__init__(fn, label, None)
        self._steps: Iterator[Any] | None = None
        self._timer = QTimer(interval=0)
        self._timer.timeout.connect(self.step)

    def start(self) -> None:
        self._steps = self.fn(Job(None, self))
        self._timer.start()

    def step(self) -> None:
        """Run the next step now (or, once cancelled, end the work)."""
        if self.done or self._steps is None:
            return
        signals = self._signals
        if self.cancelled:
            self._end()
            self._steps.close()
            signals.cancelled.emit()
            return
        try:
            next(self._steps)
        except StopIteration as stop:
            self._end()
            signals.succeeded.emit(stop.value)
        except Cancelled:
            self._end()
            signals.cancelled.emit()
        except Exception as exc:  # noqa: BLE001 - shown to the user as one line
            self._end()
            self.error = exc
            signals.failed.emit(failure_message(exc))

    def _end(self) -> None:
        self.done = True
        self._timer.stop()


def run_in_steps(fn: Callable[[Job], Iterator[Any]], label: str = "") -> SteppedOperation:
    """Start ``fn(job)`` (a generator; ``job.store`` is None); its first step runs once the event loop does."""
    op = SteppedOperation(fn, label)
    op.start()
    return op
