"""Words too long for a line (web addresses, identifiers, text without spaces) are cut to fit it."""

from __future__ import annotations

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.pdf.longwords import cut, pieces
from briefing.pdf.plain import BookParagraph, PlainParagraph
from briefing.pdf.styles import load_theme

URL = "https://example.org/" + "a" * 400
ADDRESS = "https://www.gov.kz/memleket/entities/mfa/press/news/details/512345?lang=en&section=press_releases"


def by_letter(text: str) -> float:
    return 5.0 * len(text)


def test_a_cut_falls_after_a_separator_when_the_line_stays_half_full():
    assert cut("abcdefgh/ijklmnop", 60, by_letter) == 9  # "abcdefgh/" fills 45 of 60
    assert cut("ab/cdefghijklmnop", 60, by_letter) == 12  # "ab/" would leave the line nearly empty
    assert cut("abcdefghijklmnop", 60, by_letter) == 12
    assert cut("abc", 60, by_letter) == 3  # (fits whole)
    assert cut("abc", 4, by_letter) == 0  # not one letter fits


def test_pieces_fit_their_lines_and_keep_every_character():
    parts = pieces(ADDRESS, 100, 150, by_letter)
    assert "".join(parts) == ADDRESS
    assert by_letter(parts[0]) <= 100 and all(by_letter(p) <= 150 for p in parts[1:])
    assert parts[0].endswith("/")
    assert pieces("abc", 2, 2, by_letter) == ["", "a", "b", "c"]  # a line narrower than a letter: one a line


def _lines(para, width: float) -> list[tuple[float, str]]:
    """Each line's width and text, as the paragraph drew it."""
    para.wrap(width, 10_000)
    bl = para.blPara
    style = para.style
    if bl.kind == 0:
        return [(stringWidth(" ".join(words), style.fontName, style.fontSize), " ".join(words)) for _, words in bl.lines]
    return [(line.currentWidth if hasattr(line, "currentWidth") else width - line.extraSpace,
             "".join(w.text for w in line.words)) for line in bl.lines]


@pytest.mark.parametrize("language", ["en", "kk"])  # hyphenated, and set ragged right without hyphenation
@pytest.mark.parametrize("width", [400.0, 180.0, 61.5])
def test_a_plain_paragraph_cuts_an_address_to_the_line(language, width):
    theme = load_theme()
    style = theme.for_language(theme.styles["Body"], language)
    text = f"See {URL} and {ADDRESS} for the details."
    lines = _lines(PlainParagraph(text, style), width)
    assert all(w <= width + 0.01 for w, _ in lines), [(round(w), t[:20]) for w, t in lines]
    assert "".join(t for _, t in lines).replace(" ", "") == text.replace(" ", "")
    assert len(lines) >= len(URL) * 5 // width  # the address was cut, not squeezed


def test_a_paragraph_with_markup_cuts_an_address_to_the_line():
    theme = load_theme()
    style = theme.for_language(theme.styles["Body"], "en")  # hyphenated: ReportLab left the tail whole
    para = BookParagraph(f"See <b>this</b>: {URL} and <i>that</i>.", style)
    lines = _lines(para, 300)
    assert all(w <= 300.5 for w, _ in lines), [round(w) for w, _ in lines]
    assert "a" * 40 in "".join(t for _, t in lines)


def test_a_line_of_text_written_without_spaces_is_cut_between_its_characters():
    theme = load_theme()
    style = theme.for_language(theme.styles["TableCell"], "en")
    text = "哈萨克斯坦与阿塞拜疆" * 20
    lines = _lines(BookParagraph(text, style), 120)  # (these letters are in the symbol font: markup)
    assert len(lines) > 5 and all(w <= 120.5 for w, _ in lines)
    lines = _lines(PlainParagraph("a" * 300, style), 120)
    assert len(lines) > 5 and all(w <= 120.01 for w, _ in lines)


def test_a_paragraph_without_long_words_breaks_as_before():
    theme = load_theme()
    style = theme.for_language(theme.styles["Body"], "en")
    text = "The delegation discussed transit corridors, energy and the Middle Corridor's capacity. " * 6
    plain = _lines(PlainParagraph(text, style), 300)
    stock = _lines(BookParagraph(text, style), 300)
    assert [t for _, t in plain] == [t for _, t in stock]
