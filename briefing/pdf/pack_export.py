"""A book's pack exported, with the page map an addendum to it will need: the one path of the
command line and the app.

``export_pack`` checks and cuts the book (``briefing.book.packs.pack_content``),
writes the PDF (``export_pdf``) and returns, beside the file, where each item was
printed (``briefing.book.editions.PageMap``) for the state of the book it was
printed from. The caller keeps it with ``editions.record_page_map``: the command
line at once, the app on its writer (the export itself runs on a reader, and
the app's writes go one at a time). No map comes back for a pack whose pages
would mislead an addendum: an addendum itself, a pack on another paper than the
book's own, or one of a book that changed while it was being printed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass

from briefing.book.books import get_book
from briefing.book.editions import PageMap, page_map, state_hash
from briefing.book.packs import pack_content
from briefing.book.preflight import Problem
from briefing.library.store import Store
from briefing.pdf.export import ExportResult, export_pdf


@dataclass(frozen=True)
class PackExport:
    result: ExportResult
    problems: list[Problem]  # the pre-flight check's (warnings; errors too when forced)
    page_map: PageMap | None  # where each item went, to record; None when it would mislead


def export_pack(
    store: Store,
    book_id: int,
    path: str | os.PathLike,
    *,
    profile: str | None = None,
    paper: str | None = None,
    watermark: str | None = None,
    addendum: bool = False,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> PackExport:
    """Export the book's pack to ``path`` (see ``pack_content`` and ``export_pdf`` for the
    choices, the check and the errors); ``paper`` None is the book's own."""
    before = state_hash(store, book_id)
    content, problems = pack_content(store, book_id, profile=profile, watermark=watermark, addendum=addendum,
                                     force=force)
    own_paper = (get_book(store, book_id).get("paper") or "a4").lower()
    if paper:
        content = dataclasses.replace(content, paper=paper.lower())
    result = export_pdf(content, path, progress=progress, should_cancel=should_cancel)
    pages = None
    # the pages of an edition as its readers hold it: the book's own paper, every item, one state
    if not addendum and (not paper or paper.lower() == own_paper) and state_hash(store, book_id) == before:
        pages = page_map(store, book_id, content.profile or "full", result.item_pages, state=before)
    return PackExport(result, problems, pages)
