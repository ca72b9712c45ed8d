"""Briefing books: ordered, nestable sections holding documents, excerpts, notes and generated blocks.

Every operation is one transaction. Operations that reorder return what
changed (``Changes``) so a view redraws only those sections.
``briefing.book.assembly`` resolves a book against the store for a renderer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.book.blocks import BLOCK_TYPES, check_block
from briefing.book.templates import ITEM_KINDS, load_template
from briefing.dates import is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library import markings
from briefing.library.store import Store, now

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
ITEM_FIELDS = ("title", "document_id", "excerpt", "annotation_ids", "body", "block", "marking")


@dataclass
class Changes:
    """What an operation touched: the book, the sections whose contents changed, the items."""

    book_id: int
    sections: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"book": self.book_id, "sections": self.sections, "items": self.items}


# ---------------------------------------------------------------- books


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
        row["settings"] = json.dumps(row["settings"] or {}, ensure_ascii=False, sort_keys=True)
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
        section_id = _insert_section(store, book_id, spec["title"], parent_id, None, spec.get("role"))
        for item in spec.get("items", []):
            _insert_item(store, section_id, item["kind"], {k: item.get(k) for k in ITEM_FIELDS if k in item}, None)
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
    sections = store.rows("SELECT * FROM book_sections WHERE book_id = ? ORDER BY position, id", [book_id])
    items = store.rows(
        "SELECT i.*, d.title AS document_title, d.date AS document_date, d.kind AS document_kind "
        "FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "LEFT JOIN documents d ON d.id = i.document_id WHERE s.book_id = ? ORDER BY i.position, i.id",
        [book_id],
    )
    by_section: dict[int, list[dict]] = {}
    for item in items:
        by_section.setdefault(item["section_id"], []).append(_decode_item(item))
    children: dict[int | None, list[dict]] = {}
    for s in sections:
        s["items"] = by_section.get(s["id"], [])
        children.setdefault(s["parent_id"], []).append(s)
    for s in sections:
        s["sections"] = children.get(s["id"], [])
    return children.get(None, [])


def _decode_item(item: dict) -> dict:
    item["block"] = json.loads(item["block"]) if item.get("block") else None
    item["annotation_ids"] = json.loads(item["annotation_ids"]) if item.get("annotation_ids") else None
    return item


def note_title(body: str | None) -> str:
    """A title for a note that was given none: its first heading, else its first words."""
    lines = [line.strip() for line in (body or "").splitlines() if line.strip()]
    for line in lines:
        if line.startswith("#"):
            return line.lstrip("#").strip().strip("*_ ")
    if not lines:
        return "Note"
    first = re.sub(r"[*_`>#]+|^[-+] |^\d+[.)] ", "", lines[0]).strip()
    return first if len(first) <= 60 else first[:57].rsplit(" ", 1)[0] + "…"


def item_title(item: Mapping[str, Any]) -> str:
    """What an item is called in lists and reports: its own title, its document's, or its block's."""
    if item.get("title"):
        return item["title"]
    if item.get("document_title"):
        return item["document_title"]
    if item.get("kind") == "note":
        return note_title(item.get("body"))
    block = item.get("block") or {}
    return block.get("title") or BLOCK_TYPES.get(block.get("type"), {}).get("title") or item["kind"]


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
    _require(store, "books", book_id, "book")
    row = _book_row(changes)
    if row.get("event_id") is not None:
        _require(store, "events", row["event_id"], "visit or event")
    row["updated"] = now()
    with store.atomic() as db:
        db["books"].update(book_id, row)
    return get_book(store, book_id)


def delete_book(store: Store, book_id: int) -> None:
    with store.atomic() as db:
        if not db.execute("DELETE FROM books WHERE id = ?", [book_id]).rowcount:
            raise NotFound(f"no book with id {book_id}")


def _touch(store: Store, book_id: int) -> None:
    store.execute("UPDATE books SET updated = ? WHERE id = ?", [now(), book_id])


def _require(store: Store, table: str, row_id: int, what: str) -> dict:
    row = store.one(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    return row


# ---------------------------------------------------------------- sections


def _siblings(store: Store, book_id: int, parent_id: int | None) -> list[int]:
    return [
        r["id"]
        for r in store.rows(
            "SELECT id FROM book_sections WHERE book_id = ? AND parent_id IS ? ORDER BY position, id", [book_id, parent_id]
        )
    ]


def _renumber(store: Store, table: str, ids: list[int]) -> None:
    for position, row_id in enumerate(ids):
        store.execute(f"UPDATE {table} SET position = ? WHERE id = ? AND position IS NOT ?", [position, row_id, position])


def _place(ids: list[int], new_id: int, position: int | None) -> list[int]:
    if position is None or position >= len(ids):
        return [*ids, new_id]
    return [*ids[: max(0, position)], new_id, *ids[max(0, position) :]]


def _insert_section(
    store: Store, book_id: int, title: str, parent_id: int | None, position: int | None, role: str | None
) -> int:
    if not (title or "").strip():
        raise BriefingError("a section needs a title")
    if parent_id is not None:
        parent = _require(store, "book_sections", parent_id, "section")
        if parent["book_id"] != book_id:
            raise BriefingError(f"section {parent_id} belongs to another book")
    siblings = _siblings(store, book_id, parent_id)
    section_id = store.db["book_sections"].insert(
        {"book_id": book_id, "parent_id": parent_id, "position": len(siblings), "title": title.strip(), "role": role}
    ).last_pk
    _renumber(store, "book_sections", _place(siblings, section_id, position))
    return section_id


def add_section(
    store: Store,
    book_id: int,
    title: str,
    parent_id: int | None = None,
    position: int | None = None,
    role: str | None = None,
) -> int:
    """A new section at ``position`` among its siblings (default: last); returns its id."""
    _require(store, "books", book_id, "book")
    with store.atomic():
        section_id = _insert_section(store, book_id, title, parent_id, position, role)
        _touch(store, book_id)
    return section_id


def rename_section(store: Store, section_id: int, title: str) -> Changes:
    section = _require(store, "book_sections", section_id, "section")
    if not (title or "").strip():
        raise BriefingError("a section needs a title")
    with store.atomic() as db:
        db["book_sections"].update(section_id, {"title": title.strip()})
        _touch(store, section["book_id"])
    return Changes(section["book_id"], [section_id])


def move_section(store: Store, section_id: int, parent_id: int | None = None, position: int | None = None) -> Changes:
    """Move a section (with what it holds) under ``parent_id`` (``None``: top level) at ``position``."""
    section = _require(store, "book_sections", section_id, "section")
    book_id = section["book_id"]
    if parent_id is not None:
        parent = _require(store, "book_sections", parent_id, "section")
        if parent["book_id"] != book_id:
            raise BriefingError(f"section {parent_id} belongs to another book")
        ancestor: int | None = parent_id
        while ancestor is not None:
            if ancestor == section_id:
                raise BriefingError("a section cannot be moved inside itself")
            ancestor = store.scalar("SELECT parent_id FROM book_sections WHERE id = ?", [ancestor])
    with store.atomic():
        old = [i for i in _siblings(store, book_id, section["parent_id"]) if i != section_id]
        _renumber(store, "book_sections", old)
        store.execute("UPDATE book_sections SET parent_id = ? WHERE id = ?", [parent_id, section_id])
        new = [i for i in _siblings(store, book_id, parent_id) if i != section_id]
        _renumber(store, "book_sections", _place(new, section_id, position))
        _touch(store, book_id)
    touched = [p for p in dict.fromkeys([section["parent_id"], parent_id]) if p is not None]
    return Changes(book_id, [section_id, *touched])


def delete_section(store: Store, section_id: int) -> Changes:
    """Delete a section with its subsections and items."""
    section = _require(store, "book_sections", section_id, "section")
    with store.atomic():
        store.execute("DELETE FROM book_sections WHERE id = ?", [section_id])
        _renumber(store, "book_sections", _siblings(store, section["book_id"], section["parent_id"]))
        _touch(store, section["book_id"])
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


# ---------------------------------------------------------------- items


def _item_row(store: Store, kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise BriefingError(f"a book item has no field {', '.join(sorted(unknown))}")
    if kind not in ITEM_KINDS:
        raise BriefingError(f"unknown item kind {kind!r}; expected one of {', '.join(ITEM_KINDS)}")
    row = {k: v for k, v in fields.items()}
    if row.get("marking") is not None:
        # an item's marking is compared with the book's: it must be on the scale, spelt canonically
        row["marking"] = markings.normalise(row["marking"])
    if kind in ("document", "excerpt"):
        doc_id = row.get("document_id")
        if not doc_id or not store.scalar("SELECT 1 FROM documents WHERE id = ?", [doc_id]):
            raise NotFound(f"no document with id {doc_id}") if doc_id else BriefingError(f"a {kind} item needs a document")
    if kind == "note" and not (row.get("body") or row.get("title")):
        raise BriefingError("a note needs a title or some text")
    if kind == "block":
        if not row.get("block"):
            raise BriefingError("a block item needs a block specification")
        check_block(row["block"])
    if row.get("block") is not None and not isinstance(row["block"], str):
        row["block"] = json.dumps(row["block"], ensure_ascii=False, sort_keys=True)
    if row.get("annotation_ids") is not None and not isinstance(row["annotation_ids"], str):
        row["annotation_ids"] = json.dumps([int(i) for i in row["annotation_ids"]])
    return row


def _item_ids(store: Store, section_id: int) -> list[int]:
    return [r["id"] for r in store.rows("SELECT id FROM book_items WHERE section_id = ? ORDER BY position, id", [section_id])]


def _insert_item(store: Store, section_id: int, kind: str, fields: Mapping[str, Any], position: int | None) -> int:
    row = _item_row(store, kind, fields)
    ids = _item_ids(store, section_id)
    item_id = store.db["book_items"].insert({**row, "section_id": section_id, "kind": kind, "position": len(ids)}).last_pk
    _renumber(store, "book_items", _place(ids, item_id, position))
    return item_id


def add_item(store: Store, section_id: int, kind: str, *, position: int | None = None, **fields: Any) -> int:
    """Add one item to a section; returns its id.

    ``kind`` is document (``document_id``), excerpt (``document_id`` with
    ``excerpt`` = a passage, or ``annotation_ids``, or neither = the
    document's highlights), note (``title``, ``body`` Markdown) or block
    (``block`` = a generated block specification). Any item may carry its
    own ``marking``.
    """
    section = _require(store, "book_sections", section_id, "section")
    with store.atomic():
        item_id = _insert_item(store, section_id, kind, fields, position)
        _touch(store, section["book_id"])
    return item_id


def add_items(store: Store, section_id: int, items: Iterable[Mapping[str, Any]], position: int | None = None) -> list[int]:
    """Add several items (dicts with ``kind`` and fields) in one transaction, in order."""
    section = _require(store, "book_sections", section_id, "section")
    ids = []
    with store.atomic():
        for n, item in enumerate(items):
            fields = {k: v for k, v in item.items() if k != "kind"}
            ids.append(_insert_item(store, section_id, item["kind"], fields, None if position is None else position + n))
        _touch(store, section["book_id"])
    return ids


def add_documents(
    store: Store, book_id: int, doc_ids: Iterable[int], section: str | int | None = None, marking: str | None = None
) -> Changes:
    """Add whole documents to a section named ``section`` (made if missing).

    Without a section: the background section, else the last one, else a new
    "Documents" section.
    """
    _require(store, "books", book_id, "book")
    doc_ids = list(doc_ids)
    with store.atomic():
        section_id = _target_section(store, book_id, section)
        added = [_insert_item(store, section_id, "document", {"document_id": d, "marking": marking}, None) for d in doc_ids]
        _touch(store, book_id)
    return Changes(book_id, [section_id], added)


def _target_section(store: Store, book_id: int, section: str | int | None) -> int:
    if isinstance(section, int):
        row = _require(store, "book_sections", section, "section")
        if row["book_id"] != book_id:
            raise BriefingError(f"section {section} belongs to another book")
        return section
    if section:
        return find_section(store, book_id, section) or _insert_section(store, book_id, section.split("/")[-1], None, None, None)
    found = find_section(store, book_id, "background")
    if found:
        return found
    top = _siblings(store, book_id, None)
    return top[-1] if top else _insert_section(store, book_id, "Documents", None, None, None)


def update_item(store: Store, item_id: int, **changes: Any) -> Changes:
    """Change an item's title, passage, note text, block specification or marking."""
    item = _require(store, "book_items", item_id, "item")
    merged = {k: item[k] for k in ITEM_FIELDS}
    merged["marking"] = None  # checked only when it changes: an older item keeps what it had
    merged.update(changes)
    for key in ("block", "annotation_ids"):
        if isinstance(merged.get(key), str):
            merged[key] = json.loads(merged[key])
    row = _item_row(store, item["kind"], merged)
    book_id = store.scalar("SELECT book_id FROM book_sections WHERE id = ?", [item["section_id"]])
    with store.atomic() as db:
        db["book_items"].update(item_id, {k: row.get(k) for k in changes})
        _touch(store, book_id)
    return Changes(book_id, [item["section_id"]], [item_id])


def move_item(store: Store, item_id: int, section_id: int | None = None, position: int | None = None) -> Changes:
    """Move an item within its section, or to another section of the same book, at ``position``."""
    item = _require(store, "book_items", item_id, "item")
    source = _require(store, "book_sections", item["section_id"], "section")
    target_id = section_id if section_id is not None else item["section_id"]
    target = _require(store, "book_sections", target_id, "section")
    if target["book_id"] != source["book_id"]:
        raise BriefingError(f"section {target_id} belongs to another book")
    with store.atomic():
        _renumber(store, "book_items", [i for i in _item_ids(store, source["id"]) if i != item_id])
        store.execute("UPDATE book_items SET section_id = ? WHERE id = ?", [target_id, item_id])
        others = [i for i in _item_ids(store, target_id) if i != item_id]
        _renumber(store, "book_items", _place(others, item_id, position))
        _touch(store, source["book_id"])
    return Changes(source["book_id"], list(dict.fromkeys([source["id"], target_id])), [item_id])


def delete_item(store: Store, item_id: int) -> Changes:
    item = _require(store, "book_items", item_id, "item")
    book_id = store.scalar("SELECT book_id FROM book_sections WHERE id = ?", [item["section_id"]])
    with store.atomic():
        store.execute("DELETE FROM book_items WHERE id = ?", [item_id])
        _renumber(store, "book_items", _item_ids(store, item["section_id"]))
        _touch(store, book_id)
    return Changes(book_id, [item["section_id"]], [item_id])


def get_item(store: Store, item_id: int) -> dict[str, Any]:
    return _decode_item(_require(store, "book_items", item_id, "item"))


# ---------------------------------------------------------------- export
