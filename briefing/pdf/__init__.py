"""Printing: a book's content laid out as a PDF with ReportLab, numbered copies and the pocket card.

``export`` writes a ``briefing.book.content.BookContent`` (``story`` makes the
flowables, ``doc`` the pages, ``backhalf`` the helper process that lays out the
back of a long book); ``distribution`` prints one numbered copy per recipient;
``card`` sets the principal's pocket card. The helper process does not import
its caller: ``export`` uses ``backhalf``, and both start from ``doc``'s
``new_document`` and ``story``.

May import: ``briefing.book``, ``briefing.library`` and the foundation.
"""

from briefing.errors import Cancelled
from briefing.pdf.export import ExportResult, export_pdf

__all__ = ["Cancelled", "ExportResult", "export_pdf"]
