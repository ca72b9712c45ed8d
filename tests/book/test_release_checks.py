"""Pre-flight's checks that a pack neither contradicts the book nor leaks: an unmarked book, figures
without status, sources dated after the edition or the visit, text for the principal in the press cut."""

from __future__ import annotations

import pytest
from practicebook import doc_id, item_id, load_small_book

from briefing.book.books import create_book, find_book, get_book, update_book
from briefing.book.items import add_documents, add_item, update_item
from briefing.book.preflight import CODES, run_preflight
from briefing.book.sections import add_section, find_section, set_section_audience
from briefing.library.figures import add_figure, update_figure

SAMPLE = "tokayev-baku-2024"


def codes(problems, code):
    return [p for p in problems if p.code == code]


def figure_id(store, slug):
    return store.scalar("SELECT id FROM figures WHERE slug = ?", [slug])


@pytest.fixture
def small(sample_store):
    return sample_store, load_small_book(sample_store)


def test_the_new_codes_are_known():
    assert {"no-marking", "figure-status", "future-source", "internal-in-release"} <= set(CODES)


# ---------------------------------------------------------------- the sample book


def test_the_sample_book_cites_a_report_dated_after_its_edition(sample_store):
    problems = run_preflight(sample_store, find_book(sample_store, SAMPLE))
    [future] = codes(problems, "future-source")
    report = doc_id(sample_store, "qazmonitor-2024-03-12-fourteen-documents")
    assert future.document_id == report and future.severity == "warning"
    assert "12 March 2024, after this edition (5 March 2024)" in future.message
    assert "source of 14 documents it prints" in future.message
    assert future.where.startswith("Agreements to be signed ›")


def test_the_sample_book_holds_no_other_new_warning(sample_store):
    problems = run_preflight(sample_store, find_book(sample_store, SAMPLE))
    assert not codes(problems, "no-marking") and not codes(problems, "figure-status")
    assert not codes(problems, "internal-in-release"), [p.message for p in codes(problems, "internal-in-release")]
    # the counts the scenesetter says not to quote are still stale and in conflict, and the messages say so
    stale = {p.figure_id: p for p in codes(problems, "stale-figure")}
    older_count = stale[figure_id(sample_store, "documents-signed-between-countries-2022-08")]
    assert older_count.message.endswith("it is marked not to be quoted")
    assert "not to be quoted" not in stale[figure_id(sample_store, "trade-turnover-2022")].message


# ---------------------------------------------------------------- no marking


def test_a_book_without_a_marking_is_warned_of(small):
    store, book = small
    update_book(store, book, marking=None)
    [p] = codes(run_preflight(store, book), "no-marking")
    assert p.where == "the book" and "UNMARKED" in p.message and f"book set {book} --marking" in p.message
    update_book(store, book, marking="RESTRICTED")
    assert not codes(run_preflight(store, book), "no-marking")


# ---------------------------------------------------------------- figures


def test_a_figure_without_a_status_is_warned_of_where_the_book_shows_it(small):
    store, book = small
    trade = figure_id(store, "trade-turnover-2022")
    update_figure(store, trade, {"status": None})
    [p] = codes(run_preflight(store, book), "figure-status")
    assert p.figure_id == trade and p.item_id == item_id(store, book, "Key figures")
    assert "has no status" in p.message and f"figure edit {trade} --status" in p.message


def test_a_figure_derived_from_one_no_longer_there_is_warned_of(small):
    store, book = small
    derived = figure_id(store, "trade-turnover-2021-derived")
    store.execute("UPDATE figures SET derived_from = '[987654]' WHERE id = ?", [derived])  # as an old copy may hold
    [p] = codes(run_preflight(store, book), "figure-status")
    assert p.figure_id == derived and "987654" in p.message and "no longer in the library" in p.message


# ---------------------------------------------------------------- dates


def test_a_document_dated_after_the_edition_is_warned_of_and_a_later_edition_clears_it(small):
    store, book = small
    update_book(store, book, edition_date="2023-04-01")
    problems = run_preflight(store, book)
    statement = doc_id(store, "joint-statement-2023-04-10")
    [p] = [p for p in codes(problems, "future-source") if p.document_id == statement]
    assert "prints it" in p.message and "after this edition (1 April 2023)" in p.message
    update_book(store, book, edition_date="2024-03-01")
    assert not codes(run_preflight(store, book), "future-source")


def test_a_source_dated_after_the_visits_start_is_warned_of(small):
    store, book = small
    update_book(store, book, edition_date=None, start_date="2023-01-10")
    found = {p.document_id: p for p in codes(run_preflight(store, book), "future-source")}
    source = store.scalar("SELECT source_document_id FROM figures WHERE slug = 'trade-turnover-2022'")
    assert "after the visit's start (10 January 2023)" in found[source].message
    message = found[source].message
    assert "cites it as the source of the document" in message  # the note on the Astana visit comes from it
    assert "and of 2 figures it prints" in message  # the trade value and a count of documents


def test_the_visits_own_agreements_are_what_it_signs_not_sources(sample_store):
    book = create_book(sample_store, "Signing", marking="UNCLASSIFIED", start_date="2024-03-12", end_date="2024-03-12",
                       edition_date="2024-03-01")
    decision = doc_id(sample_store, "sic-first-meeting-decision-2024")
    add_documents(sample_store, book, [decision], section="To sign")
    [p] = codes(run_preflight(sample_store, book), "future-source")
    assert p.document_id != decision  # its source, the report of the day, is the one cited too early
    assert p.document_id == doc_id(sample_store, "qazmonitor-2024-03-12-fourteen-documents")


# ---------------------------------------------------------------- text for the principal in the press cut


def test_releasable_text_that_reads_as_guidance_is_warned_of(small):
    store, book = small
    section = add_section(store, book, "Press material", audience="releasable")
    note = add_item(store, section, "note", body="Trade grew.\n\n*Desk note:* do not quote the total.")
    fine = add_item(store, section, "note", body="The Council meets for the first time.")
    problems = {p.item_id: p for p in codes(run_preflight(store, book), "internal-in-release")}
    assert "\u201cDesk note:\u201d" in problems[note].message and "\u201cDo not quote\u201d" in problems[note].message
    assert f"set-item {book} {note} --audience internal" in problems[note].message
    assert fine not in problems
    update_item(store, note, audience="internal")
    assert note not in {p.item_id for p in codes(run_preflight(store, book), "internal-in-release")}


def test_a_releasable_item_under_a_section_for_the_principal_would_print_its_heading(small):
    store, book = small
    talking = find_section(store, book, "Talking points")
    set_section_audience(store, talking, "internal")
    line = add_item(store, talking, "note", body="An agreed line.", audience="releasable")
    [p] = [p for p in codes(run_preflight(store, book), "internal-in-release") if p.item_id == line]
    assert "\u201cTalking points\u201d, a section written for the principal" in p.message


def test_what_the_press_cut_leaves_out_for_its_marking_is_not_judged(small):
    store, book = small
    treaty = item_id(store, book, "Treaty on strategic partnership and allied relations between the Republic of "
                                  "Kazakhstan and the Republic of Azerbaijan")
    assert treaty not in {p.item_id for p in codes(run_preflight(store, book), "internal-in-release")}
    update_item(store, treaty, marking="UNCLASSIFIED")  # now the press cut would print it, desk note and all
    [p] = [p for p in codes(run_preflight(store, book), "internal-in-release") if p.item_id == treaty]
    assert "Desk note:" in p.message


def test_a_new_figure_needs_its_status_before_the_book_goes_up(sample_store):
    book = find_book(sample_store, SAMPLE)
    source = doc_id(sample_store, "azertag-2023-04-10-expanded-meeting")
    new = add_figure(sample_store, {"slug": "citizens-2024", "label": "citizens of Kazakhstan of Azerbaijani nationality",
                                    "value": 131000, "as_of": "2024-01", "source_document_id": source, "unit": "people"})
    figures = next(i for s in get_book(sample_store, book)["sections"] for i in s["items"] if i["kind"] == "block"
                   and i["block"]["type"] == "figures")
    update_item(sample_store, figures["id"], block={**figures["block"], "figures": [*figures["block"]["figures"],
                                                                                    "citizens-2024"]})
    assert [p.figure_id for p in codes(run_preflight(sample_store, book), "figure-status")] == [new]
