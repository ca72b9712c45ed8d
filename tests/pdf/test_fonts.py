"""BookFont encodes text exactly as ReportLab's own TrueType loop does."""

from __future__ import annotations

import random

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from briefing.pdf.fonts import BookFont
from briefing.pdf.styles import load_theme


def test_split_string_matches_reportlab_across_subsets(tmp_path):
    load_theme()
    ours = pdfmetrics.getFont("BB-serif")
    assert isinstance(ours, BookFont)
    reference = TTFont("reference-serif", ours.face.filename)
    doc_a, doc_b = Canvas(str(tmp_path / "a.pdf"))._doc, Canvas(str(tmp_path / "b.pdf"))._doc
    # Latin, Cyrillic (Kazakh, Russian), Azerbaijani, symbols, no-break spaces, characters the face
    # lacks: more than 256 distinct characters, so strings switch between subsets
    alphabet = ("abc Әәқ ҚЖжəƏ\xa0ы 123 ≈ → “”—\u4e00" + "".join(map(chr, range(0x400, 0x52F)))
                + "".join(map(chr, range(0xC0, 0x24F))))
    rng = random.Random(7)
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        assert ours.splitString(text, doc_a) == TTFont.splitString(reference, text, doc_b), text
    assert len(ours.state[doc_a].subsets) > 1


def test_a_book_font_is_set_up_as_reportlab_sets_up_a_truetype_font():
    load_theme()
    ours = pdfmetrics.getFont("BB-sans")
    reference = TTFont("BB-sans", ours.face.filename)
    theirs = {k: v for k, v in vars(reference).items() if k not in ("face", "state", "encoding")}
    assert {k: v for k, v in vars(ours).items() if k in theirs} == theirs
    assert set(vars(reference)) <= set(vars(ours))
    assert ours.face.name == reference.face.name and ours.stringWidth("Әзірбайжан", 9) == reference.stringWidth(
        "Әзірбайжан", 9)


def test_faces_are_read_only_when_a_book_prints_them(tmp_path):
    from pdfbook import load_book

    from briefing.pdf import export_pdf

    load_theme()
    symbols = pdfmetrics.getFont("BB-symbols")
    vars(symbols).pop("face", None)  # (as registered: another test may have printed a symbol)
    export_pdf(load_book(), tmp_path / "plain.pdf")
    assert "face" not in vars(symbols)
    book = load_book()
    book.sections[0].items[0].markdown += "\n\nTrade grew ≈ 12 % → a record."
    export_pdf(book, tmp_path / "symbols.pdf")
    assert "face" in vars(symbols)


def test_a_damaged_font_file_is_named(tmp_path):
    import pytest

    from briefing.errors import BriefingError

    damaged = tmp_path / "Damaged.ttf"
    damaged.write_bytes(b"not a font")
    for use in (lambda font: font.stringWidth("x", 9), lambda font: font.face):
        with pytest.raises(BriefingError, match="Damaged.ttf: not a usable TrueType font"):
            use(BookFont("BB-damaged", str(damaged)))
