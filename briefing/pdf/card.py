"""The pocket card: the talking points, the replies if raised and the key figures on at most two small pages.

What the card says is ``briefing.book.card_content``'s: each point as written,
or its own card line ("Card: ..." under it, the ask first); the "If raised"
replies under their heading; the key figures that may be quoted, each with its
caveat. The card is set in the largest type that fits two pages of the chosen
size, never smaller than ``MIN_SIZE``. When the points do not fit at that size,
those without a card line are cut to their lead and their ask, and the card
names them under the points; a card that still does not fit is refused rather
than printed too small to read.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from briefing.book.books import get_book
from briefing.book.card_content import (
    Point,
    figure_caveats,
    figures_markdown,
    if_raised,
    key_figures,
    parse_points,
    talking_points,
)
from briefing.book.markup import as_text
from briefing.book.preflight import require_clean
from briefing.book.profiles import UNMARKED
from briefing.errors import BriefingError
from briefing.files import temporary_beside
from briefing.library.store import Store

__all__ = ["MAX_PAGES", "MIN_SIZE", "SIZES", "key_figures", "make_card", "shorten_points", "talking_points"]

SIZES = ("a6", "a5")
MAX_PAGES = 2
MIN_SIZE = {"a6": 12.0, "a5": 13.0}  # points: the smallest body type still read at arm's length
EDGE = 14.17  # points (5 mm): markings and page numbers keep at least this far from the paper's edge
MAX_SIZE = {"a6": 15.0, "a5": 17.0}


def _lines(points: list[Point], shorten: bool) -> tuple[str, list[str]]:
    """The points as the card prints them, and the names of those it shortened."""
    out, shortened = [], []
    for point in points:
        written = point.written()
        if written:
            out.append(written)
        elif shorten and point.can_shorten:
            out.append(point.short())
            shortened.append(point.name)
        else:
            out.append(point.full())
    return "\n".join(out), shortened


def shorten_points(markdown: str) -> str:
    """Each top-level point as a card prints it short: its card line, else its lead and its ask."""
    return _lines(parse_points(markdown), shorten=True)[0]


def _said_shortened(names: list[str]) -> str:
    listed = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1]
    return f"*Shortened for the card: {as_text(listed)}. The book has them whole.*"


def make_card(store: Store, book_id: int, path: str | os.PathLike, *, size: str = "a6", force: bool = False) -> dict[str, Any]:
    """Write the pocket card; returns ``{"path", "pages", "size", "font_size", "shortened"}``, where
    ``shortened`` lists the points (and replies) cut to their lead and ask to fit."""
    size = (size or "a6").lower()
    if size not in SIZES:
        raise BriefingError(f"unknown card size {size!r}; expected a6 or a5")
    book = get_book(store, book_id)
    points = parse_points(talking_points(book))
    replies = parse_points(if_raised(book))
    problems = require_clean(store, book_id, force=force)
    figures = key_figures(store, book)
    figure_lines = figures_markdown(figures, figure_caveats(store, book, figures, problems))
    target = Path(path)
    if not target.parent.is_dir():
        raise BriefingError(f"{target}: the folder {target.parent} does not exist")
    from briefing.dates import format_dates

    where = " · ".join(x for x in (book.get("destination"), format_dates(book.get("start_date"), book.get("end_date"))) if x)
    heading = "\n".join(x for x in ((book.get("event") or {}).get("title") or book["title"], where) if x)
    fitted, shortened = None, []
    for shorten in (False, True):
        text, cut = _lines(points, shorten)
        answers, cut_replies = _lines(replies, shorten)
        shortened = cut + cut_replies
        if shortened:
            text += "\n\n" + _said_shortened(shortened)
        # the points print as written: what looks like HTML in them is text (briefing.book.markup)
        card = _Card(size, book["marking"] or UNMARKED, book["title"], heading, as_text(text), figure_lines,
                     as_text(answers))
        fitted = _largest_that_fits(card, size)
        if fitted:
            break
    if not fitted:
        raise BriefingError(
            f"book {book_id}: the talking points do not fit on {MAX_PAGES} {size.upper()} pages in legible type "
            f"({MIN_SIZE[size]:g} pt), even each cut to its lead and its ask: shorten them, or give the long ones "
            "a card line ('Card: ...' under the point)" + (", or use --size a5" if size == "a6" else "")
        )
    data, pages, font_size = fitted
    _write(target, data)
    return {"path": str(target), "pages": pages, "size": size, "font_size": font_size, "shortened": shortened}


def _largest_that_fits(card: _Card, size: str) -> tuple[bytes, int, float] | None:
    font_size = MAX_SIZE[size]
    while font_size >= MIN_SIZE[size]:
        data, pages = card.render(font_size)
        if pages <= MAX_PAGES:
            return data, pages, font_size
        font_size -= 0.5
    return None


def _write(target: Path, data: bytes) -> None:
    try:
        fd, tmp = temporary_beside(target)  # 0666 less the umask, as every file the app writes
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write in {target.parent} ({exc.strerror})") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise BriefingError(f"{target}: cannot write ({exc.strerror or exc})") from exc


class _Card:
    """The card's layout: the pack's fonts and styles, scaled to the card's type size."""

    def __init__(self, size: str, marking: str, title: str, heading: str, points: str, figures: str, replies: str = ""):
        self.size, self.marking, self.title, self.heading = size, marking, title, heading
        self.points, self.figures, self.replies = points, figures, replies

    def render(self, body_size: float) -> tuple[bytes, int]:
        from reportlab.lib.pagesizes import A5, A6
        from reportlab.lib.units import mm
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

        from briefing.pdf.markdown import MarkdownRenderer
        from briefing.pdf.plain import BookParagraph
        from briefing.pdf.styles import Theme, load_theme

        base = load_theme()
        k = body_size / base.styles["Body"].fontSize
        # nothing on the card under the type size it promises: smaller styles (captions, tables) come up to it
        styles = {name: _scaled(style, k, floor=MIN_SIZE[self.size]) for name, style in base.styles.items()}
        styles["Body"] = restyled(styles["Body"], alignment=0)  # ragged right reads faster on a narrow card
        styles["ListBody"] = restyled(styles["ListBody"], alignment=0, spaceAfter=body_size * 0.35)
        theme = Theme(styles=styles, colours=base.colours, highlights=base.highlights, page=base.page, glyphs=base.glyphs,
                      typesetter=base.typesetter.unhyphenated())  # the book's quotes and dashes; ragged, unbroken words
        pagesize = A6 if self.size == "a6" else A5
        width, height = pagesize
        from reportlab.pdfbase.pdfmetrics import getAscentDescent

        side = 6 * mm
        buffer = io.BytesIO()
        marking_font, sans = theme.font("sans", "bold"), theme.font("sans")
        marking_size = MIN_SIZE[self.size]  # the marking and the page number: no smaller than the text
        ascent, descent = getAscentDescent(marking_font, marking_size)
        # markings and numbers sit wholly inside EDGE of the paper's edge (a printer's margin), and
        # the text starts half a millimetre beyond them
        top_line = height - EDGE - ascent
        foot_line = EDGE - descent
        band = EDGE + ascent - descent + 0.5 * mm
        page_count = [0]

        def decorate(canv, doc) -> None:
            canv.saveState()
            canv.setFillColor(theme.colour("marking"))
            canv.setFont(marking_font, marking_size)
            theme.glyphs.draw_line(canv, width / 2, top_line, self.marking, marking_font, marking_size, "centre")
            theme.glyphs.draw_line(canv, width / 2, foot_line, self.marking, marking_font, marking_size, "centre")
            canv.setFillColor(theme.colour("muted"))
            canv.setFont(sans, marking_size)
            canv.drawRightString(width - max(side, EDGE), foot_line, f"{doc.page}")
            canv.restoreState()
            page_count[0] = doc.page

        doc = BaseDocTemplate(
            buffer, pagesize=pagesize, leftMargin=side, rightMargin=side, topMargin=band, bottomMargin=band,
            invariant=1, title=f"Pocket card: {self.title}", creator="Briefing Book",
            initialFontName=theme.font("serif"),  # our own font from the first byte: no unembedded Helvetica listed
        )
        frame = Frame(side, band, width - 2 * side, height - 2 * band, leftPadding=0, rightPadding=0,
                      topPadding=2, bottomPadding=0)
        doc.addPageTemplates([PageTemplate("card", [frame], onPage=decorate)])
        renderer = MarkdownRenderer(theme)
        renderer.width = frame.width
        renderer.note_numbers = set()  # a card has no endnotes
        head = restyled(styles["H2"], spaceBefore=body_size * 0.6, spaceAfter=body_size * 0.3,
                                textColor=theme.colour("accent"))
        story: list = []
        for line in self.heading.splitlines():
            # (the book's title and the visit: any script, in the fonts that have it)
            story.append(BookParagraph(theme.glyphs.markup(line), restyled(styles["Caption"], spaceAfter=body_size * 0.1)))
        story.append(Paragraph("Talking points", head))
        story += renderer.flowables(self.points)
        if self.replies:
            story.append(Paragraph("If raised", head))
            story += renderer.flowables(self.replies)
        if self.figures:
            story.append(Paragraph("Key figures", head))
            story += renderer.flowables(self.figures)
        story.append(Spacer(1, 0))
        doc.build(story)
        return buffer.getvalue(), page_count[0]


def _scaled(style, k: float, floor: float = 0.0):
    changes = {a: getattr(style, a) * k for a in ("fontSize", "leading", "spaceBefore", "spaceAfter")}
    if changes["fontSize"] < floor:
        changes["leading"] *= floor / changes["fontSize"]
        changes["fontSize"] = floor
    changes["bulletFontSize"] = style.bulletFontSize * k
    changes["leftIndent"] = style.leftIndent * k
    changes["firstLineIndent"] = style.firstLineIndent * k
    return restyled(style, **changes)


def restyled(style, **changes):
    """A copy of a ReportLab ParagraphStyle with some attributes changed."""
    from reportlab.lib.styles import ParagraphStyle

    copy = ParagraphStyle(style.name, parent=style)
    for key, value in changes.items():
        setattr(copy, key, value)
    for attr in ("_family", "_face"):
        if hasattr(style, attr):
            setattr(copy, attr, getattr(style, attr))
    return copy

