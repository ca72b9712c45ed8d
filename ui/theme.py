"""Light and dark palettes that follow the system, and the interface icons.

The icons are SVG strokes in ``resources/icons/ui``, drawn in ``currentColor``;
each is rendered in the palette's text colour at several sizes, so it stays
sharp on high-DPI screens and readable in either palette.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from briefing.profiles import resources_dir

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


def icons_dir():
    return resources_dir() / "icons" / "ui"


def is_dark(palette: QPalette | None = None) -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hints is not None else Qt.ColorScheme.Unknown
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply_palette(app: QApplication) -> None:
    """Fusion with a calm palette of our own, light or dark as the system is."""
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if is_dark() else light_palette())
    icon.cache_clear()


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
QTabWidget::pane { border: none; }
QSplitter::handle { background: palette(mid); }
QSplitter::handle:horizontal { width: 1px; }
QSplitter::handle:vertical { height: 1px; }
"""
