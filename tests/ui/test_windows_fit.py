"""Windows fit the screen they open on: the preview on a 900-pixel screen, its toolbar whole at 1280×720."""

from __future__ import annotations

from pypdf import PdfWriter
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget


def blank_pdf(path) -> str:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    with open(path, "wb") as f:
        writer.write(f)
    return str(path)


def test_fit_to_screen_keeps_a_window_within_a_small_screen(qtbot):
    from ui.common.fitting import fit_to_screen

    window = QWidget()
    qtbot.addWidget(window)
    size = fit_to_screen(window, 900, 1000, QRect(0, 0, 1600, 900))
    assert size.height() <= 900 - 40 and size.width() == 900
    size = fit_to_screen(window, 900, 1000, QRect(0, 0, 1920, 1200))
    assert (size.width(), size.height()) == (900, 1000)


def test_the_preview_fits_a_900_pixel_screen_and_keeps_open_containing_folder(qtbot, tmp_path):
    from ui.export.pdf_preview import PdfPreview

    preview = PdfPreview(blank_pdf(tmp_path / "one.pdf"))
    qtbot.addWidget(preview)
    screen = preview.screen().availableGeometry()
    assert preview.height() <= screen.height() and preview.width() <= screen.width()
    for width in (900, 640):
        preview.resize(width, min(700, screen.height()))
        preview.show()
        qtbot.waitExposed(preview)
        qtbot.wait(20)
        button = preview.tools.widgetForAction(preview.folder_action)
        assert button.isVisible() and button.text() == "Open containing folder", width
        right = button.mapTo(preview.tools, button.rect().topRight()).x()
        assert right <= preview.tools.width(), width
    preview.close()


def broken_words(browser) -> list[str]:
    """Words the preview's layout split across two lines (a line starting in the middle of a word)."""
    broken = []
    block = browser.document().begin()
    while block.isValid():
        text, layout = block.text(), block.layout()
        for n in range(1, layout.lineCount()):
            start = layout.lineAt(n).textStart()
            if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
                broken.append(text[max(0, start - 8):start + 8])
        block = block.next()
    return broken


def test_the_figures_preview_breaks_no_word_in_a_narrow_form(qtbot, sample_store):
    """At 1280×720 the item form is about 400 pixels wide: the figures table scrolls rather than split words."""
    from briefing.book.blocks import compute_block
    from ui.book_editor.forms import ItemForm

    markdown = compute_block(sample_store, {"type": "figures"}, {}).markdown
    form = ItemForm()
    qtbot.addWidget(form)
    form.resize(400, 700)
    form.show_item({"id": 1, "kind": "block", "title": "Key figures", "block": {"type": "figures"}})
    form.show()
    qtbot.waitExposed(form)
    form.show_block_preview(markdown)
    qtbot.wait(50)
    preview = form.block_preview
    assert preview.viewport().width() < 450
    assert broken_words(preview) == []


def test_file_dialogs_open_with_room_for_their_columns(qtbot, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QTreeView

    from ui.common.file_dialogs import roomy

    (tmp_path / "Briefing for the state visit to the Republic of Azerbaijan.pdf").write_bytes(b"%PDF-1.4")
    dialog = QFileDialog(None, "Export to", str(tmp_path), "PDF documents (*.pdf)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    roomy(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    screen = dialog.screen().availableGeometry()
    assert dialog.width() >= min(900, screen.width() - 60) and dialog.height() <= screen.height()
    views = dialog.findChildren(QTreeView)
    assert views and views[0].header().sectionSize(0) >= dialog.width() * 0.4
