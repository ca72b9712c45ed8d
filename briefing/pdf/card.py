"""The pocket card: the talking points and key figures on at most two small pages.

Talking points come from the book's talking-points section (its role, or a
section titled so); when a note there has a "Talking points" heading, only that
part is taken. Key figures are the newest value of each figure the book's
figures blocks show. The card is set in the largest type that fits two pages
of the chosen size, never smaller than ``MIN_SIZE``; text that does not fit at
that size is first shortened (each point to its lead and first sentence, the
sub-points dropped: what a principal glances at) and refused if it still does
not fit, rather than printed too small to read.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from typing import Any

from briefing.book.blocks import select_figures
from briefing.book.books import get_book
from briefing.book.markup import as_text
from briefing.book.preflight import require_clean
from briefing.errors import BriefingError
from briefing.files import temporary_beside
from briefing.library.store import Store

SIZES = ("a6", "a5")
MAX_PAGES = 2
MIN_SIZE = {"a6": 12.0, "a5": 13.0}  # points: the smallest body type still read at arm's length
MAX_SIZE = {"a6": 15.0, "a5": 17.0}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _talking_section(sections: list[dict]) -> dict | None:
    def walk(found: list[dict]) -> dict | None:
        for key in ("role", "title"):
            for s in found:
                value = (s.get(key) or "").casefold()
                if value == "talking-points" or (key == "title" and "talking points" in value):
                    return s
        for s in found:
            inner = walk(s["sections"])
            if inner:
                return inner
        return None

    return walk(sections)


def _notes(section: dict) -> list[dict]:
    return [i for i in section["items"] if i["kind"] == "note"] + [n for s in section["sections"] for n in _notes(s)]


def talking_points(book: dict[str, Any]) -> str:
    """The Markdown of the book's talking points; a clear error when there are none."""
    section = _talking_section(book["sections"])
    if section is None:
        raise BriefingError(
            f"book {book['id']} has no talking-points section: add a note to one, e.g. "
            f"'briefing book note {book['id']} --section \"Talking points\" --body ...'"
        )
    bodies = [(n.get("body") or "").strip() for n in _notes(section)]
    bodies = [b for b in bodies if b]
    picked = [part for part in (_part_under(b, "talking points") for b in bodies) if part]
    text = "\n\n".join(picked or bodies).strip()
    if not text:
        raise BriefingError(f"book {book['id']}: the section {section['title']!r} holds no talking points (no note with text)")
    return text


def _part_under(markdown: str, heading: str) -> str | None:
    """The lines under the first heading containing ``heading``, up to the next heading as high."""
    lines = markdown.splitlines()
    for n, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and heading in m.group(2).casefold():
            level = len(m.group(1))
            out = []
            for rest in lines[n + 1 :]:
                h = _HEADING.match(rest)
                if h and len(h.group(1)) <= level:
                    break
                out.append(rest)
            return "\n".join(out).strip() or None
    return None


def key_figures(store: Store, book: dict[str, Any]) -> list[dict[str, Any]]:
    """The newest figure for each label the book's figures blocks show, in the book's order."""
    chosen: dict[tuple[str, str], dict] = {}

    def walk(sections: list[dict]) -> None:
        for s in sections:
            for item in s["items"]:
                if item["kind"] == "block" and (item.get("block") or {}).get("type") == "figures":
                    try:
                        figures = select_figures(store, item["block"])
                    except BriefingError:
                        continue
                    for f in figures:
                        key = (" ".join(f["label"].casefold().split()), (f["unit"] or "").casefold())
                        if key not in chosen or (f["as_of"] or "") > (chosen[key]["as_of"] or ""):
                            chosen[key] = f
            walk(s["sections"])

    walk(book["sections"])
    return list(chosen.values())


def _figure_markdown(figures: list[dict]) -> str:
    lines = []
    for f in figures:
        value = f["value_text"] or (f"{f['value']:g}" + (f" {f['unit']}" if f["unit"] else "") if f["value"] is not None else "—")
        label = f["label"][:1].upper() + f["label"][1:]
        lines.append(f"- **{_md(label)}:** {_md(value)}" + (f" *({_md(f['as_of'])})*" if f["as_of"] else ""))
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text printed as written: Markdown's own characters escaped, what looks like HTML made text."""
    return as_text("".join("\\" + c if c in "\\`*_[]#|" else c for c in " ".join(str(text).split())))


def make_card(store: Store, book_id: int, path: str | os.PathLike, *, size: str = "a6", force: bool = False) -> dict[str, Any]:
    """Write the pocket card; returns ``{"path", "pages", "size", "font_size"}``."""
    size = (size or "a6").lower()
    if size not in SIZES:
        raise BriefingError(f"unknown card size {size!r}; expected a6 or a5")
    book = get_book(store, book_id)
    points = talking_points(book)
    require_clean(store, book_id, force=force)
    figures = key_figures(store, book)
    target = Path(path)
    if not target.parent.is_dir():
        raise BriefingError(f"{target}: the folder {target.parent} does not exist")
    from briefing.dates import format_dates

    where = " · ".join(x for x in (book.get("destination"), format_dates(book.get("start_date"), book.get("end_date"))) if x)
    heading = "\n".join(x for x in ((book.get("event") or {}).get("title") or book["title"], where) if x)
    fitted, shortened = None, False
    figure_lines = _figure_markdown(figures)
    for text in (points, shorten_points(points)):
        # the points print as written: what looks like HTML in them is text (briefing.book.markup)
        card = _Card(size, book["marking"] or "", book["title"], heading, as_text(text), figure_lines)
        fitted = _largest_that_fits(card, size)
        if fitted:
            break
        shortened = True
    if not fitted:
        raise BriefingError(
            f"book {book_id}: the talking points do not fit on {MAX_PAGES} {size.upper()} pages in legible type "
            f"({MIN_SIZE[size]:g} pt), even cut to one sentence a point: shorten them"
            + (" or use --size a5" if size == "a6" else "")
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


_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_LEAD = re.compile(r"^(\*\*[^*]+\*\*|__[^_]+__)\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“«(\w])")


def shorten_points(markdown: str) -> str:
    """Each top-level point cut to its bold lead and first sentence; sub-points dropped."""
    points: list[list[str]] = []
    for line in markdown.splitlines():
        if not line.strip() or _HEADING.match(line):
            continue
        if _ITEM.match(line):
            points.append([line.strip()])
        elif line[:1] in (" ", "\t"):
            if points and not _ITEM.match(line.strip()):
                points[-1].append(line.strip())
        else:
            points.append(["- " + line.strip()])
    out = []
    for parts in points:
        text = " ".join(parts)
        marker = _ITEM.match(text)
        body = text[marker.end():] if marker else text
        lead = _LEAD.match(body)
        head, rest = (lead.group(1) + " ", body[lead.end():]) if lead else ("", body)
        first = _SENTENCE_END.split(rest, maxsplit=1)[0]
        out.append(f"- {head}{first}".rstrip())
    return "\n".join(out)


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

    def __init__(self, size: str, marking: str, title: str, heading: str, points: str, figures: str):
        self.size, self.marking, self.title, self.heading = size, marking, title, heading
        self.points, self.figures = points, figures

    def render(self, body_size: float) -> tuple[bytes, int]:
        from reportlab.lib.pagesizes import A5, A6
        from reportlab.lib.units import mm
        from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

        from briefing.pdf.markdown import MarkdownRenderer, escape
        from briefing.pdf.styles import Theme, load_theme

        base = load_theme()
        k = body_size / base.styles["Body"].fontSize
        styles = {name: _scaled(style, k) for name, style in base.styles.items()}
        styles["Body"] = restyled(styles["Body"], alignment=0)  # ragged right reads faster on a narrow card
        styles["ListBody"] = restyled(styles["ListBody"], alignment=0, spaceAfter=body_size * 0.35)
        theme = Theme(styles=styles, colours=base.colours, highlights=base.highlights, page=base.page, glyphs=base.glyphs)
        pagesize = A6 if self.size == "a6" else A5
        width, height = pagesize
        side, band = 6 * mm, 10 * mm
        buffer = io.BytesIO()
        marking_font, sans = theme.font("sans", "bold"), theme.font("sans")
        marking_size = max(8.0, body_size * 0.8)
        page_count = [0]

        def decorate(canv, doc) -> None:
            canv.saveState()
            canv.setFillColor(theme.colour("marking"))
            canv.setFont(marking_font, marking_size)
            canv.drawCentredString(width / 2, height - band / 2 - marking_size / 3, self.marking)
            canv.drawCentredString(width / 2, band / 2 - marking_size / 3, self.marking)
            canv.setFillColor(theme.colour("muted"))
            canv.setFont(sans, 6.5)
            canv.drawRightString(width - side, band / 2 - 2.5, f"{doc.page}")
            canv.restoreState()
            page_count[0] = doc.page

        doc = BaseDocTemplate(
            buffer, pagesize=pagesize, leftMargin=side, rightMargin=side, topMargin=band, bottomMargin=band,
            invariant=1, title=f"Pocket card: {self.title}", creator="Briefing Book",
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
            story.append(Paragraph(escape(line), restyled(styles["Caption"], spaceAfter=body_size * 0.1)))
        story.append(Paragraph("Talking points", head))
        story += renderer.flowables(self.points)
        if self.figures:
            story.append(Paragraph("Key figures", head))
            story += renderer.flowables(self.figures)
        story.append(Spacer(1, 0))
        doc.build(story)
        return buffer.getvalue(), page_count[0]


def _scaled(style, k: float):
    changes = {a: getattr(style, a) * k for a in ("fontSize", "leading", "spaceBefore", "spaceAfter")}
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

