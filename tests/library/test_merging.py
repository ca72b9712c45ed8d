"""Merging duplicates: everything of the other record moves to the kept one, and the merge can be undone."""

from __future__ import annotations

import json

import pytest
from document_state import library_state

from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import add_annotation, anchored, get_annotation
from briefing.library.corrections import edit_document
from briefing.library.document_undo import restore
from briefing.library.documents import add_document, get_document
from briefing.library.merging import merge_documents
from briefing.library.usage import usages
from briefing.search import search

STATEMENT = 12  # the sample's joint statement: a book item, a commitments block by slug, three highlights, listed
TEXT = "Astana, 12 April 2023. The sides agreed to build a rail link to the Caspian ports and to meet again in autumn."


def _copy_of_statement(store) -> int:
    """The statement imported again from another page: another title, a preface, no slug, an extra tag."""
    doc = get_document(store, STATEMENT)
    return add_document(
        store,
        {"title": doc["title"] + " (Akorda)", "kind": doc["kind"], "text": "From the Akorda site.\n\n" + doc["text"],
         "author": "Press service", "marking": "UNCLASSIFIED"},
        tags=["akorda"],
    )


def test_the_kept_record_gets_everything_of_the_other(sample_store):
    copy = _copy_of_statement(sample_store)
    before = get_document(sample_store, STATEMENT)
    merged = merge_documents(sample_store, copy, STATEMENT)
    kept = get_document(sample_store, copy)
    assert not sample_store.scalar("SELECT 1 FROM documents WHERE id = ?", [STATEMENT])
    assert merged.as_dict()["removed"] == {"id": STATEMENT, "title": before["title"]}
    # highlights moved and found their passage in the kept text, which has a preface
    moved = anchored(sample_store, copy)
    assert len(moved) == 3 and all(a["span"] for a in moved) and merged.orphans == []
    assert all(a["start"] > before["text"].find(a["exact"]) for a in moved)
    # its book item, and the commitments block that named it by slug, now name the kept record
    assert usages(sample_store, [copy])[copy].books and len(usages(sample_store, [copy])[copy].books) == 2
    assert kept["slug"] == before["slug"]
    # links, the records it lists, tags, and details the kept one lacked
    assert {e["id"] for e in kept["linked"]["events"]} == {e["id"] for e in before["linked"]["events"]}
    assert {t for t in before["tags"]} | {"akorda"} == set(kept["tags"])
    assert [p["name"] for p in kept["parties"]] == [p["name"] for p in before["parties"]]
    assert kept["place"] == before["place"] and kept["date"] == before["date"]
    assert {"place", "date"} <= set(merged.filled)
    assert kept["author"] == "Press service"  # the kept record's own details stay
    assert kept["source_document_id"] == before["source_document_id"]
    assert merged.moved["annotations"] == 3 and merged.moved["book_items"] == 1 and merged.moved["blocks"] == 1
    found = [r.id for r in search(sample_store, "Akorda Supreme Interstate Council").results]
    assert copy in found and STATEMENT not in found


def test_records_listed_in_the_other_and_its_figures_follow_it(sample_store):
    article = 5  # lists fourteen signed documents and is the source of a figure
    copy = add_document(sample_store, {"title": "Copy of the article", "text": "Short copy."})
    derived = {d["id"] for d in get_document(sample_store, article)["linked"]["derived"]}
    figures = {f["id"] for f in get_document(sample_store, article)["linked"]["figures"]}
    merged = merge_documents(sample_store, copy, article)
    linked = get_document(sample_store, copy)["linked"]
    assert {d["id"] for d in linked["derived"]} == derived
    assert {f["id"] for f in linked["figures"]} == figures
    assert merged.moved["derived"] == len(derived) and merged.moved["figures"] == len(figures)


def test_a_highlight_whose_passage_the_kept_text_lacks_is_kept_as_an_orphan(store):
    keep = add_document(store, {"title": "Short", "text": "Only the first sentence survives here."})
    other = add_document(store, {"title": "Long", "text": "Only the first sentence survives here. The rest is gone."})
    lost = add_annotation(store, other, "The rest is gone", note="mine")
    merged = merge_documents(store, keep, other)
    assert merged.orphans == [lost]
    assert get_annotation(store, lost)["document_id"] == keep
    assert get_annotation(store, lost)["note"] == "mine"


def test_the_higher_marking_holds_and_user_set_details_stay(store):
    keep = add_document(store, {"title": "Kept", "text": "A", "marking": "UNCLASSIFIED"})
    other = add_document(store, {"title": "Other", "text": "B", "marking": "SECRET", "place": "Baku", "date": "2024-01-02"})
    edit_document(store, keep, {"place": ""})  # no place, on purpose
    merge_documents(store, keep, other)
    doc = get_document(store, keep)
    assert doc["marking"] == "SECRET"
    assert doc["place"] is None and doc["date"] == "2024-01-02"


def test_merging_a_record_with_itself_or_a_missing_one_is_refused(store):
    doc = add_document(store, {"title": "One", "text": "A"})
    with pytest.raises(BriefingError, match="with itself"):
        merge_documents(store, doc, doc)
    before = library_state(store)
    with pytest.raises(NotFound):
        merge_documents(store, doc, 99)
    assert library_state(store) == before


def test_a_merge_is_undone_whole(sample_store):
    copy = _copy_of_statement(sample_store)
    add_annotation(sample_store, copy, "From the Akorda site", note="where it came from")
    before = library_state(sample_store)
    merged = merge_documents(sample_store, copy, STATEMENT)
    undo = json.loads(json.dumps(merged.undo.as_dict()))  # the app may keep it as JSON
    from briefing.library.document_undo import Undo

    assert restore(sample_store, Undo.from_dict(undo)) == {STATEMENT: STATEMENT}
    assert library_state(sample_store) == before


def test_merging_the_other_way_round_works_too(sample_store):
    copy = _copy_of_statement(sample_store)
    before = library_state(sample_store)
    merged = merge_documents(sample_store, STATEMENT, copy)
    assert get_document(sample_store, STATEMENT)["tags"].count("akorda") == 1
    restore(sample_store, merged.undo)
    assert library_state(sample_store) == before
