"""Starting the desktop app: ``run(store_path)`` opens the main window on that library.

An encrypted library is unlocked first (``ui.passphrase``): with the passphrase
given at start, else through the passphrase dialog. The passphrase then lives
in the operation runner's memory only.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from briefing.errors import BriefingError
from briefing.sample import store_is_empty
from briefing.store import open_store

from . import theme

ORGANISATION = "Briefing Book"
APPLICATION = "briefing-book"
_STARTED = time.perf_counter()


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
    with open_store(store_path, passphrase=passphrase) as store:
        return store_is_empty(store)


def run(store_path: str, *, passphrase: str | None = None, ask: bool = False) -> int:
    """Open the main window on the library; ``passphrase`` (or ``ask``) for an encrypted one.

    Cancelling the passphrase dialog quits without opening anything (exit code 0).
    """
    app = make_application()
    from .passphrase import unlock

    try:
        unlocked = unlock(store_path, lambda key: prepare_store(store_path, key), passphrase=passphrase, ask=ask)
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
        from briefing.backup import ensure_daily_backup

        window.runner.write(lambda job: ensure_daily_backup(job.store), "backup").on_failure(
            lambda message: window.show_status(f"The daily backup was not made: {message}")
        )

    return start
