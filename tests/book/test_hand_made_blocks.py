"""Blocks fed by the user's own records: the programme, counterparts with portraits and former titles,
where books print a person, and blocks pointed at the person a merge keeps."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from briefing.book.assembly import assemble_book
from briefing.book.blocks import check_block, compute_block
from briefing.book.books import create_book, get_book
from briefing.book.items import add_item
from briefing.book.people_in_books import merge_people_in_books, undo_people_merge, where_printed
from briefing.book.sections import add_section
from briefing.book.templates import load_template
from briefing.library.events import create_event
from briefing.library.person_edits import create_person, update_person
from briefing.library.portraits import make_portrait
from briefing.library.programme import add_programme_items, parse_programme_line


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 400), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def visit(store):
    person = create_person(store, {"name": "Jeyhun Bayramov", "role": "Deputy Minister", "role_from": "2018",
                                   "country": "AZ", "address_form": "Your Excellency", "biography": "Born in **Baku**."}).id
    update_person(store, person, {"role": "Minister of Foreign Affairs", "role_from": "2020-07-16",
                                  "organisation": "MFA", "portrait": make_portrait(_photo())})
    event = create_event(store, {"title": "Official visit to Baku", "start_date": "2025-03-12", "end_date": "2025-03-13",
                                 "place": "Baku", "time_zone": "Asia/Baku"}, people=[person]).after
    lines = ["2025-03-12 10:00 | Official welcome | Zagulba Palace | Presidents | | Interpreter on standby",
             "2025-03-12 11:00-12:30 | Talks | Palace | Delegations",
             "2025-03-13 | Day in Shusha"]
    add_programme_items(store, event["id"], [parse_programme_line(line, event) for line in lines])
    book = create_book(store, "Brief", template="State visit", event_id=event["id"])
    return {"person": person, "event": event["id"], "book": book}


def test_the_templates_programme_section_holds_the_programme_block():
    for name, section in (("State visit", "Programme"), ("Ministerial meeting", "Agenda")):
        found = next(s for s in load_template(name)["sections"] if s["title"] == section)
        assert [i["block"] for i in found["items"]] == [{"type": "programme"}]
    assert check_block({"type": "programme", "event": 3})
    with pytest.raises(Exception, match="no option since"):
        check_block({"type": "programme", "since": "2024"})


def test_the_programme_block_day_by_day(store, visit):
    result = compute_block(store, {"type": "programme"}, get_book(store, visit["book"]))
    assert result.title == "Programme"
    md = result.markdown
    assert md.startswith(r"*Times are local, Asia/Baku \(UTC\+04:00\)\.*")
    assert "**Wednesday, 12 March 2025**" in md and "**Thursday, 13 March 2025**" in md
    assert "| Time | What | Where | Who |\n" in md  # no dress column: no item gives one
    assert "| 11:00–12:30 | Talks | Palace | Delegations |" in md and "| All day | Day in Shusha | — | — |" in md
    assert "- *10:00, Official welcome:* Interpreter on standby" in md
    press = compute_block(store, {"type": "programme"}, get_book(store, visit["book"]), internal_notes=False)
    assert "Interpreter" not in press.markdown


def test_a_programme_block_without_a_visit_says_why(store):
    book = create_book(store, "No visit", template="State visit")
    result = compute_block(store, {"type": "programme"}, get_book(store, book))
    assert result.markdown == "*This block is empty: the book is not linked to a visit.*"
    empty = create_event(store, {"title": "Call", "start_date": "2025-01-01"}).id
    assert "No programme recorded for Call yet" in compute_block(store, {"type": "programme", "event": empty}).markdown


def test_counterparts_print_portrait_titles_and_manners(store, visit):
    result = compute_block(store, {"type": "counterparts"}, get_book(store, visit["book"]))
    md = result.markdown
    (address, data), = result.images.items()
    assert address.startswith("portrait:") and f"![Portrait]({address})" in md and data.startswith(b"\xff\xd8")
    assert "*Minister of Foreign Affairs, MFA, AZ*" in md
    assert "Formerly: Deputy Minister (2018 – 16 July 2020)." in md
    assert "Address as: Your Excellency." in md and "Born in **Baku**." in md


def test_library_text_in_a_block_prints_as_written(store):
    person = create_person(store, {"name": "[click](http://evil.example) <b>Bold</b> *Star*", "role": "# Not a heading"}).id
    md = compute_block(store, {"type": "counterparts", "people": [person]}).markdown
    assert "](http" not in md.replace(r"\]\(http", "") and "<b>" not in md
    from briefing.pdf.markdown import MarkdownRenderer, plain_text
    from briefing.pdf.styles import load_theme

    renderer = MarkdownRenderer(load_theme("default"))
    nodes = renderer.nodes(md)
    text = " ".join(plain_text(n) for n in nodes)
    assert "[click](http://evil.example) <b>Bold</b> *Star*" in text and "# Not a heading" in text
    assert all(n.tag != "h1" for n in nodes if not isinstance(n, str))


def test_assembly_carries_the_portrait_to_the_renderer(store, visit):
    content = assemble_book(store, visit["book"])
    items = [i for s in content.sections for i in s.items if i.title == "Counterparts"]
    assert len(items) == 1 and len(items[0].images) == 1


def test_where_printed_names_book_and_section(store, visit):
    assert where_printed(store, visit["person"]) == ["book 'Brief' (#1), section 'Counterparts'"]
    other = create_person(store, {"name": "Murat Nurtleu"}).id
    assert where_printed(store, other) == []
    section = add_section(store, visit["book"], "History")
    add_item(store, section, "block", block={"type": "chronology", "person": other})
    assert where_printed(store, other) == ["book 'Brief' (#1), section 'History'"]
    slugged = add_section(store, visit["book"], "Experts")
    add_item(store, slugged, "block", block={"type": "counterparts", "people": ["murat-nurtleu"]})
    assert where_printed(store, other)[-1] == "book 'Brief' (#1), section 'Experts'"


def test_a_merge_points_blocks_at_the_person_kept_and_its_undo_puts_them_back(store, visit):
    other = create_person(store, {"name": "J. Bayramov"}, allow_duplicate=True).id
    section = add_section(store, visit["book"], "Experts")
    item = add_item(store, section, "block", block={"type": "counterparts", "people": [other, "jeyhun-bayramov"]})
    chronology = add_item(store, section, "block", block={"type": "chronology", "person": "j-bayramov"})
    change = merge_people_in_books(store, visit["person"], other)
    blocks = {i["id"]: i["block"] for s in get_book(store, visit["book"])["sections"] for i in s["items"]}
    assert blocks[item]["people"] == [visit["person"], "jeyhun-bayramov"] and blocks[chronology]["person"] == visit["person"]
    assert len(change.items) == 2
    undo_people_merge(store, change)
    blocks = {i["id"]: i["block"] for s in get_book(store, visit["book"])["sections"] for i in s["items"]}
    assert blocks[item]["people"] == [other, "jeyhun-bayramov"] and blocks[chronology]["person"] == "j-bayramov"
    assert json.loads(json.dumps(change.as_dict(), default=str))["removed"]["id"] == other
