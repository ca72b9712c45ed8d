"""The user's corrections to documents: editing their details by hand, and deleting them.

Each returns what it did with an ``Undo`` (``briefing.library.document_undo``) that
``restore()`` puts back. An edit records the fields it sets as user-set, so
that no later import or re-analysis overwrites them. A delete is refused
for documents used in a book or holding annotations unless forced, and the
refusal (``DocumentInUse``) says where each is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from briefing.dates import is_partial_date
from briefing.errors import BriefingError, NotFound
from briefing.library.document_undo import Recorder, Undo
from briefing.library.documents import USER_FIELDS, get_document, update_document
from briefing.library.search_index import unindex_document
from briefing.library.store import Store, now
from briefing.library.usage import DocumentInUse, Usage, usages

# the fields edit_document takes as values; parties and tags come as lists
EDITABLE = tuple(name for name in USER_FIELDS if name not in ("parties", "tags"))
_REQUIRED = ("title", "kind")
_LANGUAGE = re.compile(r"[a-z]{2,3}")


@dataclass
class Edit:
    """What an edit changed: each field's old and new value, the user-set fields now, and its undo."""

    id: int
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    user_fields: list[str] = field(default_factory=list)
    undo: Undo = field(default_factory=Undo)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "changes": {k: {"old": old, "new": new} for k, (old, new) in self.changes.items()},
            "user_fields": self.user_fields,
        }


def _one_line(value: Any) -> str | None:
    """A typed value as one line of text; empty for none."""
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _checked_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise BriefingError(f"cannot edit {', '.join(unknown)}; the details are {', '.join(USER_FIELDS)}")
    values = {k: _one_line(v) for k, v in fields.items()}
    for name in _REQUIRED:
        if name in values and values[name] is None:
            raise BriefingError(f"a document needs a {name}")
    if values.get("date") and not is_partial_date(values["date"]):
        raise BriefingError(f"{values['date']!r} is not a date like 2024, 2024-03 or 2024-03-12")
    if values.get("language"):
        values["language"] = values["language"].lower()
        if not _LANGUAGE.fullmatch(values["language"]):
            raise BriefingError(f"{values['language']!r} is not a language code such as en, ru, kk or az")
    if values.get("instrument"):
        values["instrument"] = values["instrument"].lower()
    return values


def _checked_parties(parties: Iterable[Mapping[str, Any] | str]) -> list[dict]:
    checked = []
    for party in parties:
        party = {"name": party} if isinstance(party, str) else dict(party)
        name = _one_line(party.get("name"))
        if name is None:
            continue
        country = _one_line(party.get("country"))
        checked.append({"name": name, "country": country.upper() if country else None,
                        "signatory": _one_line(party.get("signatory"))})
    return checked


def known_country(store: Store, name: str) -> str | None:
    """The country the library most often gives a party of this name, if any (for a party typed by hand)."""
    return store.scalar(
        "SELECT country FROM document_parties WHERE name = ? AND country IS NOT NULL "
        "GROUP BY country ORDER BY count(*) DESC, country LIMIT 1",
        [name],
    )


def edit_document(
    store: Store,
    doc_id: int,
    fields: Mapping[str, Any],
    *,
    parties: Iterable[Mapping[str, Any] | str] | None = None,
    tags: Iterable[str] | None = None,
) -> Edit:
    """Correct a document's details by hand; returns what changed and how to undo it.

    ``fields`` holds any of ``EDITABLE`` (an empty value clears it; title and
    kind cannot be cleared); ``parties`` and ``tags``, when given, replace the
    document's lists (a party is a name or ``{"name", "country", "signatory"}``;
    a party without a country takes the one the library gives that name).
    Every field given becomes user-set, even one set to the value it had.
    """
    values = _checked_fields(fields)
    checked_parties = None
    if parties is not None:
        checked_parties = [
            p if p["country"] else {**p, "country": known_country(store, p["name"])} for p in _checked_parties(parties)
        ]
    before = get_document(store, doc_id)
    recorder = Recorder(store)
    with store.atomic():
        recorder.changing("documents", "id = ?", [doc_id])
        if checked_parties is not None:
            recorder.deleting("document_parties", "document_id = ?", [doc_id])
        if tags is not None:
            recorder.deleting("document_tags", "document_id = ?", [doc_id])
        update_document(store, doc_id, values, parties=checked_parties, tags=tags, by_user=True)
        for table, given in (("document_parties", checked_parties), ("document_tags", tags)):
            if given is not None:
                for row in store.rows(f"SELECT * FROM {table} WHERE document_id = ?", [doc_id]):
                    recorder.added(table, row)
    after = get_document(store, doc_id)
    changes = {k: (before[k], after[k]) for k in values if before[k] != after[k]}
    for key, names in (("parties", _party_names), ("tags", list)):
        if names(before[key]) != names(after[key]):
            changes[key] = (names(before[key]), names(after[key]))
    return Edit(doc_id, changes, after["user_fields"], recorder.undo)


def _party_names(parties: list[dict]) -> list[str]:
    return [p["name"] + (f" ({p['country']})" if p.get("country") else "") for p in parties]


@dataclass
class Deleted:
    """The documents deleted (each with where it was used) and how to undo it."""

    documents: list[Usage]
    undo: Undo

    def as_dict(self) -> dict[str, Any]:
        return {"deleted": [u.as_dict() for u in self.documents]}


def _marks(ids: list[int]) -> str:
    return ", ".join("?" for _ in ids)


def delete_documents(store: Store, ids: Iterable[int], *, force: bool = False) -> Deleted:
    """Delete documents, all in one transaction, with their links, annotations and book items.

    Refused with ``DocumentInUse`` when any is used in a book or holds
    annotations, unless ``force``; refused with ``NotFound`` naming every id
    not in the library. Figures and listed records citing a deleted document
    lose their source; the sections that held it close up.
    """
    ids = list(dict.fromkeys(ids))
    if not ids:
        return Deleted([], Undo())
    found = usages(store, ids)
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise NotFound(f"no document with id {', '.join(missing)}")
    in_use = [found[i] for i in ids if found[i].blocking]
    if in_use and not force:
        raise DocumentInUse(in_use)
    recorder = Recorder(store)
    with store.atomic():
        remove_documents(store, recorder, ids)
    return Deleted([found[i] for i in ids], recorder.undo)


def remove_documents(store: Store, recorder: Recorder, ids: list[int]) -> None:
    """Delete ``ids`` inside the caller's transaction, remembering every row the delete touches."""
    marks = _marks(ids)
    sections = [r["section_id"] for r in store.rows(
        f"SELECT DISTINCT section_id FROM book_items WHERE document_id IN ({marks})", ids)]
    # what the foreign keys will delete or set to null with the documents
    for table in ("document_parties", "document_speakers", "document_tags", "event_documents", "annotations",
                  "book_items"):
        recorder.deleting(table, f"document_id IN ({marks})", ids)
    recorder.changing("documents", f"source_document_id IN ({marks}) AND id NOT IN ({marks})", ids + ids)
    recorder.changing("figures", f"source_document_id IN ({marks})", ids)
    recorder.deleting("documents", f"id IN ({marks})", ids)
    store.execute(f"DELETE FROM documents WHERE id IN ({marks})", ids)
    for doc_id in ids:
        unindex_document(store.db.conn, doc_id)
    close_up(store, recorder, sections)


def close_up(store: Store, recorder: Recorder, sections: list[int]) -> None:
    """Positions 0, 1, 2... again in sections that lost items, and their books stamped as changed."""
    if not sections:
        return
    marks = _marks(sections)
    recorder.changing("book_items", f"section_id IN ({marks})", sections)
    for section_id in sections:
        items = store.rows("SELECT id, position FROM book_items WHERE section_id = ? ORDER BY position, id", [section_id])
        for position, item in enumerate(items):
            if item["position"] != position:
                store.execute("UPDATE book_items SET position = ? WHERE id = ?", [position, item["id"]])
    books = f"SELECT book_id FROM book_sections WHERE id IN ({marks})"
    recorder.changing("books", f"id IN ({books})", sections)
    store.execute(f"UPDATE books SET updated = ? WHERE id IN ({books})", [now(), *sections])
