"""Scanned PDF pages read with OCR: each page rendered as a picture, then read by Tesseract.

Signed agreements usually arrive as scans: pages that are pictures with no
text layer. PDFium (``pypdfium2``) renders such a page at a resolution
Tesseract reads well, and Tesseract (``pytesseract``) reads it with the
Russian, Kazakh, Azerbaijani and English data that the system's packages
installed (``tesseract-ocr-rus`` and the others); the languages it does not
have are left out. Without Tesseract the reader says so instead, and the file
is imported as a scan without text (see ``pdf``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from briefing.importing.available import OCR_LANGUAGES, ocr_unavailable

# dots per inch a page is rendered at: Tesseract reads body text best at about 300
RESOLUTION = 300
# seconds Tesseract may spend on one page before it is given up as unreadable
PAGE_TIMEOUT = 180

PageProgress = Callable[[int, int], None]


class OCRUnavailable(Exception):
    """OCR cannot run here; the message says what to install."""


@cache
def languages() -> str:
    """The Tesseract languages to read with, "rus+kaz+aze+eng" or those of them installed."""
    import pytesseract

    try:
        installed = set(pytesseract.get_languages(config=""))
    except Exception:  # an old Tesseract without --list-langs: ask for English only
        installed = {"eng"}
    chosen = [lang for lang in OCR_LANGUAGES if lang in installed] or ["eng"]
    return "+".join(chosen)


def read_pages(data: bytes, pages: list[int], progress: PageProgress | None = None) -> dict[int, str]:
    """Page number (from 0) -> the text OCR read on it, for each of ``pages``."""
    reason = ocr_unavailable()
    if reason:
        raise OCRUnavailable(reason)
    import pypdfium2
    import pytesseract

    document = pypdfium2.PdfDocument(data)
    texts: dict[int, str] = {}
    try:
        for done, number in enumerate(pages):
            if progress is not None:
                progress(done, len(pages))
            page = document[number]
            try:
                image = page.render(scale=RESOLUTION / 72, grayscale=True).to_pil()
            finally:
                page.close()
            try:
                texts[number] = pytesseract.image_to_string(image, lang=languages(), timeout=PAGE_TIMEOUT)
            except RuntimeError:  # pytesseract's timeout
                texts[number] = ""
        if progress is not None:
            progress(len(pages), len(pages))
    finally:
        document.close()
    return texts
