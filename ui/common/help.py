"""Help ▸ User guide and Help ▸ Keyboard shortcuts.

The user's guide is ``docs/user-guide.md``, shipped with the app (beside
``resources/`` in a checkout and in the packaged app, see
``packaging/briefing.spec``) and shown offline in the project's safe Markdown
view; its pictures are named rather than shown (the view loads nothing). The
shortcuts list is made from the window's actions, so it never disagrees with
the menus.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from briefing.errors import BriefingError
from briefing.resources import resources_dir

from .fitting import fit_to_screen
from .lazy_pages import LazyPages
from .markdown_view import SafeBrowser
from .windows import keep_open

GUIDE_NAME = "user-guide.md"
_PICTURE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")


def guide_path() -> Path | None:
    """Where the user's guide is: ``docs/`` beside ``resources/`` (a checkout, the packaged app), or inside it."""
    places: list[Path] = []
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        places.append(Path(bundled) / "docs" / GUIDE_NAME)
    try:
        resources = resources_dir()
        places += [resources.parent / "docs" / GUIDE_NAME, resources / "docs" / GUIDE_NAME]
    except BriefingError:
        pass
    return next((p for p in places if p.is_file()), None)


def guide_text() -> str:
    """The guide's Markdown, pictures named in words; a line saying where to find it when it is missing."""
    path = guide_path()
    if path is None:
        return "# User guide\n\nThe user's guide was not installed with this copy of Briefing Book."
    text = path.read_text(encoding="utf-8")
    return _PICTURE.sub(lambda m: f"*(Picture: {m.group(1)})*", text)


class GuideWindow(QMainWindow):
    """The user's guide, readable offline, with a find field."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("User guide — Briefing Book")
        self.view = SafeBrowser()
        self.view.show_markdown(guide_text())
        self.find = QLineEdit(placeholderText="Find in the guide (Enter for the next)", clearButtonEnabled=True)
        self.find.returnPressed.connect(self.find_next)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.find)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(box)
        close = QAction("Close", self, shortcut=QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        self.addAction(close)
        fit_to_screen(self, 860, 900)

    def find_next(self) -> bool:
        text = self.find.text().strip()
        if not text:
            return False
        if self.view.find(text):
            return True
        cursor = self.view.textCursor()
        cursor.movePosition(cursor.MoveOperation.Start)
        self.view.setTextCursor(cursor)
        return self.view.find(text)


def _plain(text: str) -> str:
    return re.sub(r"&(?!&)", "", text).replace("&&", "&").replace("…", "")


def shortcut_rows(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(what, keys, where) for every action of the window with a shortcut: the menus' first, by their path,
    then those of the screens' own lists and views."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()
    pages = getattr(window, "pages", None)
    if isinstance(pages, LazyPages):
        pages.make_all()  # a page not visited yet has keys of its own too

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{path} ▸ {_plain(action.text())}")
            elif not action.isSeparator():
                seen.add(id(action))
                keys = action.shortcuts()
                if keys:
                    rows.append((_plain(action.text()), ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                                                  for k in keys), path))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    for action in window.findChildren(QAction):
        if id(action) in seen or not action.shortcuts() or not action.text():
            continue
        seen.add(id(action))
        owner = action.parent()
        where = _where(owner)
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if (_plain(action.text()), keys) not in {(r[0], r[1]) for r in rows}:
            rows.append((_plain(action.text()), keys, where))
    return rows


def _where(owner: QObject | None) -> str:
    """The screen an action belongs to, by the widget that owns it."""
    names = {"BookTree": "Book contents", "BookEditor": "Book", "ReaderView": "Reader", "LibraryView": "Library",
             "PdfPreview": "Preview", "VisitsView": "Visits", "PeopleView": "People"}
    while owner is not None:
        name = names.get(type(owner).__name__)
        if name:
            return name
        owner = owner.parent()
    return "Anywhere"


class ShortcutsWindow(QWidget):
    """Help ▸ Keyboard shortcuts: a table made from the window's actions."""

    def __init__(self, window: QMainWindow):
        super().__init__(window, Qt.WindowType.Window)
        self.setWindowTitle("Keyboard shortcuts — Briefing Book")
        rows = shortcut_rows(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Action", "Keys", "Where"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        for n, row in enumerate(rows):
            for column, text in enumerate(row):
                self.table.setItem(n, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The keys of the menus and of each screen. Ctrl+Enter saves a dialog.",
                                objectName="muted", wordWrap=True))
        layout.addWidget(self.table, 1)
        close = QAction("Close", self, shortcut=QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        self.addAction(close)
        fit_to_screen(self, 640, 720)


class HelpMenu(QObject):
    """The Help menu's guide and shortcuts; ``windows`` are those now open."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        from .actions import make_action

        self.window = window
        self.windows: list[QWidget] = []
        self.guide_action = make_action(window, "&User guide", self.show_guide, QKeySequence.StandardKey.HelpContents,
                                        "document", "Read the user's guide")
        if self.guide_action.shortcut().isEmpty():
            self.guide_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action = make_action(window, "&Keyboard shortcuts", self.show_shortcuts, "Ctrl+/", None,
                                            "The keys of every menu and screen")
        self.actions = [self.guide_action, self.shortcuts_action]

    def show_guide(self) -> QWidget:
        return keep_open(GuideWindow(self.window), self.windows)

    def show_shortcuts(self) -> QWidget:
        return keep_open(ShortcutsWindow(self.window), self.windows)
