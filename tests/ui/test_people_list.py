"""The People list: every row as tall as its text wrapped at the list's width, none cut off."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics
from ui_support import open_window, settle

TEXT_AREA = 8  # a row's text is set at most this many pixels narrower than the row


def _rows(people) -> dict[str, tuple[QRect, int]]:
    """Each row's first line, with its rectangle and the height its text takes wrapped at that width."""
    lst = people.list
    metrics = QFontMetrics(lst.font())
    rows = {}
    for i in range(lst.count()):
        item = lst.item(i)
        rect = lst.visualItemRect(item)
        text = metrics.boundingRect(QRect(0, 0, rect.width() - TEXT_AREA, 100_000), int(Qt.TextFlag.TextWordWrap),
                                    item.text())
        rows[item.text().split("\n")[0]] = (rect, text.height())
    return rows


def test_a_long_title_wraps_whole_at_any_width(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    window.show_page("people")
    people = window.people
    qtbot.waitUntil(lambda: people.list.count() >= 6, timeout=5000)
    line = QFontMetrics(people.list.font()).lineSpacing()
    for width in (360, 240, 420):
        people.list.resize(width, 600)
        qtbot.wait(50)
        rows = _rows(people)
        rect, needed = rows["Heydar Aliyev"]
        assert rect.width() >= people.list.viewport().width() - 2 * people.list.spacing() - 1
        assert needed >= 3 * line  # the name and a title of two lines or more
        for name, (rect, needed) in rows.items():
            assert needed <= rect.height() <= needed + line, (width, name)  # whole, and no blank line below
    settle(qtbot, window)
