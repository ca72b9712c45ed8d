"""Visits, meetings and other events, with their participants and documents.

An event is made, changed and deleted by hand here, each in one transaction
returning a ``RecordChange`` of complete snapshots (``event_snapshot``: the
row, participants, documents and programme); ``put_event`` writes one back.
The programme's items are kept by ``programme``.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from briefing.errors import BriefingError, NotFound
from briefing.library.programme import PROGRAMME_FIELDS, check_within, programme_of
from briefing.library.records import (
    RecordChange,
    check_date,
    check_span,
    close_names,
    did_you_mean,
    free_slug,
    text_or_none,
)
from briefing.library.store import Store

EVENT_KINDS = ("visit", "meeting", "call", "conference", "signing")
EVENT_FIELDS = ("title", "kind", "start_date", "end_date", "place", "time_zone", "summary")
# where an event is used, for a refused deletion: e.g. ["book 'Visit to Baku'"]
InUse = Callable[[Store, int], list[str]]


class EventInUse(BriefingError):
    """A deletion refused because a book is for the event; ``places`` says which."""

    def __init__(self, message: str, places: list[str]):
        super().__init__(message)
        self.places = places


def add_event(
    store: Store,
    event: Mapping[str, Any],
    *,
    people: Iterable[int] = (),
    documents: Iterable[int] = (),
) -> int:
    row = {k: event.get(k) for k in ("slug", "title", "kind", "start_date", "end_date", "place", "summary")}
    row["kind"] = row["kind"] or "visit"
    row["end_date"] = row["end_date"] or row["start_date"]
    with store.atomic() as db:
        event_id = db["events"].insert(row).last_pk
        for person_id in people:
            db.execute("INSERT OR IGNORE INTO event_people (event_id, person_id) VALUES (?, ?)", [event_id, person_id])
        for doc_id in documents:
            link_document(store, event_id, doc_id)
    return event_id


def link_document(store: Store, event_id: int, doc_id: int) -> None:
    store.execute("INSERT OR IGNORE INTO event_documents (event_id, document_id) VALUES (?, ?)", [event_id, doc_id])


def event_on(store: Store, date: str | None) -> int | None:
    """The event under way on ``date`` (YYYY-MM-DD), when exactly one is."""
    if not date or len(date) < 10:
        return None
    found = store.rows(
        "SELECT id FROM events WHERE start_date <= ? AND coalesce(end_date, start_date) >= ?", [date, date]
    )
    return found[0]["id"] if len(found) == 1 else None


def get_event(store: Store, event_id: int) -> dict:
    """The event's fields with ``people``, ``documents`` and ``programme`` (numbered from 1)."""
    event = store.one("SELECT * FROM events WHERE id = ?", [event_id])
    if event is None:
        raise NotFound(f"no event with id {event_id}")
    event["people"] = store.rows(
        "SELECT p.id, p.name, p.role, p.country FROM people p JOIN event_people ep ON ep.person_id = p.id "
        "WHERE ep.event_id = ? ORDER BY p.name",
        [event_id],
    )
    event["documents"] = store.rows(
        "SELECT d.id, d.title, d.kind, d.date, d.instrument FROM documents d "
        "JOIN event_documents ed ON ed.document_id = d.id WHERE ed.event_id = ? ORDER BY d.kind, d.id",
        [event_id],
    )
    event["programme"] = programme_of(store, event_id)
    return event


def list_events(store: Store) -> list[dict]:
    """Every event, newest first, with how many people, documents and programme items it has."""
    return store.rows(
        "SELECT e.*, (SELECT count(*) FROM event_people WHERE event_id = e.id) AS people_count, "
        "(SELECT count(*) FROM event_documents WHERE event_id = e.id) AS document_count, "
        "(SELECT count(*) FROM programme_items WHERE event_id = e.id) AS programme_count "
        "FROM events e ORDER BY e.start_date DESC, e.id DESC"
    )


def find_event(store: Store, ref: str) -> int:
    """An event by id, slug or exact title; an unknown one names the titles spelt most like it."""
    if ref.isdigit() and store.scalar("SELECT id FROM events WHERE id = ?", [int(ref)]):
        return int(ref)
    found = store.rows("SELECT id FROM events WHERE slug = ? OR title = ?", [ref, ref])
    if len(found) > 1:
        raise BriefingError(f"several visits are titled {ref!r}; give the id ({', '.join(str(r['id']) for r in found)})")
    if not found:
        choices = {r["title"]: f"{r['title']} (#{r['id']})" for r in store.rows("SELECT id, title FROM events")}
        raise NotFound(f"no visit or event {ref!r}{did_you_mean(close_names(ref, choices))}")
    return found[0]["id"]


# ---------------------------------------------------------------- checks


def check_time_zone(name: str | None) -> str | None:
    """An IANA time zone name (Asia/Baku, Europe/London, UTC), or None."""
    name = text_or_none(name)
    if name is None:
        return None
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zones = {z: z for z in zoneinfo.available_timezones()}
        raise BriefingError(f"unknown time zone {name!r} (a name like Asia/Baku){did_you_mean(close_names(name, zones))}"
                            ) from None
    return name


def _checked(fields: Mapping[str, Any], current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The event's row after ``fields`` are applied to ``current`` (None: a new event), checked."""
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise BriefingError(f"a visit has no field {', '.join(sorted(unknown))}")
    row = {k: text_or_none(v) for k, v in fields.items()}
    merged = {**(current or {}), **row}
    if not merged.get("title"):
        raise BriefingError("a visit needs a title")
    merged["kind"] = merged.get("kind") or "visit"
    if merged["kind"] not in EVENT_KINDS:
        raise BriefingError(f"unknown kind {merged['kind']!r}; expected one of {', '.join(EVENT_KINDS)}")
    if not merged.get("start_date"):
        raise BriefingError("a visit needs its first day (--start)")
    check_date(merged["start_date"], "the start")
    check_date(merged.get("end_date"), "the end")
    if current is None or "start_date" in row:
        merged["end_date"] = merged.get("end_date") or merged["start_date"]
    check_span(merged["start_date"], merged["end_date"], f"the visit {merged['title']!r}")
    check_time_zone(merged.get("time_zone"))
    return {k: merged.get(k) for k in EVENT_FIELDS}


def _require(store: Store, table: str, ids: Iterable[int], what: str) -> list[int]:
    wanted = list(dict.fromkeys(int(i) for i in ids))
    missing = [i for i in wanted if not store.scalar(f"SELECT 1 FROM {table} WHERE id = ?", [i])]
    if missing:
        raise NotFound(f"no {what} with id {', '.join(str(i) for i in missing)}")
    return wanted


# ---------------------------------------------------------------- edits


def event_snapshot(store: Store, event_id: int) -> dict[str, Any]:
    """Everything an undo needs to put the event back as it is now."""
    row = store.one("SELECT * FROM events WHERE id = ?", [event_id])
    if row is None:
        raise NotFound(f"no visit or event with id {event_id}")
    row["people"] = store.rows("SELECT person_id, role FROM event_people WHERE event_id = ? ORDER BY person_id",
                               [event_id])
    row["documents"] = [r["document_id"] for r in store.rows(
        "SELECT document_id FROM event_documents WHERE event_id = ? ORDER BY document_id", [event_id])]
    row["programme"] = store.rows(
        f"SELECT {', '.join(PROGRAMME_FIELDS)} FROM programme_items WHERE event_id = ? ORDER BY starts, id", [event_id])
    return row


def create_event(
    store: Store,
    fields: Mapping[str, Any],
    *,
    people: Iterable[int] = (),
    documents: Iterable[int] = (),
) -> RecordChange:
    """A new visit or meeting (title, kind, start_date, end_date, place, time_zone, summary) with
    its participants and documents (ids)."""
    row = _checked(fields)
    with store.atomic():
        person_ids = _require(store, "people", people, "person")
        doc_ids = _require(store, "documents", documents, "document")
        row["slug"] = free_slug(store, "events", f"{row['title']} {row['start_date']}")
        event_id = store.db["events"].insert(row).last_pk
        for person_id in person_ids:
            store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id) VALUES (?, ?)", [event_id, person_id])
        for doc_id in doc_ids:
            link_document(store, event_id, doc_id)
        after = event_snapshot(store, event_id)
    return RecordChange("event", event_id, None, after)


def update_event(store: Store, event_id: int, changes: Mapping[str, Any]) -> RecordChange:
    """Change the fields given; new dates must still hold every programme item."""
    with store.atomic():
        before = event_snapshot(store, event_id)
        row = _checked(changes, {k: before[k] for k in EVENT_FIELDS})
        for item in before["programme"]:
            check_within(item["starts"], row)
        store.db["events"].update(event_id, row)
        after = event_snapshot(store, event_id)
    return RecordChange("event", event_id, before, after)


def change_participants(store: Store, event_id: int, *, add: Iterable[int] = (), remove: Iterable[int] = ()) -> RecordChange:
    """Add and remove participants (people's ids) in one step."""
    with store.atomic():
        before = event_snapshot(store, event_id)
        for person_id in _require(store, "people", add, "person"):
            store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id) VALUES (?, ?)", [event_id, person_id])
        for person_id in remove:
            store.execute("DELETE FROM event_people WHERE event_id = ? AND person_id = ?", [event_id, int(person_id)])
        after = event_snapshot(store, event_id)
    return RecordChange("event", event_id, before, after)


def link_documents(store: Store, event_id: int, doc_ids: Iterable[int]) -> RecordChange:
    """Link documents to the event (a link it already has is left as it is)."""
    with store.atomic():
        before = event_snapshot(store, event_id)
        for doc_id in _require(store, "documents", doc_ids, "document"):
            link_document(store, event_id, doc_id)
        after = event_snapshot(store, event_id)
    return RecordChange("event", event_id, before, after)


def unlink_documents(store: Store, event_id: int, doc_ids: Iterable[int]) -> RecordChange:
    """Unlink documents from the event; the documents stay in the library."""
    with store.atomic():
        before = event_snapshot(store, event_id)
        wanted = [int(i) for i in doc_ids]
        not_linked = [i for i in wanted if i not in before["documents"]]
        if not_linked:
            raise BriefingError(f"document {', '.join(str(i) for i in not_linked)} is not linked to "
                                f"{before['title']!r}")
        for doc_id in wanted:
            store.execute("DELETE FROM event_documents WHERE event_id = ? AND document_id = ?", [event_id, doc_id])
        after = event_snapshot(store, event_id)
    return RecordChange("event", event_id, before, after)


def books_for_event(store: Store, event_id: int) -> list[str]:
    """The books made for the event, as a refused deletion names them."""
    return [f"book {r['title']!r} (#{r['id']})" for r in store.rows(
        "SELECT id, title FROM books WHERE event_id = ? ORDER BY id", [event_id])]


def delete_event(store: Store, event_id: int, *, refuse_if: InUse | None = books_for_event) -> RecordChange:
    """Delete the event with its programme and links (its documents and people stay); refused,
    by default, while a book is for it (``refuse_if=None`` deletes anyway: the book keeps no visit)."""
    with store.atomic():
        before = event_snapshot(store, event_id)
        places = refuse_if(store, event_id) if refuse_if else []
        if places:
            raise EventInUse(f"{before['title']!r} is the visit of {'; '.join(places)}", places)
        before["books"] = [r["id"] for r in store.rows("SELECT id FROM books WHERE event_id = ?", [event_id])]
        store.execute("DELETE FROM events WHERE id = ?", [event_id])
    return RecordChange("event", event_id, before, None)


def put_event(store: Store, snapshot: Mapping[str, Any]) -> int:
    """Write a snapshot back (inside the caller's transaction): the row, people, documents,
    programme, and the books that were for it. Keeps the id unless another record took it."""
    row = {k: snapshot.get(k) for k in ("slug", *EVENT_FIELDS)}
    event_id = int(snapshot["id"])
    there = store.one("SELECT slug FROM events WHERE id = ?", [event_id])
    if there is not None and there["slug"] == row["slug"]:
        store.db["events"].update(event_id, row)
    else:
        if row["slug"] and store.scalar("SELECT 1 FROM events WHERE slug = ?", [row["slug"]]):
            row["slug"] = free_slug(store, "events", f"{row['title']} {row['start_date']}")
        event_id = store.db["events"].insert({**row, **({} if there else {"id": event_id})}).last_pk
    store.execute("DELETE FROM event_people WHERE event_id = ?", [event_id])
    for link in snapshot.get("people") or []:
        store.execute("INSERT OR IGNORE INTO event_people (event_id, person_id, role) SELECT ?, id, ? FROM people "
                      "WHERE id = ?", [event_id, link.get("role"), link["person_id"]])
    store.execute("DELETE FROM event_documents WHERE event_id = ?", [event_id])
    for doc_id in snapshot.get("documents") or []:
        store.execute("INSERT OR IGNORE INTO event_documents (event_id, document_id) SELECT ?, id FROM documents "
                      "WHERE id = ?", [event_id, doc_id])
    store.execute("DELETE FROM programme_items WHERE event_id = ?", [event_id])
    for item in snapshot.get("programme") or []:
        store.db["programme_items"].insert({**{k: item.get(k) for k in PROGRAMME_FIELDS}, "event_id": event_id})
    for book_id in snapshot.get("books") or []:
        store.execute("UPDATE books SET event_id = ? WHERE id = ? AND event_id IS NULL", [event_id, book_id])
    return event_id
