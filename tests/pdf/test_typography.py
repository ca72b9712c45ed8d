"""Set like a book: one scale of type sizes, hyphenation by language, quotes, dashes and dates."""

from __future__ import annotations

import re

import pyphen
import pytest
from pdfbook import load_book
from pypdf import PdfReader
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT

from briefing.pdf import export_pdf
from briefing.pdf.markdown import MarkdownRenderer
from briefing.pdf.plain import PlainParagraph
from briefing.pdf.styles import load_theme
from briefing.pdf.typography import Hyphenator, book_dates, language_of

ENGLISH = ("The ministries, regions and state companies have spent a year preparing a package of fourteen "
           "documents, and the intergovernmental commission gives the Presidents a fixed place to check "
           "what was promised in the comprehensive programme of cooperation and its implementation. ") * 3
KAZAKH = ("Тараптар көлік энергетика сауда және мәдениет салаларындағы ынтымақтастықты кеңейтуге келісті "
          "министрлер теміржол порт және құбыр жобалары бойынша ілгерілеуді атап өтті. ") * 3


@pytest.fixture(scope="module")
def theme():
    return load_theme()


@pytest.fixture
def md(theme):
    renderer = MarkdownRenderer(theme)
    renderer.width = 300
    return renderer


# -- type sizes ------------------------------------------------------------------------------
def test_body_tables_details_and_notes_keep_to_the_minimum_sizes(theme):
    st = theme.styles
    assert 10.5 <= st["Body"].fontSize <= 11
    for name in ("TableCell", "TableHead", "MetaLabel", "MetaValue", "Note", "Caption", "Code", "ItemMarking"):
        assert st[name].fontSize >= 9, name
    assert theme.page["chart_label_size"] >= 8


def test_a_few_type_sizes_only(theme):
    sizes = {s.fontSize for s in theme.styles.values()}
    assert len(sizes) <= 6, sorted(sizes)
    assert sizes <= {8, 9, 10.5, 12, 14, 18, 26}


def _font_sizes(reader: PdfReader) -> set[float]:
    sizes = set()
    for page in reader.pages:
        contents = page.get_contents()
        data = contents.get_data() if contents is not None else b""
        sizes |= {float(m) for m in re.findall(rb"/\S+ ([\d.]+) Tf", data)}
    return sizes


def test_nothing_in_a_pack_is_set_below_eight_points(tmp_path):
    # the chart's labels included: a chart is drawn in its page's stream
    path = tmp_path / "book.pdf"
    export_pdf(load_book(), path)
    sizes = _font_sizes(PdfReader(path))
    # 8.5: a note's number raised beside its passage, two points under the body
    assert min(sizes) >= 8, sorted(sizes)


# -- hyphenation -----------------------------------------------------------------------------
@pytest.mark.parametrize("dictionary", ["en_GB", "ru_RU"])
def test_hyphenation_points_are_pyphens(dictionary):
    mine = Hyphenator(dictionary, left=2, right=3, min_word=2)
    theirs = pyphen.Pyphen(lang=dictionary, left=2, right=3)
    words = ["cooperation", "intergovernmental", "implementation", "programme", "сотрудничество",
             "государственный", "межгосударственного", "ынтымақтастық", "hyphenation"]
    for word in words:
        assert mine.positions(word) == [int(p) for p in theirs.positions(word)], word


def test_names_short_words_and_compounds():
    h = Hyphenator("en_GB")
    assert h.pairs("Tokayev") == ()  # a name stays whole
    assert h.pairs("state") == ()  # shorter than six letters
    assert h.pairs("medium-sized") == (("medium-", "sized"),)  # only after its own hyphen
    assert h.pairs("KazMunayGas\u2013SOCAR") == (("KazMunayGas\u2013", "SOCAR"),)  # or dash, a name too
    assert h.pairs("cooperation,")[0] == ("coopera", "tion,")


def _lines(paragraph: PlainParagraph, width: float) -> list[list[str]]:
    paragraph.wrap(width, 1000)
    return [words for _, words in paragraph.blPara.lines]


def test_english_is_justified_and_hyphenated(md):
    p = md.plain(ENGLISH, md.styles["Body"])
    assert p.style.alignment == TA_JUSTIFY
    lines = _lines(p, 230)
    broken = [line[-1] for line in lines[:-1] if line[-1].endswith("-") and line[-1][-2].isalpha()]
    assert broken, lines
    # never more than two hyphenated lines in a row, never the last word
    run = longest = 0
    for line in lines[:-1]:
        run = run + 1 if line[-1].endswith("-") else 0
        longest = max(longest, run)
    assert longest <= 2
    assert not lines[-1][-1].endswith("-")
    # the words come back whole, in order
    text = " ".join(" ".join(line) for line in lines).replace("- ", "")
    assert text.split() == ENGLISH.split()


def test_a_language_without_a_dictionary_is_ragged_right(md):
    p = md.plain(KAZAKH, md.styles["Body"])
    assert p.style.alignment == TA_LEFT
    lines = _lines(p, 230)
    assert not any(line[-1].endswith("-") for line in lines)


def test_a_highlighted_paragraph_is_hyphenated_too(md):
    text = f'{ENGLISH[:200]}<mark class="yellow">{ENGLISH[200:400]}</mark>{ENGLISH[400:]}'
    (p,) = md.flowables(text)
    lines = _lines(p, 230)
    assert any(str(line[-1]).endswith("-") for line in lines[:-1])
    assert " ".join(" ".join(map(str, line)) for line in lines).replace("- ", "").split() == ENGLISH.split()


def test_language_is_read_from_the_letters_then_the_document():
    assert language_of("Тараптар көлік", "en") == "kk"
    assert language_of("Tərəflər razılaşdılar") == "az"
    assert language_of("Стороны договорились") == "ru"
    assert language_of("Стороны договорились", "kk") == "kk"
    assert language_of("Baku, 12 March", "az") == "az"
    assert language_of("Baku, 12 March", "ru") == "en"


# -- quotes, dashes, dates -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "language", "printed"), [
    ('He said "we agree" - twice', "en", "He said \u201cwe agree\u201d \u2013 twice"),
    ("Xi'an and the Council's 'more than 90'", "en", "Xi\u2019an and the Council\u2019s \u2018more than 90\u2019"),
    ('Он сказал "мы "за" всё" - да', "ru", "Он сказал \u00abмы \u201eза\u201c всё\u00bb\u00a0\u2014 да"),
    ('Президент "Ақорда" - деді', "kk", "Президент \u00abАқорда\u00bb\u00a0\u2014 деді"),
    ("the programme for 2022-2026...", "en", "the programme for 2022\u20132026\u2026"),
    ("dated April 3, 2017 and 2023-04-10", "en", "dated 3 April 2017 and 10 April 2023"),
    ('<a href="x">', "en", '<a href="x">'),  # what looks like markup keeps its straight quotes
])
def test_quotes_dashes_and_dates_by_language(theme, text, language, printed):
    assert theme.typesetter.smart(text, language) == printed


def test_generated_blocks_print_dates_in_the_book_style():
    printed = book_dates("| 2024-03-12 | 2022-08 | 2022 | 2022-2026 |")
    assert printed == "| 12\u00a0March\u00a02024 | August\u00a02022 | 2022 | 2022-2026 |"


def test_quotes_in_a_pack_are_typographic(tmp_path):
    content = load_book()
    content.sections[0].items[0].markdown = 'The "Middle Corridor" - a route - and Xi\'an.\n\n`code "as is"`'
    path = tmp_path / "book.pdf"
    export_pdf(content, path)
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "The \u201cMiddle Corridor\u201d \u2013 a route \u2013 and Xi\u2019an." in text
    assert 'code "as is"' in text


def test_language_names_not_codes(theme):
    assert theme.typesetter.name("en") == "English"
    assert theme.typesetter.name("kk") == "Kazakh"
    assert theme.typesetter.name("az") == "Azerbaijani"
    assert theme.typesetter.name("ru") == "Russian"
    assert theme.typesetter.name("xx") == "xx"
