"""The library list finds the user's own notes: a document found by a note shows it beneath, as plain text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem
from ui_support import open_window, settle

from briefing.library.annotations import add_annotation
from briefing.library.documents import add_document
from briefing.library.opening import open_store
from ui.library.document_model import Column, Role

NOTE = "Токаев said first time <b>not bold</b> & <img src='/dev/zero'>"


def test_a_document_found_by_its_note_says_so_under_its_title(qtbot, store_path, tmp_path):
    with open_store(store_path) as s:
        spoken = add_document(s, {"title": "Speech in Baku", "date": "2024-02-01",
                                  "text": "Tokayev spoke of the first time the Council met."})
        noted = add_document(s, {"title": "Oil transit", "date": "2024-01-01", "text": "Transit of Kazakh oil."})
        add_annotation(s, noted, "Kazakh oil", note=NOTE)
    window = open_window(qtbot, store_path, tmp_path)
    library = window.library
    qtbot.keyClicks(library.search_field, "tokayev first time")
    qtbot.waitUntil(lambda: library.model.request.query == "tokayev first time" and not library.model.is_loading()
                    and library.count.text().startswith("2 "), timeout=5000)
    model = library.model
    found = [model.index(row, Column.TITLE) for row in range(model.rowCount())]
    assert [i.data(Role.DOC_ID) for i in found] == [noted, spoken]  # the user's own words first
    by_note, by_text = found
    # the note's own characters (its snippet drops Markdown punctuation), never read as markup
    line = by_note.data(Role.NOTE)
    assert line.startswith("Your note: Токаев said first time <b>not bold</b>")
    assert " & <img src='/dev/zero" in line and "&amp;" not in line and "&lt;" not in line
    assert by_text.data(Role.NOTE) is None
    tip = by_note.data(Qt.ItemDataRole.ToolTipRole)
    assert "&lt;img src=" in tip and "<img" not in tip and "Your note: Токаев" in tip
    assert by_text.data(Qt.ItemDataRole.ToolTipRole) == "Speech in Baku"
    # the row paints the note beneath the title: the picture differs from the same row without one
    assert _painted(library, by_note) != _painted(library, by_note, note=False)
    settle(qtbot, window)


def _painted(library, index: QModelIndex, note: bool = True) -> bytes:
    delegate = library.view.itemDelegateForColumn(Column.TITLE)
    option = QStyleOptionViewItem()
    option.initFrom(library.view)
    option.widget = library.view
    option.rect = QRect(0, 0, 420, delegate.sizeHint(option, index).height())
    image = QImage(option.rect.size(), QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    if note:
        delegate.paint(painter, option, index)
    else:
        result = index.data(Role.RESULT)
        original = result.note_snippet
        result.note_snippet = None
        try:
            delegate.paint(painter, option, index)
        finally:
            result.note_snippet = original
    painter.end()
    return bytes(image.constBits())


def test_the_passage_under_a_title_is_set_in_the_rows_font_not_the_titles_bold(qtbot, store_path, tmp_path):
    with open_store(store_path) as s:
        add_document(s, {"title": "Speech in Baku", "date": "2024-02-01", "text": "Tokayev spoke of transit."})
    window = open_window(qtbot, store_path, tmp_path)
    library = window.library
    qtbot.keyClicks(library.search_field, "transit")
    qtbot.waitUntil(lambda: library.model.request.query == "transit" and not library.model.is_loading()
                    and library.model.rowCount() == 1, timeout=5000)
    index = library.model.index(0, Column.TITLE)
    _painted(library, index)
    delegate = library.view.itemDelegateForColumn(Column.TITLE)
    assert not delegate._doc.defaultFont().bold()  # only the words found are bold in the passage
    settle(qtbot, window)
