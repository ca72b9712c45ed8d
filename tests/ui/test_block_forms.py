"""Generated blocks edited through forms (no JSON on screen), who a section or item is for, and the saved line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_support import new_book, open_window, settle

from briefing.book.books import get_book
from briefing.book.items import add_item
from briefing.library.documents import list_documents
from briefing.library.opening import open_store


def stored(path, book_id):
    with open_store(path) as s:
        return get_book(s, book_id)


def section_named(book, title):
    return next(s for s in book["sections"] if s["title"] == title)


def first_item(book, section_title):
    return (section_named(book, section_title)["items"] or [{}])[0]


def choose(qtbot, editor, section_title):
    item = first_item(editor.book, section_title)
    editor.tree.setCurrentIndex(editor.model.index_of("item", item["id"]))
    qtbot.waitUntil(lambda: bool(editor.item_form.block.choices.figures), timeout=5000)  # the lists are read
    return editor.item_form.block


def test_figures_are_ticked_dates_are_dates_and_the_programme_names_its_visit(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    form = editor.item_form

    # figures as boxes to tick: nothing ticked is every figure; one ticked is stored by its slug
    block = choose(qtbot, editor, "Key figures")
    figures = block.fields["figures"]
    assert figures.count() >= 3 and not figures.checked([])
    assert not any(isinstance(w, type(form.excerpt)) for w in block.findChildren(type(form.excerpt)))
    figures.item(0).setCheckState(Qt.CheckState.Checked)
    chosen = figures.options[0].value
    qtbot.waitUntil(lambda: first_item(editor.book, "Key figures")["block"].get("figures") == [chosen], timeout=5000)

    # dates as date fields: "before the visit" kept, a year chosen for "From"
    block = choose(qtbot, editor, "Agreements in force")
    assert block.fields["before"].mode.currentText() == "Before the visit starts"
    since = block.fields["since"]
    assert since.value() is None and not since.date.isEnabled()
    since.date.setDate(since.date.date().fromString("2020-01-01", "yyyy-MM-dd"))
    since.precision.setCurrentIndex(1)  # a year
    since.precision.activated.emit(1)
    qtbot.waitUntil(lambda: first_item(editor.book, "Agreements in force")["block"].get("since") == "2020",
                    timeout=5000)
    assert first_item(editor.book, "Agreements in force")["block"]["before"] == "book"
    since.precision.setCurrentIndex(3)
    since.precision.activated.emit(3)
    qtbot.waitUntil(lambda: first_item(editor.book, "Agreements in force")["block"].get("since") == "2020-01-01",
                    timeout=5000)

    # the programme's visit: the book's own unless another is chosen
    block = choose(qtbot, editor, "Programme")
    event = block.fields["event"]
    assert event.currentText() == "The book's visit"
    other = next(n for n in range(event.count()) if n != event.currentIndex())
    event.setCurrentIndex(other)
    event.activated.emit(other)
    wanted = event.itemData(other).value
    qtbot.waitUntil(lambda: first_item(editor.book, "Programme")["block"].get("event") == wanted, timeout=5000)
    settle(qtbot, window)
    saved = stored(sample_path, editor.book["id"])
    assert first_item(saved, "Programme")["block"] == {"type": "programme", "event": wanted}
    assert first_item(saved, "Key figures")["block"] == {"type": "figures", "figures": [chosen]}


def test_a_block_that_cannot_be_kept_says_why_in_words(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    with open_store(sample_path) as s:
        statement = list_documents(s, kind="joint-statement")[0]
        section = section_named(get_book(s, editor.book_id), "Speeches and statements")
        add_item(s, section["id"], "block", title="Commitments", block={"type": "commitments",
                                                                         "document": statement["id"]})
    editor.reload()
    qtbot.waitUntil(lambda: first_item(editor.book, "Speeches and statements").get("kind") == "block", timeout=5000)
    block = choose(qtbot, editor, "Speeches and statements")
    document = block.fields["document"]
    assert str(statement["title"]) in document.currentText()
    document.setCurrentIndex(0)  # no statement
    document.activated.emit(0)
    form = editor.item_form
    qtbot.waitUntil(lambda: bool(form.block_error.text()), timeout=5000)
    assert form.block_error.text() == "Choose the statement whose commitments are listed."
    assert "JSON" not in form.block_error.text() and "Expecting" not in form.block_error.text()
    settle(qtbot, window)
    assert first_item(stored(sample_path, editor.book_id), "Speeches and statements")["block"]["document"] \
        == statement["id"]


def test_all_changes_saved_only_when_nothing_is_pending(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    editor.tree.setCurrentIndex(editor.model.index_of("section", section_named(editor.book, "Scenesetter")["id"]))
    editor.add_note()
    qtbot.waitUntil(lambda: editor.current_node() is not None and editor.current_node().kind == "item", timeout=5000)
    note_id = editor.current_node().id
    qtbot.waitUntil(lambda: editor.saved.text() == "All changes saved", timeout=5000)
    edit = editor.item_form.body.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "Points to raise")
    # typed, not yet saved: the line says so, and is_saved() agrees
    assert editor.saved.text() != "All changes saved" and not editor.is_saved(), (editor.saved.text(), editor.item_form.has_pending(), editor._writes_in_flight)
    qtbot.waitUntil(lambda: next(i for i in section_named(editor.book, "Scenesetter")["items"]
                                 if i["id"] == note_id).get("body") == "Points to raise", timeout=5000)
    qtbot.waitUntil(lambda: editor.saved.text() == "All changes saved", timeout=5000)
    assert editor.is_saved()
    settle(qtbot, window)


def test_a_section_and_an_item_say_who_they_are_for(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    chronology = section_named(editor.book, "Chronology")
    assert chronology["audience"] == "releasable"
    editor.tree.setCurrentIndex(editor.model.index_of("section", chronology["id"]))
    combo = editor.section_form.audience
    index = combo.findData("internal")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: section_named(editor.book, "Chronology")["audience"] == "internal", timeout=5000)
    item = first_item(editor.book, "Chronology")
    editor.tree.setCurrentIndex(editor.model.index_of("item", item["id"]))
    combo = editor.item_form.audience
    assert combo.currentIndex() == 0 and "internal" in combo.currentText()
    index = combo.findData("releasable")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    qtbot.waitUntil(lambda: first_item(editor.book, "Chronology").get("audience") == "releasable", timeout=5000)
    editor.undo_stack.undo()
    qtbot.waitUntil(lambda: first_item(editor.book, "Chronology").get("audience") is None, timeout=5000)
    settle(qtbot, window)


def test_the_book_toolbar_does_not_move_under_the_mouse(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    editor = new_book(qtbot, window, sample_path)
    window.show_page("book")
    qtbot.wait(50)

    def places():
        return [(a.text(), editor.tools.widgetForAction(a).geometry().getRect())
                for a in editor.tools.actions() if editor.tools.widgetForAction(a) is not None and a.text()]

    before = places()
    editor.tree.setCurrentIndex(editor.model.index_of("section", section_named(editor.book, "Chronology")["id"]))
    editor.add_note()
    qtbot.waitUntil(lambda: editor.undo_stack.count() == 1, timeout=5000)
    qtbot.wait(50)
    assert editor.undo_action.text() == "Undo" and "Add note" in editor.undo_action.toolTip()
    assert places() == before
    settle(qtbot, window)
