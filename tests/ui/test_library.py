"""The library view: its lazy model, search as you type, stale queries, filters and sorting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester
from ui_support import open_window, settle

from briefing.library.documents import add_documents
from briefing.library.opening import open_store
from briefing.search import search
from briefing.search.listing import list_page
from ui.library.document_model import DOCUMENT_IDS_MIME, Column, DocumentTableModel, Role, documents_in


def sync_fetch(store):
    def fetch(request, done, failed):
        done(list_page(store, request.query, request.filters, order=request.order,
                       descending=request.descending, limit=request.limit, offset=request.offset))

    return fetch


@pytest.fixture
def big_store(store):
    add_documents(store, [{"title": f"Report {n:04d} on trade", "kind": "note", "date": f"2020-01-{n % 28 + 1:02d}",
                           "text": f"Paragraph {n} about trade and transit."} for n in range(750)])
    return store


def test_model_is_lazy_and_consistent(qtbot, big_store):
    model = DocumentTableModel(sync_fetch(big_store))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_query("")
    assert model.total == 750
    assert model.rowCount() == 100  # the first page only
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 400
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 750
    ids = [model.index(r, 0).data(Role.DOC_ID) for r in range(750)]
    assert len(set(ids)) == 750  # pages never overlap


def test_model_sorts_by_column(qtbot, big_store):
    model = DocumentTableModel(sync_fetch(big_store))
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.sort(Column.TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, Column.TITLE).data() == "Report 0749 on trade"
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, Column.TITLE).data() == "Report 0000 on trade"


def test_drag_carries_document_ids(qtbot, big_store):
    model = DocumentTableModel(sync_fetch(big_store))
    model.set_query("")
    mime = model.mimeData([model.index(0, 0), model.index(2, 1)])
    assert mime.hasFormat(DOCUMENT_IDS_MIME)
    assert documents_in(mime) == [model.index(0, 0).data(Role.DOC_ID), model.index(2, 0).data(Role.DOC_ID)]


def test_search_as_you_type(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    library = window.library
    with open_store(sample_path) as s:
        expected = search(s, "Tokayev").total
    qtbot.keyClicks(library.search_field, "Tokayev")
    qtbot.waitUntil(lambda: library.model.request.query == "Tokayev" and library.count.text().startswith(str(expected)),
                    timeout=5000)
    assert library.model.total == expected
    first = library.model.index(0, Column.TITLE)
    assert "<b>" in first.data(Role.SNIPPET)
    settle(qtbot, window)


def test_stale_queries_are_dropped(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    library = window.library
    for text in ("o", "oi", "oil", "oil pipeline", "Baku"):
        library.search_field.setText(text)
        library.run_search()  # no pause: each query supersedes the one before
    qtbot.waitUntil(lambda: library.model.request.query == "Baku" and not library.model.is_loading(), timeout=5000)
    with open_store(sample_path) as s:
        assert library.model.total == search(s, "Baku*").total
    settle(qtbot, window)


def test_filters_and_sort_header(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    library = window.library
    library.kind.setCurrentIndex(library.kind.findData("agreement"))
    qtbot.waitUntil(lambda: library.model.request.filters.kinds == ["agreement"] and not library.model.is_loading(),
                    timeout=5000)
    kinds = {library.model.index(r, Column.KIND).data() for r in range(library.model.rowCount())}
    assert kinds == {"Agreement"}
    library._header_clicked(Column.TITLE)
    qtbot.waitUntil(lambda: library.model.request.order == "title" and not library.model.is_loading(), timeout=5000)
    titles = [library.model.index(r, Column.TITLE).data() for r in range(library.model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    settle(qtbot, window)


def visible_text_width(edit) -> int:
    """How much of a line edit's width its text gets: inside the frame, less the margins and the clear button."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame, QToolButton

    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    inside = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    buttons = sum(b.width() for b in edit.findChildren(QToolButton) if not b.isHidden())
    return inside.width() - margins.left() - margins.right() - buttons - 4  # Qt's own horizontal margin, 2 a side


@pytest.mark.parametrize("width", [1400, 1000])
def test_date_filters_show_their_placeholder(qtbot, sample_path, tmp_path, width):
    from PySide6.QtWidgets import QToolButton

    window = open_window(qtbot, sample_path, tmp_path)
    window.resize(width, 800)
    library = window.library
    qtbot.waitUntil(lambda: library.since.isVisible(), timeout=5000)
    qtbot.wait(50)
    for edit in (library.since, library.until):
        metrics = edit.fontMetrics()
        assert visible_text_width(edit) >= metrics.horizontalAdvance(edit.placeholderText()), edit.placeholderText()
        edit.setText("2019-05-01")  # a whole date fits beside the clear button it brings up
        qtbot.waitUntil(lambda e=edit: any(b.isVisible() for b in e.findChildren(QToolButton)), timeout=2000)
        assert visible_text_width(edit) >= metrics.horizontalAdvance("2019-05-01"), edit.width()
        edit.clear()
    settle(qtbot, window)
