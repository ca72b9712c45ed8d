"""The book editor's actions: undo and redo, adding, deleting and moving, their toolbar, and the tree's context menu.

The editor builds its actions here and keeps them as its own attributes
(``undo_action``, ``delete_action``, ``tools``…); what they do stays on the editor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar
from shiboken6 import isValid

from briefing.book.blocks import BLOCK_TYPES
from ui.common import theme
from ui.common.fitting import pane_toggle

if TYPE_CHECKING:
    from .editor import BookEditor


def build_actions(self: BookEditor) -> QToolBar:
    """Make the editor's actions, set them on it, and return its toolbar."""
    self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
    theme.themed(self.undo_action, "undo")
    self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
    theme.themed(self.redo_action, "redo")
    self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
    # the toolbar's labels stay "Undo" and "Redo" (a label naming the step grew and moved the
    # buttons under the mouse); what would be undone is in the tooltip and the status bar
    self.undo_stack.undoTextChanged.connect(lambda text: name_step(self.undo_action, "Undo", text))
    self.undo_stack.redoTextChanged.connect(lambda text: name_step(self.redo_action, "Redo", text))
    self.add_section_action = theme.themed(QAction("Add section", self), "section")
    self.add_section_action.triggered.connect(lambda: self.add_section(subsection=False))
    self.add_note_action = theme.themed(QAction("Add note", self), "note")
    self.add_note_action.triggered.connect(self.add_note)
    self.delete_action = theme.themed(QAction("Delete", self.tree), "delete")
    self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
    self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    self.delete_action.triggered.connect(lambda: self.delete_current())
    self.tree.addAction(self.delete_action)
    self.up_action = QAction("Move up", self.tree, shortcut=QKeySequence("Ctrl+Up"))
    self.up_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    self.up_action.triggered.connect(lambda: self.shift_current(-1))
    self.down_action = QAction("Move down", self.tree, shortcut=QKeySequence("Ctrl+Down"))
    self.down_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    self.down_action.triggered.connect(lambda: self.shift_current(+1))
    self.tree.addActions([self.up_action, self.down_action])
    self.export_action = theme.themed(QAction("Export PDF…", self), "export")
    self.export_action.triggered.connect(self.export_requested.emit)
    # on a small screen the library beside the book can be put away, for the tree and the form
    self.library_shown_action = pane_toggle(self, "Library beside the book", "library", "Library",
                                            "Show or hide the library to add documents from", self.show_library)

    tools = QToolBar()
    self.tools = tools
    tools.setIconSize(QSize(18, 18))
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action in (self.undo_action, self.redo_action):
        tools.addAction(action)
    tools.addSeparator()
    tools.addAction(self.add_section_action)
    tools.addAction(self.add_note_action)
    tools.addAction(self.delete_action)
    tools.addSeparator()
    tools.addAction(self.export_action)
    tools.addSeparator()
    tools.addAction(self.library_shown_action)
    return tools


def name_step(action: QAction, verb: str, step: str) -> None:
    if not isValid(action):
        return  # the stack tells its last change while the editor is being destroyed
    action.setText(verb)
    action.setToolTip(f"{verb}: {step}" if step else verb)
    action.setStatusTip(action.toolTip())


def tree_menu(self: BookEditor, point) -> None:
    """The context menu of the contents tree, at ``point``."""
    menu = QMenu(self)
    index = self.tree.indexAt(point)
    if index.isValid():
        self.tree.setCurrentIndex(index)
    menu.addAction(self.add_section_action)
    sub = menu.addAction(theme.icon("section"), "Add subsection")
    sub.triggered.connect(lambda: self.add_section(subsection=True))
    sub.setEnabled(index.isValid())
    menu.addAction(self.add_note_action)
    blocks = menu.addMenu(theme.icon("block"), "Add generated block")
    for name, spec in BLOCK_TYPES.items():
        act = blocks.addAction(spec["title"])
        act.triggered.connect(lambda _=False, n=name: self.add_block(n))
    if index.isValid():
        menu.addSeparator()
        menu.addAction(self.up_action)
        menu.addAction(self.down_action)
        menu.addAction(self.delete_action)
    props = menu.addAction("Book properties")
    props.triggered.connect(self.show_properties)
    menu.exec(self.tree.viewport().mapToGlobal(point))
