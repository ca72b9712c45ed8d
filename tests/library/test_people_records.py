"""People made and kept by hand: new, changed, deleted and merged, with roles over time and portraits."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from briefing.errors import BriefingError, NotFound
from briefing.library.documents import add_document
from briefing.library.events import create_event
from briefing.library.people import find_people, find_person, get_person, match_person
from briefing.library.people_merge import merge_people, merge_speaker, undo_merge
from briefing.library.person_edits import (
    DuplicatePerson,
    PersonInUse,
    create_person,
    delete_person,
    set_roles,
    update_person,
)
from briefing.library.portraits import MAX_PORTRAIT_BYTES, MAX_SIDE, make_portrait, portrait_of, read_portrait
from briefing.library.record_undo import undo_change


def photo(size=(800, 1000), kind="JPEG", mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (40, 90, 160) if mode == "RGB" else (40, 90, 160, 0)).save(out, kind)
    return out.getvalue()


def bayramov(store, **extra):
    fields = {"name": "Jeyhun Bayramov", "role": "Minister of Foreign Affairs", "role_from": "2020-07-16",
              "country": "AZ", "variants": ["Джейхун Байрамов", "Ceyhun Bayramov"], **extra}
    return create_person(store, fields)


def test_a_new_person_is_one_change_with_what_was_made(store):
    change = bayramov(store, biography="Born in Baku.", address_form="Your Excellency",
                      pronunciation="jay-HOON bai-RAH-mov", organisation="Ministry of Foreign Affairs")
    assert change.made and change.kind == "person"
    person = get_person(store, change.id)
    assert person["slug"] == "jeyhun-bayramov"
    assert person["roles"] == [{"role": "Minister of Foreign Affairs", "organisation": "Ministry of Foreign Affairs",
                                "start_date": "2020-07-16", "end_date": None}]
    assert person["address_form"] == "Your Excellency" and person["pronunciation"] == "jay-HOON bai-RAH-mov"
    assert change.after["name"] == "Jeyhun Bayramov" and change.after["portrait"] is None


def test_new_names_are_found_in_any_script_as_the_samples_are(store):
    person_id = bayramov(store).id
    for spelling in ("Байрамов", "Bayramov", "Джейхун Байрамов", "Jeyhun Bairamov", "jeyhun-bayramov", str(person_id)):
        assert find_person(store, spelling) == person_id, spelling
    assert match_person(store, "Байрамов") == person_id
    assert [p["id"] for p in find_people(store, "байрам")] == [person_id]


def test_an_unknown_name_suggests_close_ones(store):
    bayramov(store)
    with pytest.raises(NotFound, match=r"no person 'Bayramof Jeyhn'.*did you mean Jeyhun Bayramov \(#1"):
        find_person(store, "Bayramof Jeyhn")


def test_a_name_several_people_answer_to_is_refused_with_both(store):
    create_person(store, {"name": "Ilham Aliyev"})
    create_person(store, {"name": "Heydar Aliyev"})
    with pytest.raises(BriefingError, match="several people answer to 'Aliyev'.*Ilham Aliyev.*give the id"):
        find_person(store, "Aliyev")


def test_a_duplicate_name_in_another_script_is_refused_naming_the_record(store):
    first = bayramov(store).id
    with pytest.raises(DuplicatePerson, match=r"'Джейхун Байрамов' may already be in the library: Jeyhun Bayramov") as exc:
        create_person(store, {"name": "Джейхун Байрамов"})
    assert [p["id"] for p in exc.value.matches] == [first]
    second = create_person(store, {"name": "Джейхун Байрамов"}, allow_duplicate=True)
    assert second.id != first


def test_a_bare_surname_is_not_called_a_duplicate(store):
    create_person(store, {"name": "Ilham Aliyev"})
    create_person(store, {"name": "Heydar Aliyev"})
    assert create_person(store, {"name": "Aliyev"}).made is True


def test_a_new_role_keeps_the_old_title_findable(store):
    person_id = create_person(store, {"name": "Jeyhun Bayramov", "role": "Deputy Minister of Foreign Affairs",
                                      "role_from": "2018"}).id
    change = update_person(store, person_id, {"role": "Minister of Foreign Affairs", "role_from": "2020-07-16"})
    assert change.before["role"] == "Deputy Minister of Foreign Affairs"
    assert change.after["role"] == "Minister of Foreign Affairs"
    assert [(r["role"], r["start_date"], r["end_date"]) for r in change.after["roles"]] == [
        ("Deputy Minister of Foreign Affairs", "2018", "2020-07-16"), ("Minister of Foreign Affairs", "2020-07-16", None)]
    found = find_people(store, "deputy minister")
    assert [p["id"] for p in found] == [person_id]
    assert found[0]["found_by"] == "Deputy Minister of Foreign Affairs (2018 – 16 July 2020)"
    assert find_people(store, "minister")[0]["found_by"] is None  # the current title found them


def test_a_sample_persons_role_becomes_history_when_it_changes(store):
    from briefing.library.people import add_person

    person_id = add_person(store, {"name": "Mukhtar Tileuberdi", "role": "Minister of Foreign Affairs"})
    update_person(store, person_id, {"role": "Deputy Prime Minister", "role_from": "2022"})
    assert [p["id"] for p in find_people(store, "foreign affairs")] == [person_id]


def test_correcting_a_role_rewords_it_in_place(store):
    person_id = bayramov(store).id
    change = update_person(store, person_id, {"role": "Minister for Foreign Affairs"}, correct_role=True)
    assert [r["role"] for r in change.after["roles"]] == ["Minister for Foreign Affairs"]
    update_person(store, person_id, {"organisation": "MFA"})  # only the organisation: a correction too
    assert get_person(store, person_id)["roles"][0]["organisation"] == "MFA"
    assert get_person(store, person_id)["organisation"] == "MFA"


def test_role_dates_out_of_order_are_one_clear_line(store):
    with pytest.raises(BriefingError, match=r"the role 'Minister' ends \(2019\) before it starts \(2020\)"):
        create_person(store, {"name": "A. Person", "role": "Minister", "role_from": "2020", "role_until": "2019"})
    with pytest.raises(BriefingError, match="is not a date"):
        create_person(store, {"name": "A. Person", "role": "Minister", "role_from": "last year"})
    with pytest.raises(BriefingError, match="give the role too"):
        create_person(store, {"name": "A. Person", "role_from": "2020"})
    with pytest.raises(BriefingError, match="needs a name"):
        create_person(store, {"name": "  "})


def test_set_roles_replaces_the_history(store):
    person_id = bayramov(store).id
    change = set_roles(store, person_id, [{"role": "Ambassador", "start_date": "2010", "end_date": "2014"},
                                          {"role": "Minister", "start_date": "2020"}])
    assert change.after["role"] == "Minister" and len(change.after["roles"]) == 2
    assert set_roles(store, person_id, []).after["role"] is None


def test_variants_are_added_and_replaced(store):
    person_id = bayramov(store).id
    update_person(store, person_id, {"also_written": ["Bayramov J.", "Джейхун Байрамов"]})
    assert get_person(store, person_id)["variants"] == ["Джейхун Байрамов", "Ceyhun Bayramov", "Bayramov J."]
    update_person(store, person_id, {"variants": ["Байрамов"]})
    assert get_person(store, person_id)["variants"] == ["Байрамов"]


def test_a_new_person_takes_the_speakers_nobody_had(store):
    doc = add_document(store, {"title": "Press conference", "text": "Джейхун Байрамов: Добрый день.",
                               "date": "2024-03-12"}, speakers=[{"name": "Джейхун Байрамов"}])
    person_id = bayramov(store).id
    assert [d["id"] for d in get_person(store, person_id)["documents"]] == [doc]


def test_deleting_and_undoing_puts_the_person_back_with_links(store):
    person_id = bayramov(store).id
    event_id = create_event(store, {"title": "Talks", "start_date": "2024-03-12"}, people=[person_id]).id
    update_person(store, person_id, {"portrait": make_portrait(photo())})
    change = delete_person(store, person_id)
    assert change.deleted and change.before["events"] == [{"event_id": event_id, "role": None}]
    with pytest.raises(NotFound):
        get_person(store, person_id)
    redo = undo_change(store, change)
    assert redo.id == person_id and redo.made
    person = get_person(store, person_id)
    assert [e["id"] for e in person["events"]] == [event_id] and person["portrait"]["format"] == "jpeg"
    assert person["roles"][0]["role"] == "Minister of Foreign Affairs"
    undo_change(store, redo)  # the redo of the delete
    assert store.scalar("SELECT count(*) FROM people") == 0


def test_undoing_an_edit_writes_the_before_back(store):
    person_id = bayramov(store).id
    change = update_person(store, person_id, {"role": "Prime Minister", "biography": "New.", "role_from": "2024"})
    undo = undo_change(store, change)
    person = get_person(store, person_id)
    assert person["role"] == "Minister of Foreign Affairs" and person["biography"] is None
    assert len(person["roles"]) == 1
    undo_change(store, undo)
    assert get_person(store, person_id)["role"] == "Prime Minister"


def test_undoing_a_creation_deletes_it(store):
    change = bayramov(store)
    undone = undo_change(store, change)
    assert undone.deleted and store.scalar("SELECT count(*) FROM people") == 0


def test_a_deletion_is_refused_where_the_caller_says_the_person_is_printed(store):
    person_id = bayramov(store).id
    with pytest.raises(PersonInUse, match="Jeyhun Bayramov is printed by book 'X'"):
        delete_person(store, person_id, refuse_if=lambda s, i: ["book 'X'"])
    assert get_person(store, person_id)


def test_merging_two_records_of_one_person_and_undoing_it(store):
    keep = bayramov(store).id
    other = create_person(store, {"name": "J. Bayramov", "biography": "From the transcript.",
                                  "role": "Deputy Minister", "role_from": "2018", "role_until": "2020"},
                          allow_duplicate=True).id
    update_person(store, other, {"portrait": make_portrait(photo())})
    doc = add_document(store, {"title": "Transcript", "text": "Remarks."}, speakers=[{"name": "J. Bayramov", "person_id": other}])
    event = create_event(store, {"title": "Earlier talks", "start_date": "2023-05-01"}, people=[other]).id
    change = merge_people(store, keep, other)
    person = get_person(store, keep)
    assert "J. Bayramov" in person["variants"] and person["biography"] == "From the transcript."
    assert person["role"] == "Minister of Foreign Affairs"
    assert {r["role"] for r in person["roles"]} == {"Minister of Foreign Affairs", "Deputy Minister"}
    assert [e["id"] for e in person["events"]] == [event] and [d["id"] for d in person["documents"]] == [doc]
    assert person["portrait"] is not None
    with pytest.raises(NotFound):
        get_person(store, other)
    assert undo_merge(store, change) == other
    assert get_person(store, keep)["biography"] is None and get_person(store, keep)["portrait"] is None
    back = get_person(store, other)
    assert [e["id"] for e in back["events"]] == [event] and [d["id"] for d in back["documents"]] == [doc]
    assert back["portrait"] is not None and get_person(store, keep)["events"] == []


def test_a_person_is_not_merged_with_themselves(store):
    person_id = bayramov(store).id
    with pytest.raises(BriefingError, match="themselves"):
        merge_people(store, person_id, person_id)


def test_an_import_speaker_is_merged_into_a_person(store):
    person_id = bayramov(store).id
    doc = add_document(store, {"title": "Briefing", "text": "Remarks."}, speakers=[{"name": "Министр Б."}])
    change = merge_speaker(store, person_id, "Министр Б.")
    assert "Министр Б." in change.after["variants"]
    assert [d["id"] for d in get_person(store, person_id)["documents"]] == [doc]
    with pytest.raises(BriefingError, match="no person and no speaker"):
        merge_speaker(store, person_id, "Nobody At All")


# ---------------------------------------------------------------- portraits


def test_a_photo_is_checked_scaled_and_stripped(tmp_path):
    path = tmp_path / "portrait.jpg"
    path.write_bytes(photo((1600, 2000)))
    portrait = read_portrait(path)
    assert max(portrait.width, portrait.height) == MAX_SIDE and portrait.data.startswith(b"\xff\xd8\xff")
    with Image.open(io.BytesIO(portrait.data)) as image:
        assert image.size == (480, 600) and not image.getexif()


def test_a_transparent_png_is_laid_on_white():
    portrait = make_portrait(photo((100, 100), "PNG", "RGBA"))
    with Image.open(io.BytesIO(portrait.data)) as image:
        assert image.mode == "RGB" and image.getpixel((50, 50))[0] > 240


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a" + b"\0" * 100, "not a JPEG or PNG image"),
        (b"%PDF-1.4 not a photo", "not a JPEG or PNG image"),
        (b"\xff\xd8\xff\xe0" + b"garbage" * 50, "not a readable JPEG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not a readable PNG image"),
        (b"", "not a JPEG or PNG image"),
    ],
)
def test_what_is_not_a_photo_is_refused(tmp_path, data, reason):
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    with pytest.raises(BriefingError, match=f"photo.jpg: {reason}"):
        read_portrait(path)


def test_a_truncated_photo_is_refused(tmp_path):
    path = tmp_path / "cut.jpg"
    path.write_bytes(photo()[:400])
    with pytest.raises(BriefingError, match="cut.jpg: not a readable JPEG image"):
        read_portrait(path)


def test_a_photo_over_10_mb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.jpg"
    with path.open("wb") as f:
        f.write(photo())
        f.truncate(MAX_PORTRAIT_BYTES + 1)
    with pytest.raises(BriefingError, match=r"huge.jpg: the photo is 10.0 MB; the limit is 10.0 MB"):
        read_portrait(path)


def test_a_missing_photo_is_one_line(tmp_path):
    with pytest.raises(BriefingError, match="nowhere.jpg: cannot read the photo"):
        read_portrait(tmp_path / "nowhere.jpg")


def test_the_portrait_is_kept_and_removed(store):
    person_id = bayramov(store).id
    update_person(store, person_id, {"portrait": make_portrait(photo())})
    assert portrait_of(store, person_id)["width"] == 480
    assert "data" not in get_person(store, person_id)["portrait"]
    update_person(store, person_id, {"portrait": None})
    assert portrait_of(store, person_id) is None
