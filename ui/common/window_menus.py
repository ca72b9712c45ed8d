"""The main window's actions, menus and toolbar: File, Edit, View, Book and Help, and the Edit menu's undo group.

The window calls these while it builds itself and keeps what they make as its
own attributes (``undo_group``, ``undo_action``, ``page_actions``…); what the
actions do stays on the window. Lives in ``ui.common`` because only the top
modules and the screen packages may hold modules; it imports no screen and
never ``ui.main_window``: it is handed the window.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMainWindow, QToolBar

from ui.common import theme
from ui.common.actions import make_action


def build_actions(self: QMainWindow, PAGES: Sequence[str], PAGE_LABELS: Mapping[str, str]) -> None:  # noqa: N803
    """Make the window's actions, and the undo group its Edit menu's Undo and Redo follow."""
    K = QKeySequence.StandardKey
    self.new_book_action = make_action(self, "&New book…", self.new_book, K.New, "book-new",
                                       "Start a briefing book from a template")
    self.open_book_action = make_action(self, "&Open book…", self.books.choose_book, K.Open, "book",
                                        "Open a briefing book")
    self.import_action = make_action(self, "&Import documents…", self.import_files, "Ctrl+I", "import",
                                     "Add files or folders to the library")
    self.new_visit_action = make_action(self, "New &visit…", self.new_visit, None, "visit",
                                        "Make a visit or meeting by hand")
    self.new_person_action = make_action(self, "New &person…", self.new_person, None, "people",
                                         "Add a counterpart or other person by hand")
    # Edit ▸ Undo undoes the book's edits on the book page and the records' edits elsewhere; the book
    # editor, made on its first visit, adds its stack then (and gives its Undo and Redo keys to these)
    self.undo_group = QUndoGroup(self)
    self.undo_group.addStack(self.records.stack)
    self.undo_group.addStack(self.library.corrections.stack)  # the library's: edit, delete, merge, re-analyse
    self.undo_group.setActiveStack(self.library.corrections.stack)
    self.stack.currentChanged.connect(lambda _: follow_undo_stack(self))
    self.undo_action = theme.themed(self.undo_group.createUndoAction(self, "Undo"), "undo")
    self.undo_action.setShortcut(K.Undo)
    self.redo_action = theme.themed(self.undo_group.createRedoAction(self, "Redo"), "redo")
    self.redo_action.setShortcut(K.Redo)
    self.quit_action = make_action(self, "&Quit", self.close, K.Quit)
    if self.quit_action.shortcut().isEmpty():  # some desktops define no standard Quit key
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    self.find_action = make_action(self, "&Find in library", self.find_in_library, K.Find, "search")
    self.about_action = make_action(self, "&About Briefing Book", self.about, None, "about")
    self.page_actions = [make_action(self, PAGE_LABELS[name], lambda i=n: self.nav.setCurrentRow(i), f"Ctrl+{n + 1}")
                         for n, name in enumerate(PAGES)]


def join_undo_group(self: QMainWindow, editor) -> None:
    """The book editor, made on its first visit: its stack joins the group, the Edit menu keeps the keys."""
    for mine in (editor.undo_action, editor.redo_action):
        mine.setShortcut(QKeySequence())
    self.undo_group.addStack(editor.undo_stack)
    follow_undo_stack(self)


def follow_undo_stack(self: QMainWindow) -> None:
    """Edit ▸ Undo undoes the book's edits on the book page, the library's on its page, the records' elsewhere."""
    current = self.stack.currentWidget()
    editor = self.pages.made("book")
    self.undo_group.setActiveStack(
        editor.undo_stack if editor is not None and current is editor
        else self.library.corrections.stack if current is self.library_split
        else self.records.stack)


def build_menus(self: QMainWindow) -> None:
    """Fill the window's menu bar and its main toolbar with the actions ``build_actions`` made."""
    bar = self.menuBar()
    file = bar.addMenu("&File")
    file.addAction(self.new_book_action)
    file.addAction(self.open_book_action)
    file.addMenu(self.recent_menu)
    file.addSeparator()
    file.addAction(self.new_visit_action)
    file.addAction(self.new_person_action)
    file.addSeparator()
    file.addAction(self.import_action)
    file.addAction(self.export_action)
    file.addActions([self.share_bundle_action, self.import_bundle_action])
    file.addSeparator()
    file.addAction(self.print_action)
    file.addAction(self.exports.open_last_action)
    file.addMenu(self.maintenance_menu)  # back up, restore, check
    file.addSeparator()
    file.addAction(self.quit_action)
    edit = bar.addMenu("&Edit")
    edit.addAction(self.undo_action)
    edit.addAction(self.redo_action)
    edit.addSeparator()
    edit.addAction(self.find_action)
    edit.addSeparator()
    edit.addActions([self.library.correction_actions[name] for name in ("merge", "reanalyse", "delete")])
    edit.addSeparator()
    edit.addAction(self.reader.highlight_action)
    edit.addAction(self.reader.note_action)
    view = bar.addMenu("&View")
    for action in self.page_actions:
        view.addAction(action)
    view.addSeparator()
    view.addAction(self.reader.notes_shown_action)
    view.addSeparator()
    view.addMenu(theme.theme_menu(self, self.settings))  # system, light or dark, remembered
    bar.addMenu(self.practice.menu)  # Book: pre-flight, export, editions, numbered copies, pocket card
    help_menu = bar.addMenu("&Help")
    help_menu.addActions(self.help.actions)
    help_menu.addSeparator()
    help_menu.addAction(self.about_action)

    tools = QToolBar("Main")
    tools.setObjectName("mainToolbar")
    tools.setMovable(False)
    tools.setIconSize(QSize(20, 20))
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    tools.addAction(self.import_action)
    tools.addAction(self.new_visit_action)
    tools.addSeparator()
    tools.addAction(self.new_book_action)
    tools.addAction(self.open_book_action)
    tools.addAction(self.export_action)
    self.addToolBar(tools)
