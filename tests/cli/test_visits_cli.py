"""briefing visits and briefing visit: each command, and each bad input as one line."""

from __future__ import annotations

import json

import pytest

from briefing.library.documents import add_document
from briefing.library.opening import open_store


@pytest.fixture
def lib(run_cli, store_path):
    assert run_cli("--store", store_path, "init").exit_code == 0

    def run(*args, input=None):
        return run_cli("--store", store_path, *args, input=input)

    return run


def one_line_error(result, *fragments):
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def new_visit(lib, *extra):
    result = lib("visit", "new", "Official visit to Baku", "--start", "2025-03-12", "--end", "2025-03-13",
                 "--place", "Baku", "--time-zone", "Asia/Baku", *extra)
    assert result.exit_code == 0, result.output
    return int(result.output)


def test_visit_new_with_participants_and_json(lib):
    lib("person", "new", "Jeyhun Bayramov")
    lib("person", "new", "Murat Nurtleu")
    result = lib("visit", "new", "Talks in Astana", "--start", "2025-05-02", "--kind", "meeting",
                 "--participant", "Байрамов", "--participant", "2", "--summary", "Transit corridor.", "--json")
    visit = json.loads(result.output)
    assert visit["kind"] == "meeting" and visit["end_date"] == "2025-05-02" and visit["summary"] == "Transit corridor."
    assert [p["name"] for p in visit["people"]] == ["Jeyhun Bayramov", "Murat Nurtleu"]


def test_visits_lists_them_newest_first(lib):
    new_visit(lib)
    lib("visit", "new", "Call with Baku", "--start", "2025-01-10", "--kind", "call")
    listed = lib("visits")
    lines = listed.output.strip().splitlines()
    assert "12–13 March 2025" in lines[0] and "Official visit to Baku, Baku" in lines[0] and "call" in lines[1]
    data = json.loads(lib("visits", "--json").output)
    assert [v["title"] for v in data] == ["Official visit to Baku", "Call with Baku"]
    assert data[0]["time_zone"] == "Asia/Baku" and data[0]["programme_count"] == 0


def test_visit_show(lib):
    new_visit(lib)
    lib("visit", "programme", "1", "--add", "2025-03-12 10:00 | Welcome | Zagulba Palace | Presidents")
    shown = lib("visit", "show", "Official visit to Baku")
    assert "Zone:    Asia/Baku" in shown.output and "1  2025-03-12 | 10:00 | Welcome | Zagulba Palace" in shown.output


def test_visit_edit_fields_and_participants_together(lib):
    lib("person", "new", "Jeyhun Bayramov")
    visit = new_visit(lib)
    result = lib("visit", "edit", str(visit), "--title", "State visit to Baku", "--end", "2025-03-14",
                 "--add-participant", "Jeyhun Bayramov", "--json")
    data = json.loads(result.output)
    assert data["title"] == "State visit to Baku" and data["end_date"] == "2025-03-14" and len(data["people"]) == 1
    assert lib("visit", "edit", "1", "--remove-participant", "1").output.startswith("Visit 1 changed: participants")
    assert lib("visit", "edit", "1").exit_code == 2


def test_a_failed_edit_changes_nothing(lib):
    new_visit(lib)
    one_line_error(lib("visit", "edit", "1", "--title", "Renamed", "--add-participant", "Nobody Known"),
                   "no person 'Nobody Known'")
    assert json.loads(lib("visit", "show", "1", "--json").output)["title"] == "Official visit to Baku"


def test_link_and_unlink_documents(lib, store_path):
    new_visit(lib)
    with open_store(store_path) as s:
        ids = [add_document(s, {"title": f"Draft {n}", "text": f"Text {n}."}) for n in range(3)]
    assert "3 documents linked" in lib("visit", "link", "1", *map(str, ids)).output
    assert "2 documents linked" in lib("visit", "unlink", "1", str(ids[0])).output
    one_line_error(lib("visit", "link", "1", "99"), "no document with id 99")
    one_line_error(lib("visit", "unlink", "1", str(ids[0])), f"document {ids[0]} is not linked")
    found = json.loads(lib("search", "Draft", "--visit", "Official visit to Baku", "--json").output)
    assert sorted(r["id"] for r in found["results"]) == ids[1:]  # the existing search finds a new visit's documents


def test_visit_programme_add_remove_file_and_json(lib, tmp_path):
    new_visit(lib)
    added = lib("visit", "programme", "1", "--add", "2025-03-12 10:00 | Official welcome | Zagulba Palace | Presidents",
                "--add", "2025-03-12 11:00-12:30 | Talks | Palace | Delegations | Lounge suit | Interpreters")
    assert added.exit_code == 0, added.output
    assert "2  2025-03-12 | 11:00–12:30 | Talks | Palace | Delegations | Lounge suit" in added.output
    assert "notes: Interpreters" in added.output
    removed = json.loads(lib("visit", "programme", "1", "--remove", "1", "--json").output)
    assert [i["what"] for i in removed] == ["Talks"] and removed[0]["number"] == 1
    path = tmp_path / "programme.json"
    path.write_text(json.dumps([{"when": "2025-03-13 09:00", "what": "Wreath", "where": "Alley of Honour"}]),
                    encoding="utf-8")
    replaced = json.loads(lib("visit", "programme", "1", "--file", path, "--add", "2025-03-12 20:00 | Dinner",
                               "--json").output)
    assert [(i["starts"], i["what"]) for i in replaced] == [("2025-03-12 20:00", "Dinner"), ("2025-03-13 09:00", "Wreath")]
    cleared = lib("visit", "programme", "1", "--clear")
    assert "No programme yet" in cleared.output


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["visit", "new", "Trip", "--start", "2025-03-12", "--end", "2025-03-10"],
         ["the visit 'Trip' ends (10 March 2025) before it starts (12 March 2025)"]),
        (["visit", "new", "Trip", "--start", "12 March"], ["the start '12 March' is not a date"]),
        (["visit", "new", "Trip", "--start", "2025-03-12", "--participant", "Bayramof"],
         ["no person 'Bayramof' in the library", "did you mean Jeyhun Bayramov (#1)"]),
        (["visit", "new", "Trip", "--start", "2025-03-12", "--time-zone", "Baku"], ["unknown time zone 'Baku'", "Asia/Baku"]),
        (["visit", "show", "Oficial visit to Baku"], ["no visit or event 'Oficial visit to Baku'",
                                                     "did you mean Official visit to Baku (#1)"]),
        (["visit", "programme", "1", "--add", "2025-03-20 10:00 | Late"], ["falls outside the visit (12–13 March 2025)"]),
        (["visit", "programme", "1", "--add", "10:00 | Talks"], ["needs its day"]),
        (["visit", "programme", "1", "--add", "2025-03-12 10:00"], ["write it as 'WHEN | WHAT"]),
        (["visit", "programme", "1", "--remove", "3"], ["the programme has no item 3 (it has 0)"]),
        (["visit", "edit", "1", "--start", "2025-03-15"], ["ends (13 March 2025) before it starts (15 March 2025)"]),
    ],
)
def test_bad_input_is_one_line(lib, args, fragments):
    lib("person", "new", "Jeyhun Bayramov")
    new_visit(lib)
    one_line_error(lib(*args), *fragments)


def test_a_bad_programme_file_is_one_line(lib, tmp_path):
    new_visit(lib)
    path = tmp_path / "programme.json"
    path.write_text("[{broken", encoding="utf-8")
    one_line_error(lib("visit", "programme", "1", "--file", path), "programme.json: not a JSON programme")
    path.write_text('[{"what": "Talks", "when": "2025-03-12 10:00"}, {"what": "No time"}]', encoding="utf-8")
    one_line_error(lib("visit", "programme", "1", "--file", path), "programme item 2: give its date and time")
    assert json.loads(lib("visit", "programme", "1", "--json").output) == []  # all or nothing


def test_an_unknown_kind_is_a_usage_error(lib):
    result = lib("visit", "new", "Trip", "--start", "2025-03-12", "--kind", "party")
    assert result.exit_code == 2 and "party" in result.stderr


def test_visit_delete_is_refused_while_a_book_is_for_it(lib):
    new_visit(lib)
    lib("book", "new", "Brief", "--visit", "1")
    one_line_error(lib("visit", "delete", "1"), "'Official visit to Baku' is the visit of book 'Brief' (#1)", "--force")
    deleted = lib("visit", "delete", "1", "--force", "--json")
    assert json.loads(deleted.output) == {"deleted": 1, "title": "Official visit to Baku"}
    assert json.loads(lib("visits", "--json").output) == []


def test_book_new_on_a_new_visit_takes_its_place_and_dates(lib):
    new_visit(lib)
    book = json.loads(lib("book", "new", "Brief", "--template", "State visit", "--visit", "Official visit to Baku",
                          "--json").output)
    data = json.loads(lib("book", "show", str(book["id"]), "--json").output)
    assert (data["destination"], data["start_date"], data["end_date"]) == ("Baku", "2025-03-12", "2025-03-13")
    programme = next(s for s in data["sections"] if s["title"] == "Programme")
    assert programme["items"][0]["block"] == {"type": "programme"}
