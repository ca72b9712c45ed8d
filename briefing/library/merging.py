"""Merging two records of one document (an import twice over, a file and its web page) into the one kept.

What the other record had moves to the kept one: annotations (anchored again
in the kept text), book items and the blocks naming it, links to events,
the records it is the source of (listed agreements, figures), parties,
speakers and tags. The kept record's details stay; those it lacks are taken
from the other, and the higher of the two markings holds. Then the other is
deleted. One transaction; ``Merged.undo`` puts it all back (``document_undo.restore``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from briefing.errors import BriefingError
from briefing.library.annotations import reanchor
from briefing.library.corrections import close_up, remove_documents
from briefing.library.document_undo import Recorder, Undo
from briefing.library.documents import USER_FIELDS, get_document, update_document
from briefing.library.markings import compare
from briefing.library.search_index import reindex_document
from briefing.library.store import Store
from briefing.library.usage import block_document

# details the kept record takes from the other when it has none
FILLED = ("date", "place", "language", "publisher", "author", "url", "summary", "instrument")


@dataclass
class Merged:
    """What a merge did: counts of what moved, the details filled in, the highlights whose passage is gone."""

    kept: int
    kept_title: str
    removed: int
    removed_title: str
    moved: dict[str, int] = field(default_factory=dict)
    filled: list[str] = field(default_factory=list)
    orphans: list[int] = field(default_factory=list)  # moved annotations not found in the kept text
    undo: Undo = field(default_factory=Undo)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kept": {"id": self.kept, "title": self.kept_title},
            "removed": {"id": self.removed, "title": self.removed_title},
            "moved": self.moved,
            "filled": self.filled,
            "orphans": self.orphans,
        }


def merge_documents(store: Store, keep_id: int, other_id: int) -> Merged:
    """Merge document ``other_id`` into ``keep_id`` and delete it; returns what moved and the undo."""
    if keep_id == other_id:
        raise BriefingError(f"document {keep_id} cannot be merged with itself")
    keep, other = get_document(store, keep_id), get_document(store, other_id)
    recorder = Recorder(store)
    merged = Merged(keep_id, keep["title"], other_id, other["title"], undo=recorder.undo)
    with store.atomic():
        recorder.changing("documents", "id = ?", [keep_id])
        _details(store, keep, other, merged)
        _links(store, recorder, keep, other, merged)
        _dependants(store, recorder, keep, other, merged)
        remove_documents(store, recorder, [other_id])
        if not keep["slug"] and other["slug"]:  # blocks and bundles that name the other by slug find the kept one
            store.execute("UPDATE documents SET slug = ? WHERE id = ?", [other["slug"], keep_id])
        reindex_document(store, keep_id)
    return merged


def _details(store: Store, keep: dict, other: dict, merged: Merged) -> None:
    """The kept record's empty details filled from the other's (not those the user emptied on purpose)."""
    kept_by_user = set(keep["user_fields"])
    changes = {
        name: other[name] for name in FILLED if not keep[name] and other[name] and name not in kept_by_user
    }
    if keep["kind"] != "agreement":
        changes.pop("instrument", None)
    merged.filled = list(changes)
    try:
        if compare(other["marking"], keep["marking"]) > 0:
            changes["marking"] = other["marking"]
    except BriefingError:  # a marking off the scale: the kept one stays
        pass
    source = keep["source_document_id"]
    if source == other["id"] or source is None:
        source = other["source_document_id"] if other["source_document_id"] != keep["id"] else None
    changes["source_document_id"] = source
    update_document(store, keep["id"], changes)
    user_set = kept_by_user | (set(other["user_fields"]) & set(merged.filled))
    store.execute(
        "UPDATE documents SET user_fields = ? WHERE id = ?",
        [json.dumps([name for name in USER_FIELDS if name in user_set]), keep["id"]],
    )


def _links(store: Store, recorder: Recorder, keep: dict, other: dict, merged: Merged) -> None:
    """Parties, speakers and tags of both on the kept record; its events too."""
    kept_by_user, other_by_user = set(keep["user_fields"]), set(other["user_fields"])
    if "parties" in kept_by_user:
        parties = keep["parties"]
    elif "parties" in other_by_user:
        parties = other["parties"]
        store.execute(
            "UPDATE documents SET user_fields = ? WHERE id = ?",
            [json.dumps([n for n in USER_FIELDS if n in kept_by_user | {"parties"}]), keep["id"]],
        )
    else:
        parties = _union(keep["parties"], other["parties"], lambda p: (p["name"], p.get("country")))
    speakers = _union(
        [{"name": s["name"], "person_id": s["person_id"]} for s in keep["speakers"]],
        [{"name": s["name"], "person_id": s["person_id"]} for s in other["speakers"]],
        lambda s: s["name"].casefold(),
    )
    tags = _union(keep["tags"], other["tags"], str.casefold)
    merged.moved.update(
        parties=len(parties) - len(keep["parties"]),
        speakers=len(speakers) - len(keep["speakers"]),
        tags=len(tags) - len(keep["tags"]),
    )
    recorder.links_changing(keep["id"])
    # by the user: the kept record's lists are the union the user asked for; the user-set
    # fields themselves were settled by _details and just above
    before = store.scalar("SELECT user_fields FROM documents WHERE id = ?", [keep["id"]])
    update_document(store, keep["id"], {}, parties=parties, speakers=speakers, tags=tags, by_user=True)
    store.execute("UPDATE documents SET user_fields = ? WHERE id = ?", [before, keep["id"]])
    recorder.links_written(keep["id"])
    events = store.rows(
        "SELECT event_id FROM event_documents WHERE document_id = ? "
        "AND event_id NOT IN (SELECT event_id FROM event_documents WHERE document_id = ?)",
        [other["id"], keep["id"]],
    )
    for row in events:
        store.execute("INSERT INTO event_documents (event_id, document_id) VALUES (?, ?)", [row["event_id"], keep["id"]])
        recorder.added("event_documents", {"event_id": row["event_id"], "document_id": keep["id"]})
    merged.moved["events"] = len(events)


def _union(first: list, second: list, key: Callable[[Any], Any]) -> list:
    """``first``, then what of ``second`` it lacks (by ``key``), in order."""
    union, seen = list(first), {key(x) for x in first}
    for x in second:
        if key(x) not in seen:
            seen.add(key(x))
            union.append(x)
    return union


def _dependants(store: Store, recorder: Recorder, keep: dict, other: dict, merged: Merged) -> None:
    """Annotations, book items, blocks and the records citing the other now name the kept record."""
    keep_id, other_id = keep["id"], other["id"]
    moved = [a["id"] for a in recorder.changing("annotations", "document_id = ?", [other_id])]
    recorder.changing("annotations", "document_id = ?", [keep_id])  # re-anchoring may touch them too
    store.execute("UPDATE annotations SET document_id = ? WHERE document_id = ?", [keep_id, other_id])
    orphans = set(reanchor(store, keep_id)["orphans"])
    merged.orphans = [a for a in moved if a in orphans]
    merged.moved["annotations"] = len(moved)
    items = recorder.changing("book_items", "document_id = ?", [other_id])
    store.execute("UPDATE book_items SET document_id = ? WHERE document_id = ?", [keep_id, other_id])
    slugs = {other["slug"]: other_id} if other["slug"] else {}
    reference = keep["slug"] or other["slug"] or keep_id  # the kept record takes the other's slug when it has none
    blocks, sections = 0, {item["section_id"] for item in items}
    for row in store.rows("SELECT id, section_id, block FROM book_items WHERE block IS NOT NULL"):
        if block_document(row["block"], slugs) == other_id:
            sections.add(row["section_id"])
            recorder.changing("book_items", "id = ?", [row["id"]])
            spec = json.loads(row["block"])
            spec["document"] = reference
            store.execute("UPDATE book_items SET block = ? WHERE id = ?", [json.dumps(spec, ensure_ascii=False), row["id"]])
            blocks += 1
    merged.moved.update(book_items=len(items), blocks=blocks)
    close_up(store, recorder, sorted(sections))  # stamps the books that changed
    derived = recorder.changing("documents", "source_document_id = ? AND id != ?", [other_id, keep_id])
    store.execute("UPDATE documents SET source_document_id = ? WHERE source_document_id = ? AND id != ?",
                  [keep_id, other_id, keep_id])
    figures = recorder.changing("figures", "source_document_id = ?", [other_id])
    store.execute("UPDATE figures SET source_document_id = ? WHERE source_document_id = ?", [keep_id, other_id])
    merged.moved.update(derived=len(derived), figures=len(figures))
