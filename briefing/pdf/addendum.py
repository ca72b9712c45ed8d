"""An addendum's pages say where they go; a pack says where each item was printed.

An addendum prints what changed since an edition as replacement or insert
pages: each item starts a sheet of its own under a boxed line saying where it
goes in the edition the reader holds ("Replaces pages 13–14 of edition 1",
"Insert after page 12 of edition 1"); ``briefing.book.packs`` words the line
from the edition's page map, and the lines of pages to take out for items
withdrawn since ("Remove pages 21–22 of edition 1 (title): withdrawn since"),
which stand above the changes page. The page map is what a pack records here: the
first and last page of each item (``item_pages``), kept with the state of the
book it was printed from (``briefing.book.editions.record_pages``).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Table, TableStyle

from briefing.book.content import BookContent, SectionContent
from briefing.pdf.plain import BookParagraph
from briefing.pdf.styles import Theme


def placement_note(text: str, theme: Theme, width: float) -> Flowable:
    """The boxed line at the top of an addendum's item: where its pages go. Several lines (the pages
    to take out, on the changes page) are boxed each, one under the other."""
    style = theme.styles["ItemMarking"]
    rows = [[BookParagraph(theme.glyphs.markup(line), style)] for line in text.split("\n")]
    box = Table(rows, colWidths=[width], hAlign="LEFT")
    box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.9, theme.colour("marking")),
        *([("INNERGRID", (0, 0), (-1, -1), 0.9, theme.colour("marking"))] if len(rows) > 1 else []),
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    box.spaceAfter = 8
    box.keepWithNext = True
    return box


def item_keys(content: BookContent) -> dict[str, int]:
    """Each item's anchor key (as ``Story`` makes them) -> its item id."""
    found: dict[str, int] = {}

    def walk(sections: list[SectionContent], prefix: str) -> None:
        for i, section in enumerate(sections, 1):
            key = f"{prefix}{i}"
            for j, item in enumerate(section.items, 1):
                if item.item_id is not None:
                    found[f"{key}-i{j}"] = item.item_id
            walk(section.children, f"{key}.")

    walk(content.sections, "s")
    return found


def item_pages(content: BookContent, page_of: dict[str, int], end_of: dict[str, int]) -> dict[int, tuple[int, int]]:
    """Each item's first and last page in the pack laid out."""
    pages = {}
    for key, item_id in item_keys(content).items():
        first = page_of.get(key)
        if first is not None:
            pages[item_id] = (first, max(first, end_of.get(key, first)))
    return pages
