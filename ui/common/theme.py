"""Light and dark palettes that follow the system, and the interface icons.

The icons are SVG strokes in ``resources/icons/ui``, drawn in ``currentColor``;
each is rendered in the palette's text colour at several sizes, so it stays
sharp on high-DPI screens and readable in either palette.

The palette follows the system while the app runs too: when the system's
colour scheme changes (or the application palette is changed under us),
``watcher()`` sets the palette again, re-polishes the style sheet (a styled
widget keeps the palette it was polished with), draws every icon given with
``themed`` in the new text colour and emits ``changed`` so views can redraw
what they coloured themselves (a document's style sheet, say).

View ▸ Theme may override the system: ``THEMES`` are "system", "light" and
"dark"; the choice is kept in the settings (``THEME_KEY``) and read when the
palette is first applied.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from functools import cache

from PySide6.QtCore import QByteArray, QObject, QRectF, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from shiboken6 import isValid

from briefing.resources import resources_dir

ICON_SIZES = (16, 20, 24, 32, 48)
ACCENT_LIGHT = "#2f5d8a"  # a quiet ministerial blue
ACCENT_DARK = "#8fb6dd"

# highlight colours in the reader: the core's names, softened for reading on screen
HIGHLIGHTS = {
    "yellow": "#fff59d",
    "green": "#c8e6c9",
    "blue": "#bbdefb",
    "pink": "#f8bbd0",
    "orange": "#ffe0b2",
    "purple": "#e1bee7",
    "red": "#ffcdd2",
    "grey": "#e0e0e0",
}


THEMES = {"system": "Same as the system", "light": "Light", "dark": "Dark"}
THEME_KEY = "view/theme"


def icons_dir():
    return resources_dir() / "icons" / "ui"


def is_dark(palette: QPalette | None = None) -> bool:
    if _watcher is not None and isValid(_watcher) and _watcher.choice != "system":
        return _watcher.choice == "dark"
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_palette(app: QApplication) -> None:
    """Fusion with a calm palette of our own, light or dark as the system is, and our style sheet."""
    app.setStyle("Fusion")
    chosen = str(QSettings().value(THEME_KEY, "system"))
    watcher().choice = chosen if chosen in THEMES else "system"
    watcher().follow_system()


ICON_PROPERTY = "themeIcon"  # the interface icon an action or button shows, drawn again when the palette changes
_PALETTE_KEY_ROLES = (
    QPalette.ColorRole.Window, QPalette.ColorRole.WindowText, QPalette.ColorRole.Base,
    QPalette.ColorRole.Text, QPalette.ColorRole.Button, QPalette.ColorRole.Highlight,
)


def _palette_key(palette: QPalette) -> tuple[str, ...]:
    return tuple(palette.color(role).name() for role in _PALETTE_KEY_ROLES)


class ThemeWatcher(QObject):
    """Keeps the palette, the style sheet and the icons in step with the system while the app runs."""

    changed = Signal()  # after a new palette is in place: redraw what you coloured yourself

    def __init__(self, app: QGuiApplication):
        super().__init__(app)
        self.app = app
        self._key = _palette_key(app.palette())  # the palette everything was last drawn in
        self._busy = False
        self.choice = "system"  # or "light", "dark": View ▸ Theme
        hints = app.styleHints()
        if hints is not None:
            hints.colorSchemeChanged.connect(self.follow_system)

    def follow_system(self, *_: object) -> None:
        """The system's light or dark scheme changed (or its theme did): use our palette for it,
        unless the user chose one."""
        self.use(dark_palette() if is_dark() else light_palette())

    def choose(self, choice: str) -> None:
        """View ▸ Theme: "system", "light" or "dark", from now on."""
        self.choice = choice if choice in THEMES else "system"
        self.follow_system()

    def use(self, palette: QPalette) -> None:
        """Make ``palette`` the application's and redraw everything in it."""
        drawn = _palette_key(palette) == self._key == _palette_key(self.app.palette())
        if drawn and (not isinstance(self.app, QApplication) or self.app.styleSheet() == STYLESHEET):
            return  # told twice (the scheme signal and a theme change event): drawn once
        self._busy = True
        try:
            self.app.setPalette(palette)
        finally:
            self._busy = False
        self.refresh()

    def palette_changed(self) -> None:
        """The application palette changed, maybe not through us: redraw, once per new palette."""
        if not self._busy and _palette_key(QGuiApplication.palette()) != self._key:
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        try:
            self._key = _palette_key(QGuiApplication.palette())
            icon.cache_clear()
            if isinstance(self.app, QApplication):
                with _no_collection_while_walking_widgets():
                    # setting the style sheet again re-polishes every widget against the new palette
                    self.app.setStyleSheet(STYLESHEET)
                    _redraw_icons(self.app)
        finally:
            self._busy = False
        self.changed.emit()


_watcher: ThemeWatcher | None = None


def watcher() -> ThemeWatcher:
    """The application's theme watcher (made on first use)."""
    global _watcher
    app = QGuiApplication.instance()
    if _watcher is None or not isValid(_watcher) or _watcher.app is not app:
        _watcher = ThemeWatcher(app)
    return _watcher


def theme_menu(parent: QWidget, settings: QSettings) -> QMenu:
    """View ▸ Theme: the system's, light or dark; the choice is remembered in ``settings``."""
    menu = QMenu("&Theme", parent)
    group = QActionGroup(menu)
    current = watcher().choice
    for name, label in THEMES.items():
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(name == current)
        action.setData(name)
        group.addAction(action)

        def chosen(_checked: bool = False, name: str = name) -> None:
            settings.setValue(THEME_KEY, name)
            watcher().choose(name)

        action.triggered.connect(chosen)
    menu.theme_actions = group.actions()
    return menu


def themed(target, name: str):
    """Give an action, button or menu the named icon; it is drawn again whenever the palette changes."""
    target.setProperty(ICON_PROPERTY, name)
    target.setIcon(icon(name))
    return target


@contextmanager
def _no_collection_while_walking_widgets():
    """Qt walks a list of every widget here, calling into Python for each; were the cycle collector
    to delete a closed window's widgets meanwhile, Qt would read widgets that are gone."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _redraw_icons(app: QApplication) -> None:
    direct = Qt.FindChildOption.FindDirectChildrenOnly
    for widget in app.allWidgets():
        for target in (widget, *widget.actions(), *widget.findChildren(QAction, options=direct)):
            name = target.property(ICON_PROPERTY)
            if name:
                target.setIcon(icon(name))


def _palette(colours: dict[QPalette.ColorRole, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, value in colours.items():
        palette.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled_text))
    return palette


def light_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#f4f3f0",
            R.WindowText: "#1f2328",
            R.Base: "#ffffff",
            R.AlternateBase: "#f7f6f3",
            R.Text: "#1f2328",
            R.Button: "#ecebe7",
            R.ButtonText: "#1f2328",
            R.Highlight: ACCENT_LIGHT,
            R.HighlightedText: "#ffffff",
            R.ToolTipBase: "#fffdf5",
            R.ToolTipText: "#1f2328",
            R.PlaceholderText: "#7a7f86",
            R.Link: ACCENT_LIGHT,
            R.Mid: "#c9c7c1",
        },
        "#9a9ea4",
    )


def dark_palette() -> QPalette:
    R = QPalette.ColorRole
    return _palette(
        {
            R.Window: "#24272b",
            R.WindowText: "#e6e6e3",
            R.Base: "#1b1d20",
            R.AlternateBase: "#222528",
            R.Text: "#e6e6e3",
            R.Button: "#2e3236",
            R.ButtonText: "#e6e6e3",
            R.Highlight: "#3f6e9c",
            R.HighlightedText: "#ffffff",
            R.ToolTipBase: "#2e3236",
            R.ToolTipText: "#e6e6e3",
            R.PlaceholderText: "#8a8f96",
            R.Link: ACCENT_DARK,
            R.Mid: "#45494e",
        },
        "#6d7278",
    )


def text_colour() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()


def muted_colour() -> str:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText).name()


@cache
def icon(name: str) -> QIcon:
    """The named interface icon in the current text colour (an empty icon if it is missing)."""
    path = icons_dir() / f"{name}.svg"
    if not path.exists():
        return QIcon()
    svg = path.read_text(encoding="utf-8").replace("currentColor", text_colour())
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    result = QIcon()
    for size in ICON_SIZES:
        for ratio in (1.0, 2.0):
            pixmap = QPixmap(QSize(int(size * ratio), int(size * ratio)))
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result


def app_icon() -> QIcon:
    result = QIcon()
    folder = resources_dir() / "icons" / "app"
    for path in sorted(folder.glob("*.png")):
        result.addFile(str(path))
    return result


STYLESHEET = """
QToolBar { border: none; spacing: 4px; padding: 3px; }
QStatusBar { font-size: 9pt; }
QLineEdit#searchField { padding: 5px 8px; font-size: 11pt; border-radius: 4px; }
QLabel#pageTitle { font-size: 15pt; font-weight: 600; }
QLabel#muted { color: palette(placeholder-text); }
QLabel#error { color: #c62828; font-weight: 600; }
QTabWidget::pane { border: none; }
QSplitter::handle { background: palette(mid); }
QSplitter::handle:horizontal { width: 1px; }
QSplitter::handle:vertical { height: 1px; }
"""
