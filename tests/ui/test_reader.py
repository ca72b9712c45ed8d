"""The reader: open a document, highlight a passage with a note, edit and delete it; it all persists."""

from __future__ import annotations

from ui_support import open_window, settle

from briefing.library.annotations import list_annotations
from briefing.library.opening import open_store
from ui.common.markdown_view import SafeBrowser, to_html


def select_text(browser, needle: str) -> None:
    found = browser.document().find(needle)
    assert not found.isNull(), needle
    browser.setTextCursor(found)


def test_annotate_edit_delete(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    reader = window.reader
    library = window.library
    library.view.setCurrentIndex(library.model.index(0, 0))
    doc_id = library.model.result_at(0).id
    qtbot.waitUntil(lambda: reader.doc_id == doc_id, timeout=5000)
    assert reader.title.text() == library.model.result_at(0).title

    longest = max(reader.browser.toPlainText().splitlines(), key=len)
    passage = " ".join(longest.split()[2:8])
    select_text(reader.browser, passage)
    assert reader.highlight_action.isEnabled()
    reader.set_colour("green")
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.highlight_selection()
    qtbot.waitUntil(lambda: reader.notes.count() == 1, timeout=5000)
    annotation = reader.annotations[0]
    assert annotation["color"] == "green"
    assert "annotation:" in reader.browser.toHtml() or reader.browser.document().toHtml().count("#c8e6c9")

    reader.notes.setCurrentRow(0)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.update_note(annotation["id"], "**Raise** at the dinner", "blue")
    qtbot.waitUntil(lambda: reader.annotations and reader.annotations[0]["note"] == "**Raise** at the dinner", timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:  # saved for good, not only on screen
        saved = list_annotations(s, doc_id)
        assert [(a["note"], a["color"]) for a in saved] == [("**Raise** at the dinner", "blue")]
        assert " ".join(saved[0]["exact"].split()).replace("*", "") .startswith(passage.split()[0])

    reader.notes.setCurrentRow(0)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.delete_annotation(confirm=False)
    qtbot.waitUntil(lambda: reader.notes.count() == 0, timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert list_annotations(s, doc_id) == []


def test_highlight_needs_a_selection(qtbot, sample_path, tmp_path):
    window = open_window(qtbot, sample_path, tmp_path)
    messages = []
    window.reader.status.connect(messages.append)
    window.reader.highlight_selection()
    assert messages and "Select a passage" in messages[0]
    settle(qtbot, window)


def test_markdown_is_rendered_safely(qtbot):
    html = to_html('# Title\n\n<script>alert(1)</script> <img src="http://example.com/x.png">\n\n> quoted')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "<blockquote>" in html
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    # an empty image, not None: None makes Qt load the resource itself (see test_untrusted_text)
    assert browser.loadResource(2, "http://example.com/x.png").isNull()
    browser.show_markdown('Text with <mark class="yellow" data-annotation="7">a mark</mark>.', marks=True)
    assert "annotation:7" in browser.toHtml()


def open_first(qtbot, window):
    library, reader = window.library, window.reader
    library.view.setCurrentIndex(library.model.index(0, 0))
    doc_id = library.model.result_at(0).id
    qtbot.waitUntil(lambda: reader.doc_id == doc_id, timeout=5000)
    return doc_id


def test_keyboard_selects_a_passage_to_highlight(qtbot, sample_path, tmp_path):
    from PySide6.QtCore import Qt

    window = open_window(qtbot, sample_path, tmp_path)
    reader = window.reader
    doc_id = open_first(qtbot, window)
    browser = reader.browser
    assert browser.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert browser.cursorWidth() > 0

    longest = max(browser.toPlainText().splitlines(), key=len)
    word = longest.split()[1]
    found = browser.document().find(word)
    caret = browser.textCursor()
    caret.setPosition(found.selectionStart())  # a caret before the word, nothing selected
    browser.setTextCursor(caret)
    browser.setFocus()
    assert not reader.highlight_action.isEnabled()
    for _ in range(len(word)):
        qtbot.keyClick(browser, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert _plain_selection(browser) == word
    assert reader.highlight_action.isEnabled()
    qtbot.keyClick(browser, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(_plain_selection(browser)) > len(word)
    qtbot.keyClick(browser, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    assert _plain_selection(browser) == word

    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.highlight_action.trigger()
    qtbot.waitUntil(lambda: reader.notes.count() == 1, timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert word in list_annotations(s, doc_id)[0]["exact"]


def _plain_selection(browser) -> str:
    return browser.textCursor().selectedText().replace("\u2029", "\n")


class _Answer:
    """Stands in for the user in the note dialog: sets the fields, then presses Save."""

    note = "Keep to ourselves"
    private = True
    seen: list = []

    @classmethod
    def dialog(cls):
        from ui.common.markdown_editor import NoteDialog

        class Answered(NoteDialog):
            def exec(self) -> int:
                cls.seen.append(self.private.isChecked())
                self.editor.set_text(cls.note)
                self.private.setChecked(cls.private)
                return NoteDialog.DialogCode.Accepted

        return Answered


def test_note_dialog_has_a_private_box(qtbot):
    from ui.common.markdown_editor import NoteDialog

    dialog = NoteDialog("a passage", "text", colours=("yellow",))
    qtbot.addWidget(dialog)
    assert not dialog.is_private()
    assert "working copy" in dialog.private.text()
    dialog.private.setChecked(True)
    assert dialog.is_private()
    marked = NoteDialog("a passage", private=True)
    qtbot.addWidget(marked)
    assert marked.is_private()


def test_private_annotation_made_shown_and_unmarked(qtbot, sample_path, tmp_path, monkeypatch):
    import ui.library.reader

    monkeypatch.setattr(ui.library.reader, "NoteDialog", _Answer.dialog())
    monkeypatch.setattr(_Answer, "seen", [])
    window = open_window(qtbot, sample_path, tmp_path)
    reader = window.reader
    doc_id = open_first(qtbot, window)
    longest = max(reader.browser.toPlainText().splitlines(), key=len)
    select_text(reader.browser, " ".join(longest.split()[2:6]))

    monkeypatch.setattr(_Answer, "private", True)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.note_action.trigger()
    qtbot.waitUntil(lambda: reader.notes.count() == 1, timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        saved = list_annotations(s, doc_id)
        assert [(a["note"], a["private"]) for a in saved] == [("Keep to ourselves", True)]
    assert ui.library.reader.PRIVATE_MARK in reader.notes.item(0).text()
    assert "Private" in reader.notes.item(0).text()

    # editing shows the box ticked; unticking it makes the note ordinary again
    monkeypatch.setattr(_Answer, "private", False)
    reader.notes.setCurrentRow(0)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.edit_annotation()
    assert _Answer.seen == [False, True]
    qtbot.waitUntil(lambda: reader.annotations and not reader.annotations[0]["private"], timeout=5000)
    settle(qtbot, window)
    with open_store(sample_path) as s:
        assert [a["private"] for a in list_annotations(s, doc_id)] == [False]
    assert "Private" not in reader.notes.item(0).text()

    # a change of colour keeps the flag as it is
    monkeypatch.setattr(_Answer, "private", True)
    reader.notes.setCurrentRow(0)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader.edit_annotation()
    qtbot.waitUntil(lambda: reader.annotations and reader.annotations[0]["private"], timeout=5000)
    reader.notes.setCurrentRow(0)
    with qtbot.waitSignal(reader.document_loaded, timeout=5000):
        reader._recolour("pink")
    qtbot.waitUntil(lambda: reader.annotations and reader.annotations[0]["color"] == "pink", timeout=5000)
    assert reader.annotations[0]["private"]
    settle(qtbot, window)


def test_the_app_nests_lists_by_two_spaces_as_the_pdf_does():
    from ui.common.markdown_view import to_html

    html = to_html("- Trade\n  - trading houses\n  - joint projects\n- Transit")
    assert html.count("<ul>") == 2 and html.index("trading houses") > html.index("<ul>", html.index("Trade"))
