"""Unlocking an encrypted library when the app starts: the passphrase dialog and its retry loop.

The passphrase is held in memory only: it goes from the dialog (or the
BRIEFING_PASSPHRASE variable, or the command line) to the operation runner,
which opens each worker's connection with it. It is never written to the
settings or to any file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from briefing.library.encryption import PassphraseNeeded, WrongPassphrase, is_encrypted

T = TypeVar("T")

WRONG = "That passphrase is wrong. Check it and try again (or the file is not a Briefing Book library)."
WRONG_GIVEN = "The passphrase given when the app was started is wrong. Type the library's passphrase."
MISMATCH = "The two passphrases differ. Type the same one twice."


class PassphraseDialog(QDialog):
    """Asks for the library's passphrase (typed hidden); for a new library, twice."""

    def __init__(self, store_path: str | Path, *, new: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.new = new
        self.setWindowTitle("Unlock the library" if not new else "Encrypt the new library")
        self.setModal(True)
        self.setMinimumWidth(420)
        if new:
            intro = (f"A new library will be created, encrypted, at<br><b>{Path(store_path)}</b>.<br>"
                     "Choose its passphrase. Without it the library cannot be opened: it cannot be recovered.")
        else:
            intro = f"The library<br><b>{Path(store_path)}</b><br>is encrypted. Type its passphrase to open it."
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setObjectName("passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setObjectName("passphraseRepeat")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("passphraseError")
        self.error.setStyleSheet("color: #b3261e; font-weight: 600;")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Open" if not new else "Create")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Passphrase:", self.edit)
        if new:
            form.addRow("Repeat it:", self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._update)
        self.repeat.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.edit.text()) and (not self.new or bool(self.repeat.text())))

    def _accept(self) -> None:
        if not self.edit.text():
            return
        if self.new and self.edit.text() != self.repeat.text():
            self.show_error(MISMATCH)
            return
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        self.edit.clear()
        self.repeat.clear()
        self.edit.setFocus()

    def passphrase(self) -> str:
        return self.edit.text()


def unlock(
    store_path: str | Path,
    attempt: Callable[[str | None], T],
    *,
    passphrase: str | None = None,
    ask: bool = False,
    parent: QWidget | None = None,
) -> tuple[str | None, T] | None:
    """Open the library through ``attempt(passphrase)``, asking for the passphrase when it is needed.

    A passphrase given at start (the environment, the command line) is tried
    first; without one, the dialog asks when the library is encrypted, or when
    ``ask`` is set and there is no library yet (it is then created encrypted).
    A wrong passphrase asks again with a clear message. Returns the passphrase
    used and what ``attempt`` returned, or None when the user cancels. Other
    errors from ``attempt`` are the caller's to show.
    """
    path = Path(store_path)
    exists = path.is_file() and path.stat().st_size > 0
    message = ""
    if passphrase is not None:
        try:
            return passphrase, attempt(passphrase)
        except WrongPassphrase:
            message = WRONG_GIVEN
    elif (exists and not is_encrypted(path)) or (not exists and not ask):
        try:
            return None, attempt(None)
        except PassphraseNeeded:
            exists = True  # encrypted after all (it changed since we looked): ask
    dialog = PassphraseDialog(path, new=not exists, parent=parent)
    try:
        while True:
            if message:
                dialog.show_error(message)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            typed = dialog.passphrase()
            try:
                return typed, attempt(typed)
            except WrongPassphrase:
                message = WRONG
    finally:
        dialog.deleteLater()

