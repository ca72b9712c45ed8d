"""Where documents are used: the books that hold them, their annotations, the records that cite them.

Deleting a document takes its book items and annotations with it, so a
delete asks first when there are any (``Usage.blocking``); figures and the
agreement records listed in it only lose their source, and are named too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError
from briefing.library.store import Store


@dataclass
class Usage:
    """What uses one document: each book item (or block) holding it, and counts of what cites it."""

    id: int
    title: str
    # {"book_id", "book", "section_id", "section", "item_id", "how": "item" | "block"}
    books: list[dict] = field(default_factory=list)
    annotations: int = 0
    figures: int = 0
    derived: int = 0  # records whose source it is (the signed documents an article lists)
    events: int = 0

    @property
    def blocking(self) -> bool:
        """Deleting it would take something of the user's with it: book items or annotations."""
        return bool(self.books or self.annotations)

    def places(self) -> list[str]:
        """Each book and section it is used in, once: '"State visit" (section "Agreements")'."""
        seen = dict.fromkeys(f"“{b['book']}” (section “{b['section']}”)" for b in self.books)
        return list(seen)

    def describe(self) -> str:
        """One line: where it is used and what it holds."""
        parts = []
        if self.books:
            parts.append("is used in " + ", ".join(self.places()))
        if self.annotations:
            parts.append(f"holds {self.annotations} annotation{'s' if self.annotations != 1 else ''}")
        return f"document {self.id} “{self.title}” " + (" and ".join(parts) if parts else "is not used")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "books": self.books,
            "annotations": self.annotations,
            "figures": self.figures,
            "derived": self.derived,
            "events": self.events,
        }


class DocumentInUse(BriefingError):
    """A delete refused because the documents are used; ``usages`` says where."""

    def __init__(self, usages: list[Usage]) -> None:
        self.usages = usages
        super().__init__("; ".join(u.describe() for u in usages))


def _marks(ids: list[int]) -> str:
    return ", ".join("?" for _ in ids)


def usages(store: Store, ids: Iterable[int]) -> dict[int, Usage]:
    """Where each of ``ids`` is used, by id (ids not in the library are left out)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    rows = store.rows(f"SELECT id, title, slug FROM documents WHERE id IN ({_marks(ids)})", ids)
    found = {r["id"]: Usage(r["id"], r["title"]) for r in rows}
    slugs = {r["slug"]: r["id"] for r in rows if r["slug"]}
    ids = list(found)
    if not ids:
        return {}
    item_sql = (
        "SELECT i.id AS item_id, i.document_id, i.block, s.id AS section_id, s.title AS section, "
        "b.id AS book_id, b.title AS book FROM book_items i JOIN book_sections s ON s.id = i.section_id "
        "JOIN books b ON b.id = s.book_id "
    )
    for row in store.rows(item_sql + f"WHERE i.document_id IN ({_marks(ids)}) ORDER BY b.title, s.position, i.position", ids):
        found[row["document_id"]].books.append(_place(row, "item"))
    for row in store.rows(item_sql + "WHERE i.block IS NOT NULL ORDER BY b.title, s.position, i.position"):
        doc_id = block_document(row["block"], slugs)
        if doc_id in found and doc_id is not None:
            found[doc_id].books.append(_place(row, "block"))
    for column, table, attribute in (
        ("document_id", "annotations", "annotations"),
        ("source_document_id", "figures", "figures"),
        ("source_document_id", "documents", "derived"),
        ("document_id", "event_documents", "events"),
    ):
        for row in store.rows(
            f"SELECT {column} AS id, count(*) AS n FROM {table} WHERE {column} IN ({_marks(ids)}) GROUP BY {column}", ids
        ):
            setattr(found[row["id"]], attribute, row["n"])
    return found


def _place(row: dict, how: str) -> dict:
    return {k: row[k] for k in ("book_id", "book", "section_id", "section", "item_id")} | {"how": how}


def block_document(block: str | None, slugs: dict[str, int]) -> int | None:
    """The document a generated block names (a statement's commitments), by id or by one of ``slugs``."""
    try:
        spec = json.loads(block or "")
    except ValueError:
        return None
    ref = spec.get("document") if isinstance(spec, dict) else None
    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref
    if isinstance(ref, str):
        return int(ref) if ref.isdigit() else slugs.get(ref)
    return None
