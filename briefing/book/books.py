"""Briefing books: ordered, nestable sections holding documents, excerpts, notes and generated blocks.

Every operation is one transaction. Operations that reorder return what
changed (``Changes``) so a view redraws only those sections.
``briefing.book.assembly`` resolves a book against the store for a renderer.

This module keeps the books themselves (made from a template, read as a tree,
listed, found, changed, deleted); ``sections`` and ``items`` keep what a book
holds. Their operations are named here too, so that a book can be edited
through this one module, as the app's undo commands do.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from briefing.book.audience import resolve_audiences
from briefing.book.changes import Changes, require_row
from briefing.book.items import (
    ITEM_FIELDS,
    add_documents,
    add_item,
    add_items,
    decode_item,
    delete_item,
    get_item,
    insert_item,
    item_title,
    move_item,
    note_title,
    update_item,
)
from briefing.book.sections import (
    add_section,
    delete_section,
    find_section,
    insert_section,
    move_section,
    rename_section,
    set_section_audience,
)
from briefing.book.templates import load_template
from briefing.book.validation import check_settings
from briefing.dates import is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library.store import Store, now

__all__ = [
    "BOOK_FIELDS", "ITEM_FIELDS", "PAPERS", "Changes",
    "create_book", "get_book", "section_tree", "list_books", "find_book", "update_book", "delete_book",
    "add_section", "rename_section", "move_section", "delete_section", "find_section", "set_section_audience",
    "add_item", "add_items", "add_documents", "update_item", "move_item", "delete_item", "get_item",
    "item_title", "note_title",
]

PAPERS = ("a4", "letter")
BOOK_FIELDS = (
    "slug",
    "title",
    "event_id",
    "destination",
    "start_date",
    "end_date",
    "prepared_for",
    "prepared_by",
    "marking",
    "paper",
    "edition_date",
    "version",
    "template",
    "settings",
)


def _check_book(row: Mapping[str, Any]) -> None:
    if "title" in row and not (row["title"] or "").strip():
        raise BriefingError("a book needs a title")
    if "paper" in row and row["paper"] not in PAPERS:
        raise BriefingError(f"unknown paper size {row['paper']!r}; expected a4 or letter")
    for key in ("start_date", "end_date", "edition_date"):
        if row.get(key) and not is_partial_date(str(row[key])):
            raise BriefingError(f"{key.replace('_', ' ')} {row[key]!r} is not a date like 2024-03-12")


def _book_row(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(BOOK_FIELDS)
    if unknown:
        raise BriefingError(f"a book has no field {', '.join(sorted(unknown))}")
    row = dict(fields)
    if "paper" in row:
        row["paper"] = (row["paper"] or "a4").lower()
    if "settings" in row:
        row["settings"] = json.dumps(check_settings(row["settings"] or {}), ensure_ascii=False, sort_keys=True)
    _check_book(row)
    return row


def create_book(
    store: Store,
    title: str,
    template: str | None = None,
    marking: str | None = None,
    event_id: int | None = None,
    **fields: Any,
) -> int:
    """A new book, with the template's sections and default blocks; returns its id.

    With an event and no destination or dates, those come from the event.
    """
    row = _book_row({**fields, "title": title, "marking": marking, "event_id": event_id})
    tpl = load_template(template) if template else None
    if tpl:
        row["template"] = tpl["name"]
    if event_id is not None:
        event = store.one("SELECT * FROM events WHERE id = ?", [event_id])
        if event is None:
            raise NotFound(f"no visit or event with id {event_id}")
        row.setdefault("destination", event["place"])
        row["destination"] = row["destination"] or event["place"]
        row["start_date"] = row.get("start_date") or event["start_date"]
        row["end_date"] = row.get("end_date") or event["end_date"]
    row.setdefault("paper", "a4")
    row.setdefault("settings", "{}")
    row["created"] = row["updated"] = now()
    with store.atomic() as db:
        book_id = db["books"].insert(row).last_pk
        if tpl:
            _add_template_sections(store, book_id, None, tpl["sections"])
    return book_id


def _add_template_sections(store: Store, book_id: int, parent_id: int | None, sections: list[dict]) -> None:
    for spec in sections:
        section_id = insert_section(store, book_id, spec["title"], parent_id, None, spec.get("role"), spec.get("audience"))
        for item in spec.get("items", []):
            insert_item(store, section_id, item["kind"], {k: item.get(k) for k in ITEM_FIELDS if k in item}, None)
        _add_template_sections(store, book_id, section_id, spec.get("sections", []))


def _decode_book(row: dict) -> dict:
    row["settings"] = json.loads(row["settings"] or "{}")
    return row


def get_book(store: Store, book_id: int) -> dict[str, Any]:
    """The book's fields with ``sections``: a tree of sections, each with ``items`` and ``sections``."""
    row = store.one("SELECT * FROM books WHERE id = ?", [book_id])
    if row is None:
        raise NotFound(f"no book with id {book_id}")
    book = _decode_book(row)
    book["event"] = (
        store.one("SELECT id, slug, title, start_date, end_date, place FROM events WHERE id = ?", [book["event_id"]])
        if book["event_id"]
        else None
    )
    book["sections"] = section_tree(store, book_id)
    return book


def section_tree(store: Store, book_id: int) -> list[dict[str, Any]]:
    """The book's sections, each with ``items`` and ``sections``; every section and item with its
    ``effective_audience`` (``briefing.book.audience``)."""
    sections = store.rows("SELECT * FROM book_sections WHERE book_id = ? ORDER BY position, id", [book_id])
    items = store.rows(
        "SELECT i.*, d.title AS document_title, d.date AS document_date, d.kind AS document_kind "
        "FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "LEFT JOIN documents d ON d.id = i.document_id WHERE s.book_id = ? ORDER BY i.position, i.id",
        [book_id],
    )
    by_section: dict[int, list[dict]] = {}
    for item in items:
        by_section.setdefault(item["section_id"], []).append(decode_item(item))
    children: dict[int | None, list[dict]] = {}
    for s in sections:
        s["items"] = by_section.get(s["id"], [])
        children.setdefault(s["parent_id"], []).append(s)
    for s in sections:
        s["sections"] = children.get(s["id"], [])
    tree = children.get(None, [])
    resolve_audiences(tree)
    return tree


def list_books(store: Store) -> list[dict[str, Any]]:
    """Every book, newest first, with its top-level section titles."""
    books = store.rows(
        "SELECT id, slug, title, marking, destination, start_date, end_date, paper, template, updated "
        "FROM books ORDER BY updated DESC, id DESC"
    )
    for book in books:
        book["sections"] = [
            r["title"]
            for r in store.rows(
                "SELECT title FROM book_sections WHERE book_id = ? AND parent_id IS NULL ORDER BY position, id",
                [book["id"]],
            )
        ]
    return books


def find_book(store: Store, ref: str | int) -> int:
    """A book by id, slug or exact title."""
    text = str(ref).strip()
    if text.isdigit() and store.scalar("SELECT id FROM books WHERE id = ?", [int(text)]):
        return int(text)
    found = store.rows("SELECT id FROM books WHERE title = ? OR slug = ?", [text, text])
    if not found:
        raise NotFound(f"no book {text!r} (give its id or exact title)")
    if len(found) > 1:
        raise BriefingError(f"several books are titled {text!r}; give the id ({', '.join(str(r['id']) for r in found)})")
    return found[0]["id"]


def update_book(store: Store, book_id: int, **changes: Any) -> dict[str, Any]:
    """Change the book's fields (title, marking, paper, dates, prepared for/by, settings...)."""
    require_row(store, "books", book_id, "book")
    row = _book_row(changes)
    if row.get("event_id") is not None:
        require_row(store, "events", row["event_id"], "visit or event")
    row["updated"] = now()
    with store.atomic() as db:
        db["books"].update(book_id, row)
    return get_book(store, book_id)


def delete_book(store: Store, book_id: int) -> None:
    with store.atomic() as db:
        if not db.execute("DELETE FROM books WHERE id = ?", [book_id]).rowcount:
            raise NotFound(f"no book with id {book_id}")
