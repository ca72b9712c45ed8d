"""``export_pdf``: a BookContent to a PDF file, atomically, with progress and cancel."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError

from briefing.book.content import BookContent
from briefing.errors import BriefingError, Cancelled
from briefing.files import temporary_beside
from briefing.pdf.addendum import item_pages
from briefing.pdf.backhalf import MIN_BOOK_WEIGHT, BackHalf, HelperLayoutError, split_point
from briefing.pdf.doc import new_document, paper_size
from briefing.pdf.story import Story


@dataclass(frozen=True)
class ExportResult:
    pages: int
    path: Path
    helper: bool = False  # whether a helper process laid out the back of the book
    # each item's first and last page (by item id): the pack's page map (briefing.book.editions.record_pages)
    item_pages: dict[int, tuple[int, int]] = field(default_factory=dict)


def export_pdf(
    content: BookContent,
    path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    theme: str = "default",
    helper: bool | None = None,
    front_matter: bool = True,
) -> ExportResult:
    """Write the book to ``path``. The file appears only when complete: the PDF is
    written beside it under a temporary name and renamed, so a failure or a cancel
    leaves any previous file as it was. Raises Cancelled when ``should_cancel`` says so.

    ``helper``: lay the back of the book out in a second process (see backhalf.py);
    by default only for a book long enough to gain from it. ``front_matter``: the cover
    and the contents (without them, the first section starts the first page, as a
    document printed on its own, e.g. an agreement side by side with its translation)."""
    target = Path(path)
    paper_size(content)  # before any file or helper process
    folder = target.parent
    if not folder.is_dir():
        raise BriefingError(f"{target}: the folder {folder} does not exist")
    first_back = None
    if helper is not False and front_matter:
        first_back = split_point(content, min_weight=0 if helper else MIN_BOOK_WEIGHT)
    try:
        fd, tmp = temporary_beside(target)  # 0666 less the umask, as every file the app writes
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write in {folder} ({exc.strerror})") from exc
    os.close(fd)
    tmp_name = str(tmp)
    back: BackHalf | None = None

    def check_cancel() -> None:
        if should_cancel and should_cancel():
            raise Cancelled(f"{target}: export cancelled; nothing was written")

    try:
        check_cancel()
        if first_back is not None:  # first of all: the helper's start-up overlaps this process's
            back = BackHalf(content, theme, first_back, lambda: story.section_chunks(first_back), check_cancel)
        doc = new_document(content, tmp_name, theme)
        story = Story(content, doc.theme, doc.width)
        total = story.units() + 1  # the last unit: writing the file
        if not front_matter:
            doc._firstPageTemplateIndex = 1  # the body pages, from the first
            total -= 2
        done = 0

        def after_chunk() -> None:
            nonlocal done
            done = min(done + 1, total - 1)  # (a failed helper's units are counted again here)
            if progress:
                progress(done, total)
            check_cancel()

        try:
            if back is None:
                doc.build_stream(story.chunks() if front_matter else story.section_chunks(0, on_new_page=True),
                                 after_chunk)
            else:
                def front_chunk() -> None:
                    after_chunk()
                    back.relay(after_chunk)

                doc.build_stream(story.chunks(last=first_back), front_chunk, back=back)
        except LayoutError as exc:
            raise BriefingError(f"{target}: cannot lay out {story.current}: {exc}") from exc
        except HelperLayoutError as exc:
            raise BriefingError(f"{target}: {exc}") from exc
        except OSError as exc:
            raise BriefingError(f"{target}: cannot write ({exc.strerror or exc})") from exc
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if back is not None:
            back.stop()
    if progress:
        progress(total, total)
    return ExportResult(pages=doc.page_count, path=target, helper=back is not None and back.fallback_reason is None,
                        item_pages=item_pages(content, doc.page_of, doc.end_of))
