"""A book's sections: added, renamed, moved (with what they hold), deleted and found by name.

Sections nest; siblings are ordered by a dense position. Every operation is one
transaction, and those that reorder return the ``Changes`` a view redraws.
"""

from __future__ import annotations

from briefing.book.audience import check_audience
from briefing.book.changes import Changes, place, renumber, require_row, touch_book
from briefing.errors import BriefingError
from briefing.library.store import Store


def sibling_ids(store: Store, book_id: int, parent_id: int | None) -> list[int]:
    """The sections under ``parent_id`` (None: the top level), in order."""
    return [
        r["id"]
        for r in store.rows(
            "SELECT id FROM book_sections WHERE book_id = ? AND parent_id IS ? ORDER BY position, id", [book_id, parent_id]
        )
    ]


def insert_section(
    store: Store, book_id: int, title: str, parent_id: int | None, position: int | None, role: str | None,
    audience: str | None = None,
) -> int:
    """A new section, inside the caller's transaction (``add_section`` is the one-step edit)."""
    if not (title or "").strip():
        raise BriefingError("a section needs a title")
    if parent_id is not None:
        parent = require_row(store, "book_sections", parent_id, "section")
        if parent["book_id"] != book_id:
            raise BriefingError(f"section {parent_id} belongs to another book")
    siblings = sibling_ids(store, book_id, parent_id)
    section_id = store.db["book_sections"].insert(
        {"book_id": book_id, "parent_id": parent_id, "position": len(siblings), "title": title.strip(), "role": role,
         "audience": check_audience(audience)}
    ).last_pk
    renumber(store, "book_sections", place(siblings, section_id, position))
    return section_id


def add_section(
    store: Store,
    book_id: int,
    title: str,
    parent_id: int | None = None,
    position: int | None = None,
    role: str | None = None,
    audience: str | None = None,
) -> int:
    """A new section at ``position`` among its siblings (default: last); returns its id.
    ``audience``: internal or releasable, for the items in it that do not say (None: its parent's)."""
    require_row(store, "books", book_id, "book")
    with store.atomic():
        section_id = insert_section(store, book_id, title, parent_id, position, role, audience)
        touch_book(store, book_id)
    return section_id


def rename_section(store: Store, section_id: int, title: str) -> Changes:
    section = require_row(store, "book_sections", section_id, "section")
    if not (title or "").strip():
        raise BriefingError("a section needs a title")
    with store.atomic() as db:
        db["book_sections"].update(section_id, {"title": title.strip()})
        touch_book(store, section["book_id"])
    return Changes(section["book_id"], [section_id])


def set_section_audience(store: Store, section_id: int, audience: str | None) -> Changes:
    """Say who a section is written for (internal or releasable; None: its parent's): the items
    in it that do not say take it, and so do its subsections."""
    section = require_row(store, "book_sections", section_id, "section")
    with store.atomic() as db:
        db["book_sections"].update(section_id, {"audience": check_audience(audience)})
        touch_book(store, section["book_id"])
    return Changes(section["book_id"], [section_id])


def move_section(store: Store, section_id: int, parent_id: int | None = None, position: int | None = None) -> Changes:
    """Move a section (with what it holds) under ``parent_id`` (``None``: top level) at ``position``."""
    section = require_row(store, "book_sections", section_id, "section")
    book_id = section["book_id"]
    if parent_id is not None:
        parent = require_row(store, "book_sections", parent_id, "section")
        if parent["book_id"] != book_id:
            raise BriefingError(f"section {parent_id} belongs to another book")
        ancestor: int | None = parent_id
        while ancestor is not None:
            if ancestor == section_id:
                raise BriefingError("a section cannot be moved inside itself")
            ancestor = store.scalar("SELECT parent_id FROM book_sections WHERE id = ?", [ancestor])
    with store.atomic():
        old = [i for i in sibling_ids(store, book_id, section["parent_id"]) if i != section_id]
        renumber(store, "book_sections", old)
        store.execute("UPDATE book_sections SET parent_id = ? WHERE id = ?", [parent_id, section_id])
        new = [i for i in sibling_ids(store, book_id, parent_id) if i != section_id]
        renumber(store, "book_sections", place(new, section_id, position))
        touch_book(store, book_id)
    touched = [p for p in dict.fromkeys([section["parent_id"], parent_id]) if p is not None]
    return Changes(book_id, [section_id, *touched])


def delete_section(store: Store, section_id: int) -> Changes:
    """Delete a section with its subsections and items."""
    section = require_row(store, "book_sections", section_id, "section")
    with store.atomic():
        store.execute("DELETE FROM book_sections WHERE id = ?", [section_id])
        renumber(store, "book_sections", sibling_ids(store, section["book_id"], section["parent_id"]))
        touch_book(store, section["book_id"])
    return Changes(section["book_id"], [section["parent_id"]] if section["parent_id"] else [])


def find_section(store: Store, book_id: int, name: str) -> int | None:
    """A section of the book by title (any case) or role; ``A/B`` names a subsection."""
    rows = store.rows(
        "SELECT id, parent_id, title, role FROM book_sections WHERE book_id = ? ORDER BY position, id", [book_id]
    )

    def match(scope: list[dict], wanted: str) -> int | None:
        wanted = wanted.strip().casefold()
        for key in ("title", "role"):
            for r in scope:
                if (r[key] or "").casefold() == wanted:
                    return r["id"]
        return None

    # top-level sections first, so "Programme" finds the chapter before a subsection
    found = match(sorted(rows, key=lambda r: r["parent_id"] is not None), name)
    if found is not None or "/" not in name:
        return found
    parent: int | None = None
    for part in name.split("/"):
        parent = match([r for r in rows if r["parent_id"] == parent], part)
        if parent is None:
            return None
    return parent
