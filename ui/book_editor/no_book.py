"""What the Book page shows while no book is open: a way to start one, open one, or pick up a recent one.

A calm panel in the middle of the page rather than the editor's empty form:
"New book…" and "Open book…" (the File menu's own actions, asked of the
window through the signals) and the recent books, each opened by a click or
Enter. ``refresh`` lists the recent books still in the library, titled as
they are now (none remembered: the library's own books); the editor gives
the panel a line to say why a book could not be opened (``say``). Titles
are the user's text and are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.common import theme
from ui.common.markdown_view import tooltip
from ui.common.operations import OpRunner

BOOK_ID_ROLE = Qt.ItemDataRole.UserRole
PANEL_WIDTH = 460


def book_line(book: dict) -> str:
    """A book as the list names it: its title, and its dates when it has them."""
    title = " ".join(str(book.get("title") or "Untitled book").split())
    start, end = book.get("start_date"), book.get("end_date")
    dates = f"{start} – {end}" if start and end and end != start else start or ""
    return f"{title}  ·  {dates}" if dates else title


class NoBookPanel(QWidget):
    """No book open: New book…, Open book… and the recent books."""

    new_book = Signal()
    choose_book = Signal()
    open_book = Signal(int)

    def __init__(self, runner: OpRunner, recent_books: Callable[[], list[dict]], parent: QWidget | None = None):
        super().__init__(parent)
        self.runner = runner
        self.recent_books = recent_books
        heading = QLabel("No book open", objectName="pageTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        about = QLabel("A book gathers what you take to a visit: the programme, the people, talking points "
                       "and the documents from the library.", objectName="muted", wordWrap=True)
        about.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.new_button = theme.themed(QPushButton("New book…"), "book-new")
        self.new_button.setToolTip("Start a book, for a visit or from a template (File ▸ New book)")
        self.new_button.clicked.connect(self.new_book.emit)
        self.open_button = theme.themed(QPushButton("Open book…"), "book")
        self.open_button.setToolTip("Choose one of the library's books (File ▸ Open book)")
        self.open_button.clicked.connect(self.choose_book.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)

        self.caption = QLabel("Recent books", objectName="muted")
        self.books = QListWidget()
        self.books.setObjectName("recentBooks")
        self.books.setFrameShape(QFrame.Shape.StyledPanel)
        self.books.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.books.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.books.setSpacing(3)
        self.books.setToolTip("Click a book, or choose it and press Enter, to open it")
        # one click opens (a link-like list); Enter, and a double click where the style asks for one, too
        self.books.itemClicked.connect(self._chosen)
        self.books.itemActivated.connect(self._chosen)
        self.caption.setBuddy(self.books)
        self.message = QLabel(objectName="muted", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message.hide()

        panel = QWidget()
        panel.setMaximumWidth(PANEL_WIDTH)
        inner = QVBoxLayout(panel)
        inner.setSpacing(10)
        inner.addWidget(heading)
        inner.addWidget(about)
        inner.addLayout(buttons)
        inner.addSpacing(12)
        inner.addWidget(self.caption)
        inner.addWidget(self.books)
        inner.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.set_books([], recent=True)

    def refresh(self) -> None:
        """The recent books at once, then checked against the library's books (in the background)."""
        recent = self.recent_books()
        self.set_books(recent, recent=True)

        def work(job):
            from briefing.book.books import list_books  # the books load on first use

            return list_books(job.store)

        def show(books: list[dict]) -> None:
            by_id = {b["id"]: b for b in books}
            kept = [by_id[b["id"]] for b in recent if b["id"] in by_id]
            self.set_books(kept or books[:8], recent=bool(kept))

        self.runner.read(work, "books").on_success(show).on_failure(self.say)

    def set_books(self, books: list[dict], *, recent: bool) -> None:
        """The books to offer: the recent ones, or (none yet) the library's own."""
        self.books.clear()
        for book in books:
            item = QListWidgetItem(book_line(book))  # a list item's text is never rich text
            item.setData(BOOK_ID_ROLE, int(book["id"]))
            item.setToolTip(tooltip(str(book.get("title") or "")))  # a tooltip would read "<b>" as HTML
            self.books.addItem(item)
        self.caption.setText("Recent books" if recent else "Books in this library")
        shown = bool(books)
        self.caption.setVisible(shown)
        self.books.setVisible(shown)
        if shown:
            rows = min(len(books), 8)
            row = self.books.sizeHintForRow(0) + 2 * self.books.spacing()
            self.books.setFixedHeight(row * rows + 2 * self.books.frameWidth() + 2)

    def say(self, text: str) -> None:
        """A line under the list (why a book did not open); empty hides it."""
        self.message.setText(" ".join(text.split()))
        self.message.setVisible(bool(text))

    def _chosen(self, item: QListWidgetItem) -> None:
        book_id = item.data(BOOK_ID_ROLE)
        if book_id is not None:
            self.open_book.emit(int(book_id))
