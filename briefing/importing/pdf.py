"""PDF: the text of each page in reading order, lines joined back into paragraphs.

pdfminer.six does the layout analysis: it groups characters into lines and lines
into text boxes by their positions on the page, then orders the boxes column by
column (its ``boxes_flow``), so a two-column page reads down the left column and
then the right one, whatever order the file draws them in. It is pure Python and
tolerant of sloppy files; a file it cannot read at all, one cut short or one
locked with a password is refused rather than half-read.
"""

from __future__ import annotations

import io
import logging
import re
from itertools import islice

from briefing.importing.ocr import OCRUnavailable, PageProgress, read_pages
from briefing.importing.pdf_layout import Box, Line, Page, document_text
from briefing.importing.source import Extracted, Rejected, placeholder
from briefing.importing.text import normalise

MAX_PAGES = 2000
# Ordering text boxes column by column compares every pair of boxes on a page (seconds
# for a page of a thousand scattered table cells, minutes beyond): past this many,
# a page's boxes are read top to bottom, left to right, as pdfminer does with boxes_flow off.
MAX_ORDERED_BOXES = 300
# how far apart (in character widths) two words of one line may stand
CHAR_MARGIN = 4.0


SCAN_TAG = "scan without text"


def read_pdf(data: bytes, progress: PageProgress | None = None) -> Extracted:
    """The PDF's text; pages that are only pictures (a scan) are read with OCR, ``progress(page, pages)``
    told as each is read. Without OCR a scan is kept as a "scan without text" that says so."""
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise Rejected("not a PDF file (no PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise Rejected("truncated PDF (the end-of-file marker is missing)")
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings about sloppy files are not ours to print
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
        pages = list(islice(PDFPage.create_pages(document), MAX_PAGES + 1))
        if len(pages) > MAX_PAGES:
            raise Rejected(f"the PDF has more than {MAX_PAGES} pages")
        title, author = _info(document, "Title"), _info(document, "Author")
        laid_out = _layout(pages)
    except Rejected:
        raise
    except PDFPasswordIncorrect as exc:
        raise Rejected("the PDF is password-protected") from exc
    except PDFEncryptionError as exc:
        raise Rejected(f"the PDF is encrypted in a way that cannot be read ({_one_line(exc)})") from exc
    except Exception as exc:  # any failure of the parser on a damaged file is the file's, not ours
        raise Rejected(f"corrupt PDF ({exc.__class__.__name__}: {_one_line(exc)})") from exc
    warnings = _read_scans(data, laid_out, progress)
    text = normalise(document_text(laid_out))
    tags: list[str] = []
    if not text and warnings:
        text, tags = _scan_note(len(laid_out), warnings[0]), [SCAN_TAG]
    if not text:
        raise Rejected("the PDF has no text (no text layer and no page pictures); nothing to import")
    return Extracted(
        text=text,
        format="pdf",
        title=title if _plausible_title(title) else None,
        author=author or None,
        tags=tags,
        warnings=warnings,
    )


def _read_scans(data: bytes, laid_out: list[Page], progress: PageProgress | None) -> list[str]:
    """OCR for the pages that are pictures without text; what could not be done, as warnings."""
    scanned = [n for n, page in enumerate(laid_out) if not page.boxes and page.images]
    if not scanned:
        return []
    try:
        texts = read_pages(data, scanned, progress)
    except OCRUnavailable as exc:
        what = "all its pages are" if len(scanned) == len(laid_out) else f"{len(scanned)} of its pages are"
        return [f"scan without text: {what} pictures and {exc}"]
    for number, text in texts.items():
        laid_out[number].ocr = text
    unread = [n + 1 for n, text in texts.items() if not text.strip()]
    return [f"OCR found no text on page {', '.join(map(str, unread))}"] if unread else []


def _scan_note(pages: int, warning: str) -> str:
    return (
        f"Scan without text. This PDF holds {pages} page{'s' if pages != 1 else ''} of pictures and no text "
        f"layer, and its text could not be read: {warning.removeprefix('scan without text: ')}. "
        "Install OCR and import the file again to make its text searchable."
    )


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:80]


def _info(document, key: str) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in document.info:
        value = resolve1(info.get(key))
        if isinstance(value, bytes):
            return decode_text(value).replace("\x00", "").strip()
        if isinstance(value, str):
            return value.strip()
    return ""


def _plausible_title(title: str) -> bool:
    """Producers fill the title with the file name or the template's name."""
    lowered = title.lower()
    return (
        len(title) > 3
        and not placeholder(title)
        and not re.search(r"\.(docx?|pdf|odt|rtf)$", lowered)
        and not lowered.startswith(("microsoft word", "untitled"))
    )


def _layout(pages) -> list[Page]:
    """Each page's text boxes in reading order, each box its lines from top to bottom with their type size."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTPage, LTTextBox, LTTextGroupLRTB
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    class Bounded:
        """Past MAX_ORDERED_BOXES, one flat group: the boxes sorted by position alone."""

        def group_textboxes(self, laparams, boxes):
            if len(boxes) > MAX_ORDERED_BOXES:
                return [LTTextGroupLRTB(boxes)]
            return super().group_textboxes(laparams, boxes)

    class LaidOut(Bounded, LTPage):
        pass

    class Figure(Bounded, LTFigure):
        pass

    class Aggregator(PDFPageAggregator):
        def begin_page(self, page, ctm) -> None:
            super().begin_page(page, ctm)
            self.cur_item.__class__ = LaidOut

        def begin_figure(self, name, bbox, matrix) -> None:
            super().begin_figure(name, bbox, matrix)
            self.cur_item.__class__ = Figure

    def size_of(line) -> float:
        sizes = sorted(char.size for char in line if isinstance(char, LTChar))
        return sizes[len(sizes) // 2] if sizes else 0.0

    def fill(page: Page, container) -> None:
        for item in container:
            if isinstance(item, LTTextBox):
                lines = [Line(" ".join(line.get_text().split()), line.y0, size_of(line)) for line in item]
                lines = [line for line in lines if line.text]
                if lines:
                    page.boxes.append(Box(lines, top=page.height - item.y1, bottom=page.height - item.y0))
            elif isinstance(item, LTImage):
                page.images += 1
            elif isinstance(item, LTFigure):  # a form drawn on the page, with text of its own
                fill(page, item)

    resources = PDFResourceManager()
    # all_texts: text inside forms (some producers draw every page as one) is laid out too;
    # char_margin: words of a loosely justified line stay one line (at 2, pdfminer's default,
    # their wide spaces split the line and the pieces were read in the wrong order)
    device = Aggregator(resources, laparams=LAParams(all_texts=True, char_margin=CHAR_MARGIN))
    interpreter = PDFPageInterpreter(resources, device)
    laid_out = []
    for pdf_page in pages:
        interpreter.process_page(pdf_page)
        result = device.get_result()
        page = Page(height=result.height)
        fill(page, result)
        laid_out.append(page)
    return laid_out
