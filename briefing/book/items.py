"""A book's items: documents, excerpts, notes and generated blocks, in sections.

Items are added (one, several, or whole documents to a named section), changed,
moved within or between a book's sections, and deleted, each in one
transaction; ``item_title`` says what an item is called in lists and reports.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from briefing.book.audience import check_audience
from briefing.book.blocks import BLOCK_TYPES, check_block
from briefing.book.changes import Changes, place, renumber, require_row, touch_book
from briefing.book.sections import find_section, insert_section, sibling_ids
from briefing.book.templates import ITEM_KINDS
from briefing.errors import BriefingError, NotFound
from briefing.library import markings
from briefing.library.note_index import index_book_note
from briefing.library.store import Store

ITEM_FIELDS = ("title", "document_id", "excerpt", "annotation_ids", "body", "block", "marking", "audience")


def decode_item(item: dict) -> dict:
    """An item row with its block specification and annotation ids read from JSON."""
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
    if "audience" in row:
        row["audience"] = check_audience(row["audience"])  # internal, releasable, or None: its section's
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


def insert_item(store: Store, section_id: int, kind: str, fields: Mapping[str, Any], position: int | None) -> int:
    """A new item, checked, inside the caller's transaction (``add_item`` is the one-step edit)."""
    row = _item_row(store, kind, fields)
    ids = _item_ids(store, section_id)
    item_id = store.db["book_items"].insert({**row, "section_id": section_id, "kind": kind, "position": len(ids)}).last_pk
    renumber(store, "book_items", place(ids, item_id, position))
    index_book_note(store.db.conn, item_id)
    return item_id


def add_item(store: Store, section_id: int, kind: str, *, position: int | None = None, **fields: Any) -> int:
    """Add one item to a section; returns its id.

    ``kind`` is document (``document_id``), excerpt (``document_id`` with
    ``excerpt`` = a passage, or ``annotation_ids``, or neither = the
    document's highlights), note (``title``, ``body`` Markdown) or block
    (``block`` = a generated block specification). Any item may carry its
    own ``marking`` and ``audience`` (internal or releasable; None takes its
    section's, see ``briefing.book.audience``).
    """
    section = require_row(store, "book_sections", section_id, "section")
    with store.atomic():
        item_id = insert_item(store, section_id, kind, fields, position)
        touch_book(store, section["book_id"])
    return item_id


def add_items(store: Store, section_id: int, items: Iterable[Mapping[str, Any]], position: int | None = None) -> list[int]:
    """Add several items (dicts with ``kind`` and fields) in one transaction, in order."""
    section = require_row(store, "book_sections", section_id, "section")
    ids = []
    with store.atomic():
        for n, item in enumerate(items):
            fields = {k: v for k, v in item.items() if k != "kind"}
            ids.append(insert_item(store, section_id, item["kind"], fields, None if position is None else position + n))
        touch_book(store, section["book_id"])
    return ids


def add_documents(
    store: Store, book_id: int, doc_ids: Iterable[int], section: str | int | None = None, marking: str | None = None,
    audience: str | None = None,
) -> Changes:
    """Add whole documents to a section named ``section`` (made if missing).

    Without a section: the background section, else the last one, else a new
    "Documents" section.
    """
    require_row(store, "books", book_id, "book")
    doc_ids = list(doc_ids)
    with store.atomic():
        section_id = _target_section(store, book_id, section)
        fields = {"marking": marking, "audience": audience}
        added = [insert_item(store, section_id, "document", {"document_id": d, **fields}, None) for d in doc_ids]
        touch_book(store, book_id)
    return Changes(book_id, [section_id], added)


def _target_section(store: Store, book_id: int, section: str | int | None) -> int:
    if isinstance(section, int):
        row = require_row(store, "book_sections", section, "section")
        if row["book_id"] != book_id:
            raise BriefingError(f"section {section} belongs to another book")
        return section
    if section:
        return find_section(store, book_id, section) or insert_section(store, book_id, section.split("/")[-1], None, None, None)
    found = find_section(store, book_id, "background")
    if found:
        return found
    top = sibling_ids(store, book_id, None)
    return top[-1] if top else insert_section(store, book_id, "Documents", None, None, None)


def update_item(store: Store, item_id: int, **changes: Any) -> Changes:
    """Change an item's title, passage, note text, block specification, marking or audience
    (``audience=None``: its section's)."""
    item = require_row(store, "book_items", item_id, "item")
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
        index_book_note(db.conn, item_id)
        touch_book(store, book_id)
    return Changes(book_id, [item["section_id"]], [item_id])


def move_item(store: Store, item_id: int, section_id: int | None = None, position: int | None = None) -> Changes:
    """Move an item within its section, or to another section of the same book, at ``position``."""
    item = require_row(store, "book_items", item_id, "item")
    source = require_row(store, "book_sections", item["section_id"], "section")
    target_id = section_id if section_id is not None else item["section_id"]
    target = require_row(store, "book_sections", target_id, "section")
    if target["book_id"] != source["book_id"]:
        raise BriefingError(f"section {target_id} belongs to another book")
    with store.atomic():
        renumber(store, "book_items", [i for i in _item_ids(store, source["id"]) if i != item_id])
        store.execute("UPDATE book_items SET section_id = ? WHERE id = ?", [target_id, item_id])
        others = [i for i in _item_ids(store, target_id) if i != item_id]
        renumber(store, "book_items", place(others, item_id, position))
        touch_book(store, source["book_id"])
    return Changes(source["book_id"], list(dict.fromkeys([source["id"], target_id])), [item_id])


def delete_item(store: Store, item_id: int) -> Changes:
    item = require_row(store, "book_items", item_id, "item")
    book_id = store.scalar("SELECT book_id FROM book_sections WHERE id = ?", [item["section_id"]])
    with store.atomic():
        store.execute("DELETE FROM book_items WHERE id = ?", [item_id])
        renumber(store, "book_items", _item_ids(store, item["section_id"]))
        touch_book(store, book_id)
    return Changes(book_id, [item["section_id"]], [item_id])


def get_item(store: Store, item_id: int) -> dict[str, Any]:
    return decode_item(require_row(store, "book_items", item_id, "item"))
