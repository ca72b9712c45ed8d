"""Starting the desktop app: ``run(store_path)`` opens the main window on that library.

An encrypted library is unlocked first (``ui.maintenance.passphrase``): with the passphrase
given at start, else through the passphrase dialog. The passphrase then lives
in the operation runner's memory only.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from briefing.errors import BriefingError
from briefing.safekeeping.backup import open_library
from briefing.sample import store_is_empty
from ui.common import theme
from ui.common.operations import run_alone
from ui.common.progress import ProgressJob

ORGANISATION = "Briefing Book"
APPLICATION = "briefing-book"
_STARTED = time.perf_counter()
T = TypeVar("T")


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Briefing Book")
    app.setDesktopFileName("org.briefingbook.BriefingBook")
    app.setWindowIcon(theme.app_icon())
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    theme.apply_palette(app)  # and, from now on, again whenever the system's colour scheme changes
    return app


def prepare_store(store_path: str, passphrase: str | None = None) -> bool:
    """Open (creating and migrating) the library once; True when it is empty."""
    with open_library(store_path, passphrase=passphrase) as store:
        return store_is_empty(store)


UPGRADE_LABEL = (
    "Opening the library…\n\nThe first start of a new version may bring the library up to date and "
    "rebuild its search index: on a large library that takes a minute or two, once."
)


def while_showing_progress(work: Callable[[], T], label: str = UPGRADE_LABEL) -> T:
    """``work()`` on a thread of its own while the event loop runs, with a busy dialog if it lasts.

    Opening a library is quick, but an upgrade may rebuild its search index
    before any window exists: the dialog (``ProgressJob``, with nothing to
    cancel: the library must be open before anything else) says so rather than
    leaving the user with nothing on screen. ``work``'s result is returned and
    its exception raised here.
    """
    op = run_alone(lambda _job: work(), "open-library")
    job = ProgressJob(op, "", "Briefing Book", None, cancellable=False)
    text = QLabel(label, wordWrap=True)
    text.setFixedWidth(420)
    job.dialog.setLabel(text)
    results: list[T] = []
    loop = QEventLoop()
    job.finished.connect(lambda result: (results.append(result), loop.quit()))
    job.failed.connect(lambda _message: loop.quit())
    loop.exec()
    if op.error is not None:
        raise op.error
    return results[0]


def run(store_path: str, *, passphrase: str | None = None, ask: bool = False) -> int:
    """Open the main window on the library; ``passphrase`` (or ``ask``) for an encrypted one.

    Cancelling the passphrase dialog quits without opening anything (exit code 0).
    """
    app = make_application()
    from ui.maintenance.passphrase import unlock

    try:
        unlocked = unlock(
            store_path,
            lambda key: while_showing_progress(lambda: prepare_store(store_path, key)),
            passphrase=passphrase,
            ask=ask,
        )
    except BriefingError as exc:
        QMessageBox.critical(None, "Briefing Book", f"The library cannot be opened:\n{exc}")
        return 1
    if unlocked is None:
        return 0
    passphrase, empty = unlocked
    from .main_window import MainWindow

    window = MainWindow(store_path, passphrase=passphrase)
    window.show()
    window.start(load_sample_library=empty)
    QTimer.singleShot(0, _daily_backup(window))
    return app.exec()


def _daily_backup(window):
    """The first start of the day copies the library aside, in the background."""

    def start() -> None:
        from briefing.safekeeping.backup import ensure_daily_backup

        window.runner.write(lambda job: ensure_daily_backup(job.store), "backup").on_failure(
            lambda message: window.show_status(f"The daily backup was not made: {message}")
        )

    return start
