"""Pages of a stacked widget made on their first visit, so the first window opens without them.

The window adds each page by name, either made (the library, seen at start) or
as a function that makes it. A page not made yet holds its place in the stack
with an empty widget, so the pages keep their indices and the navigation and
menus stay as they are; ``get(name)`` makes it then (a visit, or anything that
asks for it) and puts it in its place. ``made`` says which pages exist, for
work that concerns only those (a refresh after a change, saving on close).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget


class LazyPages(QObject):
    """The stack's pages by name; ``page_made(name, page)`` tells when a page was made on demand."""

    page_made = Signal(str, QWidget)

    def __init__(self, stack: QStackedWidget):
        super().__init__(stack)
        self.stack = stack
        self.names: list[str] = []
        self._pages: dict[str, QWidget] = {}
        self._makers: dict[str, tuple[Callable[[], QWidget], QWidget]] = {}

    def add(self, name: str, page: QWidget | Callable[[], QWidget]) -> None:
        """A page made already, or the function that makes it on first use."""
        self.names.append(name)
        if isinstance(page, QWidget):
            self._pages[name] = page
            self.stack.addWidget(page)
        else:
            placeholder = QWidget()
            self._makers[name] = (page, placeholder)
            self.stack.addWidget(placeholder)

    def made(self, name: str) -> QWidget | None:
        """The page if it exists, without making it."""
        return self._pages.get(name)

    def get(self, name: str) -> QWidget:
        """The page, made now if it was not yet."""
        page = self._pages.get(name)
        if page is not None:
            return page
        make, placeholder = self._makers.pop(name)
        page = make()
        self._pages[name] = page
        index = self.stack.indexOf(placeholder)
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentWidget(page)
        self.page_made.emit(name, page)
        return page

    def make_all(self) -> None:
        """Every page made, for what must see them all (the list of every screen's keys)."""
        for name in self.names:
            self.get(name)

    def show(self, name: str) -> None:
        self.stack.setCurrentWidget(self.get(name))

    def show_index(self, index: int) -> None:
        """The navigation's row ``index`` chosen: its page, made if need be."""
        if 0 <= index < len(self.names):
            self.show(self.names[index])
