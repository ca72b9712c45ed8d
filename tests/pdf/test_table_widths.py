"""A table's columns share the page by their text: a web address cannot starve the other columns."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.pdf.styles import load_theme
from briefing.pdf.tables import FLOOR, WORD_SHARE, column_widths

URL = "https://example.org/" + "a" * 400
LONG_TEXT = " ".join(["word"] * 900)


def _cell():
    return load_theme().styles["TableCell"]


def test_an_address_column_leaves_the_text_column_room_to_read():
    st = _cell()
    cells = [(0, "A", st), (1, "B", st), (2, "C", st)]
    cells += [(0, str(n), st) for n in range(4)] + [(1, "x", st)] * 3 + [(2, URL, st)] * 3
    cells += [(1, LONG_TEXT, st)]
    widths = column_widths(cells, 3, 450)
    assert abs(sum(widths) - 450) < 0.01
    assert widths[1] > 450 / 4  # the 900 words get a column to be read in, not a few letters
    assert widths[2] >= WORD_SHARE * 450  # the address's column as wide as the share a word may claim
    assert widths[0] >= stringWidth("3", st.fontName, st.fontSize) + 8


def test_columns_of_long_words_are_squeezed_no_narrower_than_the_floor():
    st = _cell()
    words = ["Kazakhstan"] + ["Telecommunications"] * 10  # (scaled alike, Kazakhstan's column was 9 mm)
    cells = [(j, w, st) for j, w in enumerate(words)]
    widths = column_widths(cells, len(words), 450)
    assert abs(sum(widths) - 450) < 0.01
    assert min(widths) >= FLOOR - 0.01
    words = ["Kazakhstan", "Azerbaijan", "Intergovernmental", "Telecommunications", "Interconnectivity",
             "Transcontinental", "Decarbonisation", "Representatives", "Infrastructure"]
    # a column of a short word keeps its width rather than give it to a longer one
    cells = [(0, "12", st)] + [(j, w, st) for j, w in enumerate(words[:8], 1)]
    widths = column_widths(cells, 9, 450)
    assert widths[0] < FLOOR and widths[0] >= 8.5 + 12 - 0.01
