"""`briefing search --in text|notes|all`: the user's notes searched beside the documents' text."""

from __future__ import annotations

import json

import pytest

from briefing.book.books import create_book
from briefing.book.items import add_item
from briefing.book.sections import add_section
from briefing.library.annotations import add_annotation
from briefing.library.documents import add_document
from briefing.library.opening import open_store


@pytest.fixture
def noted(store_path):
    with open_store(store_path) as s:
        spoken = add_document(s, {"title": "Speech in Baku", "text": "Tokayev spoke of the first time."})
        noted = add_document(s, {"title": "Oil transit", "kind": "agreement", "text": "Transit of Kazakh oil."})
        annotation = add_annotation(s, noted, "Kazakh oil", note="Токаев said first time")
        book = create_book(s, "Visit to Baku")
        item = add_item(s, add_section(s, book, "Setting"), "note", title="Setting", body="Тоқаев: first time here.")
    return {"spoken": spoken, "noted": noted, "annotation": annotation, "book": book, "item": item}


def search_json(run_cli, store_path, *args):
    result = run_cli("--store", store_path, "search", "tokayev first time", *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_in_all_is_the_default_and_says_how_each_result_was_found(run_cli, store_path, noted):
    data = search_json(run_cli, store_path)
    assert data == search_json(run_cli, store_path, "--in", "all")
    assert data["total"] == 2
    first, second = data["results"]
    assert (first["id"], first["matched"], first["annotation_id"]) == (noted["noted"], "note", noted["annotation"])
    assert first["note_snippet"] == "<b>Токаев</b> said <b>first</b> <b>time</b>"
    assert (second["id"], second["matched"]) == (noted["spoken"], "text") and "note_snippet" not in second
    assert data["book_notes_total"] == 1
    assert data["book_notes"][0] | {"note_snippet": "", "score": 0} == {
        "book_item_id": noted["item"], "book_id": noted["book"], "book_title": "Visit to Baku", "title": "Setting",
        "note_snippet": "", "score": 0, "matched": "note",
    }


def test_in_text_and_in_notes(run_cli, store_path, noted):
    text = search_json(run_cli, store_path, "--in", "text")
    assert [r["id"] for r in text["results"]] == [noted["spoken"]] and "book_notes" not in text
    notes = search_json(run_cli, store_path, "--in", "notes")
    assert [r["id"] for r in notes["results"]] == [noted["noted"]] and notes["book_notes_total"] == 1
    filtered = search_json(run_cli, store_path, "--in", "notes", "--kind", "agreement")
    assert filtered["total"] == 1 and filtered["book_notes_total"] == 0


def test_the_listing_shows_the_note_and_the_book_note(run_cli, store_path, noted):
    result = run_cli("--store", store_path, "search", "tokayev first time")
    assert result.exit_code == 0, result.output
    assert f"Your note (annotation {noted['annotation']}): <b>" not in result.output  # marks are for a terminal
    assert "Your note (annotation" in result.output and "said" in result.output
    assert "Notes in books:" in result.output and "“Visit to Baku”" in result.output
    assert "2 of 2 shown." in result.output and "1 of 1 shown." in result.output


def test_an_unknown_scope_is_a_clear_error(run_cli, store_path, noted):
    result = run_cli("--store", store_path, "search", "x", "--in", "everything")
    assert result.exit_code == 2
    assert "Invalid value for '--in'" in result.output and "Traceback" not in result.output
