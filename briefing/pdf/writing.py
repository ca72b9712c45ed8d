"""Faster forms of two helpers ReportLab calls for every name and number it writes to the file.

When a PDF is saved, ReportLab formats each of its objects (a long book has tens of
thousands: pages, content streams, links, outline entries) and passes every piece
through ``pdfdoc.pdfdocEnc``, which encodes text with a codec of ReportLab's own,
written in Python, and through ``pdfdoc.PDFName``, which escapes a name one
character at a time. Both run once the pages are laid out, in the one process that
writes the file, where nothing else can overlap them (about a sixth of the export of
an 800-document book). ``install`` replaces them, once per process, with versions that
give the same bytes and the same errors:

- printable ASCII encodes as itself in PDFDocEncoding, so such text is encoded by
  Python's own codec; anything else goes to ReportLab's;
- a name is escaped once and remembered (a book uses a few dozen names).
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfdoc

_reportlab_encode = pdfdoc.pdfdocEnc
_reportlab_name = pdfdoc.PDFName


def pdfdoc_encoded(x):
    """``pdfdoc.pdfdocEnc``: text in PDFDocEncoding; anything else as it is."""
    if isinstance(x, str) and x.isascii() and x.isprintable():
        return x.encode("ascii")
    return _reportlab_encode(x)


@lru_cache(maxsize=4096)
def _name(data: str) -> str:
    return _reportlab_name(data)


def pdf_name(data, lo=chr(0x21), hi=chr(0x7E)):
    """``pdfdoc.PDFName``: ``/data``, its unusual characters escaped."""
    if type(data) is str and lo == "\x21" and hi == "\x7e":
        return _name(data)
    return _reportlab_name(data, lo, hi)


def install() -> None:
    """Use the faster helpers in this process (the same bytes: tests/pdf/test_writing.py)."""
    pdfdoc.pdfdocEnc = pdfdoc_encoded
    pdfdoc.PDFName = pdf_name
