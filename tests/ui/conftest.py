"""Every UI test's garbage goes at its end.

A widget left to Python's cycle collector is deleted whenever the collector happens to run, which
may be in the middle of Qt walking every widget (a restyle, ``allWidgets()``) of a later test:
Qt then reads widgets that are gone. Collecting here, between tests, deletes them at a safe moment.
Windows themselves are registered with ``qtbot``, which deletes them at the test's end.
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test():
    yield
    app = QApplication.instance()
    if app is None:
        return
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
