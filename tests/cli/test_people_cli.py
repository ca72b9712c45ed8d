"""briefing people and briefing person: each command, and each bad input as one line."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image


@pytest.fixture
def lib(run_cli, store_path):
    assert run_cli("--store", store_path, "init").exit_code == 0

    def run(*args, input=None):
        return run_cli("--store", store_path, *args, input=input)

    return run


def jpeg(path, size=(640, 800)):
    out = io.BytesIO()
    Image.new("RGB", size, (30, 60, 90)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def one_line_error(result, *fragments):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.output


def test_person_new_with_everything(lib, tmp_path):
    result = lib("person", "new", "Jeyhun Bayramov", "--role", "Minister of Foreign Affairs", "--organisation",
                 "Ministry of Foreign Affairs", "--country", "AZ", "--also-written", "Джейхун Байрамов",
                 "--also-written", "Ceyhun Bayramov", "--bio", "-", "--address-form", "Your Excellency",
                 "--pronunciation", "jay-HOON bai-RAH-mov", "--photo", jpeg(tmp_path / "p.jpg"), "--from", "2020-07-16",
                 "--json", input="Diplomat, born in **Baku** in 1975.\n")
    assert result.exit_code == 0, result.output
    person = json.loads(result.output)
    assert person["name"] == "Jeyhun Bayramov" and person["country"] == "AZ"
    assert person["variants"] == ["Джейхун Байрамов", "Ceyhun Bayramov"]
    assert person["biography"].startswith("Diplomat, born in **Baku**")
    assert person["roles"] == [{"role": "Minister of Foreign Affairs", "organisation": "Ministry of Foreign Affairs",
                                "start_date": "2020-07-16", "end_date": None}]
    assert person["portrait"]["format"] == "jpeg" and person["portrait"]["height"] == 600
    plain = lib("person", "new", "Murat Nurtleu")
    assert plain.exit_code == 0 and plain.output.strip() == "2"


def test_people_lists_and_finds_in_any_script_and_by_a_former_title(lib):
    lib("person", "new", "Jeyhun Bayramov", "--role", "Deputy Minister of Foreign Affairs", "--from", "2018")
    lib("person", "edit", "Bayramov", "--role", "Minister of Foreign Affairs", "--from", "2020-07-16")
    lib("person", "new", "Murat Nurtleu", "--role", "Deputy Prime Minister", "--country", "KZ")
    listed = lib("people")
    assert listed.exit_code == 0
    assert "Jeyhun Bayramov — Minister of Foreign Affairs" in listed.output and "Murat Nurtleu" in listed.output
    found = json.loads(lib("people", "Байрамов", "--json").output)
    assert [p["name"] for p in found] == ["Jeyhun Bayramov"]
    former = lib("people", "deputy foreign")
    assert "Jeyhun Bayramov" in former.output and "formerly Deputy Minister of Foreign Affairs (2018 – 16 July 2020)" in former.output
    assert "Murat Nurtleu" not in former.output
    assert lib("people", "nobody-like-this").output.strip() == "No one found."


def test_person_show(lib):
    lib("person", "new", "Jeyhun Bayramov", "--role", "Minister", "--from", "2020", "--address-form", "Your Excellency")
    shown = lib("person", "show", "Джейхун Байрамов")
    assert shown.exit_code == 0
    assert "Jeyhun Bayramov" in shown.output and "Title:   Minister (since 2020)" in shown.output
    assert "Address: Your Excellency" in shown.output
    assert json.loads(lib("person", "show", "1", "--json").output)["address_form"] == "Your Excellency"


def test_person_edit_changes_only_what_is_given(lib, tmp_path):
    lib("person", "new", "Jeyhun Bayramov", "--country", "AZ", "--bio", "Old.")
    result = lib("person", "edit", "1", "--bio", "New.", "--also-written", "Байрамов", "--photo", jpeg(tmp_path / "p.jpg"),
                 "--json")
    person = json.loads(result.output)
    assert person["biography"] == "New." and person["country"] == "AZ" and person["variants"] == ["Байрамов"]
    assert person["portrait"] is not None
    cleared = json.loads(lib("person", "edit", "1", "--country", "", "--no-photo", "--json").output)
    assert cleared["country"] is None and cleared["portrait"] is None
    assert lib("person", "edit", "1").exit_code == 2  # nothing to change
    corrected = json.loads(lib("person", "edit", "1", "--role", "Minister", "--json").output)
    fixed = json.loads(lib("person", "edit", "1", "--role", "Foreign Minister", "--correct-role", "--json").output)
    assert corrected["role"] == "Minister" and [r["role"] for r in fixed["roles"]] == ["Foreign Minister"]


def test_a_duplicate_name_is_refused_with_an_offer_to_merge(lib):
    lib("person", "new", "Jeyhun Bayramov")
    one_line_error(lib("person", "new", "Джейхун Байрамов"), "may already be in the library: Jeyhun Bayramov (#1)",
                   "briefing person edit 1", "--allow-duplicate", "briefing person merge 1")
    added = lib("person", "new", "Джейхун Байрамов", "--allow-duplicate")
    assert added.exit_code == 0 and added.output.strip() == "2"
    merged = lib("person", "merge", "1", "2")
    assert merged.exit_code == 0 and "Person 2 merged into person 1" in merged.output
    people = json.loads(lib("people", "--json").output)
    assert len(people) == 1 and "Джейхун Байрамов" in people[0]["variants"]


def test_merging_an_import_speaker_into_a_person(lib, store_path):
    from briefing.library.documents import add_document
    from briefing.library.opening import open_store

    lib("person", "new", "Jeyhun Bayramov")
    with open_store(store_path) as s:
        add_document(s, {"title": "Press conference", "text": "Remarks."}, speakers=[{"name": "Ministr Bayramov J."}])
    result = lib("person", "merge", "Jeyhun Bayramov", "Ministr Bayramov J.")
    assert result.exit_code == 0, result.output
    assert "Speakers called 'Ministr Bayramov J.' are now person 1" in result.output
    person = json.loads(lib("person", "show", "1", "--json").output)
    assert person["documents"][0]["title"] == "Press conference"


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["person", "show", "Bayramof Jeyhn"], ["no person 'Bayramof Jeyhn' in the library", "did you mean Jeyhun Bayramov"]),
        (["person", "new", "X Y", "--role", "Minister", "--from", "2021", "--until", "2019"], ["ends (2019) before it starts (2021)"]),
        (["person", "new", "X Y", "--from", "2021"], ["give the role too"]),
        (["person", "new", "X Y", "--role", "Minister", "--from", "yesterday"], ["'yesterday' is not a date"]),
        (["person", "merge", "1", "Nobody Known"], ["no person 'Nobody Known'"]),
        (["person", "merge", "1", "1"], ["cannot be merged with themselves"]),
        (["person", "delete", "42"], ["no person '42'"]),
    ],
)
def test_bad_input_is_one_line(lib, args, fragments):
    lib("person", "new", "Jeyhun Bayramov")
    one_line_error(lib(*args), *fragments)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"GIF89a" + b"\0" * 64, "not a JPEG or PNG image"),
        (b"\xff\xd8\xff\xe0 this is not really a photo", "not a readable JPEG image"),
        (b"plain text pretending", "not a JPEG or PNG image"),
    ],
)
def test_a_photo_that_is_not_an_image_is_one_line(lib, tmp_path, content, fragment):
    path = tmp_path / "portrait.jpg"
    path.write_bytes(content)
    one_line_error(lib("person", "new", "Jeyhun Bayramov", "--photo", path), "portrait.jpg", fragment)
    assert json.loads(lib("people", "--json").output) == []  # nothing was added


def test_a_photo_over_10_mb_is_one_line(lib, tmp_path):
    path = jpeg(tmp_path / "large.jpg")
    with path.open("r+b") as f:
        f.truncate(10 * 1024 * 1024 + 1)
    one_line_error(lib("person", "new", "Jeyhun Bayramov", "--photo", path), "large.jpg: the photo is 10.0 MB; the limit is 10.0 MB")


def test_person_delete_is_refused_while_a_book_prints_them(lib):
    lib("person", "new", "Jeyhun Bayramov")
    lib("visit", "new", "Talks in Baku", "--start", "2025-03-12", "--participant", "Bayramov")
    lib("book", "new", "Brief", "--template", "State visit", "--visit", "Talks in Baku")
    one_line_error(lib("person", "delete", "Jeyhun Bayramov"),
                   "Jeyhun Bayramov is printed by book 'Brief' (#1), section 'Counterparts'", "--force")
    forced = lib("person", "delete", "Jeyhun Bayramov", "--force")
    assert forced.exit_code == 0 and "Deleted person 1: Jeyhun Bayramov" in forced.output
    assert json.loads(lib("people", "--json").output) == []


def test_person_delete_of_someone_no_book_prints(lib):
    lib("person", "new", "Murat Nurtleu")
    result = lib("person", "delete", "1", "--json")
    assert json.loads(result.output) == {"deleted": 1, "name": "Murat Nurtleu"}


def test_merge_points_books_at_the_person_kept(lib):
    lib("person", "new", "Jeyhun Bayramov")
    lib("person", "new", "J. Bayramov", "--allow-duplicate")
    lib("book", "new", "Brief")
    lib("book", "block", "Brief", '{"type": "counterparts", "people": [2]}', "--section", "Counterparts")
    merged = lib("person", "merge", "1", "2")
    assert "1 block(s) in books now name 1" in merged.output
    book = json.loads(lib("book", "show", "Brief", "--json").output)
    assert book["sections"][0]["items"][0]["block"]["people"] == [1]


def test_names_from_outside_print_as_plain_text(lib):
    lib("person", "new", "Evil\nName\x1b[31m", "--role", "Role\twith\ttabs")
    listed = lib("people").output
    assert "\x1b" not in listed
    assert "Evil Name" in listed and "Role with tabs" in listed
