"""Where books print a person, and their blocks pointed at the person kept after a merge.

A person is printed by a counterparts block that names them or that lists the
participants of a visit they took part in, and by a chronology block of their
meetings. Deleting someone a book prints is refused unless forced
(``where_printed`` says where); merging two people rewrites the blocks that
named the one removed (``retarget_blocks``), and the undo of the merge puts
them back (``restore_blocks``).
"""

from __future__ import annotations

import json
from typing import Any

from briefing.book.blocks import _event_id, check_block
from briefing.errors import BriefingError
from briefing.library.people_merge import MergeChange, merge_people, undo_merge
from briefing.library.store import Store


def _block_items(store: Store) -> list[dict[str, Any]]:
    return store.rows(
        "SELECT i.id, i.block, s.title AS section, b.id AS book_id, b.title AS book, b.event_id "
        "FROM book_items i JOIN book_sections s ON s.id = i.section_id JOIN books b ON b.id = s.book_id "
        "WHERE i.kind = 'block' AND i.block IS NOT NULL ORDER BY b.id, s.position, i.position"
    )


def _spec(text: str) -> dict[str, Any] | None:
    try:
        return check_block(text)
    except BriefingError:
        return None  # a block that cannot be read prints no one


def _names(ref: Any, person: dict[str, Any]) -> bool:
    return str(ref) == str(person["id"]) or (person.get("slug") is not None and ref == person["slug"])


def where_printed(store: Store, person_id: int) -> list[str]:
    """Each book and section whose blocks print the person, e.g. "book 'Visit to Baku' (#3), section 'Counterparts'"."""
    person = store.one("SELECT id, slug FROM people WHERE id = ?", [person_id])
    if person is None:
        return []
    events = {r["event_id"] for r in store.rows("SELECT event_id FROM event_people WHERE person_id = ?", [person_id])}
    places: list[str] = []
    for item in _block_items(store):
        spec = _spec(item["block"])
        if spec is None:
            continue
        printed = False
        if spec["type"] == "counterparts":
            if spec.get("people"):
                printed = any(_names(ref, person) for ref in spec["people"])
            else:
                printed = _event_id(store, spec.get("event", "book"), item) in events
        elif spec["type"] == "chronology" and spec.get("person") is not None:
            printed = _names(spec["person"], person)
        place = f"book {item['book']!r} (#{item['book_id']}), section {item['section']!r}"
        if printed and place not in places:
            places.append(place)
    return places


def retarget_blocks(store: Store, keep_id: int, other: dict[str, Any]) -> list[dict[str, Any]]:
    """Blocks that name ``other`` (a person's snapshot) name ``keep_id`` instead; returns each
    item's block before and after, for ``restore_blocks``."""
    edits: list[dict[str, Any]] = []
    for item in _block_items(store):
        spec = _spec(item["block"])
        if spec is None:
            continue
        changed = False
        if spec["type"] == "counterparts" and spec.get("people"):
            people = [keep_id if _names(ref, other) else ref for ref in spec["people"]]
            changed = people != spec["people"]
            spec["people"] = list(dict.fromkeys(people))
        if spec["type"] == "chronology" and spec.get("person") is not None and _names(spec["person"], other):
            spec["person"], changed = keep_id, True
        if changed:
            after = json.dumps(spec, ensure_ascii=False, sort_keys=True)
            store.execute("UPDATE book_items SET block = ? WHERE id = ?", [after, item["id"]])
            edits.append({"item_id": item["id"], "before": item["block"], "after": after})
    return edits


def restore_blocks(store: Store, edits: list[dict[str, Any]]) -> None:
    """Put back the blocks ``retarget_blocks`` rewrote (those still there)."""
    for edit in edits:
        store.execute("UPDATE book_items SET block = ? WHERE id = ?", [edit["before"], edit["item_id"]])


def merge_people_in_books(store: Store, keep_id: int, other_id: int) -> MergeChange:
    """``people_merge.merge_people`` with the books' blocks pointed at the person kept."""
    return merge_people(store, keep_id, other_id, also=retarget_blocks)


def undo_people_merge(store: Store, change: MergeChange) -> int:
    """Undo ``merge_people_in_books``: both people and the blocks as they were; returns the removed one's id now."""
    return undo_merge(store, change, also_undo=restore_blocks)
