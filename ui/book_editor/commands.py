"""Undoable edits of a book, each one a write through the core.

A command's ``redo``/``undo`` queue a write on the single writer, so they run
in the order the user made them. Undoing an addition deletes the new rows and
redoing adds them again under new ids: commands name rows by the id they had
when first made, and ``IdMap`` says what each is called now.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from briefing.book import books
from briefing.book.changes import Changes
from briefing.library.store import Store

Apply = Callable[[Callable[[Store], Any], str], None]
TEXT_MERGE_ID = 1
BOOK_MERGE_ID = 2


class IdMap:
    """First id of a section or item → its id now (after undo and redo re-created it)."""

    def __init__(self) -> None:
        self._map: dict[tuple[str, int], int] = {}

    def now(self, kind: str, ident: int | None) -> int | None:
        if ident is None:
            return None
        return self._map.get((kind, ident), ident)

    def moved(self, kind: str, first: int, current: int) -> None:
        self._map[(kind, first)] = current


class BookCommand(QUndoCommand):
    def __init__(self, apply: Apply, ids: IdMap, text: str):
        super().__init__(text)
        self.apply = apply
        self.ids = ids

    def run(self, fn: Callable[[Store], Any]) -> None:
        self.apply(fn, self.text())


class UpdateBook(BookCommand):
    def __init__(self, apply: Apply, ids: IdMap, book_id: int, old: dict, new: dict):
        super().__init__(apply, ids, "Change book details")
        self.book_id, self.old, self.new = book_id, old, new

    def id(self) -> int:
        return BOOK_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, UpdateBook) or set(other.new) != set(self.new):
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        book_id, new = self.book_id, dict(self.new)
        self.run(lambda store: books.update_book(store, book_id, **new))

    def undo(self) -> None:
        book_id, old = self.book_id, dict(self.old)
        self.run(lambda store: books.update_book(store, book_id, **old))


class UpdateItem(BookCommand):
    """Change an item's fields; typing in one note merges into one step."""

    def __init__(self, apply: Apply, ids: IdMap, item_id: int, old: dict, new: dict, text: str = "Edit item"):
        super().__init__(apply, ids, text)
        self.item_id, self.old, self.new = item_id, old, new

    def id(self) -> int:
        return TEXT_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, UpdateItem) or other.item_id != self.item_id or set(other.new) != set(self.new):
            return False
        self.new = other.new
        return True

    def _set(self, values: dict) -> None:
        ident, values = self.item_id, dict(values)
        self.run(lambda store: books.update_item(store, self.ids.now("item", ident), **values))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class RenameSection(BookCommand):
    def __init__(self, apply: Apply, ids: IdMap, section_id: int, old: str, new: str):
        super().__init__(apply, ids, "Rename section")
        self.section_id, self.old, self.new = section_id, old, new

    def _set(self, title: str) -> None:
        ident = self.section_id
        self.run(lambda store: books.rename_section(store, self.ids.now("section", ident), title))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class SetSectionAudience(BookCommand):
    """Say who a section is written for (None: its parent's)."""

    def __init__(self, apply: Apply, ids: IdMap, section_id: int, old: str | None, new: str | None):
        super().__init__(apply, ids, "Change who the section is for")
        self.section_id, self.old, self.new = section_id, old, new

    def _set(self, audience: str | None) -> None:
        ident = self.section_id
        self.run(lambda store: books.set_section_audience(store, self.ids.now("section", ident), audience))

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class Move(BookCommand):
    """Move a section or an item; undo puts it back where it was."""

    def __init__(self, apply: Apply, ids: IdMap, kind: str, ident: int, source: tuple[int | None, int],
                 target: tuple[int | None, int]):
        super().__init__(apply, ids, "Move " + ("section" if kind == "section" else "item"))
        self.kind, self.ident, self.source, self.target = kind, ident, source, target

    def _move(self, where: tuple[int | None, int]) -> None:
        kind, ident = self.kind, self.ident
        parent, position = where

        def work(store: Store) -> Changes:
            now_id = self.ids.now(kind, ident)
            parent_id = self.ids.now("section", parent)
            if kind == "section":
                return books.move_section(store, now_id, parent_id, position)
            return books.move_item(store, now_id, parent_id, position)

        self.run(work)

    def redo(self) -> None:
        self._move(self.target)

    def undo(self) -> None:
        self._move(self.source)


class AddItems(BookCommand):
    """Add items (documents, excerpts, notes, blocks) to a section at a position."""

    def __init__(self, apply: Apply, ids: IdMap, section_id: int, items: list[dict], position: int | None,
                 text: str = "Add to book"):
        super().__init__(apply, ids, text)
        self.section_id, self.items, self.position = section_id, items, position
        self.first_ids: list[int] | None = None
        self.on_added: Callable[[list[int]], None] | None = None

    def redo(self) -> None:
        section, items, position = self.section_id, copy.deepcopy(self.items), self.position

        def work(store: Store) -> list[int]:
            new = books.add_items(store, self.ids.now("section", section), items, position)
            if self.first_ids is None:
                self.first_ids = new
            else:
                for first, current in zip(self.first_ids, new):
                    self.ids.moved("item", first, current)
            if self.on_added is not None:
                self.on_added(new)
            return new

        self.run(work)

    def undo(self) -> None:
        def work(store: Store) -> None:
            with store.atomic():
                for first in self.first_ids or []:
                    books.delete_item(store, self.ids.now("item", first))

        self.run(work)


def snapshot_item(item: dict) -> dict:
    """An item as add_items takes it."""
    fields = {k: item.get(k) for k in books.ITEM_FIELDS if item.get(k) is not None}
    return {"kind": item["kind"], **fields}


class DeleteItem(BookCommand):
    def __init__(self, apply: Apply, ids: IdMap, item: dict, section_id: int, position: int):
        super().__init__(apply, ids, "Delete item")
        self.item_id, self.section_id, self.position = item["id"], section_id, position
        self.record = snapshot_item(item)

    def redo(self) -> None:
        ident = self.item_id
        self.run(lambda store: books.delete_item(store, self.ids.now("item", ident)))

    def undo(self) -> None:
        record, section, position, ident = dict(self.record), self.section_id, self.position, self.item_id

        def work(store: Store) -> list[int]:
            new = books.add_items(store, self.ids.now("section", section), [record], position)
            self.ids.moved("item", ident, new[0])
            return new

        self.run(work)


class AddSection(BookCommand):
    def __init__(self, apply: Apply, ids: IdMap, book_id: int, title: str, parent_id: int | None, position: int | None):
        super().__init__(apply, ids, "Add section")
        self.book_id, self.title, self.parent_id, self.position = book_id, title, parent_id, position
        self.first_id: int | None = None

    def redo(self) -> None:
        def work(store: Store) -> int:
            new = books.add_section(store, self.book_id, self.title, self.ids.now("section", self.parent_id),
                                    self.position)
            if self.first_id is None:
                self.first_id = new
            else:
                self.ids.moved("section", self.first_id, new)
            return new

        self.run(work)

    def undo(self) -> None:
        self.run(lambda store: books.delete_section(store, self.ids.now("section", self.first_id)))


class DeleteSection(BookCommand):
    """Delete a section with everything in it; undo rebuilds it, subsections and items included."""

    def __init__(self, apply: Apply, ids: IdMap, book_id: int, section: dict, position: int):
        super().__init__(apply, ids, "Delete section")
        self.book_id, self.section, self.position = book_id, copy.deepcopy(section), position

    def redo(self) -> None:
        ident = self.section["id"]
        self.run(lambda store: books.delete_section(store, self.ids.now("section", ident)))

    def undo(self) -> None:
        def rebuild(store: Store, section: dict, parent: int | None, position: int | None) -> None:
            new = books.add_section(store, self.book_id, section["title"], parent, position, section.get("role"))
            self.ids.moved("section", section["id"], new)
            items = section.get("items", [])
            if items:
                made = books.add_items(store, new, [snapshot_item(i) for i in items])
                for item, current in zip(items, made):
                    self.ids.moved("item", item["id"], current)
            for child in section.get("sections", []):
                rebuild(store, child, new, None)

        def work(store: Store) -> None:
            with store.atomic():
                rebuild(store, self.section, self.ids.now("section", self.section.get("parent_id")), self.position)

        self.run(work)
