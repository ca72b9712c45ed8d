"""PDF: the text of each page in reading order, lines joined back into paragraphs.

pypdf is pure Python (nothing to build on the user's machine), reads text in
content order, and is tolerant enough for real-world files; a file it cannot
read at all, or one cut short, is refused rather than half-read.
"""

from __future__ import annotations

import io
import logging
import re

from .source import Extracted, Rejected, placeholder
from .text import normalise

MAX_PAGES = 2000
_SENTENCE_END = re.compile(r"[.!?:;…»”\"')]$")
_ITEM_START = re.compile(r"^(?:\d{1,3}[.)]|[-•–]|\(?[a-z]\))\s")


def read_pdf(data: bytes) -> Extracted:
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise Rejected("not a PDF file (no PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise Rejected("truncated PDF (the end-of-file marker is missing)")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about sloppy files are not ours to print
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise Rejected("the PDF is password-protected")
        if len(reader.pages) > MAX_PAGES:
            raise Rejected(f"the PDF has more than {MAX_PAGES} pages")
        pages = [_page_text(page) for page in reader.pages]
        info = reader.metadata
        title = (info.title or "").strip() if info else ""
        author = (info.author or "").strip() if info else ""
    except Rejected:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError, OSError) as exc:
        raise Rejected(f"corrupt PDF ({exc.__class__.__name__}: {str(exc)[:80]})") from exc
    text = normalise("\n\n".join(pages))
    if not text:
        raise Rejected("the PDF has no text layer (a scan?); nothing to import")
    return Extracted(
        text=text,
        format="pdf",
        title=title if _plausible_title(title) else None,
        author=author or None,
    )


def _plausible_title(title: str) -> bool:
    """Producers fill the title with the file name or the template's name."""
    lowered = title.lower()
    return (
        len(title) > 3
        and not placeholder(title)
        and not re.search(r"\.(docx?|pdf|odt|rtf)$", lowered)
        and not lowered.startswith(("microsoft word", "untitled"))
    )


def _page_text(page) -> str:
    """The page's paragraphs: lines in content order (columns stay whole), a paragraph
    ending where the gap to the next line is wider than the text's line spacing."""
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    first_y: list[float] = []

    def visit(text: str, cm, tm, font, size) -> None:
        if not text:
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        for piece in text.splitlines(keepends=True):
            if piece.strip() and not first_y:
                first_y.append(y)
            current.append(piece)
            if piece.endswith("\n"):
                _flush(lines, current, first_y)

    plain = page.extract_text(visitor_text=visit) or ""
    _flush(lines, current, first_y)
    if len({round(y) for _, y in lines}) < max(2, len(lines) // 2):
        return reflow(plain)  # positions unusable (one text block per page): go by line widths
    return paragraphs_by_gaps(lines)


def _flush(lines: list[tuple[str, float]], current: list[str], first_y: list[float]) -> None:
    text = "".join(current).strip()
    if text:
        lines.append((" ".join(text.split()), first_y[0] if first_y else 0.0))
    current.clear()
    first_y.clear()


def paragraphs_by_gaps(lines: list[tuple[str, float]]) -> str:
    gaps = sorted(a[1] - b[1] for a, b in zip(lines, lines[1:]) if a[1] - b[1] > 0)
    leading = gaps[len(gaps) // 4] if gaps else 0.0  # most gaps are within paragraphs
    paragraphs: list[str] = []
    current = ""
    for n, (line, y) in enumerate(lines):
        if current:
            gap = lines[n - 1][1] - y
            if gap <= 0 or gap > leading * 1.3 or _ITEM_START.match(line):
                paragraphs.append(current)
                current = ""
        if current.endswith("-") and not current.endswith(" -") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated across lines
        else:
            current = f"{current} {line}" if current else line
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def reflow(page: str) -> str:
    """Join the lines of a page into paragraphs: a line that ends short, on a full
    stop, or before a numbered or bulleted item ends its paragraph."""
    lines = [line.strip() for line in page.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.8)] if len(widths) > 4 else widths[-1]
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current and _ITEM_START.match(line):
            paragraphs.append(current)
            current = ""
        if current.endswith("-") and not current.endswith(" -") and line[:1].islower():
            current = current[:-1] + line  # a word hyphenated across lines
        else:
            current = f"{current} {line}" if current else line
        if len(line) < full * 0.75 and (_SENTENCE_END.search(line) or len(line) < full * 0.5):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
