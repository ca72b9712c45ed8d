"""Light and dark: when the system's scheme changes while the app runs, everything is drawn again in the new palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QToolBar
from ui_support import open_window, settle

from ui.common import theme


@pytest.fixture
def app_theme(qapp, monkeypatch):
    """The app's own light palette and style sheet, as at start; the test session's again afterwards.

    Yields a function that tells the app the system's scheme is now dark (True) or light (False),
    as the colour scheme signal does.
    """
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    dark = [False]
    monkeypatch.setattr(theme, "is_dark", lambda palette=None: dark[0])
    theme.apply_palette(qapp)
    qapp.setStyleSheet(theme.STYLESHEET)

    def system_scheme(is_dark: bool) -> None:
        dark[0] = is_dark
        theme.apply_palette(qapp)

    yield system_scheme
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    theme.icon.cache_clear()


def icon_colour(icon) -> QColor:
    """The colour of an interface icon's strokes (its most opaque pixel)."""
    image = icon.pixmap(20, 20).toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    return max(pixels, key=lambda c: c.alpha())


def corner(widget) -> QColor:
    """What is drawn near a widget's bottom right corner: its background."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 4, image.height() - 4)


def looks(window) -> dict[str, int]:
    """How light (0–255) each of the things a change of scheme once left behind is drawn."""
    QApplication.processEvents()
    reader = window.reader
    action = window.import_action
    return {
        "list background": corner(window.library.view.viewport()).lightness(),
        "reader background": corner(reader.browser.viewport()).lightness(),
        "reader title": reader.title.palette().color(QPalette.ColorRole.WindowText).lightness(),
        "toolbar text": window.findChild(QToolBar, "mainToolbar").palette().color(QPalette.ColorRole.ButtonText)
        .lightness(),
        "toolbar icon": icon_colour(action.icon()).lightness(),
        "navigation icon": icon_colour(window.nav.item(0).icon()).lightness(),
        "reader text": QColor(reader.browser.document().defaultStyleSheet().split("color:")[1].split(";")[0].strip())
        .lightness(),
        "reader icon": icon_colour(reader.highlight_action.icon()).lightness(),
    }


def open_reader(qtbot, window):
    window.library.view.setCurrentIndex(window.library.model.index(0, 0))
    qtbot.waitUntil(lambda: window.reader.doc is not None, timeout=5000)
    settle(qtbot, window)


def test_switching_to_dark_while_running_redraws_lists_reader_and_icons(qtbot, sample_path, tmp_path, app_theme):
    window = open_window(qtbot, sample_path, tmp_path)
    open_reader(qtbot, window)
    light = looks(window)
    backgrounds = ("list background", "reader background")
    inks = ("reader title", "toolbar text", "toolbar icon", "navigation icon", "reader text", "reader icon")
    assert all(light[k] > 200 for k in backgrounds), light
    assert all(light[k] < 100 for k in inks), light
    scroll = window.reader.browser.verticalScrollBar()
    scroll.setValue(scroll.maximum() // 2)
    kept = scroll.value()

    # the system goes dark: the platform changes the application palette
    QApplication.instance().setPalette(theme.dark_palette())
    dark = looks(window)
    assert all(dark[k] < 60 for k in backgrounds), dark
    assert all(dark[k] > 150 for k in inks), dark
    assert scroll.value() == kept  # the document was rendered again where the reader was

    # and back to light, through the handler the colour scheme signal calls
    app_theme(False)
    again = looks(window)
    assert all(again[k] > 200 for k in backgrounds), again
    assert all(again[k] < 100 for k in inks), again
    settle(qtbot, window)


def test_a_dark_scheme_redraws_the_visit_page(qtbot, sample_path, tmp_path, app_theme):
    window = open_window(qtbot, sample_path, tmp_path)
    window.show_page("visits")
    qtbot.waitUntil(lambda: window.visits.current_event is not None, timeout=5000)
    assert window.visits.current_event["documents"]
    muted_light = theme.muted_colour()
    assert muted_light in window.visits.page.toHtml()
    app_theme(True)
    assert QApplication.palette().color(QPalette.ColorRole.Base) == QColor("#1b1d20")
    assert corner(window.visits.page.viewport()).lightness() < 60
    assert theme.muted_colour() != muted_light
    assert theme.muted_colour() in window.visits.page.toHtml()  # its documents' particulars drawn again
    settle(qtbot, window)
