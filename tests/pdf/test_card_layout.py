"""The pocket card's layout: markings and page numbers inside 5 mm of the edge, no type under the
promised minimum, every font embedded, the book's quotes and dashes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from briefing.pdf.card import MIN_SIZE, make_card
from briefing.pdf.fonts import font_name
from briefing.pdf.styles import load_theme

MM = 72 / 25.4


@pytest.fixture(scope="module", params=["a6", "a5"])
def card(request, tmp_path_factory, _sample_template):
    import shutil

    from briefing.library.opening import open_store

    load_theme()  # (the fonts registered, for their metrics)
    folder = tmp_path_factory.mktemp("card")
    out = folder / f"card-{request.param}.pdf"
    shutil.copyfile(_sample_template, folder / "sample.sqlite")
    store = open_store(folder / "sample.sqlite")
    try:
        info = make_card(store, 1, out, size=request.param, force=True)
    finally:
        store.close()
    return request.param, info, PdfReader(out)


def _runs(page):
    """(text, x, baseline, size, font) for every piece of text drawn on the page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (tm[0] * cm[0]) if tm[0] and cm[0] else 1
            x = tm[4] * cm[0] + cm[4]
            y = tm[5] * cm[3] + cm[5]
            runs.append((text, x, y, abs(size * scale), font))

    page.extract_text(visitor_text=visit)
    return runs


def test_markings_and_numbers_are_at_least_5_mm_from_the_edge(card):
    size, info, reader = card
    ascent, descent = getAscentDescent(font_name("sans", "bold"), MIN_SIZE[size])
    for page in reader.pages:
        height = float(page.mediabox.height)
        width = float(page.mediabox.width)
        runs = _runs(page)
        assert runs
        for text, x, y, _, _ in runs:
            assert x >= 5 * MM - 0.01, text
            assert y + descent >= 5 * MM - 0.01, text  # the foot of its letters
            assert y + ascent <= height - 5 * MM + 0.01, text  # the top of its letters
        # the page number, bottom right, inside the margin too
        number = [r for r in runs if r[0].strip().isdigit() and r[1] > width / 2]
        assert number


def test_no_type_under_the_promised_minimum(card):
    size, info, reader = card
    for page in reader.pages:
        sizes = {round(r[3], 2) for r in _runs(page)}
        assert min(sizes) >= MIN_SIZE[size] - 0.01, sorted(sizes)


def test_every_font_is_embedded(card):
    _, _, reader = card
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            assert "Helvetica" not in str(font["/BaseFont"]) and "Times" not in str(font["/BaseFont"])
            descriptor = font.get("/FontDescriptor")
            if descriptor is None:  # a Type0 font: its descendant carries the file
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
