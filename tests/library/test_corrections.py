"""Editing a document by hand and deleting documents, each undone by restore()."""

from __future__ import annotations

import pytest
from document_state import library_state

from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import add_annotation, list_annotations
from briefing.library.corrections import delete_documents, edit_document
from briefing.library.document_undo import Undo, restore
from briefing.library.documents import add_document, get_document, update_document
from briefing.library.usage import DocumentInUse, usages
from briefing.search import search

BOOK = "Briefing for the state visit to the Republic of Azerbaijan"
STATEMENT = 12  # the sample's joint statement of 2023: in a book, named by a block, with three highlights
NOTE = 6  # the sample's background note: in one book section, nothing else


# ---------------------------------------------------------------- edit


def test_an_edit_changes_the_details_and_makes_them_the_users(sample_store):
    edit = edit_document(sample_store, NOTE, {"title": "Relations since 2005", "date": "2024-01", "place": ""})
    doc = get_document(sample_store, NOTE)
    assert (doc["title"], doc["date"], doc["place"]) == ("Relations since 2005", "2024-01", None)
    assert set(edit.changes) <= {"title", "date", "place"}
    assert edit.changes["title"] == ("Background note: Kazakhstan–Azerbaijan relations, 2005–2024", "Relations since 2005")
    assert doc["user_fields"] == edit.user_fields == ["title", "date", "place"]
    # a later writer other than the user leaves them be
    update_document(sample_store, NOTE, {"title": "Imported again", "place": "Baku"})
    assert (get_document(sample_store, NOTE)["title"], get_document(sample_store, NOTE)["place"]) == ("Relations since 2005", None)


def test_an_edit_of_parties_and_tags_replaces_the_lists(sample_store):
    edit = edit_document(
        sample_store, NOTE, {}, parties=["Republic of Kazakhstan", {"name": "SOCAR", "country": "az"}], tags=["energy", " "]
    )
    doc = get_document(sample_store, NOTE)
    # a party typed without its country takes the one the library gives that name
    assert [(p["name"], p["country"]) for p in doc["parties"]] == [("Republic of Kazakhstan", "KZ"), ("SOCAR", "AZ")]
    assert doc["tags"] == ["energy"]
    assert edit.changes["parties"] == ([], ["Republic of Kazakhstan (KZ)", "SOCAR (AZ)"])
    assert doc["user_fields"] == ["parties", "tags"]
    assert NOTE in [r.id for r in search(sample_store, "", _filters(party="AZ")).results]


def _filters(**kwargs):
    from briefing.search import Filters

    return Filters(**kwargs)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"date": "2024-02-30"}, "not a date"),
        ({"language": "English"}, "language code"),
        ({"instrument": "pact"}, "unknown instrument"),
        ({"kind": "memo"}, "unknown kind"),
        ({"title": "  "}, "needs a title"),
        ({"summary": "x"}, "cannot edit summary"),
    ],
)
def test_an_edit_with_a_wrong_value_is_refused_and_changes_nothing(sample_store, fields, message):
    before = library_state(sample_store)
    with pytest.raises(BriefingError, match=message):
        edit_document(sample_store, NOTE, fields)
    assert library_state(sample_store) == before


def test_an_edit_of_a_missing_document_is_refused(store):
    with pytest.raises(NotFound):
        edit_document(store, 42, {"title": "x"})


def test_an_edit_is_undone_with_the_fields_the_user_had_set(sample_store):
    edit_document(sample_store, NOTE, {"place": "Astana"})
    before = library_state(sample_store)
    edit = edit_document(sample_store, NOTE, {"title": "Relations", "kind": "article"}, parties=["SOCAR"], tags=["x"])
    restore(sample_store, edit.undo)
    assert library_state(sample_store) == before
    assert get_document(sample_store, NOTE)["user_fields"] == ["place"]


# ---------------------------------------------------------------- usage and refusal


def test_usage_names_books_sections_blocks_and_annotations(sample_store):
    usage = usages(sample_store, [STATEMENT, NOTE, 999])
    assert set(usage) == {STATEMENT, NOTE}
    statement = usage[STATEMENT]
    assert statement.annotations == 3
    assert {(b["book"], b["how"]) for b in statement.books} == {(BOOK, "item"), (BOOK, "block")}  # the commitments block
    assert usage[NOTE].places() == [f"“{BOOK}” (section “Background documents”)"]
    assert usage[NOTE].describe() == (
        f"document {NOTE} “Background note: Kazakhstan–Azerbaijan relations, 2005–2024” is used in "
        f"“{BOOK}” (section “Background documents”)"
    )


def test_a_document_in_use_is_not_deleted_nor_any_other_of_the_same_delete(sample_store):
    free = add_document(sample_store, {"title": "Unused", "text": "Nothing uses this."})
    before = library_state(sample_store)
    with pytest.raises(DocumentInUse) as refused:
        delete_documents(sample_store, [free, STATEMENT])
    assert [u.id for u in refused.value.usages] == [STATEMENT]
    assert "holds 3 annotations" in str(refused.value) and f"“{BOOK}”" in str(refused.value)
    assert library_state(sample_store) == before


def test_an_unknown_id_refuses_the_whole_delete(sample_store):
    before = library_state(sample_store)
    with pytest.raises(NotFound, match="no document with id 998, 999"):
        delete_documents(sample_store, [NOTE, 998, 999], force=True)
    assert library_state(sample_store) == before


def test_a_document_used_nowhere_is_deleted_without_asking(store):
    doc_id = add_document(store, {"title": "Unused", "text": "Caspian"})
    deleted = delete_documents(store, [doc_id])
    assert [u.id for u in deleted.documents] == [doc_id]
    assert search(store, "caspian").results == []


# ---------------------------------------------------------------- forced delete and its undo


def test_a_forced_delete_takes_items_and_annotations_and_closes_up_the_sections(sample_store):
    figures_source = 3  # the sample's source of most figures
    deleted = delete_documents(sample_store, [STATEMENT, 29, figures_source], force=True)
    assert [u.id for u in deleted.documents] == [STATEMENT, 29, figures_source]
    assert not sample_store.scalar("SELECT count(*) FROM documents WHERE id IN (12, 29, 3)")
    assert not sample_store.scalar("SELECT count(*) FROM annotations WHERE document_id IN (12, 29)")
    assert not sample_store.scalar("SELECT count(*) FROM book_items WHERE document_id IN (12, 29)")
    assert sample_store.scalar("SELECT count(*) FROM figures WHERE source_document_id IS NULL") == 6
    for section in sample_store.rows("SELECT DISTINCT section_id FROM book_items"):
        positions = [r["position"] for r in sample_store.rows(
            "SELECT position FROM book_items WHERE section_id = ? ORDER BY position", [section["section_id"]])]
        assert positions == list(range(len(positions)))
    assert STATEMENT not in [r.id for r in search(sample_store, "Supreme Interstate Council").results]


def test_restore_puts_a_forced_delete_back_as_it_was(sample_store):
    before = library_state(sample_store)
    deleted = delete_documents(sample_store, [STATEMENT, 29, 3, 1], force=True)
    assert restore(sample_store, deleted.undo) == {STATEMENT: STATEMENT, 29: 29, 3: 3, 1: 1}
    assert library_state(sample_store) == before
    assert STATEMENT in [r.id for r in search(sample_store, "Supreme Interstate Council").results]


def test_the_undo_survives_a_trip_through_json(sample_store):
    import json

    before = library_state(sample_store)
    deleted = delete_documents(sample_store, [STATEMENT], force=True)
    restore(sample_store, Undo.from_dict(json.loads(json.dumps(deleted.undo.as_dict()))))
    assert library_state(sample_store) == before


def test_a_document_whose_id_was_taken_since_comes_back_under_a_new_one(store):
    first = add_document(store, {"title": "First", "text": "Alpha passage here."})
    last = add_document(store, {"title": "Last", "text": "Omega passage here."})
    annotation = add_annotation(store, last, "Omega passage")
    deleted = delete_documents(store, [last], force=True)
    newcomer = add_document(store, {"title": "Newcomer", "text": "Takes the free id."})
    assert newcomer == last  # SQLite gives the highest id again
    mapping = restore(store, deleted.undo)
    assert mapping[last] not in (first, last)
    assert get_document(store, mapping[last])["title"] == "Last"
    assert get_document(store, newcomer)["title"] == "Newcomer"
    assert [(a["id"], a["document_id"]) for a in list_annotations(store, mapping[last])] == [(annotation, mapping[last])]
    assert [r.id for r in search(store, "omega").results] == [mapping[last]]


def test_restore_is_refused_when_the_document_came_back_since(store):
    doc_id = add_document(store, {"title": "Communiqué", "text": "Same text."})
    deleted = delete_documents(store, [doc_id])
    add_document(store, {"title": "Communiqué", "text": "Same text."})
    before = library_state(store)
    with pytest.raises(BriefingError, match="holds it again"):
        restore(store, deleted.undo)
    assert library_state(store) == before


def test_deleting_nothing_changes_nothing(store):
    deleted = delete_documents(store, [])
    assert deleted.documents == [] and not deleted.undo
