"""A brief for a visit the library has never seen, prepared from the command line as a user would:
a new counterpart with a portrait, a new visit with a programme of five items, three documents
imported and linked, a book from the "State visit" template, pre-flight, export; then the book
carried to another library in a bundle."""

from __future__ import annotations

import io
import json
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import FIXTURES

FILES = FIXTURES / "new_visit"
VISIT = "Official visit of the President to Azerbaijan"


def _portrait(path):
    out = io.BytesIO()
    image = Image.new("RGB", (900, 1200), (200, 190, 170))
    for x in range(300, 600):  # something of a face, so the picture is not one flat colour
        for y in range(300, 700):
            image.putpixel((x, y), (120, 90, 70))
    image.save(out, "JPEG", quality=90)
    path.write_bytes(out.getvalue())
    return path


def _text(pdf) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]


@pytest.fixture
def brief(run_cli, tmp_path):
    store = tmp_path / "library.sqlite"

    def run(*args, ok=(0,)):
        result = run_cli("--store", store, *args)
        assert result.exit_code in ok, f"briefing {' '.join(map(str, args))}: {result.output}"
        return result.output

    run("init")
    # the counterpart, appointed after the library's last record of him, with a portrait
    person = json.loads(run(
        "person", "new", "Jeyhun Bayramov", "--role", "Minister of Foreign Affairs", "--organisation",
        "Ministry of Foreign Affairs of Azerbaijan", "--from", "2020-07-16", "--country", "AZ",
        "--also-written", "Джейхун Байрамов", "--also-written", "Ceyhun Bayramov",
        "--bio", "Azerbaijani diplomat and lawyer, born in Baku in 1975; deputy minister of education before he "
               "became foreign minister.",
        "--address-form", "Mr Minister", "--pronunciation", "jay-HOON bai-RAH-mov",
        "--photo", _portrait(tmp_path / "bayramov.jpg"), "--json"))
    assert person["portrait"]["format"] == "jpeg"
    # an earlier meeting with him, recorded by hand: the chronology and "last met" come from it
    run("visit", "new", "Meeting of the foreign ministers in Astana", "--start", "2024-11-05", "--kind", "meeting",
        "--place", "Astana", "--participant", "Байрамов")
    visit = json.loads(run(
        "visit", "new", VISIT, "--start", "2025-03-12", "--end", "2025-03-13", "--place", "Baku",
        "--time-zone", "Asia/Baku", "--participant", "Jeyhun Bayramov", "--json"))
    # five programme items: three from a file, two typed
    run("visit", "programme", visit["id"], "--file", FILES / "programme.json")
    programme = json.loads(run(
        "visit", "programme", visit["id"],
        "--add", "2025-03-12 14:00-15:30 | Signing of the memorandum on digital transit | Zagulba Palace | Ministers",
        "--add", "2025-03-13 10:00 | Visit to the port of Alat | Alat | The President | Casual | Hard hats provided",
        "--json"))
    assert len(programme) == 5
    # three documents imported, then linked to the visit
    draft = json.loads(run("import", FILES / "draft_memorandum_digital_transit.txt", "--kind", "agreement", "--json"))
    others = json.loads(run("import", FILES / "ministry_statement_caspian_route.html", FILES / "background_note_trade.md",
                            "--json"))
    ids = [d["id"] for d in draft["imported"] + others["imported"]]
    assert len(ids) == 3
    linked = json.loads(run("visit", "link", visit["id"], *ids, "--json"))
    assert sorted(d["id"] for d in linked["documents"]) == sorted(ids)
    book = json.loads(run("book", "new", "Brief for the visit to Baku", "--template", "State visit", "--visit", VISIT,
                          "--marking", "OFFICIAL USE ONLY", "--json"))
    run("book", "add", book["id"], *ids[1:], "--section", "Background documents")
    return {"run": run, "store": store, "book": book["id"], "visit": visit["id"], "documents": ids, "tmp": tmp_path}


def test_a_brief_for_a_new_visit_end_to_end(brief):
    run, book = brief["run"], brief["book"]
    shown = json.loads(run("book", "show", book, "--json"))
    assert shown["destination"] == "Baku" and shown["start_date"] == "2025-03-12"
    preflight = json.loads(run("preflight", book, "--json", ok=(0,)))
    assert not [p for p in preflight["problems"] if p["severity"] == "error"]
    assert not [p for p in preflight["problems"] if "Programme" in p["where"] or "Counterparts" in p["where"]]
    pdf = brief["tmp"] / "brief.pdf"
    run("export", book, "-o", pdf)
    pages = _text(pdf)
    cover = pages[0]
    assert "Brief for the visit to Baku" in cover and VISIT in cover and "12–13 March 2025" in cover

    programme = next(p for p in pages[2:] if "Programme of the visit" in p)
    assert "Times are local, Asia/Baku (UTC+04:00)." in programme
    assert "Wednesday, 12 March 2025" in programme and "Thursday, 13 March 2025" in programme
    for what in ("Arrival at Heydar Aliyev International Airport", "Official welcome ceremony",
                 "Talks in restricted format", "Signing of the memorandum on digital transit", "Visit to the port of Alat"):
        assert what in programme, what
    assert "11:00–11:45" in programme and "Dark suit" in programme and "Hard hats provided" in programme

    # (the block's title is its section's: printed once)
    counterparts_page = next(i for i, p in enumerate(pages) if i > 1 and "Counterparts Jeyhun Bayramov" in p)
    counterparts = pages[counterparts_page]
    assert "Jeyhun Bayramov" in counterparts
    assert "Minister of Foreign Affairs, Ministry of Foreign Affairs of Azerbaijan, AZ" in counterparts
    assert "Address as: Mr Minister. Pronounced: jay-HOON bai-RAH-mov." in counterparts
    assert "Meeting of the foreign ministers in Astana" in counterparts  # earlier meetings: the one made by hand
    assert len(list(PdfReader(pdf).pages[counterparts_page].images)) == 1  # the portrait

    signing = next(p for p in pages[2:] if "Documents prepared for signature" in p)
    assert "Memorandum of Understanding" in signing and "Digital Transit" in signing

    chronology = next(p for p in pages[2:] if "Chronology Visits and meetings" in p)
    assert "Meeting of the foreign ministers in Astana" in chronology and "5 November 2024" in chronology


def test_a_note_cannot_draw_a_picture_of_its_own(brief):
    """A portrait's address in a note (text from anyone) draws nothing: only a block's own pictures are drawn."""
    run, book = brief["run"], brief["book"]
    from briefing.library.opening import open_store

    with open_store(brief["store"]) as s:
        digest = s.scalar("SELECT digest FROM portraits")
    run("book", "note", book, "--section", "Scenesetter", "--title", "Scene", "--body",
        f"![x](portrait:{digest[:16]})\n\n![y](file:///etc/passwd)\n\nThe visit opens a new chapter.")
    pdf = brief["tmp"] / "brief.pdf"
    run("export", book, "-o", pdf)
    reader = PdfReader(pdf)
    scene = next(i for i, p in enumerate(reader.pages) if "The visit opens a new chapter" in (p.extract_text() or ""))
    assert list(reader.pages[scene].images) == []


def test_the_brief_travels_in_a_bundle_with_programme_portrait_and_roles(brief, run_cli):
    run = brief["run"]
    # a new title before the bundle: the role history must travel too
    run("person", "edit", "Jeyhun Bayramov", "--role", "Deputy Prime Minister", "--from", "2025-01-20")
    bundle = brief["tmp"] / "brief.briefing"
    run("bundle", "export", brief["book"], "-o", bundle)
    other = brief["tmp"] / "other.sqlite"

    def there(*args, ok=(0,)):
        result = run_cli("--store", other, *args)
        assert result.exit_code in ok, result.output
        return result.output

    there("init")
    there("bundle", "import", bundle)
    people = json.loads(there("people", "Bayramov", "--json"))
    assert len(people) == 1
    person = json.loads(there("person", "show", people[0]["id"], "--json"))
    assert person["portrait"]["format"] == "jpeg" and person["address_form"] == "Mr Minister"
    assert [r["role"] for r in person["roles"]] == ["Minister of Foreign Affairs", "Deputy Prime Minister"]
    assert json.loads(there("people", "foreign minister", "--json"))[0]["found_by"].startswith("Minister of Foreign Affairs")
    visit = json.loads(there("visit", "show", VISIT, "--json"))
    assert visit["time_zone"] == "Asia/Baku" and len(visit["programme"]) == 5
    books = json.loads(there("books", "--json"))
    pdf = brief["tmp"] / "there.pdf"
    there("export", books[0]["id"], "-o", pdf)
    text = " ".join(_text(pdf))
    assert "Visit to the port of Alat" in text and "Jeyhun Bayramov" in text
    assert re.search(r"Formerly: Minister of Foreign Affairs, Ministry of Foreign Affairs of Azerbaijan \(16 July 2020 – "
                     r"20 January 2025\)", text)
    there("bundle", "import", bundle)  # the same bundle again adds nothing
    assert len(json.loads(there("people", "--json"))) == 1
