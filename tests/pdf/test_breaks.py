"""Page breaks as a book takes them: a heading never ends a page alone, a table leaves no orphan rows."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from briefing.book.content import BookContent, ItemContent, SectionContent
from briefing.pdf import export_pdf

FILLER = ("The two sides agreed to expand cooperation in transit, energy, trade and culture along the "
          "Caspian corridor, and asked their experts to prepare a road map for the next meeting. ") * 4


def _book(paragraphs: int, rows: int, tall: bool = False) -> BookContent:
    table = "| No. | Row | Value |\n|---|---|---|\n" + "\n".join(
        f"| {n} | ROW{n:02d} | {'A very long cell. ' * (400 if tall and n == 2 else 3)} |" for n in range(1, rows + 1))
    text = "\n\n".join([FILLER] * paragraphs + ["## THE HEADING", table, "The end of the note."])
    return BookContent(title="Breaks", marking="OFFICIAL USE ONLY",
                       sections=[SectionContent("Section", [ItemContent("note", "A note", text)])])


def _pages(content: BookContent, tmp_path) -> list[str]:
    path = tmp_path / "breaks.pdf"
    export_pdf(content, path)
    return [p.extract_text() for p in PdfReader(path).pages][2:]


@pytest.mark.parametrize("paragraphs", range(3, 12))
def test_a_heading_stays_with_the_start_of_its_table(paragraphs, tmp_path):
    pages = _pages(_book(paragraphs, 24), tmp_path)
    (page,) = [p for p in pages if "THE HEADING" in p]
    assert len(re.findall(r"ROW\d\d", page)) >= 2, page


@pytest.mark.parametrize("paragraphs", range(3, 12))
def test_no_page_holds_a_single_row_of_a_table(paragraphs, tmp_path):
    pages = _pages(_book(paragraphs, 24), tmp_path)
    counts = [len(re.findall(r"ROW\d\d", p)) for p in pages]
    assert sum(counts) == 24
    assert all(c == 0 or c >= 2 for c in counts), counts


def test_a_heading_over_a_long_table_does_not_empty_the_page(tmp_path):
    # the table does not fit what is left of the page: it starts there rather than on the next
    pages = _pages(_book(2, 60), tmp_path)
    first = next(n for n, p in enumerate(pages) if "THE HEADING" in p)
    assert FILLER.split()[0] in pages[first]


def test_a_row_taller_than_a_page_is_still_printed(tmp_path):
    pages = _pages(_book(1, 4, tall=True), tmp_path)
    text = " ".join(pages)
    assert all(f"ROW{n:02d}" in text for n in range(1, 5))
    assert "The end of the note." in text


@pytest.mark.parametrize("paragraphs", [0, 1, 2])
def test_a_row_taller_than_a_page_starts_under_the_rows_before_it(paragraphs, tmp_path):
    # not split off with a header repeated in the middle of the same page
    pages = _pages(_book(paragraphs, 4, tall=True), tmp_path)
    assert all(p.count("Value") <= 1 for p in pages), [p.count("Value") for p in pages]
    (first,) = [p for p in pages if "ROW01" in p]
    assert "ROW02" in first
