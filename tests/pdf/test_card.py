"""The pocket card: page size, at most two pages, talking points and figures, the marking top and bottom."""

from __future__ import annotations

import json

import pytest
from practicebook import item_id, load_small_book, pdf_texts
from pypdf import PdfReader

from briefing.book.books import create_book
from briefing.book.items import update_item
from briefing.errors import BriefingError
from briefing.library.opening import open_store
from briefing.pdf.card import make_card

A6 = (297.64, 419.53)  # points
A5 = (419.53, 595.28)


def size_of(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def test_sample_book_card_is_a6_at_most_two_pages(sample_path, run_cli, tmp_path):
    out = tmp_path / "card.pdf"
    result = run_cli("--store", sample_path, "card", "tokayev-baku-2024", "-o", out, "--json")
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    reader = PdfReader(out)
    assert 1 <= len(reader.pages) == info["pages"] <= 2
    assert all(size_of(p) == A6 for p in reader.pages)
    assert info["font_size"] >= 12  # read at arm's length
    assert info["shortened"] == []  # the sample's long points carry card lines of their own: nothing is cut
    pages = pdf_texts(out)
    text = " ".join(pages)
    for page in pages:
        assert page.count("OFFICIAL USE ONLY") == 2  # top and bottom
    assert "Talking points" in text and "The alliance." in text and "Multilateral." in text
    # a point's own card line, the ask first, rather than its background
    assert "Trade. Give the business council concrete tasks to double trade." in text
    assert "Trade grew by some 40 %" not in text and "Card:" not in text
    assert "Open the Supreme Interstate Council" not in text  # an objective, not a talking point
    assert "If raised" in text and "Reconstruction in Karabakh:" in text and "a broad treaty base" in text
    assert "Key figures" in text and "about USD 500 million" in text
    assert "more than 90" not in text and "about 120" not in text  # the counts not to be quoted
    assert "14 months old at the visit" in text  # a stale figure goes with its caveat
    assert "357" not in text  # an older point of a series: only the newest value goes on the card


def test_a5_card(sample_store, tmp_path):
    out = tmp_path / "card.pdf"
    info = make_card(sample_store, 1, out, size="a5")
    reader = PdfReader(out)
    assert info["size"] == "a5" and len(reader.pages) <= 2
    assert all(size_of(p) == A5 for p in reader.pages)


def test_small_book_takes_only_its_talking_points(sample_store, tmp_path):
    book = load_small_book(sample_store)
    out = tmp_path / "card.pdf"
    info = make_card(sample_store, book, out)
    text = " ".join(pdf_texts(out))
    assert info["pages"] == 1 and info["font_size"] == 15 and not info["shortened"]  # short points: the largest type
    assert "Point alpha about the Council" in text and "Point bravo" in text
    assert "Objective kept off the card" not in text
    assert "If raised" in text and "Reply kept off the card" in text  # the replies have their place


def test_a_book_without_talking_points_is_a_clear_error(sample_path, run_cli, tmp_path):
    with open_store(sample_path) as store:
        book = create_book(store, "Bare book", marking="UNCLASSIFIED")
    result = run_cli("--store", sample_path, "card", book, "-o", tmp_path / "card.pdf")
    assert result.exit_code == 1
    assert "has no talking-points section" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "card.pdf").exists()


def test_too_much_to_read_on_two_cards_is_refused(sample_store, tmp_path):
    book = load_small_book(sample_store)
    long = "\n".join(f"- **Point {n}.** " + "A long sentence that goes on and on. " * 6 for n in range(40))
    update_item(sample_store, item_id(sample_store, book, "Objectives and talking points"), body=long)
    with pytest.raises(BriefingError, match="do not fit on 2 A6 pages.*--size a5"):
        make_card(sample_store, book, tmp_path / "card.pdf")
    assert not (tmp_path / "card.pdf").exists()


def test_card_refuses_on_a_check_error_unless_forced(sample_store, tmp_path):
    book = load_small_book(sample_store)
    update_item(sample_store, item_id(sample_store, book, "Key figures"), marking="SECRET")
    with pytest.raises(BriefingError, match="pre-flight"):
        make_card(sample_store, book, tmp_path / "card.pdf")
    assert make_card(sample_store, book, tmp_path / "card.pdf", force=True)["pages"] == 1


def test_shortened_points_keep_the_lead_and_the_ask():
    from briefing.pdf.card import shorten_points

    text = ("- **Trade.** Trade grew by 40 %. Doubling it is realistic if we use\n"
            "    - trading houses,\n    - joint projects.\n"
            "1. **Energy.** More oil through Baku–Tbilisi–Ceyhan; both sides gain.\n"
            "   Second line of the same point. We should agree on volumes. And more.\n"
            "- **Transit.** The train shows the route works. Shippers need one price.\n"
            "  - *Card:* Ask for one price across the Caspian.\n"
            "A loose paragraph. With two sentences.")
    assert shorten_points(text).splitlines() == [
        "- **Trade.** Doubling it is realistic if we use",  # no ask in words: the last sentence, not the background
        "- **Energy.** We should agree on volumes.",
        "- **Transit.** Ask for one price across the Caspian.",  # its own card line
        "- With two sentences.",
    ]


def test_the_card_says_which_points_it_shortened(sample_store, tmp_path):
    book = load_small_book(sample_store)
    long = "\n".join(
        f"- **Point {n}.** " + "Background that runs on and on for a while. " * 4 + f"We ask for answer {n}."
        for n in range(12))
    update_item(sample_store, item_id(sample_store, book, "Objectives and talking points"),
                body="### Talking points\n\n" + long + "\n- **Short.** We ask for this.\n"
                     "    - Card: Ask for that.\n\n### If raised\n\n- *Gas:* Not on the agenda.")
    out = tmp_path / "card.pdf"
    info = make_card(sample_store, book, out)
    text = " ".join(pdf_texts(out))
    assert info["shortened"] == [f"Point {n}" for n in range(12)]
    assert "Point 3. We ask for answer 3." in text and "Background that runs" not in text
    assert "Short. Ask for that." in text  # written for the card: not said to be shortened
    assert "Shortened for the card: Point 0, Point 1" in text and "The book has them whole." in text
    assert "If raised" in text and "Gas: Not on the agenda." in text


def test_an_unmarked_book_prints_unmarked_on_its_card(sample_store, tmp_path):
    from briefing.book.books import update_book

    book = load_small_book(sample_store)
    update_book(sample_store, book, marking=None)
    out = tmp_path / "card.pdf"
    make_card(sample_store, book, out, force=True)  # its OFFICIAL USE ONLY item is above an unmarked book
    assert all(page.count("UNMARKED") == 2 for page in pdf_texts(out))
