"""Books: the model, templates, reordering, assembling for a renderer, and the CLI."""

import json

import pytest

from briefing.book.assembly import assemble_book as assemble
from briefing.book.books import create_book, delete_book, find_book, get_book, list_books, update_book
from briefing.book.content import BookContent
from briefing.book.items import add_documents, add_item, add_items, delete_item, move_item, update_item
from briefing.book.sections import add_section, delete_section, find_section, move_section, rename_section
from briefing.book.templates import list_templates, load_template
from briefing.errors import BriefingError, NotFound
from briefing.library.annotations import add_annotation
from briefing.sample import load_sample
from tests.conftest import FIXTURES

STATE_VISIT = [
    "Scenesetter",
    "Programme",
    "Objectives and talking points",
    "Counterparts",
    "Agreements to be signed",
    "Agreements in force",
    "Key figures",
    "Chronology",
    "Speeches and statements",
    "Background documents",
]


@pytest.fixture
def lib(store):
    load_sample(store, FIXTURES / "books")
    return store


def doc(store, slug):
    return store.scalar("SELECT id FROM documents WHERE slug = ?", [slug])


def titles(sections):
    return [s["title"] for s in sections]


def item_ids(book, section_title):
    section = next(s for s in book["sections"] if s["title"] == section_title)
    return [i["id"] for i in section["items"]]


# ------------------------------------------------------------ templates and books


def test_templates_are_data():
    names = {t["name"]: t for t in list_templates()}
    assert names["state-visit"]["sections"] == STATE_VISIT
    assert "Ministerial meeting" in [t["title"] for t in names.values()]
    assert load_template("State visit")["name"] == "state-visit"
    with pytest.raises(BriefingError, match="unknown template"):
        load_template("wedding")


def test_create_from_template_with_visit(lib):
    event = lib.scalar("SELECT id FROM events WHERE slug = 'visit-2024'")
    book_id = create_book(lib, "Amber in Bergstadt", template="state-visit", marking="CONFIDENTIAL", event_id=event,
                          prepared_for="The President", paper="letter")
    book = get_book(lib, book_id)
    assert titles(book["sections"]) == STATE_VISIT
    assert (book["destination"], book["start_date"], book["end_date"]) == ("Bergstadt", "2024-03-12", "2024-03-13")
    assert book["paper"] == "letter" and book["prepared_for"] == "The President" and book["template"] == "state-visit"
    counterparts = next(s for s in book["sections"] if s["title"] == "Counterparts")
    assert counterparts["role"] == "counterparts"
    assert counterparts["items"][0]["kind"] == "block" and counterparts["items"][0]["block"] == {"type": "counterparts"}
    assert list_books(lib)[0]["sections"] == STATE_VISIT


def test_bad_book_fields(store):
    with pytest.raises(BriefingError, match="needs a title"):
        create_book(store, "  ")
    with pytest.raises(BriefingError, match="paper"):
        create_book(store, "B", paper="a3")
    with pytest.raises(BriefingError, match="not a date"):
        create_book(store, "B", start_date="next week")
    with pytest.raises(NotFound):
        create_book(store, "B", event_id=42)
    assert list_books(store) == []


def test_find_update_delete(store):
    a = create_book(store, "Alpha")
    b = create_book(store, "Beta", slug="beta")
    assert find_book(store, str(a)) == a and find_book(store, "Beta") == b and find_book(store, "beta") == b
    with pytest.raises(NotFound, match="no book 'Gamma'"):
        find_book(store, "Gamma")
    create_book(store, "Beta")
    with pytest.raises(BriefingError, match="several books"):
        find_book(store, "Beta")
    book = update_book(store, a, marking="SECRET", version="2", settings={"stale_figure_months": 6})
    assert book["marking"] == "SECRET" and book["settings"] == {"stale_figure_months": 6}
    with pytest.raises(BriefingError, match="no setting 'stale_after_months'"):
        update_book(store, a, settings={"stale_after_months": 6})
    with pytest.raises(BriefingError, match="no field colour"):
        update_book(store, a, colour="red")
    with pytest.raises(NotFound, match="no visit or event with id 77"):
        update_book(store, a, event_id=77)
    delete_book(store, a)
    with pytest.raises(NotFound):
        get_book(store, a)


# ------------------------------------------------------------ sections and items


def test_nested_sections_move_and_delete(store):
    book_id = create_book(store, "B")
    one = add_section(store, book_id, "One")
    two = add_section(store, book_id, "Two")
    zero = add_section(store, book_id, "Zero", position=0)
    sub = add_section(store, book_id, "Sub", parent_id=one)
    assert titles(get_book(store, book_id)["sections"]) == ["Zero", "One", "Two"]
    changes = move_section(store, two, parent_id=one, position=0)
    assert set(changes.sections) == {two, one}
    tree = get_book(store, book_id)["sections"]
    assert titles(tree) == ["Zero", "One"] and titles(tree[1]["sections"]) == ["Two", "Sub"]
    with pytest.raises(BriefingError, match="inside itself"):
        move_section(store, one, parent_id=sub)
    move_section(store, sub, parent_id=None, position=0)
    rename_section(store, zero, "Nought")
    assert titles(get_book(store, book_id)["sections"]) == ["Sub", "Nought", "One"]
    assert find_section(store, book_id, "one/two") == two and find_section(store, book_id, "nought") == zero
    delete_section(store, one)  # with "Two" inside it
    assert titles(get_book(store, book_id)["sections"]) == ["Sub", "Nought"]
    assert store.scalar("SELECT count(*) FROM book_sections WHERE book_id = ?", [book_id]) == 2
    positions = [r["position"] for r in store.rows("SELECT position FROM book_sections ORDER BY position")]
    assert positions == [0, 1]


def test_items_reorder_within_and_across_sections(lib):
    book_id = create_book(lib, "B")
    a = add_section(lib, book_id, "A")
    b = add_section(lib, book_id, "B")
    n1, n2, n3 = add_items(lib, a, [{"kind": "note", "title": f"n{i}", "body": "x"} for i in (1, 2, 3)])
    d = add_item(lib, a, "document", document_id=doc(lib, "treaty-2010"), position=0)
    assert item_ids(get_book(lib, book_id), "A") == [d, n1, n2, n3]
    move_item(lib, n3, position=1)
    assert item_ids(get_book(lib, book_id), "A") == [d, n3, n1, n2]
    changes = move_item(lib, d, section_id=b)
    assert changes.sections == [a, b] and changes.items == [d]
    book = get_book(lib, book_id)
    assert item_ids(book, "A") == [n3, n1, n2] and item_ids(book, "B") == [d]
    move_item(lib, n1, section_id=b, position=0)
    book = get_book(lib, book_id)
    assert item_ids(book, "A") == [n3, n2] and item_ids(book, "B") == [n1, d]
    delete_item(lib, n3)
    assert [r["position"] for r in lib.rows("SELECT position FROM book_items WHERE section_id = ? ORDER BY position", [a])] == [0]
    other = create_book(lib, "Other")
    elsewhere = add_section(lib, other, "X")
    with pytest.raises(BriefingError, match="another book"):
        move_item(lib, n2, section_id=elsewhere)


def test_item_kinds_are_checked(lib):
    book_id = create_book(lib, "B")
    s = add_section(lib, book_id, "S")
    with pytest.raises(BriefingError, match="unknown item kind"):
        add_item(lib, s, "poem", body="x")
    with pytest.raises(NotFound):
        add_item(lib, s, "document", document_id=999)
    with pytest.raises(BriefingError, match="unknown block type"):
        add_item(lib, s, "block", block={"type": "pie"})
    with pytest.raises(BriefingError, match="needs a title or some text"):
        add_item(lib, s, "note")
    item = add_item(lib, s, "block", block={"type": "figures"})
    update_item(lib, item, block={"type": "figures", "series": ["trade"]}, marking="RESTRICTED")
    stored = get_book(lib, book_id)["sections"][0]["items"][0]
    assert stored["block"] == {"type": "figures", "series": ["trade"]} and stored["marking"] == "RESTRICTED"


def test_add_documents_to_named_or_default_section(lib):
    book_id = create_book(lib, "B", template="State visit")
    treaty, memo = doc(lib, "treaty-2010"), doc(lib, "trade-memo-2021")
    changes = add_documents(lib, book_id, [treaty, memo], marking="RESTRICTED")
    book = get_book(lib, book_id)
    assert len(item_ids(book, "Background documents")) == 2 and changes.sections == [find_section(lib, book_id, "Background documents")]
    add_documents(lib, book_id, [memo], section="Annexes")
    book = get_book(lib, book_id)
    assert titles(book["sections"])[-1] == "Annexes"
    assert book["sections"][-2]["items"][0]["marking"] == "RESTRICTED"


# ------------------------------------------------------------ assembling


@pytest.fixture
def book(lib):
    event = lib.scalar("SELECT id FROM events WHERE slug = 'visit-2024'")
    book_id = create_book(lib, "Amber in Bergstadt", template="State visit", marking="OFFICIAL USE ONLY", event_id=event,
                          prepared_by="Desk officer")
    statement = doc(lib, "statement-2021")
    add_annotation(lib, statement, "double trade by 2025", note="Ask **how far** they got.", color="green")
    add_annotation(lib, statement, "rail link", note="Only for us", private=True)
    add_annotation(lib, statement, "Days of culture")
    talking = find_section(lib, book_id, "Objectives and talking points")
    add_item(lib, talking, "note", title="Talking points", body="- Trade\n- Rail\n  - surveys first")
    add_item(lib, talking, "excerpt", document_id=statement)
    add_item(lib, talking, "excerpt", document_id=statement, excerpt="The sides will build a rail link.", marking="RESTRICTED")
    add_documents(lib, book_id, [statement, doc(lib, "speech-2024")], section="Speeches and statements")
    return book_id


def _section(content: BookContent, title: str):
    return next(s for s in content.sections if s.title == title)


def test_assemble_resolves_everything(lib, book):
    content = assemble(lib, book)
    assert isinstance(content, BookContent)
    assert content.title == "Amber in Bergstadt" and content.marking == "OFFICIAL USE ONLY"
    assert content.visit == "State visit of President Amber to Bergistan" and content.destination == "Bergstadt"
    assert content.prepared_by == "Desk officer" and content.profile == "full" and content.watermark is None
    assert [s.title for s in content.sections] == STATE_VISIT

    statement, speech = _section(content, "Speeches and statements").items
    assert statement.kind == "document" and statement.meta.kind == "joint-statement"
    assert statement.meta.parties == ["Republic of Amberland", "Republic of Bergistan"]
    assert statement.meta.speakers == ["Ana Amber", "Boris Berg"] and statement.meta.date == "2021-06-11"
    assert '<mark class="green" data-note="1">double trade by 2025</mark>' in statement.markdown
    assert '<mark class="yellow">Days of culture</mark>' in statement.markdown
    assert "rail link</mark>" not in statement.markdown  # private
    assert [(n.number, n.markdown) for n in statement.notes] == [(1, "Ask **how far** they got.")]
    assert "Уважаемые коллеги" in speech.markdown and speech.meta.language == "ru"

    note, highlights, passage = _section(content, "Objectives and talking points").items
    assert note.kind == "note" and note.markdown.startswith("- Trade")
    assert highlights.kind == "excerpt" and "> " in highlights.markdown and "Ask **how far**" in highlights.markdown
    assert "Only for us" not in highlights.markdown
    assert passage.markdown == "> The sides will build a rail link." and passage.marking == "RESTRICTED"

    blocks = {s.title: s.items[0] for s in content.sections if s.items and s.items[0].kind == "block"}
    assert "Memorandum on peaceful use of outer space" in blocks["Agreements to be signed"].markdown
    assert "Treaty of friendship" in blocks["Agreements in force"].markdown
    assert blocks["Key figures"].series[0].title == "Bilateral trade"
    assert "### Boris Berg" in blocks["Counterparts"].markdown
    assert "Foreign ministers' meeting" in blocks["Chronology"].markdown


def test_working_profile_shows_private_notes(lib, book):
    content = assemble(lib, book, profile="working")
    statement = _section(content, "Speeches and statements").items[0]
    assert "rail link</mark>" in statement.markdown and "Only for us" in [n.markdown for n in statement.notes]
    assert content.watermark == "WORKING COPY" and content.profile == "working"
    assert assemble(lib, book, profile="working", watermark="DRAFT").watermark == "DRAFT"


def test_press_profile_leaves_out_notes_annotations_and_marked_items(lib, book):
    content = assemble(lib, book, profile="press")
    assert content.marking == "UNCLASSIFIED"
    # the note, the highlights excerpt and the RESTRICTED passage all go, and so does their section
    assert "Objectives and talking points" not in [s.title for s in content.sections]
    assert "Scenesetter" not in [s.title for s in content.sections]  # empty and internal: not even its heading
    assert "Speeches and statements" not in [s.title for s in content.sections]  # the template's internal section
    # the same documents, released by their author, print without their highlights or notes
    releasable = [i for s in get_book(lib, book)["sections"] if s["title"] == "Speeches and statements"
                  for i in s["items"]]
    for item in releasable:
        update_item(lib, item["id"], audience="releasable")
    content = assemble(lib, book, profile="press")
    statement = _section(content, "Speeches and statements").items[0]
    assert "<mark" not in statement.markdown and statement.notes == []
    assert content.kicker == "PRESS PACK" and content.title == "State visit of President Amber to Bergistan"
    assert content.prepared_by is None and content.prepared_for is None
    with pytest.raises(BriefingError, match="unknown export profile"):
        assemble(lib, book, profile="gossip")


def test_excerpt_follows_the_document_after_an_edit(lib, book):
    from briefing.library.documents import get_document, update_document

    statement = doc(lib, "statement-2021")
    text = get_document(lib, statement)["text"]
    update_document(lib, statement, {"text": "Preface.\n\n" + text.replace("build a rail link", "build a fast rail link")})
    content = assemble(lib, book)
    passage = _section(content, "Objectives and talking points").items[2]
    assert passage.markdown == "> The sides will build a fast rail link."


# ------------------------------------------------------------ CLI


@pytest.fixture
def lib_path(store_path):
    from briefing.library.opening import open_store

    with open_store(store_path) as s:
        load_sample(s, FIXTURES / "books")
    return store_path


def test_cli_book_new_add_show(run_cli, lib_path):
    result = run_cli("--store", lib_path, "book", "new", "Amber visit", "--template", "State visit", "--marking",
                     "CONFIDENTIAL", "--visit", "visit-2024")
    assert result.exit_code == 0, result.output
    book_id = int(result.output)
    data = json.loads(run_cli("--store", lib_path, "book", "new", "Second", "--json").output)
    assert data["id"] == book_id + 1

    books = json.loads(run_cli("--store", lib_path, "books", "--json").output)
    mine = next(b for b in books if b["id"] == book_id)
    assert mine["title"] == "Amber visit" and mine["marking"] == "CONFIDENTIAL" and mine["sections"] == STATE_VISIT

    with_sql = __import__("briefing.library.opening", fromlist=["open_store"]).open_store(lib_path)
    treaty, speech = doc(with_sql, "treaty-2010"), doc(with_sql, "speech-2024")
    with_sql.close()
    result = run_cli("--store", lib_path, "book", "add", "Amber visit", treaty, speech, "--section",
                     "Speeches and statements", "--marking", "RESTRICTED")
    assert result.exit_code == 0, result.output
    assert run_cli("--store", lib_path, "book", "add", book_id, treaty).exit_code == 0

    shown = json.loads(run_cli("--store", lib_path, "book", "show", "Amber visit", "--json").output)
    assert shown["id"] == book_id and shown["event"]["slug"] == "visit-2024"
    speeches = next(s for s in shown["sections"] if s["title"] == "Speeches and statements")
    assert [i["document_id"] for i in speeches["items"]] == [treaty, speech]
    assert speeches["items"][0]["marking"] == "RESTRICTED"
    assert shown["sections"][-1]["items"][0]["document_id"] == treaty
    text = run_cli("--store", lib_path, "book", "show", book_id).output
    assert "§ Speeches and statements" in text and "Marking: CONFIDENTIAL" in text


def test_cli_book_note_and_block(run_cli, lib_path):
    book_id = run_cli("--store", lib_path, "book", "new", "B").output.strip()
    assert run_cli("--store", lib_path, "book", "note", book_id, "--section", "Talking points", "--title", "TP",
                   "--body", "-", input="1. One\n2. Two\n").exit_code == 0
    assert run_cli("--store", lib_path, "book", "block", book_id, '{"type": "agreements", "party": "BG"}',
                   "--section", "Agreements").exit_code == 0
    shown = json.loads(run_cli("--store", lib_path, "book", "show", book_id, "--json").output)
    assert [s["title"] for s in shown["sections"]] == ["Talking points", "Agreements"]
    assert shown["sections"][0]["items"][0]["body"] == "1. One\n2. Two\n"
    assert shown["sections"][1]["items"][0]["block"] == {"type": "agreements", "party": "BG"}


def test_cli_book_errors(run_cli, lib_path):
    result = run_cli("--store", lib_path, "book", "show", "Nope")
    assert result.exit_code == 1 and "no book 'Nope'" in result.output
    result = run_cli("--store", lib_path, "book", "new", "X", "--template", "wedding")
    assert result.exit_code == 1 and "unknown template" in result.output
    book_id = run_cli("--store", lib_path, "book", "new", "Y").output.strip()
    result = run_cli("--store", lib_path, "book", "add", book_id, "999")
    assert result.exit_code == 1 and "no document with id 999" in result.output
    assert run_cli("--store", lib_path, "books").exit_code == 0


def test_untitled_note_is_named_by_its_heading_or_first_words(lib):
    book_id = create_book(lib, "B")
    s = add_section(lib, book_id, "Scenesetter")
    add_item(lib, s, "note", body="## The setting\n\nThe President travels on 12 March.")
    add_item(lib, s, "note", body="**Trade** first, then transit and the ferry timetable for the Caspian ports next year.")
    content = assemble(lib, book_id)
    first, second = content.sections[0].items
    assert first.title == "The setting"
    assert second.title.startswith("Trade first, then transit") and len(second.title) <= 60
    shown = get_book(lib, book_id)["sections"][0]["items"]
    from briefing.book.items import item_title

    assert [item_title(i) for i in shown] == [first.title, second.title]


def test_item_markings_are_checked_and_spelt_canonically(lib):
    book_id = create_book(lib, "B", marking="CONFIDENTIAL")
    treaty = doc(lib, "treaty-2010")
    add_documents(lib, book_id, [treaty], marking="official")
    item = get_book(lib, book_id)["sections"][0]["items"][0]
    assert item["marking"] == "OFFICIAL USE ONLY"
    with pytest.raises(BriefingError, match="unknown marking 'EYES ONLY'"):
        add_documents(lib, book_id, [treaty], marking="EYES ONLY")
    update_item(lib, item["id"], title="Renamed")  # an unchanged marking is not checked again
    with pytest.raises(BriefingError, match="unknown marking"):
        update_item(lib, item["id"], marking="nonsense")
