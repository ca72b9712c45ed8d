"""The one way the app runs work off the UI thread.

An operation is a plain function ``fn(job) -> result`` where ``job`` gives it
a store connection of its own thread (``job.store``), a ``progress(done,
total)`` callback and a ``should_cancel()`` check to pass into the core.
Reads run on a small pool; writes run one at a time, in the order they were
submitted, on a single worker, so two edits never race for the write lock
and an edit queued after another sees its result.

Results come back on the UI thread through ``on_success`` / ``on_failure`` /
``on_progress``. A cancelled operation reports nothing (except ``on_cancel``):
its caller has moved on. ``stop()`` is the gentler cancel: the work sees
``should_cancel()`` and ends early, but what it returns is still reported (an
import keeps the files it took). Operations that change the store return what
changed; the runner announces it through ``OpRunner.changed`` and each view
decides what to redraw. Changes made by another process (a command-line
import, a second window) are noticed within EXTERNAL_POLL_MS and announced the
same way.

Work before any library is open (opening it) runs with ``run_alone``; work
that cannot leave the UI thread runs a step at a time with
``ui.common.steps.run_in_steps``. All three give the same ``Operation``, and
``ui.common.progress.ProgressJob`` shows any of them to the user.
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from briefing.errors import BriefingError, Cancelled
from briefing.library.opening import open_store
from briefing.library.store import Store

EXTERNAL_POLL_MS = 2000


@dataclass
class Changed:
    """What a write touched, for the views to decide what to redraw."""

    documents: bool = False
    annotations: set[int] = field(default_factory=set)  # document ids whose annotations changed
    books: set[int] = field(default_factory=set)
    book_list: bool = False  # a book was created, renamed or deleted
    events: bool = False
    external: bool = False  # made by another process: anything may have changed


class Job:
    """What an operation's function receives: its thread's store, progress and cancel."""

    def __init__(self, store: Store | None, op: Operation):
        self.store = store
        self._op = op

    def progress(self, done: int, total: int) -> None:
        if not self._op.cancelled:
            self._op._signals.progress.emit(done, total)

    def should_cancel(self) -> bool:
        return self._op.cancelled or self._op.stopped


class _Signals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Operation:
    """A handle on submitted work: connect callbacks, or cancel it."""

    def __init__(self, fn: Callable[[Job], Any], label: str, changes: Callable[[Any], Changed | None] | None):
        self.fn = fn
        self.label = label
        self.changes = changes
        self.cancelled = False
        self.stopped = False
        self.done = False
        self.error: BaseException | None = None  # what it failed with, for a caller that raises it again
        self._signals = _Signals()
        self._lock = threading.Lock()
        self._conn = None  # the connection running it, to interrupt a stale query

    def on_success(self, fn: Callable[[Any], None]) -> Operation:
        self._signals.succeeded.connect(fn)
        return self

    def on_failure(self, fn: Callable[[str], None]) -> Operation:
        self._signals.failed.connect(fn)
        return self

    def on_progress(self, fn: Callable[[int, int], None]) -> Operation:
        self._signals.progress.connect(fn)
        return self

    def on_cancel(self, fn: Callable[[], None]) -> Operation:
        self._signals.cancelled.connect(fn)
        return self

    def cancel(self) -> None:
        """Stop caring about the result; a running SQLite statement is interrupted."""
        with self._lock:
            if self.cancelled or self.done:
                return
            self.cancelled = True
            if self._conn is not None:
                self._conn.interrupt()

    def stop(self) -> None:
        """Ask the work to end at its next ``should_cancel()`` check; what it returns is still reported."""
        self.stopped = True

    def _bind(self, conn) -> None:
        with self._lock:
            self._conn = conn

    def _unbind(self) -> None:
        with self._lock:
            self._conn = None
            self.done = True


def failure_message(exc: BaseException) -> str:
    """One line for the user: the core's own message, or the kind of an unexpected error and its text."""
    return str(exc) if isinstance(exc, BriefingError) else f"{exc.__class__.__name__}: {exc}"


def _execute(op: Operation, connect: Callable[[], Store | None], *, log: bool = True) -> tuple[bool, Any]:
    """Run ``op`` on this thread and report how it ended through its signals; ``(True, result)`` on success.

    ``connect`` gives the store to run it on (None for work without one);
    ``log`` prints the trace of an unexpected error, which the user sees as one line.
    """
    signals = op._signals
    if op.cancelled:
        signals.cancelled.emit()
        return False, None
    try:
        store = connect()
        if store is not None:
            op._bind(store.db.conn)
        try:
            result = op.fn(Job(store, op))
        finally:
            op._unbind()
    except Cancelled:
        signals.cancelled.emit()
        return False, None
    except Exception as exc:  # noqa: BLE001 - shown to the user as one line, logged in full
        if op.cancelled:
            signals.cancelled.emit()
            return False, None
        if log and not isinstance(exc, BriefingError):
            traceback.print_exc()
        op.error = exc
        signals.failed.emit(failure_message(exc))
        return False, None
    if op.cancelled:
        signals.cancelled.emit()
        return False, None
    signals.succeeded.emit(result)
    return True, result


def run_alone(fn: Callable[[Job], Any], label: str = "") -> Operation:
    """Run ``fn(job)`` on a thread of its own, with no library (``job.store`` is None): work before one is open.

    The thread starts once control returns to the event loop, so the caller's
    callbacks are connected before anything is reported; a failure leaves its
    exception in ``op.error``.
    """
    op = Operation(fn, label, None)

    def run() -> None:
        try:
            _execute(op, lambda: None, log=False)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, never lost with the thread
            op.error = exc
            op._signals.failed.emit(failure_message(exc))

    thread = threading.Thread(target=run, name=label or "operation", daemon=True)
    QTimer.singleShot(0, thread.start)
    return op


_STOP = object()


class _Worker(threading.Thread):
    """A thread that owns one store connection and runs operations from its queue in order."""

    def __init__(self, runner: OpRunner, tasks: queue.Queue, name: str):
        super().__init__(name=name, daemon=True)
        self.runner = runner
        self.tasks = tasks
        self.store: Store | None = None

    def run(self) -> None:
        try:
            while True:
                op = self.tasks.get()
                try:
                    if op is _STOP:
                        return
                    self._run(op)
                finally:
                    self.tasks.task_done()
        finally:
            if self.store is not None:
                self.store.close()

    def connection(self) -> Store:
        if self.store is None:
            # migrations ran when the app opened the store; later connections need not check
            self.store = open_store(self.runner.store_path, migrate=False, passphrase=self.runner._passphrase)
        return self.store

    def _run(self, op: Operation) -> None:
        succeeded, result = _execute(op, self.connection)
        if succeeded and op.changes is not None:
            changed = op.changes(result)
            if changed is not None:
                self.runner._announce.emit(changed)


class OpRunner(QObject):
    """Runs operations on two reader threads and one writer thread, each with its own connection."""

    changed = Signal(object)  # Changed, on the UI thread
    _announce = Signal(object)
    idle = Signal()

    def __init__(
        self, store_path: str, parent: QObject | None = None, readers: int = 2, *, passphrase: str | None = None
    ):
        super().__init__(parent)
        self.store_path = store_path
        self._passphrase = passphrase  # an encrypted library's, in memory only: each worker opens with it
        self._live: set[Operation] = set()
        self._pending: list[tuple[queue.Queue, Operation]] = []
        self._reads: queue.Queue = queue.Queue()
        self._writes: queue.Queue = queue.Queue()
        self._workers = [_Worker(self, self._reads, f"read-{n}") for n in range(readers)]
        self._workers.append(_Worker(self, self._writes, "write"))
        for worker in self._workers:
            worker.start()
        self._announce.connect(self.changed.emit)
        self._stopped = False
        # SQLite's data_version on the writer's connection moves only when another
        # connection commits, and this app's other connections only read: so a change
        # seen there was made by another process
        self._data_version: int | None = None
        self._polling = False
        self._poll_timer = QTimer(self, interval=EXTERNAL_POLL_MS)
        self._poll_timer.timeout.connect(self._poll_external)
        self._poll_timer.start()
        self._poll_external()  # the starting point: what other processes commit from now on is seen

    def _poll_external(self) -> None:
        if self._stopped or self._polling or self._pending:
            return
        self._polling = True
        op = Operation(lambda job: job.store.scalar("PRAGMA data_version"), "watch", None)
        op._signals.succeeded.connect(self._seen_version)
        op._signals.failed.connect(self._poll_done)
        op._signals.cancelled.connect(self._poll_done)
        self._poll_op = op  # kept alive until it reports; not tracked: a poll never keeps the app busy
        self._writes.put(op)

    def _poll_done(self, *_: Any) -> None:
        self._polling = False

    def _seen_version(self, version: int) -> None:
        self._polling = False
        before, self._data_version = self._data_version, version
        if before is not None and version != before:
            self.changed.emit(Changed(documents=True, events=True, book_list=True, external=True))

    def _track(self, op: Operation) -> Operation:
        # the handle must outlive the worker's signals, which reach the UI thread later
        self._live.add(op)

        def forget(*_: Any) -> None:
            QTimer.singleShot(0, lambda: self._forget(op))

        for signal in (op._signals.succeeded, op._signals.failed, op._signals.cancelled):
            signal.connect(forget)
        return op

    def _forget(self, op: Operation) -> None:
        self._live.discard(op)
        if not self._live:
            self.idle.emit()

    def is_idle(self) -> bool:
        """No operation submitted and not yet reported."""
        return not self._live

    def read(self, fn: Callable[[Job], Any], label: str = "") -> Operation:
        """Run a read-only operation on a reader thread."""
        op = self._track(Operation(fn, label, None))
        self._submit(self._reads, op)
        return op

    def write(
        self, fn: Callable[[Job], Any], label: str = "", changes: Callable[[Any], Changed | None] | None = None
    ) -> Operation:
        """Run a write on the single writer, after every write submitted before it."""
        op = self._track(Operation(fn, label, changes))
        self._submit(self._writes, op)
        return op

    def _submit(self, tasks: queue.Queue, op: Operation) -> None:
        # handed to the workers once control returns to the event loop, so the
        # caller's on_success()/on_failure() are connected before anything is reported
        self._pending.append((tasks, op))
        if len(self._pending) == 1:
            QTimer.singleShot(0, self._flush)

    def _flush(self) -> None:
        pending, self._pending = self._pending, []
        for tasks, op in pending:
            tasks.put(op)

    def wait(self) -> None:
        """Block until all submitted work is done (shutdown and tests)."""
        self._flush()
        self._writes.join()
        self._reads.join()

    def shutdown(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        self._poll_timer.stop()
        self._flush()
        for worker in self._workers:
            (self._writes if worker.name == "write" else self._reads).put(_STOP)
        for worker in self._workers:
            worker.join(timeout=30)
