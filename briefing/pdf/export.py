"""``export_pdf``: a BookContent to a PDF file, atomically, with progress and cancel."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.platypus.doctemplate import LayoutError

from ..bookcontent import BookContent
from ..errors import BriefingError, Cancelled
from .doc import BookDocTemplate, PageDecor
from .story import Story, format_dates
from .styles import load_theme

PAPER = {"a4": A4, "letter": LETTER}


@dataclass(frozen=True)
class ExportResult:
    pages: int
    path: Path


def export_pdf(
    content: BookContent,
    path: str | os.PathLike,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    theme: str = "default",
) -> ExportResult:
    """Write the book to ``path``. The file appears only when complete: the PDF is
    written beside it under a temporary name and renamed, so a failure or a cancel
    leaves any previous file as it was. Raises Cancelled when ``should_cancel`` says so."""
    target = Path(path)
    paper = PAPER.get((content.paper or "a4").lower())
    if paper is None:
        raise BriefingError(f"{content.title}: unknown paper size {content.paper!r} (use a4 or letter)")
    folder = target.parent
    if not folder.is_dir():
        raise BriefingError(f"{target}: the folder {folder} does not exist")
    t = load_theme(theme)
    decor = PageDecor(t, marking=content.marking, title=content.title, banner=content.page_banner,
                      watermark=content.watermark)
    subject = " · ".join(x for x in (content.visit, content.destination,
                                      format_dates(content.start_date, content.end_date)) if x)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise BriefingError(f"{target}: cannot write in {folder} ({exc.strerror})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        doc = BookDocTemplate(
            tmp_name, theme=t, decor=decor, pagesize=paper,
            title=content.title, author=content.prepared_by or "", subject=subject,
            keywords=list(content.keywords), creator="Briefing Book",
        )
        story = Story(content, t, doc.width)
        total = story.units() + 1  # the last unit: writing the file
        done = 0

        def after_chunk() -> None:
            nonlocal done
            done += 1
            if progress:
                progress(done, total)
            if should_cancel and should_cancel():
                raise Cancelled(f"{target}: export cancelled; nothing was written")

        if should_cancel and should_cancel():
            raise Cancelled(f"{target}: export cancelled; nothing was written")
        try:
            doc.build_stream(story.chunks(), after_chunk)
        except LayoutError as exc:
            raise BriefingError(f"{target}: cannot lay out {story.current}: {exc}") from exc
        except OSError as exc:
            raise BriefingError(f"{target}: cannot write ({exc.strerror or exc})") from exc
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if progress:
        progress(total, total)
    return ExportResult(pages=doc.page_count, path=target)
