"""The library check compares the index of the user's notes with the notes, and rebuilds it when out of step."""

from __future__ import annotations

from briefing.library.annotations import add_annotation
from briefing.library.documents import add_document
from briefing.library.note_index import note_index_in_step
from briefing.safekeeping.check import check_store
from briefing.search import search


def test_a_note_missing_from_its_index_is_found_again_after_the_check(store):
    doc = add_document(store, {"title": "Oil transit", "text": "Transit of Kazakh oil."})
    add_annotation(store, doc, "Kazakh oil", note="Токаев said first time")
    assert check_store(store, repair=False).notes_out_of_step is False
    # a row lost (a tool that wrote the note by SQL, not through the app): the note is not found
    with store.atomic():
        store.execute("DELETE FROM annotation_note_index")
    assert search(store, "tokayev", within="notes").total == 0
    looked = check_store(store, repair=False)
    assert looked.notes_out_of_step and not looked.ok and "Notes index: out of step with the notes" in looked.lines()
    report = check_store(store)
    assert report.ok and report.notes_rebuilt == 1
    assert "Notes index: was out of step; rebuilt for 1 note" in report.lines()
    assert search(store, "tokayev", within="notes").total == 1 and note_index_in_step(store)
    assert check_store(store).lines().count("Notes index: ok") == 1
