"""What imported web pages throw at the pack: a 400-character address in a paragraph and in a
table, a table whose third column holds it beside a 900-word cell, a code line of 1,300
characters, text in many scripts and lists nested eight deep. The same Markdown goes in as a
note and as an imported document; nothing may run past the right margin, the table must stay
readable and the book short.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar
from pypdf import PdfReader
from reportlab.lib.units import mm

from briefing.pdf.styles import load_theme

STRESS = Path(__file__).parent.parent / "fixtures" / "pdf" / "stress.md"


@pytest.fixture(scope="module")
def stress_pdf(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from briefing.cli import cli

    def run(*args, input=None):
        result = CliRunner().invoke(cli, ["--store", str(store), *map(str, args)], input=input, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    folder = tmp_path_factory.mktemp("stress")
    store = folder / "library.sqlite"
    run("init")
    run("book", "new", "Stress book")
    run("book", "note", "1", "--section", "Notes", "--title", "Stress", "--body", "-",
        input=STRESS.read_text(encoding="utf-8"))
    doc = json.loads(run("import", STRESS, "--json").stdout)["imported"][0]["id"]
    run("book", "add", "1", doc, "--section", "Docs")
    out = folder / "stress.pdf"
    run("export", "1", "-o", out, "--force")
    return out


def _chars(layout):
    if isinstance(layout, LTChar):
        yield layout
    elif hasattr(layout, "__iter__"):
        for child in layout:
            yield from _chars(child)


def test_nothing_is_printed_past_the_right_margin(stress_pdf):
    margin = load_theme().page["margin_right_mm"] * mm
    over = []
    for number, page in enumerate(extract_pages(stress_pdf), 1):
        edge = page.width - margin + 1.0  # (a point for rounding)
        over += [(number, c.get_text(), round(c.x1)) for c in _chars(page) if c.get_text().strip() and c.x1 > edge]
    assert not over, over[:10]


def test_the_book_stays_short(stress_pdf):
    assert len(PdfReader(stress_pdf).pages) < 15


def _text(pdf: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_the_long_cells_words_are_set_whole(stress_pdf):
    # every word made of the cell's letters, however it was broken (set a letter or two a line,
    # the cell printed "w", "o", "rd" ...); the only other one is the nested list's item "d"
    words = Counter(re.findall(r"(?<!\S)[word]+(?!\S)", _text(stress_pdf)))
    assert words.pop("word") >= 2 * 900  # the note's table and the document's
    assert words <= Counter({"d": 2}), words.most_common(5)


def test_the_long_code_line_wraps_and_the_address_keeps_its_letters(stress_pdf):
    text = _text(stress_pdf)
    assert text.count("\u2192") >= 2 * 10  # each copy's code line wrapped on ten lines or more
    assert len(re.findall("a", text)) >= 2 * 6 * 400  # the paragraph's and five rows' addresses, twice


def test_the_imported_documents_table_prints_as_a_table(stress_pdf):
    reader = PdfReader(stress_pdf)
    docs = [n for n, page in enumerate(reader.pages) if "Docs" in page.extract_text()[:200]]
    assert docs, "the Docs section"
    text = " ".join(page.extract_text() for page in reader.pages[docs[-1]:])
    assert "|" not in text and "---" not in text  # no row printed as its Markdown
    assert re.search(r"(?<!\S)A\s+B\s+C(?!\S)", text)  # its header row, cell by cell, as the note's has it
