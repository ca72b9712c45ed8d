"""Who each part of a book is written for: set by the template per section, changed by the author."""

from __future__ import annotations

import json

import pytest

from briefing.book.audience import check_audience, item_audience, section_audience, written_for_principal
from briefing.book.books import create_book, get_book
from briefing.book.editions import changes, publish
from briefing.book.items import add_documents, add_item, update_item
from briefing.book.sections import add_section, find_section, set_section_audience
from briefing.book.templates import load_template
from briefing.errors import BriefingError
from briefing.sample import load_sample
from tests.conftest import FIXTURES


@pytest.fixture
def lib(store):
    load_sample(store, FIXTURES / "books")
    return store


def _section(book, title):
    return next(s for s in book["sections"] if s["title"] == title)


def test_the_templates_say_who_each_section_is_for(lib):
    for name in ("state-visit", "ministerial-meeting"):
        template = load_template(name)
        assert all(s.get("audience") in ("internal", "releasable") for s in template["sections"])
    book = get_book(lib, create_book(lib, "Visit", template="State visit", marking="UNCLASSIFIED"))
    audiences = {s["title"]: s["effective_audience"] for s in book["sections"]}
    assert audiences["Objectives and talking points"] == audiences["Scenesetter"] == "internal"
    assert audiences["Programme"] == audiences["Key figures"] == audiences["Chronology"] == "releasable"
    assert _section(book, "Key figures")["items"][0]["effective_audience"] == "releasable"


def test_an_item_takes_its_sections_audience_unless_it_says(lib):
    book_id = create_book(lib, "Visit", template="State visit", marking="UNCLASSIFIED")
    talking = find_section(lib, book_id, "talking-points")
    note = add_item(lib, talking, "note", body="- **Trade.** Ask for more.")
    line = add_item(lib, talking, "note", body="Agreed press line.", audience="releasable")
    doc = lib.scalar("SELECT id FROM documents LIMIT 1")
    added = add_documents(lib, book_id, [doc], section="Chronology").items[0]
    items = {i["id"]: i for s in get_book(lib, book_id)["sections"] for i in s["items"]}
    assert items[note]["effective_audience"] == "internal" and items[note]["audience"] is None
    assert items[line]["effective_audience"] == "releasable" and items[line]["audience"] == "releasable"
    assert items[added]["effective_audience"] == "releasable"
    update_item(lib, line, audience=None)  # back to its section's
    set_section_audience(lib, talking, "releasable")
    items = {i["id"]: i for s in get_book(lib, book_id)["sections"] for i in s["items"]}
    assert items[line]["effective_audience"] == items[note]["effective_audience"] == "releasable"


def test_without_a_section_that_says_a_note_is_internal_and_the_rest_releasable(lib):
    book_id = create_book(lib, "Bare", marking="UNCLASSIFIED")
    section = add_section(lib, book_id, "Mine")
    child = add_section(lib, book_id, "Inner", parent_id=section)
    note = add_item(lib, child, "note", body="Desk's text")
    block = add_item(lib, child, "block", block={"type": "chronology"})
    book = get_book(lib, book_id)
    inner = book["sections"][0]["sections"][0]
    assert inner["effective_audience"] is None
    assert [i["effective_audience"] for i in inner["items"]] == ["internal", "releasable"]
    set_section_audience(lib, section, "internal")  # a subsection takes its parent's
    inner = get_book(lib, book_id)["sections"][0]["sections"][0]
    assert {i["id"]: i["effective_audience"] for i in inner["items"]} == {note: "internal", block: "internal"}
    # one item or section alone, as an editor asks: the same answer as the tree's
    assert section_audience(lib, child) == "internal" and item_audience(lib, block) == "internal"
    update_item(lib, block, audience="releasable")
    assert item_audience(lib, block) == "releasable" and item_audience(lib, note) == "internal"


@pytest.mark.parametrize("value", ["secret", 3, ["internal"]])
def test_an_unknown_audience_is_refused(lib, value):
    book_id = create_book(lib, "Bare", marking="UNCLASSIFIED")
    section = add_section(lib, book_id, "Mine")
    with pytest.raises(BriefingError, match="audience"):
        add_item(lib, section, "note", body="x", audience=value)
    with pytest.raises(BriefingError, match="audience"):
        set_section_audience(lib, section, value)
    assert check_audience(" Releasable ") == "releasable" and check_audience("") is None


def test_a_change_of_audience_is_a_change_since_the_edition(lib):
    book_id = create_book(lib, "Visit", template="State visit", marking="UNCLASSIFIED")
    talking = find_section(lib, book_id, "talking-points")
    note = add_item(lib, talking, "note", body="Lines")
    publish(lib, book_id)
    update_item(lib, note, audience="releasable")
    changed = changes(lib, book_id)["changed"]
    assert [c["item"] for c in changed] == [note] and "item" in changed[0]["parts"]


def test_the_marks_of_internal_guidance_are_found_under_emphasis():
    markers = ["Desk note:", "Points to watch", "prepared for the briefing book"]
    text = "Text.\n\n*Desk note:* not public.\n\n## 6. Points to  watch\n\nA *paraphrase prepared for the briefing book*."
    assert written_for_principal(text, markers) == markers
    assert written_for_principal("A treaty on points of law.", markers) == []


def test_audience_from_the_command_line(lib, run_cli, tmp_path):
    from briefing.library.opening import open_store

    path = tmp_path / "lib.sqlite"
    with open_store(path) as store:
        load_sample(store, FIXTURES / "books")
    base = ["--store", path]
    book = json.loads(run_cli(*base, "book", "new", "Visit", "--template", "State visit", "--json").output)["id"]
    note = json.loads(run_cli(*base, "book", "note", book, "--section", "Programme", "--body", "Arrival at ten.",
                              "--json").output)["id"]
    line = json.loads(run_cli(*base, "book", "note", book, "--section", "Programme", "--body", "Press line.",
                              "--audience", "releasable", "--json").output)["id"]
    block = json.loads(run_cli(*base, "book", "block", book, '{"type": "chronology"}', "--section", "Background",
                               "--audience", "releasable", "--json").output)["id"]
    added = run_cli(*base, "book", "add", book, "1", "--section", "Background documents", "--audience", "releasable",
                    "--json")
    assert added.exit_code == 0, added.output
    shown = json.loads(run_cli(*base, "book", "show", book, "--json").output)
    items = {i["id"]: i for s in shown["sections"] for i in s["items"]}
    assert items[note]["effective_audience"] == "releasable"  # the Programme section's
    assert items[note]["audience"] is None and items[line]["audience"] == "releasable"
    assert items[block]["effective_audience"] == "releasable"
    assert items[json.loads(added.output)["items"][0]]["effective_audience"] == "releasable"
    out = run_cli(*base, "book", "set-item", book, note, "--audience", "internal", "--json")
    assert out.exit_code == 0 and json.loads(out.output)["effective_audience"] == "internal"
    back = run_cli(*base, "book", "set-item", book, note, "--audience", "section", "--json")
    assert json.loads(back.output)["audience"] is None
    out = run_cli(*base, "book", "set-section", book, "Programme", "--audience", "internal", "--json")
    assert out.exit_code == 0 and json.loads(out.output)["effective_audience"] == "internal"
    text = run_cli(*base, "book", "show", book).output
    assert "§ Programme (internal)" in text and f"item {line}, note" in text and "(releasable)" in text
    wrong = run_cli(*base, "book", "set-item", book, 99999, "--audience", "internal")
    assert wrong.exit_code == 1 and "no item with id 99999" in wrong.output
    bad = run_cli(*base, "book", "note", book, "--section", "Programme", "--body", "x", "--audience", "public")
    assert bad.exit_code == 2
