"""Menu and toolbar actions made one way: text, what they do, and optionally a shortcut, a themed icon, a tip.

``save_on_ctrl_enter`` gives a dialog Ctrl+Enter for its OK button, where Enter
alone would start a new line or is taken by a field.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox

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


SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # the main keyboard's Enter and the keypad's


def save_on_ctrl_enter(dialog: QDialog) -> list[QShortcut]:
    """Ctrl+Enter presses the dialog's OK (accept) button, so its checks run as for a click."""

    def save() -> None:
        for box in dialog.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole and button.isEnabled():
                    button.click()
                    return
        dialog.accept()

    shortcuts = []
    for keys in SAVE_KEYS:
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(save)
        shortcuts.append(shortcut)
    return shortcuts
