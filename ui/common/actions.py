"""Menu and toolbar actions made one way: text, what they do, and optionally a shortcut, a themed icon, a tip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from . import theme


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence.StandardKey | str | None = None,
    icon: str | None = None,
    tip: str | None = None,
) -> QAction:
    """An action owned by ``parent`` that calls ``slot()`` (never with the ``checked`` flag) when triggered."""
    action = QAction(text, parent)
    if icon:
        theme.themed(action, icon)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    action.triggered.connect(lambda _checked=False: slot())
    return action
