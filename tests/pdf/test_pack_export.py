"""``export_pack``: the one path of the command line and the app, returning the page map to keep."""

from __future__ import annotations

from briefing.book.editions import edition_pages, publish, record_page_map, state_hash
from briefing.book.items import update_item
from briefing.library.opening import open_store
from briefing.pdf.pack_export import export_pack

BOOK = 1


def test_a_pack_returns_its_page_map_for_the_state_it_was_printed_from(sample_store, tmp_path):
    publish(sample_store, BOOK)
    done = export_pack(sample_store, BOOK, tmp_path / "pack.pdf", force=True)
    assert done.page_map is not None and done.page_map.state == state_hash(sample_store, BOOK)
    assert done.page_map.pages == done.result.item_pages and done.page_map.profile == "full"
    assert edition_pages(sample_store, BOOK, 1, "full") is None  # returned, not yet kept
    assert record_page_map(sample_store, done.page_map)
    assert edition_pages(sample_store, BOOK, 1, "full") == done.result.item_pages


def test_no_page_map_for_a_book_changed_while_it_was_printed(sample_path, sample_store, tmp_path):
    item = sample_store.scalar("SELECT i.id FROM book_items i JOIN book_sections s ON s.id = i.section_id "
                               "WHERE s.book_id = ? AND i.kind = 'note' ORDER BY i.id LIMIT 1", [BOOK])
    edited = []

    def meanwhile(done: int, total: int) -> None:  # another window edits the book half-way through
        if not edited and done >= total // 2:
            with open_store(sample_path) as other:
                update_item(other, item, title="Changed while printing")
            edited.append(done)

    done = export_pack(sample_store, BOOK, tmp_path / "pack.pdf", force=True, progress=meanwhile)
    assert edited and done.result.pages > 2
    assert done.page_map is None


def test_no_page_map_for_an_addendum_or_another_paper(sample_store, tmp_path):
    publish(sample_store, BOOK)
    assert export_pack(sample_store, BOOK, tmp_path / "l.pdf", paper="letter", force=True).page_map is None
    assert export_pack(sample_store, BOOK, tmp_path / "a.pdf", paper="A4", force=True).page_map is not None
    item = sample_store.scalar("SELECT i.id FROM book_items i JOIN book_sections s ON s.id = i.section_id "
                               "WHERE s.book_id = ? AND i.kind = 'note' ORDER BY i.id LIMIT 1", [BOOK])
    update_item(sample_store, item, title="Revised")
    assert export_pack(sample_store, BOOK, tmp_path / "add.pdf", addendum=True, force=True).page_map is None
