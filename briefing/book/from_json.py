"""Books kept as data: a JSON file naming its sections and items by slug (the sample book).

``{"slug", "title", "event": slug, "marking", ..., "sections": [{"title", "role",
"audience", "items": [...], "sections": [...]}], "annotations": [...]}``. An item is
``{"kind": "document", "document": slug}``, ``{"kind": "excerpt", "document":
slug, "excerpt"?: passage}``, ``{"kind": "note", "title", "body" | "body_file"}``
or ``{"kind": "block", "block": {...}}``, each with an optional ``marking`` and
``audience``; ``body_file`` is relative to the JSON file. Annotations (``document``, ``quote``, ``note``, ``color``, ``private``)
are added with the book.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from briefing.book.books import BOOK_FIELDS, create_book
from briefing.book.items import add_items
from briefing.book.sections import add_section
from briefing.book.templates import ITEM_KINDS
from briefing.errors import BriefingError
from briefing.library.annotations import add_annotation
from briefing.library.store import Store


def read_books(folder: Path) -> list[dict[str, Any]]:
    books = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise BriefingError(f"{path}: not valid JSON ({exc})") from exc
        if not isinstance(data, dict) or not data.get("slug") or not data.get("title"):
            raise BriefingError(f"{path}: a book needs a slug and a title")
        data["_path"] = path
        books.append(data)
    return books


def load_book(store: Store, data: dict[str, Any], doc_ids: dict[str, int], event_ids: dict[str, int]) -> int:
    """Create the book described by ``data``; call inside ``store.atomic()``. Returns its id."""
    path: Path = data["_path"]
    fields = {k: data[k] for k in BOOK_FIELDS if k in data and k not in ("title", "marking", "template")}
    event_id = None
    if data.get("event"):
        if data["event"] not in event_ids:
            raise BriefingError(f"{path}: unknown event {data['event']!r}")
        event_id = event_ids[data["event"]]
    book_id = create_book(store, data["title"], marking=data.get("marking"), event_id=event_id, **fields)
    if data.get("template"):
        store.db["books"].update(book_id, {"template": data["template"]})
    _load_sections(store, path, book_id, None, data.get("sections", []), doc_ids)
    for n, note in enumerate(data.get("annotations", []), 1):
        if note.get("document") not in doc_ids:
            raise BriefingError(f"{path}: annotation {n} names unknown document {note.get('document')!r}")
        try:
            add_annotation(
                store, doc_ids[note["document"]], note["quote"], note.get("note"), note.get("color", "yellow"),
                bool(note.get("private")),
            )
        except BriefingError as exc:
            raise BriefingError(f"{path}: annotation {n}: {exc}") from exc
    return book_id


def _load_sections(
    store: Store, path: Path, book_id: int, parent_id: int | None, sections: list[dict], doc_ids: dict[str, int]
) -> None:
    for section in sections:
        try:
            section_id = add_section(store, book_id, section["title"], parent_id=parent_id, role=section.get("role"),
                                     audience=section.get("audience"))
        except BriefingError as exc:
            raise BriefingError(f"{path}: section {section['title']!r}: {exc}") from exc
        items = [_item(path, section["title"], item, doc_ids) for item in section.get("items", [])]
        try:
            add_items(store, section_id, items)
        except BriefingError as exc:
            raise BriefingError(f"{path}: section {section['title']!r}: {exc}") from exc
        _load_sections(store, path, book_id, section_id, section.get("sections", []), doc_ids)


def _item(path: Path, section: str, item: dict, doc_ids: dict[str, int]) -> dict[str, Any]:
    kind = item.get("kind")
    if kind not in ITEM_KINDS:
        raise BriefingError(f"{path}: section {section!r}: unknown item kind {kind!r}")
    out: dict[str, Any] = {"kind": kind}
    for key in ("title", "excerpt", "body", "block", "marking", "audience"):
        if item.get(key) is not None:
            out[key] = item[key]
    if item.get("document") is not None:
        if item["document"] not in doc_ids:
            raise BriefingError(f"{path}: section {section!r}: unknown document {item['document']!r}")
        out["document_id"] = doc_ids[item["document"]]
    if item.get("body_file"):
        body = path.parent / item["body_file"]
        try:
            out["body"] = body.read_text(encoding="utf-8").strip() + "\n"
        except OSError as exc:
            raise BriefingError(f"{body}: cannot read ({exc.strerror or exc})") from exc
    return out
