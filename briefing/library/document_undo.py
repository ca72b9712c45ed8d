"""What an edit, delete, merge or re-analysis of documents changed, kept so that it can be put back.

An ``Undo`` holds rows as they were before the operation: those it deleted,
those it changed, and the keys of those it added. ``restore()`` puts them
back in one transaction. The rows are plain values (JSON as they stand), so
the app can keep an ``Undo`` on its undo stack for as long as it likes.

A deleted row comes back under its own id when that id is free; when the
library gave it to a new row since, it comes back under a new one, and every
restored row that pointed at it points at the new id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError
from briefing.library.encryption import DATABASE_ERRORS
from briefing.library.note_index import index_missing_notes
from briefing.library.search_index import reindex_document, unindex_document
from briefing.library.store import Store

# each table an operation on documents may touch, with the columns that name a row
KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("id",),
    "document_parties": ("id",),
    "document_speakers": ("id",),
    "document_tags": ("document_id", "tag_id"),
    "event_documents": ("event_id", "document_id"),
    "annotations": ("id",),
    "book_items": ("id",),
    "figures": ("id",),
    "books": ("id",),
}
# a row is put back after the rows it points at
ORDER = tuple(KEYS)


@dataclass
class Undo:
    """Rows as they were before an operation, by table: deleted, changed, and the keys of rows added."""

    deleted: dict[str, list[dict]] = field(default_factory=dict)
    changed: dict[str, list[dict]] = field(default_factory=dict)
    added: dict[str, list[dict]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any(self.deleted.values()) or any(self.changed.values()) or any(self.added.values())

    def as_dict(self) -> dict[str, Any]:
        return {"deleted": self.deleted, "changed": self.changed, "added": self.added}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Undo:
        return cls(dict(data.get("deleted", {})), dict(data.get("changed", {})), dict(data.get("added", {})))

    def extend(self, other: Undo) -> None:
        """Add a later operation's rows (an operation done in several transactions, one document at a time)."""
        for mine, theirs in ((self.deleted, other.deleted), (self.changed, other.changed), (self.added, other.added)):
            for table, rows in theirs.items():
                mine.setdefault(table, []).extend(rows)


def _key(table: str, row: dict) -> tuple:
    return tuple(row[c] for c in KEYS[table])


def _where(table: str) -> str:
    return " AND ".join(f"{c} = ?" for c in KEYS[table])


class Recorder:
    """Writes on documents that remember the rows they touch, first state only.

    Call ``changing`` or ``deleting`` before the rows change, ``added`` after
    inserting; a row seen first as changed and then deleted is kept as deleted,
    with its first state; a row added and then deleted is forgotten.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.undo = Undo()
        # (table, key) -> "changed", "deleted", "added" or "replaced" (deleted, then made again)
        self._seen: dict[tuple[str, tuple], str] = {}

    def changing(self, table: str, where: str, params: Iterable[Any] = ()) -> list[dict]:
        """Remember the rows ``where`` selects before they change; returns them as they are."""
        rows = self.store.rows(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", list(params))
        for row in rows:
            if (table, _key(table, row)) not in self._seen:
                self._seen[(table, _key(table, row))] = "changed"
                self.undo.changed.setdefault(table, []).append(row)
        return rows

    def deleting(self, table: str, where: str, params: Iterable[Any] = ()) -> list[dict]:
        """Remember the rows ``where`` selects before they are deleted (by the caller or by a cascade)."""
        rows = self.store.rows(f"SELECT * FROM {table} WHERE {where} ORDER BY rowid", list(params))
        for row in rows:
            key = (table, _key(table, row))
            seen = self._seen.get(key)
            if seen in ("added", "replaced"):
                self.undo.added[table] = [r for r in self.undo.added[table] if _key(table, r) != key[1]]
                if seen == "added":
                    del self._seen[key]
                else:
                    self._seen[key] = "deleted"
            elif seen == "changed":
                first = next(r for r in self.undo.changed[table] if _key(table, r) == key[1])
                self.undo.changed[table].remove(first)
                self.undo.deleted.setdefault(table, []).append(first)
                self._seen[key] = "deleted"
            elif seen is None:
                self._seen[key] = "deleted"
                self.undo.deleted.setdefault(table, []).append(row)
        return rows

    def added(self, table: str, row: dict) -> None:
        """Remember a row the operation made (its key columns are enough).

        A row made under the key of one deleted earlier (a link written anew,
        an id SQLite gave again) is both: restoring removes it, then puts the
        old one back.
        """
        keys = {c: row[c] for c in KEYS[table]}
        if "document_id" in row:  # whose search row to make anew on restore
            keys["document_id"] = row["document_id"]
        seen = self._seen.get((table, _key(table, keys)))
        if seen in (None, "deleted"):
            self._seen[(table, _key(table, keys))] = "added" if seen is None else "replaced"
            self.undo.added.setdefault(table, []).append(keys)

    def links_changing(self, doc_id: int) -> None:
        """Remember a document's parties, speakers and tags before they are written anew."""
        for table in ("document_parties", "document_speakers", "document_tags"):
            self.deleting(table, "document_id = ?", [doc_id])

    def links_written(self, doc_id: int) -> None:
        """Remember a document's parties, speakers and tags as added, after they were written anew."""
        for table in ("document_parties", "document_speakers", "document_tags"):
            for row in self.store.rows(f"SELECT * FROM {table} WHERE document_id = ?", [doc_id]):
                self.added(table, row)


def restore(store: Store, undo: Undo) -> dict[int, int]:
    """Put back what an operation changed, in one transaction; returns {old document id: id now}.

    A row changed by the operation and deleted since stays deleted. Refused,
    with nothing written, when a document to restore is in the library again
    (the same content, or the same slug, imported since).
    """
    maps: dict[str, dict[int, int]] = {table: {} for table in KEYS}
    touched: set[int] = set()
    with store.atomic() as db:
        # a restored row may point at a document restored later in the same pass
        db.execute("PRAGMA defer_foreign_keys = ON")
        for table in reversed(ORDER):
            for keys in undo.added.get(table, []):
                if table == "documents":
                    unindex_document(db.conn, keys["id"])
                elif table.startswith("document_"):
                    touched.add(keys["document_id"])
                db.execute(f"DELETE FROM {table} WHERE {_where(table)}", list(_key(table, keys)))
        # documents changed first: a kept record gives back the slug it took from the one merged into it
        for row in undo.changed.get("documents", []):
            _write_back(store, "documents", {k: v for k, v in row.items() if k != "source_document_id"})
        restored: list[tuple[int, dict]] = []
        for table in ORDER:
            for row in undo.deleted.get(table, []):
                new_id = _put_back(store, table, _remapped(table, row, maps), maps)
                if table == "documents":
                    restored.append((new_id, row))
        for new_id, row in restored:  # a source restored after the document citing it, under a new id
            if row["source_document_id"] in maps["documents"]:
                db.execute("UPDATE documents SET source_document_id = ? WHERE id = ?",
                           [maps["documents"][row["source_document_id"]], new_id])
        for table in ORDER:
            for row in undo.changed.get(table, []):
                _write_back(store, table, _remapped(table, row, maps))
        for table in ORDER:
            for row in [*undo.deleted.get(table, []), *undo.changed.get(table, [])]:
                if table == "documents":
                    touched.add(maps["documents"].get(row["id"], row["id"]))
                elif table.startswith("document_"):
                    touched.add(maps["documents"].get(row["document_id"], row["document_id"]))
        for doc_id in sorted(touched):
            if store.scalar("SELECT 1 FROM documents WHERE id = ?", [doc_id]):
                reindex_document(store, doc_id)
        # annotations and book items put back or written back as they were: their notes are found again
        index_missing_notes(db.conn)
    return {old: maps["documents"].get(old, old) for old in (r["id"] for r in undo.deleted.get("documents", []))}


def _write_back(store: Store, table: str, row: dict) -> None:
    """A changed row's columns as they were (nothing, if the row is gone since)."""
    columns = [c for c in row if c not in KEYS[table]]
    if columns:
        store.execute(
            f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE {_where(table)}",
            [row[c] for c in columns] + list(_key(table, row)),
        )


def _put_back(store: Store, table: str, row: dict, maps: dict[str, dict[int, int]]) -> int:
    """Insert a deleted row again: under its own id when free, else under a new one (noted in ``maps``); returns its rowid."""
    row_id = row.get("id")
    try:
        if KEYS[table] == ("id",) and store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [row["id"]]):
            old = row.pop("id")
            maps[table][old] = _insert(store, table, row)
            return maps[table][old]
        return _insert(store, table, row, ignore=KEYS[table] != ("id",))
    except DATABASE_ERRORS as exc:  # IntegrityError, of sqlite3 or of SQLCipher's driver
        if table == "documents" and "UNIQUE" in str(exc):
            raise BriefingError(
                f"cannot restore document {row_id} “{row['title']}”: the library holds it again since"
            ) from exc
        raise


def _insert(store: Store, table: str, row: dict, *, ignore: bool = False) -> int:
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    return store.execute(
        f"{verb} INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    ).lastrowid


def _remapped(table: str, row: dict, maps: dict[str, dict[int, int]]) -> dict:
    """``row`` with the ids it points at changed to where those rows came back."""
    row = dict(row)
    documents = maps["documents"]
    for column in ("document_id", "source_document_id"):
        if row.get(column) in documents:
            row[column] = documents[row[column]]
    if table == "book_items":
        if row.get("annotation_ids") and maps["annotations"]:
            ids = json.loads(row["annotation_ids"])
            row["annotation_ids"] = json.dumps([maps["annotations"].get(i, i) for i in ids])
        if row.get("block") and documents:
            block = json.loads(row["block"])
            ref = block.get("document") if isinstance(block, dict) else None
            if isinstance(ref, int) and ref in documents:
                block["document"] = documents[ref]
                row["block"] = json.dumps(block, ensure_ascii=False)
    return row
