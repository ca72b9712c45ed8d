"""What an edit of a book touched (``Changes``), and the steps every edit shares.

Books, sections and items are edited by ``books``, ``sections`` and ``items``;
each edit finds the row it names (or says there is none), stamps the book as
updated, and keeps the positions of siblings dense (0, 1, 2, ...). Those steps
live here, below all three, so that none of them imports another for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from briefing.errors import NotFound
from briefing.library.store import Store, now


@dataclass
class Changes:
    """What an operation touched: the book, the sections whose contents changed, the items."""

    book_id: int
    sections: list[int] = field(default_factory=list)
    items: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"book": self.book_id, "sections": self.sections, "items": self.items}


def touch_book(store: Store, book_id: int) -> None:
    """Stamp the book as changed now (the book list sorts by it)."""
    store.execute("UPDATE books SET updated = ? WHERE id = ?", [now(), book_id])


def require_row(store: Store, table: str, row_id: int, what: str) -> dict:
    """The row ``row_id`` of ``table``, or ``NotFound`` naming it as ``what``."""
    row = store.one(f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if row is None:
        raise NotFound(f"no {what} with id {row_id}")
    return row


def renumber(store: Store, table: str, ids: list[int]) -> None:
    """Give ``ids`` the positions 0, 1, 2, ... in that order, writing only the rows that move."""
    for position, row_id in enumerate(ids):
        store.execute(f"UPDATE {table} SET position = ? WHERE id = ? AND position IS NOT ?", [position, row_id, position])


def place(ids: list[int], new_id: int, position: int | None) -> list[int]:
    """``ids`` with ``new_id`` put at ``position`` (None, or past the end: last)."""
    if position is None or position >= len(ids):
        return [*ids, new_id]
    return [*ids[: max(0, position)], new_id, *ids[max(0, position) :]]
