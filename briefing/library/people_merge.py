"""Two records of one person made one: a hand-made record and an import's, or two spellings.

``merge_people`` keeps one person and folds the other into them, in one
transaction: the other's name and spellings become spellings of the one
kept, fields the kept record lacks are taken from the other, roles are
joined, visits and the speakers of documents move over, and the other is
deleted. Books whose generated blocks named the other are the book layer's
to rewrite: it passes ``also``, run inside the same transaction.
``merge_speaker`` links the speakers of imported documents who go by a name
that is no one's record to a person, and keeps the name as a spelling.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError
from briefing.library.person_edits import clean_variants, person_snapshot, put_person
from briefing.library.records import RecordChange
from briefing.library.roles import put_roles
from briefing.library.store import Store

# rewrites what names the other person (kept id, other's snapshot) and returns what it changed
Also = Callable[[Store, int, dict[str, Any]], list[Any]]
# puts back what ``Also`` changed
AlsoUndo = Callable[[Store, list[Any]], None]
_FILLED = ("role", "organisation", "country", "biography", "address_form", "pronunciation")


@dataclass
class MergeChange:
    """A merge: the kept person before and after, the removed one as they were, and what ``also`` changed."""

    kept: RecordChange
    removed: RecordChange
    items: list[Any] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kept": self.kept.as_dict(), "removed": self.removed.as_dict(), "items": self.items}


def merge_people(store: Store, keep_id: int, other_id: int, *, also: Also | None = None) -> MergeChange:
    """Fold person ``other_id`` into ``keep_id`` (see the module docstring)."""
    if int(keep_id) == int(other_id):
        raise BriefingError("a person cannot be merged with themselves")
    with store.atomic():
        keep, other = person_snapshot(store, keep_id), person_snapshot(store, other_id)
        row = {k: other[k] for k in _FILLED if not keep.get(k) and other.get(k)}
        row["variants"] = json.dumps(
            clean_variants(keep["name"], [*keep["variants"], other["name"], *other["variants"]]), ensure_ascii=False)
        if keep.get("portrait") is None and other.get("portrait") is not None:
            store.execute("UPDATE portraits SET person_id = ? WHERE person_id = ?", [keep_id, other_id])
        for link in other["events"]:
            store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id, role) VALUES (?, ?, ?)",
                          [link["event_id"], keep_id, link["role"]])
        store.execute("UPDATE document_speakers SET person_id = ? WHERE person_id = ?", [keep_id, other_id])
        items = also(store, keep_id, other) if also else []
        store.execute("DELETE FROM people WHERE id = ?", [other_id])
        store.db["people"].update(keep_id, row)
        roles = [*keep["roles"]]
        for r in other["roles"]:
            if not any(k["role"] == r["role"] and k["organisation"] == r["organisation"] for k in roles):
                roles.append(r)
        if other["roles"] and roles != keep["roles"]:
            put_roles(store, keep_id, roles)
            if keep.get("role"):  # the kept record's current title stays the one printed
                store.execute("UPDATE people SET role = ?, organisation = ? WHERE id = ?",
                              [keep["role"], keep.get("organisation") or row.get("organisation"), keep_id])
        after = person_snapshot(store, keep_id)
    return MergeChange(RecordChange("person", keep_id, keep, after), RecordChange("person", other_id, other, None), items)


def undo_merge(store: Store, change: MergeChange, *, also_undo: AlsoUndo | None = None) -> int:
    """Put both people back as they were before the merge; returns the removed one's id now."""
    with store.atomic():
        assert change.removed.before is not None and change.kept.before is not None
        other_id = put_person(store, change.removed.before)
        put_person(store, change.kept.before)
        if also_undo and change.items:
            also_undo(store, change.items)
    return other_id


def speaker_names(store: Store, name: str) -> list[dict[str, Any]]:
    """The speakers of documents who go by exactly this name (Latin letters in any case), with their documents."""
    return store.rows("SELECT s.id, s.name, s.person_id, s.document_id FROM document_speakers s "
                      "WHERE s.name = ? COLLATE NOCASE ORDER BY s.document_id, s.position", [name.strip()])


def merge_speaker(store: Store, keep_id: int, name: str) -> RecordChange:
    """Link every speaker called ``name`` to person ``keep_id``; the name becomes one of their spellings."""
    with store.atomic():
        before = person_snapshot(store, keep_id)
        speakers = speaker_names(store, name)
        if not speakers:
            raise BriefingError(f"no person and no speaker of a document is called {name!r}")
        for s in speakers:
            store.execute("UPDATE document_speakers SET person_id = ? WHERE id = ?", [keep_id, s["id"]])
        variants = clean_variants(before["name"], [*before["variants"], *{s["name"] for s in speakers}])
        store.execute("UPDATE people SET variants = ? WHERE id = ?", [json.dumps(variants, ensure_ascii=False), keep_id])
        after = person_snapshot(store, keep_id)
    return RecordChange("person", keep_id, before, after)
