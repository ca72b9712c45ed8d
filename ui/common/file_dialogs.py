"""File dialogs with room to read: the same choices as QFileDialog's static functions, sized to the screen.

Where the platform gives no dialog of its own, Qt's dialog opened small,
with its Name column cut after a few letters and Size, Type and Date squeezed
beside it. These open it at a size fit for the screen with the name column
given most of the width; a platform's own dialog is left as it is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget

from .fitting import fit_to_screen

DIALOG_SIZE = (960, 600)
NAME_SHARE = 0.5  # of the list's width, for the name column


def roomy(dialog: QFileDialog) -> QFileDialog:
    """Size a file dialog for reading its columns (only Qt's own: a native one has no list to size)."""
    fit_to_screen(dialog, *DIALOG_SIZE)
    width = dialog.width()
    for view in dialog.findChildren(QTreeView):
        header = view.header()
        header.setStretchLastSection(False)
        header.resizeSection(0, int(width * NAME_SHARE))
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return dialog


def _run(dialog: QFileDialog) -> str | None:
    roomy(dialog)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def save_file(parent: QWidget | None, title: str, path: str, filters: str) -> str | None:
    dialog = QFileDialog(parent, title, path, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _run(dialog)


def open_file(parent: QWidget | None, title: str, folder: str, filters: str) -> str | None:
    dialog = QFileDialog(parent, title, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog)


def choose_folder(parent: QWidget | None, title: str, folder: str) -> str | None:
    dialog = QFileDialog(parent, title, folder)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return _run(dialog)
