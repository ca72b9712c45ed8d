"""Tables: a table node's rows, its column widths, and its layout as a ReportLab table
(or, when it has more columns than the page can hold, as one paragraph per row)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListFlowable, ListItem, TableStyle

from briefing.pdf.breaks import BookTable
from briefing.pdf.nodes import Node, plain_text
from briefing.pdf.plain import BookParagraph, words_of_text

if TYPE_CHECKING:
    from briefing.pdf.markdown import MarkdownRenderer

_MIN_COLUMN = 21  # points: a column's padding and a character or two
FLOOR = 12 * mm  # the narrowest a column is squeezed to make room for the others' longest words
WORD_SHARE = 0.3  # of the table's width: the most a column's longest word may claim

def table_rows(node: Node) -> tuple[list[list[Node]], int]:
    """A table node's rows (each a list of its cells) and how many of them are its header."""
    rows: list[list[Node]] = []
    header_rows = 0
    for part in node.children:
        if not isinstance(part, Node):
            continue
        trs = [part] if part.tag == "tr" else [c for c in part.children if isinstance(c, Node) and c.tag == "tr"]
        for tr in trs:
            rows.append([c for c in tr.children if isinstance(c, Node) and c.tag in ("td", "th")])
            if part.tag == "thead":
                header_rows += 1
    return rows, header_rows


def _Rows(paragraphs: list[Flowable]) -> Flowable:
    """A table too wide for the page, set as one paragraph per row."""
    return ListFlowable([ListItem(p) for p in paragraphs], bulletType="bullet", start="", leftIndent=0, bulletDedent=0)


def table(renderer: MarkdownRenderer, node: Node) -> Flowable:
    """A table node laid out to the renderer's width: its columns sized to their text, or a
    paragraph per row when more columns than the page can hold."""
    rows, header_rows = table_rows(node)
    ncols = max((len(r) for r in rows), default=0)
    if not ncols:
        return BookParagraph("", renderer.styles["Body"])
    if ncols * _MIN_COLUMN > renderer.width:  # more columns than the page can hold: a row per line
        return _Rows([BookParagraph(" · ".join(renderer.inline(c.children) for c in row), renderer.styles["TableCell"])
                      for row in rows])
    head, cell = renderer.styles["TableHead"], renderer.styles["TableCell"]
    data, texts = [], []
    for i, row in enumerate(rows):
        line = []
        for j in range(ncols):
            c = row[j] if j < len(row) else Node("td")
            st = head if (i < header_rows or c.tag == "th") else cell
            align = c.attrs.get("align") or c.attrs.get("style", "").replace("text-align:", "").strip(" ;")
            if align in ("right", "center"):
                st = _aligned(st, align)
            if all(isinstance(n, str) for n in c.children):
                line.append(renderer.plain("".join(c.children), st))
            else:
                markup = renderer.inline(c.children)
                line.append(BookParagraph(markup, renderer.theme.for_language(st, renderer.last_language)))
            texts.append((j, plain_text(c), st))
        data.append(line)
    # splitInRow: a cell taller than a page (a visit with many documents) flows on; otherwise
    # the table breaks between rows, leaving no orphan rows (breaks.BookTable)
    t = BookTable(
        data,
        colWidths=column_widths(texts, ncols, renderer.width - 0.5),
        repeatRows=header_rows,
        hAlign="LEFT",
        splitInRow=1,
    )
    grid = renderer.theme.colour("table_grid")
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), renderer.styles["TableCell"].fontName),  # never the default Helvetica
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, grid),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, grid),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, grid),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_rows:
        style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), renderer.theme.colour("table_header")))
    t.setStyle(TableStyle(style))
    t.spaceBefore, t.spaceAfter = 4, 8
    return t


def column_widths(cells: list[tuple[int, str, ParagraphStyle]], ncols: int, avail: float) -> list[float]:
    """Column widths the way browsers size auto tables: no column narrower than its
    longest word, the spare room shared in proportion to how much more each would use.

    A word wider than WORD_SHARE of the table (a web address) widens its column no further:
    it is cut to the column (``briefing.pdf.longwords``) rather than starve the others. When
    the longest words alone are wider than the table, each column gives up its width above
    FLOOR (or above its whole text, when that is narrower) in proportion."""
    pad = 8.5  # left and right cell padding plus a hair
    lo, hi = [pad + 12] * ncols, [pad + 12] * ncols
    longest = WORD_SHARE * avail
    for j, text, st in cells:
        words = words_of_text(text)  # (a date held together by no-break spaces is one word)
        if not words:
            continue
        w = stringWidth
        lo[j] = max(lo[j], pad + min(max(w(word, st.fontName, st.fontSize) for word in words), longest))
        hi[j] = max(hi[j], pad + min(w(" ".join(words), st.fontName, st.fontSize), avail))
    if sum(hi) <= avail:
        return [h * avail / sum(hi) for h in hi] if sum(hi) > avail * 0.75 else hi
    if sum(lo) >= avail:
        floors = [min(x, FLOOR) for x in lo]
        if sum(floors) >= avail:  # (never narrower than the padding: ReportLab refuses a cell of negative width)
            return [max(f * avail / sum(floors), pad + 2) for f in floors]
        share = (avail - sum(floors)) / (sum(lo) - sum(floors))
        return [f + (x - f) * share for f, x in zip(floors, lo)]
    spare, want = avail - sum(lo), sum(h - x for h, x in zip(hi, lo))
    return [x + (h - x) * spare / want for h, x in zip(hi, lo)]


def _aligned(style: ParagraphStyle, align: str) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-{align}", parent=style, alignment=TA_RIGHT if align == "right" else TA_CENTER)
