"""Search reaches the user's own words: highlight notes and a book's note items, in any script."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from briefing.book.books import create_book, delete_book
from briefing.book.items import add_item, delete_item, update_item
from briefing.book.sections import add_section
from briefing.library.annotations import add_annotation, delete_annotation, update_annotation
from briefing.library.corrections import delete_documents
from briefing.library.document_undo import restore
from briefing.library.documents import add_document
from briefing.library.note_index import note_index_in_step
from briefing.library.opening import open_store
from briefing.library.schema import migrations
from briefing.search import Filters, search
from briefing.search.listing import list_page

QUERY = "tokayev first time"


@pytest.fixture
def library(store):
    """Three documents: one whose text has the query's words, one noted in them, one of neither."""
    ids = {
        "spoken": add_document(store, {"title": "Speech in Baku", "kind": "speech", "date": "2024-02-01",
                                       "text": "Tokayev spoke of the first time the Council met."}),
        "noted": add_document(store, {"title": "Agreement on oil transit", "kind": "agreement", "date": "2024-01-01",
                                      "text": "The parties agree to increase the transit of Kazakh oil."}),
        "plain": add_document(store, {"title": "Joint statement", "kind": "joint-statement", "date": "2023-04-10",
                                      "text": "Both sides value the Middle Corridor."}),
    }
    ids["note"] = add_annotation(store, ids["noted"], "transit of Kazakh oil", note="Токаев said first time")
    return ids


def ids_of(page) -> list[int]:
    return [r.id for r in page.results]


def test_a_note_is_found_across_scripts_and_text_search_is_as_before(store, library):
    assert ids_of(search(store, QUERY, within="text")) == [library["spoken"]]
    notes = search(store, QUERY, within="notes")
    assert ids_of(notes) == [library["noted"]] and notes.total == 1
    found = notes.results[0]
    assert (found.matched, found.annotation_id) == ("note", library["note"])
    assert found.note_snippet == "<b>Токаев</b> said <b>first</b> <b>time</b>"
    # the other scripts and spellings of the same words
    for query in ("Тоқаев", "Токаев", "Tokaev first"):
        assert ids_of(search(store, query, within="notes")) == [library["noted"]], query


def test_text_scope_is_the_search_of_before(store, library):
    for query in (QUERY, "oil", '"first time"', "tok*", "Council OR corridor", "-oil sides", ""):
        default, text = search(store, query), search(store, query, within="text")
        assert default.as_dict() == text.as_dict()
        assert all(r["matched"] == "text" and "annotation_id" not in r for r in text.as_dict()["results"])
        assert "book_notes" not in text.as_dict()


def test_all_lists_note_matches_first_and_each_document_once(store, library):
    page = search(store, QUERY, within="all")
    assert ids_of(page) == [library["noted"], library["spoken"]] and page.total == 2
    assert [r.matched for r in page.results] == ["note", "text"]
    # the spoken document noted in the same words: found by both, listed once
    both = add_annotation(store, library["spoken"], "the Council met", note="first time, said Tokayev")
    page = search(store, QUERY, within="all")
    assert page.total == 2 and sorted(ids_of(page)) == sorted([library["noted"], library["spoken"]])
    spoken = next(r for r in page.results if r.id == library["spoken"])
    assert (spoken.matched, spoken.annotation_id) == ("both", both)


def test_pages_of_all_join_up_without_gaps_or_repeats(store, library):
    more = [add_document(store, {"title": f"Tokayev visit {n}", "text": f"first time {n}"}) for n in range(5)]
    add_annotation(store, more[2], "first time", note="Tokayev, first time: quote it")  # text and note
    whole = search(store, QUERY, within="all", limit=50)
    assert whole.total == len(whole.results) == 7
    assert whole.results[0].id in (library["noted"], more[2])
    for size in (1, 2, 3):
        pages = [search(store, QUERY, within="all", limit=size, offset=start) for start in range(0, 7, size)]
        assert [r.id for p in pages for r in p.results] == ids_of(whole), size
        assert {p.total for p in pages} == {7}


def test_filters_apply_to_noted_documents_and_leave_book_notes_out(store, library):
    book = create_book(store, "Visit to Baku")
    section = add_section(store, book, "Setting")
    add_item(store, section, "note", body="Tokayev comes for the first time.")
    assert search(store, QUERY, within="notes").book_notes_total == 1
    agreements = search(store, QUERY, Filters(kinds=["agreement"]), within="notes")
    assert ids_of(agreements) == [library["noted"]] and agreements.book_notes_total == 0
    assert search(store, QUERY, Filters(kinds=["speech"]), within="notes").total == 0
    assert ids_of(search(store, QUERY, Filters(kinds=["speech"]), within="all")) == [library["spoken"]]


def test_book_notes_are_results_apart_with_their_book(store, library):
    book = create_book(store, "Visit to Baku")
    section = add_section(store, book, "Setting")
    item = add_item(store, section, "note", title="Setting", body="The Council meets, Тоқаев says, for the first time.")
    add_item(store, section, "document", document_id=library["plain"])
    page = search(store, QUERY, within="all")
    assert page.book_notes_total == 1
    found = page.book_notes[0].as_dict()
    assert found["book_item_id"] == item and found["book_id"] == book and found["book_title"] == "Visit to Baku"
    assert found["matched"] == "note" and found["title"] == "Setting" and "<b>first</b>" in found["note_snippet"]
    assert page.as_dict()["book_notes"] == [found]
    # edited, its old words are gone and its new ones found; deleted, gone
    update_item(store, item, body="Nothing to say.")
    assert search(store, QUERY, within="notes").book_notes_total == 0
    assert search(store, "nothing", within="notes").book_notes_total == 1
    delete_item(store, item)
    assert search(store, "nothing", within="notes").book_notes_total == 0
    untitled = add_item(store, section, "note", body="## Key points\n\nFirst time in Baku: say so.")
    assert [n.title for n in search(store, "first time", within="notes").book_notes] == ["Key points"]
    delete_book(store, book)  # a cascade through sections and items
    assert search(store, "first time", within="notes").book_notes_total == 0
    assert not store.scalar("SELECT count(*) FROM book_note_index WHERE rowid = ?", [untitled])
    assert note_index_in_step(store)


def test_editing_and_deleting_a_note_keep_the_index_in_step(store, library):
    update_annotation(store, library["note"], note="Aliyev will ask about rail")
    assert search(store, QUERY, within="notes").total == 0
    assert ids_of(search(store, "Алиев rail", within="notes")) == [library["noted"]]
    update_annotation(store, library["note"], color="green")  # no change of words
    assert ids_of(search(store, "aliyev", within="notes")) == [library["noted"]]
    update_annotation(store, library["note"], note="")
    assert search(store, "aliyev", within="notes").total == 0
    update_annotation(store, library["note"], note="rail again")
    delete_annotation(store, library["note"])
    assert search(store, "rail", within="notes").total == 0
    assert note_index_in_step(store)


def test_a_failed_edit_leaves_note_and_index_as_they_were(store, library):
    with pytest.raises(RuntimeError), store.atomic():
        update_annotation(store, library["note"], note="Aliyev will ask about rail")
        raise RuntimeError("the edit fails after the note was written")
    assert ids_of(search(store, QUERY, within="notes")) == [library["noted"]]
    assert search(store, "aliyev", within="notes").total == 0
    assert note_index_in_step(store)


def test_a_deleted_document_takes_its_notes_and_undo_brings_them_back(store, library):
    deleted = delete_documents(store, [library["noted"]], force=True)
    assert search(store, QUERY, within="notes").total == 0
    assert note_index_in_step(store)
    restore(store, deleted.undo)
    assert ids_of(search(store, QUERY, within="notes")) == [library["noted"]]
    assert note_index_in_step(store)


def test_other_orders_of_the_list_show_note_matches_too(store, library):
    page = list_page(store, QUERY, order="title", descending=False, within="all")
    assert ids_of(page) == [library["noted"], library["spoken"]]
    assert [r.matched for r in page.results] == ["note", "text"]
    assert page.results[0].note_snippet.startswith("<b>Токаев</b>")
    assert ids_of(list_page(store, QUERY, order="date", descending=False, within="notes")) == [library["noted"]]
    assert ids_of(list_page(store, QUERY, order="title", within="text")) == [library["spoken"]]
    assert list_page(store, "", order="relevance", within="all").total == 3


def test_no_query_finds_no_note_and_a_bad_scope_is_refused(store, library):
    assert search(store, "", within="notes").total == 0
    assert search(store, "", within="all").total == 3
    assert search(store, "((( AND", within="all").total == 3  # operators alone: the empty query
    with pytest.raises(ValueError, match="unknown scope"):
        search(store, QUERY, within="everything")


def test_a_library_from_before_the_notes_index_gets_its_notes_indexed_on_upgrade(store_path):
    conn = sqlite3.connect(store_path)
    migrations.apply(Database(conn), stop_before="0012_note_index")
    conn.execute("INSERT INTO documents (id, title, text, created, updated) VALUES (1, 'Old treaty', 'Text', 'x', 'x')")
    conn.execute("INSERT INTO annotations (document_id, exact, note, created, updated) "
                 "VALUES (1, 'Text', 'Токаев said first time', 'x', 'x')")
    conn.execute("INSERT INTO books (id, title, created, updated) VALUES (1, 'Old book', 'x', 'x')")
    conn.execute("INSERT INTO book_sections (id, book_id, position, title) VALUES (1, 1, 0, 'Setting')")
    conn.execute("INSERT INTO book_items (section_id, position, kind, body) VALUES (1, 0, 'note', 'Tokayev, first time')")
    conn.commit()
    conn.close()
    with open_store(store_path) as upgraded:
        page = search(upgraded, QUERY, within="notes")
        assert ids_of(page) == [1] and page.book_notes_total == 1
        assert note_index_in_step(upgraded)


def test_the_sample_notes_are_found(sample_store):
    """The words of a sample note ("first time") found nothing before notes were searched."""
    page = search(sample_store, "first time", within="all")
    assert any(r.matched in ("note", "both") for r in page.results)
    assert page.book_notes_total >= 1
    assert note_index_in_step(sample_store)
