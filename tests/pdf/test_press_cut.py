"""The sample pack's press cut, read back from the PDF: releasable content only, under its own cover;
charts draw derived values apart; an unmarked book says so on every page."""

from __future__ import annotations

import pytest
from practicebook import pdf_texts

from briefing.book.books import create_book, update_book
from briefing.book.items import add_item
from briefing.book.profiles import load_profile
from briefing.book.sections import add_section
from briefing.library.opening import open_store

SAMPLE = "tokayev-baku-2024"
INTERNAL_HEADINGS = ("Scenesetter", "Objectives and talking points", "Speeches and statements", "Background documents",
                     "Notes for the delegation", "What was agreed in Astana", "Highlights of the Astana remarks")


@pytest.fixture
def export(sample_path, run_cli, tmp_path):
    def run(book: str, profile: str | None = None, *extra: str) -> list[str]:
        out = tmp_path / f"{profile or 'full'}.pdf"
        args = ["--store", sample_path, "export", book, "-o", out, *extra] + (["--profile", profile] if profile else [])
        result = run_cli(*args)
        assert result.exit_code == 0, result.output
        return pdf_texts(out)

    return run


def test_the_sample_press_cut_holds_no_internal_guidance(export):
    pages = export(SAMPLE, "press")
    text = " ".join(pages)
    markers = load_profile("press").internal_markers
    assert markers
    found = [m for m in markers if m.casefold() in text.casefold()]
    assert found == [], found
    for heading in INTERNAL_HEADINGS:
        assert heading not in text, heading
    for leak in ("Prepared for", "Prepared by", "The President of the Republic of Kazakhstan", "Briefing Book desk",
                 "more than 90", "about 120", "Address as", "Pronounced", "paraphrase", "Paraphrase",
                 "Notes on the figures", "Card:", "OFFICIAL USE ONLY"):
        assert leak not in text, leak
    # what it does hold: its own cover and title, and what may be handed out
    assert pages[0].startswith("UNCLASSIFIED UNCLASSIFIED PRESS PACK State visit of President Tokayev to Azerbaijan")
    assert "BRIEFING BOOK" not in pages[0] and "Briefing for the state visit" not in text
    assert all(p.count("UNCLASSIFIED") >= 2 for p in pages)
    for kept in ("Programme of the visit", "Counterparts", "Documents prepared for signature", "Agreements in force",
                 "Figures and their sources", "Visits and meetings since 2005"):
        assert kept in text, kept
    # a derived value may be printed, drawn apart and with how it was obtained
    assert "\u2248 357" in text and "derived from bilateral trade turnover" in text


def test_the_full_pack_draws_the_derived_trade_value_apart_and_names_the_figures_not_to_quote(export):
    pages = export(SAMPLE)
    chart = next(p for p in pages if "Bilateral trade turnover (USD million)" in p)
    assert "\u2248 357" in chart and "\u2248 2021" in chart
    assert "2021: derived from bilateral trade turnover" in chart and "no source states it" in chart
    figures = next(p for p in pages if "Figures and their sources" in p and "Status" in p)
    assert "do not quote" in figures and "not stated in any source" in figures
    text = " ".join(pages)
    assert "Prepared for: The President of the Republic of Kazakhstan" in pages[0]
    assert "Card: Give the business council concrete tasks to double trade." in text  # the full pack shows it


def test_an_unmarked_book_says_so_on_the_cover_and_every_page(sample_path, export):
    with open_store(sample_path) as store:
        book = create_book(store, "Unmarked brief", template="State visit")
        note = add_section(store, book, "Press lines", audience="releasable")
        add_item(store, note, "note", body="The visit strengthens the alliance.")
    pages = export(str(book))
    assert all(p.count("UNMARKED") >= 2 for p in pages)
    assert pages[0].count("UNMARKED") >= 3  # and in the cover's box, which is never empty
    with open_store(sample_path) as store:
        update_book(store, book, marking="RESTRICTED")
    assert "UNMARKED" not in " ".join(export(str(book)))


def test_a_hostile_book_leaks_nothing_internal_into_its_press_cut(sample_path, export, run_cli):
    with open_store(sample_path) as store:
        book = create_book(store, "Hostile brief", template="State visit", marking="UNCLASSIFIED",
                           prepared_for="The Minister", prepared_by="Desk X")
        talking = next(r["id"] for r in store.rows("SELECT id FROM book_sections WHERE book_id = ? AND role = "
                                                     "'talking-points'", [book]))
        add_item(store, talking, "note", body="- **Secret line.** Say zulu-one.")  # internal by its section
        mixed = add_section(store, book, "Handouts")  # no audience: a note is internal, a document releasable
        add_item(store, mixed, "note", body="Desk note: zulu-two stays with us.")
        released = add_section(store, book, "Releasable", audience="releasable")
        add_item(store, released, "note", body="Public line kilo-one.")
        add_item(store, released, "note", body="*Desk note:* zulu-three.")  # releasable, yet reads as guidance
    check = run_cli("--store", sample_path, "preflight", str(book))
    assert "internal-in-release" in check.output and "Desk note:" in check.output
    text = " ".join(export(str(book), "press", "--force"))
    assert "zulu-one" not in text and "zulu-two" not in text and "Objectives and talking points" not in text
    assert "kilo-one" in text and "The Minister" not in text and "Desk X" not in text
    assert "zulu-three" in text  # the author's choice, which pre-flight warned of


def test_the_press_cuts_change_list_names_nothing_internal(sample_path, export):
    from briefing.book.books import find_book, get_book
    from briefing.book.editions import publish
    from briefing.book.items import delete_item

    with open_store(sample_path) as store:
        book = find_book(store, SAMPLE)
        publish(store, book)
        sections = {s["title"]: s for s in get_book(store, book)["sections"]}
        delete_item(store, sections["Scenesetter"]["items"][0]["id"])  # internal: "The setting"
        delete_item(store, sections["Objectives and talking points"]["items"][1]["id"])
    full = " ".join(export(SAMPLE))
    assert "Removed (2)" in full and "What was agreed in Astana" in full
    pages = export(SAMPLE, "press")
    text = " ".join(pages)
    assert "Edition 1 of" in pages[0]  # nothing the press may see changed: no list of changes at all
    assert "Changes since edition" not in text and "Removed" not in text
    assert "What was agreed in Astana" not in text and "Scenesetter" not in text
