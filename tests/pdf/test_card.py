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
    assert info["shortened"]  # the sample's points are long: each cut to its lead and first sentence
    pages = pdf_texts(out)
    text = " ".join(pages)
    for page in pages:
        assert page.count("OFFICIAL USE ONLY") == 2  # top and bottom
    assert "Talking points" in text and "The alliance." in text and "Multilateral." in text
    assert "Open the Supreme Interstate Council" not in text  # an objective, not a talking point
    assert "Key figures" in text and "about USD 500 million" in text and "more than 90" in text
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
    assert "Objective kept off the card" not in text and "Reply kept off the card" not in text


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


def test_shortened_points_keep_the_lead_and_first_sentence():
    from briefing.pdf.card import shorten_points

    text = ("- **Trade.** Trade grew by 40 %. Doubling it is realistic if we use\n"
            "    - trading houses,\n    - joint projects.\n"
            "1. **Energy.** More oil through Baku–Tbilisi–Ceyhan; both sides gain.\n"
            "   Second line of the same point. And more.\n"
            "A loose paragraph. With two sentences.")
    assert shorten_points(text).splitlines() == [
        "- **Trade.** Trade grew by 40 %.",
        "- **Energy.** More oil through Baku–Tbilisi–Ceyhan; both sides gain.",
        "- A loose paragraph.",
    ]
