"""Every main view fits a laptop screen: 1280×720, with nothing squeezed out of sight."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget
from ui_support import open_window, settle

from briefing.library.events import list_events
from briefing.library.opening import open_store

SCREEN = QSize(1280, 720)
LONG_TITLE = ("Official visit of the President of the Republic of Kazakhstan to the Republic of Azerbaijan, "
              "with the first meeting of the Supreme Interstate Council")


def inside_scroll_area(widget: QWidget) -> bool:
    """Whether the widget lies in a scroll area's viewport (where scrolling, not the window, decides what shows)."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def on_screen(widget: QWidget):
    """The part of the widget its parents leave in sight, in the window's coordinates."""
    rect = widget.rect()
    while not widget.isWindow():
        parent = widget.parentWidget()
        rect = rect.translated(widget.pos()).intersected(parent.rect())
        widget = parent
    return rect


def squeezed(window) -> list[str]:
    """The visible widgets of the window left with no width (or height) on screen."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.isWindow() or inside_scroll_area(widget):
            continue
        shown = on_screen(widget)
        if widget.width() <= 0 or widget.height() <= 0 or shown.width() <= 0 or shown.height() <= 0:
            text = getattr(widget, "text", None)
            name = widget.objectName() or (text() if callable(text) else "")
            found.append(f"{type(widget).__name__} {name!r} {widget.width()}×{widget.height()} "
                         f"in {type(widget.parentWidget()).__name__}")
    return found


def fits(qtbot, window, view: str) -> None:
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= SCREEN.width() and hint.height() <= SCREEN.height(), (view, hint)
    window.resize(SCREEN)
    qtbot.waitUntil(lambda: window.size() == SCREEN, timeout=2000)
    QApplication.processEvents()
    assert squeezed(window) == [], view


def test_every_view_fits_a_1280_by_720_window(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    qtbot.waitUntil(lambda: window.library.visit.count() > 1, timeout=5000)  # the filters are filled
    # the reader shows a document with a long title, its highlights and notes beside it
    window.library.view.setCurrentIndex(window.library.model.index(0, 0))
    qtbot.waitUntil(lambda: window.reader.doc is not None, timeout=5000)
    reader = window.reader
    reader.add_highlight(reader.doc["text"].split()[0], "A note that runs on for a while, to be wrapped in the list "
                         "beside the text rather than widening it.", "green")
    qtbot.waitUntil(lambda: reader.notes.count() == 1, timeout=5000)
    fits(qtbot, window, "library")

    window.show_page("visits")
    qtbot.waitUntil(lambda: window.visits.current_event is not None, timeout=5000)
    fits(qtbot, window, "visits")

    window.show_page("people")
    qtbot.waitUntil(lambda: window.people.person is not None, timeout=5000)
    fits(qtbot, window, "people")

    # the book editor, with a long title in the status bar, its tree, the pre-flight panel and the library
    with open_store(sample_path) as s:
        event = list_events(s)[0]
    window.create_book(LONG_TITLE, "state-visit", event["id"], "OFFICIAL USE ONLY")
    qtbot.waitUntil(lambda: window.editor.book is not None, timeout=5000)
    editor = window.editor
    qtbot.waitUntil(lambda: bool(editor.preflight.problems) or "no problems" in editor.preflight.heading.text(),
                    timeout=5000)
    settle(qtbot, window)
    fits(qtbot, window, "book properties")
    editor.add_note()
    qtbot.waitUntil(lambda: editor.forms.currentIndex() == 2, timeout=5000)
    editor.item_form.body.set_text("# A note\n\nWith **Markdown**, shown beside it.")
    fits(qtbot, window, "book note")
    settle(qtbot, window)


def test_the_notes_beside_the_text_and_the_library_beside_the_book_can_be_put_away(qtbot, sample_path, tmp_path):
    from ui_support import isolate_settings, new_book

    from ui.main_window import MainWindow

    window = open_window(qtbot, sample_path, tmp_path)
    window.resize(SCREEN)
    reader = window.reader
    QApplication.processEvents()
    wide = reader.browser.width()
    reader.notes_shown_action.trigger()  # put away: the text takes the width
    QApplication.processEvents()
    assert not reader.side.isVisible() and reader.browser.width() > wide
    reader.notes_shown_action.trigger()
    QApplication.processEvents()
    assert reader.side.isVisible() and reader.side.width() >= reader.side.minimumWidth()
    reader.split.setSizes([sum(reader.split.sizes()), 0])  # dragged shut
    reader._split_moved()
    assert not reader.notes_shown_action.isChecked() and not reader.side.isVisible()

    editor = new_book(qtbot, window, sample_path)
    window.show_page("book")
    QApplication.processEvents()
    editor.library_shown_action.trigger()
    QApplication.processEvents()
    assert not editor.library_box.isVisible() and squeezed(window) == []
    editor.library_shown_action.trigger()
    QApplication.processEvents()
    assert editor.library_box.isVisible() and editor.library_box.width() > 0
    settle(qtbot, window)
    window.close()

    again = MainWindow(str(sample_path), settings=isolate_settings(tmp_path))  # the notes stay put away
    qtbot.addWidget(again)
    assert not again.reader.notes_shown_action.isChecked()
