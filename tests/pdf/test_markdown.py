"""Markdown → flowables: the structures a briefing note uses come out as the right ReportLab objects."""

from __future__ import annotations

import pytest
from reportlab.platypus import Indenter, ListFlowable, Paragraph, Preformatted, Table

from briefing.pdf.markdown import MarkdownRenderer, column_widths
from briefing.pdf.plain import PlainParagraph
from briefing.pdf.styles import load_theme


@pytest.fixture(scope="module")
def md():
    r = MarkdownRenderer(load_theme())
    r.note_prefix = "s1-i1-n"
    return r


def test_nested_lists(md):
    [outer] = md.flowables("- one\n    - one.a\n    - one.b\n- two\n")
    assert isinstance(outer, ListFlowable)
    first_item = outer._flowables[0]
    inner = [f for f in first_item._flowables if isinstance(f, ListFlowable)]
    assert inner, "the sub-list is nested inside the first item"


def test_ordered_list_keeps_its_start(md):
    [ol] = md.flowables("3. three\n4. four\n")
    assert isinstance(ol, ListFlowable) and ol._start == "3"


def test_headings_emphasis_links_and_code(md):
    flow = md.flowables("## Talking points\n\nSay **firmly** and *briefly*; see [the page](https://example.org) and `code`.")
    head, para = flow
    assert head.style.name == "H2" and head.keepWithNext
    text = para.text
    assert "<b>firmly</b>" in text and "<i>briefly</i>" in text
    assert '<a href="https://example.org"' in text and "face=\"BB-mono\"" in text


def test_table_with_header_and_alignment(md):
    [t] = md.flowables("| Year | Value |\n|---|---:|\n| 2022 | 475 |\n| 2023 | 500 |\n")
    assert isinstance(t, Table)
    assert t.repeatRows == 1 and len(t._cellvalues) == 3
    assert t._cellvalues[1][1].style.alignment == 2  # right


def test_block_quote_is_indented(md):
    flow = md.flowables("> Quoted words.\n")
    assert isinstance(flow[0], Indenter) and isinstance(flow[-1], Indenter)
    assert flow[1].style.name == "Quote"


def test_fenced_code_is_preformatted(md):
    [pre] = md.flowables("```\nline 1\n  line 2\n```\n")
    assert isinstance(pre, Preformatted)


def test_highlight_gets_a_background_and_a_linked_note_number(md):
    from briefing.pdf.highlights import HighlightParagraph

    [p] = md.flowables('They agreed <mark class="green" data-note="2">to meet yearly</mark>.')
    assert isinstance(p, HighlightParagraph)
    pieces = [piece for word in p.frags[0].bb_words for piece in word.pieces]
    assert [x.text for x in pieces if x.ground == "#d3f2c4"] == ["to", "meet", "yearly"]
    assert [x.text for x in pieces if x.note] == ["2"]
    note = p.frags[0].bb_note
    assert note.prefix + "2" == "s1-i1-n2" and note.font.endswith("-bold")
    # with other markup beside it, a highlight is ReportLab markup
    [q] = md.flowables('They *agreed* <mark class="green" data-note="2">to meet yearly</mark>.')
    assert 'backColor="#d3f2c4"' in q.text
    assert '<a href="#s1-i1-n2"' in q.text and ">2</b>" in q.text


def test_unknown_highlight_colour_falls_back(md):
    [p] = md.flowables('<mark class="ultraviolet">x</mark>')
    assert p.frags[0].bb_words[0].pieces[0].ground == "#fff0a0"


def test_markup_characters_are_text(md):
    [plain] = md.flowables("Profit & loss < 5 > 3")
    assert isinstance(plain, PlainParagraph) and plain.frags[0].text == "Profit & loss < 5 > 3"
    [marked] = md.flowables("**Profit** & loss < 5 > 3")
    assert "&amp;" in marked.text and "&lt;" in marked.text


def test_plain_paragraph_breaks_lines_like_reportlab():
    style = load_theme().styles["Body"]
    text = "Қазақстан мен Әзірбайжан Azərbaycan ilə əməkdaşlıq " * 30
    ours, theirs = PlainParagraph(text, style), Paragraph(text, style)
    assert ours.wrap(300, 2000) == theirs.wrap(300, 2000)
    assert [list(w) for _, w in ours.blPara.lines] == [list(w) for _, w in theirs.blPara.lines]
    first, rest = ours.split(300, 60)
    assert first.wrap(300, 60)[1] <= 60 and rest.wrap(300, 2000)[1] > 0


def test_repeated_title_heading_is_dropped(md):
    flow = md.flowables("# Joint Statement\n\nBody.", drop_heading="Joint  statement")
    assert len(flow) == 1 and "Body." in flow[0].text


def test_column_widths_never_cut_words_when_there_is_room():
    st = load_theme().styles["TableCell"]
    cells = [(0, "2024-03-12", st), (1, "A long title " * 10, st), (2, "memorandum", st)]
    widths = column_widths(cells, 3, 450)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert abs(sum(widths) - 450) < 0.01
    assert widths[0] > stringWidth("2024-03-12", st.fontName, st.fontSize)
    assert widths[2] > stringWidth("memorandum", st.fontName, st.fontSize)


@pytest.mark.parametrize("source", [
    "1. First\n   - nested a\n   - nested b\n2. Second\n",  # three spaces under a numbered item
    "- one\n  - one.a\n  - one.b\n- two\n",  # two spaces
    "- one\n    - one.a\n    - one.b\n- two\n",  # four spaces
])
def test_lists_nest_by_two_three_or_four_spaces(md, source):
    [outer] = md.flowables(source)
    assert isinstance(outer, ListFlowable) and len(outer._flowables) == 2
    inner = [f for f in outer._flowables[0]._flowables if isinstance(f, ListFlowable)]
    assert inner and len(inner[0]._flowables) == 2


def test_code_inside_a_fence_is_not_reindented():
    from briefing.markdown_lists import nest_lists_by_indent

    lines = ["- a", "  - b", "```", "  - not a list", "```"]
    assert nest_lists_by_indent(lines) == ["- a", "    - b", "```", "  - not a list", "```"]


def test_symbols_missing_from_the_text_fonts_use_the_symbol_font(md):
    [para] = md.flowables("500 / 1.4 ≈ 357; growth → 2025; ≥ 90 documents ✓")
    assert isinstance(para, Paragraph) and not isinstance(para, PlainParagraph)
    for symbol in "≈→≥✓":
        assert f'<font name="BB-symbols">{symbol}</font>' in para.text
    [plain] = md.flowables("Тоқаев and Əliyev met in Baku — no symbols here")
    assert isinstance(plain, PlainParagraph), "text the fonts cover keeps the fast path"


def test_a_bold_label_line_stays_with_what_follows(md):
    label, table = md.flowables("**Earlier meetings and visits**\n\n| Date | Place |\n|---|---|\n| 2023 | Astana |")
    assert label.keepWithNext and isinstance(table, Table)
    [ordinary] = md.flowables("Some **bold** words in a sentence.")
    assert not ordinary.keepWithNext


# -- the plain-paragraph shortcut gives what python-markdown gives --------------------------------
TRICKY = [
    "Plain one.\n\nPlain two\nwrapped.\n\n\n\nPlain three.",
    "- a\n\n- b\n\nAfter the list.\n\n1. one\n\nBetween.\n\n3. three",
    "2024. The year began.\n\n1) numbered\n\nStill text 5.",
    "Title\n=====\n\nSub\n---\n\nText.\n\n---\n\n* * *\n\nEnd.",
    "    code one\n\n    code two\n\nText.\n\n    code three",
    "- item\n\n    continued in the item\n\nOut.\n\n  - nested by two\n\nOut again.",
    "> quoted\n\n> more\n\nNot quoted.\n\n>not spaced",
    "Hard break  \nhere.\n\nSoft\nbreak.",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter the table.",
    "~~~\nfenced\n\nwith a gap\n~~~\n\nAfter.",
    "```\nx\n\ny\n```",
    "<div>\n\nraw block\n\n</div>\n\nText.",
    "<!-- a comment\n\nthat spans\n\n-->\n\nText.",
    "See [the treaty][t].\n\nPlain.\n\n[t]: https://example.org",
    'Text <mark class="yellow" data-note="1">marked</mark> rest.\n\nPlain after.',
    "Tabs\tinside.\n\nPlain.",
    "Windows\r\nlines\r\n\r\nPlain.",
    "# Heading\nText under it.\n\nPlain & simple.\n\nA < B and C > D.",
    "Escaped \\*stars\\*.\n\n+ plus list\n\n= not setext alone",
    "Қазақстан мен Әзірбайжан.\n\nAzərbaycan — «Қазақстан».\n\n    \n\nTrailing.",
    "",
    "   \n\n  indented plain by two\n\nend",
    "## Heading ##\n\n# One\n\n###### Six\n\n####### Seven\n\n#NoSpace\n\n## Trailing   \n\n## A *b*\n\n##\n\nEnd.",
    "## Heading\nwith a second line\n\n  ## indented\n\nText.",
    '<mark class="yellow" data-note="1">At the start</mark> of a block.\n\nText <mark class="green">two</mark>'
    ' and <mark class="blue" data-note="12">three</mark>.\n\n<mark>bare</mark>\n\n<mark class="x">*em*</mark> no.',
    'Line one <mark class="pink" data-note="2">spans\ntwo lines</mark> end.\n\n<mark class="a">x</mark>\n# not heading',
    '<mark class="a" data-note="3"></mark>Empty mark.\n\n- <mark class="b">in a list</mark>\n\nText & <mark>amp</mark>.',
]


def _canon(nodes):
    from briefing.pdf.markdown import Node

    out = []
    for n in nodes:
        if isinstance(n, Node):
            out.append((n.tag, tuple(sorted(n.attrs.items())), tuple(_canon(n.children))))
        elif n.split():
            out.append(" ".join(n.split()))
    return out


def _corpus():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    texts = list(TRICKY)
    for folder in (root / "data" / "documents", Path(__file__).parent.parent / "fixtures" / "books" / "documents"):
        for path in sorted(folder.rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            if text.startswith("---\n"):  # the front matter is the record's fields, not its text
                text = text[text.index("\n---\n", 4) + 5:]
            texts.append(text)
    return texts


def test_plain_paragraph_shortcut_matches_python_markdown(md):
    from briefing.pdf.markdown import parse_html

    texts = _corpus()
    assert len(texts) > 40
    for text in texts:
        full = _canon(parse_html(md.to_html(text)).children)
        assert _canon(md.nodes(text)) == full, text[:200]


def test_texts_of_random_blocks_read_as_python_markdown_reads_them(md):
    """Lists, paragraphs, headings, quotes, code and tables in random order, as the shortcut reads them."""
    import random

    from briefing.pdf.markdown import parse_html

    blocks = ["- one item\n- two items", "- Қазақ тілі\n- 'quoted' item", "- single", "- a\n  - nested", "* star\n* list",
              "- a\n- # heading", "- 2024. year", "- - dash", "- a\n- b  ", "-  two spaces", "- a\ncontinued",
              "1. one\n2. two", "Plain paragraph.", "Para *em*.", "## Heading", "    indented code", "> quote",
              "  - indented item", "| a | b |\n|---|---|\n| 1 | 2 |", "Text\n- list after text", "---", "- x\n\n    more",
              'Text <mark class="yellow" data-note="1">marked</mark>.', "- a <b>", "- a & b", "- ends:"]
    rng = random.Random(5)
    for _ in range(3000):
        text = "\n\n".join(rng.choice(blocks) for _ in range(rng.randint(1, 5)))
        assert _canon(md.nodes(text)) == _canon(parse_html(md.to_html(text)).children), repr(text)


def test_plain_paragraph_shortcut_is_taken(md, monkeypatch):
    import briefing.pdf.markdown as module

    taken = []
    convert = module.MarkdownRenderer.to_html
    monkeypatch.setattr(module.MarkdownRenderer, "to_html", lambda self, text: taken.append(text) or convert(self, text))
    nodes = md.nodes('One plain paragraph.\n\n## A heading\n\nTwo *marked* words.\n\n- a list\n\n'
                     'Three <mark class="yellow" data-note="1">highlighted</mark>.')
    assert [n.tag for n in nodes if not isinstance(n, str)] == ["p", "h2", "p", "ul", "p"]
    assert taken == ["Two *marked* words.\n\n- a list"]  # the rest never reached python-markdown


def test_the_shortcut_checks_find_what_their_patterns_define():
    """The shortcut's checks are faster forms of two patterns, kept here as their definition."""
    import random
    import re

    from briefing.pdf.nodes import _NOT_PLAIN_CHAR, _is_plain, _whole_text

    not_plain_line = re.compile(r"(?:^|\n)(?: {4}| {0,3}(?:[#>=+\-]|\d+[.)](?:\s|$)))|  (?:\n|$)")
    whole_text = re.compile(r"```|~~~|<!--|\t|\r|^ {0,3}\[[^\]\n]+\]:|^\s*<(?!(?:mark|span|a|b|i|em|strong|sup|sub|"
                            r"code|u|s|del|br|wbr|abbr|small|kbd|q|cite|dfn|time)[\s/>])", re.M | re.I)
    pieces = ["<", "</", "<mark ", "<div>", "<!--", " ", "  ", "    ", "\n", "\n\n", "\t", "\r", "\u2028", "\xa0",
              "\x0c", "[a]: x", "[", "]", ":", "]:", "#", ">", "=", "+", "-", "1.", "2)", "12. ", "a", "word", "```",
              "~~~", "<SPAN>", "<Mark>", "<p>", "< b", "Қазақ"]
    rng = random.Random(7)
    texts = _corpus() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    for text in texts:
        plain = not _NOT_PLAIN_CHAR.search(text) and not not_plain_line.search(text)
        assert _is_plain(text) == plain, repr(text[:200])
        assert _whole_text(text) == bool(whole_text.search(text)), repr(text[:200])


def test_the_shortcut_checks_take_time_in_proportion_to_the_text():
    """Many tags on one line, or a tag after many blank lines: one pass (r"^\\s*<" of a multi-line
    search took 24 s on the second text, trying every line start against all the blank lines after it)."""
    import time

    from briefing.pdf.nodes import _whole_text

    for text in ("word </b> " * 200_000, "  \n" * 100_000 + "x <p>", "a\n" + "x <p>" * 300_000):
        started = time.process_time()
        assert not _whole_text(text)
        assert time.process_time() - started < 1.0


def test_an_endnote_of_words_and_emphasis_is_read_as_python_markdown_reads_it(md, monkeypatch):
    import random

    import briefing.pdf.markdown as module
    from briefing.pdf.nodes import emphasis_line

    pieces = ["Note", " ", "1:", "*", "**", "* ", " *", "word", "Қазақ", "\n", "  ", "#", "-", "1.", "_", "<b>", "&",
              "[x]", "`", ">", ".", "'", '"', "\t", "\u2028", "\xa0", "=", "2024.", "*a*", "x*y", "≈", "--", "...", "~"]
    rng = random.Random(11)
    texts = ["Note 1: *Next the Caspian port.*", "*All of it.*", "Plain.", "A *b* c *d*", "**bold**", "*a*b*c*",
             "* a list", "Two *spans* and *more*.", "*x*", "Note 2: *spaced *", ""]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 9))) for _ in range(20000)]
    shortcut = [md.inline_markup(text) for text in texts]
    monkeypatch.setattr(module, "emphasis_line", lambda text: None)  # python-markdown for every one
    assert shortcut == [md.inline_markup(text) for text in texts]
    assert sum(emphasis_line(text) is not None for text in texts) > 500
    assert emphasis_line("Note 1: *Next the Caspian port.*") is not None


# -- highlighted paragraphs ---------------------------------------------------------------------------
def test_highlighted_words_are_split_as_one_word_at_a_time_splits_them():
    """``words_of`` against the plain way of splitting, one token at a time, on random pieces."""
    import random
    import re

    from briefing.pdf.highlights import Piece, Word, words_of

    def reference(segments):
        words, current = [], []

        def end_word():
            if current:
                word = Word("".join(p.text for p in current))
                word.pieces = tuple(current)
                words.append(word)
                current.clear()

        for piece in segments:
            if piece.note is not None:
                current.append(piece)
                continue
            for i, token in enumerate(re.split(r"(\s+)", piece.text)):
                if i % 2:
                    end_word()
                elif token:
                    current.append(Piece(token, piece.ground))
        end_word()
        return words

    rng = random.Random(3)
    for _ in range(3000):
        segments = []
        for _ in range(rng.randint(0, 6)):
            if rng.random() < 0.2:
                segments.append(Piece(str(rng.randint(1, 9)), note="1"))
            else:
                text = "".join(rng.choice(["a", "Қ", " ", "  ", "\n", "\xa0", "x.", ""]) for _ in range(rng.randint(0, 8)))
                segments.append(Piece(text, rng.choice([None, "#ffff00"])))
        ours, theirs = words_of(segments), reference(segments)
        assert [(str(w), w.pieces) for w in ours] == [(str(w), w.pieces) for w in theirs], segments


def test_plain_text_with_highlights_is_a_highlight_paragraph(md):
    from briefing.pdf.highlights import HighlightParagraph

    md.note_prefix = "s1-i1-n"
    text = 'Before <mark class="yellow" data-note="1">the passage</mark>, after.'
    (para,) = md.flowables(text)
    assert isinstance(para, HighlightParagraph)
    words = para.frags[0].bb_words
    assert [w for w in words] == ["Before", "the", "passage1,", "after."]
    assert [p.note for p in words[2].pieces] == [None, "1", None]
    assert words[1].pieces[0].ground and not words[0].pieces[0].ground
    # markup inside a highlight, or around it, keeps ReportLab's own paragraph
    for other in ('<mark class="yellow">*em*</mark> text', '**Bold** <mark class="yellow">x</mark>'):
        assert not isinstance(md.flowables(other)[0], HighlightParagraph)


def test_a_highlighted_paragraph_across_pages_keeps_its_words_grounds_and_note_link(tmp_path):
    from pypdf import PdfReader

    from briefing.book.content import BookContent, Endnote, ItemContent, SectionContent
    from briefing.pdf import export_pdf

    words = [f"w{i}x" for i in range(1400)]
    marked = " ".join(words[600:700])
    text = (" ".join(words[:600]) + f' <mark class="green" data-note="1">{marked}</mark> '
            + " ".join(words[700:]))
    item = ItemContent("note", "Long", text, notes=[Endnote(1, "The note.")])
    content = BookContent(title="T", marking="OFFICIAL USE ONLY", sections=[SectionContent("S", [item])])
    out = tmp_path / "h.pdf"
    export_pdf(content, out, helper=False)
    reader = PdfReader(out)
    extracted = " ".join(p.extract_text() for p in reader.pages)
    found = [w.rstrip("1") for w in extracted.split() if w.startswith("w") and w[1:2].isdigit()]
    assert found == words  # every word, in order, over several pages (the note's 1 comes off w699x)
    body_pages = [p for p in reader.pages if any(w in (p.extract_text() or "") for w in ("w0x", "w699x", "w1399x"))]
    assert len(body_pages) >= 2  # the start, the highlighted passage and the end are pages apart
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots") or []]
    note_page = next(i for i, p in enumerate(reader.pages) if "The note." in p.extract_text())
    assert any(reader.get_page_number(a["/Dest"][0].get_object()) == note_page for a in links if "/Dest" in a)


def test_a_highlighted_paragraph_with_a_word_longer_than_a_line_is_printed(tmp_path):
    from pypdf import PdfReader

    from briefing.book.content import BookContent, Endnote, ItemContent, SectionContent
    from briefing.pdf import export_pdf
    from briefing.pdf.highlights import HighlightParagraph
    from briefing.pdf.markdown import MarkdownRenderer
    from briefing.pdf.styles import load_theme

    address = "https://example.org/" + "a" * 200
    text = f'See <mark class="yellow" data-note="1">the source</mark> at {address} for more.'
    renderer = MarkdownRenderer(load_theme())
    assert not isinstance(renderer.flowables(text)[0], HighlightParagraph)  # ReportLab splits the address
    item = ItemContent("note", "N", text, notes=[Endnote(1, "The note.")])
    out = tmp_path / "long.pdf"
    export_pdf(BookContent(title="T", marking="M", sections=[SectionContent("S", [item])]), out, helper=False)
    printed = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    assert "a" * 150 in printed and "for more." in printed
