"""A pack exported from the app keeps its page map as one exported from the command line does,
so that an addendum printed later says which pages of the edition it replaces."""

from __future__ import annotations

from pypdf import PdfReader
from ui_support import open_window, settle

from briefing.book.editions import edition_pages, publish
from briefing.book.items import update_item
from briefing.library.opening import open_store

SAMPLE_BOOK = 1


def _export(qtbot, window, path, **extra):
    choices = {"path": str(path), "paper": "a4", "profile": "full", "watermark": None, "force": True, **extra}
    job = window.start_export(choices)
    with qtbot.waitSignal(job.finished, timeout=60000) as finished:
        pass
    settle(qtbot, window)  # the page map's write too
    for preview in list(window.previews):
        preview.close()
    return job, finished.args[0]


def _maps(sample_path) -> int:
    with open_store(sample_path) as store:
        return store.scalar("SELECT count(*) FROM book_page_maps WHERE book_id = ?", [SAMPLE_BOOK])


def test_an_export_from_the_app_keeps_its_page_map_and_the_addendum_uses_it(qtbot, sample_path, tmp_path):
    with open_store(sample_path) as store:
        publish(store, SAMPLE_BOOK)
    window = open_window(qtbot, sample_path, tmp_path)
    window.open_book(SAMPLE_BOOK)
    qtbot.waitUntil(lambda: window.editor.book is not None, timeout=5000)
    assert _maps(sample_path) == 0

    job, result = _export(qtbot, window, tmp_path / "edition-1.pdf")
    assert job.page_map_op is not None and job.page_map_op.error is None
    with open_store(sample_path) as store:
        kept = edition_pages(store, SAMPLE_BOOK, 1, "full")
        assert kept == result.item_pages and len(kept) > 10
        notes = store.one("SELECT i.id, i.title FROM book_items i JOIN book_sections s ON s.id = i.section_id "
                          "WHERE s.book_id = ? AND i.title = 'Notes for the delegation'", [SAMPLE_BOOK])
        update_item(store, notes["id"], title="Notes for the delegation, revised")

    # the addendum, from the app too, names the pages the edition printed the item on
    first, last = kept[notes["id"]]
    job, _ = _export(qtbot, window, tmp_path / "addendum.pdf", addendum=True)
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "addendum.pdf").pages)
    where = f"page {first}" if first == last else f"pages {first}\u2013{last}"
    assert f"Replaces {where} of edition 1" in text
    assert job.page_map_op is None and _maps(sample_path) == 1  # an addendum's own pages are no edition's

    # nor are a pack's on another paper than the book's
    job, _ = _export(qtbot, window, tmp_path / "letter.pdf", paper="letter")
    assert job.page_map_op is None and _maps(sample_path) == 1
    settle(qtbot, window)
