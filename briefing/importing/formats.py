"""Which reader a file goes to: by its name, checked against its first bytes."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from briefing.importing import source as limits
from briefing.importing.available import unavailable
from briefing.importing.docx import read_docx
from briefing.importing.html import read_html
from briefing.importing.ocr import PageProgress
from briefing.importing.pdf import read_pdf
from briefing.importing.source import Extracted, Rejected
from briefing.importing.text import read_markdown, read_text

READERS: dict[str, Callable[[bytes], Extracted]] = {
    "text": read_text,
    "markdown": read_markdown,
    "html": read_html,
    "pdf": read_pdf,
    "docx": read_docx,
}
SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
# formats people will try, with what to do instead
UNSUPPORTED = {
    ".doc": "old Word .doc format; save it as .docx",
    ".rtf": "RTF format; save it as .docx",
    ".odt": "OpenDocument format; save it as .docx",
    ".mht": "MHT web archive; save the page as HTML",
    ".mhtml": "MHT web archive; save the page as HTML",
}
# skipped silently when walking a folder: not documents, never meant to be imported
SKIP_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})


def format_of(path: Path, head: bytes) -> str:
    """The reader for ``path``; raises Rejected for a format the importer does not take."""
    suffix = path.suffix.lower()
    if suffix in UNSUPPORTED:
        raise Rejected(f"unsupported format: {UNSUPPORTED[suffix]}")
    kind = SUFFIXES.get(suffix)
    if kind is None and suffix:
        raise Rejected(f"unknown format ({suffix}); import .txt, .md, .html, .pdf or .docx files")
    if kind is None:  # no suffix at all: go by the content
        if head.lstrip()[:5] == b"%PDF-":
            return "pdf"
        if head.startswith(b"PK"):
            return "docx"
        return "html" if _looks_like_html(head) else "text"
    if kind in ("text", "markdown") and _looks_like_html(head):
        return "html"
    return kind


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip()[:100].lower()
    return start.startswith((b"<!doctype html", b"<html"))


class Unavailable(Rejected):
    """The file's format cannot be imported on this installation (a module is missing)."""

    def __init__(self, fmt: str, reason: str) -> None:
        super().__init__(reason)
        self.format = fmt


def read_file(path: Path, *, page_progress: PageProgress | None = None) -> Extracted:
    """Read and extract one file; every refusal is a Rejected with its reason.
    ``page_progress(page, pages)`` is told as the pages of a scan are read with OCR."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise Rejected("no such file") from exc
    except OSError as exc:
        raise Rejected(f"cannot be read ({exc.strerror})") from exc
    if size > limits.MAX_FILE_BYTES:
        raise Rejected(f"too large ({_size(size)}; the limit is {_size(limits.MAX_FILE_BYTES)})")
    if size == 0:
        raise Rejected("empty file")
    kind = format_of(path, _head(path))
    if kind in unavailable():
        raise Unavailable(kind, unavailable()[kind])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected(f"cannot be read ({exc.strerror})") from exc
    if kind == "pdf":
        return read_pdf(data, progress=page_progress)
    return READERS[kind](data)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n / 1024:.1f} KB"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(1024)
    except OSError as exc:
        raise Rejected(f"cannot be read ({exc.strerror})") from exc


def walk(paths: list[Path]) -> Iterator[Path]:
    """The files named, and every file under the folders named, in a stable order.

    Hidden files and folders and the "<page>_files" folders a browser saves
    beside a page (scripts, styles, images) are not documents and are passed over.
    """
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for root, dirs, files in os.walk(path):
            base = Path(root)
            names = set(files)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and not (d.endswith("_files") and _has_page(names, d[: -len("_files")]))
            )
            for name in sorted(files):
                if not name.startswith(".") and name.lower() not in SKIP_NAMES:
                    yield base / name


def _has_page(names: set[str], stem: str) -> bool:
    return any(f"{stem}{suffix}" in names for suffix in (".html", ".htm", ".xhtml"))
