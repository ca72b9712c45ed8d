"""A list whose rows are as tall as their text wrapped at the list's width.

Qt's own list measures a wrapped row once, at a width of its own choosing, and
draws it at another: a title that wraps to three lines was drawn cut off with
an ellipsis above a blank gap. ``WrappedList`` measures and draws each row's
text with the same font, flags and width (the viewport's, less the margins),
and lays its rows out again whenever that width changes. Text is drawn as
plain text: a row never reads markup.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QListWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

TEXT_MARGIN = 4  # pixels between a row's edge and its text, left and right
ROW_PADDING = 2  # above and below the text

_FLAGS = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
Index = QModelIndex | QPersistentModelIndex


class WrappedRowDelegate(QStyledItemDelegate):
    """Draws a row's text wrapped in its rectangle, and asks for the height that takes at the
    width ``view`` gives its rows."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def row_width(self) -> int:
        """The width a row has: the viewport's, less the list's spacing each side."""
        return max(self._view.viewport().width() - 2 * self._view.spacing(), 1)

    def text_height(self, text: str, font, width: int) -> int:
        """The height of ``text`` wrapped in a row ``width`` pixels wide."""
        bounds = QRect(0, 0, max(width - 2 * TEXT_MARGIN, 1), 1_000_000)
        return QFontMetrics(font).boundingRect(bounds, int(_FLAGS), text).height()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self.row_width()
        return QSize(width, self.text_height(opt.text, opt.font, width) + 2 * ROW_PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)  # the row's ground
        state = opt.state
        if not state & QStyle.StateFlag.State_Enabled:
            group = QPalette.ColorGroup.Disabled
        elif state & QStyle.StateFlag.State_Active:
            group = QPalette.ColorGroup.Active
        else:
            group = QPalette.ColorGroup.Inactive
        role = QPalette.ColorRole.HighlightedText if state & QStyle.StateFlag.State_Selected else QPalette.ColorRole.Text
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(opt.palette.color(group, role))
        painter.drawText(opt.rect.adjusted(TEXT_MARGIN, ROW_PADDING, -TEXT_MARGIN, -ROW_PADDING), int(_FLAGS), text)
        painter.restore()


class WrappedList(QListWidget):
    """A ``QListWidget`` of plain-text rows that wrap, each as tall as its text at the list's width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappedRowDelegate(self))
        self._laid_out_width = -1

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        width = self.viewport().width()
        if width != self._laid_out_width:  # the rows wrap anew: their heights change
            self._laid_out_width = width
            self.doItemsLayout()
