"""Visits made and kept by hand: their particulars, participants, documents and programme."""

from __future__ import annotations

import json

import pytest

from briefing.errors import BriefingError, NotFound
from briefing.library.documents import add_document
from briefing.library.events import (
    EventInUse,
    change_participants,
    create_event,
    delete_event,
    find_event,
    get_event,
    link_documents,
    list_events,
    unlink_documents,
    update_event,
)
from briefing.library.person_edits import create_person
from briefing.library.programme import (
    add_programme_items,
    parse_programme_line,
    programme_of,
    read_programme_file,
    remove_programme_items,
    set_programme,
    update_programme_item,
)
from briefing.library.record_undo import undo_change

VISIT = {"title": "Official visit to Baku", "start_date": "2025-03-12", "end_date": "2025-03-13", "place": "Baku",
         "time_zone": "Asia/Baku"}


@pytest.fixture
def visit(store) -> dict:
    event_id = create_event(store, VISIT).id
    return store.one("SELECT * FROM events WHERE id = ?", [event_id])


def test_a_new_visit_with_people_and_documents(store):
    person = create_person(store, {"name": "Jeyhun Bayramov"}).id
    doc = add_document(store, {"title": "Draft memorandum", "text": "Text."})
    change = create_event(store, {**VISIT, "kind": "visit"}, people=[person], documents=[doc])
    assert change.made and change.after["people"] == [{"person_id": person, "role": None}]
    assert change.after["documents"] == [doc] and change.after["slug"] == "official-visit-to-baku-2025-03-12"
    event = get_event(store, change.id)
    assert event["time_zone"] == "Asia/Baku" and [p["name"] for p in event["people"]] == ["Jeyhun Bayramov"]
    listed = list_events(store)[0]
    assert (listed["people_count"], listed["document_count"], listed["programme_count"]) == (1, 1, 0)
    assert find_event(store, "Official visit to Baku") == change.id


def test_one_day_by_default(store):
    assert create_event(store, {"title": "Call", "kind": "call", "start_date": "2025-01-02"}).after["end_date"] == "2025-01-02"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_date": "2025-03-10"}, r"ends \(10 March 2025\) before it starts \(12 March 2025\)"),
        ({"start_date": "12/03/2025"}, "the start '12/03/2025' is not a date"),
        ({"start_date": None}, r"needs its first day \(--start\)"),
        ({"kind": "party"}, "unknown kind 'party'; expected one of visit, meeting, call, conference, signing"),
        ({"time_zone": "Asia/Bakuu"}, "unknown time zone 'Asia/Bakuu'.*did you mean Asia/Baku"),
        ({"title": " "}, "needs a title"),
    ],
)
def test_bad_particulars_are_one_clear_line(store, fields, message):
    with pytest.raises(BriefingError, match=message):
        create_event(store, {**VISIT, **fields})
    assert store.scalar("SELECT count(*) FROM events") == 0


def test_unknown_participants_and_documents_are_refused(store):
    with pytest.raises(NotFound, match="no person with id 9"):
        create_event(store, VISIT, people=[9])
    with pytest.raises(NotFound, match="no document with id 4"):
        create_event(store, VISIT, documents=[4])


def test_an_unknown_visit_suggests_close_titles(store, visit):
    with pytest.raises(NotFound, match=r"no visit or event 'Oficial visit to Baku'; did you mean Official visit to Baku \(#1\)"):
        find_event(store, "Oficial visit to Baku")


def test_editing_participants_and_links_returns_before_and_after(store, visit):
    a, b = (create_person(store, {"name": n}).id for n in ("Jeyhun Bayramov", "Murat Nurtleu"))
    doc = add_document(store, {"title": "Draft", "text": "Text."})
    change = change_participants(store, visit["id"], add=[a, b])
    assert change.before["people"] == [] and len(change.after["people"]) == 2
    assert change_participants(store, visit["id"], remove=[a]).after["people"] == [{"person_id": b, "role": None}]
    assert link_documents(store, visit["id"], [doc, doc]).after["documents"] == [doc]
    assert unlink_documents(store, visit["id"], [doc]).after["documents"] == []
    with pytest.raises(BriefingError, match="document 7 is not linked to 'Official visit to Baku'"):
        unlink_documents(store, visit["id"], [7])
    assert store.scalar("SELECT count(*) FROM documents") == 1  # unlinking never deletes


def test_new_dates_must_still_hold_the_programme(store, visit):
    add_programme_items(store, visit["id"], [parse_programme_line("2025-03-13 09:00 | Wreath", visit)])
    with pytest.raises(BriefingError, match="the programme item on 13 March 2025 falls outside the visit"):
        update_event(store, visit["id"], {"end_date": "2025-03-12"})
    change = update_event(store, visit["id"], {"end_date": "2025-03-14", "place": "Baku and Shusha"})
    assert change.before["end_date"] == "2025-03-13" and change.after["place"] == "Baku and Shusha"


def test_a_visit_a_book_is_for_is_not_deleted_unless_forced(store, visit):
    from briefing.book.books import create_book, get_book

    book = create_book(store, "Brief", event_id=visit["id"])
    with pytest.raises(EventInUse, match=r"'Official visit to Baku' is the visit of book 'Brief' \(#1\)"):
        delete_event(store, visit["id"])
    change = delete_event(store, visit["id"], refuse_if=None)
    assert get_book(store, book)["event_id"] is None
    undo_change(store, change)
    assert get_book(store, book)["event_id"] == visit["id"]


def test_deleting_and_undoing_a_visit_keeps_everything(store, visit):
    person = create_person(store, {"name": "Jeyhun Bayramov"}).id
    doc = add_document(store, {"title": "Draft", "text": "Text."})
    change_participants(store, visit["id"], add=[person])
    link_documents(store, visit["id"], [doc])
    add_programme_items(store, visit["id"], [parse_programme_line("2025-03-12 10:00 | Welcome | Palace", visit)])
    change = delete_event(store, visit["id"])
    assert store.scalar("SELECT count(*) FROM programme_items") == 0
    assert store.scalar("SELECT count(*) FROM people") == 1 and store.scalar("SELECT count(*) FROM documents") == 1
    undo_change(store, change)
    event = get_event(store, visit["id"])
    assert [p["id"] for p in event["people"]] == [person] and [d["id"] for d in event["documents"]] == [doc]
    assert [i["what"] for i in event["programme"]] == ["Welcome"]


def test_undoing_a_visit_edit(store, visit):
    change = update_event(store, visit["id"], {"title": "State visit to Baku"})
    undo_change(store, change)
    assert get_event(store, visit["id"])["title"] == "Official visit to Baku"


# ---------------------------------------------------------------- programme


def test_programme_lines_in_every_form(store, visit):
    items = [parse_programme_line(line, visit) for line in (
        "2025-03-12 10:00 | Official welcome | Zagulba Palace | Presidents",
        "2025-03-12 11:00-12:30 | Talks | Presidential Palace | Delegations | Lounge suit | Interpreters ready",
        "2025-03-12 21.30 – 2025-03-13 00:30 | Gala dinner | Heydar Aliyev Centre",
        "2025-03-13 | Day in Shusha",
    )]
    change = add_programme_items(store, visit["id"], items)
    assert change.kind == "programme" and change.before["items"] == []
    listed = programme_of(store, visit["id"])
    assert [(i["number"], i["starts"], i["ends"], i["what"]) for i in listed] == [
        (1, "2025-03-12 10:00", None, "Official welcome"),
        (2, "2025-03-12 11:00", "2025-03-12 12:30", "Talks"),
        (3, "2025-03-12 21:30", "2025-03-13 00:30", "Gala dinner"),
        (4, "2025-03-13", None, "Day in Shusha"),
    ]
    assert listed[1]["dress"] == "Lounge suit" and listed[1]["notes"] == "Interpreters ready"
    assert listed[3]["time"] == ""


def test_a_time_alone_is_enough_on_a_one_day_visit(store):
    event = create_event(store, {"title": "Talks", "start_date": "2025-05-02"}).after
    assert parse_programme_line("10:00 | Talks", event)["starts"] == "2025-05-02 10:00"
    with pytest.raises(BriefingError, match="needs its day"):
        parse_programme_line("10:00 | Talks", {**event, "end_date": "2025-05-03"})


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2025-03-14 10:00 | Departure", "falls outside the visit"),
        ("2025-03-12 25:00 | Late", "'25:00' is not a time of day"),
        ("2025-02-30 10:00 | Nowhere", "'2025-02-30' is not a day that exists"),
        ("2025-03-12 11:00-10:00 | Backwards", "ends .* before it starts"),
        ("tomorrow | Talks", "is not a date and time like 2025-03-12 10:00|is not a date and time"),
        ("2025-03-12 10:00", "write it as 'WHEN | WHAT"),
        ("2025-03-12 10:00 | ", "say what happens"),
        ("a | b | c | d | e | f | g", "write it as"),
    ],
)
def test_bad_programme_lines_are_one_clear_line(store, visit, line, message):
    with pytest.raises(BriefingError, match=message):
        parse_programme_line(line, visit)


def test_a_programme_file_replaces_the_programme(store, visit, tmp_path):
    add_programme_items(store, visit["id"], [parse_programme_line("2025-03-12 08:00 | Breakfast", visit)])
    path = tmp_path / "programme.json"
    path.write_text(json.dumps([
        {"date": "2025-03-12", "time": "10:00", "end": "11:00", "what": "Welcome", "where": "Palace", "who": "Presidents"},
        {"when": "2025-03-13 09:00", "what": "Wreath", "dress": "Dark suit", "notes": "Bring the wreath"},
    ]), encoding="utf-8")
    change = set_programme(store, visit["id"], read_programme_file(path))
    assert [i["what"] for i in change.before["items"]] == ["Breakfast"]
    assert [(i["starts"], i["ends"], i["place"]) for i in change.after["items"]] == [
        ("2025-03-12 10:00", "2025-03-12 11:00", "Palace"), ("2025-03-13 09:00", None, None)]
    undo_change(store, change)
    assert [i["what"] for i in programme_of(store, visit["id"])] == ["Breakfast"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not a JSON programme"),
        ('{"what": "x"}', "a programme file is a list of items"),
        ('[{"what": "Talks"}]', "programme item 1: give its date and time"),
        ('[{"when": "2025-03-12 10:00", "what": "Talks", "colour": "red"}]', "programme item 1: no field colour"),
        ('["just text"]', "programme item 1: not an object"),
    ],
)
def test_bad_programme_files_are_one_clear_line(store, visit, tmp_path, content, message):
    path = tmp_path / "programme.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BriefingError, match=message):
        set_programme(store, visit["id"], read_programme_file(path))


def test_removing_items_by_their_numbers(store, visit):
    add_programme_items(store, visit["id"], [parse_programme_line(f"2025-03-12 1{n}:00 | Item {n}", visit) for n in range(4)])
    change = remove_programme_items(store, visit["id"], [2, 4])
    assert [i["what"] for i in change.after["items"]] == ["Item 0", "Item 2"]
    with pytest.raises(BriefingError, match=r"the programme has no item 5 \(it has 2\)"):
        remove_programme_items(store, visit["id"], [5])


def test_one_item_is_edited_as_a_cell_would_be(store, visit):
    add_programme_items(store, visit["id"], [parse_programme_line("2025-03-12 10:00 | Welcome", visit)])
    item = programme_of(store, visit["id"])[0]
    change = update_programme_item(store, item["id"], {"where": "Zagulba Palace", "when": "2025-03-12 10:30"})
    assert change.after["items"][0]["place"] == "Zagulba Palace"
    assert change.after["items"][0]["starts"] == "2025-03-12 10:30"
    with pytest.raises(BriefingError, match="falls outside"):
        update_programme_item(store, item["id"], {"when": "2025-04-01 10:00"})
