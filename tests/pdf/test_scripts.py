"""Every script a document holds prints, or says it cannot: fonts by script, right-to-left runs, placeholders."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from pdfbook import load_book
from pdfminer.high_level import extract_text
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from briefing import fontfiles
from briefing.pdf import export_pdf
from briefing.pdf.bidi import display_order, drawn_in_display_order, shape
from briefing.pdf.glyphs import Glyphs, escape
from briefing.pdf.plain import BookParagraph
from briefing.pdf.styles import load_theme

SCRIPTS = Path(__file__).parent.parent / "fixtures" / "pdf" / "scripts.md"


def _export(tmp_path: Path, markdown: str, name: str = "scripts.pdf") -> Path:
    book = load_book()
    book.sections[0].items[0].markdown = markdown
    out = tmp_path / name
    export_pdf(book, out, helper=False)
    return out


def _lines(path: Path) -> list[str]:
    """The PDF's text as drawn: pdfminer keeps each line's characters in the order they are drawn."""
    return [" ".join(line.split()) for line in extract_text(str(path)).splitlines() if line.strip()]


@pytest.fixture
def no_system_fonts(monkeypatch):
    """Only the pack's own fonts, as on a machine without a Chinese font."""
    def clear():
        fontfiles.system_fonts.cache_clear()
        fontfiles.fallback_for.cache_clear()
        load_theme.cache_clear()  # (its glyphs remember which font printed each character)

    monkeypatch.setenv("BRIEFING_SYSTEM_FONTS", "off")
    clear()
    yield
    monkeypatch.delenv("BRIEFING_SYSTEM_FONTS")
    clear()


def test_georgian_armenian_hebrew_arabic_and_persian_print_in_their_faces(tmp_path):
    out = _export(tmp_path, SCRIPTS.read_text(encoding="utf-8"))
    text = "\n".join(_lines(out))
    assert "ქართული" in text and "Հայերեն" in text and "Ελληνικά" in text
    # Hebrew drawn right to left: its letters in the content stream from the word's last to its first
    assert "תירבע" in text and "עברית" not in text
    # Arabic and Persian joined (presentation forms), drawn right to left
    for word in ("العربية", "كازاخستان", "ایران", "آذربایجان", "القاهرة"):
        shaped = shape(word)
        assert shaped != word and shaped[::-1] in text, word
    fonts = out.read_bytes()
    for face in (b"NotoNaskhArabic-Regular", b"NotoSerifHebrew-Bold", b"NotoSerifHebrew-Regular",
                 b"NotoSerifGeorgian-Regular", b"NotoSerifArmenian-Regular"):
        assert face in fonts, face


def test_a_right_to_left_run_that_wraps_goes_on_at_the_next_line(tmp_path):
    out = _export(tmp_path, SCRIPTS.read_text(encoding="utf-8"))
    lines = _lines(out)
    first = next(i for i, line in enumerate(lines) if "runs over more than one line:" in line)
    # the quotation's first word ends (at the right of) the first line; its last word starts the second
    assert lines[first].endswith("שלום"[::-1])
    assert lines[first + 1].startswith("בעמוד"[::-1]) and lines[first + 1].endswith("and then English again.")


@pytest.mark.skipif(fontfiles.fallback_for(ord("中")) is None, reason="no TrueType font on this machine has Chinese")
def test_chinese_prints_in_a_font_of_the_system(tmp_path):
    text = "\n".join(_lines(_export(tmp_path, SCRIPTS.read_text(encoding="utf-8"))))
    assert "中文文本：哈萨克斯坦与阿塞拜疆。" in text


def test_without_a_font_for_them_characters_print_as_a_placeholder(tmp_path, no_system_fonts):
    assert fontfiles.fallback_for(ord("中")) is None
    out = _export(tmp_path, "Before 中文文本：哈萨克斯坦与阿塞拜疆。 after, and an unassigned \u0378 too.")
    line = next(line for line in _lines(out) if line.startswith("Before"))
    assert line.startswith("Before \ufffd after") and "unassigned \ufffd too." in line  # one for each run
    assert "中" not in line


def test_invisible_characters_without_a_font_draw_nothing():
    glyphs = load_theme().glyphs
    # a zero-width joiner, an emoji's variation selector: nothing to draw, so no placeholder
    assert "\ufffd" not in glyphs.markup("a \u2764\ufe0f b\u200d")


def test_a_flag_prints_as_its_countrys_two_letters(tmp_path, no_system_fonts):
    out = _export(tmp_path, "Neighbours: \U0001F1F0\U0001F1FF\U0001F1E6\U0001F1FF, and \U0001F1FA alone.")
    line = next(line for line in _lines(out) if line.startswith("Neighbours"))
    assert line == "Neighbours: KZ AZ, and U alone."
    glyphs = load_theme().glyphs
    # in the text font, as plain text: no fallback font, no placeholder
    assert glyphs.markup("\U0001F1F0\U0001F1FF flag") == "KZ flag"
    assert glyphs.line_runs("Visit \U0001F1E6\U0001F1FF", "serif") == [("Visit AZ", "serif")]


def test_the_pocket_card_prints_other_scripts(sample_store, tmp_path):
    from practicebook import item_id, load_small_book

    from briefing.book.books import update_book
    from briefing.book.items import update_item
    from briefing.pdf.card import make_card

    book = load_small_book(sample_store)
    update_book(sample_store, book, destination="Tbilisi — თბილისი")  # the card's heading
    update_item(sample_store, item_id(sample_store, book, "Objectives and talking points"),
                body="### Talking points\n\n- **Greeting.** Say שלום and السلام عليكم, and ask for a Հայերեն copy.")
    out = tmp_path / "card.pdf"
    make_card(sample_store, book, out)
    text = " ".join(_lines(out))
    assert "თბილისი" in text and "Հայերեն" in text and "םולש" in text
    assert shape("السلام")[::-1] in text


# ---------------------------------------------------------------- display order


def test_display_order_is_the_unicode_algorithms():
    from bidi import get_display

    rng = random.Random(11)
    alphabet = ["abc", "Қазақ", "שלום", "עולם", "سلام", "ایران", "12", "3.5", " ", " ", ", ", ".", ":", "-", "%", "“", "”"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        assert "".join(c for _, c in display_order(text)) == get_display(text, base_dir="L"), text


def test_a_combining_mark_stays_after_its_letter():
    # shin with a dot, then bet: drawn bet, shin, dot (the font draws the dot back over the shin)
    assert [c for _, c in display_order("\u05e9\u05c1\u05d1")] == ["\u05d1", "\u05e9", "\u05c1"]


def test_lines_are_broken_in_reading_order_and_drawn_in_display_order():
    theme = load_theme()
    words = ["אחד", "שניים", "שלושה", "ארבעה", "חמישה", "שישה", "שבעה", "שמונה"]
    para = BookParagraph("Start " + theme.glyphs.markup(" ".join(words)) + " end.", theme.styles["Body"])
    para.wrap(120, 1000)
    logical = [[f.text for f in line.words] for line in para.blPara.lines]
    assert len(logical) > 1 and "אחד" in "".join(logical[0])
    with drawn_in_display_order(para):
        drawn = ["".join(f.text for f in line.words) for line in para.blPara.lines]
    assert [["".join(f.text for f in line.words)] for line in para.blPara.lines] != [drawn]  # given back after
    assert drawn[0].startswith("Start ") and drawn[0].endswith("דחא")
    assert "".join(drawn).count("דחא") == 1 and drawn[-1].endswith(" end.")


# ---------------------------------------------------------------- Latin and Cyrillic: as before, byte for byte


def _markup_before(glyphs: Glyphs, text: str, bold: bool = False) -> str:
    """The markup of the pack before other scripts had fonts: everything the text fonts lack in the
    symbol font (what it lacks vanishing)."""
    if not glyphs.missing(text):
        return escape(text)
    has = set(pdfmetrics.getFont(glyphs.fallback_font).face.charToGlyph)
    out, last = [], 0
    for m in glyphs._missing.finditer(text):
        if not any(ord(c) in has for c in m.group()):
            continue
        out.append(escape(text[last:m.start()]))
        out.append(f'<font name="{glyphs.fallback_font}">{escape(m.group())}</font>')
        last = m.end()
    out.append(escape(text[last:]))
    return "".join(out)


def test_a_latin_and_cyrillic_book_prints_byte_for_byte_as_before(tmp_path, monkeypatch):
    extra = ("\n\nTrade grew ≈ 12 % → a record ✓; Қазақстан — «Әзірбайжан», Azərbaycan: ş ğ ı ə.\n\n"
             "| Figure | Value |\n|---|---|\n| Growth ≥ 3 % | ★ **≈ 4** |\n\n- a point → *with* ≤ symbols\n")
    book = load_book()
    book.sections[0].items[0].markdown += extra
    now = tmp_path / "now.pdf"
    export_pdf(book, now, helper=False)
    monkeypatch.setattr(Glyphs, "markup", _markup_before)
    monkeypatch.setattr(BookParagraph, "drawPara", Paragraph.drawPara)
    before = tmp_path / "before.pdf"
    export_pdf(book, before, helper=False)
    assert re.search(rb"DejaVuSans", now.read_bytes())  # the symbols did go to the symbol font
    assert now.read_bytes() == before.read_bytes()


def test_what_every_page_carries_prints_other_scripts_too(tmp_path):
    # the running foot, the marking, the copy's banner and the watermark are drawn straight on the page
    book = load_book()
    book.title = "Visit to Tbilisi — თბილისი"
    book.page_banner = "Copy 2 of 5 — Հայերեն"
    book.watermark = "טיוטה"
    out = tmp_path / "decor.pdf"
    export_pdf(book, out, helper=False)
    pages = extract_text(str(out)).split("\f")
    later = " ".join(pages[2].split())
    assert "თბილისი" in later and "Հայերեն" in later
    assert "הטויט" in later  # the watermark, right to left
    assert b"NotoSerifGeorgian-Regular" in out.read_bytes() or b"Georgian" in out.read_bytes()
