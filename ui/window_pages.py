"""The main window's pages but the library's: each made on its first visit, and wired to the window then.

The first window shows the library only; Visits, People, the book editor and
Figures (and their modules) cost the start nothing until the user goes to them
or something asks for them (``ui.common.lazy_pages``). ``page_makers(window)``
gives the window one function per page; each makes the page and connects its
signals to what the window does with them. The window itself connects what
every page says (``status``) and what is private to it. Beside
``ui.main_window`` as a part of the window: it imports the screens, which
``ui.common`` may not.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.common.window_menus import join_undo_group

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow


def page_makers(window: QMainWindow) -> dict[str, Callable[[], QWidget]]:
    """Page name -> the function that makes that page for ``window``."""

    def visits() -> QWidget:
        from ui.library.visits_view import VisitsView

        page = VisitsView(window.runner, window.records)
        page.document_activated.connect(window.open_document)
        page.person_activated.connect(window.show_person)
        page.new_book.connect(lambda event: window.new_book(event["id"]))
        page.show_documents.connect(window.library_for_visit)
        return page

    def people() -> QWidget:
        from ui.library.people_view import PeopleView

        page = PeopleView(window.runner, window.records)
        page.visit_activated.connect(window.show_visit)
        return page

    def figures() -> QWidget:
        from ui.library.figures_view import FiguresView

        return FiguresView(window.runner, window.records)

    def book() -> QWidget:
        from ui.book_editor.editor import BookEditor

        page = BookEditor(window.runner, recent_books=window.recent_books)
        page.new_book_requested.connect(lambda: window.new_book())
        page.choose_book_requested.connect(window.books.choose_book)
        page.book_requested.connect(window.open_book)
        # a stale or conflicting figure the pre-flight check finds is mended in the Figures view
        page.preflight.problem_activated.connect(window.show_figure_problem)
        page.open_document.connect(window.open_document)
        page.export_requested.connect(window.export_book)
        join_undo_group(window, page)
        return page

    return {"visits": visits, "people": people, "book": book, "figures": figures}
