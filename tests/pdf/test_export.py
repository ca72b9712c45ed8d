"""The PDF pack read back with pypdf: markings, contents, outline, fonts, scripts, reproducibility."""

from __future__ import annotations

import re

import pytest
from pdfbook import load_book
from pypdf import PdfReader

from briefing.errors import BriefingError, Cancelled
from briefing.pdf import export_pdf

MARKING = "OFFICIAL USE ONLY"


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "book.pdf"
    content = load_book(watermark="DRAFT", page_banner="Copy 2 of 5 — А. Сейтқали")
    result = export_pdf(content, path)
    reader = PdfReader(path)
    return content, result, reader, [p.extract_text() for p in reader.pages]


def test_result_counts_the_pages(pack):
    _, result, reader, _ = pack
    assert result.pages == len(reader.pages) >= 6


def test_marking_top_and_bottom_of_every_page_with_banner_and_footer(pack):
    content, _, _, texts = pack
    total = len(texts)
    for n, text in enumerate(texts, 1):
        assert text.count(MARKING) >= 2, f"page {n}"
        assert "DRAFT" in text
        assert "Copy 2 of 5 — А. Сейтқали" in text
        if n > 1:  # the cover carries no running foot
            assert f"Page {n} of {total}" in text
            assert content.title in text


def _section_pages(content, texts):
    """Where each section's title first appears after the contents page(s)."""
    found = {}
    for section in content.sections:
        for n, text in enumerate(texts, 1):
            if n > 2 and section.title in text.splitlines()[:12]:
                found[section.title] = n
                break
    return found


def test_contents_numbers_are_the_pages_where_sections_start(pack):
    content, _, _, texts = pack
    toc = texts[1]
    assert "Contents" in toc
    starts = _section_pages(content, texts)
    assert len(starts) == len(content.sections)
    for title, page in starts.items():
        m = re.search(re.escape(title) + r"\s*\n\s*(\d+)", toc)
        assert m, title
        assert int(m.group(1)) == page, title


def test_each_section_starts_a_new_page(pack):
    content, _, _, texts = pack
    for title, page in _section_pages(content, texts).items():
        # the running head and foot come first (marking, banner, the book's title, "Page N of M")
        body = texts[page - 1].split(content.title, 1)[1]
        assert title in body.splitlines()[1:3]


def test_contents_entries_are_links(pack):
    _, _, reader, _ = pack
    links = [a.get_object() for a in reader.pages[1].get("/Annots", [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    assert len(links) >= 11  # 5 sections, 1 subsection and 7 items


def test_outline_mirrors_sections_and_items(pack):
    content, _, reader, texts = pack

    def walk(entries, depth=0):
        out = []
        for e in entries:
            if isinstance(e, list):
                out += walk(e, depth + 1)
            else:
                out.append((depth, e.title, reader.get_destination_page_number(e) + 1))
        return out

    outline = walk(reader.outline)
    titles = [t for _, t, _ in outline]
    assert titles[0] == "Contents"
    for section in content.sections:
        assert (0, section.title) in [(d, t) for d, t, _ in outline]
    assert (1, "Ministers") in [(d, t) for d, t, _ in outline]
    assert (2, "Ceyhun Bayramov") in [(d, t) for d, t, _ in outline]
    assert (1, "Joint press statement, Baku") in [(d, t) for d, t, _ in outline]
    starts = _section_pages(content, texts)
    for depth, title, page in outline:
        if depth == 0 and title in starts:
            assert page == starts[title]


def test_every_font_is_embedded_and_none_is_a_base14_font(pack):
    _, _, reader, _ = pack
    seen = set()

    def fonts_of(resources):
        for _, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            seen.add(font["/BaseFont"])
            desc = font.get("/FontDescriptor")
            assert desc is not None, font["/BaseFont"]
            desc = desc.get_object()
            assert "/FontFile2" in desc or "/FontFile" in desc or "/FontFile3" in desc, font["/BaseFont"]
        for _, ref in (resources.get("/XObject") or {}).items():
            xo = ref.get_object()
            if xo.get("/Resources"):
                fonts_of(xo["/Resources"].get_object())

    for page in reader.pages:
        fonts_of(page["/Resources"].get_object())
    assert any("NotoSerif" in f for f in seen) and any("NotoSans" in f for f in seen)


def test_kazakh_azerbaijani_and_russian_text_comes_back_intact(pack):
    _, _, _, texts = pack
    everything = "\n".join(texts)
    for word in ("Тоқаев", "Әзірбайжан", "Azərbaycan", "İlham Əliyev", "Қазақстан", "ғылым", "һәм", "өнеркәсіп",
                 "құрылыс", "үкімет", "əməkdaşlıq", "şəhərə", "Çox", "güclü", "приверженность", "Zuğulba",
                 "Şəhidlər xiyabanı", "Gülüstan"):
        assert word in everything, word
    footer_page = texts[2]
    assert "State visit to Azerbaijan — Әзірбайжан" in footer_page  # the running foot
    assert "İlham Əliyev" in texts[3] or "İlham Əliyev" in "".join(texts[3:5])  # a table cell


def test_document_metadata_block_source_and_endnotes(pack):
    _, _, _, texts = pack
    page = next(t for t in texts if "Joint press statement, Baku" in t and "Kind" in t)
    for expected in ("UNCLASSIFIED", "Joint statement", "24 August 2022", "Speakers", "Akorda press service",
                     "https://www.akorda.kz", "Notes", "1.  Compare the 2023 figure"):
        assert expected in page.replace("\xa0", " "), expected
    assert "one billion dollars1" in page  # the highlight's note number follows it


def test_series_drawn_as_a_chart(pack):
    _, _, _, texts = pack
    page = next(t for t in texts if "Trade turnover Kazakhstan–Azerbaijan" in t)
    for label in ("2019", "2023", "475", "Source: Bureau of National Statistics"):
        assert label in page


def test_cover(pack):
    _, _, _, texts = pack
    cover = texts[0]
    for expected in ("BRIEFING BOOK", "State visit to Azerbaijan", "Қасым-Жомарт Тоқаев", "Baku, Azərbaycan",
                     "12–13 March 2024", "Prepared for:", "Prepared by:", "Edition 3 of 5 March 2024", "Full brief",
                     "Copy 2 of 12"):
        assert expected in cover, expected


def test_pdf_metadata(pack):
    content, _, reader, _ = pack
    meta = reader.metadata
    assert meta.title == content.title
    assert meta.author == content.prepared_by
    assert "12–13 March 2024" in meta.subject
    assert "Middle Corridor" in meta["/Keywords"]


def test_two_exports_are_byte_identical(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    export_pdf(load_book(), a)
    export_pdf(load_book(), b)
    assert a.read_bytes() == b.read_bytes()


def test_letter_paper(tmp_path):
    path = tmp_path / "letter.pdf"
    export_pdf(load_book(paper="letter"), path)
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_progress_reaches_the_total(tmp_path):
    seen = []
    export_pdf(load_book(), tmp_path / "p.pdf", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancelled_export_leaves_no_file_and_keeps_the_previous_one(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(b"previous edition")
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled, match="cancelled"):
        export_pdf(load_book(), path, should_cancel=cancel)
    assert path.read_bytes() == b"previous edition"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]

    fresh = tmp_path / "new.pdf"
    with pytest.raises(Cancelled):
        export_pdf(load_book(), fresh, should_cancel=lambda: True)
    assert not fresh.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.pdf"]


def test_failed_export_keeps_the_previous_file(tmp_path):
    path = tmp_path / "book.pdf"
    path.write_bytes(b"previous edition")

    def boom(done: int, total: int) -> None:
        if done == 3:
            raise RuntimeError("disk trouble")

    with pytest.raises(RuntimeError):
        export_pdf(load_book(), path, progress=boom)
    assert path.read_bytes() == b"previous edition"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_bad_target_and_paper_are_clear_errors(tmp_path):
    with pytest.raises(BriefingError, match="does not exist"):
        export_pdf(load_book(), tmp_path / "missing" / "book.pdf")
    with pytest.raises(BriefingError, match="paper size"):
        export_pdf(load_book(paper="a3"), tmp_path / "book.pdf")


def test_symbols_the_text_fonts_lack_are_printed_not_dropped(tmp_path):
    from briefing.book.content import ItemContent, SectionContent

    note = ItemContent("note", "Figures → talking points", "Per capita: 500 / 1.4 ≈ 357; target ≥ 90 ✓")
    content = load_book(sections=[SectionContent("Key figures", items=[note])])
    path = tmp_path / "symbols.pdf"
    export_pdf(content, path)
    reader = PdfReader(path)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "500 / 1.4 ≈ 357" in text and "≥ 90 ✓" in text and "Figures → talking points" in text
    fonts = {f.get_object()["/BaseFont"] for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in f for f in fonts)


def test_a_metadata_block_taller_than_the_space_left_splits_between_rows():
    from reportlab.platypus import Paragraph

    from briefing.pdf.metablock import MetaBlock
    from briefing.pdf.styles import load_theme

    theme = load_theme()
    style = theme.styles["MetaValue"]
    rows = [(Paragraph(f"Row {i}", style), Paragraph("value " * 30, style)) for i in range(12)]
    block = MetaBlock(rows, 60, background=theme.colour("meta_background"), rule=theme.colour("accent"))
    _, height = block.wrap(400, 10_000)
    head, tail = block.split(400, height / 2)
    assert head.wrap(400, 10_000)[1] <= height / 2
    assert len(head.rows) + len(tail.rows) == 12 and head.rows and tail.rows
    assert block.split(400, 5) == []  # not even one row fits: the block moves to the next page whole
