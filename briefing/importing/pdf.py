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

from briefing.importing.source import Extracted, Rejected, placeholder
from briefing.importing.text import normalise

MAX_PAGES = 2000
# Ordering text boxes column by column compares every pair of boxes on a page (seconds
# for a page of a thousand scattered table cells, minutes beyond): past this many,
# a page's boxes are read top to bottom, left to right, as pdfminer does with boxes_flow off.
MAX_ORDERED_BOXES = 300
_ITEM_START = re.compile(r"^(?:\d{1,3}[.)]|[-•–]|\(?[a-z]\))\s")

Line = tuple[str, float]  # a line's text and the height of its baseline on the page


def read_pdf(data: bytes) -> Extracted:
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
        boxes = _text_boxes(pages)
    except Rejected:
        raise
    except PDFPasswordIncorrect as exc:
        raise Rejected("the PDF is password-protected") from exc
    except PDFEncryptionError as exc:
        raise Rejected(f"the PDF is encrypted in a way that cannot be read ({_one_line(exc)})") from exc
    except Exception as exc:  # any failure of the parser on a damaged file is the file's, not ours
        raise Rejected(f"corrupt PDF ({exc.__class__.__name__}: {_one_line(exc)})") from exc
    text = normalise("\n\n".join(filter(None, (_page_text(page) for page in boxes))))
    if not text:
        raise Rejected("the PDF has no text layer (a scan?); nothing to import")
    return Extracted(
        text=text,
        format="pdf",
        title=title if _plausible_title(title) else None,
        author=author or None,
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


def _text_boxes(pages) -> list[list[list[Line]]]:
    """Each page's text boxes in reading order, each box its lines from top to bottom."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTFigure, LTPage, LTTextBox, LTTextGroupLRTB
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    class Bounded:
        """Past MAX_ORDERED_BOXES, one flat group: the boxes sorted by position alone."""

        def group_textboxes(self, laparams, boxes):
            if len(boxes) > MAX_ORDERED_BOXES:
                return [LTTextGroupLRTB(boxes)]
            return super().group_textboxes(laparams, boxes)

    class Page(Bounded, LTPage):
        pass

    class Figure(Bounded, LTFigure):
        pass

    class Aggregator(PDFPageAggregator):
        def begin_page(self, page, ctm) -> None:
            super().begin_page(page, ctm)
            self.cur_item.__class__ = Page

        def begin_figure(self, name, bbox, matrix) -> None:
            super().begin_figure(name, bbox, matrix)
            self.cur_item.__class__ = Figure

    def boxes_of(container) -> list[list[Line]]:
        found: list[list[Line]] = []
        for item in container:
            if isinstance(item, LTTextBox):
                lines = [(" ".join(line.get_text().split()), line.y0) for line in item]
                found.append([line for line in lines if line[0]])
            elif isinstance(item, LTFigure):  # a form drawn on the page, with text of its own
                found += boxes_of(item)
        return found

    resources = PDFResourceManager()
    # all_texts: text inside forms (some producers draw every page as one) is laid out too
    device = Aggregator(resources, laparams=LAParams(all_texts=True))
    interpreter = PDFPageInterpreter(resources, device)
    laid_out = []
    for page in pages:
        interpreter.process_page(page)
        laid_out.append(boxes_of(device.get_result()))
    return laid_out


def _page_text(boxes: list[list[Line]]) -> str:
    return "\n\n".join(paragraph for box in boxes for paragraph in paragraphs(box))


def paragraphs(lines: list[Line]) -> list[str]:
    """The paragraphs of one text box: its lines joined, words hyphenated across lines
    made whole; a wider gap than the box's line spacing, or a numbered or bulleted
    item, starts a new paragraph."""
    gaps = sorted(a[1] - b[1] for a, b in zip(lines, lines[1:]) if a[1] - b[1] > 0)
    leading = gaps[len(gaps) // 4] if gaps else 0.0  # most gaps are within paragraphs
    found: list[str] = []
    current = ""
    for n, (line, y) in enumerate(lines):
        if current:
            gap = lines[n - 1][1] - y
            if gap <= 0 or gap > leading * 1.3 or _ITEM_START.match(line):
                found.append(current)
                current = ""
        if current.endswith("-") and not current.endswith(" -") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated across lines
        else:
            current = f"{current} {line}" if current else line
    if current:
        found.append(current)
    return found
