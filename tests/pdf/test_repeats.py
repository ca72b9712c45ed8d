"""A pack says a thing once: the details box, a section's title, the figures; the box names the
instrument and the language."""

from __future__ import annotations

from pypdf import PdfReader

from briefing.book.content import BookContent, DocumentMeta, ItemContent, SectionContent
from briefing.pdf import export_pdf

PARTICULARS = """# Decision of the first meeting

| | |
|---|---|
| Date of signature | 12 March 2024, Baku, during the state visit |
| Instrument | Decision |
| Kazakh party | Republic of Kazakhstan |
| Azerbaijani party | Republic of Azerbaijan |
| No. in the list of 14 | 1 |

## What it covers

The decision is the formal outcome of the Council's first session.
"""

FIGURES_BLOCK = """| Figure | Value | As of | Status | Source | Said by |
|---|---|---|---|---|---|
| bilateral trade turnover | about USD 500 million | 2022 | reported | Remarks (2023-04-10) | Tokayev |
| bilateral trade turnover target | USD 1 billion | 2023-04-10 | reported | Remarks | Tokayev |
| citizens of Kazakhstan of Azerbaijani nationality | 130,000 | 2023 | reported | Remarks | Tokayev |"""

NOTE_WITH_FIGURES = """Background.

| Figure | Value | As of | Said by |
|---|---|---|---|
| Bilateral trade turnover | about USD 500 million (+40 %) | 2022 | Tokayev |
| Trade target | USD 1 billion | – | Tokayev |
| Kazakh citizens of Azerbaijani nationality | 130,000 | 2023 | Tokayev |
| Documents signed on 12 March 2024 | 14 | March 2024 | press reports |

After the table."""


def _book() -> BookContent:
    meta = DocumentMeta(kind="agreement", date="2024-03-12", place="Baku", language="en", instrument="decision",
                        parties=["Republic of Kazakhstan", "Republic of Azerbaijan"], source="Press report")
    return BookContent(title="Visit", marking="OFFICIAL USE ONLY", sections=[
        SectionContent("Agreements to be signed", [
            ItemContent("document", "Decision of the first meeting", PARTICULARS, meta=meta)]),
        SectionContent("Agreements in force", [
            ItemContent("block", "Agreements in force", "| Date | Title |\n|---|---|\n| 2005-05-24 | Treaty |"),
            ItemContent("note", "Treaty", "Basic treaty.")]),
        SectionContent("Key figures", [ItemContent("block", "Figures and their sources", FIGURES_BLOCK)]),
        SectionContent("Background", [
            ItemContent("document", "Background note: Relations", "# Relations\n\n" + NOTE_WITH_FIGURES,
                        meta=DocumentMeta(kind="note", language="ru"))]),
    ])


def _pages(tmp_path) -> tuple[PdfReader, list[str]]:
    path = tmp_path / "book.pdf"
    export_pdf(_book(), path)
    reader = PdfReader(path)
    return reader, [p.extract_text() for p in reader.pages]


def _page_with(texts: list[str], words: str) -> str:
    return next(t for t in texts[2:] if words in t)


def test_a_table_of_particulars_joins_the_details_box(tmp_path):
    _, texts = _pages(tmp_path)
    page = _page_with(texts, "Decision of the first meeting")
    assert "Date of signature" not in page and "Kazakh party" not in page
    assert "No. in the list of 14" in page  # what the box lacked joins it
    assert page.count("Republic of Kazakhstan") == 1
    assert "What it covers" in page


def test_the_box_names_the_instrument_and_the_language(tmp_path):
    _, texts = _pages(tmp_path)
    page = _page_with(texts, "Decision of the first meeting")
    assert "Instrument\nDecision" in page
    assert "Kind" not in page and "\nAgreement\n" not in page
    assert "Language\nEnglish" in page and "Language\nen\n" not in page
    assert "12 March 2024" in page
    note = _page_with(texts, "Background note")
    assert "Language\nRussian" in note


def test_a_section_title_is_not_repeated_as_its_items_heading(tmp_path):
    reader, texts = _pages(tmp_path)
    page = _page_with(texts, "Agreements in force")
    assert page.count("Agreements in force") == 1
    assert "24 May 2005" in page  # a block's dates in the book's style
    contents = texts[1]
    assert contents.count("Agreements in force") == 1
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert outline.count("Agreements in force") == 1


def test_a_heading_repeating_the_title_after_its_label_is_dropped(tmp_path):
    _, texts = _pages(tmp_path)
    page = _page_with(texts, "Background note")
    assert page.count("Relations") == 1


def test_figures_the_book_gives_are_not_printed_twice(tmp_path):
    reader, texts = _pages(tmp_path)
    page = _page_with(texts, "Background note")
    assert "130,000" not in page and "USD 1 billion" not in page and "500 million" not in page
    assert "Documents signed on 12 March 2024" in page  # a row the figures block lacks stays
    assert "printed there only" in page and "Figures and their sources" in page
    assert "After the table." in page
    # the line links to the figures block's page
    figures_page = next(i for i, t in enumerate(texts) if i > 1 and "Figures and their sources" in t)
    here = texts.index(page)
    targets = [a.get_object()["/Dest"][0] for a in reader.pages[here].get("/Annots", [])]
    assert reader.pages[figures_page].indirect_reference in targets


def test_a_heading_giving_the_titles_first_words_and_year_is_dropped():
    from briefing.pdf.markdown import _repeats

    title = "Treaty on strategic partnership and allied relations between Kazakhstan and Azerbaijan"
    assert _repeats(title, "Treaty on strategic partnership and allied relations (2005)")
    assert not _repeats(title, "Treaty")  # too short to say so
    assert not _repeats(title, "What the treaty says")
