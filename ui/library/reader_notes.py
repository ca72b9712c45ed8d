"""The reader's list of highlights and notes beside the text: how each reads in the list,
which one is chosen, and its menu (edit, colour, delete).

``NotesList`` is mixed into ``ReaderView``; it uses the reader's ``notes`` list,
``annotations`` and actions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidgetItem, QMenu

from briefing.library.annotations import COLORS
from ui.common import theme
from ui.common.markdown_view import markdown_as_plain, tooltip


def colour_icon(name: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(theme.HIGHLIGHTS.get(name, "#ffffff")))
    return QIcon(pixmap)


PRIVATE_MARK = "[Private: only in the working copy]"  # plain text: every font draws it, unlike a lock emoji


def note_text(a: dict) -> str:
    """How an annotation reads in the list beside the text."""
    quote = " ".join(a["exact"].split())
    text = f"“{quote[:140]}{'…' if len(quote) > 140 else ''}”"
    if a.get("note"):
        text += "\n" + markdown_as_plain(a["note"])  # the note as it reads, not its Markdown marks
    if a.get("private"):
        text += "\n" + PRIVATE_MARK
    if a.get("span") is None:
        text += "\n(passage no longer found in the text)"
    return text


class NotesList:
    """Fills the list of highlights and notes and answers what is chosen in it."""

    def _fill_notes(self) -> None:
        current = self.current_annotation()
        self.notes.blockSignals(True)
        self.notes.clear()
        for a in self.annotations:
            item = QListWidgetItem(colour_icon(a["color"]), note_text(a))
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            tip = a.get("note") or "No note"
            item.setToolTip(tooltip(f"{tip}\n\nPrivate: only in the working copy" if a.get("private") else tip))
            self.notes.addItem(item)
            if current and current["id"] == a["id"]:
                self.notes.setCurrentItem(item)
        self.notes.blockSignals(False)
        count = len(self.annotations)
        self.notes_title.setText(f"Highlights and notes ({count})" if count else "Highlights and notes: none yet")
        self._note_state()

    def current_annotation(self) -> dict | None:
        item = self.notes.currentItem()
        if item is None:
            return None
        ident = item.data(Qt.ItemDataRole.UserRole)
        return next((a for a in self.annotations if a["id"] == ident), None)

    def _note_state(self) -> None:
        has = self.current_annotation() is not None
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    def _note_chosen(self, *_: object) -> None:
        self._note_state()
        a = self.current_annotation()
        if a is not None and a.get("span") is not None:
            self.browser.scrollToAnchor(f"annotation-{a['id']}")

    def _notes_menu(self, point) -> None:
        if self.notes.itemAt(point) is None:
            return
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        colours = menu.addMenu("Colour")
        for name in COLORS:
            act = colours.addAction(colour_icon(name), name.capitalize())
            act.triggered.connect(lambda _=False, n=name: self._recolour(n))
        menu.addAction(self.delete_action)
        menu.exec(self.notes.viewport().mapToGlobal(point))

    def _recolour(self, name: str) -> None:
        a = self.current_annotation()
        if a is not None:
            self.update_note(a["id"], a.get("note") or "", name)
