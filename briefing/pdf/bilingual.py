"""An agreement in two languages, side by side: two columns with its articles aligned by number.

A document held in two language versions (linked as translations of each
other in the library, ``briefing.library.translations``) is printed as a table
of two columns, each text in its own language's typography: a row for the
preamble, then one per article ("Article 5", "Статья 5", "5-бап", "Maddə 5",
or, in a text without such headings, its numbered points), article 5 beside
article 5 even when one text has an article the other lacks. A long article
breaks across pages inside its row; the header with the two languages repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from briefing.book.content import ItemContent
from briefing.pdf.markdown import MarkdownRenderer, escape
from briefing.pdf.styles import Theme

# an article's heading in the four languages (and Turkish), as a line of its own or a block's start
_ARTICLE = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?[ \t]*"
    r"(?:(?:article|art\.|статья|ст\.|maddə|madde|бап)[ \t]*(\d+)"
    r"|(\d+)[ \t]*[-\u2011\u2013]?[ \t]*(?:бап|(?:-?(?:c[üiıu]|nc[ıiuü]|[ıiuü]nc[ıiuü]))?[ \t]*maddə|madde))"
    # a heading, not a sentence that names an article ("Article 5 of the Treaty provides")
    r"(?=[ \t]*(?:[.:)\-\u2013\u2014]|\*\*|__|$))",
    re.IGNORECASE | re.MULTILINE,
)
# a numbered point at a line's start: "1. ", "12) "
_POINT = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*)?(\d{1,3})[.)][ \t]+", re.MULTILINE)
GUTTER = 14  # points between the columns


@dataclass
class Part:
    number: int | None  # None: the preamble
    markdown: str


def articles(markdown: str) -> list[Part]:
    """The text cut at its articles (or, without article headings, its numbered points):
    the preamble first (number None), then each article with its number."""
    marks = [(m.start(), int(m[1] or m[2])) for m in _ARTICLE.finditer(markdown)]
    if len(marks) < 2:
        marks = [(m.start(), int(m[1])) for m in _POINT.finditer(markdown)]
    if not marks:
        return [Part(None, markdown.strip())]
    parts = [Part(None, markdown[: marks[0][0]].strip())] if markdown[: marks[0][0]].strip() else []
    for (start, number), (end, _) in zip(marks, [*marks[1:], (len(markdown), 0)]):
        parts.append(Part(number, markdown[start:end].strip()))
    return parts


def aligned(left: list[Part], right: list[Part]) -> list[tuple[Part | None, Part | None]]:
    """Rows of the two texts: the preambles together, then articles by number, in the order
    of their numbers (an article only one text has gets a row with the other side empty)."""
    def by_number(parts: list[Part]) -> dict[int | None, Part]:
        found: dict[int | None, Part] = {}
        for part in parts:
            if part.number in found:  # a number met twice (a list inside an article): one part
                found[part.number] = Part(part.number, found[part.number].markdown + "\n\n" + part.markdown)
            else:
                found[part.number] = part
        return found

    lefts, rights = by_number(left), by_number(right)
    order = list(lefts) + [n for n in rights if n not in lefts]
    numbered = sorted(n for n in order if n is not None)
    keys = ([None] if None in order else []) + numbered
    return [(lefts.get(n), rights.get(n)) for n in keys]


def side_by_side(left: ItemContent, right: ItemContent, md: MarkdownRenderer, theme: Theme, width: float,
                 language_name) -> Flowable:
    """The two texts as a two-column table, their articles aligned; ``language_name`` names a code."""
    column = (width - GUTTER) / 2
    head = theme.styles["TableHead"]

    def cells(item: ItemContent, part: Part | None) -> list[Flowable]:
        if part is None or not part.markdown:
            return [Paragraph("", theme.styles["Body"])]
        md.language = item.meta.language if item.meta else None
        # ragged right: a half-width column justified opens gaps hyphenation cannot close
        return md.flowables(part.markdown, "BodyLeft") or [Paragraph("", theme.styles["Body"])]

    saved = md.width, md.language
    md.width = column
    try:
        rows: list[list] = [[Paragraph(escape(_heading(item, language_name)), head) for item in (left, right)]]
        for a, b in aligned(articles(left.markdown), articles(right.markdown)):
            rows.append([cells(left, a), cells(right, b)])
    finally:
        md.width, md.language = saved
    table = Table(rows, colWidths=[column + GUTTER / 2, column + GUTTER / 2], repeatRows=1, splitInRow=1,
                  hAlign="LEFT")
    grid = theme.colour("table_grid")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), head.fontName),  # never the default Helvetica
        ("LEFTPADDING", (0, 0), (0, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), GUTTER / 2),
        ("LEFTPADDING", (1, 0), (1, -1), GUTTER / 2),
        ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, grid),
        ("LINEBELOW", (0, 1), (-1, -2), 0.3, grid),
        ("LINEAFTER", (0, 0), (0, -1), 0.5, grid),
    ]))
    table.spaceBefore, table.spaceAfter = 4, 8
    return table


def _heading(item: ItemContent, language_name) -> str:
    language = language_name(item.meta.language) if item.meta and item.meta.language else ""
    return f"{language}: {item.title}" if language else item.title
