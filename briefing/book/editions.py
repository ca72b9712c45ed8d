"""Editions: a book frozen as it stood when it went up, and what changed since.

``publish`` records the next edition with, for every item, hashes of what it
held: the item's own fields, its document's text and particulars, the
annotations on that document (private notes apart), a note's text, a generated
block's computed content. ``changes`` compares the book now with an edition:
items added, removed, and changed (saying what changed). The hashes, not
copies, are kept: an edition says *that* something changed, the library holds
what it is now.

A pack printed from the book records its page map (where each item was printed)
under the state it was printed from (``page_map`` then ``record_page_map``); an edition's map is the
one recorded for its state (``edition_pages``), whether the pack was printed
before the edition was published or after, so that an addendum can say which
pages of the edition it replaces. An edition is named one way everywhere:
"Edition 1 of 5 March 2024" (``edition_label``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from briefing.book.blocks import compute_block
from briefing.book.books import get_book
from briefing.book.items import item_title
from briefing.book.labels import edition_label
from briefing.errors import BriefingError, NotFound
from briefing.library.store import Store, now

# what each part of an item's hash stands for, in the words a change list uses
PARTS = {
    "item": "title, marking, audience or passage",
    "section": "moved, or its section renamed",
    "details": "document particulars",
    "text": "document text",
    "annotations": "annotations",
    "private": "private notes",
    "note": "note text",
    "block": "generated content",
    "parallel": "translation printed beside it",
}
KEPT_PAGE_MAPS = 12  # a book's most recent page maps; older ones go
__all__ = ["PARTS", "PageMap", "changes", "current_state", "edition_label", "edition_pages", "get_edition",
           "has_changes", "latest_edition", "list_editions", "page_map", "publish", "record_page_map", "state_hash"]


def _hash(value: Any) -> str:
    data = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


@dataclass
class ItemState:
    item_id: int
    position: int
    section: str  # "Section › Subsection"
    title: str
    kind: str
    marking: str | None
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def hash(self) -> str:
        return _hash(self.parts)



class _Hasher:
    """Hashes for the items of one book, each document's read once."""

    def __init__(self, store: Store, book: dict[str, Any]):
        self.store, self.book = store, book
        self.documents: dict[int, dict[str, str]] = {}

    def document(self, doc_id: int) -> tuple[dict[str, str], str | None]:
        if doc_id not in self.documents:
            doc = self.store.one("SELECT * FROM documents WHERE id = ?", [doc_id]) or {}
            notes = self.store.rows(
                "SELECT id, exact, note, color, private FROM annotations WHERE document_id = ? ORDER BY id", [doc_id]
            )
            self.documents[doc_id] = {
                "details": _hash([doc.get(k) for k in ("title", "date", "place", "kind", "instrument", "marking")]),
                "text": _hash(doc.get("text")),
                "annotations": _hash([a for a in notes if not a["private"]]),
                "private": _hash([a for a in notes if a["private"]]),
                "_marking": doc.get("marking"),
            }
        parts = dict(self.documents[doc_id])
        return parts, parts.pop("_marking")

    def item(self, item: dict[str, Any], section: str, position: int) -> ItemState:
        own = [item["kind"], item.get("title"), item.get("marking"), item.get("excerpt"), item.get("annotation_ids")]
        if item.get("audience_set"):  # said by the author or a template: a change of it changes what a press cut prints
            own.append(item["effective_audience"])
        parallel = item.get("parallel_document_id")
        if parallel:  # (only when set: the hashes of every other item stay what they were)
            own.append(["parallel", parallel])
        parts = {"item": _hash(own), "section": _hash(section)}
        if parallel:
            parts["parallel"] = self.document(parallel)[0]["text"]
        marking = item.get("marking")
        if item.get("document_id"):
            doc_parts, doc_marking = self.document(item["document_id"])
            parts.update(doc_parts)
            marking = marking or doc_marking
        if item["kind"] == "note":
            parts["note"] = _hash([item.get("title"), item.get("body")])
        if item["kind"] == "block":
            try:
                result = compute_block(self.store, item["block"], self.book)
                parts["block"] = _hash([result.title, result.markdown, [vars(s) for s in result.series]])
            except BriefingError as exc:
                parts["block"] = _hash(str(exc))
        return ItemState(item["id"], position, section, item_title(item), item["kind"], marking, parts)


def current_state(store: Store, book_id: int) -> list[ItemState]:
    """What every item of the book holds now, in book order."""
    book = get_book(store, book_id)
    hasher = _Hasher(store, book)
    states: list[ItemState] = []

    def walk(sections: list[dict], path: tuple[str, ...]) -> None:
        for section in sections:
            here = (*path, section["title"])
            for item in section["items"]:
                states.append(hasher.item(item, " › ".join(here), len(states)))
            walk(section["sections"], here)

    walk(book["sections"], ())
    return states


# ---------------------------------------------------------------- editions


def list_editions(store: Store, book_id: int) -> list[dict[str, Any]]:
    """The book's editions, oldest first: number, published (UTC timestamp), items."""
    return store.rows(
        "SELECT e.number, e.published, e.hash, count(i.item_id) AS items FROM book_editions e "
        "LEFT JOIN book_edition_items i ON i.edition_id = e.id WHERE e.book_id = ? GROUP BY e.id ORDER BY e.number",
        [book_id],
    )


def latest_edition(store: Store, book_id: int) -> dict[str, Any] | None:
    return store.one(
        "SELECT number, published, hash FROM book_editions WHERE book_id = ? ORDER BY number DESC LIMIT 1", [book_id]
    )


def get_edition(store: Store, book_id: int, number: int) -> dict[str, Any]:
    edition = store.one("SELECT * FROM book_editions WHERE book_id = ? AND number = ?", [book_id, number])
    if edition is None:
        known = [str(e["number"]) for e in list_editions(store, book_id)]
        raise NotFound(
            f"book {book_id} has no edition {number}"
            + (f" (editions: {', '.join(known)})" if known else " (none published yet: 'briefing book publish')")
        )
    return edition


def _edition_items(store: Store, edition_id: int) -> list[ItemState]:
    items = []
    for r in store.rows("SELECT * FROM book_edition_items WHERE edition_id = ? ORDER BY position", [edition_id]):
        saved = json.loads(r["parts"])
        items.append(ItemState(r["item_id"], r["position"], r["section"], r["title"], r["kind"], saved.get("marking"),
                               saved.get("hashes", {})))
    return items


def publish(store: Store, book_id: int) -> dict[str, Any]:
    """Freeze the book as its next edition; returns ``{"edition": N, "published": ..., "items": count}``."""
    get_book(store, book_id)  # a clear error for a missing book
    with store.atomic() as db:
        states = current_state(store, book_id)
        number = (store.scalar("SELECT max(number) FROM book_editions WHERE book_id = ?", [book_id]) or 0) + 1
        published = now()
        edition_id = db["book_editions"].insert(
            {"book_id": book_id, "number": number, "published": published, "hash": _hash([s.hash for s in states])}
        ).last_pk
        db["book_edition_items"].insert_all(
            {
                "edition_id": edition_id,
                "item_id": s.item_id,
                "position": s.position,
                "section": s.section,
                "title": s.title,
                "kind": s.kind,
                "hash": s.hash,
                "parts": json.dumps({"hashes": s.parts, "marking": s.marking}, sort_keys=True),
            }
            for s in states
        )
    return {"edition": number, "published": published, "items": len(states)}


def _entry(s: ItemState) -> dict[str, Any]:
    return {"item": s.item_id, "title": s.title, "section": s.section, "kind": s.kind, "marking": s.marking}


def changes(store: Store, book_id: int, since: int | None = None) -> dict[str, Any]:
    """What was added, removed and changed since edition ``since`` (default: the latest).

    ``{"since": N, "published": ..., "added": [...], "removed": [...], "changed": [...]}``;
    each entry names the item (id, title, section, kind); a changed one says
    ``what`` changed (see ``PARTS``), e.g. ``["document text", "annotations"]``.
    """
    if since is None:
        latest = latest_edition(store, book_id)
        if latest is None:
            get_book(store, book_id)
            raise BriefingError(f"book {book_id} has no edition yet: publish one first ('briefing book publish')")
        since = latest["number"]
    edition = get_edition(store, book_id, since)
    then = {s.item_id: s for s in _edition_items(store, edition["id"])}
    current = current_state(store, book_id)
    present = {s.item_id for s in current}
    added, changed = [], []
    for s in current:
        old = then.get(s.item_id)
        if old is None:
            added.append(_entry(s))
        elif old.hash != s.hash:
            what = [PARTS.get(k, k) for k in PARTS if old.parts.get(k) != s.parts.get(k)]
            changed.append({**_entry(s), "what": what, "parts": [k for k in PARTS if old.parts.get(k) != s.parts.get(k)]})
    removed = [_entry(s) for s in then.values() if s.item_id not in present]
    return {"since": since, "published": edition["published"], "added": added, "removed": removed, "changed": changed}


def state_hash(store: Store, book_id: int) -> str:
    """What the whole book holds now, as an edition's hash says it."""
    return _hash([s.hash for s in current_state(store, book_id)])


@dataclass(frozen=True)
class PageMap:
    """Where a pack of ``profile`` printed each item (``{item id: (first page, last page)}``), for the
    book as it stood (``state``, an edition's hash) when the pack was printed."""

    book_id: int
    profile: str
    state: str
    pages: dict[int, tuple[int, int]]


def page_map(store: Store, book_id: int, profile: str, pages: dict[int, tuple[int, int]], *,
             state: str | None = None) -> PageMap:
    """The page map of a pack printed from the book now (or from ``state``, taken before the pack was made)."""
    return PageMap(book_id, profile, state if state is not None else state_hash(store, book_id), dict(pages))


def record_page_map(store: Store, pages: PageMap) -> bool:
    """Keep a pack's page map, so that an addendum to that state can say which pages it replaces;
    the book's oldest maps beyond ``KEPT_PAGE_MAPS`` go. A read-only library keeps none (False)."""
    if store.read_only:
        return False
    data = json.dumps({str(k): list(v) for k, v in sorted(pages.pages.items())})
    with store.atomic():
        if not store.scalar("SELECT 1 FROM books WHERE id = ?", [pages.book_id]):
            return False  # deleted since it was printed
        store.execute("INSERT OR REPLACE INTO book_page_maps (book_id, profile, state, pages, made) VALUES (?, ?, ?, ?, ?)",
                      [pages.book_id, pages.profile, pages.state, data, now()])
        store.execute(
            "DELETE FROM book_page_maps WHERE book_id = ? AND rowid NOT IN (SELECT rowid FROM book_page_maps "
            "WHERE book_id = ? ORDER BY made DESC, rowid DESC LIMIT ?)", [pages.book_id, pages.book_id, KEPT_PAGE_MAPS])
    return True


def edition_pages(store: Store, book_id: int, number: int, profile: str) -> dict[int, tuple[int, int]] | None:
    """Where each item of edition ``number`` was printed in a pack of ``profile``; None when no
    pack of the book as it stood at that edition was printed."""
    edition = get_edition(store, book_id, number)
    found = store.scalar("SELECT pages FROM book_page_maps WHERE book_id = ? AND profile = ? AND state = ?",
                         [book_id, profile, edition["hash"]])
    if found is None:
        return None
    return {int(k): (v[0], v[1]) for k, v in json.loads(found).items()}


def has_changes(report: dict[str, Any]) -> bool:
    return bool(report["added"] or report["removed"] or report["changed"])
