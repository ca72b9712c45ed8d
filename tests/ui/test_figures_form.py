"""The Figures page: short columns as wide as their values; the source chosen by title, derived-from ticked by name."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView
from ui_support import open_window, settle

from briefing.library.figures import get_figure, list_figures
from briefing.library.opening import open_store
from ui.library.figure_pickers import ID_ROLE
from ui.library.figures_view import Col

SOURCE_TITLE = "Kazakhstan, Azerbaijan Sign 14 Cooperation Documents"


def figures_page(qtbot, window):
    window.show_page("figures")
    figures = window.figures
    qtbot.waitUntil(lambda: figures.model.rowCount() > 0, timeout=5000)
    return figures


def saved(qtbot, op) -> dict:
    outcome: dict = {}
    op.on_success(lambda result: outcome.setdefault("ok", result))
    op.on_failure(lambda message: outcome.setdefault("error", message))
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    return outcome


def test_the_short_columns_are_as_wide_as_their_longest_value(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    window.resize(1280, 720)
    figures = figures_page(qtbot, window)
    table, model = figures.table, figures.model
    metrics = table.fontMetrics()
    for column in (Col.VALUE, Col.UNIT, Col.AS_OF, Col.STATUS):
        texts = [model.data(model.index(r, column)) for r in range(model.rowCount())]
        longest = max(texts, key=metrics.horizontalAdvance)
        assert table.columnWidth(column) >= metrics.horizontalAdvance(longest), (column, longest)
    assert "half a billion" in max((model.data(model.index(r, Col.VALUE)) for r in range(model.rowCount())), key=len)
    # the figure's name and its source share the rest of the width
    header = table.horizontalHeader()
    assert header.sectionResizeMode(Col.LABEL) == header.sectionResizeMode(Col.SOURCE) == QHeaderView.ResizeMode.Stretch
    assert table.columnWidth(Col.LABEL) > 100 and table.columnWidth(Col.SOURCE) > 100
    settle(qtbot, window)


def test_the_source_is_chosen_by_its_title_and_stored_by_its_id(qtbot, sample_path, tmp_path):
    with open_store(sample_path) as s:
        doc_id = s.scalar("SELECT id FROM documents WHERE title = ?", [SOURCE_TITLE])
    assert doc_id
    window = open_window(qtbot, sample_path, tmp_path)
    figures = figures_page(qtbot, window)
    figures.new_figure()
    form, picker = figures.form, figures.form.source
    form.fields["label"].setText("Documents signed in Baku")
    form.fields["value"].setText("14")
    window.activateWindow()
    picker.setFocus()

    # words of the title, not chosen: refused, saying what to do
    qtbot.keyClicks(picker, "Sign 14 Cooperation")
    assert figures.save() is None and "Choose the source document" in figures.message.text()

    # the documents found drop down with their dates; the one chosen shows its title and is kept by its id
    popup = picker.chooser.popup()
    qtbot.waitUntil(lambda: picker.found.rowCount() > 0, timeout=5000)
    if not popup.isVisible():  # a popup needs the window active, which a long run's other windows may take
        picker.chooser.complete()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    rows = [picker.found.index(r, 0) for r in range(picker.found.rowCount())]
    row = next(i for i in rows if i.data(ID_ROLE) == doc_id)
    assert "2024-03-12" in row.data()
    popup.setCurrentIndex(row)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.text() == SOURCE_TITLE and picker.value() == doc_id

    assert "ok" in saved(qtbot, figures.save())
    qtbot.waitUntil(lambda: figures.figure is not None and figures.figure["label"] == "Documents signed in Baku",
                    timeout=5000)
    assert figures.figure["source_document_id"] == doc_id
    assert figures.form.source.text() == SOURCE_TITLE  # shown again by title when the figure is chosen

    # an id typed is taken as it was before
    picker.clear()
    qtbot.keyClicks(picker, str(doc_id))
    assert picker.value() == doc_id
    settle(qtbot, window)


def test_derived_from_is_ticked_by_name_and_stored_as_ids(qtbot, sample_path, tmp_path):
    with open_store(sample_path) as s:
        every = list_figures(s)
    derived = next(f for f in every if f["derived_from"])
    window = open_window(qtbot, sample_path, tmp_path)
    figures = figures_page(qtbot, window)
    figures.show_figure(derived["id"])
    qtbot.waitUntil(lambda: figures.figure is not None and figures.figure["id"] == derived["id"], timeout=5000)
    checklist = figures.form.derived
    items = [checklist.list.item(r) for r in range(checklist.list.count())]
    ticked = [i.data(ID_ROLE) for i in items if i.checkState() == Qt.CheckState.Checked]
    assert sorted(ticked) == sorted(derived["derived_from"]) and checklist.checked_ids() == derived["derived_from"]
    # the figures read by name, value and date; the figure itself is not offered
    source = next(f for f in every if f["id"] == derived["derived_from"][0])
    text = next(i.text() for i in items if i.data(ID_ROLE) == source["id"])
    assert source["label"] in text and (source["as_of"] or "undated") in text
    assert next(i for i in items if i.data(ID_ROLE) == derived["id"]).isHidden()

    # a filter narrows the list, the ticked stay in sight; one more ticked is stored after the others
    other = next(f for f in every if f["id"] not in (derived["id"], *derived["derived_from"]))
    checklist.filter.setText(other["label"])
    assert all(i.isHidden() for i in items if i.data(ID_ROLE) not in (other["id"], *derived["derived_from"])
               and other["label"] not in i.text())
    next(i for i in items if i.data(ID_ROLE) == other["id"]).setCheckState(Qt.CheckState.Checked)
    assert checklist.checked_ids() == [*derived["derived_from"], other["id"]]
    assert "ok" in saved(qtbot, figures.save())
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert get_figure(s, derived["id"])["derived_from"] == [*derived["derived_from"], other["id"]]
