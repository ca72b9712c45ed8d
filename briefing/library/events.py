"""Visits, meetings and other events, with their participants and documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from briefing.errors import NotFound
from briefing.library.store import Store


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
    return event


def list_events(store: Store) -> list[dict]:
    return store.rows("SELECT * FROM events ORDER BY start_date DESC, id DESC")


def find_event(store: Store, ref: str) -> int:
    """An event by id, slug or exact title."""
    if ref.isdigit() and store.scalar("SELECT id FROM events WHERE id = ?", [int(ref)]):
        return int(ref)
    found = store.scalar("SELECT id FROM events WHERE slug = ? OR title = ?", [ref, ref])
    if found is None:
        raise NotFound(f"no visit or event {ref!r}")
    return found
