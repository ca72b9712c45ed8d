"""Numbered copies: one PDF per recipient, each page saying whose copy it is.

Copy k of N carries "Copy k of N — Name" beside the marking on every page and
the whole distribution list on its cover. The distribution (who got which
copy, when, in which profile and edition) is recorded with the book.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefing.book.books import get_book
from briefing.book.editions import latest_edition
from briefing.book.packs import pack_content
from briefing.errors import BriefingError
from briefing.library.store import Store, now

Progress = Callable[[int, int], None]


def _file_part(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.strip(), flags=re.UNICODE).strip("-").lower() or "copy"


def recipients_list(names: Iterable[str]) -> list[str]:
    """The recipients, stripped; refuses none, an empty name or a name given twice."""
    found: list[str] = []
    for name in names:
        clean = " ".join((name or "").split())
        if not clean:
            raise BriefingError("a recipient needs a name")
        if clean.casefold() in (n.casefold() for n in found):
            raise BriefingError(f"recipient {clean!r} is named twice; each copy goes to one person")
        found.append(clean)
    if not found:
        raise BriefingError("name at least one recipient (--to NAME)")
    return found


def banner(copy: int, total: int, recipient: str) -> str:
    return f"Copy {copy} of {total} \u2014 {recipient}"


def distribute(
    store: Store,
    book_id: int,
    recipients: Iterable[str],
    folder: str | Path,
    *,
    profile: str | None = None,
    force: bool = False,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Write one numbered copy per recipient into ``folder`` and record the distribution.

    Returns ``{"distribution": id, "files": [{"recipient", "copy", "path"}], "problems": [Problem]}``.
    All copies are written or none: on a failure or a cancel the copies already
    written are removed and nothing is recorded.
    """
    from briefing.pdf import export_pdf  # the PDF layer is loaded only when a pack is printed

    names = recipients_list(recipients)
    book = get_book(store, book_id)
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise BriefingError(f"{target}: not a folder")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BriefingError(f"{target}: cannot make the folder ({exc.strerror or exc})") from exc
    content, problems = pack_content(store, book_id, profile=profile, force=force)
    total = len(names)
    listing = ["Distribution:"] + [f"Copy {k} of {total}: {name}" for k, name in enumerate(names, 1)]
    stem = _file_part(book.get("slug") or f"book-{book_id}")
    files: list[dict[str, Any]] = []
    written: list[Path] = []
    try:
        for k, name in enumerate(names, 1):
            copy = replace(content, page_banner=banner(k, total, name), cover_lines=[*content.cover_lines, *listing])
            path = target / f"{stem}-copy-{k}-of-{total}-{_file_part(name)}.pdf"

            def step(done: int, units: int, k: int = k) -> None:
                if progress:
                    progress((k - 1) * units + done, total * units)

            export_pdf(copy, path, progress=step, should_cancel=should_cancel)
            written.append(path)
            files.append({"recipient": name, "copy": k, "path": str(path)})
        edition = latest_edition(store, book_id)
        with store.atomic() as db:
            distribution_id = db["book_distributions"].insert({
                "book_id": book_id, "created": now(), "profile": content.profile or "full",
                "edition": edition["number"] if edition else None, "folder": str(target.resolve()),
            }).last_pk
            db["book_copies"].insert_all(
                {"distribution_id": distribution_id, "copy": f["copy"], "recipient": f["recipient"], "path": f["path"]}
                for f in files
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return {"distribution": distribution_id, "files": files, "problems": problems}


def list_distributions(store: Store, book_id: int) -> list[dict[str, Any]]:
    """The book's distributions, newest first, each with its copies in order."""
    found = store.rows(
        "SELECT id, created, profile, edition, folder FROM book_distributions WHERE book_id = ? ORDER BY created DESC, id DESC",
        [book_id],
    )
    for d in found:
        d["copies"] = store.rows(
            "SELECT copy, recipient, path FROM book_copies WHERE distribution_id = ? ORDER BY copy", [d["id"]]
        )
    return found
