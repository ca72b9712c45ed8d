"""Helpers that let the window fit a laptop's screen (1280×720) without hiding anything.

A row of filters or buttons in a box layout asks for the width of all of them
together, and the window cannot be narrower than that: ``FlowLayout`` asks
only for its widest item and wraps the rest onto further rows. A label with a
long text (a book's title) asks for all of it: ``ElidedLabel`` asks for a few
letters and shows as much as fits, with an ellipsis and the whole text as its
tooltip. ``fit_to_screen`` sizes a new window to what it wants, within the
screen it opens on (a preview 1000 pixels tall on a 900-pixel screen loses
its toolbar's end).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QPainter
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from . import theme


def pane_toggle(parent: QObject, text: str, icon: str, short: str, tooltip: str,
                show: Callable[[bool], None]) -> QAction:
    """A checked action that shows or puts away a side pane (for a toolbar and the View menu)."""
    action = theme.themed(QAction(text, parent), icon)
    action.setIconText(short)
    action.setCheckable(True)
    action.setChecked(True)
    action.setToolTip(tooltip)
    action.toggled.connect(show)
    return action


class FlowLayout(QLayout):
    """Items left to right at their preferred widths, wrapped like words; each row as tall as its tallest item."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6, row_spacing: int = 4):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._row_spacing = row_spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - asking for one row of everything would claim the widest pane
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - the widest item alone
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        rows: list[list[tuple[QLayoutItem, int]]] = [[]]
        for item in self._shown():
            width = min(item.sizeHint().width(), area.width())
            width = max(width, min(item.minimumSize().width(), area.width()))
            if rows[-1] and x + width > area.right() + 1:
                rows.append([])
                x = area.x()
            rows[-1].append((item, width))
            x += width + self._spacing
        for row in rows:
            if not row:
                continue
            row_height = max(item.sizeHint().height() for item, _ in row)
            x = area.x()
            for item, width in row:
                if move:
                    height = item.sizeHint().height()
                    top = y + (row_height - height) // 2
                    item.setGeometry(QRect(QPoint(x, top), QSize(width, height)))
                x += width + self._spacing
            y += row_height + self._row_spacing
        return y - self._row_spacing - rect.y() + margins.bottom() if any(rows) else 0


SCREEN_MARGIN = 48  # room left for the desktop's own panels and the window's frame


def fit_to_screen(window: QWidget, width: int, height: int, available: QRect | None = None) -> QSize:
    """Resize ``window`` to ``width`` × ``height``, or less where the screen (its available area) is smaller."""
    if available is None:
        parent = window.parentWidget()
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else QRect(0, 0, width, height)
    size = QSize(min(width, max(320, available.width() - SCREEN_MARGIN)),
                 min(height, max(240, available.height() - SCREEN_MARGIN)))
    window.resize(size)
    return size


def labelled(caption: str, widget: QWidget, *, object_name: str = "muted") -> QWidget:
    """A caption and its field kept together, so a flow layout wraps them as one."""
    pair = QWidget()
    row = QHBoxLayout(pair)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(pair.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) // 2 or 4)
    label = QLabel(caption, objectName=object_name)
    label.setBuddy(widget)
    row.addWidget(label)
    row.addWidget(widget)
    return pair


class ElidedLabel(QLabel):
    """One line of plain text, cut short with "…" when narrower than it; ``text()`` is always the whole."""

    MIN_CHARS = 12

    def __init__(self, text: str = "", parent: QWidget | None = None, **kwargs):
        super().__init__(text, parent, **kwargs)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setToolTip(text if text else "")

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        metrics = self.fontMetrics()
        margins = self.contentsMargins()
        width = min(metrics.horizontalAdvance(self.text()), metrics.averageCharWidth() * self.MIN_CHARS)
        return QSize(width + margins.left() + margins.right(), super().minimumSizeHint().height())

    def paintEvent(self, _event) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        self.style().drawItemText(painter, rect, int(self.alignment()), self.palette(), self.isEnabled(), shown,
                                  self.foregroundRole())


def list_beside_page(owner: QWidget, left: QWidget, right: QWidget, sizes: tuple[int, int] = (300, 800)) -> QSplitter:
    """A records list beside the chosen record's page, filling ``owner``: the list at least 180
    pixels wide, the page 320 and taking what is left; neither can be collapsed away."""
    left.setMinimumWidth(180)
    right.setMinimumWidth(320)
    split = QSplitter(Qt.Orientation.Horizontal)
    split.addWidget(left)
    split.addWidget(right)
    split.setChildrenCollapsible(False)
    split.setStretchFactor(1, 1)
    split.setSizes(list(sizes))
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(split)
    return split
