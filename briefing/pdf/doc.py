"""The page machinery: page templates, running heads and feet, and a one-pass build.

ReportLab's usual ``multiBuild`` lays the whole book out two or three times so
that the table of contents and "Page N of M" learn their numbers. Here the book
is laid out once: a contents entry's page number, not known when the contents
are drawn, is a named PDF form filled in after the last page, and "Page N of M"
is a small content stream added to each page once the count is known. The story is also
consumed lazily, one item at a time, so memory holds one item's flowables plus
the finished pages, however long the book.

``new_document`` sets the machinery up for one book (paper, theme, page decor,
metadata): the export and the helper process that lays out the back of a long
book (``backhalf``) both start from it.
"""

from __future__ import annotations

import calendar
import copy
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import partial
from typing import Protocol

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfdoc import PDFArray, PDFBase85Encode, PDFName, PDFResourceDictionary, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from briefing.book.content import BookContent
from briefing.dates import format_dates
from briefing.errors import BriefingError
from briefing.pdf.breaks import KeepWithNext
from briefing.pdf.changebars import page_ends
from briefing.pdf.styles import Theme, load_theme
from briefing.pdf.writing import install as faster_writing

faster_writing()  # ReportLab's saving, the same bytes sooner (writing.py)

PAGE_NUMBER_SLOT = 40  # points kept free at the right of a TOC line for its page number
PAPER = {"a4": A4, "letter": LETTER}


class PageDecor:
    """What every page carries: the marking top and bottom, an optional banner and
    watermark, the book's title and "Page N of M"."""

    def __init__(self, theme: Theme, *, marking: str, title: str, banner: str | None, watermark: str | None):
        self.theme, self.marking, self.title, self.banner, self.watermark = theme, marking, title, banner, watermark
        # footer -> (the canvas, the operators drawn on its first such page): every page draws the
        # same, from the same state, so later pages take the operators again instead of drawing
        self._drawn: dict[bool, tuple[Canvas, list[str]]] = {}

    def draw(self, canv: Canvas, doc: BookDocTemplate, *, footer: bool = True) -> None:
        canv.saveState()
        if self.watermark:
            canv.doForm("bb_watermark")
        drawn = self._drawn.get(footer)
        if drawn is not None and drawn[0] is canv:
            canv._code.extend(drawn[1])
        else:
            start = len(canv._code)
            self._draw(canv, doc, footer)
            self._drawn[footer] = (canv, canv._code[start:])
        if footer:
            doc.numbered_pages.append(canv.getPageNumber())  # "Page N of M": added at the end (see add_page_numbers)
        canv.restoreState()

    def _draw(self, canv: Canvas, doc: BookDocTemplate, footer: bool) -> None:
        """The marking top and bottom, the banner, the rules and the book's title."""
        t, p = self.theme, self.theme.page
        width, height = doc.pagesize
        top, right, bottom, left = t.margins
        sans_bold, sans = t.font("sans", "bold"), t.font("sans")
        # marking: centred, top and bottom, the way classified papers are stamped
        canv.setFillColor(t.colour("marking"))
        canv.setFont(sans_bold, p["marking_size"])
        draw = t.glyphs.draw_line
        draw(canv, width / 2, height - top / 2 + 2, self.marking, sans_bold, p["marking_size"], "centre")
        draw(canv, width / 2, bottom / 2 - 12, self.marking, sans_bold, p["marking_size"], "centre")
        if self.banner:  # "Copy k of N — recipient": beside the marking, top and bottom, as copies are numbered
            canv.setFont(sans_bold, p["banner_size"])
            canv.setFillColor(t.colour("text"))
            banner = _fit(self.banner, sans_bold, p["banner_size"], width - left - right)
            draw(canv, width / 2, height - top / 2 - p["banner_size"] - 1.5, banner, sans_bold, p["banner_size"], "centre")
            draw(canv, width / 2, bottom / 2 - 1.5, banner, sans_bold, p["banner_size"], "centre")
        if footer:
            canv.setStrokeColor(t.colour("rule"))
            canv.setLineWidth(0.5)
            canv.line(left, height - top + 10, width - right, height - top + 10)
            canv.line(left, bottom - 10, width - right, bottom - 10)
            canv.setFillColor(t.colour("muted"))
            canv.setFont(sans, p["footer_size"])
            draw(canv, left, bottom - 21, _fit(self.title, sans, p["footer_size"], width * 0.55), sans, p["footer_size"])

    def page_number_code(self, canv: Canvas, pagesize: tuple[float, float], number: int, pages: int) -> str:
        """The operators of "Page N of M", as a page content stream of their own."""
        t, p = self.theme, self.theme.page
        _, right, bottom, _ = t.margins
        saved, canv._code = canv._code, []
        canv.saveState()
        canv.translate(pagesize[0] - right, bottom - 21)
        canv.setFont(t.font("sans"), p["footer_size"])
        canv.setFillColor(t.colour("muted"))
        canv.drawRightString(0, 0, f"Page {number} of {pages}")
        canv.restoreState()
        code, canv._code = canv._code, saved
        return "\n".join(code) + "\n"

    def define_watermark(self, canv: Canvas, pagesize: tuple[float, float]) -> None:
        t, p = self.theme, self.theme.page
        width, height = pagesize
        canv.beginForm("bb_watermark")
        # drawn first on each page, under the text, in a pale opaque grey: ReportLab forms
        # cannot carry transparency settings
        canv.setFillColor(t.colour("watermark"))
        canv.translate(width / 2, height / 2)
        canv.rotate(52)
        size = p["watermark_size"]
        font = t.font("sans", "bold")
        text_width = canv.stringWidth(self.watermark, font, size)
        size = min(size, size * (height * 0.95) / max(text_width, 1))  # long words shrink to fit the diagonal
        canv.setFont(font, size)
        t.glyphs.draw_line(canv, 0, -size / 3, self.watermark, font, size, "centre")
        canv.endForm()


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _page_filters() -> list:
    return [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]


def encode_page(content: str | bytes) -> bytes:
    """A page's operators filtered as ReportLab does at save: the same filters, in its order
    (the last one listed runs first)."""
    for f in reversed(_page_filters()):
        content = f.encode(content)
    return content


def page_stream(encoded: bytes) -> PDFStream:
    stream = PDFStream(content=encoded)
    filters = _page_filters()
    stream.dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
    stream.__Comment__ = "page stream"
    return stream


class CompressingCanvas(Canvas):
    """Compresses each page's content stream the moment the page is finished.

    ReportLab keeps every page's operators as text until ``save``; a long book then
    holds tens of megabytes it has already laid out. Compressed at once, a finished
    page costs about what it will in the file. The bytes written are the same: the
    same filter on the same text, only earlier."""

    handed_stream: PDFStream | None = None  # a finished page from the helper process, used as it is

    def showPage(self) -> None:
        forms = tuple(self._formsinuse)
        super().showPage()
        page = self._doc.Pages.pages[-1]
        self._share_resources(page, forms)
        if self.handed_stream is not None:
            page.Contents, page.stream, self.handed_stream = self.handed_stream, None, None
            return
        if not page.compression or page.Contents is not None or not page.stream:
            return  # not a case we know byte for byte: ReportLab does it at save
        page.Contents, page.stream = page_stream(encode_page(page.stream)), None

    def _share_resources(self, page, forms: tuple[str, ...]) -> None:
        """Pages that use the same resources (every font, the same forms) point to one
        resource dictionary, made as ReportLab makes each page's own: one object for the
        book instead of one per page to write."""
        if page.Resources is not None or page.ExtGState or page._colorsUsed or getattr(page, "_shadingUsed", None):
            return
        shared = self.__dict__.setdefault("_bb_resources", {})
        key = (bool(page.hasImages), forms)
        ref = shared.get(key)
        if ref is None:
            resources = PDFResourceDictionary()
            resources.basicFonts()
            if page.hasImages:
                resources.allProcs()
            if forms:
                resources.XObject = self._doc.xobjDict(list(forms))
            ref = shared[key] = self._doc.Reference(resources, f"BBResources{len(shared)}")
        page.Resources = ref


class HandedPages(Protocol):
    """Pages laid out and drawn elsewhere, ready to be added after this document's own."""

    def add_to(self, doc: BookDocTemplate) -> None: ...


class Back(Protocol):
    """The back of the book, laid out meanwhile by a helper process (``backhalf.BackHalf``).
    Described here rather than imported: the helper builds on this module, not the reverse."""

    def collect(self, on_unit: Callable[[], None] | None) -> HandedPages | None: ...

    def chunks(self) -> Iterator[list[Flowable]]: ...


_ATOMIC = (int, float, str, bool, type(None))


class BookFrame(Frame):
    """ReportLab's frame, deep-copied faster: a list, a table or a group kept together is
    measured on a deep copy of the frame (``flowables._listWrapOn``), hundreds of times a
    book, and ``copy.deepcopy`` copies the frame's two dozen numbers one call at a time.
    The copy is the same: numbers and names are shared as deepcopy shares them, anything
    else deep-copied."""

    def __deepcopy__(self, memo: dict) -> BookFrame:
        new = self.__class__.__new__(self.__class__)
        memo[id(self)] = new
        new.__dict__.update({k: v if type(v) in _ATOMIC else copy.deepcopy(v, memo) for k, v in self.__dict__.items()})
        return new


class BookDocTemplate(BaseDocTemplate):
    def __init__(self, filename: str, *, theme: Theme, decor: PageDecor, pagesize, **meta) -> None:
        top, right, bottom, left = theme.margins
        super().__init__(
            filename,
            pagesize=pagesize,
            topMargin=top,
            rightMargin=right,
            bottomMargin=bottom,
            leftMargin=left,
            invariant=1,  # fixed dates and ids: the same book gives the same bytes
            pageCompression=1,
            # our own font from the first byte: otherwise an unused, unembedded Helvetica is listed
            initialFontName=theme.font("serif"),
            initialFontSize=10,
            keepTogetherClass=KeepWithNext,  # a heading stays with the start of what follows (breaks.py)
            **meta,
        )
        self.theme, self.decor = theme, decor
        frame = BookFrame(left, bottom, self.width, self.height, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate("cover", [frame], onPage=partial(decor.draw, footer=False), pagesize=pagesize),
            PageTemplate("body", [frame], onPage=decor.draw, onPageEnd=page_ends, pagesize=pagesize),
        ])
        self.page_of: dict[str, int] = {}  # anchor key -> page where it was drawn
        self.end_of: dict[str, int] = {}  # an item's anchor key -> the page where its last line was drawn
        self.change_bar_from: float | None = None  # where an open change bar starts on this page (changebars.py)
        self.issued: str | None = None  # the edition's date: the PDF's creation date (else a fixed one)
        self.toc_styles: dict[str, tuple[str, float]] = {}  # anchor key -> font of its TOC number
        self._outline_level = -1
        self.front_pages = 0  # pages laid out here; any after them came from the helper process
        self.numbered_pages: list[int] = []  # pages with a footer, to be given "Page N of M"

    # -- anchors and outline --------------------------------------------------------------
    def anchor(self, canv: Canvas, key: str, title: str | None, level: int | None, y: float) -> None:
        if key in self.page_of:
            return
        self.page_of[key] = canv.getPageNumber()
        canv.bookmarkHorizontal(key, 0, y)
        if title is not None and level is not None:
            level = min(level, self._outline_level + 1)  # the outline can only go one level deeper at a time
            canv.addOutlineEntry(title, key, level, closed=level > 0)
            self._outline_level = level

    # -- the one-pass build ---------------------------------------------------------------
    def build_stream(self, chunks: Iterable[list[Flowable]], after_chunk: Callable[[], None] | None = None,
                     back: Back | None = None) -> None:
        """Lay out chunks as they come; ``after_chunk`` runs once each chunk is on the page
        (progress, cancel checks). ``back``: the sections a helper process lays out meanwhile,
        added after these pages (or laid out here if the helper could not)."""
        self._startBuild(self.filename, CompressingCanvas)
        self.canv._doctemplate = self
        self.canv.showOutline()  # the bookmarks panel opens with the document
        if self.issued:
            self.canv._doc._timeStamp = edition_stamp(self.issued)
        if self.decor.watermark:
            self.decor.define_watermark(self.canv, self.pagesize)
        self._lay_out(chunks, after_chunk)
        handed = None
        if back is not None:
            handed = back.collect(after_chunk)
            if handed is None:
                self._lay_out(back.chunks(), after_chunk)
        self._doSave = 0
        self._endBuild()
        self.front_pages = self.canv.getPageNumber() - 1
        if handed is not None:
            handed.add_to(self)
        self._define_numbers()
        self.add_page_numbers()
        self.canv.save()

    def build_pages(self, chunks: Iterable[list[Flowable]], canvasmaker: type[Canvas],
                    after_chunk: Callable[[], None] | None = None) -> Canvas:
        """Lay out and draw, without saving: the helper process hands the pages over instead."""
        self._startBuild(self.filename, canvasmaker)
        self.canv._doctemplate = self
        self._lay_out(chunks, after_chunk)
        self._doSave = 0
        self._endBuild()
        return self.canv

    def _lay_out(self, chunks: Iterable[list[Flowable]], after_chunk: Callable[[], None] | None) -> None:
        pending: list[Flowable] = []
        for chunk in chunks:
            pending.extend(chunk)
            while pending:
                self.clean_hanging()
                self.handle_flowable(pending)
            if after_chunk:
                after_chunk()

    def add_page_numbers(self) -> None:
        """"Page N of M" on every page with a footer, now that M is known: a small content
        stream of its own, first in the page's list, so that it starts from the page's initial
        graphics state. (A form per page, the other way to fill in a number later, costs a
        form object, its resources and an entry in the page's resources.)"""
        pdf_doc = self.canv._doc
        pages = pdf_doc.Pages.pages
        for n in self.numbered_pages:
            page = pages[n - 1]
            number = page_stream(encode_page(self.decor.page_number_code(self.canv, self.pagesize, n, len(pages))))
            page.Contents = PDFArray([pdf_doc.Reference(number), pdf_doc.Reference(page.Contents)])

    def _define_numbers(self) -> None:
        canv, t = self.canv, self.theme
        pages = canv.getPageNumber() - 1
        self.page_count = pages
        for key, (font_name, font_size) in self.toc_styles.items():
            canv.beginForm(f"bb_pn_{key}", lowerx=-PAGE_NUMBER_SLOT, lowery=-4, upperx=0, uppery=font_size + 2)
            canv.setFont(font_name, font_size)
            canv.setFillColor(t.colour("text"))
            canv.drawRightString(0, 0, str(self.page_of.get(key, "–")))
            canv.endForm()


def edition_stamp(issued: str) -> TimeStamp:
    """A fixed time stamp (as ReportLab's invariant one) at the edition's date: "2024-03-05" or a
    UTC time "2024-03-05T09:30:00"; the PDF's creation and modification date."""
    stamp = TimeStamp(1)
    try:
        when = datetime.fromisoformat(issued.strip().replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    stamp.t = calendar.timegm(when.timetuple())
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


class ItemEnd(Flowable):
    """Nothing to draw: records the page where an item's last line went (``BookDocTemplate.end_of``)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.end_of[self.key] = self.canv.getPageNumber()


def paper_size(content: BookContent) -> tuple[float, float]:
    paper = PAPER.get((content.paper or "a4").lower())
    if paper is None:
        raise BriefingError(f"{content.title}: unknown paper size {content.paper!r} (use a4 or letter)")
    return paper


def new_document(content: BookContent, filename: str, theme_name: str) -> BookDocTemplate:
    """The page machinery for ``content``."""
    paper = paper_size(content)
    t = load_theme(theme_name)
    decor = PageDecor(t, marking=content.marking, title=content.title, banner=content.page_banner,
                      watermark=content.watermark)
    subject = " · ".join(x for x in (content.visit, content.destination,
                                      format_dates(content.start_date, content.end_date)) if x)
    doc = BookDocTemplate(
        filename, theme=t, decor=decor, pagesize=paper,
        title=content.title, author=content.prepared_by or "", subject=subject,
        keywords=list(content.keywords), creator="Briefing Book",
    )
    doc.issued = content.issued or content.edition_date
    return doc


class Anchored(Flowable):
    """A heading that records its page, sets a PDF destination and an outline entry."""

    def __init__(self, paragraph: Paragraph, key: str, *, outline: str | None = None, level: int | None = None):
        super().__init__()
        self.p, self.key, self.outline, self.level = paragraph, key, outline, level
        self.keepWithNext = getattr(paragraph, "keepWithNext", 0)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width, self.height = self.p.wrap(aW, aH)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.p.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.p.getSpaceAfter()

    def draw(self) -> None:
        self.canv._doctemplate.anchor(self.canv, self.key, self.outline, self.level, self.height + 6)
        self.p.drawOn(self.canv, 0, 0)


class TocLine(Flowable):
    """One contents entry: the title, a dotted leader and the page number, all one link."""

    def __init__(self, paragraph: Paragraph, key: str):
        super().__init__()
        self.p, self.key = paragraph, key

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self.width = aW
        _, self.height = self.p.wrap(aW - PAGE_NUMBER_SLOT, aH)
        return aW, self.height

    def getSpaceBefore(self) -> float:
        return self.p.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.p.getSpaceAfter()

    def draw(self) -> None:
        canv, st = self.canv, self.p.style
        doc = canv._doctemplate
        doc.toc_styles[self.key] = (st.fontName, st.fontSize)
        self.p.drawOn(canv, 0, 0)
        lines = self.p.getActualLineWidths0()
        baseline = self.height - st.fontSize - (len(lines) - 1) * st.leading
        end = lines[-1] if lines else 0  # measured from the frame edge, indent included
        canv.saveState()
        if end + 8 < self.width - PAGE_NUMBER_SLOT + 6:
            canv.setStrokeColor(doc.theme.colour("rule"))
            canv.setLineWidth(0.7)
            canv.setLineCap(1)
            canv.setDash([0.1, 3])
            canv.line(end + 6, baseline + 1, self.width - PAGE_NUMBER_SLOT + 8, baseline + 1)
        canv.translate(self.width, baseline)
        canv.doForm(f"bb_pn_{self.key}")
        canv.restoreState()
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)
