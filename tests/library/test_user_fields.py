"""Fields the user set by hand stay as the user set them, whoever writes after."""

from __future__ import annotations

import pytest

from briefing.errors import BriefingError
from briefing.library.documents import add_document, get_document, update_document, user_fields_of


def test_a_new_document_has_no_user_set_fields(store):
    doc_id = add_document(store, {"title": "Communiqué", "text": "Body"})
    assert get_document(store, doc_id)["user_fields"] == []


def test_a_correction_by_hand_is_recorded_and_kept_from_other_writers(store):
    doc_id = add_document(store, {"title": "By Aida Bekova", "text": "Body", "date": "2024-01-01"}, tags=["inbox"])
    changed = update_document(store, doc_id, {"title": "Leaders meet in Baku", "date": "2024-01-01"}, by_user=True)
    assert changed == ["title"]  # the date was confirmed, not changed
    assert get_document(store, doc_id)["user_fields"] == ["title", "date"]

    changed = update_document(store, doc_id, {"title": "Also Read: Other story", "date": "2023-12-31", "place": "Baku"})
    doc = get_document(store, doc_id)
    assert changed == ["place"]
    assert (doc["title"], doc["date"], doc["place"]) == ("Leaders meet in Baku", "2024-01-01", "Baku")


def test_user_set_tags_and_parties_are_kept_too(store):
    doc_id = add_document(store, {"title": "Agreement", "kind": "agreement", "text": "Body"})
    update_document(store, doc_id, {}, parties=[{"name": "Republic of Kazakhstan", "country": "KZ"}], by_user=True)
    update_document(store, doc_id, {}, parties=[{"name": "Someone else"}], tags=["imported"])
    doc = get_document(store, doc_id)
    assert [p["name"] for p in doc["parties"]] == ["Republic of Kazakhstan"]
    assert doc["tags"] == ["imported"]  # tags were not set by hand
    assert doc["user_fields"] == ["parties"]


def test_search_follows_a_correction(store):
    from briefing.search import search

    doc_id = add_document(store, {"title": "Untitled", "text": "Body"})
    update_document(store, doc_id, {"title": "Caspian transit corridor"}, by_user=True)
    assert [r.id for r in search(store, "corridor").results] == [doc_id]
    assert search(store, "untitled").results == []


def test_an_edit_that_makes_a_duplicate_is_refused(store):
    first = add_document(store, {"title": "Same", "text": "Body"})
    second = add_document(store, {"title": "Other", "text": "Body"})
    with pytest.raises(BriefingError, match=f"document {first} already has this title and text"):
        update_document(store, second, {"title": "Same"}, by_user=True)


def test_user_fields_from_outside_are_checked():
    assert user_fields_of('["date", "title", "colour"]') == ["title", "date"]
    assert user_fields_of(None) == []
    for bad in ("not json", '{"title": 1}', "[1]"):
        with pytest.raises(BriefingError):
            user_fields_of(bad)
