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
